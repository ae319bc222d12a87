"""The program templates Steady ships, as plain data (loaded through ``catalog``).

Every number here comes from DOMAIN.md ("What the evidence says"):

- 2–3 non-consecutive days a week, 8–12 reps, 1–3 sets, large and multi-joint lifts before
  small ones, rest 1–2 minutes (2–3 for heavy compound lifts), 20–40 minute sessions
  (ACSM position stand 2009; ACSM FITT).
- Start on guided machines for stability and focus on form before load.
- Start easy but progress to moderate-to-hard effort, RPE 7–8, over the weeks (Noetel et al.,
  BMJ 2024; Singh et al. 2005): the base prescriptions sit at RPE 6–7 and ``rpe_shift``
  moves them to 5–6 in the first weeks and 7–8 in the last.
- A deload about every 4–6 weeks: ≈40% fewer sets and 2 more reps in reserve, same days
  and exercises (Bell et al., Sports Med Open 2024).
- Postpartum: pelvic-floor work from the start, gradual return, no high-impact work before
  12 weeks (ACOG Committee Opinion 804, 2020; Goom, Donnelly, Brockwell 2019).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NotRequired, TypedDict


class PrescriptionData(TypedDict):
    exercise: str
    sets: int
    reps_low: int | None
    reps_high: int | None
    seconds: int | None
    target_rpe_low: Decimal
    target_rpe_high: Decimal
    rest_seconds: int
    notes: str


class DayData(TypedDict):
    name: str
    focus: str
    prescriptions: list[PrescriptionData]


class WeekData(TypedDict):
    number: int
    is_deload: NotRequired[bool]
    set_multiplier: NotRequired[Decimal]
    extra_reps_in_reserve: NotRequired[int]
    rpe_shift: NotRequired[Decimal]
    note: NotRequired[str]


class ProgramData(TypedDict):
    slug: str
    name: str
    summary: str
    who_for: str
    why: str
    sources: list[str]
    level: str
    setting: str
    equipment: list[str]
    days_per_week: int
    default_weekdays: list[int]
    length_weeks: int
    minutes_per_session: int
    full_body: bool
    requires_postpartum: bool
    is_minimum_session: bool
    weeks: list[WeekData]
    days: list[DayData]


GORDON = (
    "Gordon et al., JAMA Psychiatry 2018;75(6):566–576: resistance training reduced "
    "depressive symptoms across 33 trials."
)
NOETEL = (
    "Noetel et al., BMJ 2024;384:e075847: strength training helps depression, more so at "
    "higher prescribed intensity."
)
SINGH = "Singh et al. 2005: harder training (80% of 1RM) helped more than very light training."
ACSM = (
    "ACSM position stand 2009 and ACSM FITT: 2–3 non-consecutive days, 8–12 reps, "
    "1–3 sets, rest 1–2 minutes."
)
BELL = "Bell et al., Sports Med Open 2024: deload weeks (about 40% fewer sets, easier effort)."
NSCA = "NSCA “2-for-2” rule: add load after two sessions with 2 extra reps."
ACOG = (
    "ACOG Committee Opinion 804 (2020): return gradually when medically safe; "
    "pelvic-floor exercises can start right away."
)
GOOM = "Goom, Donnelly, Brockwell 2019: no high-impact exercise before 12 weeks after birth."
HELMS = "Zourdos 2016; Helms 2016: effort as reps in reserve (RPE 8 = 2 reps left)."


def rx(
    exercise: str,
    sets: int,
    reps: tuple[int, int] | None = (8, 12),
    *,
    seconds: int | None = None,
    rpe: tuple[str, str] = ("6", "7"),
    rest: int = 90,
    notes: str = "",
) -> PrescriptionData:
    return PrescriptionData(
        exercise=exercise,
        sets=sets,
        reps_low=None if seconds is not None or reps is None else reps[0],
        reps_high=None if seconds is not None or reps is None else reps[1],
        seconds=seconds,
        target_rpe_low=Decimal(rpe[0]),
        target_rpe_high=Decimal(rpe[1]),
        rest_seconds=rest,
        notes=notes,
    )


def eight_weeks_with_deload(deload_week: int = 5) -> list[WeekData]:
    """Easy start, settle in, a deload, then working weeks at RPE 7–8."""
    weeks: list[WeekData] = []
    for number in range(1, 9):
        if number == deload_week:
            weeks.append(
                WeekData(
                    number=number,
                    is_deload=True,
                    set_multiplier=Decimal("0.6"),
                    extra_reps_in_reserve=2,
                    note="Lighter week: about 40% fewer sets and easier effort, same days "
                    "and exercises, so your body can catch up.",
                )
            )
        elif number <= 2:
            weeks.append(
                WeekData(
                    number=number,
                    rpe_shift=Decimal("-1"),
                    note="Learning week: pick weights that feel comfortable, with 4–5 reps "
                    "left at the end of each set. Form first.",
                )
            )
        elif number < deload_week:
            weeks.append(
                WeekData(
                    number=number,
                    note="Settling in: each set should end with about 3–4 reps left.",
                )
            )
        else:
            weeks.append(
                WeekData(
                    number=number,
                    rpe_shift=Decimal("1"),
                    note="Working week: most sets end with 2–3 reps left (effort 7–8). "
                    "Challenging, never all-out.",
                )
            )
    return weeks


MACHINE_FOUNDATION = ProgramData(
    slug="machine-foundation",
    name="Machine foundation",
    summary="Three full-body gym sessions a week on guided machines, 8 weeks.",
    who_for=(
        "People new to the gym, or coming back after a long break, who want a clear plan "
        "for three visits a week. Everything uses machines and cables that guide the "
        "movement, so you can focus on doing each exercise well."
    ),
    why=(
        "Most studies showing that strength training lifts mood used about three sessions "
        "a week for 8–12 weeks (Gordon et al. 2018). Machines give stability while you "
        "learn, and each session works the whole body with 6 exercises of 2–3 sets of "
        "8–12 reps, big movements first (ACSM 2009). The first weeks are deliberately easy; "
        "effort then builds to a moderate-to-hard 7–8 out of 10, because harder training "
        "tends to help mood more (Noetel et al. 2024; Singh et al. 2005). Week 5 is a "
        "lighter week so your body can catch up (Bell et al. 2024)."
    ),
    sources=[GORDON, NOETEL, SINGH, ACSM, BELL, NSCA, HELMS],
    level="starting",
    setting="gym",
    equipment=["machine", "cable", "dumbbell"],
    days_per_week=3,
    default_weekdays=[0, 2, 4],
    length_weeks=8,
    minutes_per_session=40,
    full_body=True,
    requires_postpartum=False,
    is_minimum_session=False,
    weeks=eight_weeks_with_deload(5),
    days=[
        DayData(
            name="Session A",
            focus="Legs, chest and back",
            prescriptions=[
                rx("leg-press", 3, rest=120),
                rx("chest-press-machine", 3),
                rx("seated-row-machine", 3),
                rx("leg-curl-machine", 2, (10, 12), rest=75),
                rx("cable-face-pull", 2, (12, 15), rest=60),
                rx("cable-pallof-press", 2, (8, 10), rest=60, notes="Each side."),
            ],
        ),
        DayData(
            name="Session B",
            focus="Back, shoulders and hips",
            prescriptions=[
                rx("lat-pulldown", 3),
                rx("shoulder-press-machine", 3),
                rx("back-extension", 2, (10, 12)),
                rx("leg-extension-machine", 2, (10, 12), rest=75),
                rx("cable-triceps-pushdown", 2, (10, 15), rest=60),
                rx("dead-bug", 2, (6, 8), rest=60, notes="Each side."),
            ],
        ),
        DayData(
            name="Session C",
            focus="Legs, chest and back (second pass)",
            prescriptions=[
                rx("leg-press", 3, rest=120),
                rx("seated-cable-row", 3),
                rx("chest-press-machine", 3),
                rx("leg-curl-machine", 2, (10, 12), rest=75),
                rx("dumbbell-lateral-raise", 2, (12, 15), rest=60),
                rx("forearm-plank", 2, seconds=30, rest=60, notes="Knees down is fine."),
            ],
        ),
    ],
)

LOW_ENERGY = ProgramData(
    slug="low-energy-20",
    name="Low-energy 20",
    summary="Two short gym sessions a week: four machines, about 20 minutes.",
    who_for=(
        "Anyone whose energy is low right now. Two visits a week, four exercises each, "
        "in and out in about 20 minutes. Enough to count, small enough to manage on a "
        "hard week."
    ),
    why=(
        "Sessions of 20–40 minutes, 2–3 times a week, are sustainable when energy is low, "
        "and for newcomers a single well-done set already works (ACSM 2009). The mood "
        "benefit of strength training did not depend on doing lots of volume (Gordon et "
        "al. 2018). Effort still builds gently to 7–8 out of 10 over the weeks (Noetel et "
        "al. 2024), with a lighter week 5 (Bell et al. 2024)."
    ),
    sources=[GORDON, ACSM, NOETEL, BELL, HELMS],
    level="starting",
    setting="gym",
    equipment=["machine", "cable"],
    days_per_week=2,
    default_weekdays=[1, 4],
    length_weeks=8,
    minutes_per_session=20,
    full_body=True,
    requires_postpartum=False,
    is_minimum_session=False,
    weeks=eight_weeks_with_deload(5),
    days=[
        DayData(
            name="Session A",
            focus="Legs, chest and back",
            prescriptions=[
                rx("leg-press", 2, (10, 12), rest=90),
                rx("chest-press-machine", 2, (10, 12), rest=75),
                rx("seated-row-machine", 2, (10, 12), rest=75),
                rx("back-extension", 1, (10, 12), rest=60),
            ],
        ),
        DayData(
            name="Session B",
            focus="Legs, back and shoulders",
            prescriptions=[
                rx("leg-press", 2, (10, 12), rest=90),
                rx("lat-pulldown", 2, (10, 12), rest=75),
                rx("shoulder-press-machine", 2, (10, 12), rest=75),
                rx("leg-curl-machine", 1, (10, 12), rest=60),
            ],
        ),
    ],
)

HOME_DUMBBELLS = ProgramData(
    slug="home-dumbbells-bands",
    name="Home: dumbbells and bands",
    summary="Three full-body sessions a week at home with a pair of dumbbells and a band.",
    who_for=(
        "People who would rather train at home, or can't get to a gym. You need a pair of "
        "adjustable dumbbells (or a few fixed pairs), a resistance band and a little floor "
        "space. A sturdy chair or bench helps."
    ),
    why=(
        "Three non-consecutive full-body sessions a week match the trials where strength "
        "training eased depression (Gordon et al. 2018) and the ACSM advice for newcomers: "
        "8–12 reps, 2–3 sets, big movements first. Two sessions alternate so every muscle "
        "gets worked twice a week. Effort builds to 7–8 out of 10 (Noetel et al. 2024), "
        "and week 5 is lighter (Bell et al. 2024)."
    ),
    sources=[GORDON, ACSM, NOETEL, BELL, NSCA, HELMS],
    level="beginner",
    setting="home",
    equipment=["dumbbell", "band", "bodyweight"],
    days_per_week=3,
    default_weekdays=[1, 3, 5],
    length_weeks=8,
    minutes_per_session=35,
    full_body=True,
    requires_postpartum=False,
    is_minimum_session=False,
    weeks=eight_weeks_with_deload(5),
    days=[
        DayData(
            name="Session A",
            focus="Squat, push and pull",
            prescriptions=[
                rx("goblet-squat", 3, rest=120),
                rx("dumbbell-floor-press", 3),
                rx("one-arm-dumbbell-row", 3, notes="Each arm."),
                rx("dumbbell-romanian-deadlift", 2),
                rx("band-pull-apart", 2, (12, 15), rest=60),
                rx("dead-bug", 2, (6, 8), rest=60, notes="Each side."),
            ],
        ),
        DayData(
            name="Session B",
            focus="Lunge, press and pull",
            prescriptions=[
                rx("dumbbell-reverse-lunge", 3, (8, 10), rest=120, notes="Each leg."),
                rx("seated-dumbbell-shoulder-press", 3),
                rx("band-lat-pulldown", 3, (10, 15)),
                rx("glute-bridge", 2, (12, 15), rest=60),
                rx("dumbbell-curl", 2, (10, 12), rest=60),
                rx("side-plank", 2, seconds=20, rest=45, notes="Each side; knees bent is fine."),
            ],
        ),
    ],
)

POSTPARTUM_NOTE = "Stop if you feel leaking, heaviness or pain."

POSTPARTUM = ProgramData(
    slug="postpartum-return",
    name="Postpartum return",
    summary="12 gentle weeks back to strength after birth: pelvic floor, bands, bodyweight.",
    who_for=(
        "People in the first year after giving birth who have been told by their doctor or "
        "midwife that they can start exercising again. It suits a living-room floor and "
        "nap-time-sized sessions, and it has no running or jumping at all."
    ),
    why=(
        "Pelvic-floor exercises can start straight away, and exercise should build up "
        "gradually once it is medically safe (ACOG 2020). High-impact work such as running "
        "and jumping is best left until at least 12 weeks after birth (Goom, Donnelly, "
        "Brockwell 2019), so this whole program stays low impact. The first three weeks "
        "use fewer sets; effort then builds towards 7–8 out of 10, with a lighter week 7. "
        "On other days, walking helps you build towards about 150 minutes of moderate "
        "activity a week (ACOG 2020)."
    ),
    sources=[ACOG, GOOM, GORDON, BELL, HELMS],
    level="starting",
    setting="anywhere",
    equipment=["band", "bodyweight", "none"],
    days_per_week=3,
    default_weekdays=[0, 2, 4],
    length_weeks=12,
    minutes_per_session=25,
    full_body=True,
    requires_postpartum=True,
    is_minimum_session=False,
    weeks=[
        *[
            WeekData(
                number=n,
                set_multiplier=Decimal("0.67"),
                rpe_shift=Decimal("-1"),
                note="Reconnecting: fewer sets, gentle effort. Breathe out as you work.",
            )
            for n in (1, 2, 3)
        ],
        *[WeekData(number=n, note="Building: full sets, about 3–4 reps left.") for n in (4, 5, 6)],
        WeekData(
            number=7,
            is_deload=True,
            set_multiplier=Decimal("0.6"),
            extra_reps_in_reserve=2,
            note="Lighter week: fewer sets and easier effort so your body can catch up.",
        ),
        *[
            WeekData(
                number=n,
                rpe_shift=Decimal("1"),
                note="Getting stronger: most sets end with 2–3 reps left.",
            )
            for n in (8, 9, 10, 11, 12)
        ],
    ],
    days=[
        DayData(
            name="Session A",
            focus="Breath, pelvic floor, hips and back",
            prescriptions=[
                rx("connection-breath", 1, seconds=60, rpe=("3", "4"), rest=30),
                rx(
                    "pelvic-floor-lift",
                    2,
                    (8, 10),
                    rpe=("5", "6"),
                    rest=45,
                    notes="Hold each squeeze a few seconds; relax fully between.",
                ),
                rx("heel-slide", 2, (8, 10), rest=45, notes="Each leg. " + POSTPARTUM_NOTE),
                rx("glute-bridge", 3, (10, 12), rest=60),
                rx("band-row", 3, (10, 15), rest=60),
                rx("sit-to-stand", 3, (8, 12), rest=75),
            ],
        ),
        DayData(
            name="Session B",
            focus="Pelvic floor, core, push and hips",
            prescriptions=[
                rx("connection-breath", 1, seconds=60, rpe=("3", "4"), rest=30),
                rx("pelvic-floor-quick-squeeze", 2, (10, 10), rpe=("5", "6"), rest=45),
                rx("bird-dog", 2, (6, 8), rest=45, notes="Each side. " + POSTPARTUM_NOTE),
                rx("wall-push-up", 3, (8, 12), rest=60),
                rx("band-side-steps", 2, (10, 12), rest=60, notes="Each way."),
                rx("clamshell", 2, (12, 15), rest=45, notes="Each side."),
                rx("band-pull-apart", 2, (12, 15), rest=45),
            ],
        ),
    ],
)

STRENGTH_WALKING = ProgramData(
    slug="strength-and-walking",
    name="Strength and walking",
    summary="Two short strength sessions and two brisk walks a week, no gym needed.",
    who_for=(
        "People who like being outdoors or want something gentler than a gym plan. Two "
        "strength sessions with a band and your own bodyweight, and two brisk walks, each "
        "about 30 minutes."
    ),
    why=(
        "Strength training eases low mood (Gordon et al. 2018; Noetel et al. 2024); the "
        "walks add easy, moderate activity on the days between, and walking with someone "
        "makes it easier to keep going and less lonely. The two strength days sit at least "
        "two days apart so the same muscles get 48 hours to recover (ACSM 2009). Effort "
        "builds towards 7–8 out of 10 and week 5 is lighter (Bell et al. 2024)."
    ),
    sources=[GORDON, NOETEL, ACSM, BELL, HELMS],
    level="beginner",
    setting="anywhere",
    equipment=["band", "bodyweight", "none"],
    days_per_week=4,
    default_weekdays=[0, 1, 3, 5],
    length_weeks=8,
    minutes_per_session=30,
    full_body=False,
    requires_postpartum=False,
    is_minimum_session=False,
    weeks=eight_weeks_with_deload(5),
    days=[
        DayData(
            name="Strength A",
            focus="Squat, push and pull",
            prescriptions=[
                rx("bodyweight-squat", 3, (10, 15), rest=75),
                rx("incline-push-up", 3),
                rx("band-row", 3, (10, 15), rest=75),
                rx("glute-bridge", 2, (12, 15), rest=60),
                rx("forearm-plank", 2, seconds=20, rest=45, notes="Knees down is fine."),
            ],
        ),
        DayData(
            name="Walk",
            focus="A brisk walk",
            prescriptions=[
                rx(
                    "brisk-walk",
                    1,
                    seconds=1800,
                    rpe=("4", "5"),
                    rest=0,
                    notes="Talking pace: you could chat, but not sing.",
                ),
            ],
        ),
        DayData(
            name="Strength B",
            focus="Lunge, press and pull",
            prescriptions=[
                rx("bodyweight-reverse-lunge", 3, (8, 10), rest=75, notes="Each leg."),
                rx("band-overhead-press", 3, (10, 12), rest=75),
                rx("band-lat-pulldown", 3, (10, 15), rest=75),
                rx("band-romanian-deadlift", 2, (12, 15), rest=60),
                rx("dead-bug", 2, (6, 8), rest=45, notes="Each side."),
            ],
        ),
        DayData(
            name="Walk",
            focus="A brisk walk",
            prescriptions=[
                rx(
                    "brisk-walk",
                    1,
                    seconds=1800,
                    rpe=("4", "5"),
                    rest=0,
                    notes="Somewhere you like. A friend makes it easier.",
                ),
            ],
        ),
    ],
)

MINIMUM_SESSION = ProgramData(
    slug="minimum-session",
    name="The 15-minute minimum session",
    summary="A short, gentle session anyone can do anywhere on a bad day.",
    who_for=(
        "Anyone, any day the full session feels like too much. No equipment beyond a chair "
        "and a wall. Doing this instead of nothing keeps the habit going, and it counts."
    ),
    why=(
        "For people new to training even one set does some good (ACSM 2009), and the mood "
        "benefit of strength training did not depend on total volume (Gordon et al. 2018). "
        "On a low day the most important thing is showing up gently; the full program will "
        "be there next time."
    ),
    sources=[ACSM, GORDON],
    level="starting",
    setting="anywhere",
    equipment=["bodyweight", "none"],
    days_per_week=1,
    default_weekdays=[],
    length_weeks=1,
    minutes_per_session=15,
    full_body=True,
    requires_postpartum=False,
    is_minimum_session=True,
    weeks=[WeekData(number=1)],
    days=[
        DayData(
            name="Minimum session",
            focus="Gentle full body",
            prescriptions=[
                rx(
                    "easy-walk",
                    1,
                    seconds=180,
                    rpe=("3", "4"),
                    rest=0,
                    notes="Or march on the spot.",
                ),
                rx("sit-to-stand", 2, (8, 10), rpe=("5", "6"), rest=60),
                rx("wall-push-up", 2, (8, 10), rpe=("5", "6"), rest=60),
                rx("glute-bridge", 2, (10, 12), rpe=("5", "6"), rest=60),
                rx("bird-dog", 2, (5, 6), rpe=("4", "5"), rest=45, notes="Each side."),
            ],
        ),
    ],
)

PROGRAMS: list[ProgramData] = [
    MACHINE_FOUNDATION,
    LOW_ENERGY,
    HOME_DUMBBELLS,
    POSTPARTUM,
    STRENGTH_WALKING,
    MINIMUM_SESSION,
]
