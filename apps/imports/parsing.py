"""Reading other apps' training logs. Pure Python, no Django.

Four formats, told apart by their header (column order never matters):

- **Strong** (strong.app), two generations of its CSV export. The older one is separated by
  semicolons, has ``Weight Unit`` and ``Distance Unit`` columns and a ``Workout Duration``
  at the end; localised copies write decimal commas (``62,5``). The newer one is separated
  by commas, has a ``Duration`` column after ``Workout Name`` and no unit columns: weights
  are in the unit the person used in Strong, which they tell us on the upload form. Dates
  come as ``2024-01-15 18:05:12``, as ``2024-01-15 6:05:12 PM`` (a 12-hour clock, sometimes
  with a narrow no-break space before the AM/PM) or as a bare date. ``Set Order`` is a
  number, or ``W`` / ``D`` / ``F`` for warm-up, drop and failure sets.
- **Hevy** (hevy.com) CSV: ``title, start_time, end_time, description, exercise_title,
  superset_id, exercise_notes, set_index`` (from 0), ``set_type`` (``normal``, ``warmup``,
  ``dropset``, ``failure``), ``weight_kg`` or ``weight_lbs``, ``reps``, ``distance_km`` or
  ``distance_miles``, ``duration_seconds``, ``rpe``. Times look like ``14 Jan 2024, 09:15``
  (older exports) or ``2024-01-14 09:15:00``.
- **wger** (wger.de) workout log, as its REST API returns it (``/api/v2/workoutlog/``):
  JSON, a list or a page with ``results``, each log with ``id``, ``date``, ``exercise``
  (an id; ``exercise_name`` when the person's tool added it), ``repetitions`` (or ``reps``),
  ``weight``, ``weight_unit`` (1 kilograms, 2 pounds), ``rir`` and ``session``.
- **Steady's own** training-log CSV (Settings → export), so an export imports back.

A file either parses completely or not at all: the first broken row raises
``ImportFileError`` naming its row (the header is row 1) and the problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from apps.accounts.units import KG, LB, unit_to_kg

STRONG = "strong"
HEVY = "hevy"
WGER = "wger"
STEADY = "steady"
FORMAT_NAMES = {STRONG: "Strong", HEVY: "Hevy", WGER: "wger", STEADY: "Steady"}

NORMAL = "normal"
WARMUP = "warmup"
DROP = "drop"
FAILURE = "failure"

# Limits (README "Importing your history"): a 10-year Strong history of 60,000 sets is
# about 6 MB; these leave room for three times that.
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000

# What Steady's SetLog accepts (apps/workouts/models.py validators).
MAX_REPS = 100
MAX_LOAD_KG = Decimal(1000)
MAX_SECONDS = 3600
MAX_DURATION_MIN = 600


class ImportFileError(ValueError):
    """The file cannot be imported; ``row`` is its 1-based row (None: the whole file)."""

    def __init__(self, problem: str, row: int | None = None) -> None:
        self.problem = problem
        self.row = row
        super().__init__(f"Row {row}: {problem}" if row is not None else problem)


@dataclass(frozen=True)
class ParsedSet:
    row: int
    source_key: str
    session_key: str
    session_name: str
    started_at: dt.datetime  # naive: the person's local time, unless ``aware``
    finished_at: dt.datetime | None
    duration_min: int | None
    session_rpe: Decimal | None
    session_notes: str
    is_deload: bool
    exercise_name: str
    exercise_slug: str  # Steady's own export names the library exercise exactly
    set_number: int
    kind: str
    reps: int | None
    load_kg: Decimal | None
    seconds: int | None
    rpe: Decimal | None
    notes: str
    superset: str
    logged_at: dt.datetime | None = None
    steady_set_id: str = ""


@dataclass
class ParsedFile:
    format: str
    sets: list[ParsedSet]
    warnings: list[str] = field(default_factory=list)

    @property
    def session_count(self) -> int:
        return len({s.session_key for s in self.sets})

    @property
    def first_day(self) -> dt.date | None:
        return min((s.started_at.date() for s in self.sets), default=None)

    @property
    def last_day(self) -> dt.date | None:
        return max((s.started_at.date() for s in self.sets), default=None)

    def sets_per_exercise(self) -> list[tuple[str, int]]:
        counts = Counter(s.exercise_name for s in self.sets)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))


def stable_key(*parts: object) -> str:
    """A short key that is the same every time the same set is exported."""
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


# --- Reading text and rows ---------------------------------------------------------------


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"The file is {len(data) / 1_048_576:.1f} MB; files up to "
            f"{MAX_BYTES // 1_048_576} MB can be imported. Export a shorter period and import "
            "each part."
        )
    if not data.strip():
        raise ImportFileError("The file is empty.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "The file is not UTF-8 text. Export it again from the app, without opening and "
            "saving it in a spreadsheet first."
        ) from error


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda sep: counts[sep])


def _csv_rows(text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header (stripped) and each later row as a dict, with its 1-based row number."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise ImportFileError("The first row is not a row of column names.", 1) from error

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        number = 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(
                    "a quoted text never ends: the file may be cut short.", number + 1
                ) from error
            number += 1
            if number - 1 > MAX_ROWS:
                raise ImportFileError(
                    f"the file has more than {MAX_ROWS:,} rows. Export a shorter period and "
                    "import each part.",
                    number,
                )
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise ImportFileError(
                    f"it has {len(values)} columns but the first row has {len(header)}: "
                    "the file may be cut short or the row broken.",
                    number,
                )
            yield number, dict(zip(header, values, strict=True))

    return header, rows()


# --- Values ------------------------------------------------------------------------------


_NOT_A_NUMBER = "not a number"
_NEGATIVE = "negative"


@functools.lru_cache(maxsize=8192)
def _decimal(text: str) -> Decimal | str | None:
    """``text`` as a Decimal, None when empty, or why not. Cached: weights, reps and set
    numbers repeat on almost every row (Decimals are immutable, so sharing them is safe)."""
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if not value:
        return None
    if "," in value and "." in value:
        value = value.replace(",", "")  # thousands separator
    elif "," in value:
        value = value.replace(",", ".")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return _NOT_A_NUMBER
    if not amount.is_finite() or amount < 0:
        return _NEGATIVE
    return amount


def number(text: str, row: int, what: str) -> Decimal | None:
    """A decimal from ``62.5``, ``62,5`` (decimal comma) or ``1,062.5``; None when empty."""
    amount = _decimal(text)
    if amount == _NOT_A_NUMBER:
        raise ImportFileError(f"the {what} “{text.strip()}” is not a number.", row)
    if amount == _NEGATIVE:
        raise ImportFileError(f"the {what} “{text.strip()}” is not a number of zero or more.", row)
    assert not isinstance(amount, str)
    return amount


def whole(text: str, row: int, what: str, maximum: int) -> int | None:
    amount = number(text, row, what)
    if amount is None:
        return None
    if amount != amount.to_integral_value():
        raise ImportFileError(f"the {what} “{text.strip()}” is not a whole number.", row)
    if amount > maximum:
        raise ImportFileError(f"the {what} {amount} is more than {maximum}.", row)
    return int(amount)


def load(text: str, unit: str, row: int) -> Decimal | None:
    amount = number(text, row, "weight")
    if amount is None:
        return None
    kg = unit_to_kg(amount, unit)
    if kg > MAX_LOAD_KG:
        raise ImportFileError(f"the weight {text.strip()} {unit} is more than 1000 kg.", row)
    return kg


def rpe(text: str, row: int) -> Decimal | None:
    amount = number(text, row, "RPE")
    if amount is None or amount == 0:
        return None
    if amount > 10:
        raise ImportFileError(f"the RPE {amount} is more than 10.", row)
    return max(amount, Decimal(1)).quantize(Decimal("0.1"))


_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%d %b %Y, %H:%M",
    "%d %B %Y, %H:%M",
    "%b %d, %Y, %I:%M %p",
)


@functools.lru_cache(maxsize=4096)
def _moment(text: str) -> dt.datetime | None:
    """The date and time in ``text`` (None: not one we read). Cached: every set of a
    session repeats its start, so a 60,000-set file has only a few thousand to read."""
    value = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern)  # noqa: DTZ007 (local time, made aware by the service)
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def when(text: str, row: int, what: str = "date") -> dt.datetime:
    if not text.strip():
        raise ImportFileError(f"the {what} is empty.", row)
    moment = _moment(text)
    if moment is None:
        raise ImportFileError(f"the {what} “{text.strip()}” is not a date we can read.", row)
    return moment


def when_given(text: str, row: int, what: str) -> dt.datetime | None:
    """Like ``when`` for a column that may be empty."""
    return when(text, row, what) if text.strip() else None


def strong_duration(text: str, row: int) -> int | None:
    """Minutes from Strong's ``1h 5m``, ``45m``, ``50s`` or plain seconds."""
    minutes = _strong_minutes(text)
    if minutes == -1:
        raise ImportFileError(f"the duration “{text.strip()}” is not one we can read.", row)
    return minutes


