"""The crew page, the Today panel and the invite pages, as people see them: what is
shown, what never is, and query counts that stay flat as histories and crews grow."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from apps.core.time import utc_today
from apps.demo.loadgen import generate_histories
from apps.journal.models import CheckIn
from apps.together.models import Crew, Invite
from apps.together.services import (
    cheer_send,
    crew_join,
    crew_session_plan,
    invite_create,
    invite_revoke,
    membership_update_sharing,
)
from apps.workouts.models import WorkoutSession
from tests.factories import (
    CheckInFactory,
    GuidanceResponseFactory,
    QuestionnaireResponseFactory,
    SafetyPlanFactory,
    SessionExerciseFactory,
    SetLogFactory,
    UserFactory,
    WorkoutSessionFactory,
)
from tests.html_checks import assert_headings_in_order, assert_valid_html
from tests.together.builders import crew_with, membership

pytestmark = pytest.mark.django_db

SECRET_NOTE = "quokka-note-5519"
SECRET_TAG = "tag-wombat-77"
SECRET_PLAN = "zebra-warning-8812"
SECRET_SESSION_NOTE = "session-note-3141"
SECRET_LOAD = "137.5"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_crew_page_shows_a_member_s_session_done_today_as_a_calm_dot() -> None:
    keeper, member = UserFactory(display_name="Ana"), UserFactory(display_name="Ben")
    crew = crew_with(keeper, member)
    WorkoutSessionFactory(user=member)

    response = client_for(keeper).get(reverse("together:crew", kwargs={"pk": crew.pk}))

    assert response.status_code == 200
    html = response.content.decode()
    assert_valid_html(response)
    assert_headings_in_order(response)
    ben = html[html.index("Ben") :]
    assert "Trained today" in ben[:2000]
    assert "week-dot-done" in ben[:2000]
    assert not re.search(r"missed|failed|streak|behind", html, re.I)


def test_a_member_taking_a_break_shows_only_that() -> None:
    keeper, member = UserFactory(display_name="Ana"), UserFactory(display_name="Ben")
    crew = crew_with(keeper, member)
    WorkoutSessionFactory(user=member)
    membership_update_sharing(
        membership=membership(crew, member), sharing_paused=True, share_records=True
    )

    html = client_for(keeper).get(reverse("together:crew", kwargs={"pk": crew.pk})).content
    ben = html.decode()[html.decode().index("Ben") :][:600]

    assert "Taking a break" in ben
    assert "Trained today" not in ben


def seeded_private_life(user: User) -> None:
    """Mood, check-ins, a PHQ-9 with item 9 above 0, guidance, a safety plan, a session
    note and a heavy set: each with a value nobody else may ever see."""
    session = WorkoutSessionFactory(user=user, notes=SECRET_SESSION_NOTE)
    row = SessionExerciseFactory(session=session)
    SetLogFactory(session_exercise=row, load_kg=Decimal(SECRET_LOAD), reps=3)
    CheckInFactory(
        user=user,
        kind=CheckIn.Kind.AFTER,
        session=session,
        mood=2,
        note=SECRET_NOTE,
        tags=[SECRET_TAG],
        self_harm_thoughts=True,
    )
    QuestionnaireResponseFactory(user=user, answers=[3, 3, 3, 3, 3, 3, 3, 3, 2])
    GuidanceResponseFactory(user=user, code="stop_and_seek_care")
    SafetyPlanFactory(user=user, warning_signs=SECRET_PLAN)


def test_no_page_a_crew_member_sees_holds_another_s_mood_or_safety_data() -> None:
    viewer, member = UserFactory(display_name="Ana"), UserFactory(display_name="Ben")
    crew = crew_with(viewer, member)
    membership_update_sharing(
        membership=membership(crew, member), sharing_paused=False, share_records=True
    )
    seeded_private_life(member)
    cheer_send(crew=crew, sender=member, recipient=viewer, message="showing_up")
    client = client_for(viewer)

    pages = [
        client.get(reverse("together:crew", kwargs={"pk": crew.pk})),
        client.get(reverse("programs:today")),
        client.get(reverse("together:crews")),
    ]

    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        for secret in (SECRET_NOTE, SECRET_TAG, SECRET_PLAN, SECRET_SESSION_NOTE, SECRET_LOAD):
            assert secret not in html, (response.request["PATH_INFO"], secret)
        assert "safety-banner" not in html  # Ben's guidance never reaches Ana
        assert "stop_and_seek_care" not in html
        assert "crisis_support" not in html
        assert not re.search(r"\bmood\b[^<]{0,20}\d", html, re.I)
        assert "PHQ-9 score" not in html
        # A PHQ-9 total reads "26/27"; a URL with a primary key of 27 must not trip this.
        assert not re.search(r"(?<![/\w])\d{1,2}\s*/\s*27\b", html)
    crew_page = pages[0].content.decode()
    assert "Trained today" in crew_page  # the session itself is shared
    assert "New best on" in crew_page  # the record's exercise name only
    assert "Proud of you for showing up" in pages[1].content.decode()


def test_an_invite_shows_what_will_be_shared_before_joining() -> None:
    keeper, guest = UserFactory(display_name="Ana"), UserFactory()
    crew = crew_with(keeper, name="Tuesday crew")
    _, token = invite_create(crew=crew, by=keeper)
    url = reverse("together:join", kwargs={"token": token})

    anonymous = Client().get(url)
    preview = client_for(guest).get(url)

    assert anonymous.status_code == 200
    assert "Log in to join" in anonymous.content.decode()
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Tuesday crew" in text
    assert "What the crew will see" in text
    assert "Never shared" in text
    assert preview["Referrer-Policy"] == "same-origin"
    assert not crew.memberships.filter(user=guest).exists()  # nothing happens on GET

    joined = client_for(guest).post(url)

    assert joined.status_code == 302
    assert crew.memberships.filter(user=guest).exists()


def test_a_revoked_link_shows_a_clear_page_and_no_crew() -> None:
    keeper = UserFactory()
    crew = crew_with(keeper, name="Tuesday crew")
    invite, token = invite_create(crew=crew, by=keeper, single_use=False)
    invite_revoke(invite=invite)
    client = client_for(UserFactory())

    for response in (
        client.get(reverse("together:join", kwargs={"token": token})),
        client.post(reverse("together:join", kwargs={"token": token})),
    ):
        assert response.status_code == 404
        text = response.content.decode()
        assert "This invite isn't available" in text
        assert "Tuesday crew" not in text
    assert crew.memberships.count() == 1


def test_an_email_invite_sends_a_single_use_link() -> None:
    keeper = UserFactory(display_name="Ana")
    crew = crew_with(keeper, name="Tuesday crew")

    response = client_for(keeper).post(
        reverse("together:invite_email", kwargs={"pk": crew.pk}),
        {"email": "friend@example.org", "days": "7"},
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["friend@example.org"]
    assert "Ana" in message.subject
    link = re.search(r"https?://\S+/crews/join/[A-Za-z0-9_-]{43}/", message.body)
    assert link is not None
    invite = Invite.objects.get(crew=crew)
    assert invite.single_use
    assert invite.email == "friend@example.org"


def test_bad_input_is_shown_next_to_the_field() -> None:
    keeper, member = UserFactory(), UserFactory()
    crew = crew_with(keeper, member)
    client = client_for(keeper)

    response = client.post(
        reverse("together:session_plan", kwargs={"pk": crew.pk}),
        {"day": "2000-01-01", "at": "25:99", "minutes": "45"},
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "Pick today or a day ahead." in text
    assert "Enter a time like 18:30." in text
    assert 'value="2000-01-01"' in text
    cheer = client.post(reverse("together:cheer", kwargs={"pk": crew.pk}), {"recipient": member.pk})
    assert cheer.status_code == 200
    assert "Choose a cheer from the list." in cheer.content.decode()


def test_crew_sessions_show_on_today_and_in_the_calendar_feed() -> None:
    keeper = UserFactory(time_zone="Europe/London")
    member = UserFactory(time_zone="America/New_York")
    crew = crew_with(keeper, member)
    tomorrow = keeper.local_today() + dt.timedelta(days=1)
    crew_session_plan(crew=crew, by=keeper, day=tomorrow, at=dt.time(18, 0))
    client = client_for(member)

    today = client.get(reverse("programs:today")).content.decode()
    assert "Training together with" in today
    assert "I'm in" in today
    client.post(reverse("programs:feed_manage"), {"action": "enable"})
    token = member.calendar_feeds.get(revoked_at__isnull=True).token
    ics = Client().get(reverse("programs:feed", kwargs={"token": token})).content.decode()
    assert "Training with Morning crew" in ics
    assert re.search(r"DTSTART:\d{8}T\d{6}Z", ics)


def _crew_page_queries(viewer: User, crew: Crew) -> int:
    client = client_for(viewer)
    url = reverse("together:crew", kwargs={"pk": crew.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _today_queries(viewer: User) -> int:
    client = client_for(viewer)
    client.get(reverse("programs:today"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("programs:today")).status_code == 200
    return len(queries)


def people(prefix: str, years: float) -> list[User]:
    generate_histories(users=2, years=years, today=utc_today(), prefix=prefix)
    return list(User.objects.filter(email__startswith=f"{prefix}-").order_by("pk"))


def test_query_counts_stay_flat_from_one_week_to_three_years_and_across_members() -> None:
    week_people = people("crew-week", 7 / 365)
    year_people = people("crew-years", 3)
    assert WorkoutSession.objects.filter(user=year_people[1]).count() >= 300
    small = crew_with(week_people[0], week_people[1])
    large = crew_with(year_people[0], year_people[1])
    for crew in (small, large):
        for member in crew.memberships.exclude(user=crew.created_by):
            membership_update_sharing(membership=member, sharing_paused=False, share_records=True)
            keeper = crew.created_by
            assert keeper is not None
            cheer_send(crew=crew, sender=member.user, recipient=keeper, message="rest_well")

    assert _crew_page_queries(week_people[0], small) == _crew_page_queries(year_people[0], large)
    assert _today_queries(week_people[0]) - _today_queries(year_people[0]) == 0

    # More members: the same number of queries (one per kind of fact for everyone).
    two = _crew_page_queries(week_people[0], small)
    for _ in range(5):
        extra = UserFactory()
        invite, _token = invite_create(crew=small, by=week_people[0])
        crew_join(user=extra, invite=invite)
        WorkoutSessionFactory(user=extra)
    assert _crew_page_queries(week_people[0], small) == two


def test_a_member_without_a_display_name_is_never_named_by_their_email() -> None:
    keeper, member = UserFactory(display_name="Ana"), UserFactory(display_name="")
    crew = crew_with(keeper, member)

    html = client_for(keeper).get(reverse("together:crew", kwargs={"pk": crew.pk})).content
    text = html.decode()

    assert "A crew member" in text
    assert member.email not in text
    assert member.email.split("@")[0] not in text
