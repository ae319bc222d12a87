"""Every guidance rule, just inside and just outside each threshold (DOMAIN.md table).

Pure Python: no database, no Django. ``TODAY`` is 2026-03-01; records are placed by
their age in days (age 0 is today, age 14 is exactly 14 days ago).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from apps.safety.guidance import GuidanceInput, GuidanceItem, Profile, evaluate
from apps.safety.guidance import rules as r
from tests.safety.engine_builders import (
    TODAY,
    checkin,
    data,
    day,
    from_pairs,
    paired,
    phq9,
    phq9_total,
    session,
)

Rule = Callable[[GuidanceInput], GuidanceItem | None]
Case = tuple[str, GuidanceInput, bool]


def run_cases(rule: Rule, case: Case) -> None:
    _, scenario, fires = case
    assert (rule(scenario) is not None) is fires


# --- crisis_support -------------------------------------------------------------------
ITEM9 = [0, 0, 0, 0, 0, 0, 0, 0, 1]
CRISIS: list[Case] = [
    ("phq9 item 9 = 1, age 13", data(questionnaires=[phq9(13, ITEM9)]), True),
    ("phq9 item 9 = 1, age 14", data(questionnaires=[phq9(14, ITEM9)]), False),
    ("phq9 item 9 = 0 with a high total", data(questionnaires=[phq9_total(0, 24)]), False),
    ("phq9 item 9 = 3 with total 3", data(questionnaires=[phq9(0, [0] * 8 + [3])]), True),
    ("phq9 dated tomorrow", data(questionnaires=[phq9(-1, ITEM9)]), False),
    (
        "who5 is never read as a phq9",
        data(questionnaires=[r.Questionnaire(date=day(0), kind="who5", answers=(1, 1, 1, 1, 1))]),
        False,
    ),
    ("self-harm check-in today", data(checkins=[checkin(0, self_harm_thoughts=True)]), True),
    ("self-harm check-in, age 13", data(checkins=[checkin(13, self_harm_thoughts=True)]), True),
    ("self-harm check-in, age 14", data(checkins=[checkin(14, self_harm_thoughts=True)]), False),
    (
        "self-harm check-in dated tomorrow",
        data(checkins=[checkin(-1, self_harm_thoughts=True)]),
        False,
    ),
    ("self-harm answered no", data(checkins=[checkin(0, self_harm_thoughts=False)]), False),
    ("self-harm not answered", data(checkins=[checkin(0)]), False),
    ("nothing at all", data(), False),
]


@pytest.mark.parametrize("case", CRISIS, ids=[c[0] for c in CRISIS])
def test_crisis_support(case: Case) -> None:
    run_cases(r.crisis_support, case)


# --- stop_and_seek_care ---------------------------------------------------------------
STOP: list[Case] = [
    (
        "chest pain, age 6",
        data(checkins=[checkin(6, "after", warning_symptoms=["chest_pain"])]),
        True,
    ),
    (
        "chest pain, age 7",
        data(checkins=[checkin(7, "after", warning_symptoms=["chest_pain"])]),
        False,
    ),
    (
        "chest pain on a before check-in",
        data(checkins=[checkin(0, "before", warning_symptoms=["chest_pain"])]),
        True,
    ),
    (
        "chest pain dated tomorrow",
        data(checkins=[checkin(-1, "after", warning_symptoms=["chest_pain"])]),
        False,
    ),
    ("fainting today", data(checkins=[checkin(0, "after", warning_symptoms=["fainting"])]), True),
    ("empty symptom list", data(checkins=[checkin(0, "after", warning_symptoms=[])]), False),
    ("symptoms not answered", data(checkins=[checkin(0, "after")]), False),
]


@pytest.mark.parametrize("case", STOP, ids=[c[0] for c in STOP])
def test_stop_and_seek_care(case: Case) -> None:
    run_cases(r.stop_and_seek_care, case)


def test_stop_and_seek_care_lists_symptoms_in_domain_order() -> None:
    item = r.stop_and_seek_care(
        data(
            checkins=[
                checkin(1, "after", warning_symptoms=["palpitations"]),
                checkin(0, "after", warning_symptoms=["chest_pain", "palpitations"]),
            ]
        )
    )
    assert item is not None
    assert item.details["symptoms"] == ["chest_pain", "palpitations"]


# --- postpartum_red_flag --------------------------------------------------------------
def postpartum(delivery_age: int | None, symptom_age: int, symptoms: list[str]) -> GuidanceInput:
    delivery = None if delivery_age is None else day(delivery_age)
    return data(
        profile=Profile(postpartum_delivery_date=delivery),
        checkins=[checkin(symptom_age, "daily", pelvic_symptoms=symptoms)],
    )


POSTPARTUM: list[Case] = [
    ("delivered 365 days ago, leaking today", postpartum(365, 0, ["leaking"]), True),
    ("delivered 366 days ago", postpartum(366, 0, ["leaking"]), False),
    ("delivered today", postpartum(0, 0, ["leaking"]), True),
    ("heaviness, age 13", postpartum(60, 13, ["heaviness"]), True),
    ("heaviness, age 14", postpartum(60, 14, ["heaviness"]), False),
    ("heaviness dated tomorrow", postpartum(60, -1, ["heaviness"]), False),
    ("no delivery date", postpartum(None, 0, ["bleeding"]), False),
    ("delivery date in the future", postpartum(-10, 0, ["bleeding"]), False),
    ("no pelvic symptoms", postpartum(60, 0, []), False),
]


@pytest.mark.parametrize("case", POSTPARTUM, ids=[c[0] for c in POSTPARTUM])
def test_postpartum_red_flag(case: Case) -> None:
    run_cases(r.postpartum_red_flag, case)


# --- seek_professional ----------------------------------------------------------------
def low_mood_days(moods_by_age: dict[int, list[int]]) -> GuidanceInput:
    return data(
        checkins=[
            checkin(age, "daily", mood) for age, moods in moods_by_age.items() for mood in moods
        ]
    )


SIX_LOW = {13: [4], 10: [3], 8: [2], 6: [4], 4: [1], 0: [4]}
SEEK: list[Case] = [
    ("phq9 total 10, age 27", data(questionnaires=[phq9_total(27, 10)]), True),
    ("phq9 total 9", data(questionnaires=[phq9_total(0, 9)]), False),
    ("phq9 total 10, age 28", data(questionnaires=[phq9_total(28, 10)]), False),
    ("phq9 total 10 dated tomorrow", data(questionnaires=[phq9_total(-1, 10)]), False),
    (
        "latest phq9 is 9 after an earlier 15",
        data(questionnaires=[phq9_total(20, 15), phq9_total(3, 9)]),
        False,
    ),
    (
        "latest phq9 is 12 after an earlier 4",
        data(questionnaires=[phq9_total(20, 4), phq9_total(3, 12)]),
        True,
    ),
    (
        "same-day phq9s: the later listed counts",
        data(questionnaires=[phq9_total(3, 12), phq9_total(3, 2)]),
        False,
    ),
    ("six low days spanning the fortnight", low_mood_days(SIX_LOW), True),
    ("five logged days", low_mood_days({k: v for k, v in SIX_LOW.items() if k != 8}), False),
    (
        "six low days but the oldest is age 14",
        low_mood_days({**{k: v for k, v in SIX_LOW.items() if k != 13}, 14: [3]}),
        False,
    ),
    (
        "a low day dated tomorrow does not count",
        low_mood_days({**{k: v for k, v in SIX_LOW.items() if k != 0}, -1: [3], 2: [3]}),
        True,
    ),
    (
        "8 days, 6 low (75 %)",
        low_mood_days({**SIX_LOW, 5: [7], 3: [8]}),
        True,
    ),
    (
        "8 days, 5 low (62.5 %)",
        low_mood_days({**SIX_LOW, 5: [7], 3: [8], 6: [5]}),
        False,
    ),
    ("a day averaging exactly 4 is low", low_mood_days({**SIX_LOW, 6: [3, 5]}), True),
    (
        "7 days with a day averaging 4.5 (5 of 7 low)",
        low_mood_days({**SIX_LOW, 6: [4, 5], 2: [7]}),
        False,
    ),
    (
        "first edge: a day at age 11",
        low_mood_days({**{k: v for k, v in SIX_LOW.items() if k != 13}, 11: [3]}),
        True,
    ),
    (
        "no day in the first 3 of the window (ages 11–13)",
        low_mood_days({**{k: v for k, v in SIX_LOW.items() if k != 13}, 9: [3]}),
        False,
    ),
    (
        "last edge: a day 2 days ago",
        low_mood_days({**{k: v for k, v in SIX_LOW.items() if k != 0}, 2: [3]}),
        True,
    ),
    (
        "no day in the last 3 of the window",
        low_mood_days({**{k: v for k, v in SIX_LOW.items() if k != 0}, 3: [3]}),
        False,
    ),
    ("no data", data(), False),
]


@pytest.mark.parametrize("case", SEEK, ids=[c[0] for c in SEEK])
def test_seek_professional(case: Case) -> None:
    run_cases(r.seek_professional, case)


# --- medical_clearance_advised --------------------------------------------------------
CLEARANCE: list[Case] = [
    (
        "a yes, no clearance",
        data(profile=Profile(readiness_yes=("heart",), clearance_recorded=False)),
        True,
    ),
    ("a yes, clearance not answered", data(profile=Profile(readiness_yes=("medication",))), True),
    (
        "a yes, cleared",
        data(profile=Profile(readiness_yes=("heart",), clearance_recorded=True)),
        False,
    ),
    ("all no", data(profile=Profile(readiness_yes=(), clearance_recorded=False)), False),
    ("no screen", data(), False),
]


@pytest.mark.parametrize("case", CLEARANCE, ids=[c[0] for c in CLEARANCE])
def test_medical_clearance_advised(case: Case) -> None:
    run_cases(r.medical_clearance_advised, case)


# --- post_workout_mood_drop -----------------------------------------------------------
def drops(*points: int, first_age: int = 10, **fields: object) -> list[tuple]:
    """Paired sessions, oldest first, every 2 days; each value is before − after."""
    return [
        paired(first_age - 2 * i, 7, 7 - drop, **fields)  # type: ignore[arg-type]
        for i, drop in enumerate(points)
    ]


MOOD_DROP: list[Case] = [
    ("three drops of exactly 2", from_pairs(drops(2, 2, 2)), True),
    ("three drops of 1", from_pairs(drops(1, 1, 1)), False),
    ("two drops of three", from_pairs(drops(2, 0, 2)), False),
    ("three drops of four", from_pairs(drops(2, 0, 3, 2)), True),
    ("oldest of five drops falls outside the latest four", from_pairs(drops(3, 3, 0, 0, 3)), False),
    ("a drop session at age 27 counts", from_pairs(drops(2, 2, 2, first_age=27)), True),
    (
        "a drop session at age 28 does not",
        from_pairs([paired(28, 7, 5), *drops(2, 2, first_age=10)]),
        False,
    ),
    (
        "a drop session dated tomorrow does not",
        from_pairs([paired(-1, 7, 5), *drops(2, 2, first_age=10)]),
        False,
    ),
    (
        "sessions with only a before check-in are not compared",
        data(
            sessions=[session(a) for a in (6, 4, 2)],
            checkins=[checkin(a, "before", 8, session=f"s{a}") for a in (6, 4, 2)]
            + [checkin(a, "daily", 3) for a in (6, 4, 2)],
        ),
        False,
    ),
    ("mood going up", from_pairs(drops(-2, -2, -2)), False),
]


@pytest.mark.parametrize("case", MOOD_DROP, ids=[c[0] for c in MOOD_DROP])
def test_post_workout_mood_drop(case: Case) -> None:
    run_cases(r.post_workout_mood_drop, case)


def factors_of(pairs: list[tuple], **extra: object) -> tuple[str, ...] | None:
    item = r.post_workout_mood_drop(from_pairs(pairs, **extra))
    return None if item is None else item.factors


def drop(age: int, **fields: object) -> tuple:
    return paired(age, 7, 4, **fields)  # type: ignore[arg-type]


FACTORS: list[tuple[str, list[tuple], tuple[str, ...]]] = [
    ("no factor known", [drop(6), drop(4), drop(2)], ()),
    (
        "fuel: unfed in 2",
        [drop(6, ate_recently=False), drop(4, ate_recently=False), drop(2, ate_recently=True)],
        ("fuel",),
    ),
    ("fuel: unfed in 1", [drop(6, ate_recently=False), drop(4, ate_recently=True), drop(2)], ()),
    (
        "fuel: unfed once on a drop, once on a session without one",
        [drop(8, ate_recently=False), drop(6), drop(4), paired(2, 7, 7, ate_recently=False)],
        (),
    ),
    (
        "sleep: 5.9 h in 2",
        [drop(6, sleep_hours=5.9), drop(4, sleep_hours=5), drop(2, sleep_hours=8)],
        ("sleep",),
    ),
    (
        "sleep: 6 h is enough",
        [drop(6, sleep_hours=6), drop(4, sleep_hours=6), drop(2, sleep_hours=6)],
        (),
    ),
    (
        "sleep: answered on the after check-in",
        [
            drop(6, after_fields={"sleep_hours": 5}),
            drop(4, after_fields={"sleep_hours": 4}),
            drop(2),
        ],
        ("sleep",),
    ),
    ("stress: 7 in 2", [drop(6, stress=7), drop(4, stress=9), drop(2, stress=2)], ("stress",)),
    ("stress: 6 in 3", [drop(6, stress=6), drop(4, stress=6), drop(2, stress=6)], ()),
    ("load: mean session RPE 8.5", [drop(6, rpe=8), drop(4, rpe=9), drop(2, rpe=8.5)], ("load",)),
    ("load: mean session RPE 8.4", [drop(6, rpe=8), drop(4, rpe=8.7), drop(2, rpe=8.5)], ()),
    ("load: only rated sessions count", [drop(6, rpe=8.5), drop(4), drop(2)], ("load",)),
    (
        "everything, in the contract's order",
        [
            drop(6, ate_recently=False, sleep_hours=5, stress=8, rpe=9),
            drop(4, ate_recently=False, sleep_hours=4, stress=7, rpe=9),
            drop(2, ate_recently=True, sleep_hours=8, stress=3, rpe=9),
        ],
        ("fuel", "sleep", "stress", "load"),
    ),
]


@pytest.mark.parametrize(("name", "pairs", "expected"), FACTORS, ids=[f[0] for f in FACTORS])
def test_post_workout_mood_drop_factors(
    name: str, pairs: list[tuple], expected: tuple[str, ...]
) -> None:
    assert factors_of(pairs) == expected


def test_load_factor_when_overtraining_risk_fires() -> None:
    # Drop sessions rated 7, but the last 3 sessions overall were all RPE 9.
    pairs = [drop(10, rpe=7), drop(8, rpe=7), drop(6, rpe=7)]
    hard = [session(a, rpe=9) for a in (4, 2, 0)]
    scenario = from_pairs(pairs, sessions=hard)
    assert r.overtraining_risk(scenario) is not None
    assert factors_of(pairs, sessions=hard) == ("load",)


# --- overtraining_risk ----------------------------------------------------------------
def acwr(
    acute_minutes: int, *, first_age: int = 21, extra_acute_age: int | None = None
) -> GuidanceInput:
    """Chronic: three sessions of RPE 5 × 30 min (weekly average 150) in days 8–28;
    acute: one session of RPE 5 × ``acute_minutes`` today."""
    chronic = [session(age, rpe=5, minutes=30) for age in (first_age, 14, 9)]
    acute = [
        session(
            extra_acute_age if extra_acute_age is not None else 0,
            "acute",
            rpe=5,
            minutes=acute_minutes,
        )
    ]
    return data(sessions=chronic + acute)


OVERTRAINING: list[Case] = [
    ("ratio exactly 1.5", acwr(45), True),
    ("ratio just under 1.5", acwr(44), False),
    ("only 20 days of history", acwr(45, first_age=20), False),
    ("an acute session at age 6 counts", acwr(45, extra_acute_age=6), True),
    (
        "a session at age 7 is chronic, not acute",
        data(sessions=[session(21, rpe=5, minutes=30), session(7, "x", rpe=5, minutes=60)]),
        False,
    ),
    (
        "chronic load 0",
        data(sessions=[session(21), session(14), session(0, "a", rpe=8, minutes=60)]),
        False,
    ),
    ("last 3 sessions RPE 9", data(sessions=[session(a, rpe=9) for a in (5, 3, 1)]), True),
    (
        "last 3 sessions RPE 9, 9, 8.9",
        data(sessions=[session(5, rpe=9), session(3, rpe=9), session(1, rpe=8.9)]),
        False,
    ),
    ("only 2 sessions at RPE 10", data(sessions=[session(a, rpe=10) for a in (3, 1)]), False),
    (
        "an unrated session among the last 3",
        data(sessions=[session(5, rpe=9), session(3), session(1, rpe=9)]),
        False,
    ),
    (
        "older easy sessions do not matter",
        data(sessions=[session(9, rpe=3), *[session(a, rpe=9.5) for a in (5, 3, 1)]]),
        True,
    ),
    (
        "a hard session dated tomorrow is ignored",
        data(sessions=[session(a, rpe=9) for a in (5, 3, -1)]),
        False,
    ),
]


@pytest.mark.parametrize("case", OVERTRAINING, ids=[c[0] for c in OVERTRAINING])
def test_overtraining_risk(case: Case) -> None:
    run_cases(r.overtraining_risk, case)


def test_overtraining_details_give_the_numbers() -> None:
    item = r.overtraining_risk(acwr(60))
    assert item is not None
    assert item.details["acute_load"] == 300
    assert item.details["chronic_weekly_load"] == 150
    assert item.details["ratio"] == 2


# --- rest_day_due ---------------------------------------------------------------------
REST: list[Case] = [
    ("today, yesterday, the day before", data(sessions=[session(a) for a in (0, 1, 2)]), True),
    ("three days ending yesterday", data(sessions=[session(a) for a in (1, 2, 3)]), True),
    ("a gap yesterday", data(sessions=[session(a) for a in (0, 2, 3)]), False),
    ("three days ending two days ago", data(sessions=[session(a) for a in (2, 3, 4)]), False),
    (
        "two sessions on one day",
        data(sessions=[session(0, "a"), session(0, "b"), session(1)]),
        False,
    ),
]


@pytest.mark.parametrize("case", REST, ids=[c[0] for c in REST])
def test_rest_day_due(case: Case) -> None:
    run_cases(r.rest_day_due, case)


# --- deload_due -----------------------------------------------------------------------
def six_blocks(**override: object) -> list:
    """Two sessions in each 7-day block: ages 7k + 1 and 7k + 4."""
    return [session(7 * k + offset) for k in range(6) for offset in (1, 4)]


DELOAD: list[Case] = [
    ("two per block for six blocks", data(sessions=six_blocks()), True),
    (
        "block 6 sessions on its last two days (40, 41)",
        data(sessions=[*six_blocks()[:-2], session(40), session(41)]),
        True,
    ),
    (
        "a block-6 session 42 days ago is a seventh block",
        data(sessions=[*six_blocks()[:-2], session(41), session(42)]),
        False,
    ),
    ("one block with one session", data(sessions=six_blocks()[:-1]), False),
    (
        "a deload in the fourth block",
        data(sessions=[*six_blocks()[:-5], session(22, "deload", deload=True), *six_blocks()[-4:]]),
        False,
    ),
    (
        "deload flag not answered",
        data(sessions=[*six_blocks()[:-1], session(39, deload=None)]),
        False,
    ),
    ("only five blocks", data(sessions=six_blocks()[:-2]), False),
]


@pytest.mark.parametrize("case", DELOAD, ids=[c[0] for c in DELOAD])
def test_deload_due(case: Case) -> None:
    run_cases(r.deload_due, case)


# --- fuel_reminder --------------------------------------------------------------------
def befores(*ate: bool | None) -> GuidanceInput:
    """Before-check-ins, oldest first, one a day ending today."""
    n = len(ate)
    return data(checkins=[checkin(n - 1 - i, "before", ate_recently=a) for i, a in enumerate(ate)])


FUEL: list[Case] = [
    ("2 of the last 3 unfed", befores(False, True, False), True),
    ("1 of the last 3 unfed", befores(False, True, True), False),
    ("unfed long ago, fed lately", befores(False, False, True, True, False), False),
    ("unfed lately after fed", befores(True, True, False, False), True),
    ("not answered counts as nothing", befores(None, None, False), False),
    ("only two before-check-ins, both unfed", befores(False, False), True),
    (
        "daily check-ins are not before-check-ins",
        data(checkins=[checkin(a, "daily", ate_recently=False) for a in (2, 1, 0)]),
        False,
    ),
]


@pytest.mark.parametrize("case", FUEL, ids=[c[0] for c in FUEL])
def test_fuel_reminder(case: Case) -> None:
    run_cases(r.fuel_reminder, case)


# --- expectations_check ---------------------------------------------------------------
def expectations(
    *,
    first_age: int = 42,
    recent_sessions: int = 8,
    early_mood: int | None = 5,
    recent_mood: int | None = 5,
    early_checkin_offset: int = 0,
) -> GuidanceInput:
    sessions = [session(first_age, "first")] + [
        session(2 * i, f"r{i}") for i in range(recent_sessions)
    ]
    checkins = []
    if early_mood is not None:
        checkins.append(checkin(first_age - early_checkin_offset, "before", early_mood))
    if recent_mood is not None:
        checkins.append(checkin(1, "before", recent_mood))
    return data(sessions=sessions, checkins=checkins)


EXPECTATIONS: list[Case] = [
    ("same mood after 42 days", expectations(), True),
    ("lower mood", expectations(recent_mood=4), True),
    ("higher mood", expectations(recent_mood=6), False),
    ("first session 41 days ago", expectations(first_age=41), False),
    ("7 sessions in the last 28 days", expectations(recent_sessions=7), False),
    ("no early before-mood", expectations(early_mood=None), False),
    ("no recent before-mood", expectations(recent_mood=None), False),
    (
        "early check-in on the 14th date of training (13 days after the first session)",
        expectations(first_age=60, early_checkin_offset=13),
        True,
    ),
    (
        "early check-in 14 days after the first session is past the first 14 days",
        expectations(first_age=60, early_checkin_offset=14),
        False,
    ),
    (
        "a recent session dated tomorrow does not count",
        data(
            sessions=[*expectations(recent_sessions=7).sessions, session(-1, "future")],
            checkins=list(expectations().checkins),
        ),
        False,
    ),
]


@pytest.mark.parametrize("case", EXPECTATIONS, ids=[c[0] for c in EXPECTATIONS])
def test_expectations_check(case: Case) -> None:
    run_cases(r.expectations_check, case)


# --- progress_gently ------------------------------------------------------------------
def easy(*rpes: float | None, ages: tuple[int, ...] = (20, 14, 8, 2)) -> list:
    return [session(age, rpe=rpe) for age, rpe in zip(ages, rpes, strict=True)]


GENTLE: list[tuple[str, GuidanceInput, bool]] = [
    ("four sessions at RPE 5", data(sessions=easy(5, 5, 4, 3)), True),
    ("one at RPE 5.5", data(sessions=easy(5, 5.5, 4, 3)), False),
    ("three sessions", data(sessions=easy(5, 4, 3, ages=(14, 8, 2))), False),
    ("oldest at age 20", data(sessions=easy(5, 5, 5, 5, ages=(20, 14, 8, 2))), True),
    ("oldest at age 21", data(sessions=easy(5, 5, 5, 5, ages=(21, 14, 8, 2))), False),
    ("one dated tomorrow", data(sessions=easy(5, 5, 5, 5, ages=(14, 8, 2, -1))), False),
    ("an unrated session", data(sessions=easy(5, None, 4, 3)), False),
    (
        "a caution item is active",
        data(sessions=easy(5, 5, 4, 3), questionnaires=[phq9_total(1, 12)]),
        False,
    ),
    (
        "an urgent item is active",
        data(sessions=easy(5, 5, 4, 3), checkins=[checkin(0, self_harm_thoughts=True)]),
        False,
    ),
    (
        "an info item does not block it",
        data(sessions=easy(5, 5, 4, 3, ages=(20, 2, 1, 0))),
        True,
    ),
]


@pytest.mark.parametrize("case", GENTLE, ids=[c[0] for c in GENTLE])
def test_progress_gently(case: Case) -> None:
    _, scenario, fires = case
    assert ("progress_gently" in {i.code for i in evaluate(scenario)}) is fires


# --- the engine as a whole ------------------------------------------------------------
def test_no_data_means_no_guidance() -> None:
    assert evaluate(data()) == []


def test_missing_optional_fields_never_trigger_anything() -> None:
    """Lots of history, every optional answer left out: nothing may fire."""
    sessions = [session(age, deload=None) for age in range(0, 60)]
    # Before-mood has risen since the first fortnight, so expectations_check stays quiet.
    checkins = [
        checkin(age, kind, 8 if age <= 14 else 5, session=f"s{age}")
        for age in range(0, 60)
        for kind in ("before", "after")
    ]
    assert evaluate(data(sessions=sessions, checkins=checkins)) == [
        # Sessions on each of the last 3 days is a fact, not a missing answer.
        GuidanceItem("rest_day_due", "info")
    ]


def test_items_are_sorted_urgent_caution_info_in_table_order() -> None:
    pairs = [drop(6, ate_recently=False), drop(4, ate_recently=False), drop(2, ate_recently=False)]
    scenario = from_pairs(
        pairs,
        sessions=[session(1, "x"), session(0, "y")],
        checkins=[
            checkin(0, "after", warning_symptoms=["dizziness"]),
            checkin(0, self_harm_thoughts=True),
        ],
        questionnaires=[phq9_total(0, 14)],
        profile=Profile(readiness_yes=("heart",), clearance_recorded=False),
    )
    assert [(i.code, i.severity) for i in evaluate(scenario)] == [
        ("crisis_support", "urgent"),
        ("stop_and_seek_care", "urgent"),
        ("seek_professional", "caution"),
        ("medical_clearance_advised", "caution"),
        ("post_workout_mood_drop", "caution"),
        ("rest_day_due", "info"),
        ("fuel_reminder", "info"),
    ]


def test_json_shape() -> None:
    item = GuidanceItem("post_workout_mood_drop", "caution", ("fuel", "load"), details={"x": 1})
    assert item.as_json() == {
        "code": "post_workout_mood_drop",
        "severity": "caution",
        "factors": ["fuel", "load"],
    }


def test_today_is_the_evaluation_date() -> None:
    assert day(0) == TODAY