@functools.lru_cache(maxsize=4096)
def _strong_minutes(text: str) -> int | None:
    """``strong_duration`` without the row (-1: unreadable), cached like ``_moment``."""
    value = text.strip().lower()
    if not value:
        return None
    if value.isdigit():
        minutes = round(int(value) / 60)
    else:
        total = 0
        for part in value.split():
            amount, unit = part[:-1], part[-1:]
            if not amount.isdigit() or unit not in "hms":
                return -1
            total += int(amount) * {"h": 3600, "m": 60, "s": 1}[unit]
        minutes = round(total / 60)
    return min(max(minutes, 1), MAX_DURATION_MIN)


def _seconds(text: str, row: int) -> int | None:
    amount = whole(text, row, "time in seconds", 10**7)
    if not amount:
        return None
    if amount > MAX_SECONDS:
        raise ImportFileError(f"the time {amount} seconds is more than an hour.", row)
    return amount


# --- Formats -----------------------------------------------------------------------------


@dataclass
class _Builder:
    """Collects sets, drops exact duplicates and counts what the preview should mention."""

    format: str
    sets: list[ParsedSet] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    duplicates: int = 0
    no_weight: int = 0
    skipped_cardio: int = 0

    def add(self, item: ParsedSet | None) -> None:
        if item is None:
            self.skipped_cardio += 1
            return
        if item.source_key in self.seen:
            self.duplicates += 1
            return
        self.seen.add(item.source_key)
        if item.load_kg is None and item.reps is not None:
            self.no_weight += 1
        self.sets.append(item)

    def result(self) -> ParsedFile:
        if not self.sets:
            raise ImportFileError("The file has no sets with reps or a time to import.")
        warnings = []
        if self.no_weight:
            warnings.append(
                f"{self.no_weight} {_rows(self.no_weight)} without weight: imported as "
                "bodyweight or band sets."
            )
        if self.skipped_cardio:
            warnings.append(
                f"{self.skipped_cardio} {_rows(self.skipped_cardio)} with neither reps nor a "
                "time (distance-only cardio, or empty sets) will be left out."
            )
        if self.duplicates:
            warnings.append(
                f"{self.duplicates} duplicate {_rows(self.duplicates)} appear twice in the "
                "file and will be imported once."
            )
        return ParsedFile(format=self.format, sets=self.sets, warnings=warnings)


