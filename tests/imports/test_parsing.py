"""The parser, per format, on fixture files written from each format's documentation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from apps.imports import parsing
from apps.imports.parsing import ImportFileError, parse_file

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str, unit: str = "kg") -> parsing.ParsedFile:
    return parse_file((FIXTURES / name).read_bytes(), unit=unit)


def by_exercise(parsed: parsing.ParsedFile, name: str) -> list[parsing.ParsedSet]:
    return [s for s in parsed.sets if s.exercise_name == name]


def test_strong_semicolon_export_with_bom_decimal_commas_and_both_units() -> None:
    parsed = read("strong_semicolon.csv")
    assert parsed.format == parsing.STRONG
    squat = by_exercise(parsed, "Squat (Barbell)")
    assert [(s.set_number, s.load_kg, s.reps) for s in squat] == [
        (1, Decimal("60.00"), 5),
        (2, Decimal("62.50"), 5),  # "62,5": a decimal comma; the doubled row counts once
    ]
    assert squat[1].rpe == Decimal("8.5")
    assert squat[0].started_at == dt.datetime(2019, 1, 11, 12, 31, 54)  # noqa: DTZ001
    assert squat[0].duration_min == 65
    assert squat[0].session_notes == "Felt good; slept well"
    (press,) = by_exercise(parsed, "Leg Press")
    assert press.load_kg == Decimal("99.79")  # 220 lb
    assert press.notes == 'knees "in" on set 1;\nthen better'
    (plank,) = by_exercise(parsed, "Plank")
    assert (plank.reps, plank.seconds, plank.load_kg) == (None, 45, None)
    assert by_exercise(parsed, "Running") == []  # distance only: left out
    assert parsed.session_count == 2
    assert parsed.first_day == dt.date(2019, 1, 11)
    assert parsed.last_day == dt.date(2019, 1, 14)
    assert any("1 row without weight" in w for w in parsed.warnings)  # the push-ups
    assert any("1 duplicate row" in w for w in parsed.warnings)
    assert any("neither reps nor a time" in w for w in parsed.warnings)


def test_strong_comma_export_with_12_hour_dates_set_letters_and_the_person_s_unit() -> None:
    parsed = read("strong_comma.csv", unit="lb")
    bench = by_exercise(parsed, "Bench Press (Barbell)")
    assert [s.kind for s in bench] == ["warmup", "warmup", "normal", "normal", "drop"]
    assert bench[0].started_at == dt.datetime(2024, 1, 15, 18, 5, 12)  # noqa: DTZ001
    assert bench[2].load_kg == Decimal("18.14")  # 40 lb: the unit chosen on upload
    assert bench[2].notes == "Paused reps, slow\ndown"
    assert bench[2].rpe == Decimal("8.0")
    assert bench[0].session_notes == "Gym was busy, short rest"
    assert bench[0].duration_min == 50
    assert len({s.source_key for s in bench}) == 5  # the two warm-ups stay two sets
    assert [s.kind for s in by_exercise(parsed, "Lat Pulldown (Cable)")] == ["normal", "failure"]
    (leg,) = by_exercise(parsed, "Leg Press")
    assert leg.duration_min == 62


def test_the_same_export_twice_gives_the_same_source_keys() -> None:
    first = read("strong_comma.csv")
    again = read("strong_comma.csv")
    assert [s.source_key for s in first.sets] == [s.source_key for s in again.sets]


def test_hevy_kilogram_export_keeps_set_types_supersets_notes_and_rpe() -> None:
    parsed = read("hevy_kg.csv")
    assert parsed.format == parsing.HEVY
    bench = by_exercise(parsed, "Bench Press (Barbell)")
    assert [(s.kind, s.set_number, s.load_kg) for s in bench] == [
        ("warmup", 1, Decimal("20.00")),
        ("normal", 2, Decimal("60.00")),
        ("drop", 3, Decimal("45.00")),
    ]
    assert bench[0].session_name == "Upper, heavy"
    assert bench[0].session_notes == "Started slow, finished strong"
    assert bench[0].started_at == dt.datetime(2024, 1, 14, 9, 15)  # noqa: DTZ001
    assert bench[0].duration_min == 50
    assert bench[0].notes == "Elbows in, touch chest"
    (face_pull,) = by_exercise(parsed, "Face Pull (Cable)")
    assert (face_pull.kind, face_pull.superset, face_pull.rpe) == ("failure", "0", Decimal("9.5"))
    assert face_pull.notes == "Light, high\nreps"
    (plank,) = by_exercise(parsed, "Plank")
    assert (plank.seconds, plank.reps) == (60, None)


def test_hevy_pound_export_converts_to_kilograms() -> None:
    parsed = read("hevy_lbs.csv", unit="kg")  # the column says pounds, whatever was chosen
    assert [s.load_kg for s in parsed.sets] == [Decimal("102.06"), Decimal("102.06")]
    assert parsed.sets[0].started_at == dt.datetime(2024, 3, 2, 17, 0)  # noqa: DTZ001


def test_wger_workout_log_json() -> None:
    parsed = read("wger_log.json")
    assert parsed.format == parsing.WGER
    first, second, third = parsed.sets
    assert (first.exercise_name, first.reps, first.load_kg, first.rpe) == (
        "Bench Press",
        8,
        Decimal("50.00"),
        Decimal("8.0"),  # RIR 2 → RPE 8
    )
    assert (second.set_number, second.rpe) == (2, None)
    assert third.exercise_name == "wger exercise 111"  # no name in the log: mapped by hand
    assert third.load_kg == Decimal("61.23")  # 135 lb
    assert parsed.session_count == 2


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("strong_bad_weight.csv", "Row 3: the weight “abc” is not a number."),
        ("strong_truncated.csv", "Row 3:"),
    ],
)
def test_a_broken_file_names_the_row_and_the_problem(name: str, message: str) -> None:
    with pytest.raises(ImportFileError) as raised:
        read(name)
    assert str(raised.value).startswith(message)


def test_a_row_with_missing_columns_is_named() -> None:
    data = b"title,start_time,exercise_title,set_index,reps,weight_kg\nA,2024-01-01 10:00,Row,0\n"
    with pytest.raises(ImportFileError, match=r"^Row 2: it has 4 columns but the first row has 6"):
        parse_file(data)


def test_unknown_empty_and_non_text_files_are_refused_whole() -> None:
    with pytest.raises(ImportFileError, match="not an export we know"):
        parse_file(b"name,age\nAda,36\n")
    with pytest.raises(ImportFileError, match="empty"):
        parse_file(b"  \n")
    with pytest.raises(ImportFileError, match="not UTF-8"):
        parse_file(b"Date;Exercise\n\xff\xfe\x00")
    with pytest.raises(ImportFileError, match="cut short"):
        parse_file(b'{"results": [{"id": 1, "date": "2024-')


def test_files_over_the_limits_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsing, "MAX_ROWS", 1)
    with pytest.raises(ImportFileError, match="more than 1 rows"):
        read("hevy_lbs.csv")
    monkeypatch.setattr(parsing, "MAX_BYTES", 10)
    with pytest.raises(ImportFileError, match="files up to"):
        read("hevy_lbs.csv")


def test_values_out_of_range_are_named() -> None:
    header = "title,start_time,exercise_title,set_index,set_type,weight_kg,reps\n"
    rows = {
        "A,2024-01-01 10:00,Row,0,normal,20,500": "the reps 500 is more than 100",
        "A,2024-01-01 10:00,Row,0,normal,2000,5": "the weight 2000 kg is more than 1000 kg",
        "A,2024-01-01 10:00,Row,0,superset,20,5": "the set type “superset”",
        "A,yesterday,Row,0,normal,20,5": "the start time “yesterday” is not a date",
        "A,2024-01-01 10:00,Row,0,normal,20,5.5": "the reps “5.5” is not a whole number",
    }
    for row, problem in rows.items():
        with pytest.raises(ImportFileError, match=f"^Row 2: {problem}"):
            parse_file((header + row + "\n").encode())
