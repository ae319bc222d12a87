"""Custom copies edited inline with HTMX (and without JavaScript), and exercise swaps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from apps.programs import selectors
from apps.programs.models import Enrollment, ExerciseSwap, Prescription, Program
from tests.factories import EnrollmentFactory, program_with, shipped_program
from tests.html_checks import assert_valid_html

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def first_rx(program: Program) -> Prescription:
    rx = Prescription.objects.filter(day__program=program).order_by("day__order", "order").first()
    assert rx is not None
    return rx


def test_copy_a_template_and_land_on_the_editor(owner: User) -> None:
    client = login(owner)
    template = shipped_program("home-dumbbells-bands")
    response = client.post(reverse("programs:copy", args=[template.pk]))
    copy = Program.objects.get(owner=owner)
    assert response["Location"] == reverse("programs:edit", args=[copy.pk])
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "Edit your version" in content
    assert "Goblet squat" in content
    assert_valid_html(page)


def test_copy_and_follow_from_my_program_keeps_the_schedule(owner: User) -> None:
    template = shipped_program("machine-foundation")
    EnrollmentFactory(user=owner, program=template, training_today=True)
    before = selectors.planned_session_for(owner, owner.local_today())
    client = login(owner)
    client.post(reverse("programs:copy", args=[template.pk]), {"adopt": "1"})
    enrollment = Enrollment.objects.get(user=owner)
    assert enrollment.program.owner == owner
    after = selectors.planned_session_for(owner, owner.local_today())
    assert before
    assert after
    assert (before.name, before.day) == (after.name, after.day)


def test_inline_edit_with_htmx_returns_the_day_card(
    owner: User, htmx_headers: dict[str, str]
) -> None:
    program = program_with(owner=owner, days=2, exercises_per_day=3)
    rx = first_rx(program)
    client = login(owner)
    url = reverse("programs:rx_edit", args=[rx.pk])
    form = client.get(url, **htmx_headers)
    content = form.content.decode()
    assert "<html" not in content
    assert f'id="day-{rx.day_id}"' in content
    assert 'name="sets"' in content
    assert 'hx-post="' + url + '"' in content
    assert_valid_html(form, fragment=True)
    saved = client.post(
        url,
        {"sets": 2, "reps_low": 10, "reps_high": 15, "rest_seconds": 60, "notes": "Slow down"},
        **htmx_headers,
    )
    assert "2 sets × 10–15 reps" in saved.content.decode()
    assert 'id="id_sets"' not in saved.content.decode()
    rx.refresh_from_db()
    assert (rx.sets, rx.reps_low, rx.reps_high, rx.rest_seconds, rx.notes) == (
        2,
        10,
        15,
        60,
        "Slow down",
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"sets": 0, "reps_low": 8, "reps_high": 12, "rest_seconds": 90}, "sets", "greater"),
        (
            {"sets": 3, "reps_low": 12, "reps_high": 8, "rest_seconds": 90},
            "reps_high",
            "be below the lower end",
        ),
        (
            {"sets": "three", "reps_low": 8, "reps_high": 12, "rest_seconds": 90},
            "sets",
            "whole number",
        ),
        ({"sets": 3, "rest_seconds": 90}, "reps_low", "Give a rep range"),
        (
            {"sets": 3, "reps_low": 8, "reps_high": 12, "rest_seconds": 5000},
            "rest_seconds",
            "10 minutes",
        ),
    ],
)
def test_bad_edits_keep_the_values_and_save_nothing(
    owner: User, htmx_headers: dict[str, str], data: dict[str, object], field: str, message: str
) -> None:
    program = program_with(owner=owner, days=1, exercises_per_day=2)
    rx = first_rx(program)
    before = (rx.sets, rx.reps_low, rx.reps_high, rx.rest_seconds)
    response = login(owner).post(reverse("programs:rx_edit", args=[rx.pk]), data, **htmx_headers)
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert f'name="{field}"' in content
    for value in data.values():
        assert f'value="{value}"' in content
    rx.refresh_from_db()
    assert (rx.sets, rx.reps_low, rx.reps_high, rx.rest_seconds) == before


def test_editing_works_without_javascript(owner: User) -> None:
    program = program_with(owner=owner, days=1, exercises_per_day=2)
    rx = first_rx(program)
    client = login(owner)
    page = client.get(reverse("programs:rx_edit", args=[rx.pk]))
    assert "<html" in page.content.decode()
    assert 'name="sets"' in page.content.decode()
    assert_valid_html(page)
    response = client.post(
        reverse("programs:rx_edit", args=[rx.pk]),
        {"sets": 1, "seconds": 45, "rest_seconds": 30},
    )
    assert response.status_code == 302
    rx.refresh_from_db()
    assert (rx.sets, rx.reps_low, rx.seconds) == (1, None, 45)


def test_add_move_and_remove_exercises(owner: User, htmx_headers: dict[str, str]) -> None:
    program = program_with(owner=owner, days=1, exercises_per_day=2)
    day = program.days.get()
    client = login(owner)
    plank = shipped_program("machine-foundation").days.get(order=3).prescriptions.get(order=6)
    added = client.post(
        reverse("programs:rx_add", args=[day.pk]),
        {"exercise": plank.exercise_id, "sets": 2},
        **htmx_headers,
    )
    assert "Forearm plank" in added.content.decode()
    assert "2 sets, hold 30 seconds each" in added.content.decode()
    new = day.prescriptions.get(exercise_id=plank.exercise_id)
    assert new.order == 3
    client.post(reverse("programs:rx_move", args=[new.pk]), {"direction": "up"}, **htmx_headers)
    assert list(day.prescriptions.order_by("order").values_list("pk", flat=True))[1] == new.pk
    client.post(reverse("programs:rx_delete", args=[new.pk]), **htmx_headers)
    assert not day.prescriptions.filter(pk=new.pk).exists()
    refused = client.post(reverse("programs:rx_add", args=[day.pk]), {"sets": 2}, **htmx_headers)
    assert "Choose an exercise to add." in refused.content.decode()
    assert day.prescriptions.count() == 2


def test_a_stranger_cannot_edit_my_copy(owner: User, stranger: User) -> None:
    program = program_with(owner=owner, days=1, exercises_per_day=2)
    rx = first_rx(program)
    client = login(stranger)
    for name, args in [
        ("programs:edit", [program.pk]),
        ("programs:rx_edit", [rx.pk]),
        ("programs:rx_delete", [rx.pk]),
        ("programs:rx_move", [rx.pk]),
        ("programs:rx_add", [rx.day_id]),
        ("programs:delete", [program.pk]),
    ]:
        assert client.post(reverse(name, args=args), {"sets": 1}).status_code == 404, name
    rx.refresh_from_db()
    assert rx.sets == 3
    assert Program.objects.filter(pk=program.pk).exists()


def test_editor_runs_constant_queries(owner: User) -> None:
    small = program_with(owner=owner, days=1, exercises_per_day=1, weeks=2)
    large = program_with(owner=owner, days=6, exercises_per_day=14, weeks=40)
    client = login(owner)
    counts = []
    for program in (small, large):
        url = reverse("programs:edit", args=[program.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- Swaps -----------------------------------------------------------------------------------


def test_swap_for_one_session(owner: User) -> None:
    program = shipped_program("machine-foundation")
    EnrollmentFactory(user=owner, program=program, training_today=True)
    rx = first_rx(program)
    today = owner.local_today()
    client = login(owner)
    url = reverse("programs:swap", args=[rx.pk]) + f"?day={today.isoformat()}"
    page = client.get(url)
    content = page.content.decode()
    assert "Swap Leg press" in content
    assert "Easier" in content
    assert "Sit to stand (chair squat)" in content
    assert "Harder" in content
    assert "Other equipment" in content
    assert content.count('value="')
    assert content.count("Goblet squat") == 1
    assert_valid_html(page)
    goblet = rx.exercise.alternative_links.get(alternative__slug="goblet-squat").alternative
    response = client.post(
        reverse("programs:swap", args=[rx.pk]),
        {"replacement": goblet.pk, "scope": "once", "day": today.isoformat()},
        follow=True,
    )
    assert "Swapped: Goblet squat instead of Leg press today." in response.content.decode()
    assert "instead of Leg press" in response.content.decode()
    later = selectors.planned_sessions_between(
        owner, today + dt.timedelta(days=1), today + dt.timedelta(days=30)
    )
    same_day_type = next(p for p in later if p.workout_day_id == rx.day_id)
    assert selectors.effective_prescriptions(same_day_type)[0].exercise_id == rx.exercise_id


def test_swap_for_the_rest_of_the_program_and_undo(owner: User) -> None:
    program = shipped_program("machine-foundation")
    enrollment = EnrollmentFactory(user=owner, program=program, training_today=True)
    rx = first_rx(program)
    today = owner.local_today()
    client = login(owner)
    sit = rx.exercise.alternative_links.get(alternative__slug="sit-to-stand").alternative
    client.post(
        reverse("programs:swap", args=[rx.pk]),
        {"replacement": sit.pk, "scope": "onward", "day": today.isoformat()},
    )
    later = selectors.planned_sessions_between(owner, today, today + dt.timedelta(days=40))
    for planned in later:
        if planned.workout_day_id == rx.day_id:
            assert selectors.effective_prescriptions(planned)[0].exercise_id == sit.pk
    swap = ExerciseSwap.objects.get(enrollment=enrollment)
    client.post(reverse("programs:swap_undo", args=[swap.pk]))
    assert not ExerciseSwap.objects.filter(enrollment=enrollment).exists()
    planned = selectors.planned_session_for(owner, today)
    assert planned
    assert selectors.effective_prescriptions(planned)[0].exercise_id == rx.exercise_id


def test_swap_refuses_exercises_that_are_not_alternatives(owner: User) -> None:
    program = shipped_program("machine-foundation")
    EnrollmentFactory(user=owner, program=program, training_today=True)
    rx = first_rx(program)
    unrelated = shipped_program("postpartum-return").days.get(order=1).prescriptions.get(order=2)
    response = login(owner).post(
        reverse("programs:swap", args=[rx.pk]),
        {"replacement": unrelated.exercise_id, "scope": "once", "day": owner.local_today()},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ExerciseSwap.objects.exists()


def test_one_off_swap_needs_a_session_that_day(owner: User) -> None:
    program = shipped_program("machine-foundation")
    today = owner.local_today()
    EnrollmentFactory(
        user=owner, program=program, weekdays=[(today.weekday() + 3) % 7], start_date=today
    )
    rx = first_rx(program)
    sit = rx.exercise.alternative_links.get(alternative__slug="sit-to-stand").alternative
    response = login(owner).post(
        reverse("programs:swap", args=[rx.pk]),
        {"replacement": sit.pk, "scope": "once", "day": today.isoformat()},
    )
    assert "no session with this exercise on that day" in response.content.decode()
    assert not ExerciseSwap.objects.exists()


def test_swap_of_an_exercise_outside_my_program_is_not_found(owner: User) -> None:
    EnrollmentFactory(user=owner, program=shipped_program("machine-foundation"))
    other = first_rx(shipped_program("low-energy-20"))
    assert login(owner).get(reverse("programs:swap", args=[other.pk])).status_code == 404


def test_pair_and_unpair_in_the_builder(owner: User, htmx_headers: dict[str, str]) -> None:
    program = program_with(owner=owner, days=1, exercises_per_day=3)
    day = program.days.get()
    first, second, third = day.prescriptions.order_by("order")
    client = login(owner)
    url = reverse("programs:rx_pair", args=[first.pk])
    response = client.post(url, {"action": "pair"}, **htmx_headers)
    html = response.content.decode()
    assert f"with {second.exercise.name}: one set of each, then rest" in html
    assert html.count("Unpair<") == 2
    groups = dict(day.prescriptions.values_list("pk", "superset_group"))
    assert groups[first.pk] is not None
    assert groups[first.pk] == groups[second.pk]
    assert groups[third.pk] is None
    # The pair's second cannot pair on with the third; without JavaScript it says why.
    refused = client.post(reverse("programs:rx_pair", args=[second.pk]), {"action": "pair"})
    assert refused.status_code == 302
    assert day.prescriptions.get(pk=third.pk).superset_group is None
    # A copy keeps the pair.
    copy = client.post(reverse("programs:copy", args=[program.pk]))
    assert copy.status_code == 302
    copied = Prescription.objects.filter(day__program__owner=owner).exclude(day=day)
    assert copied.filter(superset_group__isnull=False).count() == 2
    # Moving one of the pair apart ends it.
    client.post(reverse("programs:rx_move", args=[second.pk]), {"direction": "down"})
    assert not day.prescriptions.filter(superset_group__isnull=False).exists()
    # Pair again, then unpair; removing one of a pair unpairs the other.
    client.post(url, {"action": "pair"})
    client.post(url, {"action": "unpair"})
    assert not day.prescriptions.filter(superset_group__isnull=False).exists()
    client.post(url, {"action": "pair"})
    partner = day.prescriptions.get(superset_group__isnull=False, order=2)
    client.post(reverse("programs:rx_delete", args=[first.pk]))
    assert day.prescriptions.get(pk=partner.pk).superset_group is None
    page = client.get(reverse("programs:edit", args=[program.pk]))
    assert_valid_html(page)
