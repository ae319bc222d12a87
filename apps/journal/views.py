"""Journal screens: check-ins, questionnaires, the timeline and insights.

Every journal response is ``Cache-Control: no-store`` (``never_cache``), every page sets
``hx-history="false"`` (templates/journal/_layout.html) so HTMX keeps no copy of mood data
in localStorage, and every POST is hidden from error reports (``sensitive_post_parameters``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.http import AuthedHttpRequest
from apps.core.http import safe_next_url, with_next
from apps.core.links import row_url
from apps.core.params import LARGEST_PAGE, int_param
from apps.journal import charts, scoring, selectors, services
from apps.journal.forms import QUESTIONNAIRES, CheckInForm, QuestionnaireForm
from apps.journal.insights import insights_for, sessions_without_checkins
from apps.journal.models import CheckIn, QuestionnaireResponse
from apps.workouts.models import WorkoutSession

CHART_RANGES: dict[str, tuple[int, str]] = {
    "6w": (42, "6 weeks"),
    "3m": (91, "3 months"),
    "1y": (365, "1 year"),
}
DEFAULT_RANGE = "6w"
PROMPT_SNOOZE_KEY = "journal_phq9_prompt_snoozed_until"
PROMPT_SNOOZE_DAYS = 7
PHQ9_TABLE_ROWS = 6  # about three months at one every two weeks


View = Callable[..., HttpResponse]


def journal_view(view: View) -> View:
    """Signed in only, never cached, and no POSTed value in any error report."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, **kwargs)

    return login_required(never_cache(sensitive_post_parameters()(wrapped)))


def _after_save(request: HttpRequest, checkin: CheckIn, next_url: str) -> HttpResponse:
    if checkin.self_harm_thoughts:
        messages.info(
            request,
            "Thank you for telling us. You don't have to carry this alone: the people "
            "below are there to listen, right now.",
        )
        return redirect("safety:crisis")
    if checkin.warning_symptoms:
        messages.error(
            request,
            "Saved. The symptom you noted needs a doctor's check before you train again. "
            "If it is severe or happening now, call your emergency number.",
        )
    elif checkin.pelvic_symptoms:
        messages.warning(
            request,
            "Saved. Please have these symptoms checked by a pelvic-health physiotherapist "
            "or your doctor before you make your training harder.",
        )
    else:
        messages.success(request, "Check-in saved.")
    return redirect(next_url or reverse("journal:timeline"))


# --- Timeline -------------------------------------------------------------------------


class DateLabels:
    """Dates written as the ``date`` filter writes them, with each weekday's and month's
    name translated once per page instead of once per date."""

    def __init__(self) -> None:
        self.weekdays = [str(WEEKDAYS_ABBR[number]) for number in range(7)]
        self.months = {number: str(name).title() for number, name in MONTHS_3.items()}

    def short(self, day: dt.date) -> str:
        """``date:"D j M"``: "Thu 5 Mar"."""
        return f"{self.weekdays[day.weekday()]} {day.day} {self.months[day.month]}"

    def full(self, day: dt.date) -> str:
        """``date:"D j M Y"``: "Thu 5 Mar 2026"."""
        return f"{self.short(day)} {day.year}"

    def plain(self, day: dt.date) -> str:
        """``date:"j M Y"``: "5 Mar 2026"."""
        return f"{day.day} {self.months[day.month]} {day.year}"


def _timeline_entries(
    page: selectors.TimelinePage, labels: DateLabels
) -> list[tuple[selectors.TimelineEntry, str, str]]:
    """(entry, ISO date, written date) for each entry of the page."""
    return [(entry, entry.date.isoformat(), labels.full(entry.date)) for entry in page.entries]


def _prompt_snoozed(request: HttpRequest, today: dt.date) -> bool:
    until = request.session.get(PROMPT_SNOOZE_KEY, "")
    try:
        return dt.date.fromisoformat(until) >= today
    except (TypeError, ValueError):
        return False


