"""The sync endpoint: each queued item is stored once, in order, with the phone's time."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.journal.models import CheckIn
from apps.workouts.models import SetLog, WorkoutSession
from tests.factories import EnrollmentFactory, UserFactory, program_with

pytestmark = pytest.mark.django_db


def send(client: Client, item: dict[str, Any]) -> Any:
    return client.post(reverse("offline:sync"), json.dumps(item), content_type="application/json")


@pytest.fixture
def lifter() -> Any:
    user = UserFactory()
    EnrollmentFactory(
        user=user, program=program_with(days=1, exercises_per_day=2), training_today=True
    )
    return user


@pytest.fixture
def lifter_client(lifter: Any) -> Client:
    client = Client()
    client.force_login(lifter)
    return client


def start_item(**extra: Any) -> dict[str, Any]:
    return {
        "type": "session_start",
        "client_id": str(uuid.uuid4()),
        "started_at": (timezone.now() - dt.timedelta(minutes=40)).isoformat(),
        **extra,
    }


def test_a_session_started_offline_is_made_once_with_its_start_time(
    lifter: Any, lifter_client: Client
) -> None:
    item = start_item()
    first = send(lifter_client, item)
    again = send(lifter_client, item)
    assert first.status_code == again.status_code == 200
    assert first.json()["session"] == again.json()["session"]
    session = WorkoutSession.objects.get(user=lifter)
    assert str(session.client_id) == item["client_id"]
    assert (
        abs((session.started_at - dt.datetime.fromisoformat(item["started_at"])).total_seconds())
        < 1
    )
    assert session.exercises.count() == 2


def plan_rows(client: Client) -> dict[str, Any]:
    response = client.get(reverse("offline:plan"))
    assert response.status_code == 200
    return response.json()


def test_sets_sent_twice_are_stored_once_with_the_time_they_were_done(
    lifter: Any, lifter_client: Client
) -> None:
    plan = plan_rows(lifter_client)
    exercise = plan["planned"][0]["exercises"][0]
    start = start_item()
    send(lifter_client, start)
    done_at = timezone.now() - dt.timedelta(minutes=30)
    sets = []
    for reps in (10, 9, 8):
        item = {
            "type": "set",
            "client_id": str(uuid.uuid4()),
            "session": start["client_id"],
            "exercise": exercise["exercise"],
            "order": exercise["order"],
            "values": {"load": "40", "reps": str(reps)},
            "performed_at": done_at.isoformat(),
        }
        sets.append(item)
        assert send(lifter_client, item).status_code == 200
        answer = send(lifter_client, item)  # the answer was lost: sent again
        assert answer.status_code == 200
        assert "set-done" in answer.json()["html"]
    stored = SetLog.objects.filter(user=lifter).order_by("set_number")
    assert [s.reps for s in stored] == [10, 9, 8]
    assert [s.set_number for s in stored] == [1, 2, 3]
    assert all(abs((s.logged_at - done_at).total_seconds()) < 1 for s in stored)
    # An edit, then a delete, each queued the same way.
    edited = {**sets[0], "values": {"load": "42.5", "reps": "10"}}
    assert send(lifter_client, edited).status_code == 200
    assert (
        send(
            lifter_client, {"type": "set", "client_id": sets[1]["client_id"], "deleted": True}
        ).status_code
        == 200
    )
    live = SetLog.objects.filter(user=lifter, deleted_at__isnull=True)
    assert sorted(str(s.load_kg) for s in live) == ["40.00", "42.50"]


def test_an_invalid_set_is_refused_with_the_forms_message(lifter_client: Client) -> None:
    start = start_item()
    send(lifter_client, start)
    exercise = plan_rows(lifter_client)["open_session"]["exercises"][0]
    item = {
        "type": "set",
        "client_id": str(uuid.uuid4()),
        "session_exercise": exercise["session_exercise"],
        "values": {"load": "40", "reps": "500"},
    }
    response = send(lifter_client, item)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert not SetLog.objects.exists()


def test_a_set_is_stored_in_its_session_even_after_it_was_finished_elsewhere(
    lifter: Any, lifter_client: Client
) -> None:
    start = start_item()
    session_pk = send(lifter_client, start).json()["session"]
    exercise = plan_rows(lifter_client)["open_session"]["exercises"][0]
    WorkoutSession.objects.filter(pk=session_pk).update(finished_at=timezone.now())
    item = {
        "type": "set",
        "client_id": str(uuid.uuid4()),
        "session": start["client_id"],
        "exercise": exercise["exercise"],
        "order": exercise["order"],
        "values": {"load": "40", "reps": "10"},
    }
    assert send(lifter_client, item).status_code == 200
    assert SetLog.objects.get().session_exercise.session_id == session_pk


def test_a_phone_clock_far_ahead_is_not_believed(lifter: Any, lifter_client: Client) -> None:
    start = start_item()
    send(lifter_client, start)
    exercise = plan_rows(lifter_client)["open_session"]["exercises"][0]
    item = {
        "type": "set",
        "client_id": str(uuid.uuid4()),
        "session_exercise": exercise["session_exercise"],
        "values": {"load": "40", "reps": "10"},
        "performed_at": (timezone.now() + dt.timedelta(days=2)).isoformat(),
    }
    send(lifter_client, item)
    assert SetLog.objects.get().logged_at <= timezone.now()


def test_a_queued_check_in_is_stored_once_for_its_session(
    lifter: Any, lifter_client: Client
) -> None:
    start = start_item()
    send(lifter_client, start)
    item = {
        "type": "checkin",
        "client_id": str(uuid.uuid4()),
        "kind": "after",
        "session": start["client_id"],
        "answers": {"mood": "7", "warning_symptoms": [], "note": "lighter"},
    }
    assert send(lifter_client, item).status_code == 200
    assert send(lifter_client, item).status_code == 200
    checkin = CheckIn.objects.get(user=lifter)
    assert checkin.kind == "after"
    assert checkin.session is not None
    assert str(checkin.session.client_id) == start["client_id"]
    assert checkin.note == "lighter"
    refused = send(lifter_client, {**item, "client_id": str(uuid.uuid4()), "answers": {}})
    assert refused.status_code == 422


def test_a_stranger_cannot_log_into_someone_elses_session(lifter_client: Client) -> None:
    start = start_item()
    send(lifter_client, start)
    exercise = plan_rows(lifter_client)["open_session"]["exercises"][0]
    stranger = Client()
    stranger.force_login(UserFactory())
    item = {
        "type": "set",
        "client_id": str(uuid.uuid4()),
        "session_exercise": exercise["session_exercise"],
        "values": {"load": "40", "reps": "10"},
    }
    assert send(stranger, item).status_code == 422
    assert (
        send(
            stranger,
            {
                **item,
                "session_exercise": None,
                "session": start["client_id"],
                "exercise": exercise["exercise"],
            },
        ).status_code
        == 422
    )
    assert not SetLog.objects.exists()


def test_unreadable_items_are_refused(lifter_client: Client) -> None:
    response = lifter_client.post(
        reverse("offline:sync"), "not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert send(lifter_client, {"type": "nonsense"}).status_code == 422
    assert send(lifter_client, {"type": "set", "client_id": "x"}).status_code == 422


def test_an_edit_needs_only_the_sets_client_id(lifter: Any, lifter_client: Client) -> None:
    start = start_item()
    send(lifter_client, start)
    exercise = plan_rows(lifter_client)["open_session"]["exercises"][0]
    item = {
        "type": "set",
        "client_id": str(uuid.uuid4()),
        "session_exercise": exercise["session_exercise"],
        "values": {"load": "40", "reps": "10"},
    }
    send(lifter_client, item)
    edit = {"type": "set", "client_id": item["client_id"], "values": {"load": "45", "reps": "8"}}
    assert send(lifter_client, edit).status_code == 200
    stored = SetLog.objects.get()
    assert (stored.load_kg, stored.reps) == (45, 8)
