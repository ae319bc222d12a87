"""What each guidance item says: title, a one-line summary, what to do and where the
advice comes from. Plain data in our own words from DOMAIN.md's facts; no Django.

The "You're seeing this because…" sentence with the person's own numbers is written in
``templates/safety/why.html`` from the item's ``details``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Explanation:
    code: str
    title: str
    summary: str
    actions: tuple[str, ...]
    topic: str
    source_keys: tuple[str, ...]
    # Advice for each factor of post_workout_mood_drop, in the contract's factor order.
    factor_actions: dict[str, str] = field(default_factory=dict)
    # The item changes the plan: the Today panel offers the lighter session.
    offers_lighter_session: bool = False
    # The item offers the deload version of the next planned session (deload_due).
    offers_deload_session: bool = False
    # The person can confirm they have been checked (releases the progression hold).
    confirmable: bool = False


FACTOR_LABELS: dict[str, str] = {
    "fuel": "Food before training",
    "sleep": "Short sleep",
    "stress": "High stress",
    "load": "Training load",
}

EXPLANATIONS: dict[str, Explanation] = {
    e.code: e
    for e in (
        Explanation(
            "crisis_support",
            "You don't have to face this alone",
            "You told us about thoughts of harming yourself. Support is available right now.",
            (
                "Reach a crisis line now: it's free, confidential and open day and night.",
                "If you are in danger right now, call your local emergency number.",
                "Tell someone you trust how you are feeling today.",
                "Open your safety plan and follow its steps, one at a time.",
                "Let your doctor or therapist know, so they can support you.",
            ),
            "when-to-see-a-professional",
            ("phq9",),
        ),
        Explanation(
            "stop_and_seek_care",
            "Please pause training and get checked",
            "You noted a symptom that should be checked by a doctor before you train again.",
            (
                "Don't train again until a doctor has checked you.",
                "If the symptom is happening now, or is severe, call your emergency number.",
                "When you have been checked and told it's safe, confirm it below: your "
                "program will continue from where you left off.",
            ),
            "when-to-see-a-professional",
            ("parq", "acsm2009"),
            confirmable=True,
        ),
        Explanation(
            "postpartum_red_flag",
            "A symptom worth checking after birth",
            "You noted a pelvic symptom. A pelvic-health physiotherapist or your doctor can "
            "check it.",
            (
                "Book a check with a pelvic-health physiotherapist or your doctor.",
                "Until then, keep to gentle work: walking and pelvic-floor exercises.",
                "Avoid high-impact exercise (running, jumping) until you have been checked.",
                "When you have been checked, confirm it below so your program can move on.",
            ),
            "postpartum-return",
            ("acog804", "goom2019"),
            offers_lighter_session=True,
            confirmable=True,
        ),
        Explanation(
            "seek_professional",
            "It could help to talk to a professional",
            "Your recent answers suggest a low mood that has lasted a while.",
            (
                "Book an appointment with your doctor, or talk to your therapist if you "
                "have one. Bringing your journal can make it easier to explain.",
                "Keep training if it feels good: exercise can sit alongside other care, "
                "not instead of it.",
                "If things feel unbearable, use the Get help now page at any time.",
            ),
            "when-to-see-a-professional",
            ("phq9", "gordon2018"),
        ),
        Explanation(
            "medical_clearance_advised",
            "Check with a doctor before you build up",
            "You answered yes to at least one readiness question.",
            (
                "Talk to a doctor or qualified exercise professional about starting "
                "strength training. The official PAR-Q+ can help you prepare.",
                "When you have been cleared, record it on the readiness page.",
                "If you'd like to begin now, start with the gentlest program and stop if "
                "anything feels wrong.",
            ),
            "starting-safely",
            ("parq",),
            offers_lighter_session=True,
        ),
        Explanation(
            "post_workout_mood_drop",
            "Workouts have been leaving you feeling lower",
            "In most of your recent sessions your mood was lower after training than before.",
            (
                "We've held back weight increases for now, and today's lighter session is "
                "there if you want it.",
                "Results take months, not weeks: a dip now doesn't mean it isn't working.",
                "If low mood stays with you for two weeks or more, talk to a professional.",
            ),
            "post-workout-low-mood",
            ("meeusen2013", "gordon2018"),
            factor_actions={
                "fuel": "Eat something with carbohydrate and protein 1–3 hours before you "
                "train, such as toast with eggs or yoghurt with fruit.",
                "sleep": "On short-sleep days, take the lighter session and make sleep the "
                "priority this week.",
                "stress": "Life sounds heavy right now: swap to walking, yoga or stretching "
                "this week and come back to lifting when things ease.",
                "load": "Take the lighter session: training has been hard lately, and "
                "easier sessions (about 3 reps left in reserve) are enough for now.",
            },
            offers_lighter_session=True,
        ),
        Explanation(
            "overtraining_risk",
            "Your training has jumped up",
            "Your recent training load is well above what you are used to.",
            (
                "Take the lighter session and keep the next few sessions easy.",
                "Check the basics first: enough food, enough sleep, and how stressed you are.",
                "We've held back weight increases until your load settles.",
            ),
            "overtraining",
            ("meeusen2013", "foster2001"),
            offers_lighter_session=True,
        ),
        Explanation(
            "rest_day_due",
            "A rest day would help",
            "You've trained three days in a row.",
            (
                "Take a rest day: muscles need about 48 hours to recover.",
                "A walk or some stretching is fine if you want to move.",
            ),
            "rest-and-deloads",
            ("acsm2009",),
        ),
        Explanation(
            "deload_due",
            "Time for a lighter week",
            "You've trained steadily for six weeks without a lighter week.",
            (
                "Plan a lighter week: keep your usual days and exercises, do fewer sets "
                "(about 40% fewer) and leave about 2 more reps in reserve.",
                "Your next session can be the lighter version: same exercises, fewer sets, "
                "easier effort.",
                "We've held back weight increases until you've had it.",
            ),
            "rest-and-deloads",
            ("bell2024",),
            offers_deload_session=True,
        ),
        Explanation(
            "fuel_reminder",
            "Eat a little before you train",
            "Most of your recent sessions started without food in the hours before.",
            (
                "Have a snack with carbohydrate and protein 1–3 hours before you train.",
                "Even something small, like a banana and a glass of milk, can help.",
            ),
            "fuel-and-sleep",
            ("meeusen2013",),
        ),
        Explanation(
            "expectations_check",
            "Give it time",
            "Your mood before sessions hasn't lifted yet, and that's common at this stage.",
            (
                "In studies, mood improved over 8–12 weeks of about three sessions a week.",
                "Keep going at a pace you can sustain; small, regular sessions count.",
                "If low mood has stayed with you for two weeks or more, talk to a professional.",
            ),
            "expectations",
            ("gordon2018", "noetel2024"),
        ),
        Explanation(
            "progress_gently",
            "You could try a little more effort",
            "Your recent sessions have all felt easy.",
            (
                "When you're ready, let sets get harder: aim to finish with about 2–3 reps "
                "left in reserve (RPE 7–8).",
                "Studies found bigger mood benefits with moderate-to-hard effort than with "
                "very light training.",
            ),
            "progressive-overload",
            ("singh2005", "noetel2024"),
        ),
    )
}
