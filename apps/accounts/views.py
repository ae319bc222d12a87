"""The settings page: profile, units, time zone. Account security lives in allauth."""

import logging

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from apps.accounts.forms import AccountDeleteForm, ProfileForm
from apps.accounts.http import AuthedHttpRequest
from apps.accounts.models import SecurityEvent
from apps.accounts.personal_data import personal_data_zip
from apps.accounts.services import account_delete, security_event_record

logger = logging.getLogger(__name__)


@login_required
def settings_view(request: AuthedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form, "section": "settings"})


@login_required
@never_cache
@reauthentication_required(allow_get=True)
def export_view(request: AuthedHttpRequest) -> HttpResponse:
    """GET explains the export; POST (after re-entering the password) downloads it."""
    if request.method != "POST":
        return render(request, "accounts/export.html", {"section": "settings"})
    archive = personal_data_zip(request.user)
    security_event_record(kind=SecurityEvent.Kind.DATA_EXPORTED, user=request.user, request=request)
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="steady-data-{stamp}.zip"'
    return response


@login_required
@never_cache
@reauthentication_required(allow_get=True)
def delete_view(request: AuthedHttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user_id = request.user.pk
        try:
            account_delete(user=request.user, request=request)
        except Exception as error:
            # Nothing was deleted (one transaction) and the person stays signed in. The
            # log names the person by id only: an error's text or traceback can quote
            # their rows, and with them their name or email.
            logger.error(
                "Account deletion failed for user #%s (%s); nothing was deleted.",
                user_id,
                type(error).__name__,
            )
            context = {"form": form, "section": "settings", "deletion_failed": True}
            return render(request, "accounts/delete.html", context, status=500)
        # Only now that the deletion has committed.
        logout(request)
        return redirect("accounts:deleted")
    return render(request, "accounts/delete.html", {"form": form, "section": "settings"})


def deleted_view(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html")
