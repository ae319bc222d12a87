"""Each kind of reminder end to end: when it is due, what it says, when it stays quiet.

Mail goes to Django's locmem backend here; the SMTP behaviour is in test_delivery.py.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from time_machine import TimeMachineFixture

from apps.accounts.models import User
from apps.journal.models import CheckIn
from apps.reminders.models import Delivery, ReminderKind, ReminderSchedule
from apps.reminders.services import (
    checkin_prompts_dispatch,
    delivery_send,
    reminder_preferences_update,
    reminders_dispatch_due,
)
from apps.reminders.wording import contains_forbidden_wording
from apps.together.services import cheer_send
from tests.factories import (
    CheckInFactory,
    EnrollmentFactory,
    ExerciseFactory,
    QuestionnaireResponseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    UserFactory,
    WorkoutSessionFactory,
    reminder_user,
)
from tests.together.builders import crew_with

pytestmark = pytest.mark.django_db

SECRET_NOTE = "zebra-note-7781"
SECRET_TAG = "tag-quokka-31"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def send_all(kind: str | None = None) -> list[Delivery]:
    rows = Delivery.objects.filter(state=Delivery.State.QUEUED)
    if kind:
        rows = rows.filter(kind=kind)
    for row in rows:
        delivery_send(delivery_id=row.pk)
    return list(Delivery.objects.order_by("scheduled_for"))


def session(user: User, finished_at: dt.datetime, **fields: Any) -> Any:
    return WorkoutSessionFactory(
        user=user,
        started_at=finished_at - dt.timedelta(minutes=40),
        finished_at=finished_at,
        **fields,
    )


def low_mood(user: User, when: dt.datetime) -> None:
    CheckInFactory(
        user=user,
        kind=CheckIn.Kind.DAILY,
        created_at=when,
        date=when.astimezone(user.zone).date(),
        mood=3,
        tags=[SECRET_TAG],
        note=SECRET_NOTE,
    )


def whole_message(message: Any) -> str:
    html = "".join(content for content, _type in message.alternatives)
    headers = " ".join(f"{k}: {v}" for k, v in message.extra_headers.items())
    return "\n".join([message.subject, message.body, html, headers])


# --- After-workout check-in prompt ---------------------------------------------------


def test_checkin_prompt_two_hours_after_a_session_without_after_checkin(
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(utc(2026, 5, 4, 17), tick=False)
    user = reminder_user("Europe/London")
    finished = session(user, utc(2026, 5, 4, 17), name="Session B")

    time_machine.move_to(utc(2026, 5, 4, 18, 59), tick=False)
    assert checkin_prompts_dispatch() == 0
    time_machine.move_to(utc(2026, 5, 4, 19, 1), tick=False)
    assert checkin_prompts_dispatch() == 1
    assert checkin_prompts_dispatch() == 0  # overlapping scans add nothing
    delivery = Delivery.objects.get(user=user, kind=ReminderKind.CHECKIN_PROMPT)
    assert delivery.scheduled_for == utc(2026, 5, 4, 19)
    assert delivery.session == finished

    send_all()
    assert [m.subject for m in mail.outbox] == ["How did Session B feel?"]


def test_no_checkin_prompt_when_the_after_checkin_is_done(
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(utc(2026, 5, 4, 17), tick=False)
    user = reminder_user("Europe/London")
    done = session(user, utc(2026, 5, 4, 17))
    CheckInFactory(user=user, kind=CheckIn.Kind.AFTER, session=done, mood=6)
    time_machine.move_to(utc(2026, 5, 4, 19, 30), tick=False)
    assert checkin_prompts_dispatch() == 0


def test_checkin_done_after_queueing_skips_the_prompt(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 5, 4, 17), tick=False)
    user = reminder_user("Europe/London")
    done = session(user, utc(2026, 5, 4, 17))
    time_machine.move_to(utc(2026, 5, 4, 19, 1), tick=False)
    checkin_prompts_dispatch()
    CheckInFactory(user=user, kind=CheckIn.Kind.AFTER, session=done, mood=6)
    [row] = send_all()
    assert (row.state, row.skip_reason) == (Delivery.State.SKIPPED, "already_done")
    assert mail.outbox == []


def test_no_checkin_prompt_for_an_imported_session(time_machine: TimeMachineFixture) -> None:
    """A session brought in from another app's log is not one the person just did."""
    time_machine.move_to(utc(2026, 5, 4, 17), tick=False)
    user = reminder_user("Europe/London")
    session(user, utc(2026, 5, 4, 17), is_imported=True)
    time_machine.move_to(utc(2026, 5, 4, 19, 30), tick=False)
    assert checkin_prompts_dispatch() == 0
    assert not Delivery.objects.filter(user=user).exists()


