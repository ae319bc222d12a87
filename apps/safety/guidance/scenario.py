"""Parse and validate a guidance scenario (DOMAIN.md, "Scenario format").

``scenario_parse(text)`` returns the engine's ``GuidanceInput`` or raises
``ScenarioError`` with a one-line message naming the offending field, e.g.
``checkins[2].mood: must be a whole number from 1 to 10 (got 11)``. Nothing here touches
a database: a scenario is evaluated purely in memory.

Decisions where the format is silent: unknown keys are rejected (a misspelt field would
otherwise be silently ignored by a safety check); ``null`` means "not answered" for an
optional field and "missing" for a required one; session ids may be strings or whole
numbers and must be unique; duplicate identifiers in a list are kept once.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from apps.safety.guidance.data import (
    CHECKIN_KINDS,
    PELVIC_SYMPTOMS,
    QUESTIONNAIRE_KINDS,
    QUESTIONNAIRE_SHAPES,
    READINESS_TOPICS,
    WARNING_SYMPTOMS,
    CheckIn,
    CheckInKind,
    GuidanceInput,
    Profile,
    Questionnaire,
    QuestionnaireKind,
    Session,
)

DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
COUNTRY_PATTERN = re.compile(r"[A-Za-z]{2}|OTHER")

TOP_KEYS = {"today", "profile", "sessions", "checkins", "questionnaires"}
PROFILE_KEYS = {"country", "postpartum_delivery_date", "readiness_yes", "clearance_recorded"}
SESSION_KEYS = {"id", "date", "duration_min", "session_rpe", "deload"}
CHECKIN_KEYS = {
    "date",
    "kind",
    "session",
    "mood",
    "energy",
    "stress",
    "sleep_hours",
    "ate_recently",
    "warning_symptoms",
    "pelvic_symptoms",
    "self_harm_thoughts",
}
QUESTIONNAIRE_KEYS = {"date", "kind", "answers"}

MISSING = object()


class ScenarioError(ValueError):
    """An invalid scenario; ``str(error)`` is a single line."""


def _fail(path: str, message: str) -> ScenarioError:
    return ScenarioError(f"{path}: {message}" if path else message)


def _describe(value: Any) -> str:
    text = json.dumps(value) if not isinstance(value, float) or math.isfinite(value) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _object(value: Any, path: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, f"must be an object (got {_describe(value)})")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _fail(path, f"unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None or value is MISSING:
        return []
    if not isinstance(value, list):
        raise _fail(path, f"must be a list (got {_describe(value)})")
    return value


def _required(obj: dict[str, Any], key: str, path: str) -> Any:
    value = obj.get(key)
    if value is None:
        raise _fail(f"{path}.{key}" if path else key, "is required")
    return value


def _date(value: Any, path: str) -> dt.date:
    if not isinstance(value, str) or not DATE_PATTERN.fullmatch(value):
        raise _fail(path, f"must be a date written YYYY-MM-DD (got {_describe(value)})")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(path, f"is not a real calendar date (got {_describe(value)})") from None


def _optional_date(value: Any, path: str) -> dt.date | None:
    return None if value is None else _date(value, path)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _whole(value: Any, path: str, low: int, high: int) -> int:
    if (
        not _is_number(value)
        or (isinstance(value, float) and not value.is_integer())
        or not low <= value <= high
    ):
        raise _fail(path, f"must be a whole number from {low} to {high} (got {_describe(value)})")
    return int(value)


def _optional_whole(value: Any, path: str, low: int, high: int) -> int | None:
    return None if value is None else _whole(value, path, low, high)


def _optional_decimal(value: Any, path: str, low: int, high: int) -> Decimal | None:
    if value is None:
        return None
    # NaN and infinities fail the range test as well as the type test.
    if not _is_number(value) or not low <= value <= high:
        raise _fail(path, f"must be a number from {low} to {high} (got {_describe(value)})")
    return Decimal(str(value))


def _optional_bool(value: Any, path: str) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise _fail(path, f"must be true or false (got {_describe(value)})")
    return value


def _identifiers(value: Any, path: str, vocabulary: Sequence[str]) -> tuple[str, ...]:
    found: list[str] = []
    for index, name in enumerate(_list(value, path)):
        if not isinstance(name, str) or name not in vocabulary:
            raise _fail(
                f"{path}[{index}]",
                f"unknown identifier {_describe(name)} (known: {', '.join(vocabulary)})",
            )
        if name not in found:
            found.append(name)
    return tuple(found)


def _choice(value: Any, path: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise _fail(path, f"must be one of {', '.join(choices)} (got {_describe(value)})")
    return value


def _session_id(value: Any, path: str) -> str:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _fail(path, f"must be a non-empty string or a whole number (got {_describe(value)})")


def _profile(value: Any) -> Profile:
    if value is None or value is MISSING:
        return Profile()
    obj = _object(value, "profile", PROFILE_KEYS)
    country = obj.get("country")
    if country is not None and (
        not isinstance(country, str) or not COUNTRY_PATTERN.fullmatch(country)
    ):
        raise _fail(
            "profile.country",
            f"must be a two-letter country code or OTHER (got {_describe(country)})",
        )
    return Profile(
        country=country,
        postpartum_delivery_date=_optional_date(
            obj.get("postpartum_delivery_date"), "profile.postpartum_delivery_date"
        ),
        readiness_yes=_identifiers(
            obj.get("readiness_yes"), "profile.readiness_yes", READINESS_TOPICS
        ),
        clearance_recorded=_optional_bool(
            obj.get("clearance_recorded"), "profile.clearance_recorded"
        ),
    )


def _session(value: Any, path: str) -> Session:
    obj = _object(value, path, SESSION_KEYS)
    return Session(
        id=_session_id(_required(obj, "id", path), f"{path}.id"),
        date=_date(_required(obj, "date", path), f"{path}.date"),
        duration_min=_optional_whole(obj.get("duration_min"), f"{path}.duration_min", 1, 600),
        session_rpe=_optional_decimal(obj.get("session_rpe"), f"{path}.session_rpe", 0, 10),
        deload=_optional_bool(obj.get("deload"), f"{path}.deload"),
    )


def _checkin(value: Any, path: str, index: int, session_ids: set[str]) -> CheckIn:
    obj = _object(value, path, CHECKIN_KEYS)
    kind: CheckInKind = _choice(_required(obj, "kind", path), f"{path}.kind", CHECKIN_KINDS)  # type: ignore[assignment]
    session: str | None = None
    if obj.get("session") is not None:
        session = _session_id(obj["session"], f"{path}.session")
        if session not in session_ids:
            raise _fail(f"{path}.session", f"points at session {session!r}, which is not listed")
    return CheckIn(
        date=_date(_required(obj, "date", path), f"{path}.date"),
        kind=kind,
        mood=_whole(_required(obj, "mood", path), f"{path}.mood", 1, 10),
        session=session,
        energy=_optional_whole(obj.get("energy"), f"{path}.energy", 1, 10),
        stress=_optional_whole(obj.get("stress"), f"{path}.stress", 1, 10),
        sleep_hours=_optional_decimal(obj.get("sleep_hours"), f"{path}.sleep_hours", 0, 24),
        ate_recently=_optional_bool(obj.get("ate_recently"), f"{path}.ate_recently"),
        warning_symptoms=_identifiers(
            obj.get("warning_symptoms"), f"{path}.warning_symptoms", WARNING_SYMPTOMS
        ),
        pelvic_symptoms=_identifiers(
            obj.get("pelvic_symptoms"), f"{path}.pelvic_symptoms", PELVIC_SYMPTOMS
        ),
        self_harm_thoughts=_optional_bool(
            obj.get("self_harm_thoughts"), f"{path}.self_harm_thoughts"
        ),
        ref=f"checkin:{index}",
    )


def _questionnaire(value: Any, path: str, index: int) -> Questionnaire:
    obj = _object(value, path, QUESTIONNAIRE_KEYS)
    kind: QuestionnaireKind = _choice(  # type: ignore[assignment]
        _required(obj, "kind", path), f"{path}.kind", QUESTIONNAIRE_KINDS
    )
    count, highest = QUESTIONNAIRE_SHAPES[kind]
    answers = _list(_required(obj, "answers", path), f"{path}.answers")
    if len(answers) != count:
        raise _fail(f"{path}.answers", f"{kind} needs exactly {count} answers (got {len(answers)})")
    return Questionnaire(
        date=_date(_required(obj, "date", path), f"{path}.date"),
        kind=kind,
        answers=tuple(_whole(a, f"{path}.answers[{i}]", 0, highest) for i, a in enumerate(answers)),
        ref=f"{kind}:{index}",
    )


def scenario_from_data(data: Any) -> GuidanceInput:
    """Validate decoded JSON and build the engine input."""
    root = _object(data, "", TOP_KEYS)
    today = _date(_required(root, "today", ""), "today")
    sessions = [
        _session(value, f"sessions[{i}]")
        for i, value in enumerate(_list(root.get("sessions", MISSING), "sessions"))
    ]
    ids: set[str] = set()
    for index, session in enumerate(sessions):
        if session.id in ids:
            raise _fail(f"sessions[{index}].id", f"{session.id!r} is used by another session")
        ids.add(session.id)
    checkins = [
        _checkin(value, f"checkins[{i}]", i, ids)
        for i, value in enumerate(_list(root.get("checkins", MISSING), "checkins"))
    ]
    questionnaires = [
        _questionnaire(value, f"questionnaires[{i}]", i)
        for i, value in enumerate(_list(root.get("questionnaires", MISSING), "questionnaires"))
    ]
    return GuidanceInput(
        today=today,
        profile=_profile(root.get("profile", MISSING)),
        sessions=tuple(sessions),
        checkins=tuple(checkins),
        questionnaires=tuple(questionnaires),
    )


def _reject_constant(name: str) -> Any:
    raise ScenarioError(f"{name} is not a number JSON allows")


def scenario_parse(text: str) -> GuidanceInput:
    """Parse scenario JSON text; raises ScenarioError (one line) when it is not valid."""
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise ScenarioError(
            f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    return scenario_from_data(data)


def guidance_json(items: Sequence[Any]) -> str:
    """The contract output: {"guidance": [{"code", "severity", "factors"}, ...]}."""
    return json.dumps({"guidance": [item.as_json() for item in items]})
