"""The numbers of the clinician summary. Pure Python, no Django.

``summary_figures`` turns a person's records (the guidance engine's plain types, see
``apps.safety.guidance.data``) into what the summary shows for a date range:

- weeks counted back from the range's last day (the latest week is always a full
  seven days; the earliest may be shorter), each with its planned and finished
  sessions and the mood before and after its sessions;
- every PHQ-9 with its total and severity band (Kroenke, Spitzer & Williams 2001; bands
  as in DOMAIN.md: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe,
  20–27 severe) and the dates on which item 9 was answered above 0;
- every WHO-5 as its raw score (0–25) and its percentage (raw × 4, 0–100);
- the share of sessions after which mood rose, fell or stayed the same;
- the periods in which the guidance engine raised crisis support, seek professional,
  post-workout mood drop (with its factors) or overtraining risk, found by running the
  same rules as the app for every day of the range.

A session's mood pair is its before and after check-in; when it has more than one of a
kind, the latest-dated counts (the later-listed on equal dates), as DOMAIN.md settles.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import fmean

from apps.journal.scoring import phq9_band
from apps.safety.guidance import rules
from apps.safety.guidance.data import (
    CheckIn,
    GuidanceInput,
    GuidanceItem,
    Questionnaire,
    Session,
)

DEFAULT_WEEKS = 8
MAX_WEEKS = 16
WHO5_MULTIPLIER = 4
PHQ9_SELF_HARM_INDEX = 8  # item 9, 0-based

# The guidance the summary reports, in the contract table's order.
GUIDANCE_RULES: tuple[tuple[str, Callable[[GuidanceInput], GuidanceItem | None]], ...] = (
    ("crisis_support", rules.crisis_support),
    ("seek_professional", rules.seek_professional),
    ("post_workout_mood_drop", rules.post_workout_mood_drop),
    ("overtraining_risk", rules.overtraining_risk),
)
FACTOR_ORDER = ("fuel", "sleep", "stress", "load")
# The longest look-back of the rules above (deload blocks are not among them): sessions
# reach back 28 days for load and mood drops, check-ins 28 days for mood drops, and a
# PHQ-9 counts for seek_professional for 28 days.
SESSION_LOOKBACK_DAYS = rules.CHRONIC_LAST_DAY + 1
CHECKIN_LOOKBACK_DAYS = rules.MOOD_DROP_WINDOW_DAYS + 1
QUESTIONNAIRE_LOOKBACK_DAYS = max(rules.PHQ9_LOOKBACK_DAYS, rules.CRISIS_WINDOW_DAYS) + 1


def default_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 8 weeks, today included."""
    return today - dt.timedelta(days=DEFAULT_WEEKS * 7 - 1), today


@dataclass(frozen=True)
class Week:
    first: dt.date
    last: dt.date
    planned: int
    done: int
    before_mean: float | None
    after_mean: float | None
    rose: int
    fell: int
    same: int

    @property
    def pairs(self) -> int:
        return self.rose + self.fell + self.same


@dataclass(frozen=True)
class Phq9Point:
    date: dt.date
    total: int
    band_label: str
    item9: int

    @property
    def item9_above_zero(self) -> bool:
        return self.item9 > 0


@dataclass(frozen=True)
class Who5Point:
    date: dt.date
    raw: int

    @property
    def percentage(self) -> int:
        return self.raw * WHO5_MULTIPLIER


@dataclass(frozen=True)
class MoodShares:
    rose: int
    fell: int
    same: int

    @property
    def total(self) -> int:
        return self.rose + self.fell + self.same

    def percent(self, count: int) -> int:
        """A whole percentage of the compared sessions (0 when there are none)."""
        return round(100 * count / self.total) if self.total else 0


