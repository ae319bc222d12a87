"""What the summary says, shared by the web page and the PDF. Plain data, no Django.

Written for a doctor or therapist reading someone's own records: short, factual, with
the questionnaire facts of DOMAIN.md and no interpretation beyond them.
"""

from __future__ import annotations

import datetime as dt

from apps.journal.scoring import PHQ9_NOTICE
from apps.safety.explanations import FACTOR_LABELS
from apps.summary.figures import Figures, GuidancePeriod

TITLE = "Steady summary"
WHAT_THIS_IS = (
    "Self-reported data that the person logged in Steady, an app for strength training "
    "and mood. It is not a diagnosis and has not been checked by a clinician."
)
PHQ9_BANDS_TEXT = (
    "PHQ-9 bands: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe."
)
ITEM9_TEXT = (
    "Dates on which PHQ-9 item 9 (thoughts of being better off dead or of self-harm) "
    "was answered above 0:"
)
ITEM9_NONE = "Item 9 was answered 0 on every PHQ-9 in this range."
WHO5_TEXT = (
    "WHO-5 well-being: the raw score (0-25) multiplied by 4 gives 0-100; a change of 10 "
    "points is meaningful."
)
MOOD_TEXT = "Mood is self-rated from 1 to 10 just before and just after a session."
GUIDANCE_TEXT = "Guidance the app showed in this range, by the days it was active:"
GUIDANCE_NONE = (
    "None of these was shown in this range: crisis support, talking to a professional, "
    "lower mood after sessions, a jump in training load."
)
NO_DATA = "Nothing was logged in this range."
NOTICE = PHQ9_NOTICE

GUIDANCE_TITLES: dict[str, str] = {
    "crisis_support": "Crisis support",
    "seek_professional": "Suggested talking to a professional",
    "post_workout_mood_drop": "Mood lower after most recent sessions",
    "overtraining_risk": "Training load jumped",
}
REASON_LABELS: dict[str, str] = {
    "phq9_item9": "PHQ-9 item 9 above 0",
    "checkin_self_harm": "a check-in reported thoughts of self-harm",
    "phq9_total": "PHQ-9 total of 10 or more",
    "persistent_low_mood": "low mood on most logged days for two weeks",
    "load_jump": "the last 7 days' training load was at least 1.5 times the usual week's",
    "hard_sessions": "the last 3 sessions were rated 9 or more out of 10 for effort",
}


def factor_labels(factors: tuple[str, ...]) -> list[str]:
    return [FACTOR_LABELS.get(name, name) for name in factors]


def day_text(day: dt.date) -> str:
    """ "3 Mar 2026": unambiguous in every country, and short."""
    return f"{day.day} {day:%b %Y}"


def range_text(first: dt.date, last: dt.date) -> str:
    if first == last:
        return day_text(first)
    return f"{day_text(first)} to {day_text(last)}"


def mean_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def week_text(first: dt.date, last: dt.date) -> str:
    """A week in a table cell: "27 Oct - 2 Nov", "3 - 9 Nov"."""
    if first == last:
        return f"{first.day} {first:%b}"
    if first.month == last.month:
        return f"{first.day} - {last.day} {last:%b}"
    return f"{first.day} {first:%b} - {last.day} {last:%b}"


def attendance_text(figures: Figures) -> str:
    shares = figures.mood_shares
    text = f"{figures.done} sessions finished; {figures.planned} planned. {MOOD_TEXT}"
    if not shares.total:
        return f"{text} No session in this range has both ratings."
    return (
        f"{text} Of {shares.total} sessions with both ratings, mood rose after "
        f"{shares.percent(shares.rose)}%, fell after {shares.percent(shares.fell)}% and "
        f"stayed the same after {shares.percent(shares.same)}%."
    )


def guidance_detail(period: GuidancePeriod) -> str:
    details = [REASON_LABELS.get(r, r) for r in period.reasons]
    if period.factors:
        details.append("likely factors: " + ", ".join(factor_labels(period.factors)).lower())
    return "; ".join(details)


def guidance_line(period: GuidancePeriod) -> str:
    """ "Crisis support: 3 Mar 2026 to 16 Mar 2026 (PHQ-9 item 9 above 0)"."""
    detail = guidance_detail(period)
    line = f"{GUIDANCE_TITLES[period.code]}: {range_text(period.first, period.last)}"
    return f"{line} ({detail})" if detail else line


def who5_line(figures: Figures) -> str:
    return "; ".join(f"{day_text(p.date)}: {p.percentage} (raw {p.raw})" for p in figures.who5)


WEEK_COLUMNS = ("Week", "Planned", "Finished", "Mood before", "Mood after", "Rose / fell / same")


def week_rows(figures: Figures) -> list[list[str]]:
    """The weekly table, one row of text per week."""
    return [
        [
            week_text(w.first, w.last),
            str(w.planned),
            str(w.done),
            mean_text(w.before_mean),
            mean_text(w.after_mean),
            f"{w.rose} / {w.fell} / {w.same}" if w.pairs else "-",
        ]
        for w in figures.weeks
    ]
