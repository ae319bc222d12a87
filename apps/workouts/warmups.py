"""Suggested warm-up sets before the first working set of a heavy compound lift.

Pure Python, no Django. Which lifts get them is ``Exercise.takes_warmups`` (programs).

Common coaching practice (ACSM's guidance to warm up with lighter loads of the same
movement; the ramps taught in Starting Strength and NSCA's Essentials): a few sets that
climb towards the working weight, with fewer reps as the weight rises so they rehearse
the movement without tiring the person. We keep it simple:

- working weights below ``HEAVY_FROM``: about 50 % × 8, then 70 % × 5;
- heavier working weights: about 40 % × 5, 60 % × 5, 80 % × 3, so no jump is much more
  than a fifth of the working weight.

Each weight is rounded to what the equipment allows: on a barbell, the bar plus steps of
a pair of the smallest plate the person owns, never below the empty bar; on dumbbells and
machines, the exercise's increment. Suggestions that round to the same weight are merged
(the first is kept) and any at or above the working weight are dropped, so a working
weight too light to warm up below gets none.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_DOWN, Decimal

from apps.accounts.units import KG, LB

STEPS = ((Decimal("0.5"), 8), (Decimal("0.7"), 5))
HEAVY_STEPS = ((Decimal("0.4"), 5), (Decimal("0.6"), 5), (Decimal("0.8"), 3))
HEAVY_FROM = {KG: Decimal("100"), LB: Decimal("225")}


@dataclass(frozen=True)
class WarmupSet:
    load: Decimal  # in the unit the working weight was given in
    reps: int


def round_to_equipment(value: Decimal, *, step: Decimal, bar: Decimal | None) -> Decimal:
    """``value`` rounded to the nearest loadable weight (halfway rounds down: a warm-up
    may be a little light, never heavy). With a ``bar``, never below the empty bar."""
    base = bar if bar is not None else Decimal(0)
    steps = ((value - base) / step).quantize(Decimal(1), rounding=ROUND_HALF_DOWN)
    return base + max(steps, Decimal(0)) * step


def warmup_sets(
    working: Decimal, *, unit: str, step: Decimal, bar: Decimal | None = None
) -> list[WarmupSet]:
    """The warm-ups before a first working set of ``working`` (in ``unit``).

    ``step`` is the smallest change the equipment allows (for a barbell, twice the
    smallest plate: one on each side); ``bar`` the empty bar's weight, for barbells.
    """
    if working <= 0 or step <= 0:
        return []
    steps = HEAVY_STEPS if working >= HEAVY_FROM.get(unit, HEAVY_FROM[KG]) else STEPS
    found: list[WarmupSet] = []
    for share, reps in steps:
        load = round_to_equipment(working * share, step=step, bar=bar)
        if load <= 0 or load >= working or any(s.load == load for s in found):
            continue
        found.append(WarmupSet(load=load, reps=reps))
    return found
