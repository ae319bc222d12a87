"""The readiness questions, in our own words (DOMAIN.md "Questionnaires": the topics of
the PAR-Q+, which we link to but never copy). Plain data, no Django.

Two topics are asked more narrowly than DOMAIN.md's list words them, so that the people
Steady is for are not all sent to a doctor before they may lift: ``chronic_condition``
asks about long-term *physical* conditions (heart, lungs, diabetes, kidneys, joints,
bones…), and ``medication`` about medicines that matter for training (those that cause
dizziness, fainting or low blood pressure). For most people with low mood or depression,
strength training is recommended, and many of them take an antidepressant; an
antidepressant only counts when it makes the person dizzy. The identifiers stay those of
the scenario format's ``readiness_yes``.
"""

from __future__ import annotations

from dataclasses import dataclass

PAR_Q_PLUS_URL = "https://eparmedx.com/"


@dataclass(frozen=True)
class ReadinessQuestion:
    topic: str
    question: str
    help: str
    short: str  # for "You answered yes about: …"


QUESTIONS: tuple[ReadinessQuestion, ...] = (
    ReadinessQuestion(
        "heart",
        "Have you been told you have a heart problem or high blood pressure?",
        "Count it even if it is treated and well controlled.",
        "a heart problem or high blood pressure",
    ),
    ReadinessQuestion(
        "chest_pain",
        "Do you ever get chest pain, whether resting, going about your day or being active?",
        "Pain, pressure or tightness in the chest all count.",
        "chest pain",
    ),
    ReadinessQuestion(
        "dizziness",
        "In the past year, have you fainted, or lost your balance because you felt dizzy?",
        "Think of any time you blacked out, nearly did, or fell because the room spun.",
        "fainting or dizziness",
    ),
    ReadinessQuestion(
        "chronic_condition",
        "Do you live with another long-term physical condition?",
        "For example a lung condition such as asthma or COPD, diabetes, a kidney or liver "
        "condition, arthritis, osteoporosis or cancer. Low mood, depression and anxiety "
        "don't count here: for most people with them, strength training is recommended.",
        "a long-term physical condition",
    ),
    ReadinessQuestion(
        "medication",
        "Do you take a medicine that makes you dizzy or faint, or lowers your blood pressure?",
        "Some blood-pressure, heart and water tablets can. If an antidepressant or any "
        "other medicine leaves you dizzy or light-headed, answer yes; if it doesn't, "
        "answer no.",
        "a medicine that can cause dizziness, fainting or low blood pressure",
    ),
    ReadinessQuestion(
        "bone_joint",
        "Do you have a bone, joint or muscle problem that being active could make worse?",
        "Such as a back, hip, knee or shoulder problem, or an injury that hasn't healed.",
        "a bone, joint or muscle problem",
    ),
    ReadinessQuestion(
        "supervised_only",
        "Has a doctor told you to be active only with medical supervision?",
        "For example in a cardiac or pulmonary rehabilitation programme.",
        "being active only with supervision",
    ),
    ReadinessQuestion(
        "pregnancy_postpartum",
        "Are you pregnant, or have you given birth in the past 12 months?",
        "Pregnancy and the year after birth change what is safe, so it is worth a check.",
        "pregnancy or a recent birth",
    ),
)
QUESTIONS_BY_TOPIC: dict[str, ReadinessQuestion] = {q.topic: q for q in QUESTIONS}
