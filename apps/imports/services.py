"""Writes for imports: upload, confirm the mapping, run, undo.

The run is idempotent twice over. The Celery task claims the import (QUEUED → RUNNING in
one UPDATE) so a doubled message runs nothing, and every session and set carries a stable
source key, unique per person, so a set that is already there is never added again.
Sets are written in batches, each in its own transaction, so the progress bar can move; if
any batch fails, everything the import added so far is removed again (``_remove_added``)
and the import is FAILED: a file is imported whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from apps.imports import matching, parsing
from apps.imports.models import ExerciseChoice, Import, ImportedSession, ImportedSet
from apps.programs.models import Equipment, Exercise, ExerciseSwap, Measure, Prescription
from apps.programs.services import own_exercise_get_or_create
from apps.workouts.models import SessionExercise, SetLog, WorkoutSession
from apps.workouts.services import personal_bests_rebuild

if TYPE_CHECKING:
    from apps.accounts.models import User

logger = logging.getLogger(__name__)

SESSIONS_PER_BATCH = 250


@dataclass(frozen=True)
class NewExercise:
    """A name in the file to be created as the person's own exercise when the import runs."""

    name: str
    measure: str
    equipment: str = Equipment.OTHER


MappingChoice = int | None | NewExercise
# An imported set's time when the file gives only the session's start: one per minute.
MINUTES_PER_SET = 1


def import_upload(*, user: User, data: bytes, filename: str, unit: str) -> Import:
    """Check the whole file and keep it for the preview; raises ``ImportFileError``."""
    parsed = parsing.parse_file(data, unit=unit)
    return Import.objects.create(
        user=user,
        format=parsed.format,
        filename=filename[:200],
        unit=unit,
        content=data,
        total_sets=len(parsed.sets),
    )


def parsed_file(import_run: Import) -> parsing.ParsedFile:
    return parsing.parse_file(bytes(import_run.content), unit=import_run.unit)


def library(user: User) -> list[matching.LibraryExercise]:
    """The exercises a name in the file may map to: the library and the person's own."""
    return [
        matching.LibraryExercise(id=pk, name=name, slug=slug, is_own=owner_id is not None)
        for pk, name, slug, owner_id in Exercise.objects.visible_to(user).values_list(
            "pk", "name", "slug", "owner_id"
        )
    ]


def proposals_for(
    user: User,
    parsed: parsing.ParsedFile,
    exercises: list[matching.LibraryExercise] | None = None,
) -> dict[str, matching.Proposal]:
    names = [name for name, _ in parsed.sets_per_exercise()]
    remembered = dict(
        ExerciseChoice.objects.filter(user=user).values_list("source_name", "exercise_id")
    )
    found = matching.propose(names, exercises or library(user), remembered)
    # Steady's own export names the exercise by slug: that beats any guess.
    slugs = {s.exercise_name: s.exercise_slug for s in parsed.sets if s.exercise_slug}
    if slugs:
        by_slug = dict(
            Exercise.objects.visible_to(user)
            .filter(slug__in=slugs.values())
            .values_list("slug", "pk")
        )
        for name, slug in slugs.items():
            if slug in by_slug:
                found[name] = matching.Proposal(name, by_slug[slug], matching.EXACT, 100.0)
    return found


def measure_in_file(sets: Iterable[parsing.ParsedSet]) -> str:
    """What a new exercise measures, from its sets in the file: timed when most sets have
    a time and no reps, weight and reps when any set has a weight, else reps alone."""
    timed = counted = loaded = 0
    for item in sets:
        if item.seconds and not item.reps:
            timed += 1
        else:
            counted += 1
        if item.load_kg:
            loaded += 1
    if timed > counted:
        return Measure.TIMED
    return Measure.LOAD if loaded else Measure.BODYWEIGHT


def measures_in_file(parsed: parsing.ParsedFile) -> dict[str, str]:
    by_name: dict[str, list[parsing.ParsedSet]] = defaultdict(list)
    for item in parsed.sets:
        by_name[item.exercise_name].append(item)
    return {name: measure_in_file(items) for name, items in by_name.items()}


