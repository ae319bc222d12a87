"""Schedule maths: which workout falls on which local date. Pure Python, no Django.

``PlannedSession`` is the contract other apps read (workouts starts sessions from it,
reminders and the calendar feed list them).

How a schedule works
--------------------
- Sessions fall on the person's chosen weekdays, from the start date on.
- The program is a fixed number of sessions (``length_weeks × sessions_per_week``); the
  workout days rotate A, B, C, A, B, C… across sessions, so a three-day program with two
  workout days alternates ABA / BAB.
- Program weeks count *sessions*, not calendar weeks: week 2 is sessions 4–6 of a
  three-day program. That way a pause never costs a week of the plan.
- A pause covers ``[start, end)``: its days are not training days at all, so they are
  never "missed" and the rotation resumes exactly where it left off.
- Days without a session are rest days. A session that simply did not happen is not
  marked as anything: the plan moves on (DOMAIN.md, "Forgiving").
- "Today" is the person's local date (``local_date``), never the server's.

Week modifiers (deloads, effort that rises over the weeks) are data (``WeekPlan``) read
from ``ProgramWeek`` rows; ``apply_week`` turns a prescription into that week's version.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# RPE on the reps-in-reserve scale (Zourdos 2016; Helms 2016): RPE 10 = 0 reps left.
RPE_MIN = Decimal("1")
RPE_MAX = Decimal("10")

# Looking further ahead than this for "the next session" means something is wrong.
_SEARCH_LIMIT_DAYS = 3660


@dataclass(frozen=True)
class PlannedSession:
    enrollment_id: int
    program_id: int
    workout_day_id: int
    day: dt.date
    week_number: int
    is_deload: bool
    name: str
    minutes: int
    # Added by the programs app (defaults keep the original contract intact).
    session_number: int = 0  # 1-based position in the whole program
    total_sessions: int = 0
    total_weeks: int = 0
    program_name: str = ""
    focus: str = ""
    week_note: str = ""
    # The week's modifiers, when the plan that placed the session already holds them
    # (so its prescriptions need not fetch the week again).
    week: WeekPlan | None = field(default=None, compare=False, repr=False)

    @property
    def short_name(self) -> str:
        """A calendar-cell label: "A" for "Session A", "Walk" for "Walk"."""
        last = self.name.split()[-1] if self.name.split() else ""
        return last if len(last) <= 2 else self.name[:4]


@dataclass(frozen=True)
class EffectivePrescription:
    """A prescription as it applies on one date: week modifiers and swaps applied."""

    prescription_id: int | None
    exercise_id: int
    order: int
    sets: int
    reps_low: int | None
    reps_high: int | None
    seconds: int | None
    target_rpe_low: Decimal
    target_rpe_high: Decimal
    rest_seconds: int
    notes: str
    # Added by the programs app (defaults keep the original contract intact).
    exercise_name: str = ""
    exercise_slug: str = ""
    measure: str = "load"
    equipment: str = ""
    load_increment_kg: Decimal = Decimal("2.5")
    swapped_from_exercise_id: int | None = None
    swapped_from_name: str = ""
    swap_id: int | None = None
    swap_scope: str = ""
    movement_pattern: str = ""
    # Two entries of a day with the same group are a superset (custom programs only).
    superset_group: int | None = None

    @property
    def is_swapped(self) -> bool:
        return self.swapped_from_exercise_id is not None

    @property
    def amount_text(self) -> str:
        """ "3 sets × 8–12 reps", "2 sets × 30 seconds", or with the movement known
        "walk 30 minutes", "2 sets, hold 45 seconds each"."""
        sets = f"{self.sets} set{'s' if self.sets != 1 else ''}"
        if self.reps_low is not None:
            high = self.reps_high if self.reps_high is not None else self.reps_low
            reps = f"{self.reps_low}" if high == self.reps_low else f"{self.reps_low}–{high}"
            return f"{sets} × {reps} reps"
        if self.movement_pattern:
            doing = duration_text(self.seconds or 0, self.movement_pattern)
            return doing.capitalize() if self.sets == 1 else f"{sets}, {doing} each"
        return f"{sets} × {duration_text(self.seconds or 0)}"

    @property
    def effort_text(self) -> str:
        """Target effort with its plain meaning: "effort 6–7 of 10 (about 3–4 reps left)"."""
        return effort_text(
            self.target_rpe_low, self.target_rpe_high, reps_based=self.reps_low is not None
        )

    @property
    def rest_text(self) -> str:
        return f"rest {duration_text(self.rest_seconds)}"


@dataclass(frozen=True)
class Pause:
    """A pause covering ``[start, end)``; ``end`` is None while still paused."""

    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class WeekPlan:
    """How one program week changes prescriptions (Bell et al. 2024 for deloads)."""

    number: int
    is_deload: bool = False
    set_multiplier: Decimal = Decimal("1")
    extra_reps_in_reserve: int = 0
    rpe_shift: Decimal = Decimal("0")
    note: str = ""


@dataclass(frozen=True)
class ScheduleSpec:
    start: dt.date
    weekdays: frozenset[int]
    sessions_per_week: int
    length_weeks: int
    workout_day_count: int
    pauses: tuple[Pause, ...] = field(default=())

    @property
    def total_sessions(self) -> int:
        return self.length_weeks * self.sessions_per_week


@dataclass(frozen=True)
class Slot:
    """One planned session: its date, 0-based index, program week and rotation position."""

    day: dt.date
    index: int
    week_number: int
    rotation: int


# --- Time ------------------------------------------------------------------------------


def local_date(moment: dt.datetime, zone_name: str) -> dt.date:
    """The calendar date of ``moment`` on the person's own clock (IANA zone name)."""
    if moment.tzinfo is None:
        raise ValueError("local_date needs an aware datetime")
    return moment.astimezone(zoneinfo.ZoneInfo(zone_name)).date()


