"""Names that match nothing can become the person's own exercise: made when the import runs,
remembered, seen only by them, and removed with a failed or undone import."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from apps.accounts.models import User
from apps.imports import parsing, services
from apps.imports.models import ExerciseChoice, Import
from apps.imports.services import NewExercise
from apps.imports.tasks import run_import, undo_import
from apps.programs.models import Equipment, Exercise, Measure
from apps.programs.services import own_exercise_get_or_create
from apps.reminders.models import Delivery
from apps.reminders.services import checkin_prompts_dispatch
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession
from tests.factories import UserFactory, WorkoutSessionFactory, program_with, reminder_user

pytestmark = pytest.mark.django_db

HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
)
STRONG = (
    HEADER + "2024-01-15 18:05:12,Evening A,50m,Bench Press (Barbell),1,40,8,0,0,,,\n"
    "2024-01-15 18:05:12,Evening A,50m,Zercher Carry Thing,1,60,10,0,0,,,\n"
    "2024-01-15 18:05:12,Evening A,50m,Zercher Carry Thing,2,62.5,8,0,0,,,\n"
    "2024-01-15 18:05:12,Evening A,50m,Dead Hang,1,,,0,45,,,\n"
    "2024-01-18 18:00:00,Evening B,45m,Zercher Carry Thing,1,65,8,0,0,,,\n"
).encode()


def preview(user: User, data: bytes = STRONG) -> Import:
    return services.import_upload(user=user, data=data, filename="strong.csv", unit="kg")


def names_in(page: Import) -> list[str]:
    return [name for name, _ in services.parsed_file(page).sets_per_exercise()]


def post_mapping(client: Client, page: Import, **choices: Any) -> Any:
    """Post the preview form: ``choices`` maps a name's index field suffix to a value."""
    data = {f"map_{i}": "" for i, _ in enumerate(names_in(page))}
    data |= {key: str(value) for key, value in choices.items()}
    return client.post(reverse("imports:import", args=[page.pk]), data)


def index_of(page: Import, name: str) -> int:
    return names_in(page).index(name)


def test_the_measure_is_guessed_from_the_sets_in_the_file() -> None:
    parsed = parsing.parse_file(STRONG)
    measures = services.measures_in_file(parsed)
    assert measures["Zercher Carry Thing"] == Measure.LOAD
    assert measures["Dead Hang"] == Measure.TIMED
    bodyweight = parsing.parse_file(
        (HEADER + "2024-01-15 18:05:12,A,50m,Ring Rows,1,,12,0,0,,,\n").encode()
    )
    assert services.measures_in_file(bodyweight)["Ring Rows"] == Measure.BODYWEIGHT


def test_the_preview_offers_to_create_an_unmatched_name_with_the_guessed_measure(
    client: Client,
) -> None:
    user = UserFactory()
    client.force_login(user)
    page = preview(user)
    html = client.get(reverse("imports:import", args=[page.pk])).content.decode()
    assert "Create as my own exercise" in html
    hang = index_of(page, "Dead Hang")
    assert '<option value="timed" selected>' in html.split(f'id="id_new_measure_{hang}"')[1]


def test_nothing_is_created_until_the_import_runs_then_it_is_used_and_remembered(
    client: Client,
) -> None:
    user = UserFactory()
    client.force_login(user)
    page = preview(user)
    carry = index_of(page, "Zercher Carry Thing")
    response = post_mapping(
        client,
        page,
        **{
            f"map_{index_of(page, 'Bench Press (Barbell)')}": Exercise.objects.get(
                slug="barbell-bench-press"
            ).pk,
            f"map_{carry}": "new",
            f"new_name_{carry}": "  Zercher   carry ",
            f"new_measure_{carry}": "load",
            f"new_equipment_{carry}": "barbell",
        },
    )
    assert response.status_code == 302
    assert not Exercise.objects.filter(owner=user).exists()  # confirmed, not yet run

    assert run_import(page.pk) == "done"
    own = Exercise.objects.get(owner=user)
    assert (own.name, own.measure, own.equipment) == ("Zercher carry", "load", "barbell")
    assert SetLog.objects.filter(user=user, session_exercise__exercise=own).count() == 3
    assert Import.objects.get(pk=page.pk).created_exercises == [own.pk]
    choice = ExerciseChoice.objects.get(user=user, source_name="zercher carry thing")
    assert choice.exercise == own

    # The next import proposes it, listed among the person's own exercises.
    later = preview(user)
    proposals = services.proposals_for(user, services.parsed_file(later))
    assert proposals["Zercher Carry Thing"].exercise_id == own.pk
    html = client.get(reverse("imports:import", args=[later.pk])).content.decode()
    assert '<optgroup label="Your own exercises">' in html
    # And it is in history and progress like any exercise.
    assert client.get(reverse("workouts:exercise_progress", args=[own.slug])).status_code == 200
    history = client.get(reverse("workouts:history") + f"?exercise={own.pk}")
    assert history.status_code == 200
    assert "Evening B" in history.content.decode()