def _rows(count: int) -> str:
    return "row" if count == 1 else "rows"


def _kept(reps: int | None, seconds: int | None) -> bool:
    """A set needs reps or a time (SetLog's check constraint)."""
    return bool(reps) or bool(seconds)


STRONG_COLUMNS = {"Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Reps"}
HEVY_COLUMNS = {"title", "start_time", "exercise_title", "set_index", "reps"}
STEADY_COLUMNS = {"session_date", "session_started_at", "exercise", "set_number", "set_id"}

_STRONG_KINDS = {"w": WARMUP, "d": DROP, "f": FAILURE}
_HEVY_KINDS = {"normal": NORMAL, "warmup": WARMUP, "dropset": DROP, "failure": FAILURE}


def _strong(rows: Iterable[tuple[int, dict[str, str]]], header: list[str], unit: str) -> ParsedFile:
    builder = _Builder(STRONG)
    numbers: Counter[tuple[str, str]] = Counter()
    session_keys: dict[tuple[str, str], str] = {}
    for row, cells in rows:
        started = when(cells["Date"], row)
        name = cells["Exercise Name"].strip()
        if not name:
            raise ImportFileError("the exercise name is empty.", row)
        order = cells["Set Order"].strip()
        kind = _STRONG_KINDS.get(order.lower(), NORMAL)
        session = (cells["Date"].strip(), cells["Workout Name"].strip())
        session_key = session_keys.get(session) or session_keys.setdefault(
            session, stable_key(STRONG, *session)
        )
        numbers[(session_key, name)] += 1
        # Warm-up, drop and failure sets share a letter: the how-manieth row of the exercise
        # tells them apart. Numbered sets keep their number, so a doubled row is one set.
        set_number = numbers[(session_key, name)]
        position: object = set_number
        if kind == NORMAL:
            set_number = whole(order, row, "set order", 10_000) or set_number
            position = ""
        row_unit = unit
        if "Weight Unit" in cells and cells["Weight Unit"].strip():
            row_unit = LB if cells["Weight Unit"].strip().lower().startswith("lb") else KG
        reps = whole(cells["Reps"], row, "reps", MAX_REPS)
        seconds = _seconds(cells.get("Seconds", ""), row)
        weight = load(cells["Weight"], row_unit, row)
        duration = cells.get("Duration") or cells.get("Workout Duration") or ""
        if not _kept(reps, seconds):
            builder.add(None)
            continue
        builder.add(
            ParsedSet(
                row=row,
                source_key=stable_key(STRONG, session_key, name, order, position),
                session_key=session_key,
                session_name=cells["Workout Name"].strip()[:100] or "Imported session",
                started_at=started,
                finished_at=None,
                duration_min=strong_duration(duration, row),
                session_rpe=None,
                session_notes=cells.get("Workout Notes", "").strip()[:2000],
                is_deload=False,
                exercise_name=name,
                exercise_slug="",
                set_number=set_number,
                kind=kind,
                reps=reps or None,
                load_kg=weight if weight else None,
                seconds=seconds,
                rpe=rpe(cells.get("RPE", ""), row),
                notes=cells.get("Notes", "").strip(),
                superset="",
            )
        )
    return builder.result()


