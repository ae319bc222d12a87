"""The set row fragment renders the same without the page's context processors."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.base import SessionBase
from django.shortcuts import render
from django.test import RequestFactory

from apps.accounts.models import User
from apps.core.fragments import render_fragment
from apps.workouts import views
from apps.workouts.models import SessionExercise
from tests.factories import SessionExerciseFactory, SetLogFactory, WorkoutSessionFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def row(owner: User) -> SessionExercise:
    session = WorkoutSessionFactory(user=owner, finished_at=None)
    return SessionExerciseFactory(session=session, suggested_load_kg=Decimal("40"))


def _rows(row: SessionExercise) -> list[views.SetRow]:
    saved = SetLogFactory(session_exercise=row, user=row.session.user, set_number=1)
    deleted = SetLogFactory(session_exercise=row, user=row.session.user, set_number=2)
    invalid = views._form_for(
        row, "kg", data={"client_id": str(uuid.uuid4()), "load": "-3", "reps": "x"}
    )
    assert not invalid.is_valid()
    edit = views._form_for(
        row, "kg", initial={"client_id": saved.client_id, "load": "40", "reps": 8}
    )
    return [
        views._done_row(saved),
        views.SetRow("done", row, 1, set_log=saved, is_record=True),
        views.SetRow("pending", row, 3, form=invalid),
        views.SetRow("pending", row, 4, form=views._pending_form(row, "kg", saved)),
        views.SetRow("edit", row, 1, set_log=saved, form=edit),
        views.SetRow("deleted", row, 2, set_log=deleted),
    ]


def test_each_row_state_renders_as_with_the_context_processors(
    owner: User, row: SessionExercise
) -> None:
    request = RequestFactory().post("/")
    request.user = owner
    request.session = SessionBase()
    request._messages = FallbackStorage(request)
    for set_row in _rows(row):
        context = {"row": set_row, "unit": "kg"}
        fragment = render_fragment(request, views.SET_ROW_TEMPLATE, context)
        page_way = render(request, views.SET_ROW_TEMPLATE, context)
        assert fragment.status_code == page_way.status_code == 200
        ours = fragment.content.decode()
        assert TOKEN.search(ours), set_row.state  # every state has a form with a token
        assert TOKEN.sub("", ours) == TOKEN.sub("", page_way.content.decode())
        assert set_row.dom_id in ours
