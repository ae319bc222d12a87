"""The "Does lifting help me?" analysis: every comparison, and its 3-per-side threshold."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.journal.insights import (
    CAUTION,
    CheckInPoint,
    SessionPoint,
    before_after,
    effort_vs_after_mood,
    food_vs_after_mood,
    insights_for,
    session_samples,
    sessions_without_checkins,
    sleep_vs_after_mood,
    training_vs_rest,
)

D0 = dt.date(2026, 3, 1)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def sessions_with(
    after_moods: list[int],
    *,
    before_moods: list[int] | None = None,
    rpe: float | None = None,
    sleep: float | None = None,
    ate: bool | None = None,
    start: int = 0,
) -> tuple[list[CheckInPoint], list[SessionPoint]]:
    """One finished session per day from ``start``, each with an after check-in and,
    when given, a before check-in carrying sleep and food answers."""
    checkins: list[CheckInPoint] = []
    sessions: list[SessionPoint] = []
    for index, after in enumerate(after_moods):
        sid = 1000 + start + index
        d = day(start + index)
        sessions.append(SessionPoint(id=sid, date=d, session_rpe=rpe))
        if before_moods is not None or sleep is not None or ate is not None:
            before = before_moods[index] if before_moods else 5
            checkins.append(CheckInPoint(d, "before", before, sid, sleep, ate))
        checkins.append(CheckInPoint(d, "after", after, sid))
    return checkins, sessions


def rest_days(moods: list[int], start: int = 100) -> list[CheckInPoint]:
    return [CheckInPoint(day(start + i), "daily", mood) for i, mood in enumerate(moods)]


# --- Training days vs rest days --------------------------------------------------------


@pytest.mark.parametrize(
    ("training", "rest", "shown", "phrase"),
    [
        ([7, 7, 7], [5, 5, 5], True, "2 points higher than on rest days"),
        ([6, 6, 7], [5, 5, 5], True, "1.3 points higher than on rest days"),
        ([4, 4, 4], [6, 6, 6], True, "2 points lower than on rest days"),
        ([5, 5, 6], [5, 5, 5], True, "about the same"),  # 0.3 difference reads as the same
        ([7, 7], [5, 5, 5], False, "at least 3"),  # 2 training days
        ([7, 7, 7], [5, 5], False, "at least 3"),  # 2 rest days
        ([], [], False, "at least 3"),
    ],
)
def test_training_vs_rest_days(
    training: list[int], rest: list[int], shown: bool, phrase: str
) -> None:
    checkins, sessions = sessions_with(training)
    checkins += rest_days(rest)
    insight = training_vs_rest(checkins, sessions)
    assert insight.shown is shown
    assert phrase in insight.sentence
    if shown:
        assert insight.sentence.endswith(CAUTION)
    else:
        assert CAUTION not in insight.sentence
        assert f"so far {len(training)} and {len(rest)}" in insight.sentence


def test_a_days_mood_is_the_mean_of_all_its_check_ins() -> None:
    checkins, sessions = sessions_with([8, 8, 8], before_moods=[4, 4, 4])
    checkins += rest_days([6, 6, 6])
    insight = training_vs_rest(checkins, sessions)
    assert insight.left.mean == 6.0
    assert "about the same" in insight.sentence


def test_an_after_check_in_makes_a_training_day_without_a_logged_session() -> None:
    checkins = [CheckInPoint(day(i), "after", 8) for i in range(3)] + rest_days([5, 5, 5])
    assert training_vs_rest(checkins, []).shown


def test_an_unfinished_session_alone_does_not_make_a_training_day() -> None:
    checkins = rest_days([5, 5, 5, 5, 5, 5], start=0)
    sessions = [SessionPoint(id=i, date=day(i), finished=False) for i in range(3)]
    insight = training_vs_rest(checkins, sessions)
    assert insight.left.count == 0
    assert not insight.shown


# --- Before vs after a session ----------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "shown", "phrase"),
    [
        ([4, 5, 3], [6, 6, 5], True, "1.7 points higher than before"),
        ([5, 5, 5], [6, 6, 6], True, "1 point higher than before"),
        ([6, 6, 6], [4, 4, 5], True, "1.7 points lower than before"),
        ([5, 5, 5], [5, 5, 6], True, "about the same"),
        ([4, 5], [6, 7], False, "at least 3 sessions with both"),
    ],
)
def test_before_after_change(before: list[int], after: list[int], shown: bool, phrase: str) -> None:
    checkins, sessions = sessions_with(after, before_moods=before)
    insight = before_after(session_samples(checkins, sessions))
    assert insight.shown is shown
    assert phrase in insight.sentence


def test_before_after_counts_sessions_where_mood_rose() -> None:
    checkins, sessions = sessions_with([6, 5, 7, 4], before_moods=[4, 5, 5, 5])
    insight = before_after(session_samples(checkins, sessions))
    assert "It went up after 2 of 4 sessions." in insight.sentence
    assert insight.sentence.endswith(CAUTION)


def test_sessions_with_only_one_side_are_not_pairs() -> None:
    checkins, sessions = sessions_with([6, 6, 6])  # after only
    insight = before_after(session_samples(checkins, sessions))
    assert (insight.left.count, insight.right.count) == (0, 0)
    assert not insight.shown


def test_unlinked_check_ins_pair_up_by_date_only_when_unambiguous() -> None:
    checkins = []
    for i in range(3):
        checkins += [CheckInPoint(day(i), "before", 4), CheckInPoint(day(i), "after", 6)]
    # A day with two befores and one after is ambiguous: not paired.
    checkins += [
        CheckInPoint(day(9), "before", 1),
        CheckInPoint(day(9), "before", 1),
        CheckInPoint(day(9), "after", 10),
    ]
    insight = before_after(session_samples(checkins, []))
    assert insight.left.count == 3
    assert "2 points higher" in insight.sentence


# --- Session RPE, sleep and food vs after-mood -----------------------------------------


def effort_data(hard: list[int], easy: list[int]) -> tuple[list[CheckInPoint], list[SessionPoint]]:
    c1, s1 = sessions_with(hard, rpe=8.5)
    c2, s2 = sessions_with(easy, rpe=6, start=50)
    return c1 + c2, s1 + s2


@pytest.mark.parametrize(
    ("hard", "easy", "shown", "phrase"),
    [
        ([5, 5, 5], [7, 7, 7], True, "2 points lower than after easier ones"),
        ([8, 8, 7], [6, 6, 6], True, "1.7 points higher than after easier ones"),
        ([6, 6, 6], [6, 6, 6], True, "about the same"),
        ([5, 5], [7, 7, 7], False, "at least 3 harder and easier sessions"),
        ([5, 5, 5], [7, 7], False, "so far 3 and 2"),
    ],
)
def test_effort_vs_after_mood(hard: list[int], easy: list[int], shown: bool, phrase: str) -> None:
    checkins, sessions = effort_data(hard, easy)
    insight = effort_vs_after_mood(session_samples(checkins, sessions))
    assert insight.shown is shown
    assert phrase in insight.sentence


def test_rpe_of_exactly_8_counts_as_hard() -> None:
    c1, s1 = sessions_with([5, 5, 5], rpe=8.0)
    c2, s2 = sessions_with([7, 7, 7], rpe=7.5, start=50)
    insight = effort_vs_after_mood(session_samples(c1 + c2, s1 + s2))
    assert insight.left.count == 3
    assert insight.left.mean == 5


def test_sessions_without_an_effort_rating_are_left_out() -> None:
    c1, s1 = sessions_with([5, 5, 5], rpe=None)
    c2, s2 = sessions_with([7, 7, 7], rpe=6, start=50)
    insight = effort_vs_after_mood(session_samples(c1 + c2, s1 + s2))
    assert (insight.left.count, insight.right.count) == (0, 3)
    assert not insight.shown


@pytest.mark.parametrize(
    ("short", "enough", "shown", "phrase"),
    [
        ([4, 4, 5], [7, 7, 7], True, "2.7 points lower than after 6 hours or more"),
        ([7, 7, 7], [5, 5, 5], True, "2 points higher than after 6 hours or more"),
        ([4, 4], [7, 7, 7], False, "so far 2 and 3"),
        ([4, 4, 4], [7, 7], False, "so far 3 and 2"),
    ],
)
def test_sleep_vs_after_mood(short: list[int], enough: list[int], shown: bool, phrase: str) -> None:
    c1, s1 = sessions_with(short, sleep=5.5)
    c2, s2 = sessions_with(enough, sleep=6.0, start=50)  # exactly 6 hours is enough
    insight = sleep_vs_after_mood(session_samples(c1 + c2, s1 + s2))
    assert insight.shown is shown
    assert phrase in insight.sentence


def test_sleep_can_come_from_a_daily_check_in_that_day() -> None:
    checkins, sessions = sessions_with([4, 4, 4])  # after only, no sleep
    checkins += [CheckInPoint(day(i), "daily", 5, sleep_hours=5.0) for i in range(3)]
    c2, s2 = sessions_with([7, 7, 7], sleep=8, start=50)
    insight = sleep_vs_after_mood(session_samples(checkins + c2, sessions + s2))
    assert insight.left.count == 3
    assert insight.shown


@pytest.mark.parametrize(
    ("ate", "skipped", "shown", "phrase"),
    [
        ([7, 7, 7], [5, 5, 4], True, "2.3 points higher than when you hadn't"),
        ([5, 5, 5], [5, 5, 5], True, "about the same"),
        ([7, 7, 7], [5, 5], False, "so far 3 and 2"),
        ([7], [5, 5, 5], False, "so far 1 and 3"),
    ],
)
def test_food_vs_after_mood(ate: list[int], skipped: list[int], shown: bool, phrase: str) -> None:
    c1, s1 = sessions_with(ate, ate=True)
    c2, s2 = sessions_with(skipped, ate=False, start=50)
    insight = food_vs_after_mood(session_samples(c1 + c2, s1 + s2))
    assert insight.shown is shown
    assert phrase in insight.sentence


def test_unanswered_food_question_counts_on_neither_side() -> None:
    checkins, sessions = sessions_with([6, 6, 6], before_moods=[5, 5, 5])  # ate=None
    insight = food_vs_after_mood(session_samples(checkins, sessions))
    assert (insight.left.count, insight.right.count) == (0, 0)


def test_insights_for_returns_every_comparison_in_page_order() -> None:
    keys = [insight.key for insight in insights_for([], [])]
    assert keys == ["training_vs_rest", "before_after", "effort", "sleep", "food"]
    assert not any(insight.shown for insight in insights_for([], []))


def test_every_shown_sentence_is_cautious() -> None:
    c1, s1 = sessions_with([7, 7, 7], before_moods=[5, 5, 5], rpe=8.5, sleep=5, ate=True)
    c2, s2 = sessions_with([6, 6, 6], before_moods=[5, 5, 5], rpe=6, sleep=8, ate=False, start=20)
    checkins = c1 + c2 + rest_days([4, 4, 4])
    found = insights_for(checkins, s1 + s2)
    assert all(insight.shown for insight in found)
    assert all(
        insight.sentence.endswith("This is a pattern in your data, not proof.") for insight in found
    )


def test_sessions_without_check_ins_are_counted_not_guessed() -> None:
    day = dt.date(2026, 3, 2)
    sessions = [
        SessionPoint(1, day),  # its own check-in
        SessionPoint(2, day + dt.timedelta(days=1)),  # a daily check-in that day
        SessionPoint(3, day + dt.timedelta(days=2)),  # nothing: imported, say
        SessionPoint(4, day + dt.timedelta(days=3), finished=False),
    ]
    checkins = [
        CheckInPoint(day, "before", 6, session_id=1),
        CheckInPoint(day + dt.timedelta(days=1), "daily", 5),
    ]
    assert sessions_without_checkins(checkins, sessions) == 1
