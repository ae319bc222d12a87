"""Bringing a Strong history: upload, change one mapping, watch the import, see the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from apps.imports import tasks
from apps.imports.models import Import
from apps.programs.models import Exercise
from apps.workouts.models import SessionExercise
from tests.browser import assert_no_horizontal_scroll, log_in
from tests.factories import DEFAULT_PASSWORD, ExerciseFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRONG_FILE = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    "2024-01-15 18:05:12,Evening A,50m,Bench Press (Barbell),W,20,10,0,0,,,\n"
    "2024-01-15 18:05:12,Evening A,50m,Bench Press (Barbell),1,40,8,0,0,,,\n"
    "2024-01-15 18:05:12,Evening A,50m,Lat Pulldown (Cable),1,50,10,0,0,,,\n"
    "2024-01-18 18:00:00,Evening B,45m,Bench Press (Barbell),1,45,8,0,0,,,\n"
    "2024-01-18 18:00:00,Evening B,45m,Lat Pulldown (Cable),1,50,10,0,0,,,\n"
)


def library(slug: str, name: str) -> Exercise:
    """The library exercise (a transactional test may have flushed the shipped library)."""
    return Exercise.objects.filter(slug=slug).first() or ExerciseFactory(slug=slug, name=name)


def test_upload_a_strong_file_change_a_mapping_and_see_history_and_a_best(
    page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = UserFactory()
    bench = library("barbell-bench-press", "Barbell bench press")
    library("lat-pulldown", "Lat pulldown")
    row = library("seated-row-machine", "Seated row (machine)")
    queued: list[int] = []
    # The broker is not under test here: the test runs the task itself, mid-poll.
    monkeypatch.setattr(tasks.run_import, "delay_on_commit", queued.append)
    monkeypatch.setattr(tasks.undo_import, "delay_on_commit", queued.append)
    export = tmp_path / "strong.csv"
    export.write_text(STRONG_FILE)
    log_in(page, user.email, DEFAULT_PASSWORD)

    page.goto("/workouts/history/")
    page.get_by_role("link", name="Import from another app").click()
    page.get_by_label("Export file").set_input_files(str(export))
    page.get_by_role("button", name="Check the file").click()

    page.get_by_role("heading", name="Check your import").wait_for()
    assert_no_horizontal_scroll(page)
    page.get_by_text("Strong").first.wait_for()
    assert page.get_by_label("Bench Press (Barbell)").input_value() == str(bench.pk)
    page.get_by_label("Lat Pulldown (Cable)").select_option(label="Seated row (machine)")
    page.get_by_role("button", name="Import", exact=True).click()

    page.get_by_text("Importing…").wait_for()
    assert queued == [Import.objects.get(user=user).pk]
    tasks.run_import(queued[0])
    # The HTMX poll picks up the finished import without a reload.
    page.get_by_text("Done: 2 sessions and 5 sets added").wait_for()
    assert page.locator("#import-bar").get_attribute("value") == "100"
    assert SessionExercise.objects.filter(session__user=user, exercise=row).count() == 2

    page.get_by_role("link", name="See your history").click()
    page.get_by_text("Evening B").first.wait_for()
    page.get_by_text("Evening A").first.wait_for()
    page.goto(f"/workouts/progress/{bench.slug}/")
    page.get_by_text("New best: 45 kg × 8").first.wait_for()
    assert_no_horizontal_scroll(page)

    # Keyboard only: the undo button on the imports page is reachable and works.
    page.goto("/imports/")
    undo = page.get_by_role("button", name="Remove what this import added")
    undo.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Removing what this import added…").wait_for()
    tasks.undo_import(queued[-1])
    page.get_by_text("Removed: the 5 sets and 2 sessions this import added are gone.").wait_for()
    assert not SessionExercise.objects.filter(session__user=user).exists()


OWN_FILE = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE\n"
    "2024-02-05 18:00:00,Garage day,40m,Zercher Carry Thing,1,60,10,0,0,,,\n"
    "2024-02-05 18:00:00,Garage day,40m,Zercher Carry Thing,2,65,8,0,0,,,\n"
)


def test_an_unknown_name_becomes_my_own_exercise_and_shows_in_history(
    page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = UserFactory()
    library("leg-press", "Leg press")
    queued: list[int] = []
    monkeypatch.setattr(tasks.run_import, "delay_on_commit", queued.append)
    export = tmp_path / "strong.csv"
    export.write_text(OWN_FILE)
    log_in(page, user.email, DEFAULT_PASSWORD)

    page.goto("/imports/")
    page.get_by_label("Export file").set_input_files(str(export))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check your import").wait_for()
    page.get_by_text("no match found").wait_for()
    page.get_by_label("Zercher Carry Thing").select_option(label="Create as my own exercise")
    row = page.locator(".mapping-row", has=page.get_by_label("Zercher Carry Thing"))
    row.get_by_text("Your own exercise for").click()  # opens the details
    row.get_by_label("Name of your exercise").fill("Zercher carry")
    assert row.get_by_label("It measures").input_value() == "load"  # guessed from the file
    assert row.get_by_label("Equipment").input_value() == "other"
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Import", exact=True).click()

    page.get_by_text("Importing…").wait_for()
    assert not Exercise.objects.filter(owner=user).exists()  # made by the run, not before
    tasks.run_import(queued[0])
    page.get_by_text("Done: 1 session and 2 sets added").wait_for()
    own = Exercise.objects.get(owner=user)
    assert own.name == "Zercher carry"

    page.get_by_role("link", name="See your history").click()
    page.get_by_text("Garage day").first.wait_for()
    page.get_by_label("Show sessions with").select_option(label="Zercher carry")
    page.get_by_text("Garage day").first.wait_for()
    page.goto(f"/workouts/progress/{own.slug}/")
    page.get_by_role("heading", name="Zercher carry").first.wait_for()
    page.get_by_text("65 kg × 8").first.wait_for()
