"""Who may reach each workouts URL. Sessions and sets belong to their owner only."""

from __future__ import annotations

import uuid
from typing import Any

from apps.accounts.models import User
from apps.workouts.models import WorkoutSession
from tests.authz import Case
from tests.factories import (
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    WorkoutSessionFactory,
)


def _open_session(owner: User) -> WorkoutSession:
    """The owner's unfinished session (one at a time), created when there is none."""
    existing = WorkoutSession.objects.filter(user=owner, finished_at__isnull=True).first()
    return existing or WorkoutSessionFactory(user=owner, finished_at=None)


def _session(owner: User) -> dict[str, Any]:
    return {"pk": _open_session(owner).pk}


def _finished_session(owner: User) -> dict[str, Any]:
    return {"pk": SessionExerciseFactory(session__user=owner).session.pk}


def _session_exercise(owner: User) -> dict[str, Any]:
    return {"pk": SessionExerciseFactory(session=_open_session(owner)).pk}


def _set(owner: User) -> dict[str, Any]:
    return {"pk": SetLogFactory(session_exercise__session__user=owner).pk}


def _exercise(owner: User) -> dict[str, Any]:
    return {
        "slug": SetLogFactory(session_exercise__session__user=owner).session_exercise.exercise.slug
    }


def _set_data(owner: User) -> dict[str, Any]:
    return {"client_id": str(uuid.uuid4()), "load": "40", "reps": "10", "rpe": ""}


def _finish_data(owner: User) -> dict[str, Any]:
    return {"duration_min": "30", "session_rpe": "6", "notes": ""}


def _add_data(owner: User) -> dict[str, Any]:
    return {"exercise": ExerciseFactory().pk, "sets": "2", "reps_low": "8", "reps_high": "12"}


CASES = [
    Case("workouts:history", "login"),
    Case("workouts:history", "login", htmx=True),
    Case("workouts:progress", "login"),
    Case("workouts:exercise_progress", "login", make_kwargs=_exercise),
    Case("workouts:export_csv", "login"),
    Case("workouts:export_json", "login"),
    Case("workouts:session_start", "login", method="post", owner_status=302),
    Case("workouts:session", "owner", make_kwargs=_session),
    Case("workouts:session_detail", "owner", make_kwargs=_finished_session),
    Case("workouts:session_finish", "owner", make_kwargs=_session),
    Case(
        "workouts:session_finish",
        "owner",
        make_kwargs=_session,
        method="post",
        data=_finish_data,
        owner_status=302,
    ),
    Case(
        "workouts:session_discard", "owner", make_kwargs=_session, method="post", owner_status=302
    ),
    Case("workouts:exercise_add", "owner", make_kwargs=_session),
    Case(
        "workouts:exercise_add",
        "owner",
        make_kwargs=_session,
        method="post",
        data=_add_data,
        owner_status=302,
    ),
    Case(
        "workouts:set_log",
        "owner",
        make_kwargs=_session_exercise,
        method="post",
        data=_set_data,
        owner_status=302,
    ),
    Case(
        "workouts:set_log",
        "owner",
        make_kwargs=_session_exercise,
        method="post",
        data=_set_data,
        htmx=True,
    ),
    Case(
        "workouts:exercise_note",
        "owner",
        make_kwargs=_session_exercise,
        method="post",
        data=lambda owner: {"text": "seat 4, pin 6"},
        owner_status=302,
    ),
    Case(
        "workouts:exercise_note",
        "owner",
        make_kwargs=_session_exercise,
        method="post",
        data=lambda owner: {"text": "seat 4, pin 6"},
        htmx=True,
    ),
    Case(
        "workouts:exercise_add_set",
        "owner",
        make_kwargs=_session_exercise,
        method="post",
        owner_status=302,
    ),
    Case(
        "workouts:exercise_add_set",
        "owner",
        make_kwargs=_session_exercise,
        method="post",
        htmx=True,
    ),
    Case("workouts:exercise_swap", "owner", make_kwargs=_session_exercise),
    Case(
        "workouts:exercise_pair",
        "owner",
        make_kwargs=_session_exercise,
        method="post",
        owner_status=302,
    ),
    Case(
        "workouts:exercise_unpair",
        "owner",
        make_kwargs=_session_exercise,
        method="post",
        owner_status=302,
    ),
    Case("workouts:set_row", "owner", make_kwargs=_set, htmx=True),
    Case("workouts:set_row", "owner", make_kwargs=_set, owner_status=302),
    Case("workouts:set_edit", "owner", make_kwargs=_set),
    Case("workouts:set_edit", "owner", make_kwargs=_set, htmx=True),
    Case("workouts:set_delete", "owner", make_kwargs=_set, method="post", owner_status=302),
    Case("workouts:set_delete", "owner", make_kwargs=_set, method="post", htmx=True),
    Case("workouts:set_restore", "owner", make_kwargs=_set, method="post", owner_status=302),
]
