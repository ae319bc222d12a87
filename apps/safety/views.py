"""Crisis support (public, no login) and the guidance pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.accounts.countries import COUNTRY_CHOICES, COUNTRY_CODES
from apps.safety.crisis import FIND_A_HELPLINE_URL, crisis_lines_for, postpartum_lines_for


def crisis(request: HttpRequest) -> HttpResponse:
    """Always reachable, signed in or not. ``?country=GB`` overrides the profile."""
    user = request.user
    country = request.GET.get("country", "")
    if country not in COUNTRY_CODES:
        country = user.country if user.is_authenticated else "OTHER"
    postpartum = user.is_authenticated and user.is_postpartum_on(user.local_today())
    context = {
        "country": country,
        "country_choices": COUNTRY_CHOICES,
        "lines": crisis_lines_for(country),
        "postpartum_lines": postpartum_lines_for(country) if postpartum else [],
        "find_a_helpline_url": FIND_A_HELPLINE_URL,
    }
    return render(request, "safety/crisis.html", context)


@login_required
def guidance(request: HttpRequest) -> HttpResponse:
    return render(request, "safety/guidance.html", {"section": "guidance"})
