"""Check-in screens: create (before/after/daily), edit, view, delete, and the contract
with the workouts app (kind, session, next)."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from apps.accounts.models import User
from apps.journal import views
from apps.journal.models import CheckIn
from tests.factories import CheckInFactory, JournalSessionFactory, UserFactory
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db
CREATE = reverse("journal:checkin_create")


def radio_names(html: str) -> set[str]:
    return set(re.findall(r'<input type="(?:radio|checkbox)" name="([a-z_]+)"', html))


# --- The form ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "present", "absent"),
    [
        ("before", {"ate_recently", "warning_symptoms"}, {"pelvic_symptoms"}),
        ("after", {"warning_symptoms"}, {"ate_recently", "pelvic_symptoms"}),
        ("daily", set(), {"ate_recently", "warning_symptoms", "pelvic_symptoms"}),
    ],
)
def test_each_kind_asks_only_its_own_questions(
    owner_client: Client, kind: str, present: set[str], absent: set[str]
) -> None:
    response = owner_client.get(f"{CREATE}?kind={kind}")
    html = response.content.decode()
    names = radio_names(html)
    assert {"mood", "energy", "stress", "tags", "self_harm_thoughts"} <= names
    assert present <= names
    assert not absent & names
    assert_valid_html(response)


def test_pelvic_symptoms_are_asked_only_on_postpartum_profiles(owner: User) -> None:
    client = Client()
    client.force_login(owner)
    assert "pelvic_symptoms" not in radio_names(client.get(CREATE).content.decode())
    owner.postpartum_delivery_date = owner.local_today() - dt.timedelta(days=90)
    owner.save()
    assert "pelvic_symptoms" in radio_names(client.get(CREATE).content.decode())


def test_mood_is_a_row_of_labelled_radio_buttons_with_words(owner_client: Client) -> None:
    html = owner_client.get(CREATE).content.decode()
    assert "<legend>Mood right now" in html
    for value, word in [(1, "Awful"), (5, "So-so"), (10, "Great")]:
        assert f'value="{value}"' in html
        assert (
            f'<span class="scale-number">{value}</span> <span class="scale-word">{word}</span>'
            in html
        )
    # Only mood is required.
    assert html.count(" required") == 10
    assert re.search(r'name="mood" value="1"[^>]*required', html)


def test_skip_for_now_is_offered_and_leads_to_next(owner_client: Client) -> None:
    html = owner_client.get(f"{CREATE}?kind=before&next=/workouts/").content.decode()
    assert '<a class="button secondary large" href="/workouts/">Skip for now</a>' in html


def test_the_only_required_answer_is_mood(owner: User, owner_client: Client) -> None:
    response = owner_client.post(CREATE, {"kind": "daily", "mood": "6"})
    assert response.status_code == 302
    checkin = CheckIn.objects.get(user=owner)
    assert (checkin.kind, checkin.mood, checkin.date) == ("daily", 6, owner.local_today())
    assert checkin.energy is None
    assert checkin.sleep_hours is None
    assert checkin.note == ""


def test_every_field_saves(owner: User, owner_client: Client) -> None:
    owner.postpartum_delivery_date = owner.local_today() - dt.timedelta(days=60)
    owner.save()
    session = JournalSessionFactory(user=owner)
    response = owner_client.post(
        CREATE,
        {
            "kind": "after",
            "session": session.pk,
            "mood": "7",
            "energy": "6",
            "stress": "3",
            "sleep_hours": "6.5",
            "warning_symptoms": ["dizziness"],
            "pelvic_symptoms": ["leaking"],
            "tags": ["proud", "tired"],
            "other_tags": "Strong, proud",
            "note": "  Legs felt strong.  ",
        },
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.get(user=owner)
    assert checkin.session == session
    assert checkin.date == session.date
    assert (checkin.mood, checkin.energy, checkin.stress) == (7, 6, 3)
    assert str(checkin.sleep_hours) == "6.5"
    assert checkin.warning_symptoms == ["dizziness"]
    assert checkin.pelvic_symptoms == ["leaking"]
    assert checkin.tags == ["proud", "tired", "strong"]
    assert checkin.note == "Legs felt strong."
    assert checkin.ate_recently is None
    assert checkin.self_harm_thoughts is False


def test_before_check_in_records_eating(owner: User, owner_client: Client) -> None:
    owner_client.post(CREATE, {"kind": "before", "mood": "5", "ate_recently": "no"})
    assert CheckIn.objects.get(user=owner).ate_recently is False


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "mood", "Please choose how you feel, from 1 to 10."),
        ({"mood": "11"}, "mood", "Select a valid choice"),
        ({"mood": "5", "sleep_hours": "25"}, "sleep_hours", "can&#x27;t be more than 24"),
        ({"mood": "5", "sleep_hours": "lots"}, "sleep_hours", "Enter a number of hours"),
        ({"mood": "5", "other_tags": "x" * 31}, "other_tags", "30 characters or fewer"),
        ({"mood": "5", "energy": "0"}, "energy", "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_keeps_what_was_typed(
    owner: User, owner_client: Client, data: dict[str, str], field: str, message: str
) -> None:
    payload = {"kind": "daily", "note": "Keep me", "stress": "4", **data}
    response = owner_client.post(CREATE, payload)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    error_block = html.split(f'id="id_{field}_error"', 1)[1][:400]
    assert message in error_block
    assert "Keep me" in html  # the typed note is kept
    assert re.search(r'name="stress" value="4"[^>]*checked', html)
    assert not CheckIn.objects.filter(user=owner).exists()
    assert_valid_html(response)


def test_a_daily_check_in_can_be_dated_earlier_but_not_in_the_future(
    owner: User, owner_client: Client
) -> None:
    today = owner.local_today()
    response = owner_client.post(
        CREATE, {"mood": "5", "date": (today + dt.timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 422
    assert "in the future" in response.content.decode()
    owner_client.post(CREATE, {"mood": "5", "date": (today - dt.timedelta(days=1)).isoformat()})
    assert CheckIn.objects.get(user=owner).date == today - dt.timedelta(days=1)


# --- The contract with workouts --------------------------------------------------------


def test_after_saving_it_returns_to_next(owner: User, owner_client: Client) -> None:
    session = JournalSessionFactory(user=owner)
    response = owner_client.post(
        f"{CREATE}?kind=before&session={session.pk}&next=/workouts/{session.pk}/",
        {"mood": "5"},
    )
    assert response["Location"] == f"/workouts/{session.pk}/"
    assert CheckIn.objects.get(user=owner).session == session


@pytest.mark.parametrize(
    "bad_next", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "evil"]
)
def test_next_must_be_a_local_path(owner_client: Client, bad_next: str) -> None:
    response = owner_client.post(CREATE, {"mood": "5", "next": bad_next})
    assert response["Location"] == reverse("journal:timeline")


def test_another_persons_session_is_a_404(owner: User, owner_client: Client) -> None:
    other = JournalSessionFactory()
    assert owner_client.get(f"{CREATE}?kind=before&session={other.pk}").status_code == 404
    response = owner_client.post(CREATE, {"kind": "after", "session": other.pk, "mood": "5"})
    assert response.status_code == 404
    assert owner_client.get(f"{CREATE}?kind=before&session=abc").status_code == 404
    assert not CheckIn.objects.exists()


def test_an_existing_check_in_for_the_session_opens_for_editing(
    owner: User, owner_client: Client
) -> None:
    session = JournalSessionFactory(user=owner)
    existing = CheckInFactory(user=owner, kind="after", session=session, mood=4)
    response = owner_client.get(f"{CREATE}?kind=after&session={session.pk}&next=/workouts/")
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("journal:checkin_edit", args=[existing.pk]) + "?next=%2Fworkouts%2F"
    )
    # A POST (say, from a stale tab) updates it rather than making a second one.
    owner_client.post(CREATE, {"kind": "after", "session": session.pk, "mood": "8"})
    assert CheckIn.objects.get(user=owner).mood == 8


def test_a_before_check_in_of_the_session_does_not_block_the_after_one(
    owner: User, owner_client: Client
) -> None:
    session = JournalSessionFactory(user=owner)
    CheckInFactory(user=owner, kind="before", session=session, mood=4)
    response = owner_client.get(f"{CREATE}?kind=after&session={session.pk}")
    assert response.status_code == 200
    assert "Before the session you said 4 (a bit low)." in response.content.decode()


def test_a_resubmitted_form_never_duplicates(owner: User, owner_client: Client) -> None:
    client_id = str(uuid.uuid4())
    for mood in ("5", "6"):
        owner_client.post(CREATE, {"kind": "daily", "mood": mood, "client_id": client_id})
    assert CheckIn.objects.get(user=owner).mood == 6


def test_unknown_kind_falls_back_to_daily(owner: User, owner_client: Client) -> None:
    owner_client.post(f"{CREATE}?kind=weekly", {"mood": "5"})
    assert CheckIn.objects.get(user=owner).kind == "daily"


# --- Safety routing ---------------------------------------------------------------------


def test_thoughts_of_self_harm_go_straight_to_crisis_support(
    owner: User, owner_client: Client
) -> None:
    response = owner_client.post(
        f"{CREATE}?next=/workouts/",
        {"kind": "daily", "mood": "2", "self_harm_thoughts": "on"},
    )
    assert response["Location"] == reverse("safety:crisis")
    assert CheckIn.objects.get(user=owner).self_harm_thoughts is True
    page = owner_client.get(response["Location"])
    assert "You don&#x27;t have to carry this alone" in page.content.decode()


def test_the_self_harm_option_is_explicit_on_every_kind(owner_client: Client) -> None:
    for kind in ("before", "after", "daily"):
        html = owner_client.get(f"{CREATE}?kind={kind}").content.decode()
        assert "I&#x27;m having thoughts of harming myself" in html


def test_warning_symptoms_get_an_urgent_message(owner: User, owner_client: Client) -> None:
    response = owner_client.post(
        CREATE, {"kind": "after", "mood": "5", "warning_symptoms": ["chest_pain"]}, follow=True
    )
    assert "needs a doctor&#x27;s check before you train again" in response.content.decode()


# --- View, edit, delete ----------------------------------------------------------------


def test_detail_shows_the_answers_and_the_decrypted_note(owner: User, owner_client: Client) -> None:
    checkin = CheckInFactory(
        user=owner,
        mood=7,
        energy=3,
        tags=["proud"],
        note="Quiet win.",
        ate_recently=True,
        kind="before",
    )
    response = owner_client.get(reverse("journal:checkin_detail", args=[checkin.pk]))
    html = response.content.decode()
    assert "7 · Fairly good" in html
    assert "3 · Low" in html
    assert "Quiet win." in html
    assert '<li class="badge">proud</li>' in html
    assert_valid_html(response)


def test_edit_prefills_and_saves(owner: User, owner_client: Client) -> None:
    checkin = CheckInFactory(user=owner, mood=3, tags=["proud", "my own"], note="Before edit")
    url = reverse("journal:checkin_edit", args=[checkin.pk])
    html = owner_client.get(url).content.decode()
    assert re.search(r'name="mood" value="3"[^>]*checked', html)
    assert re.search(r'name="tags" value="proud"[^>]*checked', html)
    assert 'value="my own"' in html
    assert "Before edit" in html
    response = owner_client.post(url, {"mood": "6", "note": "After edit", "tags": ["calm"]})
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert (checkin.mood, checkin.note, checkin.tags) == (6, "After edit", ["calm"])
    assert CheckIn.objects.count() == 1


def test_delete_asks_first_then_deletes(owner: User, owner_client: Client) -> None:
    checkin = CheckInFactory(user=owner)
    url = reverse("journal:checkin_delete", args=[checkin.pk])
    response = owner_client.get(url)
    assert "Delete this check-in?" in response.content.decode()
    assert CheckIn.objects.filter(pk=checkin.pk).exists()
    response = owner_client.post(url)
    assert response["Location"] == reverse("journal:timeline")
    assert not CheckIn.objects.filter(pk=checkin.pk).exists()


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("journal:checkin_detail", "get"),
        ("journal:checkin_edit", "get"),
        ("journal:checkin_edit", "post"),
        ("journal:checkin_delete", "get"),
        ("journal:checkin_delete", "post"),
    ],
)
def test_another_persons_check_in_is_a_404(
    stranger_client: Client, url_name: str, method: str
) -> None:
    checkin = CheckInFactory(user=UserFactory(), mood=4, note="secret")
    response = getattr(stranger_client, method)(reverse(url_name, args=[checkin.pk]), {"mood": "9"})
    assert response.status_code == 404
    assert b"secret" not in response.content
    checkin.refresh_from_db()
    assert checkin.mood == 4


# --- Privacy ---------------------------------------------------------------------------


def test_journal_pages_are_never_cached_and_keep_no_htmx_history(owner_client: Client) -> None:
    checkin = CheckInFactory(user=User.objects.get())
    for url in (
        reverse("journal:timeline"),
        reverse("journal:insights"),
        CREATE,
        reverse("journal:checkin_detail", args=[checkin.pk]),
        reverse("journal:checkin_edit", args=[checkin.pk]),
        reverse("journal:questionnaire_create", args=["phq9"]),
    ):
        response = owner_client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert re.search(r"<body [^>]*hx-history=\"false\"", response.content.decode()), url


def test_posted_answers_are_hidden_from_error_reports(owner: User) -> None:
    request = RequestFactory().post(CREATE, {"mood": "2", "note": "private"})
    request.user = owner
    request.session = {}  # type: ignore[assignment]
    request.htmx = False  # type: ignore[attr-defined]
    request._messages = type("M", (), {"add": lambda *a, **k: None})()  # type: ignore[attr-defined]
    views.checkin_create(request)
    assert request.sensitive_post_parameters == "__ALL__"  # type: ignore[attr-defined]


def test_mood_never_goes_in_a_url(owner: User, owner_client: Client) -> None:
    response = owner_client.post(CREATE, {"kind": "daily", "mood": "2", "note": "quiet"})
    assert "2" not in response["Location"].replace(reverse("journal:timeline"), "")
    assert "quiet" not in response["Location"]
