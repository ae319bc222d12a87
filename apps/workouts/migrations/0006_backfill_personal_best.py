"""Fill ``PersonalBest`` from every person's live sets in finished sessions, as
``services.personal_bests_rebuild`` does (the figures come from the same pure function,
``records.personal_bests``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import migrations

from apps.workouts import records

BATCH = 1000


def backfill(apps: Any, schema_editor: Any) -> None:
    SetLog = apps.get_model("workouts", "SetLog")
    PersonalBest = apps.get_model("workouts", "PersonalBest")
    rows = (
        SetLog.objects.filter(
            deleted_at__isnull=True, session_exercise__session__finished_at__isnull=False
        )
        .order_by(
            "session_exercise__session__user_id",
            "session_exercise__session__date",
            "session_exercise__session__started_at",
            "logged_at",
            "pk",
        )
        .values_list(
            "session_exercise__session__user_id",
            "session_exercise__exercise_id",
            "pk",
            "session_exercise__session__date",
            "session_exercise__session_id",
            "reps",
            "load_kg",
            "seconds",
        )
    )
    bests: list[Any] = []
    done: dict[int, list[records.DatedSet]] = defaultdict(list)
    current_user = None

    def person_done() -> None:
        for exercise_id, sets in done.items():
            values = records.personal_bests(sets).row_values()
            bests.append(PersonalBest(user_id=current_user, exercise_id=exercise_id, **values))
        done.clear()
        if len(bests) >= BATCH:
            PersonalBest.objects.bulk_create(bests)
            bests.clear()

    for user_id, exercise_id, pk, day, session_id, reps, load_kg, seconds in rows.iterator(5000):
        if user_id != current_user:
            person_done()
            current_user = user_id
        done[exercise_id].append(
            records.DatedSet(day, session_id, reps, load_kg, seconds, set_id=pk)
        )
    person_done()
    PersonalBest.objects.bulk_create(bests)


class Migration(migrations.Migration):
    dependencies = [("workouts", "0005_personal_best")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
