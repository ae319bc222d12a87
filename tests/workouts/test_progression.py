"""The progression engine, table-driven. Pure Python: no database, no Django."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from apps.accounts.units import kg_to_unit
from apps.workouts import progression
from apps.workouts.progression import (
    Change,
    Exposure,
    LoggedSet,
    Measure,
    Target,
    deload_rpe,
    deload_sets,
    equipment_step,
    format_load,
    hold_sentence,
    increment_in_unit,
    suggest,
)

D = Decimal


def sets(load: str | None, *reps: int, rpe: str | None = None) -> Exposure:
    return Exposure(
        tuple(
            LoggedSet(reps=r, load_kg=D(load) if load else None, rpe=D(rpe) if rpe else None)
            for r in reps
        )
    )


def held_for(seconds: int, *done: int) -> Exposure:
    return Exposure(tuple(LoggedSet(seconds=s) for s in done), target_seconds=seconds)


LEG_PRESS = Target(
    measure=Measure.LOAD,
    sets=3,
    reps_low=8,
    reps_high=12,
    target_rpe_low=D("6"),
    target_rpe_high=D("8"),
    increment_kg=D("2.5"),
    equipment="machine",
)
CURL = Target(
    measure=Measure.LOAD,
    sets=2,
    reps_low=10,
    reps_high=15,
    target_rpe_high=D("8"),
    increment_kg=D("1"),
    equipment="dumbbell",
)
PRESS_UP = Target(measure=Measure.BODYWEIGHT, sets=3, reps_low=6, reps_high=12)
PLANK = Target(measure=Measure.TIMED, sets=2, seconds=30, target_rpe_high=D("8"))


@pytest.mark.parametrize(
    ("name", "target", "exposures", "change", "load", "reps", "reason"),
    [
        (
            "top of range twice → increase",
            LEG_PRESS,
            [sets("40", 12, 12, 12, rpe="7"), sets("40", 12, 12, 12, rpe="8")],
            Change.INCREASE,
            "42.50",
            8,
            "You hit 3×12 twice — time for 2.5 kg more.",
        ),
        (
            "top of range twice without RPE → increase",
            LEG_PRESS,
            [sets("40", 12, 13, 12), sets("40", 12, 12, 12)],
            Change.INCREASE,
            "42.50",
            8,
            "time for 2.5 kg more",
        ),
        (
            "top of range once → hold the load, match it again",
            LEG_PRESS,
            [sets("40", 12, 12, 12), sets("40", 12, 11, 10)],
            Change.SAME,
            "40",
            12,
            "Do it once more and the weight goes up.",
        ),
        (
            "only one exposure so far → same load, one more rep",
            LEG_PRESS,
            [sets("40", 10, 9, 9)],
            Change.SAME,
            "40",
            10,
            "aim for 10 reps",
        ),
        (
            "top of range twice but harder than the target RPE → same",
            LEG_PRESS,
            [sets("40", 12, 12, 12, rpe="9"), sets("40", 12, 12, 12, rpe="9")],
            Change.SAME,
            "40",
            12,
            "aim for 12 reps",
        ),
        (
            "the older exposure was at a lighter load → gate restarts",
            LEG_PRESS,
            [sets("42.5", 12, 12, 12), sets("40", 12, 12, 12)],
            Change.SAME,
            "42.5",
            12,
            "once more",
        ),
        (
            "missed reps twice at RPE ≥ 9.5 → 10 % off",
            LEG_PRESS,
            [sets("50", 8, 7, 6, rpe="10"), sets("50", 8, 7, 6, rpe="9.5")],
            Change.DECREASE,
            "45",
            8,
            "45 kg lets you build back up",
        ),
        (
            "missed reps once at RPE 10 → same load",
            LEG_PRESS,
            [sets("50", 8, 7, 6, rpe="10"), sets("50", 9, 8, 8, rpe="8")],
            Change.SAME,
            "50",
            8,
            "aim for 8 reps",
        ),
        (
            "missed reps twice but with reps left (RPE 9) → same load",
            LEG_PRESS,
            [sets("50", 7, 7, 6, rpe="9"), sets("50", 7, 7, 6, rpe="9")],
            Change.SAME,
            "50",
            8,
            "aim for 8 reps",
        ),
        (
            "missed reps twice without an RPE → same load (no guessing)",
            LEG_PRESS,
            [sets("50", 7, 6), sets("50", 7, 6)],
            Change.SAME,
            "50",
            8,
            "aim for 8 reps",
        ),
        (
            "middle of the range → one more rep than the weakest set",
            CURL,
            [sets("8", 12, 11), sets("8", 11, 10)],
            Change.SAME,
            "8",
            12,
            "aim for 12 reps",
        ),
        (
            "a small lift gets a small increment",
            CURL,
            [sets("8", 15, 15), sets("8", 15, 15)],
            Change.INCREASE,
            "9",
            10,
            "time for 1 kg more",
        ),
        (
            "first time → no load guess, bottom of the range",
            LEG_PRESS,
            [],
            Change.FIRST,
            None,
            8,
            "First time",
        ),
        (
            "bodyweight: first time",
            PRESS_UP,
            [],
            Change.FIRST,
            None,
            6,
            "aim for 6 smooth reps",
        ),
        (
            "bodyweight: in the range → one more rep",
            PRESS_UP,
            [sets(None, 9, 8, 8), sets(None, 8, 8, 7)],
            Change.SAME,
            None,
            9,
            "one more rep than last time: 9",
        ),
        (
            "bodyweight: top of range twice → progress by reps",
            PRESS_UP,
            [sets(None, 12, 12, 12), sets(None, 12, 12, 12)],
            Change.INCREASE,
            None,
            13,
            "go for 13 reps, or try a harder version",
        ),
        (
            "bodyweight: top of range once → reps, not load",
            PRESS_UP,
            [sets(None, 12, 12, 12), sets(None, 10, 9, 9)],
            Change.SAME,
            None,
            12,
            "Do it once more, then add reps",
        ),
        (
            "bodyweight: missed twice at RPE 10 → easier",
            PRESS_UP,
            [sets(None, 5, 4, rpe="10"), sets(None, 5, 4, rpe="10")],
            Change.DECREASE,
            None,
            6,
            "easier version",
        ),
        (
            "a load exercise done without weight progresses by reps",
            LEG_PRESS,
            [sets(None, 10, 10, 10)],
            Change.SAME,
            None,
            11,
            "one more rep",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else "",
)
def test_load_and_rep_rules(
    name: str,
    target: Target,
    exposures: list[Exposure],
    change: Change,
    load: str | None,
    reps: int,
    reason: str,
) -> None:
    result = suggest(target, exposures)
    assert result.change == change
    assert result.load_kg == (D(load) if load else None)
    assert result.reps == reps
    assert reason in result.reason
    assert result.sets == target.sets
    assert not result.held


@pytest.mark.parametrize(
    ("exposures", "change", "seconds", "reason"),
    [
        ([], Change.FIRST, 30, "First time: hold 30 seconds"),
        ([held_for(30, 30, 32)], Change.SAME, 30, "Hold 30 seconds"),
        ([held_for(30, 30, 30), held_for(30, 25, 20)], Change.SAME, 30, "Hold 30"),
        ([held_for(30, 30, 31), held_for(30, 35, 30)], Change.INCREASE, 35, "try 35 seconds"),
        ([held_for(35, 35, 35), held_for(30, 30, 30)], Change.SAME, 35, "Hold 35"),
        ([held_for(60, 60, 60), held_for(60, 61, 60)], Change.INCREASE, 65, "try 1 minute 5"),
        ([held_for(120, 120, 120), held_for(120, 120, 125)], Change.INCREASE, 130, "2 minutes 10"),
    ],
)
def test_timed_exercises_progress_by_seconds(
    exposures: list[Exposure], change: Change, seconds: int, reason: str
) -> None:
    result = suggest(PLANK, exposures)
    assert (result.change, result.seconds, result.load_kg) == (change, seconds, None)
    assert reason in result.reason
    assert "hold for" not in result.reason.lower()


def test_a_timed_walk_reads_as_a_walk_in_minutes() -> None:
    walk = replace(PLANK, seconds=180, movement_pattern="cardio")
    assert suggest(walk, []).reason.startswith("First time: walk 3 minutes")
    done = [held_for(180, 180, 180), held_for(180, 180, 180)]
    result = suggest(walk, done)
    assert result.seconds == 200
    assert "You walked 3 minutes in every set twice — try 3 minutes 20 seconds." in result.reason
    assert suggest(walk, done[:1]).reason.startswith("Walk 3 minutes in each set")


@pytest.mark.parametrize(
    ("increment_kg", "equipment", "stored_kg", "expected_lb", "reason"),
    [
        # 2.5 kg is 5.5 lb: a pound user gets a real 5 lb step.
        ("2.5", "machine", "47.63", "110", "time for 5 lb more"),
        ("5", "machine", "90.72", "210", "time for 10 lb more"),
        ("1.25", "barbell", "20.41", "47.5", "time for 2.5 lb more"),
        ("1", "dumbbell", "9.07", "22.5", "time for 2.5 lb more"),
        # Logged in kg before switching units: 50 kg is 110.2 lb, snap to the plates.
        ("2.5", "barbell", "50", "115", "time to go up to 115 lb"),
    ],
)
def test_pound_users_get_pound_increments(
    increment_kg: str, equipment: str, stored_kg: str, expected_lb: str, reason: str
) -> None:
    target = Target(
        measure=Measure.LOAD,
        sets=3,
        reps_low=8,
        reps_high=12,
        increment_kg=D(increment_kg),
        equipment=equipment,
    )
    history = [sets(stored_kg, 12, 12, 12), sets(stored_kg, 12, 12, 12)]
    result = suggest(target, history, unit="lb")
    assert result.change == Change.INCREASE
    assert result.load_kg is not None
    assert format_load(result.load_kg, "lb") == f"{expected_lb} lb"
    assert reason in result.reason


@pytest.mark.parametrize(
    ("equipment", "increment", "current", "expected"),
    [
        ("machine", "2.5", "40", "42.50"),
        ("machine", "2.5", "47", "50"),  # off the stack's grid: land on a real plate
        ("dumbbell", "2", "11", "13"),
        ("barbell", "5", "60", "65"),
        ("band", "1", "3", "4"),
    ],
)
def test_increments_round_to_what_the_equipment_allows(
    equipment: str, increment: str, current: str, expected: str
) -> None:
    target = Target(
        measure=Measure.LOAD,
        sets=3,
        reps_low=8,
        reps_high=12,
        increment_kg=D(increment),
        equipment=equipment,
    )
    result = suggest(target, [sets(current, 12, 12, 12), sets(current, 12, 12, 12)])
    assert result.load_kg == D(expected)


@pytest.mark.parametrize(
    ("increment_kg", "unit", "expected"),
    [
        ("2.5", "kg", "2.5"),
        ("2.5", "lb", "5"),
        ("1.25", "lb", "2.5"),
        ("1", "lb", "2.5"),
        ("2", "lb", "5"),
        ("5", "lb", "10"),
        ("10", "lb", "20"),
    ],
)
def test_increment_in_unit(increment_kg: str, unit: str, expected: str) -> None:
    assert increment_in_unit(D(increment_kg), unit) == D(expected)


@pytest.mark.parametrize(
    ("equipment", "increment", "unit", "expected"),
    [
        ("machine", "2.5", "kg", "2.5"),
        ("machine", "5", "kg", "2.5"),
        ("dumbbell", "2", "kg", "1"),
        ("barbell", "1.25", "kg", "1.25"),
        ("machine", "5", "lb", "5"),
        ("dumbbell", "2.5", "lb", "2.5"),
        ("band", "1", "kg", "0.5"),
    ],
)
def test_equipment_step(equipment: str, increment: str, unit: str, expected: str) -> None:
    assert equipment_step(equipment, D(increment), unit) == D(expected)


@pytest.mark.parametrize(
    ("planned", "expected"), [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 4), (10, 6)]
)
def test_deload_cuts_sets_by_about_forty_percent(planned: int, expected: int) -> None:
    assert deload_sets(planned) == expected


@pytest.mark.parametrize(
    ("name", "target", "exposures", "sets_", "load", "reps", "seconds"),
    [
        (
            "would have increased: keeps the load",
            LEG_PRESS,
            [sets("40", 12, 12, 12), sets("40", 12, 12, 12)],
            2,
            "40",
            8,
            None,
        ),
        ("same load, bottom of the range", LEG_PRESS, [sets("40", 10, 9, 9)], 2, "40", 8, None),
        ("first time", LEG_PRESS, [], 2, None, 8, None),
        (
            "bodyweight",
            PRESS_UP,
            [sets(None, 12, 12, 12), sets(None, 12, 12, 12)],
            2,
            None,
            6,
            None,
        ),
        (
            "timed: no extra seconds",
            PLANK,
            [held_for(30, 30, 30), held_for(30, 30, 30)],
            1,
            None,
            None,
            30,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else "",
)
def test_deload_week(
    name: str,
    target: Target,
    exposures: list[Exposure],
    sets_: int,
    load: str | None,
    reps: int | None,
    seconds: int | None,
) -> None:
    result = suggest(target, exposures, deload=True)
    assert result.change == Change.DELOAD
    assert (result.sets, result.reps, result.seconds) == (sets_, reps, seconds)
    assert result.load_kg == (D(load) if load else None)
    # Two more reps in reserve: the target effort drops by two RPE points.
    if target.target_rpe_high is not None:
        assert result.target_rpe_high == target.target_rpe_high - 2
    assert "Lighter week" in result.reason


def test_deload_already_applied_upstream_is_not_cut_twice() -> None:
    week_applied = Target(
        measure=Measure.LOAD,
        sets=2,
        reps_low=8,
        reps_high=12,
        target_rpe_low=D("4"),
        target_rpe_high=D("5"),
    )
    result = suggest(
        week_applied,
        [sets("40", 12, 12, 12), sets("40", 12, 12, 12)],
        deload=True,
        volume_already_cut=True,
    )
    assert (result.change, result.sets, result.load_kg, result.reps) == (
        Change.DELOAD,
        2,
        D("40"),
        8,
    )
    assert (result.target_rpe_low, result.target_rpe_high) == (D("4"), D("5"))


def test_deload_keeps_a_needed_back_off() -> None:
    grind = [sets("50", 7, 6, rpe="10"), sets("50", 7, 6, rpe="10")]
    result = suggest(LEG_PRESS, grind, deload=True)
    assert result.load_kg == D("45")
    assert result.sets == 2


@pytest.mark.parametrize(("rpe", "expected"), [("8", "6"), ("7", "5"), ("2", "1"), (None, None)])
def test_deload_rpe(rpe: str | None, expected: str | None) -> None:
    assert deload_rpe(D(rpe) if rpe else None) == (D(expected) if expected else None)


TOPPED_TWICE = [sets("40", 12, 12, 12), sets("40", 12, 12, 12)]


@pytest.mark.parametrize(
    ("holds", "phrase"),
    [
        ({"low_checkin"}, "mood or energy is low today"),
        ({"post_workout_mood_drop"}, "leaving you feeling lower"),
        ({"overtraining_risk"}, "building up quickly"),
        ({"deload_due"}, "a lighter week is due"),
        ({"stop_and_seek_care"}, "symptom that should be checked first"),
        ({"postpartum_red_flag"}, "pelvic symptom"),
        ({"deload_due", "low_checkin"}, "low today, and that's okay, and a lighter week is due"),
    ],
)
def test_holds_stop_an_increase(holds: set[str], phrase: str) -> None:
    result = suggest(LEG_PRESS, TOPPED_TWICE, holds=holds)
    assert result.change == Change.HELD
    assert result.held
    assert result.load_kg == D("40")
    assert result.reps == 12
    assert result.hold_reasons == tuple(sorted(holds))
    assert "You hit 3×12 twice, but today stays at 40 kg because" in result.reason
    assert phrase in result.reason


@pytest.mark.parametrize(
    ("target", "exposures", "expected"),
    [
        (LEG_PRESS, [sets("40", 10, 9, 9)], {"load_kg": D("40"), "reps": 9}),
        (PRESS_UP, [sets(None, 12, 12), sets(None, 12, 12)], {"reps": 12}),
        (PLANK, [held_for(30, 30, 30), held_for(30, 30, 30)], {"seconds": 30}),
    ],
)
def test_holds_keep_last_time_numbers(
    target: Target, exposures: list[Exposure], expected: dict[str, object]
) -> None:
    result = suggest(target, exposures, holds={"overtraining_risk"})
    assert result.change == Change.HELD
    for key, value in expected.items():
        assert getattr(result, key) == value
    assert "because your training has been building up quickly" in result.reason


def test_a_hold_never_blocks_backing_off() -> None:
    grind = [sets("50", 7, 6, rpe="10"), sets("50", 7, 6, rpe="10")]
    result = suggest(LEG_PRESS, grind, holds={"low_checkin"})
    assert result.change == Change.DECREASE
    assert result.load_kg == D("45")


def test_hold_sentence_orders_reasons_and_knows_unknown_codes() -> None:
    assert hold_sentence({"something_new"}) == "of today's guidance"
    assert hold_sentence({"deload_due", "overtraining_risk", "low_checkin"}).startswith(
        "you said your mood"
    )


@pytest.mark.parametrize(
    ("kg", "unit", "text"),
    [("60", "kg", "60 kg"), ("42.50", "kg", "42.5 kg"), ("60", "lb", "132.3 lb")],
)
def test_format_load(kg: str, unit: str, text: str) -> None:
    assert format_load(D(kg), unit) == text


@pytest.mark.parametrize(
    ("equipment", "pattern", "compound", "unit", "shown"),
    [
        ("machine", "squat", True, "kg", "5"),
        ("machine", "isolation", False, "lb", "10"),
        ("cable", "vertical_pull", True, "kg", "2.5"),
        ("cable", "vertical_pull", True, "lb", "5"),
        ("barbell", "squat", True, "kg", "20"),
        ("barbell", "horizontal_push", True, "lb", "45"),
        ("dumbbell", "squat", True, "kg", "6"),
        ("dumbbell", "horizontal_pull", True, "lb", "15"),
        ("dumbbell", "vertical_push", True, "kg", "4"),
        ("dumbbell", "isolation", False, "lb", "5"),
        ("band", "horizontal_pull", True, "kg", None),
        ("bodyweight", "squat", True, "kg", None),
    ],
)
def test_a_first_time_weight_is_light_for_the_equipment(
    equipment: str, pattern: str, compound: bool, unit: str, shown: str | None
) -> None:
    start = progression.starting_load_kg(
        equipment=equipment, movement_pattern=pattern, is_compound=compound, unit=unit
    )
    if shown is None:
        assert start is None
    else:
        assert start is not None
        assert progression.format_amount(kg_to_unit(start, unit)) == shown
