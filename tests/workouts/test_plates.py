"""The plate calculator: plates per side for a weight, in kg and lb. Pure, table-driven."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.accounts.units import DEFAULT_BAR_WEIGHT, DEFAULT_PLATES, KG, LB
from apps.workouts.plates import plate_text, plates_per_side

D = Decimal
KG_BAR, KG_PLATES = DEFAULT_BAR_WEIGHT[KG], DEFAULT_PLATES[KG]
LB_BAR, LB_PLATES = DEFAULT_BAR_WEIGHT[LB], DEFAULT_PLATES[LB]


@pytest.mark.parametrize(
    ("target", "side", "loaded", "text"),
    [
        ("20", [], "20", "Just the bar (20 kg)"),
        ("15", [], "20", "Lighter than the empty bar (20 kg)"),
        ("0", [], "20", "Lighter than the empty bar (20 kg)"),
        ("22.5", ["1.25"], "22.5", "Each side: 1.25"),
        ("60", ["20"], "60", "Each side: 20"),
        ("70", ["25"], "70", "Each side: 25"),
        ("100", ["25", "15"], "100", "Each side: 25 + 15"),
        ("102.5", ["25", "15", "1.25"], "102.5", "Each side: 25 + 15 + 1.25"),
        ("140", ["25", "25", "10"], "140", "Each side: 25 + 25 + 10"),
        ("187.5", ["25", "25", "25", "5", "2.5", "1.25"], "187.5", None),
        # Impossible weights: the heaviest load under them, said honestly.
        ("61", ["20"], "60", "Can't make 61 kg: closest is 60 kg, each side: 20"),
        ("21", [], "20", "Can't make 21 kg: closest is just the bar (20 kg)"),
        (
            "63.3",
            ["20", "1.25"],
            "62.5",
            "Can't make 63.3 kg: closest is 62.5 kg, each side: 20 + 1.25",
        ),
    ],
)
def test_kilograms(target: str, side: list[str], loaded: str, text: str | None) -> None:
    load = plates_per_side(D(target), bar=KG_BAR, plates=KG_PLATES)
    assert list(load.per_side) == [D(p) for p in side]
    assert load.loaded == D(loaded)
    assert load.exact == (D(target) == D(loaded))
    if text is not None:
        assert plate_text(load, KG) == text


@pytest.mark.parametrize(
    ("target", "side", "loaded", "text"),
    [
        ("45", [], "45", "Just the bar (45 lb)"),
        ("35", [], "45", "Lighter than the empty bar (45 lb)"),
        ("95", ["25"], "95", "Each side: 25"),
        ("135", ["45"], "135", "Each side: 45"),
        ("185", ["45", "25"], "185", "Each side: 45 + 25"),
        ("225", ["45", "45"], "225", "Each side: 45 + 45"),
        ("140", ["45", "2.5"], "140", "Each side: 45 + 2.5"),
        ("155", ["45", "10"], "155", "Each side: 45 + 10"),
        ("160", ["45", "10", "2.5"], "160", "Each side: 45 + 10 + 2.5"),
        ("115", ["35"], "115", "Each side: 35"),
        ("137", ["45"], "135", "Can't make 137 lb: closest is 135 lb, each side: 45"),
        ("47.5", [], "45", "Can't make 47.5 lb: closest is just the bar (45 lb)"),
    ],
)
def test_pounds(target: str, side: list[str], loaded: str, text: str) -> None:
    load = plates_per_side(D(target), bar=LB_BAR, plates=LB_PLATES)
    assert list(load.per_side) == [D(p) for p in side]
    assert load.loaded == D(loaded)
    assert plate_text(load, LB) == text


def test_counted_pairs_run_out_and_move_to_smaller_plates() -> None:
    # A home gym: one pair of 20s, two pairs of 10s, one pair of 5s.
    home = {D("20"): 1, D("10"): 2, D("5"): 1}
    load = plates_per_side(D("100"), bar=D("20"), plates=home)
    assert load.per_side == (D("20"), D("10"), D("10"))
    assert load.loaded == D("100")
    most = plates_per_side(D("150"), bar=D("20"), plates=home)
    assert most.per_side == (D("20"), D("10"), D("10"), D("5"))
    assert most.loaded == D("110")
    assert not most.exact


def test_a_lighter_bar_and_own_plates() -> None:
    load = plates_per_side(D("35"), bar=D("15"), plates=[D("5"), D("2.5")])
    assert load.per_side == (D("5"), D("5"))
    assert plate_text(load, KG) == "Each side: 5 + 5"


def test_many_of_one_plate_read_as_a_count() -> None:
    load = plates_per_side(D("240"), bar=KG_BAR, plates=KG_PLATES)
    assert load.per_side == (D("25"),) * 4 + (D("10"),)
    assert plate_text(load, KG) == "Each side: 4 × 25 + 10"
    three = plates_per_side(D("170"), bar=KG_BAR, plates=KG_PLATES)
    assert plate_text(three, KG) == "Each side: 25 + 25 + 25"
