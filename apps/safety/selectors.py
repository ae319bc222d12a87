"""Reads for the safety app.

``guidance_for_user`` builds the engine's plain input from the database in a constant
number of queries (four, whatever the length of the history), fetching only the windows
the rules read:

1. the latest readiness screen, with its latest clearance annotated;
2. finished sessions of the last 42 days (the longest window, deload_due's six weeks),
   plus the last three sessions ever (overtraining's RPE streak) and the very first one
   (history length and the first fortnight of training), picked by subqueries;
3. check-ins of the last 28 days, those linked to the sessions from (2), the
   before-check-ins of the first 14 days of training, and the last three
   before-check-ins ever (fuel_reminder);
4. PHQ-9 answers of the last 28 days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Subquery
from django.http import HttpRequest

from apps.accounts.models import User
from apps.journal.models import CheckIn as CheckInRow
from apps.journal.models import QuestionnaireResponse
from apps.safety.guidance import (
    CheckIn,
    GuidanceInput,
    GuidanceItem,
    Profile,
    Questionnaire,
    Session,
    evaluate,
)
from apps.safety.guidance import rules as r
from apps.safety.guidance.engine import evaluate_urgent
from apps.safety.models import (
    GuidanceResponse,
    MedicalClearance,
    ReadinessScreen,
    SafetyPlan,
    add_years,
)
from apps.workouts.models import WorkoutSession

# Guidance codes that hold load increases (DOMAIN.md: caution items change the plan).
PLAN_HOLDING_CODES = frozenset(
    {
        "post_workout_mood_drop",
        "overtraining_risk",
        "deload_due",
        "stop_and_seek_care",
        "postpartum_red_flag",
    }
)
# These hold "until the person confirms they have been checked" (not just for a while).
CHECK_REQUIRED_CODES = frozenset({"stop_and_seek_care", "postpartum_red_flag"})
# Codes whose triggers the person may confirm they have been checked for.
CONFIRMABLE_CODES = CHECK_REQUIRED_CODES
URGENT_CODES = frozenset({"crisis_support", "stop_and_seek_care"})

SESSION_WINDOW_DAYS = r.DELOAD_BLOCKS * r.DELOAD_BLOCK_DAYS - 1  # ages 0..41
CHECKIN_WINDOW_DAYS = max(
    r.MOOD_DROP_WINDOW_DAYS,
    r.CRISIS_WINDOW_DAYS,
    r.PELVIC_WINDOW_DAYS,
    r.LOW_MOOD_WINDOW_DAYS,
    r.EXPECTATIONS_MOOD_DAYS,
)
PHQ9_WINDOW_DAYS = max(r.PHQ9_LOOKBACK_DAYS, r.CRISIS_WINDOW_DAYS)
URGENT_WINDOW_DAYS = max(r.CRISIS_WINDOW_DAYS, r.WARNING_WINDOW_DAYS)

SESSION_FIELDS = ("id", "date", "duration_min", "session_rpe", "is_deload")
CHECKIN_FIELDS = (
    "id",
    "date",
    "kind",
    "session_id",
    "mood",
    "energy",
    "stress",
    "sleep_hours",
    "ate_recently",
    "warning_symptoms",
    "pelvic_symptoms",
    "self_harm_thoughts",
)


# --- readiness ------------------------------------------------------------------------
@dataclass(frozen=True)
class Readiness:
    """Where a person stands with the readiness screen on a given day."""

    screen: ReadinessScreen | None
    clearance_on: dt.date | None
    clearance_by: str
    today: dt.date

    @property
    def yes_topics(self) -> tuple[str, ...]:
        return self.screen.yes_topics if self.screen else ()

    @property
    def clearance_expires_on(self) -> dt.date | None:
        return add_years(self.clearance_on, 1) if self.clearance_on else None

    @property
    def clearance_valid(self) -> bool:
        expires = self.clearance_expires_on
        return (
            self.clearance_on is not None
            and expires is not None
            and self.clearance_on <= self.today < expires
        )

    @property
    def clearance_expired(self) -> bool:
        expires = self.clearance_expires_on
        return expires is not None and self.today >= expires

    @property
    def needs_clearance(self) -> bool:
        return bool(self.yes_topics) and not self.clearance_valid

    @property
    def due(self) -> bool:
        """The screen should be offered (again): never answered, answered more than 12
        months ago, or a clearance that has since expired."""
        if self.screen is None:
            return True
        return self.today >= self.screen.expires_on or (
            bool(self.yes_topics) and self.clearance_expired
        )


def readiness_screens_for(user: User) -> QuerySet[ReadinessScreen]:
    return ReadinessScreen.objects.filter(user=user)


def readiness_for(user: User, today: dt.date) -> Readiness:
    """The latest screen, and its latest clearance when it has a yes answer to clear (a
    clearance answers yes answers only): one query for most people, two at most."""
    screen = readiness_screens_for(user).order_by("-date", "-created_at", "-id").first()
    clearance = None
    if screen is not None and screen.yes_topics:
        clearance = (
            MedicalClearance.objects.filter(screen=screen)
            .order_by("-cleared_on", "-created_at")
            .values_list("cleared_on", "cleared_by")
            .first()
        )
    return Readiness(
        screen=screen,
        clearance_on=clearance[0] if clearance else None,
        clearance_by=clearance[1] if clearance else "",
        today=today,
    )


def readiness_answered(user: User) -> bool:
    """Whether any readiness screen exists (``settings.STEADY_READINESS_ANSWERED``: the
    programs app asks before a first enrollment)."""
    return readiness_screens_for(user).exists()


# --- the engine's input ---------------------------------------------------------------
def engine_sessions(rows: Iterable[dict[str, Any]]) -> list[Session]:
    """Session rows (``id, date, duration_min, session_rpe, is_deload``) as the guidance
    engine's input; the clinician summary reads them the same way."""
    return [
        Session(
            id=str(row["id"]),
            date=row["date"],
            duration_min=row["duration_min"],
            session_rpe=row["session_rpe"],
            deload=row["is_deload"],
        )
        for row in rows
    ]


