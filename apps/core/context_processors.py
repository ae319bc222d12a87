"""Values every template can rely on: navigation and the local demo hint."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

NAVIGATION: list[tuple[str, str, str]] = [
    # (label, url name, section key used to mark the current page). Eight, so that on a
    # phone they fill the bottom bar's two rows of four: every section is one tap away.
    ("Today", "programs:today", "today"),
    ("Program", "programs:mine", "program"),
    ("History", "workouts:history", "history"),
    ("Progress", "workouts:progress", "progress"),
    ("Journal", "journal:timeline", "journal"),
    ("Insights", "journal:insights", "insights"),
    ("Guidance", "safety:guidance", "guidance"),
    ("Settings", "accounts:settings", "settings"),
]


def steady(request: HttpRequest) -> dict[str, Any]:
    return {
        "navigation": NAVIGATION,
        "show_demo_account": settings.STEADY_SHOW_DEMO_ACCOUNT,
        "demo_email": settings.STEADY_DEMO_EMAIL,
        "demo_password": settings.STEADY_DEMO_PASSWORD,
    }
