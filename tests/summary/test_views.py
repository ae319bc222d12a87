"""The summary page, its PDF and share links, through HTTP."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.accounts.models import User
from apps.summary.models import ShareLink, ShareLinkOpening
from apps.summary.selectors import Sections
from tests.accounts.test_personal_data import logged_in_with_password
from tests.factories import UserFactory
from tests.html_checks import assert_valid_html
from tests.summary.builders import (
    JOURNAL_NOTE,
    PLAN_TEXT,
    SESSION_NOTE,
    link_for,
    person_with_history,
)

pytestmark = pytest.mark.django_db

UNAVAILABLE = "This link isn't available"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def assert_private(response, *, shared: bool = False) -> None:  # type: ignore[no-untyped-def]
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]
    if shared:
        assert response["Referrer-Policy"] == "no-referrer"


def eight_weeks(owner: User, **extra: str) -> dict[str, str]:
    """The form's fields for the owner's last eight weeks, plus ``extra``."""
    today = owner.local_today()
    return {
        "start": (today - dt.timedelta(days=55)).isoformat(),
        "end": today.isoformat(),
    } | extra


# --- the person's own summary ------------------------------------------------------------
def test_summary_page_shows_the_figures_and_item_9_dates(owner: User, owner_client: Client) -> None:
    dates = person_with_history(owner)

    response = owner_client.get(reverse("summary:summary"))

    assert response.status_code == 200
    assert_private(response)
    assert_valid_html(response)
    page = response.content.decode()
    assert "Self-reported data" in page
    assert "not a diagnosis" in page
    assert f"{dates['start']:%-d %b %Y} to {dates['today']:%-d %b %Y}" in page
    assert "12 sessions finished" in page
    assert "Moderate" in page
    assert "1: above 0" in page
    assert re.search(rf"<li><strong>{dates['item9']:%-d %b %Y}</strong></li>", page)
    assert "48 (raw 12)" in page
    assert "72 (raw 18)" in page
    assert "Developed by Drs. Robert L. Spitzer" in page
    assert "Crisis support:" in page
    for private in (JOURNAL_NOTE, SESSION_NOTE, PLAN_TEXT):
        assert private not in page  # optional sections are off by default


def test_optional_sections_appear_when_chosen(owner: User, owner_client: Client) -> None:
    person_with_history(owner)
    query = eight_weeks(owner, journal_notes="on", safety_plan="on")

    page = owner_client.get(reverse("summary:summary"), query).content.decode()

    assert JOURNAL_NOTE in page
    assert PLAN_TEXT in page
    assert SESSION_NOTE not in page


def test_a_bad_range_gets_a_message_next_to_the_field(owner_client: Client, owner: User) -> None:
    today = owner.local_today()
    cases = {
        (today - dt.timedelta(days=200), today): "at most 16 weeks",
        (today, today - dt.timedelta(days=3)): "must come before the last day",
        (today, today + dt.timedelta(days=3)): "can't be after today",
    }
    for (start, end), message in cases.items():
        response = owner_client.get(reverse("summary:summary"), {"start": start, "end": end})
        assert response.status_code == 400
        assert message in html.unescape(response.content.decode())
        assert_valid_html(response)
    response = owner_client.get(reverse("summary:pdf"), {"start": "soon", "end": "later"})
    assert response.status_code == 400
    assert "Enter a date." in response.content.decode()


def test_pdf_parses_and_holds_the_figures_and_item_9_dates(
    owner: User, owner_client: Client
) -> None:
    dates = person_with_history(owner)

    response = owner_client.get(reverse("summary:pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert_private(response)
    text = pdf_text(response.content)
    assert "not a diagnosis" in text
    assert "12 sessions finished" in text
    assert day_text(dates["item9"]) in text
    assert "ABOVE 0" in text
    assert "72 (raw 18)" in text
    assert "Developed by Drs. Robert L. Spitzer" in text
    for private in (JOURNAL_NOTE, SESSION_NOTE, PLAN_TEXT):
        assert private not in text
    assert pdf_pages(response.content) <= 2


def test_pdf_holds_optional_sections_only_when_chosen(owner: User, owner_client: Client) -> None:
    person_with_history(owner)
    query = eight_weeks(owner, session_notes="on")

    text = pdf_text(owner_client.get(reverse("summary:pdf"), query).content)

    assert SESSION_NOTE in text
    assert JOURNAL_NOTE not in text
    assert PLAN_TEXT not in text


def test_pdf_shows_characters_helvetica_lacks_as_question_marks(
    owner: User, owner_client: Client
) -> None:
    from apps.safety.models import SafetyPlan

    SafetyPlan.objects.create(user=owner, people="Call Ana – or 李 🌿")
    query = {"start": owner.local_today().isoformat(), "end": owner.local_today().isoformat()}

    text = pdf_text(owner_client.get(reverse("summary:pdf"), query | {"safety_plan": "on"}).content)

    assert "Call Ana - or ? ?" in text
    assert "web version of this summary shows the text exactly" in text


def test_a_range_with_no_data_says_so(owner_client: Client) -> None:
    page = owner_client.get(reverse("summary:summary")).content.decode()
    assert "Nothing was logged in this range." in page
    text = pdf_text(owner_client.get(reverse("summary:pdf")).content)
    assert "Nothing was logged in this range." in text


# --- share links -----------------------------------------------------------------------
def link_form(owner: User, **extra: str) -> dict[str, str]:
    return eight_weeks(owner, expires_in_days="7") | extra


def test_making_a_link_asks_for_the_password_again(owner: User, owner_client: Client) -> None:
    response = owner_client.post(reverse("summary:links"), link_form(owner))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not ShareLink.objects.exists()


def test_a_new_link_is_shown_once_and_only_its_hash_is_stored(owner: User) -> None:
    client = logged_in_with_password(owner)

    response = client.post(reverse("summary:links"), link_form(owner, journal_notes="on"))

    assert response.status_code == 200
    assert_private(response)
    assert_valid_html(response)
    url = re.search(r'value="(http[^"]+/summary/shared/([^/"]+)/)"', response.content.decode())
    assert url is not None
    token = url.group(2)
    assert len(token) == 43
    link = ShareLink.objects.get(user=owner)
    assert token not in link.token_hash
    assert len(link.token_hash) == 64
    assert link.include_journal_notes
    assert not link.include_safety_plan
    assert link.expires_at - link.created_at == dt.timedelta(days=7)
    # The list shows the link's sections and expiry, never its token.
    listing_response = client.get(reverse("summary:links"))
    assert_valid_html(listing_response)
    listing = listing_response.content.decode()
    assert "journal notes" in listing
    assert token not in listing
    assert "Not opened yet." in listing


def test_an_invalid_link_form_keeps_what_was_typed(owner: User) -> None:
    client = logged_in_with_password(owner)
    data = link_form(owner, expires_in_days="365", safety_plan="on")

    response = client.post(reverse("summary:links"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert re.search(r'<input[^>]*name="safety_plan"[^>]*checked', page)
    assert f'value="{data["start"]}"' in page
    assert not ShareLink.objects.exists()


def test_a_link_opens_without_login_with_private_headers_and_counts(owner: User) -> None:
    dates = person_with_history(owner)
    link, token = link_for(owner)
    anonymous = Client()

    page = anonymous.get(reverse("summary:shared", kwargs={"token": token}))
    pdf = anonymous.get(reverse("summary:shared_pdf", kwargs={"token": token}))
    anonymous.get(reverse("summary:shared", kwargs={"token": token}))

    assert page.status_code == 200
    assert pdf.status_code == 200
    assert_private(page, shared=True)
    assert_private(pdf, shared=True)
    assert_valid_html(page)
    assert f"{dates['item9']:%-d %b %Y}" in page.content.decode()
    assert day_text(dates["item9"]) in pdf_text(pdf.content)
    link.refresh_from_db()
    assert link.open_count == 3
    assert link.last_opened_at is not None
    assert sorted(ShareLinkOpening.objects.filter(link=link).values_list("format", flat=True)) == [
        "page",
        "page",
        "pdf",
    ]
    owner_client = Client()
    owner_client.force_login(owner)
    listing = owner_client.get(reverse("summary:links")).content.decode()
    assert "Opened 3 times" in listing


def test_the_access_log_keeps_no_address() -> None:
    fields = {f.name for f in ShareLinkOpening._meta.get_fields()} | {
        f.name for f in ShareLink._meta.get_fields()
    }
    assert not {name for name in fields if "ip" in name.split("_") or "agent" in name}


def test_expired_revoked_and_altered_links_get_the_same_calm_page(owner: User) -> None:
    person_with_history(owner)
    expired, expired_token = link_for(owner, days=1)
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked, revoked_token = link_for(owner)
    ShareLink.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    _, good_token = link_for(owner)
    altered = good_token[:-1] + ("A" if good_token[-1] != "A" else "B")
    anonymous = Client()

    bodies = set()
    for token in (expired_token, revoked_token, altered, "short", good_token + "x"):
        for name in ("summary:shared", "summary:shared_pdf"):
            response = anonymous.get(reverse(name, kwargs={"token": token}))
            assert response.status_code == 404
            assert_private(response, shared=True)
            body = response.content.decode()
            assert UNAVAILABLE in body
            assert "PHQ-9" not in body
            assert "sessions finished" not in body
            bodies.add(re.sub(r'"X-CSRFToken": "[^"]*"', "", body))
    assert len(bodies) == 1
    assert ShareLinkOpening.objects.count() == 0


def test_revoking_closes_the_link_at_once(owner: User, owner_client: Client) -> None:
    link, token = link_for(owner)

    response = owner_client.post(reverse("summary:link_revoke", kwargs={"pk": link.pk}))

    assert response.status_code == 302
    assert Client().get(reverse("summary:shared", kwargs={"token": token})).status_code == 404
    assert "Switched off" in owner_client.get(reverse("summary:links")).content.decode()


def test_a_stranger_cannot_revoke_someone_elses_link(owner: User, stranger_client: Client) -> None:
    link, token = link_for(owner)
    response = stranger_client.post(reverse("summary:link_revoke", kwargs={"pk": link.pk}))
    assert response.status_code == 404
    assert Client().get(reverse("summary:shared", kwargs={"token": token})).status_code == 200


def test_a_link_shows_only_its_owners_data(owner: User) -> None:
    other = UserFactory(display_name="Someone Else")
    person_with_history(other)
    _, token = link_for(owner, Sections(safety_plan=True, journal_notes=True, session_notes=True))
    viewer = Client()
    viewer.force_login(other)  # even signed in as someone with data of their own

    page = viewer.get(reverse("summary:shared", kwargs={"token": token})).content.decode()
    text = pdf_text(viewer.get(reverse("summary:shared_pdf", kwargs={"token": token})).content)

    for body in (page, text):
        assert owner.display_name in body
        assert "Someone Else" not in body
        assert "Nothing was logged in this range." in body
        assert PLAN_TEXT not in body
        assert JOURNAL_NOTE not in body
        assert SESSION_NOTE not in body


def test_a_link_shows_the_sections_chosen_for_it(owner: User) -> None:
    person_with_history(owner)
    _, token = link_for(owner, Sections(journal_notes=True))

    page = Client().get(reverse("summary:shared", kwargs={"token": token})).content.decode()

    assert JOURNAL_NOTE in page
    assert PLAN_TEXT not in page
    assert SESSION_NOTE not in page


# --- queries, export and deletion --------------------------------------------------------
def count_queries(user: User) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.summary.selectors import summary_for

    today = user.local_today()
    with CaptureQueriesContext(connection) as captured:
        summary_for(
            user,
            start=today - dt.timedelta(days=55),
            end=today,
            sections=Sections(safety_plan=True, journal_notes=True, session_notes=True),
        )
    return len(captured)


def test_summary_queries_are_the_same_for_one_week_and_three_years() -> None:
    from tests.safety.builders import make_checkin, make_phq9, make_session

    recent, veteran = UserFactory(), UserFactory()
    person_with_history(recent)
    person_with_history(veteran)
    today = veteran.local_today()
    for age in range(60, 3 * 365, 3):
        day = today - dt.timedelta(days=age)
        session = make_session(veteran, day, rpe=7, minutes=30)
        make_checkin(veteran, day, "before", 5, session=session, note="older note")
        if age % 14 == 0:
            make_phq9(veteran, day, [1] * 9)

    assert count_queries(recent) == count_queries(veteran)


def test_export_lists_share_links_without_their_tokens() -> None:
    from apps.accounts.personal_data import personal_data_export

    owner = UserFactory()
    link, token = link_for(owner, Sections(journal_notes=True))
    Client().get(reverse("summary:shared", kwargs={"token": token}))

    data = personal_data_export(owner)

    (row,) = data["summary.sharelink"]
    assert row["id"] == link.pk
    assert row["include_journal_notes"] is True
    assert row["open_count"] == 1
    assert "token_hash" not in row
    assert token not in str(data)
    assert link.token_hash not in str(data)
    assert len(data["summary.sharelinkopening"]) == 1


def test_deleting_the_account_removes_its_share_links() -> None:
    owner = UserFactory()
    bystander = UserFactory()
    _, token = link_for(owner)
    Client().get(reverse("summary:shared", kwargs={"token": token}))
    link_for(bystander)
    client = logged_in_with_password(owner)

    client.post(reverse("accounts:delete"), {"confirm": "on"})

    assert not ShareLink.objects.filter(user_id=owner.pk).exists()
    assert not ShareLinkOpening.objects.exists()
    assert ShareLink.objects.filter(user=bystander).count() == 1
    assert Client().get(reverse("summary:shared", kwargs={"token": token})).status_code == 404


def test_bring_your_summary_is_offered_where_the_app_says_talk_to_a_professional(
    owner_client: Client,
) -> None:
    summary_url = reverse("summary:summary")
    pages = [
        reverse("safety:why", kwargs={"code": "seek_professional"}),
        reverse("safety:why", kwargs={"code": "crisis_support"}),
        reverse("safety:library_topic", kwargs={"slug": "when-to-see-a-professional"}),
        reverse("safety:library_topic", kwargs={"slug": "post-workout-low-mood"}),
    ]
    for url in pages:
        page = owner_client.get(url).content.decode()
        assert f'<a href="{summary_url}">Bring your summary</a>' in page, url
    other = owner_client.get(reverse("safety:why", kwargs={"code": "overtraining_risk"}))
    assert "Bring your summary" not in other.content.decode()


def test_sections_without_dates_use_the_last_eight_weeks(owner: User, owner_client: Client) -> None:
    dates = person_with_history(owner)

    page = owner_client.get(reverse("summary:summary"), {"journal_notes": "on"}).content.decode()

    assert JOURNAL_NOTE in page
    assert f'value="{dates["start"].isoformat()}"' in page