def week_start_for(day: dt.date, week_start: int) -> dt.date:
    """The first day of the week containing ``day`` (week_start: 0 = Monday, 6 = Sunday)."""
    return day - dt.timedelta(days=(day.weekday() - week_start) % 7)


# --- Weekdays ----------------------------------------------------------------------------


def back_to_back_pairs(weekdays: Iterable[int]) -> list[tuple[int, int]]:
    """Chosen weekdays that follow each other, Sunday → Monday included.

    Full-body sessions train the same muscles, which need about 48 hours between
    sessions (ACSM 2009), so these pairs are not allowed for full-body programs.
    """
    chosen = sorted(set(weekdays))
    pairs = [(day, (day + 1) % 7) for day in chosen if (day + 1) % 7 in chosen]
    return pairs if len(chosen) > 1 else []


def weekdays_text(weekdays: Iterable[int]) -> str:
    names = [WEEKDAY_NAMES[day] for day in sorted(set(weekdays))]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --- Counting ----------------------------------------------------------------------------


def merge_pauses(pauses: Iterable[Pause]) -> tuple[Pause, ...]:
    """Sorted, non-overlapping pauses (an open pause swallows everything after it)."""
    merged: list[Pause] = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.end is not None and pause.end <= pause.start:
            continue  # paused and resumed on the same day: nothing was paused
        if merged:
            last = merged[-1]
            if last.end is None:
                break
            if pause.start <= last.end:
                end = None if pause.end is None else max(last.end, pause.end)
                merged[-1] = Pause(last.start, end)
                continue
        merged.append(pause)
    return tuple(merged)


def count_weekdays(first: dt.date, stop: dt.date, weekdays: frozenset[int]) -> int:
    """How many dates in ``[first, stop)`` fall on ``weekdays``."""
    if stop <= first:
        return 0
    full_weeks, remainder = divmod((stop - first).days, 7)
    count = full_weeks * len(weekdays)
    for offset in range(remainder):
        if (first + dt.timedelta(days=offset)).weekday() in weekdays:
            count += 1
    return count


