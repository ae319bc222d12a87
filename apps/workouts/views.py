"""Workout views: thin. Reads go through selectors, writes through services.

Every flow works as plain forms; with JavaScript, HTMX swaps single set rows so logging
a set is one tap. The session page template holds the fragments (``#set_row``) that the
HTMX responses render.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import (
    Http404,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.http import AuthedHttpRequest
from apps.accounts.units import increment_in_unit, kg_to_unit
from apps.core.links import RowUrl, row_url
from apps.core.params import LARGEST_PAGE, int_param
from apps.core.spreadsheet import spreadsheet_text
from apps.programs.models import Equipment, Exercise
from apps.programs.schedule import duration_text, timed_verb
from apps.programs.selectors import planned_session_for
from apps.workouts import plates, progression, records, selectors, services, warmups
from apps.workouts.forms import (
    SET_RPE_CHOICES,
    AddExerciseForm,
    ExerciseFilterForm,
    ExerciseNoteForm,
    FinishForm,
    SetForm,
    SwapExerciseForm,
    load_label,
    set_field_names,
    set_initial,
)
from apps.workouts.models import ExerciseNote, SessionExercise, SetLog, WorkoutSession
from apps.workouts.progression import format_amount
from apps.workouts.templatetags.workouts import amount
from apps.workouts.templatetags.workouts import options as options_html

if TYPE_CHECKING:
    from apps.accounts.models import Barbell, User

HISTORY_PAGE_SIZE = 20
MAX_PLATE_TARGET = Decimal("1000")  # the heaviest set a person can log (forms.MAX_LOAD_KG)
# Deleted sets keep an Undo button on the session page for this long.
UNDO_WINDOW = dt.timedelta(minutes=30)
PROGRESS_TABLE_ROWS = 12  # rows per table on an exercise's progress page until "show all"
SET_SAVED_EVENT = "workouts:set-saved"
SET_ROW_TEMPLATE = "workouts/session.html#set_row"
# Suggestions whose reason the session card shows without a tap.
NEWS_CHANGES = frozenset(
    {
        progression.Change.INCREASE,
        progression.Change.DECREASE,
        progression.Change.HELD,
        progression.Change.DELOAD,
    }
)


# --- Presentation helpers ----------------------------------------------------------------


class Links:
    """The URLs of one page's set rows and cards, for one request: each URL name is
    reversed the first time it is asked for (``apps.core.links.row_url``), then only
    each row's pk is put in its place."""

    def __init__(self) -> None:
        self._urls: dict[str, RowUrl] = {}

    def url(self, name: str, pk: int) -> str:
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = row_url(f"workouts:{name}")
        return found.for_id(pk)


@dataclass(frozen=True)
class SetInput:
    """One input of a set row: what the template needs to write it out by hand.

    The session page shows a dozen or more set rows; building a Django form for each
    was most of the page's cost. The form validates what is posted (``SetForm``), and
    its fields lend the rows their labels and widget attributes.
    """

    name: str
    label: str
    value: str
    id: str  # the input's HTML id, unique on the page (see ``SetRow.id_prefix``)
    errors: Sequence[str] = ()
    inputmode: str = ""
    step: str = ""
    options: str = ""  # a select's <option> list, the value selected; "" for a number


# Every set row has the effort select: its options, for each value it can have, are
# written once here rather than for each row.
_RPE_OPTIONS = {value: options_html(SET_RPE_CHOICES, value) for value, _ in SET_RPE_CHOICES}


def _rpe_options(selected: str) -> str:
    return _RPE_OPTIONS.get(selected) or options_html(SET_RPE_CHOICES, selected)


@dataclass
class SetRow:
    """One row of an exercise's set list: done, still to do, being edited, or deleted.

    The template reads everything a row shows from here, one attribute deep: a page
    renders the row a dozen times or more.
    """

    state: str  # "done" | "pending" | "edit" | "deleted"
    session_exercise: SessionExercise
    number: int
    set_log: SetLog | None = None
    client_id: str = ""
    inputs: list[SetInput] = field(default_factory=list)
    errors: Sequence[str] = ()  # about the whole set, not one input
    is_record: bool = False
    previous: str = ""  # what was done for this set last time: "40 × 10"
    kind: str = SetLog.Kind.NORMAL  # of a row still to do; a saved set has its own
    plates: str = ""  # for a barbell row with a weight: "Each side: 20 + 10"
    links: Links = field(default_factory=Links)

    @property
    def is_warmup(self) -> bool:
        if self.set_log is not None:
            return self.set_log.kind == SetLog.Kind.WARMUP
        return self.kind == SetLog.Kind.WARMUP

    @property
    def dom_id(self) -> str:
        if self.set_log is not None:
            return f"set-{self.set_log.client_id}"
        return f"set-{self.client_id}"

    @property
    def id_prefix(self) -> str:
        return _id_prefix(self.client_id)

    @property
    def numbers(self) -> list[SetInput]:
        """The number inputs, in the order shown (the effort select has a line of its own)."""
        return [item for item in self.inputs if not item.options]

    @property
    def effort(self) -> SetInput | None:
        return next((item for item in self.inputs if item.options), None)

    @property
    def exercise_name(self) -> str:
        return self.session_exercise.exercise.name

    @property
    def rest_seconds(self) -> int:
        return self.session_exercise.rest_seconds

    @property
    def is_timed(self) -> bool:
        return self.session_exercise.exercise.measure == progression.Measure.TIMED

    @property
    def timed_verb(self) -> str:
        return timed_verb(self.session_exercise.exercise.movement_pattern)

    @property
    def is_barbell(self) -> bool:
        return self.session_exercise.exercise.is_barbell

    @property
    def log_url(self) -> str:
        return self.links.url("set_log", self.session_exercise.pk)

    def _set_url(self, name: str) -> str:
        if self.set_log is None:
            raise AttributeError(f"A row still to do has no {name} URL.")
        return self.links.url(name, self.set_log.pk)

    @property
    def edit_url(self) -> str:
        return self._set_url("set_edit")

    @property
    def delete_url(self) -> str:
        return self._set_url("set_delete")

    @property
    def restore_url(self) -> str:
        return self._set_url("set_restore")

    @property
    def cancel_url(self) -> str:
        return self._set_url("set_row")


