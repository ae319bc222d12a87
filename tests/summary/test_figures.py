"""The summary's numbers on a constructed person (apps.summary.figures, no database)."""

from __future__ import annotations

import datetime as dt

from apps.safety.guidance import CheckIn, Questionnaire, Session, rules
from apps.summary.figures import default_range, summary_figures, week_bounds

START = dt.date(2026, 3, 2)  # a Monday
END = dt.date(2026, 4, 26)  # a Sunday: eight full weeks
TODAY = dt.date(2026, 5, 10)


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def phq9(offset: int, total: int, item9: int = 0) -> Questionnaire:
    """A PHQ-9 with the given total, item 9 set as asked and the rest spread over 1–8."""
    rest = total - item9
    answers = [min(3, max(0, rest - 3 * i)) for i in range(8)] + [item9]
    assert sum(answers) == total
    return Questionnaire(date=day(offset), kind="phq9", answers=tuple(answers))


def who5(offset: int, raw: int) -> Questionnaire:
    answers = [min(5, max(0, raw - 5 * i)) for i in range(5)]
    return Questionnaire(date=day(offset), kind="who5", answers=tuple(answers))


def session(sid: str, offset: int) -> Session:
    return Session(id=sid, date=day(offset), duration_min=30)


def pair(sid: str, offset: int, before: int, after: int) -> list[CheckIn]:
    return [
        CheckIn(date=day(offset), kind="before", mood=before, session=sid),
        CheckIn(date=day(offset), kind="after", mood=after, session=sid),
    ]


def planned_mon_wed_fri() -> list[dt.date]:
    return [day(week * 7 + weekday) for week in range(8) for weekday in (0, 2, 4)]


def figures(**overrides):  # type: ignore[no-untyped-def]
    values = {
        "start": START,
        "end": END,
        "today": TODAY,
        "planned": planned_mon_wed_fri(),
        "sessions": [],
        "checkins": [],
        "questionnaires": [],
    } | overrides
    return summary_figures(**values)


def test_weeks_count_back_from_the_last_day() -> None:
    assert week_bounds(START, END)[0] == (START, day(6))
    assert week_bounds(START, END)[-1] == (day(49), END)
    assert len(week_bounds(START, END)) == 8
    # A range that is not whole weeks: the earliest week is the short one.
    short = week_bounds(dt.date(2026, 3, 5), dt.date(2026, 3, 15))
    assert short == [
        (dt.date(2026, 3, 5), dt.date(2026, 3, 8)),
        (dt.date(2026, 3, 9), dt.date(2026, 3, 15)),
    ]


def test_default_range_is_the_last_eight_weeks() -> None:
    assert default_range(END) == (START, END)


def test_attendance_per_week_including_an_empty_week() -> None:
    sessions = [session("a", 0), session("b", 2), session("c", 4), session("d", 9)]
    result = figures(sessions=sessions)

    assert [(w.planned, w.done) for w in result.weeks[:3]] == [(3, 3), (3, 1), (3, 0)]
    assert result.planned == 24
    assert result.done == 4
    empty = result.weeks[2]
    assert empty.before_mean is None
    assert empty.after_mean is None
    assert empty.pairs == 0


def test_sessions_outside_the_range_are_not_counted() -> None:
    result = figures(sessions=[session("early", -3), session("late", 57), session("in", 1)])
    assert result.done == 1


def test_mood_before_and_after_means_and_shares() -> None:
    sessions = [session("a", 0), session("b", 2), session("c", 4), session("d", 7)]
    checkins = [
        *pair("a", 0, before=4, after=6),  # rose
        *pair("b", 2, before=5, after=5),  # stayed
        *pair("c", 4, before=6, after=3),  # fell
        CheckIn(date=day(7), kind="before", mood=2, session="d"),  # no after: not compared
    ]
    result = figures(sessions=sessions, checkins=checkins)

    first = result.weeks[0]
    assert first.before_mean == 5.0
    assert first.after_mean == 4.7  # (6 + 5 + 3) / 3, to one decimal
    assert (first.rose, first.fell, first.same) == (1, 1, 1)
    assert result.weeks[1].pairs == 0
    shares = result.mood_shares
    assert (shares.rose, shares.fell, shares.same, shares.total) == (1, 1, 1, 3)
    assert [shares.percent(shares.rose), shares.percent(shares.fell)] == [33, 33]


