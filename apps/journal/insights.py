""" "Does lifting help me?": cautious comparisons of a person's own mood data.

Pure Python, no Django. Each comparison has two sides and is shown only when both sides
have at least ``MIN_POINTS`` data points; otherwise it says how much more data it needs.
Every shown result is a pattern in the person's data, never proof of cause, and is worded
that way. The thresholds come from DOMAIN.md: sleep under 6 hours and not having eaten in
the 3 hours before training are the fixable factors behind post-workout low mood; session
RPE is Foster's CR-10 rating, where 8 or more is hard work.

Definitions:
- A day's mood is the mean of every check-in that day (before, after and daily).
- A training day has a finished session or an "after" check-in; every other day with a
  check-in is a rest day.
- A session pair is a before and an after check-in of the same session. Check-ins not
  linked to a session pair up by date when that date has exactly one of each.
- For a session, sleep comes from its before check-in (else its after check-in, else a
  daily check-in that day) and eating from its before check-in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

MIN_POINTS = 3
ABOUT_THE_SAME = 0.5  # points on the 1-10 scale: smaller differences read as "about the same"
HARD_SESSION_RPE = 8.0
SHORT_SLEEP_HOURS = 6.0
CAUTION = "This is a pattern in your data, not proof."


class CheckInPoint(NamedTuple):
    """One check-in as the charts and comparisons read it (a tuple: pages build hundreds)."""

    date: dt.date
    kind: str
    mood: int
    session_id: int | None = None
    sleep_hours: float | None = None
    ate_recently: bool | None = None


class SessionPoint(NamedTuple):
    id: int
    date: dt.date
    session_rpe: float | None = None
    finished: bool = True


@dataclass(frozen=True)
class Side:
    label: str
    count: int
    mean: float | None


@dataclass(frozen=True)
class Insight:
    key: str
    question: str
    left: Side
    right: Side
    shown: bool
    sentence: str
    difference: float | None = None


class SessionSample(NamedTuple):
    date: dt.date
    before_mood: int | None
    after_mood: int | None
    session_rpe: float | None
    sleep_hours: float | None
    ate_recently: bool | None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _points(value: float) -> str:
    text = f"{abs(value):.1f}".removesuffix(".0")
    return f"{text} point" if text == "1" else f"{text} points"


def _one(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _side(label: str, values: Sequence[float]) -> Side:
    return Side(label=label, count=len(values), mean=_mean(values))


def _not_enough(need: str, left: Side, right: Side) -> str:
    return (
        f"Not enough data yet: this needs at least {MIN_POINTS} {need} "
        f"(so far {left.count} and {right.count})."
    )


def _comparison(
    *,
    key: str,
    question: str,
    left: Side,
    right: Side,
    need: str,
    higher: str,
    lower: str,
    same: str,
) -> Insight:
    """Compare two sides; the sentences use {diff}, {left} and {right} placeholders."""
    if left.count < MIN_POINTS or right.count < MIN_POINTS:
        return Insight(key, question, left, right, False, _not_enough(need, left, right))
    assert left.mean is not None
    assert right.mean is not None
    difference = round(left.mean - right.mean, 1)
    if abs(difference) < ABOUT_THE_SAME:
        template = same
    elif difference > 0:
        template = higher
    else:
        template = lower
    sentence = template.format(
        diff=_points(difference), left=_one(left.mean), right=_one(right.mean)
    )
    return Insight(key, question, left, right, True, f"{sentence} {CAUTION}", difference)


def day_moods(checkins: Iterable[CheckInPoint]) -> dict[dt.date, float]:
    """Mean mood per date over every check-in that day."""
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for checkin in checkins:
        by_day[checkin.date].append(checkin.mood)
    return {day: sum(moods) / len(moods) for day, moods in by_day.items()}


def training_days(
    checkins: Iterable[CheckInPoint], sessions: Iterable[SessionPoint]
) -> set[dt.date]:
    days = {session.date for session in sessions if session.finished}
    days |= {checkin.date for checkin in checkins if checkin.kind == "after"}
    return days


def session_samples(
    checkins: Sequence[CheckInPoint], sessions: Iterable[SessionPoint]
) -> list[SessionSample]:
    """One sample per session that has a before or an after check-in."""
    rpe_by_session = {session.id: session.session_rpe for session in sessions}
    linked: dict[int, dict[str, CheckInPoint]] = defaultdict(dict)
    unlinked: dict[dt.date, dict[str, list[CheckInPoint]]] = defaultdict(lambda: defaultdict(list))
    daily_sleep: dict[dt.date, float] = {}
    for checkin in checkins:
        if checkin.kind == "daily":
            if checkin.sleep_hours is not None:
                daily_sleep.setdefault(checkin.date, checkin.sleep_hours)
        elif checkin.session_id is not None:
            linked[checkin.session_id].setdefault(checkin.kind, checkin)
        else:
            unlinked[checkin.date][checkin.kind].append(checkin)

    groups: list[tuple[dict[str, CheckInPoint], float | None]] = [
        (pair, rpe_by_session.get(session_id)) for session_id, pair in linked.items()
    ]
    for kinds in unlinked.values():
        befores, afters = kinds.get("before", []), kinds.get("after", [])
        if len(befores) == 1 and len(afters) == 1:
            groups.append(({"before": befores[0], "after": afters[0]}, None))

    samples = []
    for pair, rpe in groups:
        before, after = pair.get("before"), pair.get("after")
        anchor = before or after
        assert anchor is not None
        sleep: float | None
        if before is not None and before.sleep_hours is not None:
            sleep = before.sleep_hours
        elif after is not None and after.sleep_hours is not None:
            sleep = after.sleep_hours
        else:
            sleep = daily_sleep.get(anchor.date)
        samples.append(
            SessionSample(
                date=anchor.date,
                before_mood=before.mood if before else None,
                after_mood=after.mood if after else None,
                session_rpe=rpe,
                sleep_hours=sleep,
                ate_recently=before.ate_recently if before else None,
            )
        )
    samples.sort(key=lambda sample: sample.date)
    return samples


def training_vs_rest(checkins: Sequence[CheckInPoint], sessions: Sequence[SessionPoint]) -> Insight:
    moods = day_moods(checkins)
    trained = training_days(checkins, sessions)
    left = _side("Training days", [m for day, m in moods.items() if day in trained])
    right = _side("Rest days", [m for day, m in moods.items() if day not in trained])
    return _comparison(
        key="training_vs_rest",
        question="Is my mood different on days I train?",
        left=left,
        right=right,
        need="training days and rest days with a check-in",
        higher="On days you trained, your mood averaged {diff} higher than on rest days "
        "({left} vs {right}).",
        lower="On days you trained, your mood averaged {diff} lower than on rest days "
        "({left} vs {right}).",
        same="Your mood averaged about the same on training days and rest days "
        "({left} vs {right}).",
    )


def before_after(samples: Sequence[SessionSample]) -> Insight:
    pairs = [s for s in samples if s.before_mood is not None and s.after_mood is not None]
    befores = [float(s.before_mood) for s in pairs if s.before_mood is not None]
    afters = [float(s.after_mood) for s in pairs if s.after_mood is not None]
    # "after" on the left so a positive difference means mood rose during sessions.
    insight = _comparison(
        key="before_after",
        question="How do I feel after a session compared with before?",
        left=_side("After a session", afters),
        right=_side("Before a session", befores),
        need="sessions with both a before and an after check-in",
        higher="After your sessions, your mood was on average {diff} higher than before "
        "({right} before, {left} after).",
        lower="After your sessions, your mood was on average {diff} lower than before "
        "({right} before, {left} after).",
        same="Your mood was about the same before and after your sessions "
        "({right} before, {left} after).",
    )
    if not insight.shown:
        return insight
    rose = sum(1 for s in pairs if (s.after_mood or 0) > (s.before_mood or 0))
    extra = f" It went up after {rose} of {len(pairs)} sessions."
    sentence = insight.sentence.replace(f" {CAUTION}", f"{extra} {CAUTION}")
    return Insight(
        insight.key,
        insight.question,
        insight.left,
        insight.right,
        True,
        sentence,
        insight.difference,
    )


def effort_vs_after_mood(samples: Sequence[SessionSample]) -> Insight:
    rated = [s for s in samples if s.after_mood is not None and s.session_rpe is not None]
    hard = [float(s.after_mood or 0) for s in rated if (s.session_rpe or 0) >= HARD_SESSION_RPE]
    easier = [float(s.after_mood or 0) for s in rated if (s.session_rpe or 0) < HARD_SESSION_RPE]
    return _comparison(
        key="effort",
        question="Do harder sessions leave me feeling better or worse?",
        left=_side("Harder sessions (effort 8 or more of 10)", hard),
        right=_side("Easier sessions (effort below 8)", easier),
        need="harder and easier sessions with an after check-in and an effort rating",
        higher="After harder sessions (effort 8 or more of 10), your mood averaged {diff} "
        "higher than after easier ones ({left} vs {right}).",
        lower="After harder sessions (effort 8 or more of 10), your mood averaged {diff} "
        "lower than after easier ones ({left} vs {right}).",
        same="Your mood after harder and easier sessions averaged about the same "
        "({left} vs {right}).",
    )


def sleep_vs_after_mood(samples: Sequence[SessionSample]) -> Insight:
    known = [s for s in samples if s.after_mood is not None and s.sleep_hours is not None]
    short = [float(s.after_mood or 0) for s in known if (s.sleep_hours or 0) < SHORT_SLEEP_HOURS]
    enough = [float(s.after_mood or 0) for s in known if (s.sleep_hours or 0) >= SHORT_SLEEP_HOURS]
    return _comparison(
        key="sleep",
        question="Does sleep change how I feel after training?",
        left=_side("Less than 6 hours' sleep", short),
        right=_side("6 hours' sleep or more", enough),
        need="sessions after short sleep and after 6 hours or more, with an after check-in",
        higher="After less than 6 hours' sleep, your mood after training averaged {diff} "
        "higher than after 6 hours or more ({left} vs {right}).",
        lower="After less than 6 hours' sleep, your mood after training averaged {diff} "
        "lower than after 6 hours or more ({left} vs {right}).",
        same="Your mood after training averaged about the same after short and longer "
        "sleep ({left} vs {right}).",
    )


def food_vs_after_mood(samples: Sequence[SessionSample]) -> Insight:
    known = [s for s in samples if s.after_mood is not None and s.ate_recently is not None]
    ate = [float(s.after_mood or 0) for s in known if s.ate_recently]
    skipped = [float(s.after_mood or 0) for s in known if not s.ate_recently]
    return _comparison(
        key="food",
        question="Does eating before training make a difference?",
        left=_side("Had eaten in the 3 hours before", ate),
        right=_side("Had not eaten in the 3 hours before", skipped),
        need="sessions with and without food in the 3 hours before, with an after check-in",
        higher="When you had eaten in the 3 hours before, your mood after training averaged "
        "{diff} higher than when you hadn't ({left} vs {right}).",
        lower="When you had eaten in the 3 hours before, your mood after training averaged "
        "{diff} lower than when you hadn't ({left} vs {right}).",
        same="Your mood after training averaged about the same whether or not you had "
        "eaten beforehand ({left} vs {right}).",
    )


def sessions_without_checkins(
    checkins: Iterable[CheckInPoint], sessions: Iterable[SessionPoint]
) -> int:
    """Finished sessions with no check-in of their own and none on their date (sessions
    imported from another app, for one): every comparison leaves them out."""
    linked = {c.session_id for c in checkins if c.session_id is not None}
    dated = {c.date for c in checkins}
    return sum(1 for s in sessions if s.finished and s.id not in linked and s.date not in dated)


def insights_for(
    checkins: Sequence[CheckInPoint], sessions: Sequence[SessionPoint]
) -> list[Insight]:
    """Every comparison, in the order the insights page shows them."""
    samples = session_samples(checkins, sessions)
    return [
        training_vs_rest(checkins, sessions),
        before_after(samples),
        effort_vs_after_mood(samples),
        sleep_vs_after_mood(samples),
        food_vs_after_mood(samples),
    ]
