"""PHQ-9, PHQ-2 and WHO-5 scoring against worked examples (DOMAIN.md "Questionnaires")."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from apps.journal import scoring


@pytest.mark.parametrize(
    ("answers", "total", "band", "label", "professional"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, "minimal", "Minimal", False),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal", "Minimal", False),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild", "Mild", False),
        ([2, 2, 1, 1, 1, 1, 1, 0, 0], 9, "mild", "Mild", False),
        ([2, 2, 2, 1, 1, 1, 1, 0, 0], 10, "moderate", "Moderate", True),
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "moderate", "Moderate", True),
        ([3, 3, 2, 2, 2, 2, 1, 0, 0], 15, "moderately_severe", "Moderately severe", True),
        ([3, 3, 3, 3, 3, 2, 2, 0, 0], 19, "moderately_severe", "Moderately severe", True),
        ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "severe", "Severe", True),
        ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, "severe", "Severe", True),
    ],
)
def test_phq9_bands_at_every_boundary(
    answers: list[int], total: int, band: str, label: str, professional: bool
) -> None:
    result = scoring.score_phq9(answers)
    assert result.total == total
    assert result.band == band
    assert result.band_label == label
    assert result.suggests_professional is professional


@pytest.mark.parametrize(
    ("answers", "crisis"),
    [
        # Item 9 above 0 always means crisis support, whatever the total.
        ([0, 0, 0, 0, 0, 0, 0, 0, 1], True),
        ([0, 0, 0, 0, 0, 0, 0, 0, 3], True),
        ([3, 3, 3, 3, 3, 3, 3, 3, 2], True),
        ([1, 1, 0, 0, 0, 0, 0, 0, 1], True),
        # Item 9 at 0 does not route to crisis support, even with a severe total.
        ([3, 3, 3, 3, 3, 3, 3, 3, 0], False),
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], False),
    ],
)
def test_phq9_item_9_routes_to_crisis_support_whatever_the_total(
    answers: list[int], crisis: bool
) -> None:
    assert scoring.score_phq9(answers).crisis_support is crisis


def test_phq9_item_9_of_1_with_a_minimal_total_is_still_crisis_support() -> None:
    result = scoring.score_phq9([0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result.band == "minimal"
    assert result.crisis_support


def test_no_band_text_ever_calls_a_score_safe() -> None:
    for _low, _key, label, text in scoring.PHQ9_BANDS:
        assert "safe" not in f"{label} {text}".lower()


@pytest.mark.parametrize(
    ("answers", "total", "offers_full"),
    [
        ([0, 0], 0, False),
        ([1, 1], 2, False),
        ([2, 1], 3, True),
        ([1, 2], 3, True),
        ([3, 3], 6, True),
    ],
)
def test_phq2_offers_the_full_phq9_from_3(
    answers: list[int], total: int, offers_full: bool
) -> None:
    result = scoring.score_phq2(answers)
    assert (result.total, result.offers_full_phq9) == (total, offers_full)


def test_phq9_reports_its_phq2_part() -> None:
    assert scoring.score_phq9([2, 1, 0, 0, 0, 0, 0, 0, 0]).phq2_total == 3


@pytest.mark.parametrize(
    ("answers", "raw", "percentage", "screening", "low_items"),
    [
        ([5, 5, 5, 5, 5], 25, 100, False, ()),
        ([3, 3, 3, 2, 2], 13, 52, False, ()),  # 13 is not below 13
        ([3, 3, 2, 2, 2], 12, 48, True, ()),  # raw below 13
        ([5, 5, 5, 5, 1], 21, 84, True, (5,)),  # one item at 1
        ([0, 5, 5, 5, 5], 20, 80, True, (1,)),  # one item at 0
        ([2, 2, 2, 2, 2], 10, 40, True, ()),
        ([0, 0, 0, 0, 0], 0, 0, True, (1, 2, 3, 4, 5)),
    ],
)
def test_who5_scoring_and_screening_rule(
    answers: list[int], raw: int, percentage: int, screening: bool, low_items: tuple[int, ...]
) -> None:
    result = scoring.score_who5(answers)
    assert result.raw == raw
    assert result.percentage == percentage
    assert result.suggests_screening is screening
    assert result.low_items == low_items


@pytest.mark.parametrize(
    ("previous", "current", "change", "meaningful"),
    [
        (40, 48, 8, False),
        (40, 50, 10, True),
        (60, 48, -12, True),
        (52, 52, 0, False),
        (56, 47, -9, False),
    ],
)
def test_who5_change_of_10_points_is_meaningful(
    previous: int, current: int, change: int, meaningful: bool
) -> None:
    assert scoring.who5_change(previous, current) == (change, meaningful)


@pytest.mark.parametrize(
    ("function", "answers"),
    [
        (scoring.score_phq9, [0] * 8),
        (scoring.score_phq9, [0] * 10),
        (scoring.score_phq9, [0] * 8 + [4]),
        (scoring.score_phq9, [0] * 8 + [-1]),
        (scoring.score_phq9, [0] * 8 + [True]),
        (scoring.score_phq2, [0, 0, 0]),
        (scoring.score_who5, [0, 0, 0, 0, 6]),
        (scoring.score_who5, [0, 0, 0, 0]),
    ],
)
def test_invalid_answers_are_refused(function: object, answers: list[int]) -> None:
    with pytest.raises(scoring.InvalidAnswers):
        function(answers)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("last", "today", "due"),
    [
        (None, dt.date(2026, 3, 1), True),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1), False),
        (dt.date(2026, 2, 16), dt.date(2026, 3, 1), False),  # 13 days
        (dt.date(2026, 2, 15), dt.date(2026, 3, 1), True),  # 14 days
        (dt.date(2025, 12, 1), dt.date(2026, 3, 1), True),
    ],
)
def test_phq9_is_offered_at_the_start_and_every_14_days(
    last: dt.date | None, today: dt.date, due: bool
) -> None:
    assert scoring.phq9_due(last, today) is due


def test_required_phq9_notice_is_exact() -> None:
    assert scoring.PHQ9_NOTICE == (
        "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and "
        "colleagues, with an educational grant from Pfizer Inc."
    )


def test_questionnaires_have_the_standard_number_of_items_and_options() -> None:
    assert len(scoring.PHQ9_ITEMS) == 9
    assert [value for value, _ in scoring.PHQ9_OPTIONS] == [0, 1, 2, 3]
    assert len(scoring.WHO5_ITEMS) == 5
    assert sorted(value for value, _ in scoring.WHO5_OPTIONS) == [0, 1, 2, 3, 4, 5]
    assert scoring.WHO5_ITEMS[0] == "I have felt cheerful and in good spirits"
    assert scoring.PHQ9_ITEMS[8].startswith("Thoughts that you would be better off dead")


def test_band_ranges_cover_0_to_27_without_gaps() -> None:
    ranges = scoring.phq9_band_ranges()
    assert ranges[0][0] == 0
    assert ranges[-1][1] == 27
    for (_low, high, _), (next_low, _h, _l) in itertools.pairwise(ranges):
        assert next_low == high + 1


def test_answer_labels_put_words_to_answers() -> None:
    labels = scoring.answer_labels("who5", [5, 4, 3, 2, 0])
    assert labels[0] == ("I have felt cheerful and in good spirits", "All of the time")
    assert labels[4][1] == "At no time"
