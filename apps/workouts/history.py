"""Each person's best per exercise before a session began, kept in the shared cache.

Every logged set asks "is this a new personal best?", and the session page asks it for
every set it shows. Part of the answer is the best of every earlier session: an aggregate
over years of history (about a millisecond of PostgreSQL per exercise with three years).
That part cannot change while a session is being logged, so it is computed once per
session and exercise and kept.

Kept entries carry the person's *history version*, read before the aggregate runs. The
version is replaced (now, and again when the write commits, as for the page cache) on
every save or delete of a session, or of a row or set in a finished session. Sets and
rows of the unfinished session are left out: it is the person's latest session (a new one
starts only when none is open, at the current time), so its sets are never "earlier" for
another session. A stale entry is therefore never read, and entries expire anyway.

Like the page cache, this needs a cache shared by every process (``STEADY_PAGE_CACHE``):
without one, it computes every time.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from apps.core import pagecache
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession
from apps.workouts.records import Best

VERSION_KEY = "workouts:history:{user_id}"
BESTS_KEY = "workouts:bests-before:{session_id}:{started}:{exercise_id}"
BESTS_SECONDS = 12 * 3600


def _version_key(user_id: int) -> str:
    return VERSION_KEY.format(user_id=user_id)


def _bests_key(session: WorkoutSession, exercise_id: int) -> str:
    # The start instant too: a session id can come back (a test database made anew).
    started = int(session.started_at.timestamp() * 1_000_000)
    return BESTS_KEY.format(session_id=session.pk, started=started, exercise_id=exercise_id)


def _replace_version(user_id: int) -> None:
    cache.set(_version_key(user_id), secrets.token_hex(8), timeout=None)


def history_changed(user_id: int) -> None:
    """Every kept best of this person is stale: now, and again once the write commits."""
    _replace_version(user_id)
    transaction.on_commit(lambda: _replace_version(user_id))


def bests_before(
    session: WorkoutSession,
    exercise_ids: list[int],
    compute: Callable[[list[int]], dict[int, Best]],
) -> dict[int, Best]:
    """The best before ``session`` per exercise, from the cache where still current.

    ``compute`` runs for the exercises not kept (one query for all of them) and returns
    bests only for exercises done before; the result has the same shape.
    """
    if not pagecache.enabled():
        return compute(exercise_ids)
    version_key = _version_key(session.user_id)
    keys = {exercise_id: _bests_key(session, exercise_id) for exercise_id in exercise_ids}
    found = cache.get_many([version_key, *keys.values()])
    version = found.get(version_key)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(version_key, version, timeout=None):
            return compute(exercise_ids)  # replaced meanwhile: keep nothing this time
    bests: dict[int, Best] = {}
    missing = []
    for exercise_id, key in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            bests[exercise_id] = entry[1]
        else:
            missing.append(exercise_id)
    if missing:
        computed = compute(missing)
        fresh = {exercise_id: computed.get(exercise_id, Best()) for exercise_id in missing}
        cache.set_many(
            {keys[exercise_id]: (version, best) for exercise_id, best in fresh.items()},
            timeout=BESTS_SECONDS,
        )
        bests.update(fresh)
    return {exercise_id: best for exercise_id, best in bests.items() if best.exists}


def _in_open_session(row: SessionExercise) -> bool:
    return row.session.finished_at is None


def _set_changed(sender: type[SetLog], instance: SetLog, **_: Any) -> None:
    try:
        in_open_session = _in_open_session(instance.session_exercise)
    except models.ObjectDoesNotExist:  # deleted along with its row or session
        in_open_session = False
    if not in_open_session:
        history_changed(instance.user_id)


def _row_changed(sender: type[SessionExercise], instance: SessionExercise, **_: Any) -> None:
    try:
        session = instance.session
    except models.ObjectDoesNotExist:
        return  # deleted along with its session, whose deletion replaces the version
    if session.finished_at is not None:
        history_changed(session.user_id)


def _session_changed(sender: type[WorkoutSession], instance: WorkoutSession, **_: Any) -> None:
    history_changed(instance.user_id)


def connect_signals() -> None:
    receivers: list[tuple[type[models.Model], Callable[..., None]]] = [
        (SetLog, _set_changed),
        (SessionExercise, _row_changed),
        (WorkoutSession, _session_changed),
    ]
    for model, receiver in receivers:
        uid = f"steady-history-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + "-delete")
