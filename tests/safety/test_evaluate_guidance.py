"""``manage.py evaluate_guidance FILE`` end to end (DOMAIN.md, "Scenario format").

Every ``tests/safety/scenarios/<name>.json`` has a ``<name>.expected.json`` beside it;
each runs through ``call_command`` and through a real ``manage.py`` subprocess.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from tests.factories import ReadinessScreenFactory, SafetyPlanFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = Path(__file__).parent / "scenarios"
SCENARIO_FILES = sorted(
    p for p in SCENARIOS.glob("*.json") if not p.name.endswith(".expected.json")
)


def expected_for(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(path.with_suffix(".expected.json").read_text())
    return result


def run_command(path: Path | str) -> str:
    out = io.StringIO()
    call_command("evaluate_guidance", str(path), stdout=out)
    return out.getvalue()


def run_process(path: Path | str) -> subprocess.CompletedProcess[str]:
    """A real ``python manage.py evaluate_guidance`` with a database that cannot be opened:
    the command must not need one."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "sqlite:////nonexistent-directory/steady.sqlite3",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "evaluate_guidance", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_there_are_enough_scenarios() -> None:
    assert len(SCENARIO_FILES) >= 12
    for path in SCENARIO_FILES:
        assert path.with_suffix(".expected.json").exists(), path.name


def test_one_scenario_has_every_urgent_trigger() -> None:
    scenario = json.loads((SCENARIOS / "every_urgent_trigger.json").read_text())
    symptoms = {s for c in scenario["checkins"] for s in c.get("warning_symptoms", [])}
    assert symptoms == {"chest_pain", "fainting", "dizziness", "breathlessness", "palpitations"}
    assert any(c.get("self_harm_thoughts") for c in scenario["checkins"])
    assert any(q["kind"] == "phq9" and q["answers"][8] >= 1 for q in scenario["questionnaires"])
    codes = {i["code"] for i in expected_for(SCENARIOS / "every_urgent_trigger.json")["guidance"]}
    assert codes == {"crisis_support", "stop_and_seek_care"}


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario_through_call_command(path: Path, django_db_blocker: Any) -> None:
    # The database is blocked: any query would fail the test.
    with django_db_blocker.block():
        output = run_command(path)
    assert json.loads(output) == expected_for(path)
    assert output.startswith('{"guidance": [')


