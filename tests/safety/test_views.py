"""Safety pages through HTTP: crisis support, readiness and clearance, guidance and its
"why" pages, urgent banners, the safety plan and the library."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from apps.accounts.models import User
from apps.safety.library import TOPICS
from apps.safety.models import GuidanceResponse, MedicalClearance, ReadinessScreen, SafetyPlan
from apps.safety.readiness import PAR_Q_PLUS_URL, QUESTIONS
from apps.safety.selectors import guidance_for_user
from tests.factories import (
    MedicalClearanceFactory,
    ReadinessScreenFactory,
    SafetyPlanFactory,
    UserFactory,
)
from tests.html_checks import assert_valid_html
from tests.safety.builders import make_checkin, make_drop_session, make_phq9

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ago(user: User, days: int) -> dt.date:
    return user.local_today() - dt.timedelta(days=days)


def text(response: Any) -> str:
    """The page with entities decoded, so tests read it as a person would."""
    return html.unescape(response.content.decode())


# --- crisis support -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("country", "expected"),
    [
        (
            "US",
            ['href="tel:988"', 'href="sms:988"', 'href="tel:911"', 'href="sms:741741?body=HOME"'],
        ),
        ("CA", ['href="tel:988"', 'href="tel:911"']),
        ("GB", ['href="tel:116123"', 'href="tel:999"', 'href="sms:85258?body=SHOUT"']),
        ("IE", ['href="tel:116123"', 'href="tel:112"']),
        ("AU", ['href="tel:131114"', 'href="tel:000"']),
        ("NZ", ['href="tel:1737"', 'href="sms:1737"', 'href="tel:111"']),
        ("OTHER", ['href="https://findahelpline.com"']),
    ],
)
def test_crisis_page_logged_out_has_country_numbers(country: str, expected: list[str]) -> None:
    response = Client().get(reverse("safety:crisis"), {"country": country})
    assert response.status_code == 200
    for link in expected:
        assert link in text(response)
    assert_valid_html(response)


def test_crisis_page_uses_the_profile_country() -> None:
    user = UserFactory(country="AU")
    assert 'href="tel:131114"' in text(client_for(user).get(reverse("safety:crisis")))


def test_crisis_page_adds_postpartum_lines_for_postpartum_profiles() -> None:
    user = UserFactory(country="US")
    user.postpartum_delivery_date = ago(user, 60)
    user.save()
    page = text(client_for(user).get(reverse("safety:crisis")))
    assert 'href="tel:18338526262"' in page
    assert 'href="tel:18009444773"' in page


def test_no_postpartum_lines_without_a_recent_birth() -> None:
    user = UserFactory(country="US")
    user.postpartum_delivery_date = ago(user, 400)
    user.save()
    assert "tel:18338526262" not in text(client_for(user).get(reverse("safety:crisis")))


def test_crisis_page_shows_the_persons_safety_plan() -> None:
    user = UserFactory()
    SafetyPlanFactory(user=user, people="Sam next door")
    page = text(client_for(user).get(reverse("safety:crisis")))
    assert "Sam next door" in page
    logged_out = text(Client().get(reverse("safety:crisis")))
    assert "Sam next door" not in logged_out


def test_crisis_page_is_linked_from_every_page() -> None:
    response = Client().get(reverse("safety:library"))
    assert f'href="{reverse("safety:crisis")}"' in text(response)


# --- readiness and clearance ----------------------------------------------------------
def all_answers(**yes: bool) -> dict[str, str]:
    return {q.topic: "yes" if yes.get(q.topic) else "no" for q in QUESTIONS}


def test_readiness_form_links_to_the_official_par_q_plus() -> None:
    user = UserFactory()
    response = client_for(user).get(reverse("safety:readiness"))
    page = text(response)
    assert PAR_Q_PLUS_URL in page
    for question in QUESTIONS:
        assert question.question in page
        assert question.help in page
    assert_valid_html(response)


def test_readiness_missing_answers_keep_the_given_ones_and_save_nothing() -> None:
    user = UserFactory()
    answers = all_answers(heart=True)
    del answers["medication"]
    response = client_for(user).post(reverse("safety:readiness"), answers)
    assert response.status_code == 200
    page = text(response)
    assert "Please choose yes or no." in page
    assert re.search(r'<input[^>]*name="heart"[^>]*value="yes"[^>]*checked', page)
    assert not re.search(r'<input[^>]*name="medication"[^>]*checked', page)
    assert ReadinessScreen.objects.count() == 0
    assert_valid_html(response)


def test_readiness_all_no_is_stored_with_the_local_date() -> None:
    user = UserFactory()
    response = client_for(user).post(reverse("safety:readiness"), all_answers())
    assert response.status_code == 302
    screen = ReadinessScreen.objects.get(user=user)
    assert screen.date == user.local_today()
    assert screen.yes_topics == ()
    page = text(client_for(user).get(reverse("safety:readiness")))
    assert "you answered no to every question" in page


def test_readiness_yes_advises_clearance_and_records_it() -> None:
    user = UserFactory()
    client = client_for(user)
    client.post(reverse("safety:readiness"), all_answers(chest_pain=True, medication=True))
    page = text(client.get(reverse("safety:readiness")))
    assert "checking with a doctor or a qualified exercise professional first" in page
    assert "Chest pain" in page
    assert "A medicine that can cause dizziness, fainting or low blood pressure" in page

    cleared_on = ago(user, 3).isoformat()
    response = client.post(
        reverse("safety:clearance"), {"cleared_on": cleared_on, "cleared_by": "Dr Okafor"}
    )
    assert response.status_code == 302
    clearance = MedicalClearance.objects.get(user=user)
    assert (clearance.cleared_by, clearance.cleared_on.isoformat()) == ("Dr Okafor", cleared_on)
    page = text(client.get(reverse("safety:readiness")))
    assert "by Dr Okafor" in page
    # The clearance takes the advice's place: no "check with a doctor" left on the page.
    assert "You've been cleared to train" in page
    assert "Check with a doctor before you build up" not in page
    assert "checking with a doctor" not in page
    assert "medical_clearance_advised" not in {
        item.code for item in guidance_for_user(user, user.local_today())
    }


def test_readiness_questions_fit_people_with_depression() -> None:
    """Low mood, depression and antidepressants are not reasons to see a doctor first;
    dizziness from a medicine is worth raising."""
    page = text(client_for(UserFactory()).get(reverse("safety:readiness")))
    assert "strength training is recommended" in page
    assert "side effects like dizziness, that is worth mentioning to your doctor" in page
    assert "long-term physical condition" in page
    assert "makes you dizzy or faint, or lowers your blood pressure" in page
    assert "mental-health condition" not in page
    assert "medicine for a long-term condition" not in page.lower()
    raw = client_for(UserFactory()).get(reverse("safety:readiness")).content.decode()
    assert PAR_Q_PLUS_URL in raw


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"cleared_on": "", "cleared_by": "Dr A"}, "Please enter the date you were cleared."),
        ({"cleared_on": "not a date", "cleared_by": "Dr A"}, "Please enter a date"),
        ({"cleared_on": "2999-01-01", "cleared_by": "Dr A"}, "That date is in the future"),
        ({"cleared_on": "2000-01-01", "cleared_by": "Dr A"}, "has already run out"),
        ({"cleared_on": "today", "cleared_by": "   "}, "Please say who cleared you"),
        ({"cleared_on": "today", "cleared_by": "x" * 121}, "under 120 characters"),
    ],
)
def test_bad_clearance_shows_the_message_keeps_input_and_saves_nothing(
    data: dict[str, str], message: str
) -> None:
    user = UserFactory()
    ReadinessScreenFactory(user=user, date=user.local_today(), heart=True)
    if data["cleared_on"] == "today":
        data = {**data, "cleared_on": user.local_today().isoformat()}
    response = client_for(user).post(reverse("safety:clearance"), data)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    if data["cleared_by"].strip():
        assert data["cleared_by"][:50] in page
    assert MedicalClearance.objects.count() == 0
    assert_valid_html(response)


def test_gentle_start_is_recorded_and_leads_to_the_gentlest_program() -> None:
    user = UserFactory()
    screen = ReadinessScreenFactory(user=user, date=user.local_today(), bone_joint=True)
    response = client_for(user).post(reverse("safety:gentle_start"))
    screen.refresh_from_db()
    assert screen.gentle_start_chosen_on == user.local_today()
    assert response.status_code == 302
    assert response["Location"].startswith("/programs/")


def test_gentle_start_without_a_yes_goes_back_to_the_screen() -> None:
    user = UserFactory()
    response = client_for(user).post(reverse("safety:gentle_start"))
    assert response["Location"] == reverse("safety:readiness")


def test_screen_is_offered_again_when_clearance_expires() -> None:
    user = UserFactory()
    screen = ReadinessScreenFactory(user=user, date=ago(user, 400), heart=True)
    MedicalClearanceFactory(user=user, screen=screen, cleared_on=ago(user, 370))
    page = text(client_for(user).get(reverse("safety:readiness")))
    assert "your clearance has now run out" in page
    assert 'name="heart"' in page


# --- guidance, why pages and the Today panel ------------------------------------------
def mood_drops(user: User) -> None:
    for age in (6, 4, 2):
        make_drop_session(user, ago(user, age), ate_recently=False)


def test_guidance_page_lists_items_and_the_library() -> None:
    user = UserFactory()
    mood_drops(user)
    response = client_for(user).get(reverse("safety:guidance"))
    page = text(response)
    assert "Workouts have been leaving you feeling lower" in page
    assert "Likely reasons: Food before training." in page
    for topic in TOPICS:
        assert reverse("safety:library_topic", kwargs={"slug": topic.slug}) in page
    assert_valid_html(response)


def test_guidance_page_with_nothing_to_show() -> None:
    page = text(client_for(UserFactory()).get(reverse("safety:guidance")))
    assert "Nothing needs your attention right now." in page


def test_why_page_explains_with_the_persons_numbers_and_fuel_advice() -> None:
    user = UserFactory()
    mood_drops(user)
    response = client_for(user).get(
        reverse("safety:why", kwargs={"code": "post_workout_mood_drop"})
    )
    page = text(response)
    assert "In 3 of your last 3 sessions" in page
    assert "mood 7 before, 4 after" in page
    assert "no food in the 3 hours before" in page
    assert "carbohydrate and protein 1–3 hours before" in page
    assert "Meeusen R et al." in page
    assert "general information, not medical advice" in page
    assert f'action="{reverse("workouts:session_start")}"' in page
    assert_valid_html(response)


@pytest.mark.parametrize(
    ("factor_fields", "advice"),
    [
        ({"stress": 8}, "swap to walking, yoga or stretching this week"),
        ({"sleep_hours": 5}, "take the lighter session and make sleep the priority"),
    ],
)
def test_why_page_gives_advice_for_each_factor(factor_fields: dict[str, Any], advice: str) -> None:
    user = UserFactory()
    from tests.safety.builders import make_session

    for age in (6, 4, 2):
        session = make_session(user, ago(user, age), rpe=6, minutes=30)
        make_checkin(user, ago(user, age), "before", 8, session=session, **factor_fields)
        make_checkin(user, ago(user, age), "after", 5, session=session, hour=14)
    page = text(
        client_for(user).get(reverse("safety:why", kwargs={"code": "post_workout_mood_drop"}))
    )
    assert advice in page


def test_why_page_for_load_factor_offers_the_lighter_session() -> None:
    user = UserFactory()
    for age in (6, 4, 2):
        make_drop_session(user, ago(user, age), ate_recently=True, rpe=9)
    page = text(
        client_for(user).get(reverse("safety:why", kwargs={"code": "post_workout_mood_drop"}))
    )
    assert "Take the lighter session" in page
    assert "Training load" in page


def test_why_page_for_an_inactive_item_says_so() -> None:
    page = text(client_for(UserFactory()).get(reverse("safety:why", kwargs={"code": "deload_due"})))
    assert "isn't showing for you right now" in page


def test_why_page_for_an_unknown_code_is_404() -> None:
    response = client_for(UserFactory()).get(reverse("safety:why", kwargs={"code": "nope"}))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("setup", "code", "phrase"),
    [
        (
            lambda u: make_phq9(u, ago(u, 2), [2, 2, 2, 2, 2, 1, 0, 0, 0]),
            "seek_professional",
            "added up to 11",
        ),
        (
            lambda u: make_checkin(
                u, ago(u, 1), "after", 5, warning_symptoms=["chest_pain", "fainting"]
            ),
            "stop_and_seek_care",
            "chest pain or pressure and fainting or nearly fainting",
        ),
        (
            lambda u: make_checkin(u, ago(u, 1), self_harm_thoughts=True),
            "crisis_support",
            "thoughts of harming yourself",
        ),
        (
            lambda u: ReadinessScreenFactory(user=u, date=ago(u, 1), dizziness=True),
            "medical_clearance_advised",
            "yes about fainting or dizziness",
        ),
        (
            lambda u: [
                make_checkin(u, ago(u, a), "before", 6, ate_recently=False) for a in (3, 2, 1)
            ],
            "fuel_reminder",
            "In 3 of your last 3 before-workout check-ins",
        ),
    ],
    ids=["phq9", "symptoms", "crisis", "readiness", "fuel"],
)
def test_why_pages_use_the_persons_own_numbers(setup: Any, code: str, phrase: str) -> None:
    user = UserFactory()
    setup(user)
    response = client_for(user).get(reverse("safety:why", kwargs={"code": code}))
    assert phrase in text(response)
    assert_valid_html(response)


def test_confirm_checked_releases_the_hold_and_says_so() -> None:
    user = UserFactory()
    make_checkin(user, ago(user, 1), "after", 5, warning_symptoms=["dizziness"])
    client = client_for(user)
    why = reverse("safety:why", kwargs={"code": "stop_and_seek_care"})
    assert "I've been checked and can train" in text(client.get(why))
    response = client.post(reverse("safety:confirm_checked"), {"code": "stop_and_seek_care"})
    assert response["Location"] == why
    assert "You told us a professional has checked you" in text(client.get(why))


def test_confirm_checked_refuses_other_codes() -> None:
    response = client_for(UserFactory()).post(
        reverse("safety:confirm_checked"), {"code": "crisis_support"}
    )
    assert response.status_code == 400
    assert GuidanceResponse.objects.count() == 0


# --- urgent banners -------------------------------------------------------------------
def banner_codes(page: str) -> list[str]:
    return [
        code
        for code in ("crisis_support", "stop_and_seek_care")
        if f'id="safety-banner-{code}"' in page
    ]


def test_urgent_items_show_a_banner_on_every_page() -> None:
    user = UserFactory()
    make_checkin(user, ago(user, 1), self_harm_thoughts=True)
    make_checkin(user, ago(user, 1), "after", 5, warning_symptoms=["fainting"])
    client = client_for(user)
    for url in (reverse("safety:guidance"), reverse("safety:library"), reverse("programs:today")):
        response = client.get(url)
        page = text(response)
        assert banner_codes(page) == ["crisis_support", "stop_and_seek_care"], url
        assert 'role="alert"' in page
        assert f'href="{reverse("safety:crisis")}"' in page
        assert_valid_html(response)


def test_acknowledged_banner_stays_hidden_until_a_new_trigger() -> None:
    user = UserFactory()
    make_checkin(user, ago(user, 2), self_harm_thoughts=True)
    client = client_for(user)
    response = client.post(
        reverse("safety:acknowledge"),
        {"code": "crisis_support", "next": reverse("safety:library")},
    )
    assert response["Location"] == reverse("safety:library")
    assert banner_codes(text(client.get(reverse("safety:library")))) == []
    # The guidance item itself is still listed: acknowledging only hides the banner.
    assert "You don't have to face this alone" in text(client.get(reverse("safety:guidance")))
    make_phq9(user, ago(user, 0), [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert banner_codes(text(client.get(reverse("safety:library")))) == ["crisis_support"]


def test_acknowledge_by_htmx_returns_nothing_to_swap_in(htmx_headers: dict[str, str]) -> None:
    user = UserFactory()
    make_checkin(user, ago(user, 0), "after", 5, warning_symptoms=["dizziness"])
    response = client_for(user).post(
        reverse("safety:acknowledge"), {"code": "stop_and_seek_care"}, **htmx_headers
    )
    assert response.status_code == 200
    assert response.content == b""
    assert GuidanceResponse.objects.filter(user=user, kind="acknowledged").count() == 1


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_acknowledge_never_redirects_off_site(target: str) -> None:
    user = UserFactory()
    response = client_for(user).post(
        reverse("safety:acknowledge"), {"code": "crisis_support", "next": target}
    )
    assert response["Location"] == reverse("safety:guidance")


def test_acknowledge_refuses_non_urgent_codes() -> None:
    response = client_for(UserFactory()).post(
        reverse("safety:acknowledge"), {"code": "fuel_reminder"}
    )
    assert response.status_code == 400


def test_banners_cost_nothing_for_anonymous_visitors(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = Client().get(reverse("safety:library"))
    assert response.status_code == 200


@pytest.mark.parametrize("days", [4, 300])
def test_banners_run_a_constant_number_of_queries(
    days: int, django_assert_max_num_queries: Any
) -> None:
    """Library page for a signed-in person: user + the banner's 4 queries with a flagged
    check-in (+ the session, unless sessions are served from the Redis cache)."""
    user = UserFactory()
    for age in range(days, 0, -1):
        make_checkin(user, ago(user, age), "daily", 5)
    make_checkin(user, ago(user, 1), self_harm_thoughts=True)
    client = client_for(user)
    with django_assert_max_num_queries(6) as captured:
        page = text(client.get(reverse("safety:library")))
    assert banner_codes(page) == ["crisis_support"]
    own = [q for q in captured.captured_queries if "django_session" not in q["sql"]]
    assert len(own) == 5


def today_history(user: User, days: int) -> None:
    """Sessions every other day with before/after check-ins, and a mood drop lately."""
    from tests.safety.builders import make_session

    for age in range(days, 8, -2):
        session = make_session(user, ago(user, age), rpe=6, minutes=30)
        make_checkin(user, ago(user, age), "before", 6, session=session, ate_recently=True)
        make_checkin(user, ago(user, age), "after", 7, session=session, hour=14)
    mood_drops(user)
    make_checkin(user, ago(user, 1), "after", 5, warning_symptoms=["dizziness"])


@pytest.mark.parametrize("days", [10, 400])
def test_safety_panel_runs_five_queries_whatever_the_history(
    days: int, rf: Any, django_assert_num_queries: Any
) -> None:
    from apps.safety.panels import today_panel

    user = UserFactory()
    today_history(user, days)
    request = rf.get("/")
    request.user = user
    with django_assert_num_queries(5):
        panel = today_panel(request, user, user.local_today(), None)
    assert panel is not None
    codes = [s.code for s in panel.context["guidance_cautions"]]
    assert codes == ["post_workout_mood_drop"]


def test_guidance_adds_the_same_queries_to_today_for_short_and_long_histories(
    django_assert_max_num_queries: Any,
) -> None:
    counts = []
    for days in (10, 400):
        user = UserFactory()
        today_history(user, days)
        client = client_for(user)
        with django_assert_max_num_queries(100) as captured:
            page = text(client.get(reverse("programs:today")))
        assert 'data-guidance-code="post_workout_mood_drop"' in page
        assert banner_codes(page) == ["stop_and_seek_care"]
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_today_panel_shows_cautions_with_why_links_and_tips() -> None:
    user = UserFactory()
    mood_drops(user)
    page = text(client_for(user).get(reverse("programs:today")))
    assert 'data-guidance-code="post_workout_mood_drop"' in page
    assert "Food before training" in page
    assert reverse("safety:why", kwargs={"code": "post_workout_mood_drop"}) in page
    assert 'data-guidance-code="fuel_reminder"' in page


def test_today_panel_asks_the_readiness_questions_before_a_first_program() -> None:
    page = text(client_for(UserFactory()).get(reverse("programs:today")))
    assert reverse("safety:readiness") in page
    assert "Before your first program" in page


def test_today_panel_is_absent_when_nothing_applies() -> None:
    user = UserFactory()
    ReadinessScreenFactory(user=user, date=user.local_today())
    page = text(client_for(user).get(reverse("programs:today")))
    assert "safety-panel" not in page


# --- safety plan ----------------------------------------------------------------------
def test_safety_plan_is_saved_encrypted_and_printable() -> None:
    user = UserFactory()
    client = client_for(user)
    response = client.post(
        reverse("safety:plan_edit"),
        {"warning_signs": "Not sleeping for days", "people": "Robin 07700 900456"},
    )
    assert response["Location"] == reverse("safety:plan")
    plan = SafetyPlan.objects.get(user=user)
    assert plan.warning_signs == "Not sleeping for days"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT warning_signs, people FROM safety_safetyplan WHERE id = %s", [plan.pk]
        )
        raw = cursor.fetchone()
    assert "Not sleeping" not in raw[0]
    assert "Robin" not in raw[1]
    page_response = client.get(reverse("safety:plan"))
    page = text(page_response)
    assert "Not sleeping for days" in page
    assert "data-print" in page
    assert "css/safety.css" in page
    assert_valid_html(page_response)


def test_safety_plan_too_long_keeps_the_text_and_saves_nothing() -> None:
    user = UserFactory()
    response = client_for(user).post(
        reverse("safety:plan_edit"), {"warning_signs": "a" * 4001, "people": "Robin"}
    )
    assert response.status_code == 200
    page = text(response)
    assert "Please keep this under 4000 characters." in page
    assert "Robin" in page
    assert not SafetyPlan.objects.filter(user=user).exists()
    assert_valid_html(response)


def test_empty_plan_invites_the_person_to_write_one() -> None:
    page = text(client_for(UserFactory()).get(reverse("safety:plan")))
    assert "You haven't written a plan yet." in page


def test_plans_are_private() -> None:
    owner, stranger = UserFactory(), UserFactory()
    SafetyPlanFactory(user=owner, people="Only mine")
    assert "Only mine" not in text(client_for(stranger).get(reverse("safety:plan")))
    assert "Only mine" not in text(client_for(stranger).get(reverse("safety:crisis")))


# --- library --------------------------------------------------------------------------
@pytest.mark.parametrize("topic", TOPICS, ids=[t.slug for t in TOPICS])
def test_every_library_topic_has_sources_review_date_and_disclaimer(topic: Any) -> None:
    response = Client().get(reverse("safety:library_topic", kwargs={"slug": topic.slug}))
    assert response.status_code == 200
    page = text(response)
    assert topic.title in page
    assert "Sources" in page
    assert topic.sources
    for source in topic.sources:
        assert source.citation[:30] in page
    assert f"Last reviewed {topic.last_reviewed:%-d %B %Y}" in page
    assert "general information, not medical advice" in page
    # The word, in what the page says: not inside a random CSRF token or "secure".
    assert not re.search(r"\bcur(e|es|ed|ing)\b", strip_tags(page), re.IGNORECASE)
    assert_valid_html(response)


def test_unknown_library_topic_is_404() -> None:
    response = Client().get(reverse("safety:library_topic", kwargs={"slug": "miracles"}))
    assert response.status_code == 404


def test_session_guidance_tag_shows_cautions_after_a_session(rf: Any) -> None:
    from django.template import Context, Template

    user = UserFactory()
    mood_drops(user)
    request = rf.get("/")
    request.user = user
    rendered = Template("{% load safety %}{% session_guidance %}").render(
        Context({"request": request})
    )
    assert 'data-guidance-code="post_workout_mood_drop"' in rendered
    assert "carbohydrate and protein" in rendered
    assert_valid_html(rendered, fragment=True)
    request.user = UserFactory()
    empty = Template("{% load safety %}{% session_guidance %}").render(
        Context({"request": request})
    )
    assert empty.strip() == ""


@pytest.mark.parametrize(
    "url",
    [
        reverse("safety:guidance"),
        reverse("safety:why", kwargs={"code": "post_workout_mood_drop"}),
        reverse("safety:readiness"),
        reverse("safety:plan"),
        reverse("safety:crisis"),
    ],
)
def test_safety_pages_run_the_same_queries_for_short_and_long_histories(
    url: str, django_assert_max_num_queries: Any
) -> None:
    counts = []
    for days in (10, 400):
        user = UserFactory()
        today_history(user, days)
        SafetyPlanFactory(user=user)
        client = client_for(user)
        with django_assert_max_num_queries(20) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
