"""Installable, offline-first Steady: the service worker, the manifest, the pages and
data the worker keeps, and the endpoint that receives what was logged with no signal.

What the worker may keep is an allow-list (README "Offline"): Today, the offline session
page and its data, the crisis lines, static files. Journal, safety, summary, settings and
account pages are never kept.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.countries import COUNTRY_CHOICES
from apps.accounts.http import AuthedHttpRequest
from apps.accounts.models import User
from apps.journal.offline import checkin_questions
from apps.offline import sync
from apps.offline.release import WORKER_SOURCE, current_release
from apps.safety.crisis import FIND_A_HELPLINE_URL, crisis_lines_for, postpartum_lines_for
from apps.workouts import offline as workouts_offline
from apps.workouts import selectors as workouts_selectors

THEME_COLOUR = "#2f6f62"
BACKGROUND_COLOUR = "#f7f5f0"
# Cache-Control for the worker and the manifest: always asked again, so a deploy is seen
# on the next page load; browsers also check the worker at least once a day.
REVALIDATE = "no-cache"


def _kept_pages() -> dict[str, str]:
    return {
        "today": reverse("programs:today"),
        "session_shell": reverse("offline:session"),
        "unavailable": reverse("offline:unavailable"),
        "crisis": reverse("offline:crisis"),
        "plan": reverse("offline:plan"),
        "sync": reverse("offline:sync"),
    }


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker script at the site root, so its scope is the whole site.

    Its first line carries this release's version and file list; the rest is
    ``apps/offline/sw.js`` as written.
    """
    release = current_release()
    config = {
        "version": release.version,
        "static": list(release.static_urls),
        "staticPrefix": settings.STATIC_URL,
        "pages": _kept_pages(),
        "sessionPage": reverse("workouts:session", args=[0]).replace("/0/", "/"),
        "start": reverse("workouts:session_start"),
        # With no signal, "Get help now" opens the kept crisis lines.
        "crisisPage": reverse("safety:crisis"),
        "scripts": [static("js/offline-store.js"), static("js/offline-sync.js")],
    }
    body = f"const RELEASE = {json.dumps(config)};\n" + WORKER_SOURCE.read_text()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = REVALIDATE
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": "Steady",
        "short_name": "Steady",
        "description": "Strength training to lift a low mood: log every set, even with no signal.",
        "id": reverse("programs:today"),
        "start_url": reverse("programs:today"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = HttpResponse(json.dumps(data), content_type="application/manifest+json")
    response["Cache-Control"] = REVALIDATE
    return response


@login_required
@require_GET
def session(request: AuthedHttpRequest) -> HttpResponse:
    """The offline session page: a shell the worker keeps. Its rows are drawn on the
    phone from the kept plan and the phone's own queue (static/js/offline-session.js)."""
    return render(request, "offline/session.html", {"section": "today"})


@login_required
@require_GET
def unavailable(request: AuthedHttpRequest) -> HttpResponse:
    """What the worker shows for a page it does not keep while there is no signal."""
    return render(request, "offline/unavailable.html", {"section": "today"})


@require_GET
def crisis(request: HttpRequest) -> HttpResponse:
    """The crisis lines the worker keeps, for "Get help now" with no signal: the person's
    country first, then every other country's (the online page's country picker needs
    the network). No login needed, like the online page. It holds nothing the person
    wrote: the safety plan and whether someone is postpartum stay on the server, so the
    postpartum lines are listed for everyone."""
    user = request.user
    country = user.country if isinstance(user, User) else "OTHER"
    context = {
        "lines": crisis_lines_for(country),
        "others": [
            (name, lines)
            for code, name in COUNTRY_CHOICES
            if code != country and (lines := crisis_lines_for(code))
        ],
        "postpartum": [
            (name, lines) for code, name in COUNTRY_CHOICES if (lines := postpartum_lines_for(code))
        ],
        "find_a_helpline_url": FIND_A_HELPLINE_URL,
        "crisis_url": reverse("safety:crisis"),
    }
    return render(request, "offline/crisis.html", context)


@login_required
@require_GET
def plan(request: AuthedHttpRequest) -> JsonResponse:
    """The open session and the next planned ones with prefilled rows, and the check-in
    questions: what the phone needs to train with no signal."""
    user = request.user
    today = user.local_today()
    holds = workouts_selectors.plan_hold_codes(request, user, today)
    data: dict[str, Any] = workouts_offline.offline_plan(user, holds=holds, today=today)
    data["checkin"] = checkin_questions(user, today)
    data["crisis"] = reverse("safety:crisis")
    data["sync"] = reverse("offline:sync")
    return JsonResponse(data)


@login_required
@require_POST
def receive(request: AuthedHttpRequest) -> JsonResponse:
    """One queued item, as JSON. 200 with what the page needs to settle it, or 422 with
    the reason it was refused (the phone keeps it until the person fixes or discards it).
    """
    try:
        item = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"errors": ["This entry could not be read."]}, status=400)
    if not isinstance(item, dict):
        return JsonResponse({"errors": ["This entry could not be read."]}, status=400)
    try:
        answer = sync.receive_item(request, item)
    except sync.Refused as refused:
        return JsonResponse({"errors": refused.messages}, status=422)
    return JsonResponse(answer)