@pytest.mark.slow
@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario_through_a_real_process(path: Path) -> None:
    result = run_process(path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected_for(path)
    assert result.stderr == ""


def test_output_is_exactly_the_contract_shape(django_db_blocker: Any) -> None:
    with django_db_blocker.block():
        output = run_command(SCENARIOS / "mood_drop_fuel.json")
    assert output == (
        '{"guidance": [{"code": "post_workout_mood_drop", "severity": "caution", '
        '"factors": ["fuel"]}, {"code": "fuel_reminder", "severity": "info", "factors": []}]}\n'
    )


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_leaves_the_database_as_it_found_it() -> None:
    user = UserFactory()
    ReadinessScreenFactory(user=user, heart=True)
    SafetyPlanFactory(user=user)
    before = row_counts()
    for path in SCENARIO_FILES:
        run_command(path)
    with pytest.raises(CommandError):
        run_command(SCENARIOS / "missing.json")
    assert row_counts() == before


# --- invalid scenarios ----------------------------------------------------------------
VALID_SESSION = {"id": "s1", "date": "2026-02-27"}
VALID_CHECKIN = {"date": "2026-02-27", "kind": "before", "mood": 6}


def scenario(**parts: Any) -> dict[str, Any]:
    return {"today": "2026-03-01", **parts}


INVALID: list[tuple[str, Any, str]] = [
    ("not JSON", "{today: 2026-03-01", "not valid JSON"),
    ("not an object", [1, 2], "must be an object"),
    ("missing today", {"sessions": []}, "today: is required"),
    ("bad today", {"today": "2026-02-30"}, "today: is not a real calendar date"),
    ("today in another format", {"today": "01/03/2026"}, "today: must be a date"),
    ("unknown top-level field", scenario(session=[]), "unknown field 'session'"),
    ("sessions not a list", scenario(sessions={"id": "s1"}), "sessions: must be a list"),
    (
        "session without id",
        scenario(sessions=[{"date": "2026-02-27"}]),
        "sessions[0].id: is required",
    ),
    ("session without date", scenario(sessions=[{"id": "s1"}]), "sessions[0].date: is required"),
    (
        "session with a bad date",
        scenario(sessions=[{"id": "s1", "date": "2026-13-01"}]),
        "sessions[0].date",
    ),
    (
        "duplicate session ids",
        scenario(sessions=[VALID_SESSION, VALID_SESSION]),
        "sessions[1].id: 's1' is used by another session",
    ),
    (
        "duration 0",
        scenario(sessions=[{**VALID_SESSION, "duration_min": 0}]),
        "sessions[0].duration_min: must be a whole number from 1 to 600",
    ),
    (
        "duration 601",
        scenario(sessions=[{**VALID_SESSION, "duration_min": 601}]),
        "sessions[0].duration_min",
    ),
    (
        "duration as text",
        scenario(sessions=[{**VALID_SESSION, "duration_min": "35"}]),
        "sessions[0].duration_min",
    ),
    ("rpe 10.5", scenario(sessions=[{**VALID_SESSION, "session_rpe": 10.5}]), "session_rpe"),
    ("rpe -1", scenario(sessions=[{**VALID_SESSION, "session_rpe": -1}]), "session_rpe"),
    ("rpe true", scenario(sessions=[{**VALID_SESSION, "session_rpe": True}]), "session_rpe"),
    ("deload as text", scenario(sessions=[{**VALID_SESSION, "deload": "no"}]), "deload"),
    (
        "check-in without mood",
        scenario(checkins=[{"date": "2026-02-27", "kind": "daily"}]),
        "checkins[0].mood: is required",
    ),
    (
        "check-in without kind",
        scenario(checkins=[{"date": "2026-02-27", "mood": 5}]),
        "checkins[0].kind: is required",
    ),
    (
        "check-in without date",
        scenario(checkins=[{"kind": "daily", "mood": 5}]),
        "checkins[0].date: is required",
    ),
    (
        "unknown kind",
        scenario(checkins=[{**VALID_CHECKIN, "kind": "during"}]),
        "checkins[0].kind: must be one of",
    ),
    ("mood 0", scenario(checkins=[{**VALID_CHECKIN, "mood": 0}]), "checkins[0].mood"),
    ("mood 11", scenario(checkins=[{**VALID_CHECKIN, "mood": 11}]), "checkins[0].mood"),
    ("mood 5.5", scenario(checkins=[{**VALID_CHECKIN, "mood": 5.5}]), "checkins[0].mood"),
    ("energy 11", scenario(checkins=[{**VALID_CHECKIN, "energy": 11}]), "checkins[0].energy"),
    ("stress 0", scenario(checkins=[{**VALID_CHECKIN, "stress": 0}]), "checkins[0].stress"),
    ("sleep 25 h", scenario(checkins=[{**VALID_CHECKIN, "sleep_hours": 25}]), "sleep_hours"),
    ("sleep -1 h", scenario(checkins=[{**VALID_CHECKIN, "sleep_hours": -1}]), "sleep_hours"),
    (
        "ate_recently as text",
        scenario(checkins=[{**VALID_CHECKIN, "ate_recently": "yes"}]),
        "ate_recently",
    ),
    (
        "unknown warning symptom",
        scenario(checkins=[{**VALID_CHECKIN, "warning_symptoms": ["headache"]}]),
        "checkins[0].warning_symptoms[0]: unknown identifier",
    ),
    (
        "unknown pelvic symptom",
        scenario(checkins=[{**VALID_CHECKIN, "pelvic_symptoms": ["cramp"]}]),
        "pelvic_symptoms[0]: unknown identifier",
    ),
    (
        "symptoms not a list",
        scenario(checkins=[{**VALID_CHECKIN, "warning_symptoms": "chest_pain"}]),
        "warning_symptoms: must be a list",
    ),
    (
        "self-harm as a number",
        scenario(checkins=[{**VALID_CHECKIN, "self_harm_thoughts": 1}]),
        "self_harm_thoughts",
    ),
    (
        "check-in pointing at a missing session",
        scenario(sessions=[VALID_SESSION], checkins=[{**VALID_CHECKIN, "session": "s2"}]),
        "checkins[0].session: points at session 's2', which is not listed",
    ),
    (
        "unknown check-in field",
        scenario(checkins=[{**VALID_CHECKIN, "feeling": 3}]),
        "unknown field 'feeling'",
    ),
    (
        "phq9 with 8 answers",
        scenario(questionnaires=[{"date": "2026-02-20", "kind": "phq9", "answers": [0] * 8}]),
        "phq9 needs exactly 9 answers",
    ),
    (
        "phq9 answer 4",
        scenario(questionnaires=[{"date": "2026-02-20", "kind": "phq9", "answers": [0] * 8 + [4]}]),
        "questionnaires[0].answers[8]: must be a whole number from 0 to 3",
    ),
    (
        "who5 with 9 answers",
        scenario(questionnaires=[{"date": "2026-02-20", "kind": "who5", "answers": [1] * 9}]),
        "who5 needs exactly 5 answers",
    ),
    (
        "who5 answer 6",
        scenario(
            questionnaires=[{"date": "2026-02-20", "kind": "who5", "answers": [1, 2, 3, 4, 6]}]
        ),
        "answers[4]",
    ),
    (
        "unknown questionnaire",
        scenario(questionnaires=[{"date": "2026-02-20", "kind": "gad7", "answers": [0] * 7}]),
        "questionnaires[0].kind: must be one of phq9, who5",
    ),
    (
        "questionnaire without answers",
        scenario(questionnaires=[{"date": "2026-02-20", "kind": "phq9"}]),
        "questionnaires[0].answers: is required",
    ),
    (
        "unknown readiness topic",
        scenario(profile={"readiness_yes": ["asthma"]}),
        "profile.readiness_yes[0]: unknown identifier",
    ),
    (
        "bad delivery date",
        scenario(profile={"postpartum_delivery_date": "soon"}),
        "postpartum_delivery_date",
    ),
    ("clearance as text", scenario(profile={"clearance_recorded": "yes"}), "clearance_recorded"),
    ("profile not an object", scenario(profile=["US"]), "profile: must be an object"),
    (
        "NaN",
        '{"today": "2026-03-01", "sessions": '
        '[{"id": "s", "date": "2026-02-01", "session_rpe": NaN}]}',
        "NaN",
    ),
]


def write(tmp_path: Path, content: Any) -> Path:
    path = tmp_path / "scenario.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


@pytest.mark.parametrize(("name", "content", "message"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_scenario_is_refused(
    name: str, content: Any, message: str, tmp_path: Path, django_db_blocker: Any
) -> None:
    path = write(tmp_path, content)
    out = io.StringIO()
    with django_db_blocker.block(), pytest.raises(CommandError) as error:
        call_command("evaluate_guidance", str(path), stdout=out)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert out.getvalue() == ""


def test_missing_file_is_refused() -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run_command(SCENARIOS / "missing.json")


IN_A_PROCESS = {
    "not JSON",
    "bad today",
    "mood 11",
    "unknown warning symptom",
    "check-in pointing at a missing session",
    "phq9 answer 4",
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [c for c in INVALID if c[0] in IN_A_PROCESS],
    ids=[c[0] for c in INVALID if c[0] in IN_A_PROCESS],
)
def test_invalid_scenario_in_a_real_process(
    name: str, content: Any, message: str, tmp_path: Path
) -> None:
    result = run_process(write(tmp_path, content))
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
