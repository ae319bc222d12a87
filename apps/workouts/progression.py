"""The progression engine: what to lift next time. Pure Python, no Django.

Rules, in order (numbers from DOMAIN.md):

- **Double progression with a 2-for-2 gate** (NSCA "2-for-2" rule; ACSM 2009 position
  stand on progression models). When every working set of the last two exposures reached
  the top of the rep range at or below the target RPE, at the current load, add the
  exercise's increment (ACSM/NSCA: about 2.5–5 %, 1–2.5 kg for upper-body and small
  lifts, 2.5–5 kg for lower-body compound lifts), rounded to what the equipment allows,
  and go back to the bottom of the range.
- **Back off after two grinding sessions.** When a set fell below the bottom of the range
  at RPE ≥ 9.5 (no reps left, Zourdos 2016 / Helms 2016 reps-in-reserve scale) in each of
  the last two exposures, take 10 % off.
- **Otherwise** keep the load and aim for one more rep than the weakest set last time.
- **Bodyweight** exercises progress by reps and **timed** ones by seconds, with the same
  2-for-2 gate.
- **Deload weeks** (Bell et al., Sports Med Open 2024) cut sets by about 40 % and add two
  reps in reserve (target RPE − 2) while keeping the exercise and the load.
- **Holds.** Any hold reason (a low before-session check-in, or a guidance code such as
  ``overtraining_risk``) turns an increase into "same as last time". Decreases still
  apply: backing off is always allowed.

A missing RPE never blocks an increase (most people skip it) and never triggers a
decrease (we cannot know the set was a grind). Exposures from deload sessions should not
be passed in: their reps are deliberately low and would reset the gate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from apps.accounts.units import KG, LB, increment_in_unit, kg_to_unit, unit_to_kg
from apps.programs.schedule import duration_text

# Bell et al. 2024: deloads cut volume by about 40 % and add about 2 reps in reserve.
DELOAD_SET_FACTOR = Decimal("0.6")
DELOAD_EXTRA_RIR = Decimal("2")
# −10 % after two exposures that fell short at (nearly) maximal effort.
BACK_OFF_FACTOR = Decimal("0.9")
GRINDING_RPE = Decimal("9.5")
# The finest step each kind of equipment usually offers, per unit.
EQUIPMENT_STEP = {
    KG: {
        "barbell": Decimal("2.5"),
        "machine": Decimal("2.5"),
        "cable": Decimal("2.5"),
        "dumbbell": Decimal("1"),
    },
    LB: {
        "barbell": Decimal("5"),
        "machine": Decimal("5"),
        "cable": Decimal("5"),
        "dumbbell": Decimal("5"),
    },
}
DEFAULT_STEP = {KG: Decimal("0.5"), LB: Decimal("2.5")}
# A light first weight, per unit, for someone who has never done the exercise: the
# lightest stack setting of a machine or cable, the empty bar, and for dumbbells a weight
# most beginners can move with good form (lighter for presses and small single-joint
# lifts). Sedentary starters begin at about 40-50 % of 1RM (ACSM 2009); these sit below
# that for nearly everyone, and the first set's reps and RPE move them from there.
STARTING_LOAD = {
    KG: {"machine": Decimal("5"), "cable": Decimal("2.5"), "barbell": Decimal("20")},
    LB: {"machine": Decimal("10"), "cable": Decimal("5"), "barbell": Decimal("45")},
}
STARTING_DUMBBELL = {
    KG: {"legs_or_pull": Decimal("6"), "press": Decimal("4"), "single_joint": Decimal("2")},
    LB: {"legs_or_pull": Decimal("15"), "press": Decimal("10"), "single_joint": Decimal("5")},
}
DUMBBELL_PRESSES = {"horizontal_push", "vertical_push"}
# Timed holds grow by 10 %, at least 5 seconds, in 5-second steps.
TIMED_STEP_SECONDS = 5


class Measure(StrEnum):
    LOAD = "load"
    BODYWEIGHT = "bodyweight"
    TIMED = "timed"


class Change(StrEnum):
    FIRST = "first"
    INCREASE = "increase"
    SAME = "same"
    DECREASE = "decrease"
    HELD = "held"
    DELOAD = "deload"


# Plain words for each hold reason, finishing the sentence "…because ___".
HOLD_PHRASES = {
    "low_checkin": "you said your mood or energy is low today, and that's okay",
    "post_workout_mood_drop": "workouts have been leaving you feeling lower lately",
    "overtraining_risk": "your training has been building up quickly",
    "deload_due": "a lighter week is due",
    "stop_and_seek_care": "you mentioned a symptom that should be checked first",
    "postpartum_red_flag": "you mentioned a pelvic symptom that should be checked first",
}
HOLD_ORDER = tuple(HOLD_PHRASES)


@dataclass(frozen=True)
class LoggedSet:
    reps: int | None = None
    load_kg: Decimal | None = None
    seconds: int | None = None
    rpe: Decimal | None = None


@dataclass(frozen=True)
class Exposure:
    """One earlier session's working sets of this exercise, with the goal it was given."""

    sets: tuple[LoggedSet, ...]
    target_seconds: int | None = None


