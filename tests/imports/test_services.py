"""Importing: mapping, units, set types, idempotency, undo, failures, the round trip."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.imports import services
from apps.imports.models import ExerciseChoice, Import, ImportedSet
from apps.imports.tasks import run_import, undo_import
from apps.programs.models import Exercise
from apps.workouts import selectors as workout_selectors
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession
from tests.factories import UserFactory
from tests.workouts import reference

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def library(slug: str) -> Exercise:
    return Exercise.objects.get(slug=slug)


def upload(user: User, name: str, unit: str = "kg") -> Import:
    return services.import_upload(
        user=user, data=(FIXTURES / name).read_bytes(), filename=name, unit=unit
    )


def run(user: User, name: str, mapping: dict[str, Any] | None = None, unit: str = "kg") -> Import:
    """Upload, confirm the proposed mapping (with ``mapping`` changes) and run the task."""
    pending = upload(user, name, unit)
    proposals = services.proposals_for(user, services.parsed_file(pending))
    chosen = {name: p.exercise_id for name, p in proposals.items()} | (mapping or {})
    assert services.import_confirm(import_run=pending, mapping=chosen)
    assert run_import(pending.pk) == "done"
    return Import.objects.get(pk=pending.pk)


def test_a_strong_import_creates_finished_sessions_with_kinds_units_and_notes() -> None:
    user = UserFactory()
    done = run(user, "strong_comma.csv", unit="lb")
    assert (done.state, done.sessions_added, done.sets_added, done.percent) == ("done", 2, 8, 100)
    evening = WorkoutSession.objects.get(user=user, name="Evening A")
    assert evening.finished_at is not None
    assert evening.duration_min == 50
    assert evening.notes == "Gym was busy, short rest"
    bench = SetLog.objects.filter(
        session_exercise__session=evening,
        session_exercise__exercise=library("barbell-bench-press"),
    ).order_by("logged_at")
    assert [s.kind for s in bench] == ["warmup", "warmup", "normal", "normal", "drop"]
    assert bench[2].load_kg == Decimal("18.14")  # 40 lb
    assert bench[2].rpe == Decimal("8.0")
    assert ImportedSet.objects.get(set_log=bench[2]).notes == "Paused reps, slow\ndown"
    assert not done.content  # the file is not kept once imported


def test_importing_the_same_file_twice_adds_nothing() -> None:
    user = UserFactory()
    run(user, "hevy_kg.csv")
    sets_before = SetLog.objects.filter(user=user).count()
    again = run(user, "hevy_kg.csv")
    assert (again.sets_added, again.sessions_added, again.sets_already_there) == (0, 0, 6)
    assert SetLog.objects.filter(user=user).count() == sets_before
    assert WorkoutSession.objects.filter(user=user).count() == 1


def test_a_doubled_task_message_runs_once() -> None:
    user = UserFactory()
    done = run(user, "hevy_lbs.csv")
    assert run_import(done.pk) == "claimed elsewhere"
    assert SetLog.objects.filter(user=user).count() == 2


def test_a_changed_mapping_is_used_and_remembered_and_left_out_names_add_nothing() -> None:
    user = UserFactory()
    run(
        user,
        "hevy_kg.csv",
        {"Seated Row (Cable)": library("seated-row-machine").pk, "Plank": None},
    )
    exercises = set(
        SessionExercise.objects.filter(session__user=user).values_list("exercise__slug", flat=True)
    )
    assert "seated-row-machine" in exercises
    assert "forearm-plank" not in exercises
    choice = ExerciseChoice.objects.get(user=user, source_name="seated row cable")
    assert choice.exercise == library("seated-row-machine")
    later = upload(user, "hevy_kg.csv")
    proposals = services.proposals_for(user, services.parsed_file(later))
    assert proposals["Seated Row (Cable)"].exercise_id == library("seated-row-machine").pk
    assert proposals["Plank"].exercise_id is None


def test_undo_removes_exactly_what_one_import_added() -> None:
    user = UserFactory()
    first = run(user, "strong_semicolon.csv")
    kept = set(SetLog.objects.filter(user=user).values_list("pk", flat=True))
    second = run(user, "strong_comma.csv")
    assert second.sets_added > 0
    assert services.import_undo(import_run=second)
    assert not services.import_undo(import_run=second)  # one step, once
    assert undo_import(second.pk) == "undone"
    assert undo_import(second.pk) == "nothing to undo"  # a doubled message
    assert set(SetLog.objects.filter(user=user).values_list("pk", flat=True)) == kept
    assert WorkoutSession.objects.filter(user=user).count() == first.sessions_added
    assert Import.objects.get(pk=second.pk).state == "undone"
    # After an undo the same file can come back in full.
    assert run(user, "strong_comma.csv").sets_added == second.sets_added


def test_a_failing_run_keeps_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    user = UserFactory()
    pending = upload(user, "strong_comma.csv")
    proposals = services.proposals_for(user, services.parsed_file(pending))
    services.import_confirm(
        import_run=pending, mapping={n: p.exercise_id for n, p in proposals.items()}
    )
    monkeypatch.setattr(services, "SESSIONS_PER_BATCH", 1)
    real = services._write_batch
    calls: list[int] = []

    def second_batch_breaks(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_write_batch", second_batch_breaks)
    assert run_import(pending.pk) == "failed"
    assert len(calls) == 2
    assert not SetLog.objects.filter(user=user).exists()
    assert not WorkoutSession.objects.filter(user=user).exists()
    assert "Nothing from this file was kept" in Import.objects.get(pk=pending.pk).problem


def test_a_broken_file_writes_nothing_and_names_the_row(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    with (FIXTURES / "strong_bad_weight.csv").open("rb") as handle:
        response = client.post(reverse("imports:start"), {"file": handle, "unit": "kg"})
    assert response.status_code == 400
    assert "Row 3: the weight “abc” is not a number." in response.content.decode()
    assert not Import.objects.filter(user=user).exists()
    assert not WorkoutSession.objects.filter(user=user).exists()


def test_warm_ups_never_count_for_progress_records_or_progression() -> None:
    user = UserFactory()
    run(user, "strong_comma.csv")
    bench = library("barbell-bench-press")
    dated = reference.dated_sets(user, bench)
    assert len(dated) == 3  # two working sets and the drop set, not the two warm-ups
    best = next(b for b in workout_selectors.personal_bests(user) if b.exercise_id == bench.pk)
    assert best.heaviest_kg == Decimal("42.50")
    exposures = workout_selectors.recent_exposures(user, [bench.pk])
    assert len(exposures[bench.pk][0].sets) == 3


def test_a_warm_up_heavier_than_every_working_set_is_not_a_best() -> None:
    user = UserFactory()
    data = (
        b"title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
        b"set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe\n"
        b"A,2024-01-01 10:00,2024-01-01 11:00,,Leg Press,,,0,normal,100,10,,,\n"
        b"B,2024-01-03 10:00,2024-01-03 11:00,,Leg Press,,,0,warmup,150,10,,,\n"
        b"B,2024-01-03 10:00,2024-01-03 11:00,,Leg Press,,,1,normal,90,10,,,\n"
    )
    pending = services.import_upload(user=user, data=data, filename="a.csv", unit="kg")
    services.import_confirm(import_run=pending, mapping={"Leg Press": library("leg-press").pk})
    run_import(pending.pk)
    sets = reference.dated_sets(user, library("leg-press"))
    assert [s.load_kg for s in sets] == [Decimal("100.00"), Decimal("90.00")]
    later = WorkoutSession.objects.get(user=user, name="B")
    rows = list(workout_selectors.session_with_sets(user, later.pk).get().exercises.all())
    bests = workout_selectors.bests_before(user, later)
    assert bests[library("leg-press").pk].heaviest_kg == Decimal("100.00")
    assert workout_selectors.record_set_ids(rows, bests) == set()


def test_steady_export_round_trip_is_lossless_for_sets(client: Client) -> None:
    owner = UserFactory()
    run(owner, "hevy_kg.csv")
    client.force_login(owner)
    exported = b"".join(client.get(reverse("workouts:export_csv")).streaming_content)
    newcomer = UserFactory()
    pending = services.import_upload(user=newcomer, data=exported, filename="steady.csv", unit="kg")
    proposals = services.proposals_for(newcomer, services.parsed_file(pending))
    assert all(p.exercise_id for p in proposals.values())  # by slug, exactly
    services.import_confirm(
        import_run=pending, mapping={n: p.exercise_id for n, p in proposals.items()}
    )
    run_import(pending.pk)

    def sets_of(user: User) -> list[tuple[Any, ...]]:
        return sorted(
            (
                s.session_exercise.session.date,
                s.session_exercise.session.name,
                s.session_exercise.session.started_at,
                s.session_exercise.exercise.slug,
                s.set_number,
                s.kind,
                s.reps,
                s.load_kg,
                s.seconds,
                s.rpe,
                s.logged_at,
            )
            for s in workout_selectors.export_rows(user)
        )

    assert sets_of(newcomer) == sets_of(owner)
    # And back into the account it came from: every set is already there.
    again = services.import_upload(user=owner, data=exported, filename="steady.csv", unit="kg")
    services.import_confirm(
        import_run=again, mapping={n: p.exercise_id for n, p in proposals.items()}
    )
    run_import(again.pk)
    assert Import.objects.get(pk=again.pk).sets_added == 0
    assert next(csv.reader(io.StringIO(exported.decode())))[0] == "session_date"


def test_insights_say_that_imported_sessions_have_no_check_ins(client: Client) -> None:
    user = UserFactory()
    run(user, "strong_comma.csv")
    client.force_login(user)
    page = client.get(reverse("journal:insights")).content.decode()
    assert "2 of your sessions have no check-ins, for example sessions imported" in page
