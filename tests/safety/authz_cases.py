from typing import Any

from apps.accounts.models import User
from apps.safety.readiness import QUESTIONS
from tests.authz import Case


def _all_no(user: User) -> dict[str, Any]:
    return {q.topic: "no" for q in QUESTIONS}


CASES = [
    Case("safety:crisis", "public"),
    Case("safety:crisis", "public", query="?country=US", extra={"logged_in": False}),
    Case("safety:crisis", "public", query="?country=GB"),
    Case("safety:guidance", "login"),
    Case(
        "safety:why",
        "login",
        make_kwargs=lambda user: {"code": "post_workout_mood_drop"},
        notes="Explains the person's own guidance; nothing is looked up by id.",
    ),
    Case(
        "safety:acknowledge",
        "login",
        method="post",
        data=lambda user: {"code": "crisis_support"},
        owner_status=302,
    ),
    Case(
        "safety:acknowledge",
        "login",
        method="post",
        data=lambda user: {"code": "crisis_support"},
        htmx=True,
        owner_status=200,
    ),
    Case(
        "safety:confirm_checked",
        "login",
        method="post",
        data=lambda user: {"code": "stop_and_seek_care"},
        owner_status=302,
    ),
    Case("safety:readiness", "login"),
    Case("safety:readiness", "login", method="post", data=_all_no, owner_status=302),
    Case(
        "safety:clearance",
        "login",
        method="post",
        data=lambda user: {"cleared_on": "2026-01-01", "cleared_by": "Dr Lee"},
        owner_status=302,
        notes="Without a readiness screen there is nothing to clear: back to the screen.",
    ),
    Case("safety:gentle_start", "login", method="post", owner_status=302),
    Case("safety:plan", "login"),
    Case("safety:plan_edit", "login"),
    Case(
        "safety:plan_edit",
        "login",
        method="post",
        data=lambda user: {"warning_signs": "Not sleeping"},
        owner_status=302,
    ),
    Case("safety:library", "public"),
    Case("safety:library_topic", "public", make_kwargs=lambda user: {"slug": "form-first"}),
]
