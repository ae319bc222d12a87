"""The shipped exercise library and program templates (loaded by a data migration)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.programs import schedule, selectors
from apps.programs.catalog import catalog_sync_current
from apps.programs.catalog_programs import PROGRAMS
from apps.programs.models import (
    Exercise,
    ExerciseAlternative,
    Measure,
    Prescription,
    Program,
    ProgramWeek,
)

pytestmark = pytest.mark.django_db

TEMPLATE_SLUGS = [
    "machine-foundation",
    "low-energy-20",
    "home-dumbbells-bands",
    "postpartum-return",
    "strength-and-walking",
    "minimum-session",
]
# Moves where "effort" is not the point: breathing, pelvic floor, walking.
NOT_EFFORT_PATTERNS = {"pelvic_floor", "cardio", "mobility"}


def test_the_library_ships_at_least_40_exercises_without_loading_anything() -> None:
    assert Exercise.objects.count() >= 40


def test_every_exercise_has_plain_cues_muscles_and_alternatives() -> None:
    with_alternatives = set(ExerciseAlternative.objects.values_list("exercise_id", flat=True))
    for exercise in Exercise.objects.all():
        assert 3 <= len(exercise.form_cues) <= 5, exercise.slug
        assert all(len(cue) <= 160 for cue in exercise.form_cues), exercise.slug
        assert any(cue.startswith("Watch out") for cue in exercise.form_cues), exercise.slug
        assert exercise.primary_muscles, exercise.slug
        assert exercise.pk in with_alternatives, f"{exercise.slug} has no alternatives"


def test_each_kind_of_alternative_is_well_represented() -> None:
    total = Exercise.objects.count()
    for kind in ExerciseAlternative.Kind.values:
        having = ExerciseAlternative.objects.filter(kind=kind).values("exercise").distinct()
        assert having.count() >= total * 0.6, kind


def test_every_equipment_type_is_covered() -> None:
    used = set(Exercise.objects.values_list("equipment", flat=True))
    assert used == {"machine", "cable", "dumbbell", "barbell", "band", "bodyweight", "none"}


@pytest.mark.parametrize(
    ("slug", "increment"),
    [
        ("dumbbell-lateral-raise", "1"),
        ("dumbbell-curl", "1"),
        ("leg-press", "5"),
        ("chest-press-machine", "2.5"),
        ("lat-pulldown", "2.5"),
        ("barbell-back-squat", "5"),
        ("goblet-squat", "2"),
        ("glute-bridge", "0"),
        ("forearm-plank", "0"),
    ],
)
def test_increments_fit_the_exercise(slug: str, increment: str) -> None:
    assert Exercise.objects.get(slug=slug).load_increment_kg == Decimal(increment)


def test_loaded_exercises_have_sensible_increments_and_others_none() -> None:
    """NSCA/ACSM: about 1–2.5 kg for small and upper-body lifts, 2.5–5 kg for legs."""
    for exercise in Exercise.objects.all():
        if exercise.measure == Measure.LOAD:
            assert Decimal("1") <= exercise.load_increment_kg <= Decimal("5"), exercise.slug
            if not exercise.is_compound:
                assert exercise.load_increment_kg <= Decimal("2.5"), exercise.slug
        else:
            assert exercise.load_increment_kg == 0, exercise.slug


def test_no_exercise_is_its_own_alternative() -> None:
    assert not [
        link
        for link in ExerciseAlternative.objects.all()
        if link.exercise_id == link.alternative_id
    ]


def test_all_six_templates_ship() -> None:
    slugs = set(Program.objects.filter(owner__isnull=True).values_list("slug", flat=True))
    assert set(TEMPLATE_SLUGS) <= slugs


def test_machine_foundation_is_machine_first_with_a_deload() -> None:
    program = Program.objects.get(slug="machine-foundation")
    assert (program.days_per_week, program.length_weeks) == (3, 8)
    deloads = set(program.weeks.filter(is_deload=True).values_list("number", flat=True))
    assert deloads in ({5}, {7})
    firsts = [day.prescriptions.order_by("order").first() for day in program.days.all()]
    assert all(rx is not None and rx.exercise.equipment in {"machine", "cable"} for rx in firsts)
    equipment = Prescription.objects.filter(day__program=program).values_list(
        "exercise__equipment", flat=True
    )
    machine_share = sum(e in {"machine", "cable"} for e in equipment) / len(equipment)
    assert machine_share >= 0.75


def test_low_energy_program_is_two_short_days() -> None:
    program = Program.objects.get(slug="low-energy-20")
    assert (program.days_per_week, program.minutes_per_session) == (2, 20)
    assert schedule.back_to_back_pairs(program.default_weekdays) == []


def test_home_program_uses_dumbbells_and_bands() -> None:
    program = Program.objects.get(slug="home-dumbbells-bands")
    equipment = set(
        Prescription.objects.filter(day__program=program).values_list(
            "exercise__equipment", flat=True
        )
    )
    assert {"dumbbell", "band"} <= equipment <= {"dumbbell", "band", "bodyweight", "none"}
    assert program.days_per_week == 3


def test_postpartum_program_is_gentle_gated_and_low_impact() -> None:
    program = Program.objects.get(slug="postpartum-return")
    assert program.requires_postpartum
    assert program.length_weeks == 12
    exercises = Exercise.objects.filter(
        pk__in=Prescription.objects.filter(day__program=program).values("exercise")
    )
    assert not exercises.filter(is_high_impact=True).exists()
    assert set(exercises.values_list("equipment", flat=True)) <= {"band", "bodyweight", "none"}
    assert exercises.filter(movement_pattern="pelvic_floor").count() >= 2
    assert "ACOG" in " ".join(program.sources)
    assert "Goom" in " ".join(program.sources)
    # Every session starts with breathing / pelvic floor work.
    for day in program.days.all():
        first = day.prescriptions.order_by("order").first()
        assert first is not None
        assert first.exercise.movement_pattern == "pelvic_floor"


def test_strength_and_walking_blend_has_walks_between_strength_days() -> None:
    program = Program.objects.get(slug="strength-and-walking")
    names = [day.name for day in program.days.all()]
    assert names.count("Walk") == 2
    walks = Prescription.objects.filter(day__program=program, exercise__slug="brisk-walk")
    assert walks.count() == 2
    assert all(rx.seconds and rx.seconds >= 1200 for rx in walks)


def test_minimum_session_is_fifteen_minutes_anywhere() -> None:
    program = selectors.minimum_session_program()
    assert program.is_minimum_session
    assert program.minutes_per_session == 15
    prescriptions = selectors.minimum_session_prescriptions()
    assert 3 <= len(prescriptions) <= 6
    equipment = set(
        Exercise.objects.filter(pk__in=[rx.exercise_id for rx in prescriptions]).values_list(
            "equipment", flat=True
        )
    )
    assert equipment <= {"bodyweight", "none"}


@pytest.mark.parametrize("slug", TEMPLATE_SLUGS)
def test_each_template_explains_who_it_is_for_and_why_with_sources(slug: str) -> None:
    program = Program.objects.get(slug=slug)
    assert len(program.who_for) > 80
    assert len(program.why) > 120
    text = program.why + " ".join(program.sources)
    assert any(source in text for source in ("Gordon", "ACSM", "Noetel", "ACOG", "Bell"))
    for word in ("cure", "guarantee", "fix your"):
        assert word not in (program.who_for + program.why).lower()


@pytest.mark.parametrize("slug", [s for s in TEMPLATE_SLUGS if s != "minimum-session"])
def test_programs_progress_to_rpe_7_to_8(slug: str) -> None:
    """Noetel 2024 / Singh 2005: start easy but reach moderate-to-hard effort."""
    plan = selectors.program_plan(Program.objects.get(slug=slug))
    first, last = plan.weeks[0], plan.weeks[-1]

    def effort(week: selectors.WeekOfProgram) -> list[Decimal]:
        return [
            rx.target_rpe_high
            for day in week.days
            for rx in day.prescriptions
            if Exercise.objects.get(pk=rx.exercise_id).movement_pattern not in NOT_EFFORT_PATTERNS
        ]

    assert all(value >= Decimal("8") for value in effort(last)), slug
    assert max(effort(first)) < min(effort(last)), slug
    for day in last.days:
        for rx in day.prescriptions:
            pattern = Exercise.objects.get(pk=rx.exercise_id).movement_pattern
            if pattern not in NOT_EFFORT_PATTERNS:
                assert rx.target_rpe_low >= Decimal("7"), (slug, rx.exercise_name)


@pytest.mark.parametrize("slug", [s for s in TEMPLATE_SLUGS if s != "minimum-session"])
def test_templates_follow_the_acsm_shape(slug: str) -> None:
    program = Program.objects.get(slug=slug)
    assert len(program.default_weekdays) == program.days_per_week
    if program.full_body:
        assert schedule.back_to_back_pairs(program.default_weekdays) == []
    assert 20 <= program.minutes_per_session <= 40
    weeks = list(program.weeks.all())
    assert [w.number for w in weeks] == list(range(1, program.length_weeks + 1))
    assert any(w.is_deload for w in weeks)
    for week in weeks:
        if week.is_deload:
            assert week.set_multiplier == Decimal("0.60")
            assert week.extra_reps_in_reserve == 2
    for rx in Prescription.objects.filter(day__program=program).select_related("exercise"):
        assert 1 <= rx.sets <= 3, rx
        if rx.reps_low is not None and rx.exercise.movement_pattern not in NOT_EFFORT_PATTERNS:
            assert 5 <= rx.reps_low <= rx.reps_high <= 15, rx
        if rx.exercise.measure == Measure.TIMED:
            assert rx.seconds is not None, rx


def test_large_lifts_come_before_small_ones() -> None:
    """ACSM: multi-joint before single-joint within a session."""
    for program in Program.objects.filter(owner__isnull=True, is_minimum_session=False):
        for day in program.days.all():
            kinds = [
                rx.exercise.is_compound
                for rx in day.prescriptions.select_related("exercise").order_by("order")
                if rx.exercise.movement_pattern not in NOT_EFFORT_PATTERNS | {"core"}
            ]
            if kinds:
                assert kinds[0], (program.slug, day.name)


def test_catalog_sync_is_idempotent_and_keeps_prescription_ids() -> None:
    before = (
        Exercise.objects.count(),
        ExerciseAlternative.objects.count(),
        Program.objects.count(),
        ProgramWeek.objects.count(),
        sorted(Prescription.objects.values_list("pk", flat=True)),
    )
    catalog_sync_current()
    catalog_sync_current()
    after = (
        Exercise.objects.count(),
        ExerciseAlternative.objects.count(),
        Program.objects.count(),
        ProgramWeek.objects.count(),
        sorted(Prescription.objects.values_list("pk", flat=True)),
    )
    assert before == after


def test_catalog_data_matches_the_database() -> None:
    for data in PROGRAMS:
        program = Program.objects.get(slug=data["slug"], owner__isnull=True)
        assert program.days.count() == len(data["days"])
        assert program.length_weeks == data["length_weeks"]
