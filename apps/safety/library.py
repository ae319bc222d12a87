"""The guidance library: topics, their sources and review dates. Plain data, no Django.

Each topic's text lives in ``templates/safety/library/<slug>.html``, written in our own
words from the facts in DOMAIN.md. Sources are the ones DOMAIN.md names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    key: str
    citation: str
    url: str = ""


SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        Source(
            "gordon2018",
            "Gordon BR et al. Association of efficacy of resistance exercise training with "
            "depressive symptoms: meta-analysis of randomized clinical trials. JAMA "
            "Psychiatry. 2018;75(6):566–576.",
        ),
        Source(
            "noetel2024",
            "Noetel M et al. Effect of exercise for depression: systematic review and network "
            "meta-analysis of randomised controlled trials. BMJ. 2024;384:e075847.",
        ),
        Source(
            "singh2005",
            "Singh NA et al. A randomized controlled trial of high versus low intensity "
            "weight training versus general practitioner care for clinical depression in "
            "older adults. 2005.",
        ),
        Source(
            "acsm2009",
            "American College of Sports Medicine. Position stand: progression models in "
            "resistance training for healthy adults. Med Sci Sports Exerc. 2009;41(3).",
        ),
        Source(
            "acsm_fitt",
            "American College of Sports Medicine. FITT recommendations for resistance "
            "training (frequency, intensity, time, type).",
        ),
        Source(
            "nsca",
            "National Strength and Conditioning Association. The “2-for-2” rule for "
            "increasing training load.",
        ),
        Source(
            "zourdos2016",
            "Zourdos MC et al. Novel resistance training-specific rating of perceived "
            "exertion scale measuring repetitions in reserve. J Strength Cond Res. 2016.",
        ),
        Source(
            "helms2016",
            "Helms ER et al. Application of the repetitions in reserve-based rating of "
            "perceived exertion scale for resistance training. Strength Cond J. 2016.",
        ),
        Source(
            "foster2001",
            "Foster C et al. A new approach to monitoring exercise training (session RPE). "
            "J Strength Cond Res. 2001.",
        ),
        Source(
            "bell2024",
            "Bell L et al. Deloading practices in strength and physique sports. Sports "
            "Medicine – Open. 2024.",
        ),
        Source(
            "meeusen2013",
            "Meeusen R et al. Prevention, diagnosis, and treatment of the overtraining "
            "syndrome: joint consensus statement of the European College of Sport Science "
            "and the American College of Sports Medicine. Med Sci Sports Exerc. 2013.",
        ),
        Source(
            "acog804",
            "American College of Obstetricians and Gynecologists. Physical activity and "
            "exercise during pregnancy and the postpartum period. Committee Opinion 804. "
            "2020.",
        ),
        Source(
            "goom2019",
            "Goom T, Donnelly G, Brockwell E. Returning to running postnatal: guidelines "
            "for medical, health and fitness professionals. 2019.",
        ),
        Source(
            "phq9",
            "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression "
            "severity measure. J Gen Intern Med. 2001.",
        ),
        Source(
            "parq",
            "The PAR-Q+ Collaboration. The Physical Activity Readiness Questionnaire for "
            "Everyone (PAR-Q+).",
            "https://eparmedx.com/",
        ),
    )
}


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    summary: str
    source_keys: tuple[str, ...]
    last_reviewed: dt.date

    @property
    def sources(self) -> list[Source]:
        return [SOURCES[key] for key in self.source_keys]

    @property
    def template(self) -> str:
        return f"safety/library/{self.slug.replace('-', '_')}.html"


REVIEWED = dt.date(2026, 2, 1)

TOPICS: tuple[Topic, ...] = (
    Topic(
        "starting-safely",
        "Starting safely",
        "A few health questions first, an easy start, and the signs that mean stop.",
        ("parq", "acsm2009", "acsm_fitt"),
        REVIEWED,
    ),
    Topic(
        "form-first",
        "Form first",
        "Learn each movement with a light load before you add weight.",
        ("acsm2009", "acsm_fitt"),
        REVIEWED,
    ),
    Topic(
        "progressive-overload",
        "Progressing step by step",
        "When to add weight, how much, and why effort matters for mood.",
        ("nsca", "acsm2009", "zourdos2016", "helms2016", "singh2005", "noetel2024"),
        REVIEWED,
    ),
    Topic(
        "rest-and-deloads",
        "Rest days and lighter weeks",
        "Why rest is part of the program and what a deload week is.",
        ("acsm2009", "bell2024"),
        REVIEWED,
    ),
    Topic(
        "fuel-and-sleep",
        "Food and sleep",
        "Eating before you train and sleeping enough both change how a session feels.",
        ("meeusen2013",),
        REVIEWED,
    ),
    Topic(
        "expectations",
        "What to expect, and when",
        "Mood benefits build over weeks to months, not days.",
        ("gordon2018", "noetel2024", "singh2005"),
        REVIEWED,
    ),
    Topic(
        "post-workout-low-mood",
        "Feeling low after a workout",
        "Common, fixable reasons for feeling worse after training, and what to try.",
        ("meeusen2013", "gordon2018", "phq9"),
        REVIEWED,
    ),
    Topic(
        "overtraining",
        "Too much training",
        "How training load is measured, and why we check food, sleep and stress first.",
        ("meeusen2013", "foster2001", "bell2024"),
        REVIEWED,
    ),
    Topic(
        "postpartum-return",
        "Returning to exercise after having a baby",
        "A gradual return, pelvic-floor work, and the signs that mean see someone.",
        ("acog804", "goom2019"),
        REVIEWED,
    ),
    Topic(
        "when-to-see-a-professional",
        "When to see a professional",
        "Signs that mean talking to a doctor, therapist or physiotherapist.",
        ("phq9", "parq", "acog804", "meeusen2013"),
        REVIEWED,
    ),
)
TOPICS_BY_SLUG: dict[str, Topic] = {topic.slug: topic for topic in TOPICS}

DISCLAIMER = (
    "This is general information, not medical advice. It does not replace a doctor, "
    "physiotherapist or therapist who knows you."
)
