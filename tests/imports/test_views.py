"""The import pages: the polled progress fragment, the preview, and a list that stays cheap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.imports import services
from apps.imports.models import Import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def pending(user: Any, name: str = "hevy_kg.csv") -> Import:
    return services.import_upload(
        user=user, data=(FIXTURES / name).read_bytes(), filename=name, unit="kg"
    )


def test_the_progress_fragment_polls_while_working_and_stops_when_done(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    running = pending(user)
    Import.objects.filter(pk=running.pk).update(state="running", total_sets=6, done_sets=3)
    url = reverse("imports:progress", args=[running.pk])

    page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "50% done" in page
    assert f'hx-get="{url}"' in page

    Import.objects.filter(pk=running.pk).update(state="done", sets_added=6, sessions_added=1)
    page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Done: 1 session and 6 sets added" in page
    assert "hx-get" not in page
    assert 'value="100"' in page


def test_the_preview_shows_counts_dates_set_types_and_the_proposed_mapping(
    client: Client,
) -> None:
    user = UserFactory()
    client.force_login(user)
    preview = pending(user)
    page = client.get(reverse("imports:import", args=[preview.pk])).content.decode()
    assert "From Hevy" in page
    assert "14 Jan 2024 to 14 Jan 2024" in page
    assert "1 warm-up, 1 drop, 1 to failure" in page
    assert "Bench Press (Barbell)" in page
    assert "1 row without weight" not in page  # the plank is timed, not weightless reps


def test_confirming_twice_queues_one_run(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    preview = pending(user, "hevy_lbs.csv")
    url = reverse("imports:import", args=[preview.pk])
    assert client.post(url, {"map_0": ""}).status_code == 302
    assert client.post(url, {"map_0": ""}).status_code == 302
    assert Import.objects.get(pk=preview.pk).state == "queued"
    assert Import.objects.get(pk=preview.pk).mapping == {"Squat (Barbell)": None}


def test_the_imports_list_costs_the_same_for_one_import_and_twenty(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("imports:start")).status_code == 200
        return len(captured)

    Import.objects.filter(pk=pending(user).pk).update(state="done")
    few = queries()
    for _ in range(19):
        Import.objects.filter(pk=pending(user).pk).update(state="done")
    assert queries() == few