@dataclass(frozen=True)
class Target:
    """What the program asks for today (before deload adjustments)."""

    measure: Measure
    sets: int
    reps_low: int | None = None
    reps_high: int | None = None
    seconds: int | None = None
    target_rpe_low: Decimal | None = None
    target_rpe_high: Decimal | None = None
    increment_kg: Decimal = Decimal("2.5")
    equipment: str = "machine"
    # Timed work reads as what it is: "walk 3 minutes", "hold 45 seconds".
    movement_pattern: str = ""


@dataclass(frozen=True)
class Suggestion:
    change: Change
    sets: int
    reason: str
    load_kg: Decimal | None = None
    reps: int | None = None
    seconds: int | None = None
    target_rpe_low: Decimal | None = None
    target_rpe_high: Decimal | None = None
    held: bool = False
    hold_reasons: tuple[str, ...] = field(default_factory=tuple)


def deload_sets(sets: int) -> int:
    """About 40 % fewer sets, never fewer than one (Bell et al. 2024)."""
    return max(1, int((Decimal(sets) * DELOAD_SET_FACTOR).to_integral_value(ROUND_HALF_UP)))


def deload_rpe(rpe: Decimal | None) -> Decimal | None:
    """Two more reps in reserve is two points lower on the RIR-based RPE scale."""
    if rpe is None:
        return None
    return max(Decimal("1"), rpe - DELOAD_EXTRA_RIR)


def equipment_step(equipment: str, increment: Decimal, unit: str) -> Decimal:
    """The grid loads are rounded to: the finer of the equipment's step and the increment."""
    step = EQUIPMENT_STEP.get(unit, EQUIPMENT_STEP[KG]).get(equipment, DEFAULT_STEP[unit])
    return min(step, increment) if increment > 0 else step


def round_to_step(value: Decimal, step: Decimal) -> Decimal:
    return ((value / step).to_integral_value(ROUND_HALF_UP) * step).normalize()


