"""Load the shipped exercise library and program templates into the database.

Data migrations call ``catalog_sync`` with their historical models, so the library always
exists without anyone loading a fixture. It is idempotent: rows are matched by slug (and
by position inside a program), updated in place and never duplicated, so a later migration
can call it again after the data changes. Prescriptions are updated rather than replaced,
keeping the links that logged sessions and swaps hold to them.

Tests that flush the database (browser tests) call it again through
``tests.factories.ensure_program_catalog``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apps.programs.catalog_exercises import ALTERNATIVES, EXERCISES
from apps.programs.catalog_programs import PROGRAMS, ProgramData

GetModel = Callable[[str], Any]


def _sync_exercises(get_model: GetModel) -> dict[str, Any]:
    exercise_model = get_model("Exercise")
    alternative_model = get_model("ExerciseAlternative")
    by_slug: dict[str, Any] = {}
    for data in EXERCISES:
        values = {key: value for key, value in data.items() if key != "slug"}
        exercise, _ = exercise_model.objects.update_or_create(slug=data["slug"], defaults=values)
        by_slug[data["slug"]] = exercise
    wanted = {
        (slug, alternative, kind)
        for slug, kinds in ALTERNATIVES.items()
        for kind, alternatives in kinds.items()
        for alternative in alternatives
    }
    shipped_ids = [exercise.pk for exercise in by_slug.values()]
    existing = {
        (link.exercise.slug, link.alternative.slug, link.kind): link
        for link in alternative_model.objects.filter(exercise_id__in=shipped_ids).select_related(
            "exercise", "alternative"
        )
    }
    for key, link in existing.items():
        if key not in wanted:
            link.delete()
    alternative_model.objects.bulk_create(
        [
            alternative_model(exercise=by_slug[slug], alternative=by_slug[other], kind=kind)
            for slug, other, kind in sorted(wanted)
            if (slug, other, kind) not in existing
        ]
    )
    return by_slug


def _sync_program(get_model: GetModel, data: ProgramData, exercises: dict[str, Any]) -> None:
    program_model = get_model("Program")
    week_model = get_model("ProgramWeek")
    day_model = get_model("WorkoutDay")
    prescription_model = get_model("Prescription")
    fields = {key: value for key, value in data.items() if key not in {"slug", "weeks", "days"}}
    program, _ = program_model.objects.update_or_create(
        slug=data["slug"],
        owner=None,
        defaults={**fields, "is_template": True},
    )
    numbers = []
    for week in data["weeks"]:
        numbers.append(week["number"])
        week_model.objects.update_or_create(
            program=program,
            number=week["number"],
            defaults={
                "is_deload": week.get("is_deload", False),
                "set_multiplier": week.get("set_multiplier", 1),
                "extra_reps_in_reserve": week.get("extra_reps_in_reserve", 0),
                "rpe_shift": week.get("rpe_shift", 0),
                "note": week.get("note", ""),
            },
        )
    week_model.objects.filter(program=program).exclude(number__in=numbers).delete()
    day_orders = []
    for day_order, day_data in enumerate(data["days"], start=1):
        day_orders.append(day_order)
        day, _ = day_model.objects.update_or_create(
            program=program,
            order=day_order,
            defaults={"name": day_data["name"], "focus": day_data["focus"]},
        )
        orders = []
        for order, item in enumerate(day_data["prescriptions"], start=1):
            orders.append(order)
            values = {key: value for key, value in item.items() if key != "exercise"}
            prescription_model.objects.update_or_create(
                day=day,
                order=order,
                defaults={**values, "exercise": exercises[item["exercise"]]},
            )
        prescription_model.objects.filter(day=day).exclude(order__in=orders).delete()
    day_model.objects.filter(program=program).exclude(order__in=day_orders).delete()


def catalog_sync(get_model: GetModel) -> None:
    """Create or update every shipped exercise and program template."""
    exercises = _sync_exercises(get_model)
    for data in PROGRAMS:
        _sync_program(get_model, data, exercises)


def catalog_sync_current() -> None:
    """``catalog_sync`` with the app's current models (tests and management use)."""
    from django.apps import apps

    catalog_sync(lambda name: apps.get_model("programs", name))