@dataclass
class ExerciseCard:
    row: SessionExercise
    sets: list[SetRow] = field(default_factory=list)
    done: int = 0
    note: NoteBox | None = None
    columns: Sequence[str] = ()  # short headings over the rows still to do: "kg", "Reps"
    superset_partner: SessionExercise | None = None
    can_pair_with_next: bool = False
    barbell: Barbell | None = None  # for the plate calculator, on barbell exercises
    warmups_offered: int = 0  # suggested warm-ups still to do, shown when asked
    links: Links = field(default_factory=Links)

    @property
    def name(self) -> str:
        return self.row.exercise.name

    @property
    def bar_text(self) -> str:
        return amount(self.barbell.bar) if self.barbell else ""

    @property
    def plates_text(self) -> str:
        """The person's plates, as the plate calculator reads them: "20 15 10 5"."""
        return " ".join(amount(plate) for plate in self.barbell.plates) if self.barbell else ""

    @property
    def add_set_url(self) -> str:
        return self.links.url("exercise_add_set", self.row.pk)

    @property
    def swap_url(self) -> str:
        return self.links.url("exercise_swap", self.row.pk)

    @property
    def pair_url(self) -> str:
        return self.links.url("exercise_pair", self.row.pk)

    @property
    def unpair_url(self) -> str:
        return self.links.url("exercise_unpair", self.row.pk)

    @property
    def has_open_rows(self) -> bool:
        return any(row.state in ("pending", "edit") and not row.is_warmup for row in self.sets)

    @property
    def is_first_time(self) -> bool:
        return self.row.suggestion_change == progression.Change.FIRST

    @property
    def says_why(self) -> bool:
        """Whether the card shows its suggestion's reason: when today differs from last time
        or was held back. "Same as last time" is in the prefilled rows (and under More)."""
        return bool(self.row.suggestion_reason) and self.row.suggestion_change in NEWS_CHANGES


@dataclass(frozen=True)
class CardBlock:
    """One card on its own, or the cards of a superset shown together as one group."""

    cards: list[ExerciseCard]

    @property
    def is_superset(self) -> bool:
        return len(self.cards) > 1

    @property
    def label(self) -> str:
        return "Superset: " + " + ".join(card.row.exercise.name for card in self.cards)


def _blocks(cards: list[ExerciseCard]) -> list[CardBlock]:
    """Cards in session order, the members of each superset together where the first is,
    each card knowing its partner and whether it can pair with the next one (no queries)."""
    groups: dict[int, list[ExerciseCard]] = defaultdict(list)
    for card in cards:
        if card.row.superset_group is not None:
            groups[card.row.superset_group].append(card)
    blocks: list[CardBlock] = []
    for index, card in enumerate(cards):
        group = card.row.superset_group
        members = groups.get(group, []) if group is not None else []
        after = cards[index + 1] if index + 1 < len(cards) else None
        card.can_pair_with_next = (
            after is not None and group is None and after.row.superset_group is None
        )
        if len(members) > 1:
            card.superset_partner = next(m.row for m in members if m is not card)
            if members[0] is card:
                blocks.append(CardBlock(members))
        else:
            blocks.append(CardBlock([card]))
    return blocks


@dataclass(frozen=True)
class NoteBox:
    """The person's carried-over note on a card's exercise, or the note being typed."""

    session_exercise: SessionExercise
    text: str
    errors: Sequence[str] = ()
    max_length: int = ExerciseNote.MAX_LENGTH
    links: Links = field(default_factory=Links)

    @property
    def dom_id(self) -> str:
        return f"note-{self.session_exercise.pk}"

    @property
    def url(self) -> str:
        return self.links.url("exercise_note", self.session_exercise.pk)

    @property
    def exercise_name(self) -> str:
        return self.session_exercise.exercise.name


def _id_prefix(client_id: str) -> str:
    """Each row's inputs get ids of their own: several rows share one page."""
    return f"id_{client_id[:8]}"


def _unit(request: AuthedHttpRequest) -> str:
    return request.user.units