def format_amount(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_load(load_kg: Decimal, unit: str) -> str:
    """A stored kilogram load in the person's unit: "60 kg", "132.5 lb"."""
    return f"{format_amount(kg_to_unit(load_kg, unit))} {unit}"


def starting_load_kg(
    *, equipment: str, movement_pattern: str, is_compound: bool, unit: str = KG
) -> Decimal | None:
    """A conservative first weight (stored in kg) for an exercise never done before, or
    None where no weight is loaded (bands, bodyweight)."""
    unit = unit if unit in STARTING_LOAD else KG
    if equipment == "dumbbell":
        if not is_compound:
            kind = "single_joint"
        elif movement_pattern in DUMBBELL_PRESSES:
            kind = "press"
        else:
            kind = "legs_or_pull"
        return unit_to_kg(STARTING_DUMBBELL[unit][kind], unit)
    start = STARTING_LOAD[unit].get(equipment)
    return unit_to_kg(start, unit) if start is not None else None


def hold_sentence(reasons: Iterable[str]) -> str:
    ordered = sorted(set(reasons), key=lambda r: HOLD_ORDER.index(r) if r in HOLD_ORDER else 99)
    phrases = [HOLD_PHRASES.get(reason, "of today's guidance") for reason in ordered]
    if len(phrases) == 1:
        return phrases[0]
    return ", ".join(phrases[:-1]) + ", and " + phrases[-1]


def suggest(
    target: Target,
    exposures: Sequence[Exposure],
    *,
    unit: str = KG,
    deload: bool = False,
    volume_already_cut: bool = False,
    holds: Iterable[str] = (),
) -> Suggestion:
    """Suggest today's sets, load, reps or seconds from the last exposures (newest first).

    ``volume_already_cut`` says the target's sets and RPE already carry the deload week's
    cut (the programs app applies week modifiers to effective prescriptions); the deload
    then only stops increases and resets reps to the bottom of the range.
    """
    hold_reasons = tuple(sorted(set(holds)))
    history = [exposure for exposure in exposures if exposure.sets][:2]
    if target.measure == Measure.TIMED:
        result = _timed(target, history, hold_reasons)
    elif not history:
        result = _first(target)
    elif target.measure == Measure.BODYWEIGHT or not _has_load(history[0]):
        result = _by_reps(target, history, hold_reasons)
    else:
        result = _by_load(target, history, hold_reasons, unit)
    if deload:
        return _deloaded(target, result, history, unit, cut=not volume_already_cut)
    return result


def _has_load(exposure: Exposure) -> bool:
    return any(s.load_kg for s in exposure.sets)


def _rpe_ok(logged: LoggedSet, target: Target) -> bool:
    return (
        logged.rpe is None or target.target_rpe_high is None or logged.rpe <= target.target_rpe_high
    )


def _grinding_miss(logged: LoggedSet, reps_low: int) -> bool:
    return logged.reps is not None and logged.reps < reps_low and (logged.rpe or 0) >= GRINDING_RPE


def _min_reps(exposure: Exposure) -> int:
    return min((s.reps for s in exposure.sets if s.reps is not None), default=0)


def _make(
    target: Target,
    change: Change,
    reason: str,
    *,
    load_kg: Decimal | None = None,
    reps: int | None = None,
    seconds: int | None = None,
    holds: tuple[str, ...] = (),
) -> Suggestion:
    return Suggestion(
        change=change,
        sets=target.sets,
        reason=reason,
        load_kg=load_kg,
        reps=reps,
        seconds=seconds,
        target_rpe_low=target.target_rpe_low,
        target_rpe_high=target.target_rpe_high,
        held=bool(holds) and change == Change.HELD,
        hold_reasons=holds,
    )


def _by_load(
    target: Target, history: list[Exposure], holds: tuple[str, ...], unit: str
) -> Suggestion:
    low = target.reps_low or 8
    high = target.reps_high or low
    last = history[0]
    current_kg = max(s.load_kg for s in last.sets if s.load_kg is not None)
    current = kg_to_unit(current_kg, unit)
    shown = f"{format_amount(current)} {unit}"
    increment = increment_in_unit(target.increment_kg, unit)
    step = equipment_step(target.equipment, increment, unit)
    two = len(history) == 2

    def at_current(exposure: Exposure) -> bool:
        return all((s.load_kg or 0) >= current_kg for s in exposure.sets)

    topped = [
        at_current(e) and all((s.reps or 0) >= high and _rpe_ok(s, target) for s in e.sets)
        for e in history
    ]
    if two and all(topped):
        sets_done = len(last.sets)
        if holds:
            reason = (
                f"You hit {sets_done}×{high} twice, but today stays at {shown} "
                f"because {hold_sentence(holds)}."
            )
            return _make(target, Change.HELD, reason, load_kg=current_kg, reps=high, holds=holds)
        new = round_to_step(current + increment, step)
        if new <= current:
            new = current + step
        hit = f"You hit {sets_done}×{high} twice"
        if new - current == increment:
            reason = f"{hit} — time for {format_amount(increment)} {unit} more."
        else:
            reason = f"{hit} — time to go up to {format_amount(new)} {unit}."
        return _make(target, Change.INCREASE, reason, load_kg=unit_to_kg(new, unit), reps=low)
    grinding = [
        any(_grinding_miss(s, low) for s in e.sets)
        and max((s.load_kg or 0) for s in e.sets) >= current_kg
        for e in history
    ]
    if two and all(grinding):
        new = round_to_step(current * BACK_OFF_FACTOR, step)
        if new >= current:
            new = max(Decimal(0), current - step)
        reason = (
            f"The last two sessions at {shown} were a real grind — "
            f"{format_amount(new)} {unit} lets you build back up with good reps."
        )
        return _make(
            target, Change.DECREASE, reason, load_kg=unit_to_kg(new, unit), reps=low, holds=holds
        )
    weakest = _min_reps(last)
    if holds:
        reps = min(max(weakest, low), high)
        reason = f"Same as last time, {shown} × {reps}, because {hold_sentence(holds)}."
        return _make(target, Change.HELD, reason, load_kg=current_kg, reps=reps, holds=holds)
    if topped[0]:
        reps = high
        reason = f"You reached {high} reps at {shown}. Do it once more and the weight goes up."
    else:
        reps = min(max(weakest + 1, low), high)
        reason = f"Same weight as last time — aim for {reps} reps."
    return _make(target, Change.SAME, reason, load_kg=current_kg, reps=reps)


def _by_reps(target: Target, history: list[Exposure], holds: tuple[str, ...]) -> Suggestion:
    low = target.reps_low or 8
    high = target.reps_high or low
    if not history:
        return _first(target)
    last = history[0]
    weakest = _min_reps(last)
    two = len(history) == 2
    topped = [all((s.reps or 0) >= high and _rpe_ok(s, target) for s in e.sets) for e in history]
    if two and all(any(_grinding_miss(s, low) for s in e.sets) for e in history):
        reason = (
            f"The last two sessions were a real grind — aim for {low} good reps, "
            "or swap to an easier version for a while."
        )
        return _make(target, Change.DECREASE, reason, reps=low, holds=holds)
    if holds:
        reps = max(weakest, low)
        reason = f"Same as last time, {reps} reps, because {hold_sentence(holds)}."
        return _make(target, Change.HELD, reason, reps=reps, holds=holds)
    if two and all(topped):
        reps = max(weakest, high) + 1
        reason = (
            f"You hit {len(last.sets)}×{high} twice — go for {reps} reps, "
            "or try a harder version when you feel ready."
        )
        return _make(target, Change.INCREASE, reason, reps=reps)
    if topped[0]:
        reps = max(weakest, high)
        reason = f"You reached {reps} reps in every set. Do it once more, then add reps."
        return _make(target, Change.SAME, reason, reps=reps)
    reps = min(max(weakest + 1, low), high)
    return _make(target, Change.SAME, f"Aim for one more rep than last time: {reps}.", reps=reps)


def _timed(target: Target, history: list[Exposure], holds: tuple[str, ...]) -> Suggestion:
    prescribed = target.seconds or 30

    def doing(seconds: int, *, past: bool = False) -> str:
        return duration_text(seconds, target.movement_pattern, past=past)

    if not history:
        reason = f"First time: {doing(prescribed)}, breathing steadily."
        return _make(target, Change.FIRST, reason, seconds=prescribed)
    goal = max(history[0].target_seconds or prescribed, prescribed)
    if holds:
        reason = f"Same as last time, {duration_text(goal)}, because {hold_sentence(holds)}."
        return _make(target, Change.HELD, reason, seconds=goal, holds=holds)

    def met(exposure: Exposure) -> bool:
        reached = (exposure.target_seconds or prescribed) >= goal
        return reached and all(
            (s.seconds or 0) >= goal and _rpe_ok(s, target) for s in exposure.sets
        )

    if len(history) == 2 and all(met(e) for e in history):
        step = max(TIMED_STEP_SECONDS, round(goal * 0.1 / TIMED_STEP_SECONDS) * TIMED_STEP_SECONDS)
        new = goal + step
        reason = f"You {doing(goal, past=True)} in every set twice — try {duration_text(new)}."
        return _make(target, Change.INCREASE, reason, seconds=new)
    reason = f"{doing(goal).capitalize()} in each set; twice in a row and it goes up."
    return _make(target, Change.SAME, reason, seconds=goal)


def _first(target: Target) -> Suggestion:
    low = target.reps_low or 8
    if target.measure == Measure.BODYWEIGHT:
        reason = f"First time: aim for {low} smooth reps and learn the movement."
    else:
        reason = (
            f"First time: pick a weight you could lift for {low} reps with a few left in "
            "the tank. Form first, load later."
        )
    return _make(target, Change.FIRST, reason, reps=low)


def _deloaded(
    target: Target, result: Suggestion, history: list[Exposure], unit: str, *, cut: bool
) -> Suggestion:
    """Apply a deload week: fewer sets, two more reps in reserve, no increase."""
    load_kg = result.load_kg
    reps = result.reps
    seconds = result.seconds
    if result.change == Change.INCREASE:
        # Keep last time's numbers: a deload week never adds load, reps or time.
        last = history[0]
        if target.measure == Measure.TIMED:
            seconds = max(history[0].target_seconds or 0, target.seconds or 0) or seconds
        elif load_kg is not None:
            load_kg = max(s.load_kg for s in last.sets if s.load_kg is not None)
    if target.measure != Measure.TIMED and target.reps_low is not None:
        reps = target.reps_low
    sets = deload_sets(target.sets) if cut else target.sets
    what = (
        f"{format_load(load_kg, unit)} × {reps}"
        if load_kg is not None
        else (duration_text(seconds) if seconds is not None else f"{reps} reps")
    )
    return Suggestion(
        change=Change.DELOAD,
        sets=sets,
        load_kg=load_kg,
        reps=reps,
        seconds=seconds,
        target_rpe_low=deload_rpe(target.target_rpe_low) if cut else target.target_rpe_low,
        target_rpe_high=deload_rpe(target.target_rpe_high) if cut else target.target_rpe_high,
        held=result.held,
        hold_reasons=result.hold_reasons,
        reason=(
            f"Lighter week: {sets} sets of {what}, stopping with a couple more reps in the "
            "tank. Easing off is part of the plan."
        ),
    )