def test_a_prompt_queued_for_a_session_later_marked_imported_is_skipped(
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(utc(2026, 5, 4, 17), tick=False)
    user = reminder_user("Europe/London")
    done = session(user, utc(2026, 5, 4, 17))
    time_machine.move_to(utc(2026, 5, 4, 19, 1), tick=False)
    assert checkin_prompts_dispatch() == 1
    type(done).objects.filter(pk=done.pk).update(is_imported=True)
    [row] = send_all()
    assert (row.state, row.skip_reason) == (Delivery.State.SKIPPED, "nothing_to_say")
    assert mail.outbox == []


def test_checkin_prompt_waits_for_quiet_hours_to_end(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 1, 14, 20, 30), tick=False)
    user = reminder_user("Europe/London", quiet_start=dt.time(21), quiet_end=dt.time(8))
    session(user, utc(2026, 1, 14, 20, 30))
    time_machine.move_to(utc(2026, 1, 14, 22, 35), tick=False)
    assert checkin_prompts_dispatch() == 0
    time_machine.move_to(utc(2026, 1, 15, 8, 1), tick=False)
    assert checkin_prompts_dispatch() == 1
    assert Delivery.objects.get(user=user).scheduled_for == utc(2026, 1, 15, 8)


def test_checkin_prompt_respects_the_switches(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 5, 4, 17), tick=False)
    off = reminder_user("Europe/London", checkin_prompt_enabled=False)
    all_off = reminder_user("Europe/London", enabled=False)
    session(off, utc(2026, 5, 4, 17))
    session(all_off, utc(2026, 5, 4, 17))
    time_machine.move_to(utc(2026, 5, 4, 19, 30), tick=False)
    assert checkin_prompts_dispatch() == 0


# --- PHQ-9 due -----------------------------------------------------------------------


def test_phq9_reminder_14_days_after_the_last_one(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 5, 1, 12), tick=False)
    user = reminder_user("Europe/London")
    QuestionnaireResponseFactory(user=user, date=dt.date(2026, 4, 27))
    reminder_preferences_update(user=user, changes={"phq9_enabled": True})
    row = ReminderSchedule.objects.get(user=user, kind=ReminderKind.PHQ9_DUE)
    assert row.next_fire_at == utc(2026, 5, 11, 9)  # 27 April + 14 days, 10:00 BST

    time_machine.move_to(utc(2026, 5, 11, 9, 0, 10), tick=False)
    reminders_dispatch_due()
    send_all(ReminderKind.PHQ9_DUE)
    assert len(mail.outbox) == 1
    assert "Two weeks on" in mail.outbox[0].subject
    row.refresh_from_db()
    assert row.next_fire_at == utc(2026, 5, 25, 9)


def test_phq9_answered_early_moves_the_reminder(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 5, 1, 12), tick=False)
    user = reminder_user("Europe/London", phq9_enabled=True, workout_enabled=False)
    row = ReminderSchedule.objects.get(user=user, kind=ReminderKind.PHQ9_DUE)
    assert row.next_fire_at == utc(2026, 5, 2, 9)
    QuestionnaireResponseFactory(user=user, date=dt.date(2026, 5, 1))
    time_machine.move_to(utc(2026, 5, 2, 9, 0, 10), tick=False)
    report = reminders_dispatch_due()
    assert (report.created, report.not_needed) == (0, 1)
    row.refresh_from_db()
    assert row.next_fire_at == utc(2026, 5, 15, 9)


def test_phq9_is_opt_in() -> None:
    user = reminder_user("Europe/London")
    row = ReminderSchedule.objects.get(user=user, kind=ReminderKind.PHQ9_DUE)
    assert row.next_fire_at is None


# --- "We're here when you're ready" --------------------------------------------------


def test_lapse_note_once_after_ten_days_then_again_only_after_a_new_session(
    time_machine: TimeMachineFixture,
) -> None:
    time_machine.move_to(utc(2026, 6, 1, 18), tick=False)
    user = reminder_user("Europe/London")
    session(user, utc(2026, 6, 1, 18))
    reminder_preferences_update(
        user=user,
        changes={
            "lapse_note_enabled": True,
            "workout_enabled": False,
            "weekly_summary_enabled": False,
        },
    )

    for day in range(2, 25):
        time_machine.move_to(utc(2026, 6, day, 9, 0, 10), tick=False)  # 10:00 BST
        reminders_dispatch_due()
        send_all()
    notes = Delivery.objects.filter(user=user, kind=ReminderKind.LAPSE_NOTE)
    assert [d.scheduled_for for d in notes] == [utc(2026, 6, 11, 9)]
    assert [m.subject for m in mail.outbox] == ["We're here when you're ready"]

    session(user, utc(2026, 6, 24, 18))
    for day in range(25, 31):
        time_machine.move_to(utc(2026, 6, day, 9, 0, 10), tick=False)
        reminders_dispatch_due()
    time_machine.move_to(utc(2026, 7, 4, 9, 0, 10), tick=False)
    reminders_dispatch_due()
    assert [d.scheduled_for for d in notes.all()] == [utc(2026, 7, 4, 9), utc(2026, 6, 11, 9)]