def _inputs(
    row: SessionExercise,
    unit: str,
    values: Mapping[str, Any],
    errors: Mapping[str, Sequence[str]] | None = None,
) -> list[SetInput]:
    inputs = []
    prefix = _id_prefix(str(values.get("client_id", "")))
    for name in set_field_names(row.exercise.measure):
        form_field = SetForm.base_fields[name]
        value = values.get(name)
        text = "" if value is None else str(value)
        attrs = form_field.widget.attrs
        inputs.append(
            SetInput(
                name=name,
                label=load_label(unit) if name == "load" else str(form_field.label),
                value=text,
                id=f"{prefix}_{name}",
                errors=list((errors or {}).get(name, ())),
                inputmode=attrs.get("inputmode", ""),
                step=attrs.get("step", ""),
                options=_rpe_options(text) if name == "rpe" else "",
            )
        )
    return inputs


def _form_row(
    state: str,
    row: SessionExercise,
    number: int,
    unit: str,
    values: Mapping[str, Any],
    *,
    set_log: SetLog | None = None,
    kind: str = SetLog.Kind.NORMAL,
    links: Links | None = None,
) -> SetRow:
    """A row with inputs, filled with ``values`` (as ``set_initial`` gives them)."""
    return SetRow(
        state,
        row,
        number,
        set_log=set_log,
        client_id=str(values["client_id"]),
        inputs=_inputs(row, unit, values),
        kind=kind,
        links=links or Links(),
    )


def _invalid_row(
    state: str,
    row: SessionExercise,
    number: int,
    form: SetForm,
    *,
    set_log: SetLog | None = None,
    barbell: Barbell | None = None,
) -> SetRow:
    """A posted row that did not save: what was typed, with a message next to each input."""
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    warmup = form.data.get("kind") == SetLog.Kind.WARMUP
    invalid = SetRow(
        state,
        row,
        number,
        set_log=set_log,
        client_id=str(form.data.get("client_id", "")),
        inputs=_inputs(row, form.unit, form.data, errors),
        errors=[
            *errors.get("__all__", []),
            *errors.get("client_id", []),
            *errors.get("kind", []),
        ],
        kind=SetLog.Kind.WARMUP if warmup else SetLog.Kind.NORMAL,
    )
    return _with_plates(invalid, barbell)


def _with_plates(set_row: SetRow, barbell: Barbell | None) -> SetRow:
    """The plates for the row's weight, on a barbell exercise (the plate calculator)."""
    if barbell is None or not set_row.session_exercise.exercise.is_barbell:
        return set_row
    typed = next((i.value for i in set_row.inputs if i.name == "load"), "")
    try:
        target = Decimal(typed)
    except ArithmeticError:
        return set_row
    if target.is_finite() and 0 <= target <= MAX_PLATE_TARGET:
        load = plates.plates_per_side(target, bar=barbell.bar, plates=barbell.plates)
        set_row.plates = plates.plate_text(load, barbell.unit)
    return set_row


def _set_form(row: SessionExercise, unit: str, data: Any) -> SetForm:
    return SetForm(data, measure=row.exercise.measure, unit=unit)


def _previous_text(done: progression.LoggedSet | None, unit: str) -> str:
    """A set from last time, as short as a logger's column: "40 × 10", "12 reps", "45 seconds"."""
    if done is None:
        return ""
    if done.seconds is not None and done.reps is None:
        return duration_text(done.seconds)
    if done.load_kg:
        return f"{format_amount(kg_to_unit(done.load_kg, unit))} × {done.reps}"
    return f"{done.reps} reps"


def _first_load_kg(row: SessionExercise, unit: str) -> Decimal | None:
    exercise = row.exercise
    if exercise.measure != progression.Measure.LOAD:
        return None
    return progression.starting_load_kg(
        equipment=exercise.equipment,
        movement_pattern=exercise.movement_pattern,
        is_compound=exercise.is_compound,
        unit=unit,
    )


def _pending_load_kg(
    row: SessionExercise,
    unit: str,
    last: SetLog | None,
    before: progression.LoggedSet | None,
) -> Decimal | None:
    """A fresh row's weight: the weight just lifted, else today's suggestion, else what
    was done last time, else a light start."""
    if last is not None:
        return last.load_kg
    if row.suggested_load_kg is not None:
        return row.suggested_load_kg
    if before is not None and before.load_kg:
        return before.load_kg
    return _first_load_kg(row, unit)


def _pending_row(
    row: SessionExercise,
    number: int,
    unit: str,
    last: SetLog | None,
    previous: Sequence[progression.LoggedSet] = (),
    barbell: Barbell | None = None,
    links: Links | None = None,
) -> SetRow:
    """A fresh row, always prefilled (``_pending_load_kg``), aiming at today's reps.
    ``last`` is the row's latest working set."""
    before = previous[min(number, len(previous)) - 1] if previous else None
    initial = set_initial(
        client_id=uuid.uuid4(),
        load_kg=_pending_load_kg(row, unit, last, before),
        reps=row.suggested_reps or row.reps_low or (before.reps if before else None),
        seconds=row.seconds,
        rpe=None,
        unit=unit,
    )
    pending = _form_row("pending", row, number, unit, initial, links=links)
    pending.previous = _previous_text(before if number <= len(previous) else None, unit)
    return _with_plates(pending, barbell)