def test_a_name_of_a_library_exercise_is_refused_with_the_exercise_to_choose(
    client: Client,
) -> None:
    user = UserFactory()
    own_exercise_get_or_create(user=user, name="My carry", measure="load")
    client.force_login(user)
    page = preview(user)
    carry = index_of(page, "Zercher Carry Thing")
    hang = index_of(page, "Dead Hang")
    response = post_mapping(
        client,
        page,
        **{
            f"map_{carry}": "new",
            f"new_name_{carry}": "leg-press",
            f"map_{hang}": "new",
            f"new_name_{hang}": "MY CARRY",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Steady already has “Leg press”: choose it from the list above instead" in html
    assert "You already have your own “My carry”: choose it from the list above" in html
    assert Import.objects.get(pk=page.pk).state == Import.State.PREVIEW
    assert 'value="MY CARRY"' in html  # nothing typed is lost


def test_two_names_creating_the_same_exercise_make_one() -> None:
    user = UserFactory()
    page = preview(user)
    assert services.import_confirm(
        import_run=page,
        mapping={
            "Bench Press (Barbell)": None,
            "Zercher Carry Thing": NewExercise("Carry", Measure.LOAD),
            "Dead Hang": NewExercise("carry", Measure.TIMED),
        },
    )
    run_import(page.pk)
    [own] = Exercise.objects.filter(owner=user)
    assert own.equipment == Equipment.OTHER  # neutral: nothing assumes plates
    assert SessionExercise.objects.filter(exercise=own).count() == 2


def test_a_failed_import_leaves_no_own_exercise(monkeypatch: pytest.MonkeyPatch) -> None:
    user = UserFactory()
    page = preview(user)
    services.import_confirm(
        import_run=page,
        mapping={
            "Bench Press (Barbell)": None,
            "Zercher Carry Thing": NewExercise("Zercher carry", Measure.LOAD),
            "Dead Hang": None,
        },
    )

    def breaks(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_write_batch", breaks)
    assert run_import(page.pk) == "failed"
    assert not Exercise.objects.filter(owner=user).exists()
    assert not ExerciseChoice.objects.filter(user=user, exercise__isnull=False).exists()


def test_undo_removes_an_own_exercise_only_when_nothing_else_uses_it() -> None:
    user = UserFactory()

    def imported() -> Import:
        page = preview(user)
        services.import_confirm(
            import_run=page,
            mapping={
                "Bench Press (Barbell)": None,
                "Zercher Carry Thing": NewExercise("Zercher carry", Measure.LOAD),
                "Dead Hang": None,
            },
        )
        run_import(page.pk)
        return Import.objects.get(pk=page.pk)

    first = imported()
    services.import_undo(import_run=first)
    undo_import(first.pk)
    assert not Exercise.objects.filter(owner=user).exists()

    second = imported()
    own = Exercise.objects.get(owner=user)
    # Logged by hand afterwards: the exercise is the person's now, whatever the import.
    session = WorkoutSession.objects.create(
        user=user, name="Today", date=dt.date(2026, 1, 1), started_at=timezone.now()
    )
    SessionExercise.objects.create(session=session, exercise=own, order=1)
    services.import_undo(import_run=second)
    undo_import(second.pk)
    assert Exercise.objects.filter(owner=user).get() == own
    assert not SetLog.objects.filter(user=user).exists()


def test_another_person_never_sees_or_uses_an_own_exercise(client: Client) -> None:
    owner, stranger = UserFactory(), UserFactory()
    own, _ = own_exercise_get_or_create(user=owner, name="Zercher carry", measure="load")
    client.force_login(stranger)

    search = client.get(reverse("programs:exercises") + "?q=zercher").content.decode()
    assert "Zercher carry" not in search
    assert client.get(reverse("programs:exercise", args=[own.slug])).status_code == 404
    assert client.get(reverse("workouts:exercise_progress", args=[own.slug])).status_code == 404
    # The matching of the stranger's own file never proposes it.
    page = preview(stranger)
    proposals = services.proposals_for(stranger, services.parsed_file(page))
    assert all(p.exercise_id != own.pk for p in proposals.values())
    html = client.get(reverse("imports:import", args=[page.pk])).content.decode()
    assert f'value="{own.pk}"' not in html
    # Nor can it be posted as a choice.
    response = post_mapping(client, page, map_0=own.pk)
    assert response.status_code == 200
    assert Import.objects.get(pk=page.pk).state == Import.State.PREVIEW

    # The owner finds it in the search, and on its page.
    client.force_login(owner)
    assert (
        "Zercher carry" in client.get(reverse("programs:exercises") + "?q=zercher").content.decode()
    )
    assert client.get(reverse("programs:exercise", args=[own.slug])).status_code == 200


def test_adding_or_swapping_to_another_persons_exercise_is_refused(client: Client) -> None:
    owner, stranger = UserFactory(), UserFactory()
    own, _ = own_exercise_get_or_create(user=owner, name="Zercher carry", measure="load")
    mine, _ = own_exercise_get_or_create(user=stranger, name="My curl", measure="load")
    session = WorkoutSession.objects.create(
        user=stranger, name="Today", date=dt.date(2026, 1, 1), started_at=timezone.now()
    )
    row = SessionExercise.objects.create(
        session=session, exercise=Exercise.objects.get(slug="leg-press"), order=1
    )
    client.force_login(stranger)
    add_url = reverse("workouts:exercise_add", args=[session.pk])
    page = client.get(add_url).content.decode()
    assert "My curl" in page
    assert "Zercher carry" not in page
    data = {"sets": "2", "reps_low": "8", "reps_high": "12"}
    assert client.post(add_url, {**data, "exercise": own.pk}).status_code == 200
    assert not SessionExercise.objects.filter(exercise=own).exists()
    assert client.post(add_url, {**data, "exercise": mine.pk}).status_code == 302
    assert SessionExercise.objects.filter(session=session, exercise=mine).exists()

    swap_url = reverse("workouts:exercise_swap", args=[row.pk])
    swap_page = client.get(swap_url).content.decode()
    assert "Zercher carry" not in swap_page
    assert client.post(swap_url, {"exercise": own.pk}).status_code == 200
    assert not SessionExercise.objects.filter(exercise=own).exists()


def test_a_recent_imported_session_gets_no_check_in_prompt(
    time_machine: TimeMachineFixture,
) -> None:
    """The known issue: a session imported from the last hours' log once prompted an email
    asking how it felt. A session logged in Steady at the same time still gets one."""
    time_machine.move_to(dt.datetime(2026, 5, 4, 19, 30, tzinfo=dt.UTC), tick=False)
    user = reminder_user("Europe/London")
    data = (HEADER + "2026-05-04 16:00:00,Evening A,50m,Leg Press,1,100,10,0,0,,,\n").encode()
    page = services.import_upload(user=user, data=data, filename="s.csv", unit="kg")
    services.import_confirm(
        import_run=page, mapping={"Leg Press": Exercise.objects.get(slug="leg-press").pk}
    )
    run_import(page.pk)
    imported = WorkoutSession.objects.get(user=user)
    assert imported.is_imported
    assert imported.finished_at == dt.datetime(2026, 5, 4, 15, 50, tzinfo=dt.UTC)
    assert checkin_prompts_dispatch() == 0
    assert not Delivery.objects.filter(user=user).exists()

    WorkoutSessionFactory(
        user=reminder_user("Europe/London"),
        started_at=imported.started_at,
        finished_at=imported.finished_at,
    )
    assert checkin_prompts_dispatch() == 1


def test_steady_s_own_export_maps_an_own_exercise_back_by_slug_for_its_owner_only(
    client: Client,
) -> None:
    owner, newcomer = UserFactory(), UserFactory()
    page = preview(owner)
    services.import_confirm(
        import_run=page,
        mapping={
            "Bench Press (Barbell)": None,
            "Zercher Carry Thing": NewExercise("Zercher carry", Measure.LOAD),
            "Dead Hang": None,
        },
    )
    run_import(page.pk)
    own = Exercise.objects.get(owner=owner)
    client.force_login(owner)
    exported = b"".join(client.get(reverse("workouts:export_csv")).streaming_content)

    again = services.import_upload(user=owner, data=exported, filename="s.csv", unit="kg")
    assert (
        services.proposals_for(owner, services.parsed_file(again))["Zercher carry"].exercise_id
        == own.pk
    )
    elsewhere = services.import_upload(user=newcomer, data=exported, filename="s.csv", unit="kg")
    assert (
        services.proposals_for(newcomer, services.parsed_file(elsewhere))[
            "Zercher carry"
        ].exercise_id
        is None
    )


def test_the_program_builder_offers_my_own_exercise_and_refuses_another_persons(
    client: Client,
) -> None:
    owner, stranger = UserFactory(), UserFactory()
    mine, _ = own_exercise_get_or_create(user=owner, name="Zercher carry", measure="load")
    theirs, _ = own_exercise_get_or_create(user=stranger, name="Ring muscle-up", measure="load")
    program = program_with(owner=owner, days=1, exercises_per_day=2)
    day = program.days.get()
    client.force_login(owner)
    page = client.get(reverse("programs:edit", args=[program.pk])).content.decode()
    assert "Zercher carry" in page
    assert "Ring muscle-up" not in page
    add = reverse("programs:rx_add", args=[day.pk])
    client.post(add, {"exercise": theirs.pk, "sets": 2})
    assert not day.prescriptions.filter(exercise=theirs).exists()
    assert client.post(add, {"exercise": mine.pk, "sets": 2}).status_code == 302
    assert day.prescriptions.filter(exercise=mine).exists()
