"""Suggested warm-ups: the ramp, rounded to what the equipment allows. Pure, table-driven."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.accounts.units import KG, LB
from apps.workouts.warmups import round_to_equipment, warmup_sets

D = Decimal


def sets(working: str, unit: str, step: str, bar: str | None) -> list[tuple[str, int]]:
    found = warmup_sets(D(working), unit=unit, step=D(step), bar=D(bar) if bar else None)
    return [(format(s.load.normalize(), "f"), s.reps) for s in found]


@pytest.mark.parametrize(
    ("working", "step", "bar", "expected"),
    [
        # Barbell, 20 kg bar, smallest plate 1.25 kg (steps of 2.5 kg).
        ("60", "2.5", "20", [("30", 8), ("42.5", 5)]),
        ("40", "2.5", "20", [("20", 8), ("27.5", 5)]),
        ("80", "2.5", "20", [("40", 8), ("55", 5)]),
        # 100 kg and up: one more, smaller step.
        ("100", "2.5", "20", [("40", 5), ("60", 5), ("80", 3)]),
        ("140", "2.5", "20", [("55", 5), ("85", 5), ("112.5", 3)]),
        # Never below the empty bar; two that round to the bar become one.
        ("30", "2.5", "20", [("20", 8)]),
        ("22.5", "2.5", "20", [("20", 8)]),
        # Too light to warm up below: nothing.
        ("20", "2.5", "20", []),
        ("15", "2.5", "20", []),
        # Smallest plate 2.5 kg: steps of 5 kg.
        ("60", "5", "20", [("30", 8), ("40", 5)]),
        # A machine (no bar) in its own 5 kg steps.
        ("80", "5", None, [("40", 8), ("55", 5)]),
        ("5", "5", None, []),
    ],
)
def test_kilograms(
    working: str, step: str, bar: str | None, expected: list[tuple[str, int]]
) -> None:
    assert sets(working, KG, step, bar) == expected


@pytest.mark.parametrize(
    ("working", "step", "bar", "expected"),
    [
        # 45 lb bar, smallest plate 2.5 lb (steps of 5 lb).
        ("135", "5", "45", [("65", 8), ("95", 5)]),
        ("95", "5", "45", [("45", 8), ("65", 5)]),
        ("185", "5", "45", [("90", 8), ("130", 5)]),
        ("225", "5", "45", [("90", 5), ("135", 5), ("180", 3)]),
        ("315", "5", "45", [("125", 5), ("190", 5), ("250", 3)]),
        ("50", "5", "45", [("45", 8)]),
        ("45", "5", "45", []),
        # A leg press in 10 lb steps.
        ("200", "10", None, [("100", 8), ("140", 5)]),
    ],
)
def test_pounds(working: str, step: str, bar: str | None, expected: list[tuple[str, int]]) -> None:
    assert sets(working, LB, step, bar) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("28", "27.5"), ("28.75", "27.5"), ("28.76", "30"), ("10", "20"), ("21.25", "20")],
)
def test_rounding_halfway_goes_lighter_and_never_below_the_bar(value: str, expected: str) -> None:
    assert round_to_equipment(D(value), step=D("2.5"), bar=D("20")) == D(expected)
