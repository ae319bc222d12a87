"""Word anchors for the 1-10 check-in scales, and tag clean-up. Pure Python, no Django.

Scales carry a word for every step so that nobody has to decide what a bare "6" means
(DOMAIN.md: mood 1-10, energy 1-10, stress 1-10; low energy and motivation are normal).
"""

from __future__ import annotations

from collections.abc import Iterable

MOOD_WORDS: tuple[str, ...] = (
    "Awful",
    "Very low",
    "Low",
    "A bit low",
    "So-so",
    "Okay",
    "Fairly good",
    "Good",
    "Very good",
    "Great",
)
ENERGY_WORDS: tuple[str, ...] = (
    "Empty",
    "Very low",
    "Low",
    "A bit low",
    "Medium",
    "Okay",
    "Fairly good",
    "Good",
    "High",
    "Full",
)
STRESS_WORDS: tuple[str, ...] = (
    "Calm",
    "Very low",
    "Low",
    "A little",
    "Some",
    "Medium",
    "Quite high",
    "High",
    "Very high",
    "Extreme",
)

SUGGESTED_TAGS: tuple[str, ...] = (
    "proud",
    "calm",
    "energised",
    "anxious",
    "tired",
    "stressed",
    "sore",
    "felt disappointed",
    "lonely",
    "hopeful",
)
MAX_TAGS = 12
MAX_TAG_LENGTH = 30


def scale_choices(words: tuple[str, ...]) -> list[tuple[int, str]]:
    """(value, word) pairs for a 1-10 scale."""
    return [(number, word) for number, word in enumerate(words, 1)]


def scale_word(words: tuple[str, ...], value: int | None) -> str:
    """The word for ``value`` on a 1-10 scale, or "" when unanswered or out of range."""
    if value is None or not 1 <= value <= len(words):
        return ""
    return words[value - 1]


def normalize_tags(chosen: Iterable[str], typed: str) -> list[str]:
    """Merge ticked tags with comma-separated typed ones: trimmed, lower-case, no repeats.

    Keeps the order the person gave them. Raises ValueError with a plain message when a
    tag is too long or there are too many.
    """
    tags: list[str] = []
    for raw in [*chosen, *typed.split(",")]:
        tag = " ".join(raw.split()).lower()
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ValueError(f"Keep each tag to {MAX_TAG_LENGTH} characters or fewer.")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValueError(f"Up to {MAX_TAGS} tags, please.")
    return tags
