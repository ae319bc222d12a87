"""The per-person page cache: served while nothing changed, rebuilt the moment anything did.

"Served from the cache" is shown by changing a row with ``QuerySet.update`` (which sends
no signal and makes no request): a cached page still shows the old value, a rebuilt one
the new value.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.core import pagecache
from apps.workouts.models import SessionExercise, WorkoutSession
from tests.factories import UserFactory
from tests.factories.journal import CheckInFactory
from tests.factories.workouts import SessionExerciseFactory, SetLogFactory, WorkoutSessionFactory

pytestmark = pytest.mark.django_db

HISTORY = "workouts:history"


def page(client: Client, name: str, *args: Any) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def warm(client: Client, name: str, *args: Any) -> str:
    """The first visit sets the CSRF cookie; the second is stored."""
    page(client, name, *args)
    return page(client, name, *args)


def rename_silently(session: WorkoutSession, name: str) -> None:
    WorkoutSession.objects.filter(pk=session.pk).update(name=name)


@pytest.fixture
def session(owner: User) -> WorkoutSession:
    return WorkoutSessionFactory(user=owner, name="Leg day")


@pytest.fixture
def stored(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Every page entry written to the cache."""
    writes: list[tuple[str, Any]] = []
    real_set = cache.set

    def recording_set(key: str, value: Any, *args: Any, **kwargs: Any) -> None:
        if key.startswith("page:"):
            writes.append((key, value))
        real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(pagecache.cache, "set", recording_set)
    return writes


def test_an_unchanged_page_is_served_without_touching_the_data(
    owner_client: Client, session: WorkoutSession
) -> None:
    assert "Leg day" in warm(owner_client, HISTORY)
    rename_silently(session, "Renamed quietly")
    with CaptureQueriesContext(connection) as queries:
        html = page(owner_client, HISTORY)
    assert "Leg day" in html
    assert "Renamed quietly" not in html
    assert not [q for q in queries.captured_queries if "workouts_" in q["sql"]]


def test_a_save_anywhere_is_seen_at_once(owner_client: Client, session: WorkoutSession) -> None:
    warm(owner_client, HISTORY)
    session.name = "Saved by a task"
    session.save()
    assert "Saved by a task" in page(owner_client, HISTORY)


def test_a_change_to_a_row_owned_through_another_is_seen(owner: User, owner_client: Client) -> None:
    """SessionExercise belongs to the person through its session (session__user)."""
    row = SessionExerciseFactory(session=WorkoutSessionFactory(user=owner, finished_at=None))
    SetLogFactory(session_exercise=row)
    before = warm(owner_client, "workouts:session", row.session_id)
    assert f'id="exercise-{row.pk}"' in before
    SessionExercise.objects.filter(pk=row.pk).delete()
    assert f'id="exercise-{row.pk}"' not in page(owner_client, "workouts:session", row.session_id)


def test_any_unsafe_request_by_the_person_makes_their_pages_fresh(
    owner_client: Client, session: WorkoutSession
) -> None:
    """Bulk writes inside views send no signals; the request itself marks the change."""
    warm(owner_client, HISTORY)
    rename_silently(session, "Bulk renamed")
    owner_client.post(reverse("workouts:session_start"), {"minimum": "1"})
    assert "Bulk renamed" in page(owner_client, HISTORY)


def test_reading_pages_does_not_make_them_stale(owner: User, owner_client: Client) -> None:
    version = pagecache.data_version(owner.pk)
    warm(owner_client, HISTORY)
    page(owner_client, "programs:today")
    assert pagecache.data_version(owner.pk) == version


def test_each_browser_gets_its_own_page_and_its_form_tokens_work(
    owner: User, session: WorkoutSession
) -> None:
    phone, laptop = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    phone.force_login(owner)
    laptop.force_login(owner)
    warm(phone, HISTORY)
    laptop_html = warm(laptop, HISTORY)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', laptop_html)
    assert token is not None
    response = laptop.post(
        reverse("workouts:session_start"), {"minimum": "1", "csrfmiddlewaretoken": token[1]}
    )
    assert response.status_code == 302


def test_a_flash_message_is_shown_once_and_never_stored(
    owner_client: Client, stored: list[tuple[str, Any]]
) -> None:
    page(owner_client, "programs:today")  # sets the CSRF cookie
    owner_client.post(reverse("workouts:session_start"), {"minimum": "1"})
    again = owner_client.post(reverse("workouts:session_start"), {"minimum": "1"})
    session_url = again["Location"]
    stored.clear()
    first = owner_client.get(session_url).content.decode()
    assert "You already have a session going" in first
    assert stored == []
    second = owner_client.get(session_url).content.decode()
    assert "You already have a session going" not in second
    assert len(stored) == 1


def test_another_person_never_receives_the_page(
    owner_client: Client, session: WorkoutSession
) -> None:
    warm(owner_client, HISTORY)
    other = Client()
    other.force_login(UserFactory())
    assert "Leg day" not in warm(other, HISTORY)


def test_stored_pages_are_encrypted(
    owner: User, owner_client: Client, stored: list[tuple[str, Any]]
) -> None:
    CheckInFactory(user=owner, note="a private sentence about my week")
    assert "a private sentence about my week" in warm(owner_client, "journal:timeline")
    assert stored
    for _key, (headers, body) in stored:
        assert b"private sentence" not in body
        assert "private sentence" not in repr(headers)


def test_a_new_local_day_rebuilds_the_page(owner_client: Client, session: WorkoutSession) -> None:
    warm(owner_client, HISTORY)
    rename_silently(session, "Seen tomorrow")
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        assert "Seen tomorrow" in page(owner_client, HISTORY)


def test_a_session_page_offering_undo_is_not_stored(
    owner: User, owner_client: Client, stored: list[tuple[str, Any]]
) -> None:
    row = SessionExerciseFactory(session=WorkoutSessionFactory(user=owner, finished_at=None))
    item = SetLogFactory(session_exercise=row)
    owner_client.post(reverse("workouts:set_delete", args=[item.pk]))
    page(owner_client, "programs:today")
    stored.clear()
    html = warm(owner_client, "workouts:session", row.session_id)
    assert reverse("workouts:set_restore", args=[item.pk]) in html
    assert stored == []


def test_the_version_changes_again_after_the_write_commits(
    owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    """A page read between a write and its commit must not be stored under the new
    version: the version is replaced once more when the transaction commits."""
    with django_capture_on_commit_callbacks() as callbacks:
        pagecache.data_changed(owner.pk)
        during = pagecache.data_version(owner.pk)
    assert len(callbacks) == 1
    callbacks[0]()
    assert pagecache.data_version(owner.pk) != during


def test_off_switch(settings: Any, owner_client: Client, session: WorkoutSession) -> None:
    settings.STEADY_PAGE_CACHE = False
    warm(owner_client, HISTORY)
    rename_silently(session, "Never cached")
    assert "Never cached" in page(owner_client, HISTORY)


def test_query_counting_tests_measure_rebuilt_pages(
    django_assert_num_queries: Any, settings: Any
) -> None:
    """tests/conftest.py turns the cache off wherever queries are counted."""
    assert settings.STEADY_PAGE_CACHE is False


@pytest.mark.counts_queries
def test_the_counts_queries_marker_also_rebuilds_pages(settings: Any) -> None:
    assert settings.STEADY_PAGE_CACHE is False


def test_every_other_test_runs_with_the_cache_as_in_production(settings: Any) -> None:
    assert settings.STEADY_PAGE_CACHE is True
