"""Proposing a Steady library exercise for each exercise name in an imported file.

Pure Python (rapidfuzz, no Django). In order: the person's remembered choice from an earlier
import; the exact library name or slug; a known alias (the names Strong and Hevy give the
lifts most people log); then the closest library name by rapidfuzz's ``token_set_ratio``
on normalised names, when it scores at least ``FUZZY_CUTOFF``. Anything else is proposed as
"leave out" and the person chooses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

REMEMBERED = "remembered"
EXACT = "exact"
ALIAS = "alias"
FUZZY = "fuzzy"
NONE = "none"
FUZZY_CUTOFF = 82.0

# Other apps' names (normalised, see ``normalise``) → Steady library slugs.
ALIASES: dict[str, str] = {
    "bench press barbell": "barbell-bench-press",
    "bench press": "barbell-bench-press",
    "bench press dumbbell": "dumbbell-bench-press",
    "squat barbell": "barbell-back-squat",
    "back squat": "barbell-back-squat",
    "squat": "barbell-back-squat",
    "full squat": "barbell-back-squat",
    "goblet squat kettlebell": "goblet-squat",
    "goblet squat dumbbell": "goblet-squat",
    "romanian deadlift barbell": "barbell-romanian-deadlift",
    "romanian deadlift dumbbell": "dumbbell-romanian-deadlift",
    "trap bar deadlift": "trap-bar-deadlift",
    "deadlift trap bar": "trap-bar-deadlift",
    "leg press machine": "leg-press",
    "leg press": "leg-press",
    "lat pulldown cable": "lat-pulldown",
    "lat pulldown machine": "lat-pulldown",
    "seated row cable": "seated-cable-row",
    "seated cable row v grip cable": "seated-cable-row",
    "seated row machine": "seated-row-machine",
    "chest press machine": "chest-press-machine",
    "shoulder press machine": "shoulder-press-machine",
    "overhead press dumbbell": "seated-dumbbell-shoulder-press",
    "seated overhead press dumbbell": "seated-dumbbell-shoulder-press",
    "shoulder press dumbbell": "seated-dumbbell-shoulder-press",
    "seated leg curl machine": "leg-curl-machine",
    "leg curl machine": "leg-curl-machine",
    "leg extension machine": "leg-extension-machine",
    "triceps pushdown cable straight bar": "cable-triceps-pushdown",
    "triceps pushdown": "cable-triceps-pushdown",
    "triceps pushdown cable": "cable-triceps-pushdown",
    "face pull cable": "cable-face-pull",
    "face pull": "cable-face-pull",
    "bicep curl dumbbell": "dumbbell-curl",
    "biceps curl dumbbell": "dumbbell-curl",
    "lateral raise dumbbell": "dumbbell-lateral-raise",
    "bent over one arm row dumbbell": "one-arm-dumbbell-row",
    "dumbbell row": "one-arm-dumbbell-row",
    "push up": "push-up",
    "plank": "forearm-plank",
    "glute bridge": "glute-bridge",
    "calf raise standing": "calf-raise",
    "standing calf raise": "calf-raise",
    "farmers walk": "farmer-carry",
    "farmer walk": "farmer-carry",
    "lunge dumbbell": "dumbbell-reverse-lunge",
    "reverse lunge dumbbell": "dumbbell-reverse-lunge",
    "step up": "bodyweight-step-up",
    "inverted row": "inverted-row",
    "back extension": "back-extension",
    "hyperextension": "back-extension",
}


@dataclass(frozen=True)
class LibraryExercise:
    """An exercise a name may map to: a library one, or the person's own (``is_own``)."""

    id: int
    name: str
    slug: str
    is_own: bool = False


@dataclass(frozen=True)
class Proposal:
    source_name: str
    exercise_id: int | None
    how: str
    score: float = 0.0


def normalise(name: str) -> str:
    """Lower case, punctuation and brackets as spaces: "Bench Press (Barbell)" → "bench
    press barbell"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.lower().replace("-", " ")).split())


def propose(
    names: Iterable[str],
    library: Iterable[LibraryExercise],
    remembered: Mapping[str, int | None],
) -> dict[str, Proposal]:
    """A proposal per name. ``remembered`` maps a normalised name to the person's earlier
    choice (None: they chose to leave it out)."""
    exercises = list(library)
    by_name = {normalise(e.name): e for e in exercises}
    by_slug = {e.slug: e for e in exercises}
    choices = {e.id: normalise(e.name) for e in exercises}
    proposals: dict[str, Proposal] = {}
    for name in names:
        key = normalise(name)
        if key in remembered:
            proposals[name] = Proposal(name, remembered[key], REMEMBERED, 100.0)
            continue
        exact = by_name.get(key) or by_slug.get(name.strip())
        if exact is not None:
            proposals[name] = Proposal(name, exact.id, EXACT, 100.0)
            continue
        alias = by_slug.get(ALIASES.get(key, ""))
        if alias is not None:
            proposals[name] = Proposal(name, alias.id, ALIAS, 100.0)
            continue
        best = process.extractOne(
            key,
            choices,
            scorer=fuzz.token_set_ratio,
            processor=utils.default_process,
            score_cutoff=FUZZY_CUTOFF,
        )
        if best is not None:
            _, score, exercise_id = best
            proposals[name] = Proposal(name, int(exercise_id), FUZZY, float(score))
        else:
            proposals[name] = Proposal(name, None, NONE)
    return proposals