def import_confirm(*, import_run: Import, mapping: Mapping[str, MappingChoice]) -> bool:
    """Keep the person's mapping (and remember it for next time), then queue the run.

    A name can map to an exercise id, to None (leave its sets out) or to ``NewExercise``
    values (create it as the person's own exercise). Nothing is created here: the run
    creates own exercises, so an import that never runs or fails leaves none behind.
    Only an import still in preview can be confirmed; a second click changes nothing.
    """
    from apps.imports.tasks import run_import

    with transaction.atomic():
        stored = {
            name: (
                {"new": {"name": c.name, "measure": c.measure, "equipment": c.equipment}}
                if isinstance(c, NewExercise)
                else c
            )
            for name, c in mapping.items()
        }
        claimed = Import.objects.filter(pk=import_run.pk, state=Import.State.PREVIEW).update(
            state=Import.State.QUEUED, mapping=stored
        )
        if not claimed:
            return False
        for name, exercise_id in mapping.items():
            if isinstance(exercise_id, NewExercise):
                continue  # remembered when the run has created it
            ExerciseChoice.objects.update_or_create(
                user=import_run.user,
                source_name=matching.normalise(name),
                defaults={"exercise_id": exercise_id},
            )
        run_import.delay_on_commit(import_run.pk)
    return True


def import_run(*, import_id: int) -> Import | None:
    """Run a queued import (the task's body). Returns None when another run has it."""
    claimed = Import.objects.filter(pk=import_id, state=Import.State.QUEUED).update(
        state=Import.State.RUNNING, started_at=timezone.now(), done_sets=0
    )
    if not claimed:
        return None
    import_run = Import.objects.select_related("user").get(pk=import_id)
    try:
        _write(import_run)
    except Exception:
        logger.exception("Import %s failed", import_id)
        _remove_added(import_run)
        Import.objects.filter(pk=import_id).update(
            state=Import.State.FAILED,
            finished_at=timezone.now(),
            problem="Something went wrong while saving. Nothing from this file was kept; "
            "please try again.",
        )
    _after_import_changed_history(import_run.user)
    import_run.refresh_from_db()
    return import_run


def _aware(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone)


def _create_own_exercises(import_run: Import) -> dict[str, int | None]:
    """Make the own exercises the mapping asks for (one per name, any case), remember each
    choice, and note on the import which ones it created: all in one transaction, before
    any set is written, so a failed run can remove them again (``_remove_added``)."""
    user = import_run.user
    resolved: dict[str, int | None] = {}
    wanted: dict[str, list[str]] = defaultdict(list)
    specs: dict[str, dict[str, str]] = {}
    for name, choice in import_run.mapping.items():
        if isinstance(choice, dict):
            spec = choice["new"]
            key = " ".join(spec["name"].split()).lower()
            wanted[key].append(name)
            specs.setdefault(key, spec)
        else:
            resolved[name] = choice
    if not wanted:
        return resolved
    created: list[int] = []
    with transaction.atomic():
        for key, names in wanted.items():
            spec = specs[key]
            exercise, made = own_exercise_get_or_create(
                user=user,
                name=spec["name"],
                measure=spec["measure"],
                equipment=spec.get("equipment") or Equipment.OTHER,
            )
            if made:
                created.append(exercise.pk)
            for name in names:
                resolved[name] = exercise.pk
                ExerciseChoice.objects.update_or_create(
                    user=user,
                    source_name=matching.normalise(name),
                    defaults={"exercise_id": exercise.pk},
                )
        Import.objects.filter(pk=import_run.pk).update(created_exercises=created)
    import_run.created_exercises = created
    return resolved