def _hevy(rows: Iterable[tuple[int, dict[str, str]]], header: list[str], unit: str) -> ParsedFile:
    builder = _Builder(HEVY)
    weight_column, weight_unit = ("weight_lbs", LB) if "weight_lbs" in header else ("weight_kg", KG)
    for row, cells in rows:
        started = when(cells["start_time"], row, "start time")
        ended = when_given(cells.get("end_time", ""), row, "end time")
        name = cells["exercise_title"].strip()
        if not name:
            raise ImportFileError("the exercise title is empty.", row)
        index = whole(cells["set_index"], row, "set index", 10_000) or 0
        set_type = cells.get("set_type", "").strip().lower() or NORMAL
        if set_type not in _HEVY_KINDS:
            raise ImportFileError(
                f"the set type “{set_type}” is not normal, warmup, dropset or failure.", row
            )
        reps = whole(cells["reps"], row, "reps", MAX_REPS)
        seconds = _seconds(cells.get("duration_seconds", ""), row)
        weight = load(cells.get(weight_column, ""), weight_unit, row)
        session_key = stable_key(HEVY, cells["start_time"].strip(), cells["title"].strip())
        duration = None
        if ended is not None and ended > started:
            minutes = round((ended - started).total_seconds() / 60)
            duration = min(max(minutes, 1), MAX_DURATION_MIN)
        if not _kept(reps, seconds):
            builder.add(None)
            continue
        builder.add(
            ParsedSet(
                row=row,
                source_key=stable_key(HEVY, session_key, name, index),
                session_key=session_key,
                session_name=cells["title"].strip()[:100] or "Imported session",
                started_at=started,
                finished_at=ended if ended is not None and ended > started else None,
                duration_min=duration,
                session_rpe=None,
                session_notes=cells.get("description", "").strip()[:2000],
                is_deload=False,
                exercise_name=name,
                exercise_slug="",
                set_number=index + 1,
                kind=_HEVY_KINDS[set_type],
                reps=reps or None,
                load_kg=weight if weight else None,
                seconds=seconds,
                rpe=rpe(cells.get("rpe", ""), row),
                notes=cells.get("exercise_notes", "").strip(),
                superset=cells.get("superset_id", "").strip(),
            )
        )
    return builder.result()


def _steady(rows: Iterable[tuple[int, dict[str, str]]], header: list[str], unit: str) -> ParsedFile:
    builder = _Builder(STEADY)
    load_column, load_unit = ("load_kg", KG) if "load_kg" in header else ("load_lb", LB)
    for row, cells in rows:
        started = when(cells["session_started_at"], row, "session start")
        set_id = cells["set_id"].strip()
        if not set_id:
            raise ImportFileError("the set_id is empty.", row)
        reps = whole(cells.get("reps", ""), row, "reps", MAX_REPS)
        seconds = _seconds(cells.get("seconds", ""), row)
        if not _kept(reps, seconds):
            builder.add(None)
            continue
        session_rpe = number(cells.get("session_rpe", ""), row, "session RPE")
        if session_rpe is not None and session_rpe > 10:
            raise ImportFileError(f"the session RPE {session_rpe} is more than 10.", row)
        builder.add(
            ParsedSet(
                row=row,
                source_key=stable_key(STEADY, set_id),
                session_key=stable_key(STEADY, cells["session_started_at"].strip()),
                session_name=cells.get("session_name", "").strip()[:100] or "Imported session",
                started_at=started,
                finished_at=when_given(cells.get("session_finished_at", ""), row, "session end"),
                duration_min=whole(
                    cells.get("session_duration_min", ""), row, "duration", MAX_DURATION_MIN
                ),
                session_rpe=session_rpe,
                session_notes="",
                is_deload=cells.get("deload_week", "").strip().lower() == "true",
                exercise_name=cells["exercise"].strip(),
                exercise_slug=cells.get("exercise_slug", "").strip(),
                set_number=whole(cells["set_number"], row, "set number", 10_000) or 1,
                kind=_steady_kind(cells.get("set_kind", ""), row),
                reps=reps,
                load_kg=load(cells.get(load_column, ""), load_unit, row),
                seconds=seconds,
                rpe=rpe(cells.get("rpe", ""), row),
                notes="",
                superset="",
                logged_at=when_given(cells.get("logged_at", ""), row, "logged_at"),
                steady_set_id=set_id,
            )
        )
    return builder.result()


