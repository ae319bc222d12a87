"""One small function per guidance rule (DOMAIN.md, "Safety guidance rules").

Conventions shared by every rule (DOMAIN.md, "How windows are counted"):

- "today" is the evaluation date and a record's *age* is today minus its date in days
  (today = age 0). Anything dated after today is ignored by every rule.
- "In the last N days" means ages 0 to N − 1: N calendar dates ending today. The
  overtraining ratio compares acute load (ages 0–6) with the weekly average of chronic
  load over ages 7–27 (three whole weeks, uncoupled). "The first N days of training" are
  the N dates starting on the first session's date.
- "N days of history" and "first session ≥ N days ago" both mean the first session's age
  is at least N.
- A missing (None) field never makes a rule fire: "had not eaten" needs an explicit
  ``ate_recently = False``, "not a deload" an explicit ``deload = False``, and so on.
- When a session has more than one before (or after) check-in, only the latest-dated one
  counts; on equal dates, the record listed later counts as the more recent one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from apps.safety.guidance.data import (
    PELVIC_SYMPTOMS,
    WARNING_SYMPTOMS,
    CheckIn,
    GuidanceInput,
    GuidanceItem,
    Questionnaire,
    Session,
)

# --- crisis_support: PHQ-9 item 9 (Kroenke, Spitzer & Williams 2001) -------------------
CRISIS_WINDOW_DAYS = 14
PHQ9_SELF_HARM_ITEM = 9  # 1-based, as printed on the questionnaire
PHQ9_SELF_HARM_MIN = 1

# --- stop_and_seek_care: ACSM pre-participation screening warning signs ---------------
WARNING_WINDOW_DAYS = 7

# --- postpartum_red_flag: ACOG Committee Opinion 804 (2020) ----------------------------
POSTPARTUM_PROFILE_DAYS = 365
PELVIC_WINDOW_DAYS = 14

# --- seek_professional: PHQ-9 bands; persistent low mood ≥ 2 weeks ---------------------
PHQ9_LOOKBACK_DAYS = 28
PHQ9_PROFESSIONAL_TOTAL = 10
LOW_MOOD_WINDOW_DAYS = 14
LOW_MOOD_MIN_LOGGED_DAYS = 6
LOW_MOOD_MAX_DAILY_MEAN = 4  # on the 1–10 mood scale
LOW_MOOD_MIN_SHARE = Fraction(3, 4)
LOW_MOOD_EDGE_DAYS = 3

# --- post_workout_mood_drop: common, fixable causes of low mood after training ---------
MOOD_DROP_WINDOW_DAYS = 28
MOOD_DROP_RECENT_SESSIONS = 4
MOOD_DROP_MIN_SESSIONS = 3
MOOD_DROP_POINTS = 2
FACTOR_MIN_SESSIONS = 2
SHORT_SLEEP_HOURS = Decimal(6)
HIGH_STRESS = 7
HIGH_MEAN_SESSION_RPE = Decimal("8.5")

# --- overtraining_risk: Meeusen et al. 2013; Foster session load; uncoupled ACWR -------
OVERTRAINING_MIN_HISTORY_DAYS = 21
ACUTE_WINDOW_DAYS = 7  # ages 0–6
CHRONIC_FIRST_AGE = 7
CHRONIC_LAST_AGE = 27
CHRONIC_WEEKS = 3  # ages 7–27 are 21 dates: three whole weeks
ACUTE_CHRONIC_RATIO = Decimal("1.5")
HARD_SESSION_RPE = Decimal(9)
HARD_SESSION_STREAK = 3

# --- rest_day_due: ACSM 2009, 48 h between sessions for the same muscles ---------------
REST_RUN_DAYS = 3

# --- deload_due: Bell et al., Sports Med Open 2024 (deload every 4–6 weeks) ------------
DELOAD_BLOCKS = 6
DELOAD_BLOCK_DAYS = 7
DELOAD_MIN_SESSIONS_PER_BLOCK = 2

# --- fuel_reminder: not eating before training is a common cause of low mood after -----
FUEL_RECENT_BEFORE_CHECKINS = 3
FUEL_MIN_UNFED = 2

# --- expectations_check: results take months (Gordon 2018: trials ran 8–12 weeks) ------
EXPECTATIONS_MIN_HISTORY_DAYS = 42
EXPECTATIONS_SESSION_WINDOW_DAYS = 28
EXPECTATIONS_MIN_SESSIONS = 8
EXPECTATIONS_MOOD_DAYS = 14

# --- progress_gently: Singh 2005, Noetel 2024 (effect grows with intensity, RPE 7–8) ---
GENTLE_WINDOW_DAYS = 21
GENTLE_MIN_SESSIONS = 4
GENTLE_MAX_RPE = Decimal(5)


T = TypeVar("T", Session, CheckIn, Questionnaire)


def age_days(day: dt.date, today: dt.date) -> int:
    return (today - day).days


def in_last(day: dt.date, today: dt.date, days: int) -> bool:
    """ "In the last ``days`` days": ages 0 to ``days`` − 1, the ``days`` dates ending today."""
    return 0 <= age_days(day, today) < days


def counted_checkins(data: GuidanceInput) -> list[CheckIn]:
    """The check-ins the rules read, oldest first: none dated after today, and for a
    session with more than one before (or after) check-in only the latest-dated one (the
    later-listed on equal dates)."""
    past = chronological(c for c in data.checkins if c.date <= data.today)
    latest: dict[tuple[str, str], int] = {}
    for index, c in enumerate(past):
        if c.session is not None and c.kind in ("before", "after"):
            latest[(c.session, c.kind)] = index
    return [
        c
        for index, c in enumerate(past)
        if c.session is None
        or c.kind not in ("before", "after")
        or latest[(c.session, c.kind)] == index
    ]


def chronological(items: Iterable[T]) -> list[T]:
    """Oldest first; a stable sort keeps input order on equal dates."""
    return sorted(items, key=lambda item: item.date)


def past_sessions(data: GuidanceInput) -> list[Session]:
    return chronological(s for s in data.sessions if s.date <= data.today)


def first_session_date(data: GuidanceInput) -> dt.date | None:
    dates = [s.date for s in data.sessions if s.date <= data.today]
    return min(dates) if dates else None


def _refs(records: Iterable[CheckIn | Questionnaire]) -> tuple[str, ...]:
    return tuple(r.ref for r in records if r.ref)


def _in_order(found: Iterable[str], vocabulary: Sequence[str]) -> list[str]:
    found = set(found)
    return [name for name in vocabulary if name in found]


def crisis_support(data: GuidanceInput) -> GuidanceItem | None:
    """Urgent: a PHQ-9 in the last 14 days with item 9 ≥ 1, or a check-in in the last 14
    days with ``self_harm_thoughts``. PHQ-9 (Kroenke, Spitzer & Williams 2001): any answer
    above 0 on item 9 always leads to crisis support, whatever the total."""
    surveys = [
        q
        for q in data.questionnaires
        if q.kind == "phq9"
        and in_last(q.date, data.today, CRISIS_WINDOW_DAYS)
        and len(q.answers) >= PHQ9_SELF_HARM_ITEM
        and q.answers[PHQ9_SELF_HARM_ITEM - 1] >= PHQ9_SELF_HARM_MIN
    ]
    checkins = [
        c
        for c in counted_checkins(data)
        if c.self_harm_thoughts is True and in_last(c.date, data.today, CRISIS_WINDOW_DAYS)
    ]
    if not surveys and not checkins:
        return None
    latest = max([q.date for q in surveys] + [c.date for c in checkins])
    return GuidanceItem(
        "crisis_support",
        "urgent",
        details={"latest": latest, "from_questionnaire": bool(surveys)},
        refs=_refs([*surveys, *checkins]),
    )


def stop_and_seek_care(data: GuidanceInput) -> GuidanceItem | None:
    """Urgent: a check-in in the last 7 days lists a warning symptom (chest pain, fainting,
    dizziness, severe breathlessness, palpitations): the ACSM pre-participation warning
    signs that mean stop exercising and see a doctor."""
    checkins = [
        c
        for c in counted_checkins(data)
        if c.warning_symptoms and in_last(c.date, data.today, WARNING_WINDOW_DAYS)
    ]
    if not checkins:
        return None
    return GuidanceItem(
        "stop_and_seek_care",
        "urgent",
        details={
            "symptoms": _in_order(
                (s for c in checkins for s in c.warning_symptoms), WARNING_SYMPTOMS
            ),
            "latest": max(c.date for c in checkins),
        },
        refs=_refs(checkins),
    )


def is_postpartum(delivery: dt.date | None, today: dt.date) -> bool:
    """The profile holds while the delivery date is 0 to 365 days before today."""
    return delivery is not None and 0 <= age_days(delivery, today) <= POSTPARTUM_PROFILE_DAYS


def postpartum_red_flag(data: GuidanceInput) -> GuidanceItem | None:
    """Caution: a postpartum profile (delivery within the last 365 days) and a check-in in
    the last 14 days listing a pelvic symptom. ACOG Committee Opinion 804 (2020); Goom,
    Donnelly & Brockwell (2019): bleeding, leaking, heaviness, doming or pelvic pain mean
    stop and see a pelvic-health physiotherapist or doctor."""
    if not is_postpartum(data.profile.postpartum_delivery_date, data.today):
        return None
    checkins = [
        c
        for c in counted_checkins(data)
        if c.pelvic_symptoms and in_last(c.date, data.today, PELVIC_WINDOW_DAYS)
    ]
    if not checkins:
        return None
    return GuidanceItem(
        "postpartum_red_flag",
        "caution",
        details={
            "symptoms": _in_order(
                (s for c in checkins for s in c.pelvic_symptoms), PELVIC_SYMPTOMS
            ),
            "latest": max(c.date for c in checkins),
        },
        refs=_refs(checkins),
    )


def latest_phq9(data: GuidanceInput, within_days: int) -> Questionnaire | None:
    recent = [
        q
        for q in data.questionnaires
        if q.kind == "phq9" and in_last(q.date, data.today, within_days)
    ]
    return chronological(recent)[-1] if recent else None


def persistent_low_mood(data: GuidanceInput) -> dict[str, object] | None:
    """Low mood on most days for two weeks (DOMAIN.md: see a professional). Over the last
    14 days: ≥ 6 days with check-ins (any kind), ≥ 75 % of those days with a mean mood
    ≤ 4, and a logged day among the first 3 and among the last 3 days of the window, so
    the low mood really spans the fortnight."""
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for c in counted_checkins(data):
        if in_last(c.date, data.today, LOW_MOOD_WINDOW_DAYS):
            by_day[c.date].append(c.mood)
    if len(by_day) < LOW_MOOD_MIN_LOGGED_DAYS:
        return None
    low_days = sum(
        1
        for moods in by_day.values()
        if Fraction(sum(moods), len(moods)) <= LOW_MOOD_MAX_DAILY_MEAN
    )
    if Fraction(low_days, len(by_day)) < LOW_MOOD_MIN_SHARE:
        return None
    ages = {age_days(day, data.today) for day in by_day}
    first_edge = range(LOW_MOOD_WINDOW_DAYS - LOW_MOOD_EDGE_DAYS, LOW_MOOD_WINDOW_DAYS)  # 11–13
    last_edge = range(LOW_MOOD_EDGE_DAYS)
    if not ages.intersection(first_edge) or not ages.intersection(last_edge):
        return None
    return {"logged_days": len(by_day), "low_days": low_days}


def seek_professional(data: GuidanceInput) -> GuidanceItem | None:
    """Caution: the latest PHQ-9 within 28 days totals ≥ 10 (moderate or above; Kroenke,
    Spitzer & Williams 2001), or persistent low mood over the last 14 days (see
    ``persistent_low_mood``)."""
    details: dict[str, object] = {}
    survey = latest_phq9(data, PHQ9_LOOKBACK_DAYS)
    if survey is not None and survey.total >= PHQ9_PROFESSIONAL_TOTAL:
        details["phq9_total"] = survey.total
        details["phq9_date"] = survey.date
    low_mood = persistent_low_mood(data)
    if low_mood is not None:
        details.update(low_mood)
    if not details:
        return None
    return GuidanceItem("seek_professional", "caution", details=details)


def medical_clearance_advised(data: GuidanceInput) -> GuidanceItem | None:
    """Caution: any readiness answer is yes and no clearance is recorded (the PAR-Q+ rule:
    talk to a doctor or qualified exercise professional before starting). A clearance
    that was not answered counts as not recorded."""
    if not data.profile.readiness_yes or data.profile.clearance_recorded is True:
        return None
    return GuidanceItem(
        "medical_clearance_advised",
        "caution",
        details={"topics": list(data.profile.readiness_yes)},
    )


def _before_after_pairs(
    data: GuidanceInput, sessions: Sequence[Session]
) -> list[tuple[Session, CheckIn, CheckIn]]:
    linked: dict[tuple[str, str], CheckIn] = {
        (c.session, c.kind): c
        for c in counted_checkins(data)
        if c.session is not None and c.kind in ("before", "after")
    }
    pairs = []
    for session in sessions:
        before = linked.get((session.id, "before"))
        after = linked.get((session.id, "after"))
        if before is not None and after is not None:
            pairs.append((session, before, after))
    return pairs


def _mean_rpe_at_least(sessions: Sequence[Session], threshold: Decimal) -> bool:
    rated = [s.session_rpe for s in sessions if s.session_rpe is not None]
    return bool(rated) and sum(rated, Decimal(0)) >= threshold * len(rated)


def post_workout_mood_drop(data: GuidanceInput) -> GuidanceItem | None:
    """Caution: of the most recent (at most 4) sessions in the last 28 days with both a
    before and an after check-in, at least 3 show after-mood ≤ before-mood − 2.

    Factors, over the sessions with a drop (DOMAIN.md's common, fixable causes): ``fuel``
    (had not eaten in the 3 h before, in ≥ 2), ``sleep`` (< 6 h, in ≥ 2; the before
    check-in's answer, else the after one's), ``stress`` (before-stress ≥ 7 of 10, in
    ≥ 2), ``load`` (``overtraining_risk`` fires too, or the drop sessions' mean session
    RPE is ≥ 8.5).
    """
    recent = [s for s in past_sessions(data) if in_last(s.date, data.today, MOOD_DROP_WINDOW_DAYS)]
    pairs = _before_after_pairs(data, recent)[-MOOD_DROP_RECENT_SESSIONS:]
    drops = [p for p in pairs if p[2].mood <= p[1].mood - MOOD_DROP_POINTS]
    if len(drops) < MOOD_DROP_MIN_SESSIONS:
        return None

    def sleep(before: CheckIn, after: CheckIn) -> Decimal | None:
        return before.sleep_hours if before.sleep_hours is not None else after.sleep_hours

    unfed = sum(1 for _, before, _ in drops if before.ate_recently is False)
    short_sleep = sum(
        1 for _, b, a in drops if (h := sleep(b, a)) is not None and h < SHORT_SLEEP_HOURS
    )
    stressed = sum(1 for _, b, _ in drops if b.stress is not None and b.stress >= HIGH_STRESS)
    drop_sessions = [s for s, _, _ in drops]
    heavy = overtraining_risk(data) is not None or _mean_rpe_at_least(
        drop_sessions, HIGH_MEAN_SESSION_RPE
    )
    factors = [
        name
        for name, applies in (
            ("fuel", unfed >= FACTOR_MIN_SESSIONS),
            ("sleep", short_sleep >= FACTOR_MIN_SESSIONS),
            ("stress", stressed >= FACTOR_MIN_SESSIONS),
            ("load", heavy),
        )
        if applies
    ]
    return GuidanceItem(
        "post_workout_mood_drop",
        "caution",
        tuple(factors),
        details={
            "compared": len(pairs),
            "drops": [
                {
                    "date": s.date,
                    "before": b.mood,
                    "after": a.mood,
                    "ate_recently": b.ate_recently,
                    "sleep_hours": sleep(b, a),
                    "stress": b.stress,
                    "session_rpe": s.session_rpe,
                }
                for s, b, a in drops
            ],
        },
    )


def _load_between(sessions: Iterable[Session], today: dt.date, first: int, last: int) -> Decimal:
    return sum(
        (
            s.load
            for s in sessions
            if s.load is not None and first <= age_days(s.date, today) <= last
        ),
        Decimal(0),
    )


def overtraining_risk(data: GuidanceInput) -> GuidanceItem | None:
    """Caution: with ≥ 21 days of history, acute load (ages 0–6, the 7 dates ending
    today) ÷ chronic load (the weekly average over ages 7–27, the three weeks before,
    uncoupled from the acute week) ≥ 1.5 with chronic > 0; or the last 3 sessions all have
    session RPE ≥ 9. Session load = session RPE × minutes (Foster 2001). Overtraining is
    rare in recreational lifters (Meeusen et al. 2013), which is why food, sleep and stress
    are checked first elsewhere."""
    sessions = past_sessions(data)
    details: dict[str, object] = {}
    first = first_session_date(data)
    if first is not None and age_days(first, data.today) >= OVERTRAINING_MIN_HISTORY_DAYS:
        acute = _load_between(sessions, data.today, 0, ACUTE_WINDOW_DAYS - 1)
        chronic_total = _load_between(sessions, data.today, CHRONIC_FIRST_AGE, CHRONIC_LAST_AGE)
        # acute ÷ (chronic_total ÷ weeks) ≥ ratio, compared without dividing (exact).
        if chronic_total > 0 and acute * CHRONIC_WEEKS >= ACUTE_CHRONIC_RATIO * chronic_total:
            chronic = chronic_total / CHRONIC_WEEKS
            details.update(
                acute_load=acute,
                chronic_weekly_load=chronic.quantize(Decimal("0.1")),
                ratio=(acute / chronic).quantize(Decimal("0.01")),
            )
    last = sessions[-HARD_SESSION_STREAK:]
    if len(last) == HARD_SESSION_STREAK and all(
        s.session_rpe is not None and s.session_rpe >= HARD_SESSION_RPE for s in last
    ):
        details["hard_sessions"] = [s.session_rpe for s in last]
    if not details:
        return None
    return GuidanceItem("overtraining_risk", "caution", details=details)


def rest_day_due(data: GuidanceInput) -> GuidanceItem | None:
    """Info: sessions on each of the last 3 calendar days, ending today or yesterday.
    ACSM 2009: about 48 h between sessions that train the same muscles."""
    ages = {age_days(s.date, data.today) for s in data.sessions if s.date <= data.today}
    for end in (0, 1):
        if all(age in ages for age in range(end, end + REST_RUN_DAYS)):
            return GuidanceItem("rest_day_due", "info", details={"days_in_a_row": REST_RUN_DAYS})
    return None


def deload_due(data: GuidanceInput) -> GuidanceItem | None:
    """Info: each of the last 6 consecutive 7-day blocks (block k = days 7k to 7k + 6
    before today) has ≥ 2 sessions and none of those sessions is a deload. Bell et al.
    (Sports Med Open 2024): lifters deload about every 4–6 weeks. A session whose deload
    flag is unknown does not count as "not a deload"."""
    blocks: list[list[Session]] = [[] for _ in range(DELOAD_BLOCKS)]
    for s in data.sessions:
        age = age_days(s.date, data.today)
        if 0 <= age < DELOAD_BLOCKS * DELOAD_BLOCK_DAYS:
            blocks[age // DELOAD_BLOCK_DAYS].append(s)
    for block in blocks:
        if len(block) < DELOAD_MIN_SESSIONS_PER_BLOCK:
            return None
        if any(s.deload is not False for s in block):
            return None
    return GuidanceItem(
        "deload_due",
        "info",
        details={"weeks": DELOAD_BLOCKS, "sessions": sum(len(b) for b in blocks)},
    )


def fuel_reminder(data: GuidanceInput) -> GuidanceItem | None:
    """Info: at least 2 of the last 3 before-check-ins say the person had not eaten in the
    3 hours before (not enough food is a common cause of feeling worse after training)."""
    befores = chronological(c for c in counted_checkins(data) if c.kind == "before")[
        -FUEL_RECENT_BEFORE_CHECKINS:
    ]
    unfed = sum(1 for c in befores if c.ate_recently is False)
    if unfed < FUEL_MIN_UNFED:
        return None
    return GuidanceItem("fuel_reminder", "info", details={"unfed": unfed, "of": len(befores)})


def _mean_mood(checkins: Iterable[CheckIn]) -> Fraction | None:
    moods = [c.mood for c in checkins]
    return Fraction(sum(moods), len(moods)) if moods else None


def expectations_check(data: GuidanceInput) -> GuidanceItem | None:
    """Info: first session ≥ 42 days ago, ≥ 8 sessions in the last 28 days, and the mean
    before-mood of the last 14 days is not above that of the first 14 days of training.
    Results take months, not weeks (Gordon et al. 2018: most trials ran 8–12 weeks)."""
    first = first_session_date(data)
    if first is None or age_days(first, data.today) < EXPECTATIONS_MIN_HISTORY_DAYS:
        return None
    recent_sessions = [
        s for s in data.sessions if in_last(s.date, data.today, EXPECTATIONS_SESSION_WINDOW_DAYS)
    ]
    if len(recent_sessions) < EXPECTATIONS_MIN_SESSIONS:
        return None
    befores = [c for c in counted_checkins(data) if c.kind == "before"]
    recent = _mean_mood(c for c in befores if in_last(c.date, data.today, EXPECTATIONS_MOOD_DAYS))
    early = _mean_mood(c for c in befores if 0 <= (c.date - first).days < EXPECTATIONS_MOOD_DAYS)
    if recent is None or early is None or recent > early:
        return None
    return GuidanceItem(
        "expectations_check",
        "info",
        details={
            "first_session": first,
            "recent_mean_mood": round(float(recent), 1),
            "early_mean_mood": round(float(early), 1),
        },
    )


def progress_gently(data: GuidanceInput, active: Sequence[GuidanceItem]) -> GuidanceItem | None:
    """Info: ≥ 4 sessions in the last 21 days, all with session RPE ≤ 5, and no caution or
    urgent item active. Singh et al. 2005 and Noetel et al. 2024: benefits grow with
    effort, so programs move on to RPE 7–8 rather than staying easy. A session without an
    RPE leaves it unknown whether all were easy, so the rule does not fire."""
    if any(item.severity in ("urgent", "caution") for item in active):
        return None
    recent = [s for s in data.sessions if in_last(s.date, data.today, GENTLE_WINDOW_DAYS)]
    if len(recent) < GENTLE_MIN_SESSIONS:
        return None
    if any(s.session_rpe is None or s.session_rpe > GENTLE_MAX_RPE for s in recent):
        return None
    return GuidanceItem("progress_gently", "info", details={"sessions": len(recent)})