def _write(import_run: Import) -> None:
    user = import_run.user
    mapping = _create_own_exercises(import_run)
    parsed = parsed_file(import_run)
    wanted = [s for s in parsed.sets if mapping.get(s.exercise_name) is not None]
    existing_sets = set(ImportedSet.objects.filter(user=user).values_list("source_key", flat=True))
    # Steady's own export, imported back into the same account: those sets are here.
    steady_ids = {s.steady_set_id for s in wanted if s.steady_set_id}
    if steady_ids:
        existing_sets |= {
            parsing.stable_key(parsing.STEADY, str(client_id))
            for client_id in SetLog.objects.filter(
                user=user, client_id__in=[_uuid(i) for i in steady_ids if _uuid(i)]
            ).values_list("client_id", flat=True)
        }
    new_sets = [s for s in wanted if s.source_key not in existing_sets]
    already = len(wanted) - len(new_sets)
    by_session: dict[str, list[parsing.ParsedSet]] = defaultdict(list)
    for item in new_sets:
        by_session[item.session_key].append(item)
    Import.objects.filter(pk=import_run.pk).update(
        total_sets=max(len(new_sets), 1), sets_already_there=already
    )
    sessions = list(by_session.items())
    done = 0
    added_sessions = 0
    for start in range(0, len(sessions), SESSIONS_PER_BATCH):
        batch = sessions[start : start + SESSIONS_PER_BATCH]
        with transaction.atomic():
            added_sessions += _write_batch(import_run, batch, mapping)
        done += sum(len(items) for _, items in batch)
        Import.objects.filter(pk=import_run.pk).update(done_sets=done)
    Import.objects.filter(pk=import_run.pk).update(
        state=Import.State.DONE,
        finished_at=timezone.now(),
        sets_added=done,
        sessions_added=added_sessions,
        done_sets=done,
        content=b"",
    )


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _write_batch(
    import_run: Import,
    batch: Sequence[tuple[str, list[parsing.ParsedSet]]],
    mapping: dict[str, int | None],
) -> int:
    """Sessions, their rows and sets for one batch, in a handful of bulk INSERTs.

    Rows are built with ``*_id`` values, not related objects: for tens of thousands of sets
    Django's related-object bookkeeping (descriptor caches, checks before saving) was a
    large share of the run's Python time.
    """
    user = import_run.user
    zone = user.zone
    known = dict(
        ImportedSession.objects.filter(
            user=user, source_key__in=[key for key, _ in batch]
        ).values_list("source_key", "session_id")
    )
    new_sessions: list[tuple[str, WorkoutSession]] = []
    for key, items in batch:
        if key in known:
            continue
        first = items[0]
        started = _aware(first.started_at, zone)
        finished = _aware(first.finished_at, zone) if first.finished_at else None
        if finished is None:
            minutes = first.duration_min or len(items) * MINUTES_PER_SET
            finished = started + dt.timedelta(minutes=minutes)
        new_sessions.append(
            (
                key,
                WorkoutSession(
                    user_id=user.pk,
                    name=first.session_name,
                    date=started.astimezone(zone).date(),
                    started_at=started,
                    finished_at=finished,
                    duration_min=first.duration_min,
                    session_rpe=first.session_rpe,
                    notes=first.session_notes,
                    is_deload=first.is_deload,
                    is_imported=True,
                ),
            )
        )
    WorkoutSession.objects.bulk_create([session for _, session in new_sessions])
    ImportedSession.objects.bulk_create(
        ImportedSession(
            import_run_id=import_run.pk, user_id=user.pk, session_id=session.pk, source_key=key
        )
        for key, session in new_sessions
    )
    session_ids = known | {key: session.pk for key, session in new_sessions}
    rows = _rows_for(session_ids.values())
    row_counts: dict[int, int] = defaultdict(int)
    for session_id, _ in rows:
        row_counts[session_id] += 1
    new_rows: list[SessionExercise] = []
    for key, items in batch:
        session_id = session_ids[key]
        for item in items:
            exercise_id = mapping[item.exercise_name]
            assert exercise_id is not None
            if (session_id, exercise_id) not in rows:
                row_counts[session_id] += 1
                row = SessionExercise(
                    session_id=session_id,
                    exercise_id=exercise_id,
                    order=row_counts[session_id],
                    planned_sets=0,
                )
                rows[(session_id, exercise_id)] = row
                new_rows.append(row)
    SessionExercise.objects.bulk_create(new_rows)
    set_logs: list[SetLog] = []
    sources: list[parsing.ParsedSet] = []
    for key, items in batch:
        session_id = session_ids[key]
        for position, item in enumerate(items):
            row = rows[(session_id, mapping[item.exercise_name])]  # type: ignore[index]
            logged = item.logged_at or item.started_at + dt.timedelta(
                minutes=position * MINUTES_PER_SET
            )
            set_logs.append(
                SetLog(
                    user_id=user.pk,
                    session_exercise_id=row.pk,
                    set_number=item.set_number,
                    reps=item.reps,
                    load_kg=item.load_kg,
                    seconds=item.seconds,
                    rpe=item.rpe,
                    kind=item.kind,
                    logged_at=_aware(logged, zone),
                )
            )
            sources.append(item)
    SetLog.objects.bulk_create(set_logs, batch_size=2000)
    ImportedSet.objects.bulk_create(
        (
            ImportedSet(
                import_run_id=import_run.pk,
                user_id=user.pk,
                set_log_id=set_log.pk,
                source_key=item.source_key,
                notes=item.notes,
                superset=item.superset[:40],
            )
            for set_log, item in zip(set_logs, sources, strict=True)
        ),
        batch_size=2000,
    )
    return len(new_sessions)