def _warmup_rows(
    row: SessionExercise,
    unit: str,
    working_kg: Decimal | None,
    done: Sequence[SetLog],
    barbell: Barbell,
    links: Links,
) -> list[SetRow]:
    """The suggested warm-ups still to do before the first working set of ``working_kg``
    (see warmups.py), each a row that logs a warm-up with one tap. Those at or under the
    heaviest warm-up already done are passed."""
    exercise = row.exercise
    if working_kg is None or not exercise.takes_warmups:
        return []
    if exercise.equipment == Equipment.BARBELL:
        step, bar = 2 * barbell.smallest_plate, barbell.bar
    else:
        step, bar = increment_in_unit(exercise.load_increment_kg, unit), None
    suggested = warmups.warmup_sets(kg_to_unit(working_kg, unit), unit=unit, step=step, bar=bar)
    done_top = max((kg_to_unit(s.load_kg, unit) for s in done if s.load_kg is not None), default=0)
    rows = []
    for number, warmup in enumerate((w for w in suggested if w.load > done_top), len(done) + 1):
        values = {
            "client_id": uuid.uuid4(),
            "load": format_amount(warmup.load),
            "reps": warmup.reps,
            "rpe": "",
        }
        suggestion = _form_row(
            "pending", row, number, unit, values, kind=SetLog.Kind.WARMUP, links=links
        )
        rows.append(_with_plates(suggestion, barbell))
    return rows


def _columns(row: SessionExercise, unit: str) -> list[str]:
    short = {"load": unit, "reps": "Reps", "seconds": "Secs"}
    return [short[name] for name in set_field_names(row.exercise.measure) if name in short]


def _cards(
    session: WorkoutSession,
    unit: str,
    *,
    record_ids: set[int],
    deleted: list[SetLog],
    previous: Mapping[int, Sequence[progression.LoggedSet]],
    notes: Mapping[int, str],
    barbell: Barbell,
    links: Links,
    bound: SetRow | None = None,
    bound_note: NoteBox | None = None,
) -> list[ExerciseCard]:
    """Each exercise's rows: warm-ups done, warm-ups suggested (shown when asked), working
    sets done, sets just deleted, then the working sets still to do. Working sets and
    warm-ups are numbered apart."""
    deleted_by_row: dict[int, list[SetLog]] = {}
    for item in deleted:
        deleted_by_row.setdefault(item.session_exercise_id, []).append(item)
    bound_row_id = bound.session_exercise.pk if bound is not None else None
    cards = []
    for row in session.exercises.all():
        every: list[SetLog] = row.live_sets  # type: ignore[attr-defined]
        warm = [s for s in every if s.kind == SetLog.Kind.WARMUP]
        live = [s for s in every if s.kind != SetLog.Kind.WARMUP]
        if bound_note is not None and bound_note.session_exercise.pk == row.pk:
            note = bound_note
        else:
            note = NoteBox(row, notes.get(row.exercise_id, ""), links=links)
        card = ExerciseCard(
            row=row,
            done=len(live),
            note=note,
            columns=_columns(row, unit),
            barbell=barbell if row.exercise.is_barbell else None,
            links=links,
        )
        for number, item in enumerate(warm, 1):
            card.sets.append(SetRow("done", row, number, set_log=item, links=links))
        last = live[-1] if live else None
        before = previous.get(row.exercise_id, ())
        if not live:
            first = before[0] if before else None
            suggested = _warmup_rows(
                row, unit, _pending_load_kg(row, unit, None, first), warm, barbell, links
            )
            card.warmups_offered = len(suggested)
            card.sets.extend(suggested)
        for number, item in enumerate(live, 1):
            record = item.pk in record_ids
            card.sets.append(
                SetRow("done", row, number, set_log=item, is_record=record, links=links)
            )
        for item in deleted_by_row.get(row.pk, []):
            card.sets.append(SetRow("deleted", row, item.set_number, set_log=item, links=links))
        bound_here = bound is not None and bound_row_id == row.pk
        if bound is not None and bound_here and bound.is_warmup:
            # A warm-up that did not save: where the warm-ups are, shown.
            card.sets.insert(len(warm), bound)
            bound_here = False
        for offset in range(max(0, row.planned_sets - len(live))):
            number = len(live) + offset + 1
            if offset == 0 and bound is not None and bound_here:
                bound.number = number
                card.sets.append(bound)
            else:
                card.sets.append(_pending_row(row, number, unit, last, before, barbell, links))
        if bound is not None and bound_here and len(live) >= row.planned_sets:
            bound.number = len(live) + 1
            card.sets.append(bound)
        cards.append(card)
    return cards


def _session_or_404(user: User, pk: int) -> WorkoutSession:
    """The session with its rows, their live sets and their sets deleted in the last
    ``UNDO_WINDOW`` (see ``selectors.session_for_page``)."""
    session = selectors.session_for_page(user, pk, deleted_since=timezone.now() - UNDO_WINDOW)
    if session is None:
        raise Http404("No such session.")
    return session


def _session_page(
    request: AuthedHttpRequest,
    session: WorkoutSession,
    *,
    bound: SetRow | None = None,
    bound_note: NoteBox | None = None,
) -> HttpResponse:
    user = request.user
    bests = selectors.bests_before(user, session)
    record_ids = selectors.record_set_ids(session.exercises.all(), bests)
    deleted = [item for row in session.exercises.all() for item in row.deleted_sets]  # type: ignore[attr-defined]
    cards = _cards(
        session,
        _unit(request),
        record_ids=record_ids,
        deleted=deleted,
        previous=selectors.last_time_sets(user, session),
        notes=selectors.exercise_notes(user, [row.exercise_id for row in session.exercises.all()]),
        barbell=user.barbell(),
        links=Links(),
        bound=bound,
        bound_note=bound_note,
    )
    has_sets = any(card.done for card in cards)
    return render(
        request,
        "workouts/session.html",
        {
            "section": "today",
            "session": session,
            "cards": cards,
            "blocks": _blocks(cards),
            "has_sets": has_sets,
            # The "first time" advice is said once, above the cards it applies to.
            "has_first_time": any(card.is_first_time and not card.done for card in cards),
            "unit": _unit(request),
            "note_max_length": ExerciseNote.MAX_LENGTH,
        },
    )