def test_no_lapse_note_for_someone_who_never_trained(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 6, 1, 18), tick=False)
    user = reminder_user("Europe/London", lapse_note_enabled=True)
    for day in range(2, 20):
        time_machine.move_to(utc(2026, 6, day, 9, 0, 10), tick=False)
        reminders_dispatch_due()
    assert not Delivery.objects.filter(user=user, kind=ReminderKind.LAPSE_NOTE).exists()


# --- Weekly summary ------------------------------------------------------------------


def summary_user(time_machine: TimeMachineFixture, *, done: int, records: bool) -> User:
    time_machine.move_to(utc(2026, 3, 2, 7), tick=False)  # Monday
    user = reminder_user("Europe/London", weekly_summary_day=6)
    EnrollmentFactory(user=user, weekdays=[0, 2, 4], start_date=dt.date(2026, 2, 23))
    exercise = ExerciseFactory()
    before = session(user, utc(2026, 2, 25, 18))
    SetLogFactory(
        session_exercise=SessionExerciseFactory(session=before, exercise=exercise),
        load_kg=Decimal("40"),
    )
    for index, day in enumerate((2, 4, 6)[:done]):
        this_week = session(user, utc(2026, 3, day, 18))
        SetLogFactory(
            session_exercise=SessionExerciseFactory(session=this_week, exercise=exercise),
            load_kg=Decimal("42.5") if records and index == 0 else Decimal("40"),
        )
    return user


def test_weekly_summary_counts_sessions_and_records(time_machine: TimeMachineFixture) -> None:
    summary_user(time_machine, done=2, records=True)
    time_machine.move_to(utc(2026, 3, 8, 18, 0, 10), tick=False)
    assert reminders_dispatch_due().created == 1
    send_all(ReminderKind.WEEKLY_SUMMARY)
    [message] = mail.outbox
    assert message.subject == "Your week in Steady: 2 Mar – 8 Mar"
    assert "Sessions: 2 of 3 planned (70 minutes of training)" in message.body
    assert "New personal bests: 1" in message.body
    assert "lifted more than ever before" in message.body


def test_weekly_summary_for_a_quiet_week_is_kind(time_machine: TimeMachineFixture) -> None:
    summary_user(time_machine, done=0, records=False)
    time_machine.move_to(utc(2026, 3, 8, 18, 0, 10), tick=False)
    reminders_dispatch_due()
    send_all(ReminderKind.WEEKLY_SUMMARY)
    [message] = mail.outbox
    assert "Rest weeks are part of training" in message.body
    assert "personal bests" not in message.body
    assert not contains_forbidden_wording(whole_message(message))


def test_no_weekly_summary_with_nothing_planned_or_done(time_machine: TimeMachineFixture) -> None:
    time_machine.move_to(utc(2026, 3, 2, 7), tick=False)
    user = reminder_user("Europe/London", weekly_summary_day=6)
    time_machine.move_to(utc(2026, 3, 8, 18, 0, 10), tick=False)
    reminders_dispatch_due()
    [row] = [
        r for r in send_all(ReminderKind.WEEKLY_SUMMARY) if r.kind == ReminderKind.WEEKLY_SUMMARY
    ]
    assert (row.user, row.state, row.skip_reason) == (user, "skipped", "nothing_to_say")
    assert mail.outbox == []


# --- Tone and privacy, every kind ----------------------------------------------------


