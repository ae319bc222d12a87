from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.units import kg_to_unit, unit_to_kg
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "Sam",
    "time_zone": "Asia/Kolkata",
    "country": "AU",
    "units": "lb",
    "week_start": "6",
    "postpartum_delivery_date": "",
}


def test_settings_saves_profile(owner_client: Client, owner: User) -> None:
    response = owner_client.post(reverse("accounts:settings"), VALID)

    assert response.status_code == 302
    owner.refresh_from_db()
    assert (owner.time_zone, owner.country, owner.units, owner.week_start) == (
        "Asia/Kolkata",
        "AU",
        "lb",
        6,
    )


def test_bad_input_is_explained_next_to_the_field(owner_client: Client, owner: User) -> None:
    data = VALID | {"time_zone": "Nowhere/Special", "display_name": "Kept value"}

    response = owner_client.post(reverse("accounts:settings"), data)

    assert response.status_code == 200
    assert_valid_html(response)
    html = response.content.decode()
    assert 'id="id_time_zone_error"' in html
    assert 'value="Kept value"' in html
    owner.refresh_from_db()
    assert owner.time_zone == "Europe/London"


@pytest.mark.parametrize(
    ("zone", "utc_now", "expected"),
    [
        ("Pacific/Auckland", dt.datetime(2026, 3, 1, 11, 30, tzinfo=dt.UTC), dt.date(2026, 3, 2)),
        ("America/Los_Angeles", dt.datetime(2026, 3, 1, 5, 0, tzinfo=dt.UTC), dt.date(2026, 2, 28)),
        ("Europe/London", dt.datetime(2026, 3, 1, 5, 0, tzinfo=dt.UTC), dt.date(2026, 3, 1)),
    ],
)
def test_today_is_the_local_date(zone: str, utc_now: dt.datetime, expected: dt.date) -> None:
    user = User(email="x@example.com", time_zone=zone)
    with time_machine.travel(utc_now, tick=False):
        assert user.local_today() == expected


@pytest.mark.parametrize(
    ("kg", "unit", "shown"),
    [("100", "kg", "100.0"), ("100", "lb", "220.5"), ("2.5", "lb", "5.5"), ("0", "lb", "0.0")],
)
def test_units_round_trip(kg: str, unit: str, shown: str) -> None:
    from decimal import Decimal

    assert str(kg_to_unit(Decimal(kg), unit)) == shown
    assert abs(unit_to_kg(kg_to_unit(Decimal(kg), unit), unit) - Decimal(kg)) < Decimal("0.05")