def _checkin(row: dict[str, Any]) -> CheckIn:
    return CheckIn(
        date=row["date"],
        kind=row["kind"],
        mood=row["mood"],
        session=str(row["session_id"]) if row["session_id"] is not None else None,
        energy=row["energy"],
        stress=row["stress"],
        sleep_hours=Decimal(row["sleep_hours"]) if row["sleep_hours"] is not None else None,
        ate_recently=row["ate_recently"],
        warning_symptoms=tuple(row["warning_symptoms"] or ()),
        pelvic_symptoms=tuple(row["pelvic_symptoms"] or ()),
        self_harm_thoughts=row["self_harm_thoughts"],
        ref=f"checkin:{row['id']}",
    )


def _phq9s(user: User, today: dt.date, days: int) -> list[Questionnaire]:
    rows = (
        QuestionnaireResponse.objects.filter(
            user=user,
            kind=QuestionnaireResponse.Kind.PHQ9,
            date__range=(today - dt.timedelta(days=days), today),
        )
        .order_by("date", "created_at", "id")
        .values_list("id", "date", "answers")
    )
    return [
        Questionnaire(date=day, kind="phq9", answers=tuple(answers), ref=f"questionnaire:{pk}")
        for pk, day, answers in rows
    ]


def _finished_sessions(user: User, today: dt.date) -> QuerySet[WorkoutSession]:
    return WorkoutSession.objects.filter(user=user, finished_at__isnull=False, date__lte=today)


def guidance_input_for(
    user: User, today: dt.date, *, readiness: Readiness | None = None
) -> GuidanceInput:
    """The engine's input for ``user`` on ``today``: four queries, however long the
    history (three when ``readiness`` is passed in)."""
    if readiness is None:
        readiness = readiness_for(user, today)

    finished = _finished_sessions(user, today)
    last_three = finished.order_by("-date", "-started_at", "-id").values("pk")[
        : r.HARD_SESSION_STREAK
    ]
    first = finished.order_by("date", "started_at", "id").values("pk")[:1]
    session_rows = list(
        finished.filter(
            Q(date__gte=today - dt.timedelta(days=SESSION_WINDOW_DAYS))
            | Q(pk__in=Subquery(last_three))
            | Q(pk=Subquery(first))
        )
        .order_by("date", "started_at", "id")
        .values(*SESSION_FIELDS)
    )
    sessions = engine_sessions(session_rows)

    checkin_filter = Q(date__range=(today - dt.timedelta(days=CHECKIN_WINDOW_DAYS), today))
    if session_rows:
        checkin_filter |= Q(session_id__in=[row["id"] for row in session_rows])
        first_day = session_rows[0]["date"]
        checkin_filter |= Q(
            kind=CheckInRow.Kind.BEFORE,
            date__range=(first_day, first_day + dt.timedelta(days=r.EXPECTATIONS_MOOD_DAYS)),
        )
    last_befores = (
        CheckInRow.objects.filter(user=user, kind=CheckInRow.Kind.BEFORE, date__lte=today)
        .order_by("-date", "-created_at", "-id")
        .values("pk")[: r.FUEL_RECENT_BEFORE_CHECKINS]
    )
    checkin_filter |= Q(pk__in=Subquery(last_befores))
    checkin_rows = (
        CheckInRow.objects.filter(user=user, date__lte=today)
        .filter(checkin_filter)
        .order_by("date", "created_at", "id")
        .values(*CHECKIN_FIELDS)
    )

    return GuidanceInput(
        today=today,
        profile=Profile(
            country=user.country,
            postpartum_delivery_date=user.postpartum_delivery_date,
            readiness_yes=readiness.yes_topics,
            clearance_recorded=readiness.clearance_valid if readiness.screen else None,
        ),
        sessions=tuple(sessions),
        checkins=tuple(_checkin(row) for row in checkin_rows),
        questionnaires=tuple(_phq9s(user, today, PHQ9_WINDOW_DAYS)),
    )