def _row_response(
    request: AuthedHttpRequest, row: SetRow, *, trigger_rest: bool = False
) -> HttpResponse:
    response = render(request, SET_ROW_TEMPLATE, {"row": row, "unit": _unit(request)})
    if trigger_rest:
        exercise_row = row.session_exercise
        # In a superset the rest comes after the round: none while a partner's set of
        # this round is still to do.
        round_open = selectors.superset_round_open(
            session_exercise=exercise_row, set_number=row.number
        )
        response["HX-Trigger"] = json.dumps(
            {
                SET_SAVED_EVENT: {
                    "rest": 0 if round_open else exercise_row.rest_seconds,
                    "exercise": exercise_row.exercise.name,
                }
            }
        )
    return response


def _done_row(set_log: SetLog) -> SetRow:
    """A saved set's row, with its number and whether it is a new personal best."""
    standing = selectors.set_standing(set_log)
    return SetRow(
        "done",
        set_log.session_exercise,
        standing.number,
        set_log=set_log,
        is_record=standing.is_record,
    )


def checkin_url(kind: str, session: WorkoutSession, next_url: str) -> str:
    """The journal's before/after check-in, returning to ``next_url`` afterwards."""
    try:
        base = reverse("journal:checkin_create")
    except NoReverseMatch:
        return next_url
    return f"{base}?{urlencode({'kind': kind, 'session': session.pk, 'next': next_url})}"


def _session_url(session: WorkoutSession, anchor: str = "") -> str:
    url = reverse("workouts:session", args=[session.pk])
    return f"{url}#{anchor}" if anchor else url


# --- Start, log, finish ------------------------------------------------------------------


@login_required
@require_POST
def session_start(request: AuthedHttpRequest) -> HttpResponse:
    """Start today's session (or the 15-minute one), then the before check-in."""
    user = request.user
    existing = selectors.unfinished_session(user)
    if existing is not None:
        messages.info(request, "You already have a session going. Here it is.")
        return redirect(_session_url(existing))
    minimum = request.POST.get("minimum") == "1"
    today = user.local_today()
    planned = None if minimum else planned_session_for(user, today)
    if planned is not None and request.POST.get("deload") == "1":
        # The deload version of today's session, offered while a lighter week is due.
        planned = replace(planned, is_deload=True)
    holds = selectors.plan_hold_codes(request, user, today)
    session = services.session_start(user=user, planned=planned, minimum=minimum, holds=holds)
    return redirect(checkin_url("before", session, _session_url(session)))


@login_required
@require_GET
def session_page(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, _session_or_404(request.user, pk))


def _row_for_user(user: User, pk: int) -> SessionExercise:
    row = selectors.session_exercise_for(user, pk)
    if row is None:
        raise Http404("No such exercise in your sessions.")
    return row


def _set_for_user(user: User, pk: int) -> SetLog:
    item = selectors.set_log_for(user, pk)
    if item is None:
        raise Http404("No such set in your sessions.")
    return item


def _posted_number(request: AuthedHttpRequest, row: SessionExercise) -> int:
    """The set number shown on the row that was posted (display only)."""
    raw = request.POST.get("set_number", "")
    return int_param(raw, minimum=1, maximum=99) or row.planned_sets


