"""Browsing programs and exercises, the program page, and enrolling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.units import kg_to_unit, unit_to_kg
from apps.programs.models import Enrollment, Exercise, Program
from apps.safety.readiness import QUESTIONS
from apps.workouts import progression
from tests.factories import ReadinessScreenFactory, UserFactory, program_with, shipped_program
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db

BROWSE = reverse("programs:browse")
READINESS_TOPICS = [question.topic for question in QUESTIONS]


def names(content: str) -> set[str]:
    return {
        program.name
        for program in Program.objects.filter(owner__isnull=True)
        if f">{program.name}</a></h2>" in content
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            {
                "Machine foundation",
                "Low-energy 20",
                "Home: dumbbells and bands",
                "Postpartum return",
                "Strength and walking",
            },
        ),
        ("?days=2&minutes=20", {"Low-energy 20"}),
        ("?days=3", {"Machine foundation", "Home: dumbbells and bands", "Postpartum return"}),
        ("?minutes=30", {"Low-energy 20", "Postpartum return", "Strength and walking"}),
        (
            "?equipment=home",
            {"Home: dumbbells and bands", "Postpartum return", "Strength and walking"},
        ),
        ("?equipment=band", {"Postpartum return", "Strength and walking"}),
        ("?equipment=none", set()),
        ("?level=beginner", {"Home: dumbbells and bands", "Strength and walking"}),
        ("?days=4&equipment=gym", {"Strength and walking"}),
        (
            "?days=banana",
            {
                "Machine foundation",
                "Low-energy 20",
                "Home: dumbbells and bands",
                "Postpartum return",
                "Strength and walking",
            },
        ),
    ],
)
def test_browse_filters(owner_client: Client, query: str, expected: set[str]) -> None:
    response = owner_client.get(BROWSE + query)
    assert response.status_code == 200
    assert names(response.content.decode()) == expected


def test_browse_filters_with_htmx_return_only_the_results(
    owner_client: Client, htmx_headers: dict[str, str]
) -> None:
    response = owner_client.get(BROWSE + "?days=2&minutes=20", **htmx_headers)
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="program-results"' in content
    assert "1 program matches your choices" in content
    assert_valid_html(response, fragment=True)


def test_minimum_session_is_offered_separately_not_as_a_program(owner_client: Client) -> None:
    content = owner_client.get(BROWSE).content.decode()
    assert "On a hard day" in content
    assert ">The 15-minute minimum session</a></h2>" not in content


def test_postpartum_program_explains_the_gate_to_others(owner_client: Client) -> None:
    content = owner_client.get(BROWSE).content.decode()
    assert "For the first year after giving birth" in content
    detail = owner_client.get(
        reverse("programs:detail", args=[shipped_program("postpartum-return").pk])
    ).content.decode()
    assert "add your baby's birth date" in detail
    assert reverse("programs:enroll", args=[shipped_program("postpartum-return").pk]) not in detail
    assert "When to stop and get checked" in detail


def browse_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(BROWSE)
    return len(captured)


def test_browse_runs_constant_queries(owner: User) -> None:
    client = Client()
    client.force_login(owner)
    client.get(BROWSE)
    few = browse_queries(client)
    for _ in range(15):
        program_with(owner=owner, days=1, exercises_per_day=1, weeks=1)
    assert browse_queries(client) == few


def test_detail_shows_every_week_and_who_it_is_for(owner_client: Client) -> None:
    program = shipped_program("machine-foundation")
    response = owner_client.get(reverse("programs:detail", args=[program.pk]))
    content = response.content.decode()
    for number in range(1, 9):
        assert f"Week {number}" in content
    assert "Week 5 · lighter week" in content
    assert program.who_for in content
    assert "Gordon et al., JAMA Psychiatry 2018" in content
    assert "Start this program" in content
    assert_valid_html(response)


def detail_queries(client: Client, program: Program) -> int:
    url = reverse("programs:detail", args=[program.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_detail_runs_a_constant_number_of_queries_however_long_the_program(
    owner_client: Client,
) -> None:
    short = program_with(days=1, exercises_per_day=2, weeks=2)
    long = program_with(days=6, exercises_per_day=15, weeks=52, deload_weeks=(5, 10, 15, 20))
    assert detail_queries(owner_client, short) == detail_queries(owner_client, long)


def test_another_persons_copy_is_not_found(owner_client: Client, stranger: User) -> None:
    theirs = program_with(owner=stranger)
    assert owner_client.get(reverse("programs:detail", args=[theirs.pk])).status_code == 404
    assert owner_client.get(reverse("programs:enroll", args=[theirs.pk])).status_code == 404
    assert owner_client.post(reverse("programs:copy", args=[theirs.pk])).status_code == 404
    assert theirs.pk not in {
        p.pk for p in Program.objects.filter(owner__isnull=False).exclude(owner=stranger)
    }


# --- Enrolling ------------------------------------------------------------------------------


@pytest.fixture
def answered_readiness(owner: User) -> None:
    ReadinessScreenFactory(user=owner)


def test_a_first_program_starts_with_the_readiness_questions(
    owner_client: Client, owner: User
) -> None:
    response = owner_client.get(enroll_url("low-energy-20"))

    assert response.status_code == 302
    readiness = reverse("safety:readiness")
    assert response["Location"].startswith(readiness + "?next=")
    answers = dict.fromkeys(READINESS_TOPICS, "no") | {"next": enroll_url("low-energy-20")}
    back = owner_client.post(readiness, answers)
    assert back.status_code == 302
    assert back["Location"] == enroll_url("low-energy-20")
    assert owner_client.get(enroll_url("low-energy-20")).status_code == 200


def test_a_yes_answer_stays_on_the_advice_with_a_way_to_continue(
    owner_client: Client, owner: User
) -> None:
    answers = dict.fromkeys(READINESS_TOPICS, "no") | {
        "heart": "yes",
        "next": enroll_url("low-energy-20"),
    }
    response = owner_client.post(reverse("safety:readiness"), answers, follow=True)

    html = response.content.decode()
    assert "Continue to choosing your program" in html
    assert f'href="{enroll_url("low-energy-20")}"' in html


def test_an_outside_next_is_ignored(owner_client: Client) -> None:
    answers = dict.fromkeys(READINESS_TOPICS, "no") | {"next": "https://evil.example/"}
    response = owner_client.post(reverse("safety:readiness"), answers)
    assert response["Location"] == reverse("safety:readiness")


def enroll_url(slug: str) -> str:
    return reverse("programs:enroll", args=[shipped_program(slug).pk])


@pytest.mark.usefixtures("answered_readiness")
def test_enroll_form_defaults_from_the_template(owner_client: Client, owner: User) -> None:
    response = owner_client.get(enroll_url("machine-foundation"))
    content = response.content.decode()
    assert f'value="{owner.local_today().isoformat()}"' in content
    for day in ("0", "2", "4"):
        assert f'value="{day}" id="id_weekdays_{day}" checked' in content
    assert "<legend>Training days</legend>" in content
    assert_valid_html(response)


@pytest.mark.usefixtures("answered_readiness")
def test_enroll_starts_the_program(owner_client: Client, owner: User) -> None:
    response = owner_client.post(
        enroll_url("low-energy-20"),
        {"start_date": owner.local_today().isoformat(), "weekdays": ["1", "4"]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:today")
    enrollment = Enrollment.objects.get(user=owner)
    assert enrollment.weekdays == [1, 4]
    assert enrollment.program.slug == "low-energy-20"


@pytest.mark.usefixtures("answered_readiness")
def test_back_to_back_days_get_a_clear_message_and_keep_the_choices(
    owner_client: Client, owner: User
) -> None:
    response = owner_client.post(
        enroll_url("machine-foundation"),
        {"start_date": "2026-13-01", "weekdays": ["0", "1", "3"]},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Monday and Tuesday are back to back" in content
    assert "Enter a valid date" in content
    assert 'value="2026-13-01"' in content
    assert 'value="1" id="id_weekdays_1" aria-invalid="true" checked' in content
    assert 'aria-describedby="id_weekdays_error"' in content
    assert not Enrollment.objects.filter(user=owner).exists()
    assert_valid_html(response)


@pytest.mark.usefixtures("answered_readiness")
def test_switching_programs_keeps_history(owner_client: Client, owner: User) -> None:
    today = owner.local_today().isoformat()
    owner_client.post(
        enroll_url("machine-foundation"), {"start_date": today, "weekdays": ["0", "2", "4"]}
    )
    page = owner_client.get(enroll_url("low-energy-20")).content.decode()
    assert "This replaces Machine foundation" in page
    owner_client.post(enroll_url("low-energy-20"), {"start_date": today, "weekdays": ["1", "4"]})
    statuses = dict(Enrollment.objects.filter(user=owner).values_list("program__slug", "status"))
    assert statuses == {"machine-foundation": "ended", "low-energy-20": "active"}
    mine = owner_client.get(reverse("programs:mine")).content.decode()
    assert "Programs you've followed" in mine
    assert "Machine foundation" in mine


@pytest.mark.usefixtures("answered_readiness")
def test_postpartum_enrollment_needs_the_profile(owner_client: Client, owner: User) -> None:
    response = owner_client.post(
        enroll_url("postpartum-return"),
        {
            "start_date": owner.local_today().isoformat(),
            "weekdays": ["0", "2", "4"],
            "postpartum_clearance": "on",
        },
    )
    assert "first year after giving birth" in response.content.decode()
    assert not Enrollment.objects.filter(user=owner).exists()


def test_postpartum_enrollment_asks_the_clearance_question() -> None:
    user = UserFactory(
        postpartum_delivery_date=dt.datetime.now(tz=dt.UTC).date() - dt.timedelta(days=70)
    )
    ReadinessScreenFactory(user=user)
    client = Client()
    client.force_login(user)
    page = client.get(enroll_url("postpartum-return")).content.decode()
    assert "My doctor or midwife has said I can start exercising again." in page
    data = {"start_date": user.local_today().isoformat(), "weekdays": ["0", "2", "4"]}
    refused = client.post(enroll_url("postpartum-return"), data)
    assert "only once a doctor or midwife has said you can exercise again" in (
        refused.content.decode()
    )
    assert not Enrollment.objects.filter(user=user).exists()
    accepted = client.post(enroll_url("postpartum-return"), data | {"postpartum_clearance": "on"})
    assert accepted.status_code == 302
    assert Enrollment.objects.get(user=user).postpartum_clearance_confirmed_at is not None


def test_minimum_session_cannot_be_enrolled(owner_client: Client) -> None:
    assert owner_client.get(enroll_url("minimum-session")).status_code == 404


# --- Exercise library -------------------------------------------------------------------


EXERCISES = reverse("programs:exercises")


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("?q=row", "Seated cable row", "Leg press"),
        ("?q=glutes", "Glute bridge", "Lat pulldown"),
        ("?q=leg+press", "Leg press", "Band row"),
        ("?equipment=band", "Band row", "Leg press"),
        ("?pattern=pelvic_floor", "Pelvic floor squeeze and lift", "Push-up"),
        ("?q=zzzz", "No exercises match", "Leg press"),
    ],
)
def test_exercise_search_works_as_a_plain_get_form(
    owner_client: Client, query: str, present: str, absent: str
) -> None:
    response = owner_client.get(EXERCISES + query)
    content = response.content.decode()
    assert present in content
    assert f">{absent}</a>" not in content
    assert "<html" in content
    assert_valid_html(response)


def test_exercise_search_as_you_type_returns_the_results_fragment(
    owner_client: Client, htmx_headers: dict[str, str]
) -> None:
    page = owner_client.get(EXERCISES).content.decode()
    assert 'hx-trigger="input changed delay:300ms' in page
    assert 'method="get"' in page
    response = owner_client.get(EXERCISES + "?q=goblet", **htmx_headers)
    content = response.content.decode()
    assert "<html" not in content
    assert "Goblet squat" in content
    assert "Leg press" not in content
    assert_valid_html(response, fragment=True)


def test_exercise_search_runs_constant_queries(owner_client: Client) -> None:
    counts = []
    for query in ("?q=zzzz", ""):
        with CaptureQueriesContext(connection) as captured:
            owner_client.get(EXERCISES + query)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_exercise_page_shows_cues_increment_and_alternatives(owner_client: Client) -> None:
    response = owner_client.get(reverse("programs:exercise", args=["dumbbell-lateral-raise"]))
    content = response.content.decode()
    assert "adds 1 kg" in content
    assert "Watch out: swinging." in content
    assert "Easier" in content
    assert "Band pull-apart" in content
    assert_valid_html(response)
    assert owner_client.get(reverse("programs:exercise", args=["nope"])).status_code == 404


@pytest.mark.parametrize(("unit", "shown"), [("kg", "5 kg"), ("lb", "10 lb")])
def test_exercise_page_progression_text_matches_the_engine(unit: str, shown: str) -> None:
    """The page says what the engine does: the top of the range twice, then the increment
    (5 kg for the leg press), in the person's own unit."""
    exercise = Exercise.objects.get(slug="leg-press")
    user = UserFactory(units=unit)
    client = Client()
    client.force_login(user)
    content = client.get(reverse("programs:exercise", args=[exercise.slug])).content.decode()
    assert f"in two sessions in a row, the next session adds {shown} " in content
    assert "2 more reps" not in content

    start = Decimal("200")  # on both units' plate grid
    at_top = progression.Exposure(
        sets=tuple(
            progression.LoggedSet(reps=12, load_kg=unit_to_kg(start, unit)) for _ in range(3)
        )
    )
    target = progression.Target(
        measure=progression.Measure.LOAD,
        sets=3,
        reps_low=8,
        reps_high=12,
        increment_kg=exercise.load_increment_kg,
        equipment=exercise.equipment,
    )
    once = progression.suggest(target, [at_top], unit=unit)
    twice = progression.suggest(target, [at_top, at_top], unit=unit)
    assert once.change == progression.Change.SAME
    assert twice.change == progression.Change.INCREASE
    gained = kg_to_unit(twice.load_kg or Decimal(0), unit) - start
    assert f"{gained.normalize():f} {unit}" == shown
