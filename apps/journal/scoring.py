"""Scoring for the PHQ-9, its two-item screen (PHQ-2) and the WHO-5 well-being index.

Pure Python, no Django: every rule here is tested against worked examples.

Sources (numbers as summarised in DOMAIN.md "Questionnaires"):
- PHQ-9: Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16(9):606-613. Nine items over
  the last 2 weeks, each 0-3; bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19
  moderately severe, 20-27 severe; a total of 10 or more suggests talking to a
  professional. Item 9 above 0 always leads to crisis support, whatever the total; a 0 on
  item 9 is never read as "safe".
- PHQ-2: Kroenke, Spitzer & Williams, Med Care 2003;41(11):1284-1292. Items 1-2 of the
  PHQ-9 (0-6); 3 or more means offering the full PHQ-9.
- WHO-5: WHO Regional Office for Europe, 1998 version; Topp et al., Psychother Psychosom
  2015;84:167-176. Five items 0-5, raw 0-25, x4 = 0-100; a raw score below 13 or any item
  at 0 or 1 suggests screening for depression; a change of 10 points is meaningful.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

PHQ9_NOTICE = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
    "with an educational grant from Pfizer Inc."
)
PHQ9_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
PHQ9_ITEMS: tuple[str, ...] = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
PHQ9_OPTIONS: tuple[tuple[int, str], ...] = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
PHQ2_ITEMS: tuple[str, ...] = PHQ9_ITEMS[:2]

# The WHO-5 wording must not be altered (1998 version, English).
WHO5_STEM = (
    "Please indicate for each of the five statements which is closest to how you have been "
    "feeling over the last two weeks."
)
WHO5_ITEMS: tuple[str, ...] = (
    "I have felt cheerful and in good spirits",
    "I have felt calm and relaxed",
    "I have felt active and vigorous",
    "I woke up feeling fresh and rested",
    "My daily life has been filled with things that interest me",
)
WHO5_OPTIONS: tuple[tuple[int, str], ...] = (
    (5, "All of the time"),
    (4, "Most of the time"),
    (3, "More than half of the time"),
    (2, "Less than half of the time"),
    (1, "Some of the time"),
    (0, "At no time"),
)

PHQ9_INTERVAL_DAYS = 14
PHQ9_PROFESSIONAL_THRESHOLD = 10
PHQ2_FULL_THRESHOLD = 3
WHO5_SCREENING_RAW_BELOW = 13
WHO5_LOW_ITEM_MAX = 1
WHO5_MEANINGFUL_CHANGE = 10

# (lowest total, key, label, plain words). Plain words never call any score "safe".
PHQ9_BANDS: tuple[tuple[int, str, str, str], ...] = (
    (
        0,
        "minimal",
        "Minimal",
        "Few or no signs of depression over the last two weeks.",
    ),
    (
        5,
        "mild",
        "Mild",
        "Some signs of low mood over the last two weeks. Keep an eye on how things go.",
    ),
    (
        10,
        "moderate",
        "Moderate",
        "A fair number of signs of depression over the last two weeks.",
    ),
    (
        15,
        "moderately_severe",
        "Moderately severe",
        "Many signs of depression over the last two weeks.",
    ),
    (
        20,
        "severe",
        "Severe",
        "A lot of signs of depression, most days, over the last two weeks.",
    ),
)


class InvalidAnswers(ValueError):
    """The answers do not fit the questionnaire (wrong count or out of range)."""


def _checked(answers: Sequence[int], count: int, highest: int) -> tuple[int, ...]:
    values = tuple(answers)
    if len(values) != count:
        raise InvalidAnswers(f"Expected {count} answers, got {len(values)}.")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= highest:
            raise InvalidAnswers(f"Each answer must be a whole number from 0 to {highest}.")
    return values


@dataclass(frozen=True)
class Phq9Result:
    total: int
    band: str
    band_label: str
    band_text: str
    suggests_professional: bool
    crisis_support: bool
    phq2_total: int


@dataclass(frozen=True)
class Phq2Result:
    total: int
    offers_full_phq9: bool


@dataclass(frozen=True)
class Who5Result:
    raw: int
    percentage: int
    suggests_screening: bool
    low_items: tuple[int, ...]


def phq9_band(total: int) -> tuple[str, str, str]:
    """(key, label, plain words) for a PHQ-9 total of 0-27."""
    if not 0 <= total <= 27:
        raise InvalidAnswers("A PHQ-9 total runs from 0 to 27.")
    chosen = PHQ9_BANDS[0]
    for band in PHQ9_BANDS:
        if total >= band[0]:
            chosen = band
    return chosen[1], chosen[2], chosen[3]


def score_phq9(answers: Sequence[int]) -> Phq9Result:
    """Score nine PHQ-9 answers (each 0-3).

    Item 9 above 0 sets ``crisis_support`` whatever the total (DOMAIN.md): callers route
    the person straight to crisis support.
    """
    values = _checked(answers, 9, 3)
    total = sum(values)
    band, label, text = phq9_band(total)
    return Phq9Result(
        total=total,
        band=band,
        band_label=label,
        band_text=text,
        suggests_professional=total >= PHQ9_PROFESSIONAL_THRESHOLD,
        crisis_support=values[8] > 0,
        phq2_total=values[0] + values[1],
    )


def score_phq2(answers: Sequence[int]) -> Phq2Result:
    """Score the PHQ-2 (PHQ-9 items 1-2); 3 or more offers the full PHQ-9."""
    values = _checked(answers, 2, 3)
    total = sum(values)
    return Phq2Result(total=total, offers_full_phq9=total >= PHQ2_FULL_THRESHOLD)


def score_who5(answers: Sequence[int]) -> Who5Result:
    """Score the WHO-5: raw 0-25, percentage = raw x 4 (0-100).

    A raw score below 13, or any item answered 0 or 1, suggests screening for depression.
    ``low_items`` lists the 1-based numbers of items answered 0 or 1.
    """
    values = _checked(answers, 5, 5)
    raw = sum(values)
    low = tuple(number for number, value in enumerate(values, 1) if value <= WHO5_LOW_ITEM_MAX)
    return Who5Result(
        raw=raw,
        percentage=raw * 4,
        suggests_screening=raw < WHO5_SCREENING_RAW_BELOW or bool(low),
        low_items=low,
    )


def who5_change(previous_percentage: int, current_percentage: int) -> tuple[int, bool]:
    """(change in points, whether it is meaningful: 10 points or more either way)."""
    change = current_percentage - previous_percentage
    return change, abs(change) >= WHO5_MEANINGFUL_CHANGE


def phq9_due(last_taken: dt.date | None, today: dt.date) -> bool:
    """The PHQ-9 is offered at the start and then every 14 days (DOMAIN.md cadence).

    ``last_taken`` is the date of the latest PHQ-9 (or PHQ-2 screen), if any.
    """
    return last_taken is None or (today - last_taken).days >= PHQ9_INTERVAL_DAYS


def phq9_band_ranges() -> list[tuple[int, int, str]]:
    """(lowest, highest, label) for each PHQ-9 band, for an explanatory table."""
    ranges = []
    for index, (low, _key, label, _text) in enumerate(PHQ9_BANDS):
        high = PHQ9_BANDS[index + 1][0] - 1 if index + 1 < len(PHQ9_BANDS) else 27
        ranges.append((low, high, label))
    return ranges


def answer_labels(kind: str, answers: Sequence[int]) -> list[tuple[str, str]]:
    """(question, chosen answer in words) for a stored questionnaire."""
    if kind == "who5":
        items, options = WHO5_ITEMS, WHO5_OPTIONS
    elif kind == "phq2":
        items, options = PHQ2_ITEMS, PHQ9_OPTIONS
    else:
        items, options = PHQ9_ITEMS, PHQ9_OPTIONS
    words = dict(options)
    return [
        (item, words.get(value, str(value))) for item, value in zip(items, answers, strict=False)
    ]