def _rows_for(session_ids: Iterable[int]) -> dict[tuple[int, int], SessionExercise]:
    return {
        (row.session_id, row.exercise_id): row
        for row in SessionExercise.objects.filter(session_id__in=list(session_ids))
    }


def _remove_added(import_run: Import) -> None:
    """Delete every set and session this import added, and rows it left empty."""
    with transaction.atomic():
        session_ids = set(
            ImportedSet.objects.filter(import_run=import_run).values_list(
                "set_log__session_exercise__session_id", flat=True
            )
        )
        SetLog.objects.filter(imported_from__import_run=import_run).delete()
        WorkoutSession.objects.filter(imported_from__import_run=import_run).delete()
        SessionExercise.objects.filter(session_id__in=session_ids, sets__isnull=True).delete()
        _delete_unused_own_exercises(import_run)


def _delete_unused_own_exercises(import_run: Import) -> None:
    """The own exercises this import created go with it, unless something else uses them
    by now (a session logged with one, a program, a swap): those stay, with their choice
    remembered. Deleting one also forgets the remembered choices pointing to it."""
    ids = list(import_run.created_exercises)
    if not ids:
        return
    in_use = (
        set(
            SessionExercise.objects.filter(exercise_id__in=ids).values_list(
                "exercise_id", flat=True
            )
        )
        | set(
            Prescription.objects.filter(exercise_id__in=ids).values_list("exercise_id", flat=True)
        )
        | set(
            ExerciseSwap.objects.filter(replacement_id__in=ids).values_list(
                "replacement_id", flat=True
            )
        )
    )
    Exercise.objects.filter(owner=import_run.user, pk__in=set(ids) - in_use).delete()


def import_undo(*, import_run: Import) -> bool:
    """Ask for everything one import added to be removed, in one step.

    Only a finished import can be undone, once. The removal runs as a task: deleting tens of
    thousands of sets (each telling the page cache and kept bests) outlasts a request.
    """
    from apps.imports.tasks import undo_import

    with transaction.atomic():
        claimed = Import.objects.filter(pk=import_run.pk, state=Import.State.DONE).update(
            state=Import.State.UNDOING
        )
        if claimed:
            undo_import.delay_on_commit(import_run.pk)
    return bool(claimed)


def import_undo_run(*, import_id: int) -> bool:
    """Remove what the import added (the task's body). Safe to run twice: it deletes only
    what is still there, and only an import being undone is touched."""
    import_run = (
        Import.objects.select_related("user")
        .filter(pk=import_id, state=Import.State.UNDOING)
        .first()
    )
    if import_run is None:
        return False
    _remove_added(import_run)
    Import.objects.filter(pk=import_id, state=Import.State.UNDOING).update(
        state=Import.State.UNDONE, finished_at=timezone.now()
    )
    _after_import_changed_history(import_run.user)
    return True


def import_discard(*, import_run: Import) -> bool:
    """Forget an import that was only previewed."""
    deleted, _ = Import.objects.filter(pk=import_run.pk, state=Import.State.PREVIEW).delete()
    return bool(deleted)


def _after_import_changed_history(user: User) -> None:
    """Everything derived from the person's history is stale after an import or an undo.

    Bulk writes go around the services that keep ``PersonalBest`` current, so the
    person's bests are rebuilt here from their sets.
    """
    personal_bests_rebuild(user=user)
