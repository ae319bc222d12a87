"""Reminder preferences (HTMX auto-save, plain form without JS) and one-click unsubscribe."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.accounts.models import User
from apps.core.http import HtmxHttpRequest
from apps.reminders import selectors, services
from apps.reminders.forms import ReminderPreferencesForm
from apps.reminders.models import ReminderKind
from apps.reminders.timing import default_workout_time
from apps.reminders.tokens import unsubscribe_claim_from
from apps.reminders.wording import KIND_PHRASES


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    prefs = services.reminder_preferences_get_or_create(user=user)
    automatic = f"{default_workout_time(selectors.usual_start_times(user)):%H:%M}"
    data = request.POST if request.method == "POST" else None
    form = ReminderPreferencesForm(data, instance=prefs, automatic_time=automatic)
    saved = False
    if request.method == "POST" and form.is_valid():
        services.reminder_preferences_update(user=user, changes=form.cleaned_data)
        if not request.htmx:
            messages.success(request, "Reminder settings saved.")
            return redirect("reminders:preferences")
        saved = True
        form = ReminderPreferencesForm(instance=prefs, automatic_time=automatic)
    context = {
        "section": "settings",
        "form": form,
        "prefs": prefs,
        "saved": saved,
        "saved_at": timezone.now().astimezone(user.zone),
        "upcoming": list(selectors.upcoming_reminders_for(user)),
        "recent": selectors.recent_deliveries_for(user),
        "zone_name": user.time_zone,
    }
    template = "reminders/preferences.html"
    if request.htmx:
        template += "#preferences-form"
    return render(request, template, context)


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "reminders/unsubscribe_invalid.html", status=404)


@csrf_exempt  # RFC 8058: mail providers POST without a CSRF token; the signed token guards it
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation and changes nothing; POST unsubscribes at once.

    Works logged out. A tampered or truncated token gets a friendly 404 page.
    """
    claim = unsubscribe_claim_from(token)
    if claim is None:
        return _invalid_link(request)
    owner = User.objects.filter(pk=claim.user_id, is_active=True).first()
    if owner is None:
        return _invalid_link(request)
    context = {
        "token": token,
        "kind": claim.kind,
        "kind_label": ReminderKind(claim.kind).label,
        "kind_phrase": KIND_PHRASES[claim.kind],
        "done": False,
        "resubscribed": False,
    }
    if request.method == "POST":
        if request.POST.get("action") == "resubscribe":
            services.reminder_resubscribe(user=owner, kind=claim.kind)
            context["resubscribed"] = True
        else:
            services.reminder_unsubscribe(user=owner, kind=claim.kind)
            context["done"] = True
    return render(request, "reminders/unsubscribe.html", context)
