"""What the phone keeps to train with no signal: the open session and the next planned ones.

The service worker keeps this JSON (never the journal or safety pages), and the offline
session page (static/js/offline-session.js) draws the same compact rows from it as the
session page: the same prefilled values (``views._pending_row``), the same "last time"
column, the same inputs. Reads only; the page asks for it while online.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from apps.programs import selectors as programs_selectors
from apps.programs.models import Exercise
from apps.programs.schedule import EffectivePrescription
from apps.workouts import progression, selectors, services
from apps.workouts.forms import set_field_names, set_initial
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession
from apps.workouts.templatetags.workouts import set_text
from apps.workouts.views import SET_ROW_TEMPLATE, _columns, _done_row, _pending_row

if TYPE_CHECKING:
    from apps.accounts.models import User

# Planned sessions kept ahead of time, from today on: enough for a few gym visits.
PLANNED_AHEAD = 3
PLANNED_WINDOW_DAYS = 14


def _exercise(
    row: SessionExercise,
    unit: str,
    previous: Sequence[progression.LoggedSet],
    live: Sequence[SetLog] = (),
) -> dict[str, Any]:
    last = live[-1] if live else None
    pending = _pending_row(row, len(live) + 1, unit, last, previous)
    values = {item.name: item.value for item in pending.inputs}
    field_meta = {
        item.name: {"label": item.label, "inputmode": item.inputmode, "step": item.step}
        for item in pending.inputs
    }
    fields = [
        {"name": name, **field_meta[name]}
        for name in set_field_names(row.exercise.measure)
        if name != "rpe"
    ]
    # "Last time" for each set number, as the session page's column shows it.
    last_time = [
        _pending_row(row, number, unit, None, previous).previous
        for number in range(1, max(row.planned_sets, len(previous)) + 1)
    ]
    sets = []
    for number, item in enumerate(live, 1):
        sets.append(
            {
                "client_id": str(item.client_id),
                "number": number,
                "values": {
                    k: v
                    for k, v in set_initial(
                        client_id=item.client_id,
                        load_kg=item.load_kg,
                        reps=item.reps,
                        seconds=item.seconds,
                        rpe=item.rpe,
                        unit=unit,
                    ).items()
                    if k != "client_id" and v not in (None, "")
                },
                "text": set_text(item, unit),
            }
        )
    return {
        "session_exercise": row.pk,
        "exercise": row.exercise_id,
        "order": row.order,
        "name": row.exercise.name,
        "measure": row.exercise.measure,
        "rest": row.rest_seconds,
        "planned_sets": row.planned_sets,
        "columns": _columns(row, unit),
        "fields": fields,
        "prefill": {k: v for k, v in values.items() if k != "rpe"},
        "last_time": last_time,
        "cues": list(row.exercise.form_cues),
        "sets": sets,
    }


@dataclass(frozen=True)
class _Upcoming:
    name: str
    date: str | None
    minimum: bool
    deload: bool
    prescriptions: list[EffectivePrescription]


def _upcoming(user: User, today: dt.date) -> list[_Upcoming]:
    """The next planned sessions and the 15-minute one, as prescriptions (a constant
    number of queries: one plan, one read of all their prescriptions and swaps)."""
    items = []
    plan = programs_selectors.current_plan(user)
    if plan is not None:
        sessions = plan.between(today, today + dt.timedelta(days=PLANNED_WINDOW_DAYS))
        sessions = sessions[:PLANNED_AHEAD]
        by_day = programs_selectors.prescriptions_for_sessions(plan, sessions)
        for planned in sessions:
            items.append(
                _Upcoming(
                    planned.name,
                    planned.day.isoformat(),
                    False,
                    planned.is_deload,
                    by_day.get(planned.day, []),
                )
            )
    minimum = programs_selectors.minimum_session_prescriptions()
    if minimum:
        name = programs_selectors.minimum_session_program().name
        items.append(_Upcoming(name, None, True, False, minimum))
    return [item for item in items if item.prescriptions]


def _planned_all(user: User, upcoming: list[_Upcoming], holds: set[str]) -> list[dict[str, Any]]:
    """Prefilled rows for every upcoming session: their exercises, recent exposures and
    "last time" sets are each read once for all of them."""
    ids = {rx.exercise_id for item in upcoming for rx in item.prescriptions}
    exercises = Exercise.objects.in_bulk(sorted(ids))
    exposures = selectors.recent_exposures(user, exercises)
    previous = selectors.last_time_sets_for(user, ids)
    result = []
    for item in upcoming:
        plan = selectors.plan_with_suggestions(
            user,
            item.prescriptions,
            holds=holds,
            deload=item.deload,
            known=(exercises, exposures),
        )
        session = WorkoutSession(user=user, name=item.name[:100])
        rows = [
            services.exercise_row_for(session, planned, order)
            for order, planned in enumerate(plan, 1)
        ]
        result.append(
            {
                "date": item.date,
                "name": item.name,
                "minimum": item.minimum,
                "deload": item.deload,
                "exercises": [
                    _exercise(row, user.units, previous.get(row.exercise_id, ())) for row in rows
                ],
            }
        )
    return result


def _open_session(user: User, unit: str) -> dict[str, Any] | None:
    found = selectors.unfinished_session(user)
    if found is None:
        return None
    session = selectors.session_with_sets(user, found.pk).get()
    previous = selectors.last_time_sets(user, session)
    exercises = []
    for row in session.exercises.all():
        live: list[SetLog] = row.live_sets  # type: ignore[attr-defined]
        exercises.append(_exercise(row, unit, previous.get(row.exercise_id, ()), live))
    return {
        "pk": session.pk,
        "client_id": str(session.client_id) if session.client_id else None,
        "name": session.name,
        "date": session.date.isoformat(),
        "url": reverse("workouts:session", args=[session.pk]),
        "exercises": exercises,
    }


def offline_plan(user: User, *, holds: set[str], today: dt.date) -> dict[str, Any]:
    """The open session (if any) and the next planned sessions, with prefilled rows."""
    planned = _planned_all(user, _upcoming(user, today), holds)
    return {
        "unit": user.units,
        "today": today.isoformat(),
        "open_session": _open_session(user, user.units),
        "planned": [item for item in planned if not item["minimum"]],
        "minimum": next((item for item in planned if item["minimum"]), None),
    }


def settled_set(request: HttpRequest, set_log: SetLog) -> dict[str, Any]:
    """What a page needs to settle a set that arrived from the phone's queue: its number,
    its figures, whether it is a new best, and the session page's own row for it."""
    row = _done_row(set_log)
    unit = set_log.user.units
    return {
        "set": set_log.pk,
        "number": row.number,
        "text": set_text(set_log, unit),
        "is_record": row.is_record,
        "html": render_to_string(SET_ROW_TEMPLATE, {"row": row, "unit": unit}, request=request),
    }