@login_required
@require_POST
def set_log(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Save one set. Doubled or retried posts with the same client id save one set."""
    row = _row_for_user(request.user, pk)
    form = _set_form(row, _unit(request), request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved, _created = services.set_log_create(
                session_exercise=row,
                client_id=data["client_id"],
                reps=data.get("reps"),
                load_kg=form.load_kg,
                seconds=data.get("seconds"),
                rpe=data.get("rpe"),
                kind=data.get("kind") or SetLog.Kind.NORMAL,
            )
        except services.SetConflictError:
            form.add_error(None, "This set was saved somewhere else. Please reload the page.")
        else:
            if request.htmx:
                # Warm-ups lead straight on to the next one: no rest countdown.
                working = saved.kind != SetLog.Kind.WARMUP
                return _row_response(request, _done_row(saved), trigger_rest=working)
            return redirect(_session_url(row.session, f"exercise-{row.pk}"))
    pending = _invalid_row(
        "pending", row, _posted_number(request, row), form, barbell=request.user.barbell()
    )
    if request.htmx:
        return _row_response(request, pending)
    session = _session_or_404(request.user, row.session_id)
    return _session_page(request, session, bound=pending)


@login_required
@require_GET
def set_row(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A saved set's row (used by "Cancel" while editing)."""
    item = _set_for_user(request.user, pk)
    if not request.htmx:
        return redirect(_session_url(item.session_exercise.session, f"set-{item.client_id}"))
    return _row_response(request, _done_row(item))


@login_required
@require_http_methods(["GET", "POST"])
def set_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _set_for_user(request.user, pk)
    row = item.session_exercise
    unit = _unit(request)
    if request.method == "POST":
        form = _set_form(row, unit, request.POST)
        if form.is_valid() and form.cleaned_data["client_id"] == item.client_id:
            data = form.cleaned_data
            services.set_log_update(
                set_log=item,
                reps=data.get("reps"),
                load_kg=form.load_kg,
                seconds=data.get("seconds"),
                rpe=data.get("rpe"),
            )
            if request.htmx:
                return _row_response(request, _done_row(item))
            messages.success(request, "Set updated.")
            return redirect(_session_url(row.session, f"set-{item.client_id}"))
        edit_row = _invalid_row(
            "edit", row, item.set_number, form, set_log=item, barbell=request.user.barbell()
        )
    else:
        initial = set_initial(
            client_id=item.client_id,
            load_kg=item.load_kg,
            reps=item.reps,
            seconds=item.seconds,
            rpe=item.rpe,
            unit=unit,
        )
        edit_row = _with_plates(
            _form_row("edit", row, item.set_number, unit, initial, set_log=item),
            request.user.barbell(),
        )
    if request.htmx:
        return _row_response(request, edit_row)
    return render(
        request,
        "workouts/set_edit.html",
        {"row": edit_row, "session": row.session, "unit": unit, "section": "today"},
    )


@login_required
@require_POST
def set_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = services.set_log_delete(set_log=_set_for_user(request.user, pk))
    row = item.session_exercise
    if request.htmx:
        return _row_response(request, SetRow("deleted", row, item.set_number, set_log=item))
    messages.info(request, "Set deleted. You can undo it below.")
    return redirect(_session_url(row.session, f"set-{item.client_id}"))


@login_required
@require_POST
def set_restore(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = services.set_log_restore(set_log=_set_for_user(request.user, pk))
    if request.htmx:
        return _row_response(request, _done_row(item))
    messages.success(request, "Set brought back.")
    return redirect(_session_url(item.session_exercise.session, f"set-{item.client_id}"))


@login_required
@require_POST
def exercise_add_set(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    row = services.session_exercise_add_set(session_exercise=_row_for_user(request.user, pk))
    if request.htmx:
        live = [s for s in selectors.live_sets_of(row) if s.kind != SetLog.Kind.WARMUP]
        last = live[-1] if live else None
        pending = _pending_row(
            row, len(live) + 1, _unit(request), last, barbell=request.user.barbell()
        )
        return _row_response(request, pending)
    return redirect(_session_url(row.session, f"exercise-{row.pk}"))


@login_required
@require_POST
def exercise_pair(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Pair this exercise with the next one as a superset ("More" on its card)."""
    row = _row_for_user(request.user, pk)
    if services.session_exercise_pair_with_next(session_exercise=row) is not None:
        messages.success(request, "Paired as a superset: one set of each, then rest.")
    else:
        messages.info(
            request, "Not paired: it needs an exercise after it, and neither may be paired yet."
        )
    return redirect(_session_url(row.session, f"exercise-{row.pk}"))


@login_required
@require_POST
def exercise_unpair(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    row = _row_for_user(request.user, pk)
    services.session_exercise_unpair(session_exercise=row)
    messages.success(request, "Superset ended: each exercise has its own rest again.")
    return redirect(_session_url(row.session, f"exercise-{row.pk}"))


NOTE_TEMPLATE = "workouts/session.html#exercise_note"


@login_required
@require_POST
def exercise_note(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Save the person's note on this card's exercise; it shows on the card next time."""
    row = _row_for_user(request.user, pk)
    form = ExerciseNoteForm(request.POST)
    if form.is_valid():
        note = services.exercise_note_save(
            user=request.user, exercise=row.exercise, text=form.cleaned_data["text"]
        )
        box = NoteBox(row, note.text if note is not None else "")
        if request.htmx:
            return render(request, NOTE_TEMPLATE, {"note": box, "saved": True})
        messages.success(request, "Note saved for next time." if note else "Note removed.")
        return redirect(_session_url(row.session, f"exercise-{row.pk}"))
    typed = NoteBox(
        row,
        str(form.data.get("text", "")),
        errors=[str(message) for message in form.errors.get("text", [])],
    )
    if request.htmx:
        return render(request, NOTE_TEMPLATE, {"note": typed})
    session = _session_or_404(request.user, row.session_id)
    return _session_page(request, session, bound_note=typed)


@login_required
@require_http_methods(["GET", "POST"])
def exercise_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.sessions_for(request.user), pk=pk)
    form = AddExerciseForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = services.session_exercise_add(
            session=session,
            exercise=data["exercise"],
            sets=data["sets"],
            reps_low=data.get("reps_low"),
            reps_high=data.get("reps_high"),
            seconds=data.get("seconds"),
        )
        messages.success(request, f"{row.exercise.name} added.")
        return redirect(_session_url(session, f"exercise-{row.pk}"))
    return render(
        request,
        "workouts/exercise_add.html",
        {"form": form, "session": session, "section": "today"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def exercise_swap(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    row = _row_for_user(request.user, pk)
    options = selectors.swap_options(row)
    form = SwapExerciseForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        choices=options.choices,
    )
    if request.method == "POST" and form.is_valid():
        new_row = services.session_exercise_swap(
            session_exercise=row, exercise=form.cleaned_data["exercise"]
        )
        messages.success(request, f"Swapped to {new_row.exercise.name}.")
        return redirect(_session_url(row.session, f"exercise-{new_row.pk}"))
    return render(
        request,
        "workouts/exercise_swap.html",
        {
            "form": form,
            "row": row,
            "session": row.session,
            "alternatives": options.alternatives,
            "others": options.others,
            "section": "today",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_finish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.sessions_for(request.user), pk=pk)
    initial = {
        "duration_min": session.duration_min or services.suggested_duration(session),
        "session_rpe": f"{session.session_rpe.normalize():f}" if session.session_rpe else None,
        "notes": session.notes,
    }
    form = FinishForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        was_finished = session.is_finished
        services.session_finish(
            session=session,
            duration_min=form.cleaned_data["duration_min"],
            session_rpe=form.cleaned_data["session_rpe"],
            notes=form.cleaned_data["notes"],
        )
        detail = reverse("workouts:session_detail", args=[session.pk])
        if was_finished:
            messages.success(request, "Session details saved.")
            return redirect(detail)
        messages.success(request, "Session saved. Well done for showing up.")
        return redirect(checkin_url("after", session, detail))
    return render(
        request,
        "workouts/finish.html",
        {"form": form, "session": session, "section": "today"},
    )


@login_required
@require_POST
def session_discard(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.sessions_for(request.user), pk=pk)
    try:
        services.session_discard(session=session)
    except ValueError:
        messages.info(
            request, "This session has sets in it, so it was kept. You can finish it instead."
        )
        return redirect(_session_url(session))
    messages.info(request, "Session discarded. Nothing was logged, so nothing is lost.")
    return redirect("programs:today")


# --- History, detail, progress -----------------------------------------------------------


@login_required
@require_GET
def history(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    exercises = selectors.exercises_done(user)
    filter_form = ExerciseFilterForm(request.GET or None, exercises=exercises)
    exercise_id = filter_form.cleaned_data.get("exercise") if filter_form.is_valid() else None
    sessions = selectors.finished_sessions(user, exercise_id=exercise_id)
    page = Paginator(sessions, HISTORY_PAGE_SIZE).get_page(
        int_param(request.GET.get("page"), minimum=1, maximum=LARGEST_PAGE)
    )
    query = urlencode({"exercise": exercise_id}) if exercise_id else ""
    context = {
        "section": "history",
        "page": page,
        "filter_form": filter_form,
        "has_exercises": bool(exercises),
        "query": query,
        "open_session": selectors.unfinished_session(user),
        "summary_url": row_url("workouts:session_detail"),
    }
    if request.htmx:
        return render(request, "workouts/history.html#results", context)
    return render(request, "workouts/history.html", context)


@login_required
@require_GET
def session_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request.user, pk)
    rows = list(session.exercises.all())
    bests = selectors.bests_before(request.user, session)
    record_ids = selectors.record_set_ids(rows, bests)
    summaries: list[dict[str, Any]] = []
    set_total = 0
    for row in rows:
        live: list[SetLog] = row.live_sets  # type: ignore[attr-defined]
        best = [s for s in live if s.pk in record_ids]
        summaries.append({"row": row, "sets": live, "record": best[-1] if best else None})
        # Working sets: warm-ups are not volume.
        set_total += sum(1 for s in live if s.kind != SetLog.Kind.WARMUP)
    session_load = (
        int(session.session_rpe * session.duration_min)
        if session.session_rpe is not None and session.duration_min
        else None
    )
    # Shown to the owner only: the session is fetched through the owner's sessions.
    mood_before, mood_after = selectors.session_moods(session)
    try:
        insights_url = reverse("journal:insights")
    except NoReverseMatch:
        insights_url = ""
    return render(
        request,
        "workouts/session_detail.html",
        {
            "mood_before": mood_before,
            "mood_after": mood_after,
            "insights_url": insights_url,
            "section": "history",
            "session": session,
            "summaries": summaries,
            "record_ids": record_ids,
            "session_load": session_load,
            "set_total": set_total,
        },
    )


@login_required
@require_GET
def progress(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "workouts/progress.html",
        {"section": "progress", "bests": selectors.personal_bests(request.user)},
    )


UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
SECONDS_PER_DAY = 86_400


def _chart_payload(
    points: list[records.SessionPoint], weeks: list[records.WeekPoint], measure: str, unit: str
) -> dict[str, Any]:
    def load(value: Decimal | float | None) -> float | None:
        if value is None:
            return None
        return float(kg_to_unit(value, unit))

    def stamp(day: dt.date) -> int:
        """Noon UTC of the day, in Unix seconds."""
        return (day.toordinal() - UNIX_EPOCH_ORDINAL) * SECONDS_PER_DAY + SECONDS_PER_DAY // 2

    sessions_x = [stamp(p.day) for p in points]
    weeks_x = [stamp(w.week_start) for w in weeks]
    charts: list[dict[str, Any]] = []
    if measure == "load":
        charts.append(
            {
                "id": "e1rm",
                "label": f"Best estimated 1RM ({unit})",
                "x": sessions_x,
                "y": [load(p.best_e1rm) for p in points],
            }
        )
        charts.append(
            {
                "id": "heaviest",
                "label": f"Heaviest set ({unit})",
                "x": sessions_x,
                "y": [load(p.heaviest_kg) for p in points],
            }
        )
        charts.append(
            {
                "id": "volume",
                "label": f"Weekly volume ({unit} × reps)",
                "x": weeks_x,
                "y": [load(w.volume_kg) for w in weeks],
                "bars": True,
            }
        )
    elif measure == "timed":
        charts.append(
            {
                "id": "seconds",
                "label": "Total seconds per session",
                "x": sessions_x,
                "y": [p.total_seconds for p in points],
            }
        )
        charts.append(
            {
                "id": "volume",
                "label": "Weekly total seconds",
                "x": weeks_x,
                "y": [w.total_seconds for w in weeks],
                "bars": True,
            }
        )
    else:
        charts.append(
            {
                "id": "reps",
                "label": "Total reps per session",
                "x": sessions_x,
                "y": [p.total_reps for p in points],
            }
        )
        charts.append(
            {
                "id": "volume",
                "label": "Weekly total reps",
                "x": weeks_x,
                "y": [w.total_reps for w in weeks],
                "bars": True,
            }
        )
    return {"charts": charts}


@login_required
@require_GET
def exercise_progress(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise.objects.visible_to(request.user), slug=slug)
    user = request.user
    unit = _unit(request)
    # The charts show everything; the tables under them start with the recent rows
    # (years of sessions are thousands of rows on a phone) and can show them all.
    show_all = request.GET.get("all") == "1"
    rows = None if show_all else PROGRESS_TABLE_ROWS
    progress = selectors.exercise_progress(user, exercise, detailed=rows)
    points = progress.points
    weeks = records.weekly_points(points, week_start=user.week_start)
    record_list = list(reversed(progress.records))
    return render(
        request,
        "workouts/exercise_progress.html",
        {
            "section": "progress",
            "exercise": exercise,
            "points": list(reversed(points))[:rows],
            "weeks": list(reversed(weeks))[:rows],
            "records": record_list[:rows],
            "hidden_rows": not show_all
            and max(len(points), len(weeks), len(record_list)) > PROGRESS_TABLE_ROWS,
            "session_count": len(points),
            "latest_record": record_list[0] if record_list else None,
            "chart_data": _chart_payload(points, weeks, exercise.measure, unit),
            "unit": unit,
            "summary_url": row_url("workouts:session_detail"),
        },
    )


# --- Export ------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "session_date",
    "session_name",
    "session_started_at",
    "session_finished_at",
    "session_duration_min",
    "session_rpe",
    "deload_week",
    "exercise",
    "exercise_slug",
    "set_number",
    "set_kind",
    "reps",
    "load_kg",
    "load_user_unit",  # becomes load_kg or load_lb: the person's own unit
    "seconds",
    "rpe",
    "logged_at",
    "set_id",
]


def _export_record(item: SetLog, unit: str) -> dict[str, Any]:
    session = item.session_exercise.session
    return {
        "session_date": session.date.isoformat(),
        "session_name": session.name,
        "session_started_at": session.started_at.isoformat(),
        "session_finished_at": session.finished_at.isoformat() if session.finished_at else "",
        "session_duration_min": session.duration_min,
        "session_rpe": session.session_rpe,
        "deload_week": session.is_deload,
        "exercise": item.session_exercise.exercise.name,
        "exercise_slug": item.session_exercise.exercise.slug,
        "set_number": item.set_number,
        "set_kind": item.kind,
        "reps": item.reps,
        "load_kg": item.load_kg,
        f"load_{unit}": kg_to_unit(item.load_kg, unit) if item.load_kg is not None else None,
        "seconds": item.seconds,
        "rpe": item.rpe,
        "logged_at": item.logged_at.isoformat(),
        "set_id": str(item.client_id),
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any) -> Any:
    """Numbers as plain text; text that a spreadsheet would run as a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, str):
        return spreadsheet_text(value)
    return value


@login_required
@require_GET
def export_csv(request: AuthedHttpRequest) -> StreamingHttpResponse:
    """The full training log, one row per set (rows are read from the database in chunks)."""
    unit = _unit(request)
    # For kilogram users the two load columns are the same one.
    columns = list(
        dict.fromkeys(c if c != "load_user_unit" else f"load_{unit}" for c in EXPORT_COLUMNS)
    )
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(columns)
        for item in selectors.export_rows(request.user).iterator(chunk_size=500):
            record = _export_record(item, unit)
            yield writer.writerow([_csv_cell(record[c]) for c in columns])

    # Streamed: years of sets go out as they are read, never held whole in memory.
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = request.user.local_today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="steady-training-log-{stamp}.csv"'
    return response


@login_required
@require_GET
def export_json(request: AuthedHttpRequest) -> StreamingHttpResponse:
    """The full training log as JSON: ``{"units": …, "sets": [one object per set]}``."""
    unit = _unit(request)
    encoder = DjangoJSONEncoder()

    def chunks() -> Iterator[str]:
        head = {"exported_at": timezone.now().isoformat(), "units": unit}
        yield encoder.encode(head)[:-1] + ', "sets": ['
        first = True
        for item in selectors.export_rows(request.user).iterator(chunk_size=500):
            record = _export_record(item, unit)
            for key, value in record.items():
                if isinstance(value, Decimal):
                    record[key] = float(value)
            yield ("" if first else ", ") + encoder.encode(record)
            first = False
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    stamp = request.user.local_today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="steady-training-log-{stamp}.json"'
    return response
