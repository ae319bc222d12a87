"""Word anchors and tags."""

from __future__ import annotations

import pytest

from apps.journal import scales


@pytest.mark.parametrize("words", [scales.MOOD_WORDS, scales.ENERGY_WORDS, scales.STRESS_WORDS])
def test_every_step_of_every_scale_has_a_word(words: tuple[str, ...]) -> None:
    assert len(words) == 10
    assert len(set(words)) == 10
    assert scales.scale_choices(words)[0] == (1, words[0])
    assert scales.scale_choices(words)[-1] == (10, words[-1])


@pytest.mark.parametrize(
    ("value", "word"), [(1, "Awful"), (10, "Great"), (None, ""), (11, ""), (0, "")]
)
def test_scale_word(value: int | None, word: str) -> None:
    assert scales.scale_word(scales.MOOD_WORDS, value) == word


@pytest.mark.parametrize(
    ("chosen", "typed", "expected"),
    [
        (["proud"], "", ["proud"]),
        (["proud", "tired"], "Slept  badly, PROUD, ,", ["proud", "tired", "slept badly"]),
        ([], "   ", []),
        ([], "felt disappointed", ["felt disappointed"]),
    ],
)
def test_normalize_tags(chosen: list[str], typed: str, expected: list[str]) -> None:
    assert scales.normalize_tags(chosen, typed) == expected


@pytest.mark.parametrize("typed", ["x" * 31, ",".join(f"t{i}" for i in range(13))])
def test_normalize_tags_refuses_long_or_too_many(typed: str) -> None:
    with pytest.raises(ValueError, match="tag"):
        scales.normalize_tags([], typed)
