"""The outbox page for operations: states, counts, filtering, re-sending failures."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.reminders.models import Delivery
from tests.factories import DeliveryFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:reminders_delivery_changelist")


@pytest.fixture
def staff_client() -> Client:
    staff: User = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    return client


def test_outbox_lists_rows_with_counts_by_state(staff_client: Client) -> None:
    DeliveryFactory.create_batch(3)
    DeliveryFactory.create_batch(2, state=Delivery.State.SENT)
    DeliveryFactory(state=Delivery.State.FAILED, last_error="SMTPDataError 550")
    DeliveryFactory(state=Delivery.State.EXPIRED, last_error="ConnectionRefusedError")
    response = staff_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Outbox by state (7 in all)" in html
    counts = {label: count for _state, label, count in response.context["state_counts"]}
    assert counts == {
        "Queued": 3,
        "Sending": 0,
        "Sent": 2,
        "Waiting to retry": 0,
        "Failed": 1,
        "Expired": 1,
        "Not needed": 0,
    }
    assert "SMTPDataError 550" in html


def test_outbox_filters_by_state(staff_client: Client) -> None:
    failed = DeliveryFactory(state=Delivery.State.FAILED)
    DeliveryFactory(state=Delivery.State.SENT)
    response = staff_client.get(URL, {"state__exact": "failed"})
    assert list(response.context["cl"].result_list) == [failed]


def test_outbox_query_count_is_flat(
    staff_client: Client, django_assert_max_num_queries: Any
) -> None:
    DeliveryFactory()
    with django_assert_max_num_queries(30) as small:
        staff_client.get(URL)
    DeliveryFactory.create_batch(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get(URL)


def test_failed_rows_can_be_queued_again(
    staff_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    failed = DeliveryFactory(state=Delivery.State.FAILED, attempts=6)
    with django_capture_on_commit_callbacks() as callbacks:
        staff_client.post(
            URL, {"action": "requeue_failed", "_selected_action": [failed.pk]}, follow=True
        )
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (Delivery.State.QUEUED, 0)
    assert len(callbacks) == 1


def test_people_cannot_see_the_outbox(owner_client: Client) -> None:
    assert owner_client.get(URL).status_code == 302
