"""Demo crew: the demo account keeps "Saturday lifters" with two demo members, Priya and
Tom, who train this week and send cheers, so a newcomer sees the feature working.

Idempotent: people and the crew are found by name; sessions are added per missing date;
fresh cheers and a shared session only when none are recent or upcoming.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apps.accounts.models import User
from apps.programs.models import Enrollment, Program
from apps.together.models import Cheer, CheerEmoji, CheerMessage, Crew, CrewSession, Membership
from apps.together.services import crew_create, crew_session_plan, session_place_set
from apps.workouts.models import WorkoutSession

CREW_NAME = "Saturday lifters"
DEMO_PROGRAM_SLUG = "machine-foundation"
# (email, name, training weekdays)
MEMBERS = (
    ("priya@demo.steady.local", "Priya", (0, 2, 4)),
    ("tom@demo.steady.local", "Tom", (1, 3, 5)),
)


def _demo_member(email: str, name: str, zone: str) -> User:
    person, created = User.objects.get_or_create(
        email=email, defaults={"display_name": name, "time_zone": zone}
    )
    if created:
        person.set_unusable_password()  # shown in the crew only; nobody logs in as them
        person.save(update_fields=["password"])
    return person


def _training_week(person: User, weekdays: tuple[int, ...]) -> None:
    """An enrollment for planned dots and this week's sessions up to today."""
    today = person.local_today()
    program = Program.objects.filter(slug=DEMO_PROGRAM_SLUG, owner__isnull=True).first()
    if program is not None and not Enrollment.objects.filter(user=person).exists():
        Enrollment.objects.create(
            user=person,
            program=program,
            start_date=today - dt.timedelta(days=today.weekday() + 14),
            weekdays=list(weekdays),
        )
    monday = today - dt.timedelta(days=today.weekday())
    done = set(
        WorkoutSession.objects.filter(user=person, date__gte=monday).values_list("date", flat=True)
    )
    now = timezone.now()
    midnight = dt.datetime.combine(today, dt.time.min, tzinfo=person.zone)
    for offset in range(today.weekday() + 1):
        day = monday + dt.timedelta(days=offset)
        if day.weekday() not in weekdays or day in done:
            continue
        if day == today:
            started = max(midnight + dt.timedelta(seconds=1), now - dt.timedelta(hours=2))
            finished = min(started + dt.timedelta(minutes=35), now)
        else:
            started = dt.datetime.combine(day, dt.time(18), tzinfo=person.zone)
            finished = started + dt.timedelta(minutes=35)
        WorkoutSession.objects.create(
            user=person,
            name="Session A" if offset % 2 == 0 else "Session B",
            date=day,
            started_at=started,
            finished_at=finished,
            duration_min=35,
        )


def seed_demo(user: User) -> None:
    members = [_demo_member(email, name, user.time_zone) for email, name, _ in MEMBERS]
    crew = Crew.objects.filter(name=CREW_NAME, memberships__user=user).first()
    if crew is None:
        crew = crew_create(user=user, name=CREW_NAME)
    for person in members:
        Membership.objects.get_or_create(crew=crew, user=person, defaults={"share_records": True})
    for person, (_email, _name, weekdays) in zip(members, MEMBERS, strict=True):
        _training_week(person, weekdays)
    now = timezone.now()
    priya, tom = members
    if not Cheer.objects.filter(recipient=user, sent_at__gte=now - dt.timedelta(days=1)).exists():
        for sender, recipient, message, emoji, ago in (
            (priya, user, CheerMessage.SHOWING_UP, CheerEmoji.STRONG, dt.timedelta(hours=3)),
            (tom, user, CheerMessage.REST_WELL, CheerEmoji.NONE, dt.timedelta(hours=20)),
            (user, priya, CheerMessage.NICE_WORK, CheerEmoji.SUN, dt.timedelta(hours=1)),
        ):
            Cheer.objects.create(
                crew=crew,
                sender=sender,
                recipient=recipient,
                message=message,
                emoji=emoji,
                sent_at=now - ago,
            )
    if not CrewSession.objects.filter(crew=crew, starts_at__gte=now).exists():
        today = user.local_today()
        saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
        session = crew_session_plan(crew=crew, by=priya, day=saturday, at=dt.time(10))
        session_place_set(session=session, user=tom, going=True)