@dataclass(frozen=True)
class GuidancePeriod:
    code: str
    first: dt.date
    last: dt.date
    factors: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figures:
    start: dt.date
    end: dt.date
    weeks: tuple[Week, ...]
    phq9: tuple[Phq9Point, ...]
    who5: tuple[Who5Point, ...]
    mood_shares: MoodShares
    guidance: tuple[GuidancePeriod, ...]

    @property
    def item9_dates(self) -> tuple[dt.date, ...]:
        return tuple(p.date for p in self.phq9 if p.item9_above_zero)

    @property
    def planned(self) -> int:
        return sum(w.planned for w in self.weeks)

    @property
    def done(self) -> int:
        return sum(w.done for w in self.weeks)

    @property
    def has_data(self) -> bool:
        return bool(self.done or self.phq9 or self.who5 or self.mood_shares.total or self.guidance)


def week_bounds(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Seven-day weeks counted back from ``end``, oldest first; the first is clipped at
    ``start``."""
    bounds = []
    last = end
    while last >= start:
        first = max(start, last - dt.timedelta(days=6))
        bounds.append((first, last))
        last = first - dt.timedelta(days=1)
    return bounds[::-1]


def mood_pairs(
    sessions: Sequence[Session], checkins: Sequence[CheckIn]
) -> list[tuple[Session, int, int]]:
    """(session, mood before, mood after) for each session with both check-ins."""
    latest: dict[tuple[str, str], CheckIn] = {}
    for checkin in sorted(checkins, key=lambda c: c.date):  # stable: later-listed wins
        if checkin.session is not None and checkin.kind in ("before", "after"):
            latest[(checkin.session, checkin.kind)] = checkin
    pairs = []
    for session in sessions:
        before = latest.get((session.id, "before"))
        after = latest.get((session.id, "after"))
        if before is not None and after is not None:
            pairs.append((session, before.mood, after.mood))
    return pairs


def _mean(values: Sequence[int]) -> float | None:
    return round(fmean(values), 1) if values else None


def _week(
    first: dt.date,
    last: dt.date,
    planned: Sequence[dt.date],
    sessions: Sequence[Session],
    pairs: Sequence[tuple[Session, int, int]],
) -> Week:
    inside = [(before, after) for s, before, after in pairs if first <= s.date <= last]
    return Week(
        first=first,
        last=last,
        planned=sum(1 for day in planned if first <= day <= last),
        done=sum(1 for s in sessions if first <= s.date <= last),
        before_mean=_mean([before for before, _ in inside]),
        after_mean=_mean([after for _, after in inside]),
        rose=sum(1 for before, after in inside if after > before),
        fell=sum(1 for before, after in inside if after < before),
        same=sum(1 for before, after in inside if after == before),
    )


def _phq9_point(q: Questionnaire) -> Phq9Point:
    return Phq9Point(
        date=q.date,
        total=q.total,
        band_label=phq9_band(q.total)[1],
        item9=q.answers[PHQ9_SELF_HARM_INDEX] if len(q.answers) > PHQ9_SELF_HARM_INDEX else 0,
    )


class _Window:
    """Records sorted by date, sliced to a look-back window ending on a day."""

    def __init__(self, records: Sequence[Session | CheckIn | Questionnaire], days: int) -> None:
        self.records = sorted(records, key=lambda r: r.date)
        self.dates = [r.date for r in self.records]
        self.days = days

    def bounds(self, day: dt.date) -> tuple[int, int]:
        low = bisect.bisect_left(self.dates, day - dt.timedelta(days=self.days))
        return low, bisect.bisect_right(self.dates, day)

    def ending(self, day: dt.date) -> list[Session | CheckIn | Questionnaire]:
        low, high = self.bounds(day)
        return self.records[low:high]


def _sessions_for_day(window: _Window, day: dt.date) -> list[Session]:
    """The sessions the rules read on ``day``: the look-back window, plus the very first
    session (history length) and the three before the window (the hard-session streak)."""
    low, high = window.bounds(day)
    before = window.records[max(0, low - rules.HARD_SESSION_STREAK) : low]
    first = window.records[:1] if low > rules.HARD_SESSION_STREAK else []
    return [*first, *before, *window.records[low:high]]  # type: ignore[list-item]


def _reasons(item: GuidanceItem) -> tuple[str, ...]:
    details = item.details
    if item.code == "crisis_support":
        return ("phq9_item9",) if details.get("from_questionnaire") else ("checkin_self_harm",)
    if item.code == "seek_professional":
        found = []
        if "phq9_total" in details:
            found.append("phq9_total")
        if "logged_days" in details:
            found.append("persistent_low_mood")
        return tuple(found)
    if item.code == "overtraining_risk":
        found = []
        if "ratio" in details:
            found.append("load_jump")
        if "hard_sessions" in details:
            found.append("hard_sessions")
        return tuple(found)
    return ()


def guidance_periods(
    start: dt.date,
    last_day: dt.date,
    sessions: Sequence[Session],
    checkins: Sequence[CheckIn],
    questionnaires: Sequence[Questionnaire],
) -> list[GuidancePeriod]:
    """Runs of consecutive days on which each rule fired, from ``start`` to ``last_day``.

    Each day is evaluated exactly as the app would have on that day; a period's factors
    and reasons are those seen on any of its days, in the contract's order."""
    session_window = _Window(sessions, SESSION_LOOKBACK_DAYS)
    checkin_window = _Window(checkins, CHECKIN_LOOKBACK_DAYS)
    questionnaire_window = _Window(
        [q for q in questionnaires if q.kind == "phq9"], QUESTIONNAIRE_LOOKBACK_DAYS
    )
    periods: list[GuidancePeriod] = []
    open_runs: dict[str, GuidancePeriod] = {}
    day = start
    while day <= last_day:
        data = GuidanceInput(
            today=day,
            sessions=_sessions_for_day(session_window, day),
            checkins=checkin_window.ending(day),  # type: ignore[arg-type]
            questionnaires=questionnaire_window.ending(day),  # type: ignore[arg-type]
        )
        for code, rule in GUIDANCE_RULES:
            item = rule(data)
            run = open_runs.get(code)
            if item is None:
                if run is not None:
                    periods.append(open_runs.pop(code))
                continue
            if run is None:
                open_runs[code] = GuidancePeriod(code, day, day, item.factors, _reasons(item))
            else:
                open_runs[code] = GuidancePeriod(
                    code,
                    run.first,
                    day,
                    _union(run.factors, item.factors),
                    _union(run.reasons, _reasons(item)),
                )
        day += dt.timedelta(days=1)
    periods.extend(open_runs.values())
    order = [code for code, _ in GUIDANCE_RULES]
    return sorted(periods, key=lambda p: (p.first, order.index(p.code)))


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    merged = set(first) | set(second)
    known = [name for name in FACTOR_ORDER if name in merged]
    return (*known, *sorted(merged - set(FACTOR_ORDER)))


def summary_figures(
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    planned: Sequence[dt.date],
    sessions: Sequence[Session],
    checkins: Sequence[CheckIn],
    questionnaires: Sequence[Questionnaire],
) -> Figures:
    """Everything the summary shows for ``start``–``end``.

    ``sessions`` are finished sessions, ``checkins`` and ``questionnaires`` the person's
    records; they may reach before ``start`` (the guidance rules look back up to 28 days
    and need the first session ever) and are otherwise ignored outside the range.
    Guidance is evaluated up to ``today`` at the latest: nothing is predicted."""
    in_range = [s for s in sessions if start <= s.date <= end]
    pairs = mood_pairs(in_range, checkins)
    weeks = tuple(
        _week(first, last, planned, in_range, pairs) for first, last in week_bounds(start, end)
    )
    surveys = sorted((q for q in questionnaires if start <= q.date <= end), key=lambda q: q.date)
    phq9 = tuple(_phq9_point(q) for q in surveys if q.kind == "phq9")
    who5 = tuple(Who5Point(q.date, q.total) for q in surveys if q.kind == "who5")
    shares = MoodShares(
        rose=sum(w.rose for w in weeks),
        fell=sum(w.fell for w in weeks),
        same=sum(w.same for w in weeks),
    )
    guidance = guidance_periods(start, min(end, today), sessions, checkins, questionnaires)
    return Figures(
        start=start,
        end=end,
        weeks=weeks,
        phq9=phq9,
        who5=who5,
        mood_shares=shares,
        guidance=tuple(guidance),
    )