def test_the_latest_check_in_of_a_kind_counts_for_a_session() -> None:
    checkins = [
        CheckIn(date=day(0), kind="before", mood=3, session="a"),
        CheckIn(date=day(0), kind="before", mood=7, session="a"),  # later-listed wins
        CheckIn(date=day(0), kind="after", mood=5, session="a"),
    ]
    result = figures(sessions=[session("a", 0)], checkins=checkins)
    assert result.weeks[0].before_mean == 7.0
    assert result.mood_shares.fell == 1


def test_phq9_bands_at_every_boundary() -> None:
    totals = [0, 4, 5, 9, 10, 14, 15, 19, 20, 27]
    # 27 needs every item at 3, item 9 included.
    surveys = [phq9(i, total, item9=3 if total == 27 else 0) for i, total in enumerate(totals)]
    result = figures(questionnaires=surveys)

    assert [p.band_label for p in result.phq9] == [
        "Minimal",
        "Minimal",
        "Mild",
        "Mild",
        "Moderate",
        "Moderate",
        "Moderately severe",
        "Moderately severe",
        "Severe",
        "Severe",
    ]
    assert [p.total for p in result.phq9] == totals


def test_item_9_dates_are_every_phq9_with_item_9_above_zero() -> None:
    surveys = [phq9(1, 7), phq9(15, 12, item9=1), phq9(29, 4, item9=2), phq9(43, 3)]
    result = figures(questionnaires=surveys)

    assert result.item9_dates == (day(15), day(29))
    # A low total does not hide item 9.
    assert result.phq9[2].total == 4
    assert result.phq9[2].item9_above_zero


def test_who5_is_reported_times_four() -> None:
    result = figures(questionnaires=[who5(3, 0), who5(17, 13), who5(31, 25)])
    assert [(p.raw, p.percentage) for p in result.who5] == [(0, 0), (13, 52), (25, 100)]


def test_a_range_with_no_data() -> None:
    result = figures(planned=[])
    assert len(result.weeks) == 8
    assert all(w.planned == 0 and w.done == 0 and w.pairs == 0 for w in result.weeks)
    assert result.phq9 == ()
    assert result.who5 == ()
    assert result.item9_dates == ()
    assert result.mood_shares.total == 0
    assert result.mood_shares.percent(0) == 0
    assert result.guidance == ()
    assert not result.has_data


def test_guidance_periods_for_crisis_support_and_seek_professional() -> None:
    surveys = [phq9(15, 12, item9=1), phq9(29, 20, item9=1)]
    result = figures(questionnaires=surveys)

    by_code = {p.code: p for p in result.guidance}
    crisis = by_code["crisis_support"]
    assert crisis.first == day(15)
    assert crisis.last == day(29) + dt.timedelta(days=rules.CRISIS_WINDOW_DAYS)
    assert crisis.reasons == ("phq9_item9",)
    seek = by_code["seek_professional"]
    assert seek.first == day(15)
    assert seek.last == END  # the PHQ-9 of day 29 still counts at the end of the range
    assert seek.reasons == ("phq9_total",)


def test_guidance_is_never_evaluated_after_today() -> None:
    result = figures(questionnaires=[phq9(15, 12)], today=day(20))
    (seek,) = result.guidance
    assert (seek.first, seek.last) == (day(15), day(20))


def test_records_before_the_range_can_raise_guidance_inside_it() -> None:
    """A PHQ-9 of 10 days before the range still counts for seek professional."""
    result = figures(questionnaires=[phq9(-10, 15)])
    (seek,) = result.guidance
    assert seek.first == START
    assert result.phq9 == ()  # but it is not listed: it is outside the range


def test_mood_drop_period_with_its_factors() -> None:
    sessions = [session("a", 10), session("b", 12), session("c", 14)]
    checkins = [
        CheckIn(date=day(o), kind=kind, mood=mood, session=sid, ate_recently=False)
        for sid, o in (("a", 10), ("b", 12), ("c", 14))
        for kind, mood in (("before", 7), ("after", 4))
    ]
    result = figures(sessions=sessions, checkins=checkins)

    (drop,) = [p for p in result.guidance if p.code == "post_workout_mood_drop"]
    assert drop.first == day(14)
    assert drop.factors == ("fuel",)
    assert drop.last == day(10) + dt.timedelta(days=rules.MOOD_DROP_WINDOW_DAYS)