def guidance_for_user(user: User, today: dt.date) -> list[GuidanceItem]:
    """Every guidance item that applies to ``user`` on ``today`` (four queries)."""
    return evaluate(guidance_input_for(user, today))


def urgent_guidance_for(user: User, today: dt.date) -> list[GuidanceItem]:
    """Only the urgent items (crisis support, stop and seek care), for the banner on
    every page: one query when nothing in the window could trigger them (nearly always),
    else the engine's own two queries and rules."""
    if not _urgent_candidates(user, today).exists():
        return []
    rows = (
        CheckInRow.objects.filter(
            user=user, date__range=(today - dt.timedelta(days=URGENT_WINDOW_DAYS), today)
        )
        .order_by("date", "created_at", "id")
        .values(*CHECKIN_FIELDS)
    )
    data = GuidanceInput(
        today=today,
        checkins=tuple(_checkin(row) for row in rows),
        questionnaires=tuple(_phq9s(user, today, r.CRISIS_WINDOW_DAYS)),
    )
    return evaluate_urgent(data)


def _urgent_candidates(user: User, today: dt.date) -> QuerySet[Any]:
    """The rows an urgent rule could fire on, in the rules' own windows: check-ins of
    the last 14 days that report thoughts of self-harm or of the last 7 days that list a
    warning symptom, and PHQ-9s of the last 14 days with item 9 above 0. With none, no
    urgent item applies; with some, the rules decide."""

    def since(days: int) -> dt.date:  # "the last N days": ages 0 to N - 1
        return today - dt.timedelta(days=days - 1)

    checkins = CheckInRow.objects.filter(
        Q(self_harm_thoughts=True)
        | (~Q(warning_symptoms=[]) & Q(date__gte=since(r.WARNING_WINDOW_DAYS))),
        user=user,
        # The longer window outside the OR, so the (user, date) index bounds the scan.
        date__range=(since(max(r.CRISIS_WINDOW_DAYS, r.WARNING_WINDOW_DAYS)), today),
    )
    phq9s = QuestionnaireResponse.objects.filter(
        user=user,
        kind=QuestionnaireResponse.Kind.PHQ9,
        date__range=(since(r.CRISIS_WINDOW_DAYS), today),
        **{f"answers__{r.PHQ9_SELF_HARM_ITEM - 1}__gte": r.PHQ9_SELF_HARM_MIN},
    )
    return checkins.values("date").union(phq9s.values("date"), all=True)


# --- responses: acknowledgements and "I have been checked" ----------------------------
@dataclass(frozen=True)
class Responses:
    """Which triggers the person has acknowledged or confirmed being checked for."""

    acknowledged: frozenset[tuple[str, str]] = frozenset()
    checked: frozenset[tuple[str, str]] = frozenset()
    checked_at: dict[str, dt.datetime] = field(default_factory=dict)

    def open_refs(self, item: GuidanceItem, *, kinds: Sequence[str]) -> list[str]:
        seen: set[tuple[str, str]] = set()
        if "acknowledged" in kinds:
            seen |= self.acknowledged
        if "checked" in kinds:
            seen |= self.checked
        return [ref for ref in item.refs if (item.code, ref) not in seen]

    def is_acknowledged(self, item: GuidanceItem) -> bool:
        """All of the item's triggers have been acknowledged (or confirmed checked). An
        item without named triggers can never be acknowledged."""
        return bool(item.refs) and not self.open_refs(item, kinds=("acknowledged", "checked"))

    def is_checked(self, item: GuidanceItem) -> bool:
        return bool(item.refs) and not self.open_refs(item, kinds=("checked",))


def responses_for(user: User, items: Iterable[GuidanceItem]) -> Responses:
    """The person's responses to the triggers of ``items``: one query, none if no item
    names a trigger."""
    refs = {ref for item in items for ref in item.refs}
    if not refs:
        return Responses()
    acknowledged: set[tuple[str, str]] = set()
    checked: set[tuple[str, str]] = set()
    checked_at: dict[str, dt.datetime] = {}
    rows = GuidanceResponse.objects.filter(user=user, ref__in=sorted(refs)).values_list(
        "code", "kind", "ref", "created_at"
    )
    for code, kind, ref, created_at in rows:
        if kind == GuidanceResponse.Kind.CHECKED:
            checked.add((code, ref))
            if code not in checked_at or created_at > checked_at[code]:
                checked_at[code] = created_at
        else:
            acknowledged.add((code, ref))
    return Responses(frozenset(acknowledged), frozenset(checked), checked_at)