def is_paused(day: dt.date, pauses: Sequence[Pause]) -> bool:
    return any(pause.covers(day) for pause in pauses)


def sessions_before(spec: ScheduleSpec, day: dt.date) -> int:
    """Training days (not paused) from the start date up to, not including, ``day``."""
    if day <= spec.start:
        return 0
    count = count_weekdays(spec.start, day, spec.weekdays)
    for pause in merge_pauses(spec.pauses):
        first = max(pause.start, spec.start)
        stop = day if pause.end is None else min(pause.end, day)
        count -= count_weekdays(first, stop, spec.weekdays)
    return count


def _slot(spec: ScheduleSpec, day: dt.date, index: int) -> Slot:
    return Slot(
        day=day,
        index=index,
        week_number=index // spec.sessions_per_week + 1,
        rotation=index % spec.workout_day_count,
    )


def _valid(spec: ScheduleSpec) -> bool:
    return bool(spec.weekdays) and spec.sessions_per_week > 0 and spec.workout_day_count > 0


def slot_on(spec: ScheduleSpec, day: dt.date) -> Slot | None:
    """The session planned on ``day``, or None for a rest day, a paused day or after the end."""
    if not _valid(spec) or day < spec.start or day.weekday() not in spec.weekdays:
        return None
    pauses = merge_pauses(spec.pauses)
    if is_paused(day, pauses):
        return None
    index = sessions_before(spec, day)
    if index >= spec.total_sessions:
        return None
    return _slot(spec, day, index)


def slots_between(spec: ScheduleSpec, first: dt.date, last: dt.date) -> list[Slot]:
    """Every planned session from ``first`` to ``last`` inclusive, in date order."""
    if not _valid(spec):
        return []
    day = max(first, spec.start)
    pauses = merge_pauses(spec.pauses)
    index = sessions_before(spec, day)
    slots: list[Slot] = []
    while day <= last and index < spec.total_sessions:
        if day.weekday() in spec.weekdays and not is_paused(day, pauses):
            slots.append(_slot(spec, day, index))
            index += 1
        day += dt.timedelta(days=1)
    return slots


def next_slot_after(spec: ScheduleSpec, day: dt.date) -> Slot | None:
    """The first session strictly after ``day``; None when paused with no end, or finished."""
    if not _valid(spec):
        return None
    pauses = merge_pauses(spec.pauses)
    candidate = max(day + dt.timedelta(days=1), spec.start)
    index = sessions_before(spec, candidate)
    for _ in range(_SEARCH_LIMIT_DAYS):
        if index >= spec.total_sessions:
            return None
        open_pause = next((p for p in pauses if p.end is None and p.start <= candidate), None)
        if open_pause is not None:
            return None
        if candidate.weekday() in spec.weekdays and not is_paused(candidate, pauses):
            return _slot(spec, candidate, index)
        candidate += dt.timedelta(days=1)
    return None


def last_session_day(spec: ScheduleSpec) -> dt.date | None:
    """The date of the final session, or None while an open pause holds the plan."""
    pauses = merge_pauses(spec.pauses)
    if not _valid(spec) or any(p.end is None for p in pauses):
        return None
    remaining = spec.total_sessions
    day = spec.start
    while remaining > 0:
        if day.weekday() in spec.weekdays and not is_paused(day, pauses):
            remaining -= 1
            if remaining == 0:
                return day
        day += dt.timedelta(days=1)
    return None


def sessions_done_share(spec: ScheduleSpec, today: dt.date) -> tuple[int, int]:
    """(sessions planned before today, total sessions) for a progress line."""
    return min(sessions_before(spec, today), spec.total_sessions), spec.total_sessions


# --- Week modifiers --------------------------------------------------------------------


def week_plan(weeks: dict[int, WeekPlan], number: int) -> WeekPlan:
    """The week's modifiers; a week without a row changes nothing."""
    return weeks.get(number) or WeekPlan(number=number)


