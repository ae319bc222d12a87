"""Proposing library exercises for other apps' names."""

from __future__ import annotations

from apps.imports import matching
from apps.imports.matching import LibraryExercise, propose

LIBRARY = [
    LibraryExercise(1, "Barbell bench press", "barbell-bench-press"),
    LibraryExercise(2, "Lat pulldown", "lat-pulldown"),
    LibraryExercise(3, "Leg press", "leg-press"),
    LibraryExercise(4, "Dumbbell Romanian deadlift", "dumbbell-romanian-deadlift"),
    LibraryExercise(5, "Seated leg curl", "leg-curl-machine"),
]


def test_exact_alias_fuzzy_and_no_match() -> None:
    found = propose(
        [
            "Leg press",
            "Bench Press (Barbell)",
            "Lat Pulldown (Cable)",
            "Romanian deadlift (DB)",
            "Zercher carry",
        ],
        LIBRARY,
        {},
    )
    assert (found["Leg press"].exercise_id, found["Leg press"].how) == (3, matching.EXACT)
    assert (found["Bench Press (Barbell)"].exercise_id, found["Bench Press (Barbell)"].how) == (
        1,
        matching.ALIAS,
    )
    assert found["Lat Pulldown (Cable)"].exercise_id == 2
    assert found["Romanian deadlift (DB)"].how == matching.FUZZY
    assert found["Romanian deadlift (DB)"].exercise_id == 4
    assert found["Zercher carry"] == matching.Proposal("Zercher carry", None, matching.NONE)


def test_a_remembered_choice_wins_even_when_it_was_leave_out() -> None:
    remembered = {"leg press": 5, "bench press barbell": None}
    found = propose(["Leg Press", "Bench Press (Barbell)"], LIBRARY, remembered)
    assert (found["Leg Press"].exercise_id, found["Leg Press"].how) == (5, matching.REMEMBERED)
    assert found["Bench Press (Barbell)"].exercise_id is None


def test_normalise() -> None:
    assert matching.normalise("  Bench-Press (Barbell) ") == "bench press barbell"