@journal_view
def timeline(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    number = int_param(request.GET.get("page"), minimum=1, maximum=LARGEST_PAGE) or 1
    page = selectors.timeline_page(user, number)
    labels = DateLabels()
    context: dict[str, Any] = {
        "section": "journal",
        "page": page,
        "entries": _timeline_entries(page, labels),
        # Every entry links to its own page: the id goes after these.
        "checkin_url": row_url("journal:checkin_detail"),
        "questionnaire_url": row_url("journal:questionnaire_detail"),
    }
    if request.htmx and number > 1:
        # htmx focuses [autofocus] in swapped content: keyboard and screen-reader users
        # carry on from the first of the entries just loaded.
        context["focus_first"] = True
        return render(request, "journal/timeline.html#entries", context)

    today = user.local_today()
    range_key = request.GET.get("range", DEFAULT_RANGE)
    if range_key not in CHART_RANGES:
        range_key = DEFAULT_RANGE
    days, _label = CHART_RANGES[range_key]
    start = today - dt.timedelta(days=days - 1)
    points = selectors.checkin_points(user, since=start)
    phq9, last_check = selectors.depression_checks(user)
    # The chart shows every PHQ-9; the table under it the latest few unless asked for all,
    # so the page stays the same size however many years of answers there are.
    shown = len(phq9) if request.GET.get("phq9") == "all" else PHQ9_TABLE_ROWS
    context |= {
        "today": today,
        "range_key": range_key,
        "ranges": [(key, label) for key, (_d, label) in CHART_RANGES.items()],
        "mood_chart": charts.mood_chart(points, start, today),
        "mood_rows": [
            (row.date.isoformat(), labels.short(row.date), row.daily_text, row.sessions_text)
            for row in charts.mood_table(points)
        ],
        "phq9_chart": charts.phq9_chart(phq9),
        "phq9_rows": [
            (day.isoformat(), labels.plain(day), total, scoring.phq9_band(total)[1])
            for day, total in reversed(phq9[-shown:])
        ],
        "phq9_total": len(phq9),
        "phq9_hidden": len(phq9) > shown,
        "phq9_due": scoring.phq9_due(last_check, today) and not _prompt_snoozed(request, today),
        "phq9_first": last_check is None,
        "checked_in_today": any(p.date == today for p in points),
    }
    return render(request, "journal/timeline.html", context)


@journal_view
@require_POST
def prompt_dismiss(request: AuthedHttpRequest) -> HttpResponse:
    """Hide the PHQ-9 prompt for a week: it is an offer, never a demand."""
    until = request.user.local_today() + dt.timedelta(days=PROMPT_SNOOZE_DAYS)
    request.session[PROMPT_SNOOZE_KEY] = until.isoformat()
    if request.htmx:
        return render(request, "journal/timeline.html#prompt_dismissed", {})
    messages.info(request, "Okay. The questionnaire is here whenever you'd like it.")
    return redirect("journal:timeline")


# --- Check-ins ------------------------------------------------------------------------


def _requested_session(request: AuthedHttpRequest) -> WorkoutSession | None:
    raw = request.POST.get("session") or request.GET.get("session") or ""
    if not raw:
        return None
    pk = int_param(raw)
    if pk is None:
        raise Http404("No such session.")
    return get_object_or_404(selectors.sessions_for(request.user), pk=pk)


def _checkin_form_page(
    request: AuthedHttpRequest,
    *,
    form: CheckInForm,
    kind: str,
    session: WorkoutSession | None,
    next_url: str,
    checkin: CheckIn | None,
    status: int = 200,
) -> HttpResponse:
    before = None
    if kind == CheckIn.Kind.AFTER and session is not None:
        before = selectors.checkin_for_session(request.user, session, CheckIn.Kind.BEFORE)
    context = {
        "section": "journal",
        "form": form,
        "kind": kind,
        "kind_label": CheckIn.Kind(kind).label,
        "session": session,
        "checkin": checkin,
        "before": before,
        "next_url": next_url,
        "skip_url": next_url or reverse("journal:timeline"),
    }
    return render(request, "journal/checkin_form.html", context, status=status)


@journal_view
@require_http_methods(["GET", "POST"])
def checkin_create(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    kind = request.POST.get("kind") or request.GET.get("kind") or CheckIn.Kind.DAILY
    if kind not in CheckIn.Kind.values:
        kind = CheckIn.Kind.DAILY
    session = _requested_session(request) if kind != CheckIn.Kind.DAILY else None
    next_url = safe_next_url(request)
    if session is not None:
        existing = selectors.checkin_for_session(user, session, kind)
        if existing is not None and request.method == "GET":
            return redirect(
                with_next(reverse("journal:checkin_edit", args=[existing.pk]), next_url)
            )
    today = user.local_today()
    postpartum = user.is_postpartum_on(today)
    if request.method == "POST":
        form = CheckInForm(request.POST, kind=kind, postpartum=postpartum, today=today)
        if form.is_valid():
            checkin, _created = services.checkin_create(
                user=user,
                kind=kind,
                session=session,
                answers=form.answers(),
                client_id=form.cleaned_data.get("client_id"),
            )
            return _after_save(request, checkin, next_url)
        return _checkin_form_page(
            request,
            form=form,
            kind=kind,
            session=session,
            next_url=next_url,
            checkin=None,
            status=422,
        )
    form = CheckInForm(
        initial={"client_id": uuid.uuid4(), "date": today},
        kind=kind,
        postpartum=postpartum,
        today=today,
    )
    return _checkin_form_page(
        request, form=form, kind=kind, session=session, next_url=next_url, checkin=None
    )


@journal_view
def checkin_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    checkin = get_object_or_404(
        selectors.checkins_for(request.user).select_related("session"), pk=pk
    )
    return render(
        request, "journal/checkin_detail.html", {"section": "journal", "checkin": checkin}
    )


@journal_view
@require_http_methods(["GET", "POST"])
def checkin_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    checkin = get_object_or_404(selectors.checkins_for(user).select_related("session"), pk=pk)
    next_url = safe_next_url(request)
    today = user.local_today()
    postpartum = user.is_postpartum_on(today) or bool(checkin.pelvic_symptoms)
    if request.method == "POST":
        form = CheckInForm(request.POST, kind=checkin.kind, postpartum=postpartum, today=today)
        if form.is_valid():
            services.checkin_update(checkin=checkin, answers=form.answers())
            return _after_save(request, checkin, next_url)
        status = 422
    else:
        form = CheckInForm(
            initial=CheckInForm.initial_from(checkin),
            kind=checkin.kind,
            postpartum=postpartum,
            today=today,
        )
        status = 200
    return _checkin_form_page(
        request,
        form=form,
        kind=checkin.kind,
        session=checkin.session,
        next_url=next_url,
        checkin=checkin,
        status=status,
    )


@journal_view
@require_http_methods(["GET", "POST"])
def checkin_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    checkin = get_object_or_404(selectors.checkins_for(request.user), pk=pk)
    if request.method == "POST":
        services.checkin_delete(checkin=checkin)
        messages.success(request, "Check-in deleted.")
        return redirect("journal:timeline")
    return render(
        request, "journal/checkin_delete.html", {"section": "journal", "checkin": checkin}
    )


# --- Questionnaires -------------------------------------------------------------------


@journal_view
@require_http_methods(["GET", "POST"])
def questionnaire_create(request: AuthedHttpRequest, kind: str) -> HttpResponse:
    if kind not in QUESTIONNAIRES:
        raise Http404("No such questionnaire.")
    spec = QUESTIONNAIRES[kind]
    user = request.user
    screen = None
    from_pk = request.POST.get("from") or request.GET.get("from") or ""
    if kind == QuestionnaireResponse.Kind.PHQ9 and from_pk:
        if int_param(from_pk) is None:
            raise Http404("No such screen.")
        screen = get_object_or_404(
            selectors.questionnaires_for(user).filter(kind=QuestionnaireResponse.Kind.PHQ2),
            pk=int_param(from_pk),
        )
    status = 200
    if request.method == "POST":
        form = QuestionnaireForm(request.POST, items=spec["items"], options=spec["options"])
        if form.is_valid():
            response = services.questionnaire_submit(
                user=user, kind=kind, answers=form.answers(), replaces=screen
            )
            if response.crisis_support:
                messages.info(
                    request,
                    "Thank you for answering honestly. You don't have to carry this alone: "
                    "the people below are there to listen, right now.",
                )
                return redirect("safety:crisis")
            return redirect("journal:questionnaire_detail", pk=response.pk)
        status = 422
    else:
        initial = {}
        if screen is not None:
            initial = {f"q{n}": str(v) for n, v in enumerate(screen.answers, 1)}
        form = QuestionnaireForm(initial=initial, items=spec["items"], options=spec["options"])
    context = {
        "section": "journal",
        "kind": kind,
        "spec": spec,
        "form": form,
        "screen": screen,
        "notice": scoring.PHQ9_NOTICE if kind in ("phq9", "phq2") else "",
    }
    return render(request, "journal/questionnaire_form.html", context, status=status)


@journal_view
def questionnaire_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(selectors.questionnaires_for(request.user), pk=pk)
    previous = selectors.previous_questionnaire(response)
    context: dict[str, Any] = {
        "section": "journal",
        "response": response,
        "previous": previous,
        "notice": scoring.PHQ9_NOTICE,
        "result": response.result,
        "answered": scoring.answer_labels(response.kind, response.answers),
        "bands": scoring.phq9_band_ranges(),
    }
    if response.kind == QuestionnaireResponse.Kind.WHO5 and previous is not None:
        change, meaningful = scoring.who5_change(previous.total * 4, response.total * 4)
        context |= {
            "who5_change": change,
            "who5_change_abs": abs(change),
            "who5_meaningful": meaningful,
        }
    return render(request, "journal/questionnaire_detail.html", context)


@journal_view
@require_http_methods(["GET", "POST"])
def questionnaire_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(selectors.questionnaires_for(request.user), pk=pk)
    if request.method == "POST":
        services.questionnaire_delete(response=response)
        messages.success(request, "Questionnaire result deleted.")
        return redirect("journal:timeline")
    return render(
        request,
        "journal/questionnaire_delete.html",
        {"section": "journal", "response": response},
    )


# --- Insights -------------------------------------------------------------------------


@journal_view
def insights(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    checkins, sessions = selectors.checkin_points(user), selectors.session_points(user)
    found = insights_for(checkins, sessions)
    context = {
        "section": "insights",
        "insights": found,
        "any_shown": any(insight.shown for insight in found),
        "unchecked_sessions": sessions_without_checkins(checkins, sessions),
    }
    return render(request, "journal/insights.html", context)