def _steady_kind(text: str, row: int) -> str:
    kind = text.strip() or NORMAL
    if kind not in (NORMAL, WARMUP, DROP, FAILURE):
        raise ImportFileError(f"the set_kind “{kind}” is not one Steady writes.", row)
    return kind


def _wger(text: str) -> ParsedFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"the JSON is broken ({error.msg}): the file may be cut short.", error.lineno
        ) from error
    logs: Any = data.get("results") if isinstance(data, dict) else data
    if not isinstance(logs, list):
        raise ImportFileError("This JSON file is not a wger workout log (no list of logs).")
    if len(logs) > MAX_ROWS:
        raise ImportFileError(f"The file has more than {MAX_ROWS:,} logs.")
    builder = _Builder(WGER)
    numbers: Counter[tuple[str, str]] = Counter()
    for index, log in enumerate(logs, 1):
        if not isinstance(log, dict) or "date" not in log:
            raise ImportFileError("this entry is not a workout log with a date.", index)

        def value(key: str, log: dict[str, Any] = log) -> str:
            value = log.get(key)
            return "" if value is None else str(value)

        started = when(value("date")[:19], index)
        exercise = value("exercise_name") or (
            f"wger exercise {value('exercise') or value('exercise_base')}"
        )
        unit = LB if value("weight_unit") in ("2", "lb", "lbs") else KG
        reps = whole(value("repetitions") or value("reps"), index, "repetitions", MAX_REPS)
        rir = number(value("rir"), index, "RIR")
        session_key = stable_key(WGER, value("session") or started.date().isoformat())
        numbers[(session_key, exercise)] += 1
        if not _kept(reps, None):
            builder.add(None)
            continue
        weight = load(value("weight"), unit, index)
        builder.add(
            ParsedSet(
                row=index,
                source_key=stable_key(WGER, value("id") or index),
                session_key=session_key,
                session_name="wger workout",
                started_at=started,
                finished_at=None,
                duration_min=None,
                session_rpe=None,
                session_notes="",
                is_deload=False,
                exercise_name=exercise[:80],
                exercise_slug="",
                set_number=numbers[(session_key, exercise)],
                kind=NORMAL,
                reps=reps,
                load_kg=weight if weight else None,
                seconds=None,
                # Reps in reserve to RPE on the RIR scale (DOMAIN.md): RPE = 10 − RIR.
                rpe=max(Decimal(10) - rir, Decimal(1)) if rir is not None and rir <= 9 else None,
                notes="",
                superset="",
            )
        )
    return builder.result()


_CSV_FORMATS: list[
    tuple[set[str], Callable[[Iterable[tuple[int, dict[str, str]]], list[str], str], ParsedFile]]
] = [
    (STEADY_COLUMNS, _steady),
    (STRONG_COLUMNS, _strong),
    (HEVY_COLUMNS, _hevy),
]


def parse_file(data: bytes, *, unit: str = KG) -> ParsedFile:
    """Every set in the file, or ``ImportFileError`` for the first problem.

    ``unit`` is the weight unit of files that do not say (Strong's newer export).
    """
    text = decode(data)
    if text.lstrip()[:1] in ("{", "["):
        return _wger(text)
    header, rows = _csv_rows(text)
    columns = set(header)
    for required, reader in _CSV_FORMATS:
        if required <= columns:
            return reader(rows, header, unit)
    raise ImportFileError(
        "This file is not an export we know: its first row has none of the column sets of "
        "Strong, Hevy or Steady exports, and it is not a wger workout log (JSON)."
    )
