from __future__ import annotations

import datetime as dt
from decimal import Decimal

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


def test_the_bar_and_plates_are_kept_in_the_unit_they_were_typed_in(
    owner_client: Client, owner: User
) -> None:
    page = owner_client.get(reverse("accounts:settings")).content.decode()
    assert 'value="20"' in page  # a standard bar until changed
    assert 'value="25, 20, 15, 10, 5, 2.5, 1.25"' in page

    data = VALID | {"units": "kg", "bar_weight": "15", "plates": "20, 10; 5, 2.5 kg, 10"}
    assert owner_client.post(reverse("accounts:settings"), data).status_code == 302
    owner.refresh_from_db()
    barbell = owner.barbell()
    assert (barbell.unit, barbell.bar) == ("kg", Decimal("15"))
    assert barbell.plates == (Decimal("20"), Decimal("10"), Decimal("5"), Decimal("2.5"))

    # Switching to pounds with the bar and plates as they were: the usual pound ones.
    page = owner_client.get(reverse("accounts:settings")).content.decode()
    assert 'value="20, 10, 5, 2.5"' in page
    data = VALID | {"units": "lb", "bar_weight": "15", "plates": "20, 10, 5, 2.5"}
    assert owner_client.post(reverse("accounts:settings"), data).status_code == 302
    owner.refresh_from_db()
    barbell = owner.barbell()
    assert (barbell.unit, barbell.bar) == ("lb", Decimal("45"))
    assert barbell.plates == tuple(Decimal(p) for p in ("45", "35", "25", "10", "5", "2.5"))


def test_empty_bar_and_plates_mean_the_usual_ones(owner_client: Client, owner: User) -> None:
    data = VALID | {"bar_weight": "", "plates": ""}
    assert owner_client.post(reverse("accounts:settings"), data).status_code == 302
    owner.refresh_from_db()
    assert owner.barbell().bar == Decimal("45")
    assert owner.barbell().plates[0] == Decimal("45")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bar_weight", "0", "The bar&#x27;s weight must be more than 0."),
        ("bar_weight", "250", "That bar is too heavy."),
        ("bar_weight", "heavy", "Type the bar&#x27;s weight as a number, like 20."),
        ("plates", "20, ten, 5", "“ten” isn&#x27;t a number."),
        ("plates", "20, -5", "A plate of -5 can&#x27;t be right"),
        ("plates", "20, 1.125", "Use at most two decimals for a plate"),
        ("plates", "20, 0.1", "use sizes from 0.25 to 100"),
    ],
)
def test_bad_bar_or_plates_are_explained_next_to_the_field(
    owner_client: Client, owner: User, field: str, value: str, message: str
) -> None:
    response = owner_client.post(reverse("accounts:settings"), VALID | {field: value})

    assert response.status_code == 200
    assert_valid_html(response)
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert f'value="{value}"' in html  # nothing typed is lost
    owner.refresh_from_db()
    assert owner.units == "kg"
