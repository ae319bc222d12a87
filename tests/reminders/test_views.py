"""The preferences page (plain form and HTMX auto-save) and one-click unsubscribe."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.reminders.models import Delivery, ReminderKind, ReminderPreferences, ReminderSchedule
from apps.reminders.tokens import unsubscribe_token_for
from tests.factories import DeliveryFactory, UserFactory
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db

URL = reverse("reminders:preferences")


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "enabled": "on",
        "workout_enabled": "on",
        "workout_time": "07:15",
        "checkin_prompt_enabled": "on",
        "weekly_summary_enabled": "on",
        "weekly_summary_day": "6",
        "quiet_start": "",
        "quiet_end": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def prefs_of(user: User) -> ReminderPreferences:
    return ReminderPreferences.objects.get(user=user)


def test_page_shows_every_choice_and_what_is_coming(owner_client: Client, owner: User) -> None:
    response = owner_client.get(URL)
    assert response.status_code == 200
    assert_valid_html(response)
    html = response.content.decode()
    for label in (
        "Send me email reminders",
        "On workout days",
        "Reminder time",
        "after-workout check-in within 2 hours",
        "A weekly summary",
        "PHQ-9 check-in is due (every 14 days)",
        "we&#x27;re here when you&#x27;re ready",
        "Quiet from",
        "Quiet until",
        "Coming up",
        "Recent emails",
        owner.time_zone,
    ):
        assert label in html, label
    assert "<legend>Quiet hours</legend>" in html
    assert 'hx-post="/reminders/"' in html


def test_settings_page_links_here(owner_client: Client) -> None:
    response = owner_client.get(reverse("accounts:settings"))
    assert URL in response.content.decode()


def test_plain_post_saves_and_replans(owner_client: Client, owner: User) -> None:
    response = owner_client.post(
        URL, form_data(phq9_enabled="on", quiet_start="22:00", quiet_end="07:00")
    )
    assert response.status_code == 302
    prefs = prefs_of(owner)
    assert prefs.workout_time == dt.time(7, 15)
    assert prefs.phq9_enabled
    assert (prefs.quiet_start, prefs.quiet_end) == (dt.time(22), dt.time(7))
    row = ReminderSchedule.objects.get(user=owner, kind=ReminderKind.WORKOUT)
    assert row.next_fire_at is not None
    assert row.next_fire_at.astimezone(owner.zone).time() == dt.time(7, 15)
    follow = owner_client.get(URL)
    assert "Reminder settings saved." in follow.content.decode()


def test_htmx_toggle_saves_and_returns_the_fragment(
    owner_client: Client, owner: User, htmx_headers: dict[str, str]
) -> None:
    response = owner_client.post(URL, form_data(weekly_summary_enabled=None), **htmx_headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert_valid_html(html, fragment=True)
    assert "<html" not in html
    assert 'id="preferences-region"' in html
    assert 'id="reminders-status" hx-swap-oob="innerHTML"' in html
    assert "Saved at" in html
    assert not prefs_of(owner).weekly_summary_enabled
    row = ReminderSchedule.objects.get(user=owner, kind=ReminderKind.WEEKLY_SUMMARY)
    assert row.next_fire_at is None


def test_one_switch_turns_everything_off_and_keeps_the_choices(
    owner_client: Client, owner: User, htmx_headers: dict[str, str]
) -> None:
    response = owner_client.post(URL, form_data(enabled=None), **htmx_headers)
    assert "All reminder emails are off" in response.content.decode()
    prefs = prefs_of(owner)
    assert not prefs.enabled
    assert prefs.workout_enabled  # kept for when they switch back on
    assert not ReminderSchedule.objects.filter(user=owner, next_fire_at__isnull=False).exists()
    owner_client.post(URL, form_data(), **htmx_headers)
    assert ReminderSchedule.objects.filter(user=owner, next_fire_at__isnull=False).exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quiet_start": "22:00"}, "quiet_end", "Add when quiet hours end"),
        ({"quiet_end": "07:00"}, "quiet_start", "Add when quiet hours start"),
        ({"quiet_start": "22:00", "quiet_end": "22:00"}, "quiet_end", "different start and end"),
        (
            {"quiet_start": "21:00", "quiet_end": "08:00", "workout_time": "07:15"},
            "workout_time",
            "07:15 is inside your quiet hours (21:00–08:00)",
        ),
        ({"workout_time": "25:99"}, "workout_time", "Enter a time like 07:30."),
        ({"weekly_summary_day": "9"}, "weekly_summary_day", "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(
    owner_client: Client,
    owner: User,
    htmx: bool,
    overrides: dict[str, str],
    field: str,
    message: str,
) -> None:
    before = prefs_of(owner).updated_at
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = owner_client.post(URL, form_data(**overrides), **headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert_valid_html(html, fragment=htmx)
    error_block = html.split(f'id="id_{field}_error"', 1)[1][:300]
    assert message in error_block
    assert "Nothing was saved yet" in html
    for value in overrides.values():
        if field != "weekly_summary_day":
            assert f'value="{value}"' in html  # what they typed is kept
    assert prefs_of(owner).updated_at == before


def test_query_count_does_not_grow_with_history(
    owner_client: Client, owner: User, django_assert_max_num_queries: Any
) -> None:
    DeliveryFactory(user=owner)
    with django_assert_max_num_queries(20) as small:
        owner_client.get(URL)
    DeliveryFactory.create_batch(
        30, user=owner, state=Delivery.State.SKIPPED, skip_reason=Delivery.SkipReason.REST_DAY
    )
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = owner_client.get(URL)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.content.decode().count("Not sent: rest day") == 10  # the ten most recent


# --- Unsubscribe ---------------------------------------------------------------------


def unsubscribe_url(user: User, kind: str = ReminderKind.WORKOUT) -> str:
    return reverse("reminders:unsubscribe", args=[unsubscribe_token_for(user.pk, kind)])


def test_get_asks_first_and_changes_nothing(client: Client) -> None:
    user = UserFactory()
    response = client.get(unsubscribe_url(user))
    assert response.status_code == 200
    assert_valid_html(response)
    html = response.content.decode()
    assert "Stop workout-day reminders?" in html
    assert '<form method="post"' in html
    assert prefs_of(user).workout_enabled


def test_post_unsubscribes_logged_out_and_stops_only_that_kind() -> None:
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_url(user, ReminderKind.WEEKLY_SUMMARY))
    assert response.status_code == 200
    assert "no more weekly summaries" in response.content.decode()
    prefs = prefs_of(user)
    assert not prefs.weekly_summary_enabled
    assert prefs.enabled
    assert prefs.workout_enabled
    assert prefs.checkin_prompt_enabled
    schedules = dict(ReminderSchedule.objects.filter(user=user).values_list("kind", "next_fire_at"))
    assert schedules[ReminderKind.WEEKLY_SUMMARY] is None
    assert schedules[ReminderKind.WORKOUT] is not None


def test_rfc8058_one_click_post_without_csrf_token() -> None:
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        unsubscribe_url(user),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not prefs_of(user).workout_enabled


def test_changed_mind_turns_it_back_on() -> None:
    user = UserFactory()
    client = Client()
    client.post(unsubscribe_url(user))
    response = client.post(unsubscribe_url(user), {"action": "resubscribe"})
    assert "back on" in response.content.decode()
    assert prefs_of(user).workout_enabled


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-3] + ("abc" if not token.endswith("abc") else "xyz"),
        lambda token: token[: len(token) // 2],
        lambda token: "not-a-token",
        lambda token: token.replace(token.split(":")[0], token.split(":")[0][::-1]),
    ],
    ids=["signature", "truncated", "garbage", "payload"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_token_gets_a_clear_page_and_changes_nothing(
    client: Client, mangle: Any, method: str
) -> None:
    user = UserFactory()
    token = mangle(unsubscribe_token_for(user.pk, ReminderKind.WORKOUT))
    response = getattr(client, method)(reverse("reminders:unsubscribe", args=[token]))
    assert response.status_code == 404
    html = response.content.decode()
    assert_valid_html(html)
    assert "This unsubscribe link isn't working" in html
    assert "Nothing was changed" in html
    assert prefs_of(user).workout_enabled


def test_token_of_a_deleted_account_is_rejected(client: Client) -> None:
    user = UserFactory()
    url = unsubscribe_url(user)
    user.delete()
    assert client.post(url).status_code == 404


def test_token_from_another_salt_is_rejected(client: Client) -> None:
    from django.core import signing

    user = UserFactory()
    forged = signing.dumps({"u": user.pk, "k": "workout"})  # default salt, not ours
    assert client.get(reverse("reminders:unsubscribe", args=[forged])).status_code == 404
