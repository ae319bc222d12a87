"""Items logged on the phone with no signal, received one at a time, in order.

Every item carries the client id the phone gave it, so an item sent twice (the answer
was lost when the connection dropped) is stored once: a session start finds the session
it made, a set finds its set (``set_log_create``), a check-in its check-in. Each answer
says what the page needs to settle the row; a refusal carries the form's messages.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import Any

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apps.accounts.http import AuthedHttpRequest
from apps.journal import services as journal_services
from apps.journal.forms import CheckInForm
from apps.journal.models import CheckIn
from apps.programs.models import Exercise
from apps.programs.selectors import planned_session_for
from apps.workouts import offline as workouts_offline
from apps.workouts import selectors as workouts_selectors
from apps.workouts import services as workouts_services
from apps.workouts.forms import SetForm
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession

# A phone's clock may run a little fast; a time further ahead, or older than a phone
# plausibly stays offline, is replaced by the time the item arrives (the set is kept).
CLOCK_SKEW = dt.timedelta(minutes=10)
OLDEST = dt.timedelta(days=30)
SET_VALUES = ("load", "reps", "seconds", "rpe", "kind")


class Refused(Exception):
    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Refused("This entry has no valid id. Please discard it and log it again.") from None


def _moment(value: Any) -> dt.datetime:
    """When the phone says it happened, if that is plausible; otherwise now."""
    now = timezone.now()
    try:
        moment = parse_datetime(str(value or ""))
    except ValueError:
        moment = None
    if moment is None or timezone.is_naive(moment):
        return now
    if moment > now + CLOCK_SKEW or moment < now - OLDEST:
        return now
    return min(moment, now)


def _session(user: Any, item: dict[str, Any]) -> WorkoutSession:
    sessions = workouts_selectors.sessions_for(user)
    found = None
    if item.get("session_pk"):
        found = sessions.filter(pk=_int(item["session_pk"])).first()
    if found is None and item.get("session"):
        found = sessions.filter(client_id=_uuid(item["session"])).first()
    if found is None:
        raise Refused("The session of this entry isn't on Steady. Please discard it.")
    return found


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Refused("This entry could not be read.") from None


def _start(request: AuthedHttpRequest, item: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    client_id = _uuid(item.get("client_id"))
    started_at = _moment(item.get("started_at"))
    day = started_at.astimezone(user.zone).date()
    minimum = bool(item.get("minimum"))
    planned = None if minimum else planned_session_for(user, day)
    if planned is not None and item.get("deload"):
        planned = replace(planned, is_deload=True)
    holds = workouts_selectors.plan_hold_codes(request, user, day)
    session = workouts_services.session_start(
        user=user,
        planned=planned,
        minimum=minimum,
        holds=holds,
        client_id=client_id,
        started_at=started_at,
    )
    return {"session": session.pk, "url": reverse("workouts:session", args=[session.pk])}


def _row(user: Any, item: dict[str, Any]) -> SessionExercise:
    """The session exercise a set belongs to: named by the page, or found in the session
    by exercise (and its place), or added to the session if it is not there. A set
    already on Steady (an edit) stays in its own row."""
    known = (
        SetLog.objects.filter(user=user, client_id=_uuid(item.get("client_id")))
        .select_related("session_exercise__session", "session_exercise__exercise")
        .first()
    )
    if known is not None:
        return known.session_exercise
    if item.get("session_exercise"):
        row = workouts_selectors.session_exercise_for(user, _int(item["session_exercise"]))
        if row is None:
            raise Refused("This exercise isn't in your sessions any more. Please discard it.")
        return row
    session = _session(user, item)
    exercise_id = _int(item.get("exercise"))
    rows = list(session.exercises.filter(exercise_id=exercise_id).select_related("exercise"))
    order = item.get("order")
    for row in rows:
        if order is not None and row.order == _int(order):
            return row
    if rows:
        return rows[0]
    exercise = Exercise.objects.filter(pk=exercise_id).first()
    if exercise is None:
        raise Refused("This exercise isn't in Steady any more. Please discard it.")
    return workouts_services.session_exercise_add(
        session=session, exercise=exercise, sets=1, reps_low=8, reps_high=12, seconds=30
    )


def _set(request: AuthedHttpRequest, item: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    client_id = _uuid(item.get("client_id"))
    if item.get("deleted"):
        found = SetLog.objects.filter(user=user, client_id=client_id).select_related(
            "session_exercise__session"
        )
        for set_log in found:
            workouts_services.set_log_delete(set_log=set_log)
        return {"deleted": True}
    row = _row(user, item)
    values = item["values"] if isinstance(item.get("values"), dict) else {}
    data = {name: str(values.get(name) or "") for name in SET_VALUES}
    form = SetForm(
        {**data, "client_id": str(client_id)}, measure=row.exercise.measure, unit=user.units
    )
    if not form.is_valid():
        raise Refused(*[str(m) for messages in form.errors.values() for m in messages])
    cleaned = form.cleaned_data
    try:
        saved, _created = workouts_services.set_log_create(
            session_exercise=row,
            client_id=client_id,
            reps=cleaned.get("reps"),
            load_kg=form.load_kg,
            seconds=cleaned.get("seconds"),
            rpe=cleaned.get("rpe"),
            kind=cleaned.get("kind") or SetLog.Kind.NORMAL,
            logged_at=_moment(item.get("performed_at")),
        )
    except workouts_services.SetConflictError:
        raise Refused("This set was saved somewhere else. Please discard it.") from None
    return workouts_offline.settled_set(request, saved)


def _checkin(request: AuthedHttpRequest, item: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    kind = str(item.get("kind") or "")
    if kind not in (CheckIn.Kind.BEFORE, CheckIn.Kind.AFTER):
        raise Refused("This check-in could not be read.")
    session = _session(user, item) if (item.get("session") or item.get("session_pk")) else None
    answers = item["answers"] if isinstance(item.get("answers"), dict) else {}
    data = QueryDict(mutable=True)
    for name, value in answers.items():
        data.setlist(
            str(name), [str(v) for v in value] if isinstance(value, list) else [str(value)]
        )
    today = user.local_today()
    form = CheckInForm(data, kind=kind, postpartum=user.is_postpartum_on(today), today=today)
    if not form.is_valid():
        raise Refused(*[str(m) for messages in form.errors.values() for m in messages])
    checkin, _created = journal_services.checkin_create(
        user=user,
        kind=kind,
        session=session,
        answers=form.answers(),
        client_id=_uuid(item.get("client_id")),
    )
    answer: dict[str, Any] = {"checkin": checkin.pk}
    if checkin.warning_symptoms or checkin.self_harm_thoughts:
        answer["help"] = reverse("safety:crisis")
    return answer


RECEIVERS = {"session_start": _start, "set": _set, "checkin": _checkin}


def receive_item(request: AuthedHttpRequest, item: dict[str, Any]) -> dict[str, Any]:
    """Store one queued item for the signed-in person (idempotent on its client id)."""
    receiver = RECEIVERS.get(str(item.get("type")))
    if receiver is None:
        raise Refused("Steady doesn't know this kind of entry. Please discard it.")
    return receiver(request, item)
