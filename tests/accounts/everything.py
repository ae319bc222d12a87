"""A person who holds one of every kind of object Steady can store, made through the
services a person's own actions call.

``tests/accounts/test_account_deletion.py`` checks that this stays complete: every model
with a path to the user (found the way the export and deletion find them) must have a row
here, so a new model makes that test fail until it is added below.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.utils import timezone

from apps.accounts.models import SecurityEvent, User
from apps.accounts.services import security_event_record
from apps.imports.services import NewExercise, import_confirm, import_run, import_upload
from apps.journal.services import CheckInAnswers, checkin_create, questionnaire_submit
from apps.programs import selectors as program_selectors
from apps.programs.models import Exercise, Prescription
from apps.programs.services import (
    calendar_feed_enable,
    enrollment_adopt_copy,
    enrollment_pause,
    enrollment_start,
    exercise_swap,
    prescription_add,
    program_copy,
)
from apps.reminders.services import reminder_preferences_update, reminders_dispatch_due
from apps.safety.guidance.data import READINESS_TOPICS
from apps.safety.services import (
    clearance_record,
    guidance_acknowledge,
    readiness_screen_record,
    safety_plan_save,
)
from apps.summary.selectors import Sections
from apps.summary.services import share_link_create, share_link_record_opening
from apps.together.services import (
    cheer_send,
    crew_create,
    crew_join,
    crew_session_plan,
    invite_create,
    mute_set,
)
from apps.workouts.services import (
    exercise_note_save,
    session_finish,
    session_start,
    set_log_create,
)
from tests.factories import UserFactory, shipped_program

READINESS_NO = dict.fromkeys(READINESS_TOPICS, False)


def person_with_everything(**user_fields: object) -> User:
    """A person who copied a program and follows their own copy (the case that once made
    deletion fail), trained, journaled, wrote a safety plan and gets reminders."""
    user: User = UserFactory(**user_fields)
    today = user.local_today()
    template = shipped_program("machine-foundation")

    screen = readiness_screen_record(
        user=user, answers={**READINESS_NO, "bone_joint": True}, today=today
    )
    clearance_record(user=user, screen=screen, cleared_on=today, cleared_by="my GP")
    enrollment_start(
        user=user,
        program=template,
        start_date=today,
        weekdays=template.default_weekdays,
        today=today,
    )
    copy = program_copy(user=user, program=template)
    enrollment = enrollment_adopt_copy(user=user, program=copy)
    assert enrollment is not None
    plan = program_selectors.enrollment_plan(enrollment)
    planned = plan.on(today) or plan.next_after(today)
    assert planned is not None
    prescription = Prescription.objects.filter(day_id=planned.workout_day_id).first()
    assert prescription is not None
    alternative_ids = program_selectors.alternatives_for(prescription.exercise_id).ids
    alternative = Exercise.objects.get(pk=min(alternative_ids))
    exercise_swap(
        enrollment=enrollment,
        prescription=prescription,
        replacement=alternative,
        scope="onward",
        day=today,
    )
    calendar_feed_enable(user=user)
    enrollment_pause(user=user, today=today)

    session = session_start(user=user, planned=None, minimum=True)
    row = session.exercises.first()
    assert row is not None
    set_log_create(
        session_exercise=row,
        client_id=uuid.uuid4(),
        reps=8,
        load_kg=Decimal("20"),
        seconds=None,
        rpe=None,
    )
    exercise_note_save(user=user, exercise=row.exercise, text="seat 4, pin 6")
    session_finish(session=session, duration_min=20, session_rpe=Decimal("5"))

    checkin_create(
        user=user,
        kind="after",
        session=session,
        answers=CheckInAnswers(mood=2, note="a private note", self_harm_thoughts=True),
    )
    questionnaire_submit(user=user, kind="phq9", answers=[1] * 9)
    guidance_acknowledge(user=user, code="crisis_support", today=today)
    safety_plan_save(user=user, fields={"warning_signs": "not sleeping", "people": "Alex"})

    reminder_preferences_update(user=user, changes={"enabled": True})
    reminders_dispatch_due(now=timezone.now() + dt.timedelta(days=8))
    link, _token = share_link_create(
        user=user,
        start=today - dt.timedelta(days=55),
        end=today,
        sections=Sections(safety_plan=True),
        expires_in_days=7,
    )
    share_link_record_opening(link=link, format="html")
    imported = import_upload(
        user=user,
        data=b"title,start_time,exercise_title,set_index,set_type,weight_kg,reps\n"
        b"Old app,2024-01-05 10:00,Leg Press,0,warmup,40,10\n",
        filename="hevy.csv",
        unit="kg",
    )
    # "Create as my own exercise": made by the run, then used in their own program too (a
    # RESTRICT link that deletion must take down together with the program).
    import_confirm(import_run=imported, mapping={"Leg Press": NewExercise("My leg press", "load")})
    import_run(import_id=imported.pk)
    own = Exercise.objects.get(owner=user)
    prescription_add(
        day=copy.days.get(order=1),
        exercise=own,
        sets=2,
        reps_low=8,
        reps_high=12,
        seconds=None,
        rest_seconds=90,
    )
    security_event_record(kind=SecurityEvent.Kind.LOGGED_IN, user=user)

    crew = crew_create(user=user, name="Lunchtime lifters")
    friend = UserFactory(display_name="Robin")
    invite, _token = invite_create(crew=crew, by=user, single_use=False)
    crew_join(user=friend, invite=invite)
    cheer_send(crew=crew, sender=user, recipient=friend, message="nice_work", emoji="💪")
    cheer_send(crew=crew, sender=friend, recipient=user, message="rest_well")
    mute_set(user=user, muted_user=friend, muted=True)
    crew_session_plan(crew=crew, by=user, day=today + dt.timedelta(days=2), at=dt.time(18))
    return user
