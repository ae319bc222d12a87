"""Values every template can rely on: navigation, the page shell's addresses and the
local demo hint."""

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse

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

# Addresses every page links to outside the navigation (base.html and the offline
# scripts it includes), by the name templates use for them: views by URL name...
SHELL_URL_NAMES: dict[str, str] = {
    "home": "core:home",
    "crisis": "safety:crisis",
    "logout": "account_logout",
    "today": "programs:today",
    "manifest": "offline:manifest",
    "service_worker": "offline:service_worker",
    "offline_sync": "offline:sync",
    "offline_plan": "offline:plan",
    "offline_session": "offline:session",
}
# ...and static files by path.
SHELL_STATIC_FILES: dict[str, str] = {
    "css": "css/steady.css",
    "js": "js/steady.js",
    "favicon": "img/favicon.svg",
    "icon": "img/icon-192.png",
    "offline_css": "css/offline.css",
    "offline_js": "js/offline.js",
    "offline_store_js": "js/offline-store.js",
    "offline_sync_js": "js/offline-sync.js",
}


@cache
def _shell(script_prefix: str) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """The navigation with its addresses, and the shell's addresses.

    Built once per script prefix (one per deployment): the addresses depend on nothing
    else that can change while the process runs (the URLconf, the static files'
    manifest), and working them out again on every page cost more than the rest of the
    page shell together.
    """
    navigation = [(label, reverse(name), key) for label, name, key in NAVIGATION]
    shell = {key: reverse(name) for key, name in SHELL_URL_NAMES.items()}
    shell |= {key: static(path) for key, path in SHELL_STATIC_FILES.items()}
    return navigation, shell


def steady(request: HttpRequest) -> dict[str, Any]:
    navigation, shell_urls = _shell(get_script_prefix())
    return {
        "navigation": navigation,
        "shell_urls": shell_urls,
        "show_demo_account": settings.STEADY_SHOW_DEMO_ACCOUNT,
        "demo_email": settings.STEADY_DEMO_EMAIL,
        "demo_password": settings.STEADY_DEMO_PASSWORD,
    }