def plan_hold_codes(user: User, today: dt.date) -> set[str]:
    """Active guidance codes that hold progression for ``user`` on ``today``.

    DOMAIN.md: post_workout_mood_drop, overtraining_risk and deload_due hold load
    increases while they are active; stop_and_seek_care and postpartum_red_flag hold them
    until the person confirms they have been checked. Five queries, whatever the history.
    """
    items = [i for i in guidance_for_user(user, today) if i.code in PLAN_HOLDING_CODES]
    responses = responses_for(user, [i for i in items if i.code in CHECK_REQUIRED_CODES])
    return _still_holding(items, responses)


def _still_holding(items: Sequence[GuidanceItem], responses: Responses) -> set[str]:
    return {
        item.code
        for item in items
        if item.code in PLAN_HOLDING_CODES
        and (item.code not in CHECK_REQUIRED_CODES or not responses.is_checked(item))
    }


# --- per-request cache ----------------------------------------------------------------
_REQUEST_CACHE = "_steady_guidance_cache"


def _cache(request: HttpRequest) -> dict[tuple[Any, ...], Any]:
    cache: dict[tuple[Any, ...], Any] | None = getattr(request, _REQUEST_CACHE, None)
    if cache is None:
        cache = {}
        setattr(request, _REQUEST_CACHE, cache)
    return cache


def request_readiness(request: HttpRequest, user: User, today: dt.date) -> Readiness:
    """``readiness_for`` at most once per request."""
    cache = _cache(request)
    key = ("readiness", user.pk, today)
    if key not in cache:
        cache[key] = readiness_for(user, today)
    result: Readiness = cache[key]
    return result


def request_guidance(request: HttpRequest, user: User, today: dt.date) -> list[GuidanceItem]:
    """``guidance_for_user`` computed at most once per request."""
    cache = _cache(request)
    key = ("all", user.pk, today)
    if key not in cache:
        readiness = request_readiness(request, user, today)
        cache[key] = evaluate(guidance_input_for(user, today, readiness=readiness))
    result: list[GuidanceItem] = cache[key]
    return result


def request_urgent_guidance(request: HttpRequest, user: User, today: dt.date) -> list[GuidanceItem]:
    """Urgent items for the banner: reuses the full evaluation when this request already
    made one (the Today page), else runs the two-query urgent-only evaluation."""
    cache = _cache(request)
    full = cache.get(("all", user.pk, today))
    if full is not None:
        return [i for i in full if i.code in URGENT_CODES]
    key = ("urgent", user.pk, today)
    if key not in cache:
        cache[key] = urgent_guidance_for(user, today)
    result: list[GuidanceItem] = cache[key]
    return result


def request_responses(request: HttpRequest, user: User, items: Sequence[GuidanceItem]) -> Responses:
    cache = _cache(request)
    refs = frozenset(ref for i in items for ref in i.refs)
    for key, value in cache.items():
        # Responses already fetched for a superset of these triggers answer this too.
        if key[0] == "responses" and key[1] == user.pk and refs <= key[2]:
            found: Responses = value
            return found
    result = responses_for(user, items)
    cache[("responses", user.pk, refs)] = result
    return result


def request_plan_hold_codes(request: HttpRequest, user: User, today: dt.date) -> set[str]:
    """``plan_hold_codes`` reusing this request's guidance evaluation (the Today page has
    already made it for its safety panel)."""
    items = [i for i in request_guidance(request, user, today) if i.code in PLAN_HOLDING_CODES]
    checked = [i for i in items if i.code in CHECK_REQUIRED_CODES]
    return _still_holding(items, request_responses(request, user, checked))


# --- programs -------------------------------------------------------------------------
# The gentlest shipped program (2 days a week, about 20 minutes; apps.programs catalog).
GENTLEST_PROGRAM_SLUG = "low-energy-20"


def gentlest_program_id() -> int | None:
    """The shipped program offered to people who start before being cleared."""
    from apps.programs.models import Program

    return (
        Program.objects.filter(slug=GENTLEST_PROGRAM_SLUG, owner__isnull=True)
        .values_list("pk", flat=True)
        .first()
    )


# --- safety plan ----------------------------------------------------------------------
def safety_plan_for(user: User) -> SafetyPlan | None:
    return SafetyPlan.objects.filter(user=user).first()