def _clamp_rpe(value: Decimal) -> Decimal:
    return min(RPE_MAX, max(RPE_MIN, value))


def scaled_sets(sets: int, multiplier: Decimal) -> int:
    """Sets after a week's multiplier, rounded half up, never below one.

    Deload weeks use about 0.6 (≈40% fewer sets; Bell et al., Sports Med Open 2024):
    3 sets → 2, 2 sets → 1, 4 sets → 2.
    """
    scaled = (Decimal(sets) * multiplier).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return max(1, int(scaled))


def apply_week(rx: EffectivePrescription, week: WeekPlan) -> EffectivePrescription:
    """The prescription for one program week.

    Sets scale by ``set_multiplier``; target RPE moves by ``rpe_shift`` and drops by the
    extra reps in reserve (RPE on the reps-in-reserve scale: 2 more reps left = RPE − 2;
    Zourdos 2016, Helms 2016). Frequency and exercises never change (Bell et al. 2024).
    """
    shift = week.rpe_shift - week.extra_reps_in_reserve
    return replace(
        rx,
        sets=scaled_sets(rx.sets, week.set_multiplier),
        target_rpe_low=_clamp_rpe(rx.target_rpe_low + shift),
        target_rpe_high=_clamp_rpe(rx.target_rpe_high + shift),
    )


def fit_to_measure(rx: EffectivePrescription, measure: str) -> EffectivePrescription:
    """Keep a swapped-in exercise sensible: timed moves get a time, rep moves get reps."""
    if measure == "timed" and rx.seconds is None:
        return replace(rx, reps_low=None, reps_high=None, seconds=30)
    if measure != "timed" and rx.reps_low is None:
        return replace(rx, reps_low=8, reps_high=12, seconds=None)
    return rx


# --- Words ------------------------------------------------------------------------------


# What a timed exercise is doing, by movement pattern, so a target reads as the activity:
# "walk 3 minutes", "hold 45 seconds", not "hold for 180 seconds". (present, past)
TIMED_VERBS = {
    "cardio": ("walk", "walked"),
    "carry": ("carry", "carried"),
    "pelvic_floor": ("breathe", "breathed"),
    "mobility": ("move", "moved"),
}
DEFAULT_TIMED_VERB = ("hold", "held")


def duration_text(seconds: int, pattern: str | None = None, *, past: bool = False) -> str:
    """A duration in plain words: "45 seconds", "3 minutes", "1 minute 30 seconds".

    With a movement ``pattern`` it reads as the activity: "walk 3 minutes",
    "hold 45 seconds", "carry 1 minute 30 seconds" (``past``: "walked 3 minutes"). The one
    place durations become words: the session page, Today, history and program pages.
    """
    seconds = max(0, int(seconds))
    minutes, rest = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if rest or not minutes:
        parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    text = " ".join(parts)
    if pattern is None:
        return text
    return f"{timed_verb(pattern, past=past)} {text}"


def timed_verb(pattern: str, *, past: bool = False) -> str:
    """What a timed exercise of this movement pattern does: "walk", "hold", "carry"."""
    return TIMED_VERBS.get(pattern, DEFAULT_TIMED_VERB)[1 if past else 0]


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def effort_text(low: Decimal, high: Decimal, *, reps_based: bool = True) -> str:
    """RPE as words: RPE 7 means about 3 reps left (Zourdos 2016; Helms 2016)."""
    left_high = RPE_MAX - low
    left_low = RPE_MAX - high
    effort = _number(low) if low == high else f"{_number(low)}–{_number(high)}"
    if not reps_based:
        return f"effort {effort} of 10"
    if left_low == left_high:
        left = f"about {_number(left_low)} rep{'s' if left_low != 1 else ''} left"
    else:
        left = f"about {_number(left_low)}–{_number(left_high)} reps left"
    return f"effort {effort} of 10 ({left})"