def every_kind_sent(time_machine: TimeMachineFixture, *, low_checkins: bool) -> list[Any]:
    """One email of each kind for one person; low-mood check-ins first if ``low_checkins``."""
    time_machine.move_to(utc(2026, 3, 2, 7), tick=False)  # Monday
    user = reminder_user("Europe/London")
    EnrollmentFactory(user=user, weekdays=[0, 2, 4], start_date=dt.date(2026, 2, 2))
    first = session(user, utc(2026, 2, 20, 18), name="Session A")
    CheckInFactory(
        user=user,
        kind=CheckIn.Kind.AFTER,
        session=first,
        created_at=utc(2026, 2, 20, 19),
        mood=2,
        note=SECRET_NOTE,
    )
    QuestionnaireResponseFactory(user=user, date=dt.date(2026, 2, 16))
    reminder_preferences_update(
        user=user,
        changes={
            "workout_time": dt.time(7, 30),
            "weekly_summary_day": 6,
            "phq9_enabled": True,
            "lapse_note_enabled": True,
            "cheers_digest_enabled": True,
        },
    )
    friend = UserFactory(display_name="Ben")
    crew = crew_with(user, friend, name="Lunch lifters")
    if low_checkins:
        low_mood(user, utc(2026, 3, 1, 12))
    else:
        CheckInFactory(user=user, created_at=utc(2026, 3, 1, 12), mood=8, note=SECRET_NOTE)

    # Monday morning: the workout reminder (07:30), the PHQ-9 and the lapse note (10:00).
    for instant in (utc(2026, 3, 2, 7, 30, 5), utc(2026, 3, 2, 10, 0, 5)):
        time_machine.move_to(instant, tick=False)
        reminders_dispatch_due()
        send_all()
    # Monday noon a cheer from the crew; at 19:00 the day's cheers digest.
    time_machine.move_to(utc(2026, 3, 2, 12), tick=False)
    cheer_send(crew=crew, sender=friend, recipient=user, message="showing_up", emoji="💪")
    time_machine.move_to(utc(2026, 3, 2, 19, 0, 5), tick=False)
    reminders_dispatch_due()
    send_all(ReminderKind.CHEERS_DIGEST)
    # Monday evening: a session without an after check-in, then the prompt.
    finished = session(user, utc(2026, 3, 2, 18), name="Session B")
    time_machine.move_to(utc(2026, 3, 2, 20, 1), tick=False)
    checkin_prompts_dispatch()
    send_all()
    CheckInFactory(
        user=user,
        kind=CheckIn.Kind.AFTER,
        session=finished,
        mood=3 if low_checkins else 7,
        tags=[SECRET_TAG],
        note=SECRET_NOTE,
    )
    # Sunday evening: the weekly summary.
    time_machine.move_to(utc(2026, 3, 8, 18, 0, 5), tick=False)
    reminders_dispatch_due()
    send_all(ReminderKind.WEEKLY_SUMMARY)
    return list(mail.outbox)


def kinds_of(messages: list[Any]) -> set[str]:
    return {m.extra_headers["X-Steady-Reminder"].split("/")[0] for m in messages}


@pytest.mark.parametrize("low_checkins", [False, True], ids=["steady-mood", "low-mood"])
def test_no_email_ever_shows_mood_journal_or_guilt(
    time_machine: TimeMachineFixture, low_checkins: bool
) -> None:
    messages = every_kind_sent(time_machine, low_checkins=low_checkins)
    assert kinds_of(messages) == set(ReminderKind.values)
    for message in messages:
        everything = whole_message(message)
        assert SECRET_NOTE not in everything
        assert SECRET_TAG not in everything
        assert not re.search(r"mood\W{0,3}(score|rating|level|of)?\W{0,3}\d", everything, re.I)
        assert not re.search(r"\b\d{1,2}\s*/\s*10\b", everything)
        assert not contains_forbidden_wording(everything), message.subject


def _without_personal_parts(text: str) -> str:
    """An email with what differs between two people taken out: the greeting, the
    per-person unsubscribe token and the session's id in a link."""
    text = re.sub(r"Hi [^,\n]+,", "Hi NAME,", text)
    text = re.sub(r"session=\d+", "session=ID", text)
    return re.sub(r"/reminders/unsubscribe/[^/\s\"<>]+/", "/reminders/unsubscribe/TOKEN/", text)


def test_reminder_wording_never_depends_on_mood(time_machine: TimeMachineFixture) -> None:
    """Two people with the same training, one with low check-ins: every email reads the
    same (a lock-screen preview shows the subject to anyone holding the phone)."""
    steady = {
        m.extra_headers["X-Steady-Reminder"].split("/")[0]: m
        for m in every_kind_sent(time_machine, low_checkins=False)
    }
    mail.outbox.clear()
    low = {
        m.extra_headers["X-Steady-Reminder"].split("/")[0]: m
        for m in every_kind_sent(time_machine, low_checkins=True)
    }
    assert set(steady) == set(low) == set(ReminderKind.values)
    for kind in ReminderKind.values:
        assert low[kind].subject == steady[kind].subject, kind
        assert _without_personal_parts(low[kind].body) == _without_personal_parts(
            steady[kind].body
        ), kind
        low_html = "".join(content for content, _ in low[kind].alternatives)
        steady_html = "".join(content for content, _ in steady[kind].alternatives)
        assert _without_personal_parts(low_html) == _without_personal_parts(steady_html), kind
    assert steady["workout"].subject == "Session A is on your plan today: 40 minutes"
    assert "a shorter session counts, and so does rest" in steady["workout"].body
