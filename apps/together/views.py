"""Crews: the list, one crew's page, invites, joining, cheers and shared sessions.

Every crew URL goes through ``_member`` (or ``_keeper``): a person who is not in the
crew, including someone who just left or was removed, gets 404.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.http import AuthedHttpRequest
from apps.core.emails import OutgoingEmail, email_build
from apps.together import selectors, services
from apps.together.forms import (
    CheerForm,
    CrewForm,
    CrewSessionForm,
    InviteEmailForm,
    InviteForm,
    SharingForm,
)
from apps.together.models import MAX_MEMBERS, CrewSession, Invite, Membership

logger = logging.getLogger(__name__)


def _member(request: AuthedHttpRequest, pk: int) -> Membership:
    membership = selectors.membership_in(request.user, pk)
    if membership is None:
        raise Http404
    return membership


def _keeper(request: AuthedHttpRequest, pk: int) -> Membership:
    membership = _member(request, pk)
    if membership.crew.created_by_id != request.user.pk:
        raise Http404
    return membership


def _crew_url(membership: Membership, anchor: str = "") -> str:
    return reverse("together:crew", kwargs={"pk": membership.crew_id}) + anchor


@login_required
@require_http_methods(["GET", "POST"])
def crews(request: AuthedHttpRequest) -> HttpResponse:
    """The person's crews, and a form to start one."""
    form = CrewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        crew = services.crew_create(user=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"{crew.name} is ready. Invite someone to train with you.")
        return redirect("together:crew", pk=crew.pk)
    memberships = list(selectors.memberships_for(request.user))
    return render(
        request,
        "together/crews.html",
        {"section": "today", "memberships": memberships, "form": form},
    )


def _member_choices(members: list[Membership], viewer_id: int) -> list[tuple[int, str]]:
    return [(m.user_id, selectors.member_name(m.user)) for m in members if m.user_id != viewer_id]


def _crew_page(
    request: AuthedHttpRequest, membership: Membership, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    crew = membership.crew
    now = timezone.now()
    today = user.local_today()
    members = selectors.crew_members(crew)
    first, last = selectors.week_of(today)
    weeks = selectors.member_weeks(members, first, last, now)
    is_keeper = crew.created_by_id == user.pk
    muted = selectors.muted_user_ids(user)
    choices = _member_choices(members, user.pk)
    sessions = selectors.upcoming_sessions([crew.pk], since=now - dt.timedelta(hours=1))
    context: dict[str, Any] = {
        "section": "today",
        "crew": crew,
        "membership": membership,
        "is_keeper": is_keeper,
        "weeks": [weeks[m.pk] for m in members],
        "week_first": first,
        "week_last": last,
        "muted": muted,
        "others": [m for m in members if m.user_id != user.pk],
        "cheers": selectors.cheers_received(
            user, crew_ids=[crew.pk], since=now - dt.timedelta(days=14), limit=20
        ),
        "sessions": sessions,
        "going": {s.pk for s in sessions for place in s.places.all() if place.user_id == user.pk},
        "invites": selectors.open_invites(crew, now) if is_keeper else [],
        "is_full": len(members) >= MAX_MEMBERS,
        "max_members": MAX_MEMBERS,
        "sharing_form": forms.get("sharing_form") or SharingForm(instance=membership),
        "cheer_form": forms.get("cheer_form") or CheerForm(members=choices),
        "session_form": forms.get("session_form") or CrewSessionForm(today=today),
        "invite_form": forms.get("invite_form") or InviteForm(),
        "invite_email_form": forms.get("invite_email_form") or InviteEmailForm(),
    }
    return render(request, "together/crew.html", context, status=status)


@login_required
def crew(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _crew_page(request, _member(request, pk))


@login_required
@require_POST
def invite_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = _keeper(request, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _crew_page(request, membership, invite_form=form)
    invite, token = services.invite_create(
        crew=membership.crew,
        by=request.user,
        single_use=form.cleaned_data["single_use"],
        days=form.cleaned_data["days"],
    )
    url = request.build_absolute_uri(selectors.join_url(token))
    return render(
        request,
        "together/invite_created.html",
        {"section": "today", "crew": membership.crew, "invite": invite, "url": url},
    )


@login_required
@require_POST
def invite_email(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = _keeper(request, pk)
    form = InviteEmailForm(request.POST)
    if not form.is_valid():
        return _crew_page(request, membership, invite_email_form=form)
    email = form.cleaned_data["email"]
    invite, token = services.invite_create(
        crew=membership.crew, by=request.user, days=form.cleaned_data["days"], email=email
    )
    context = {
        "inviter_name": request.user.display_name or "Someone you know",
        "crew_name": membership.crew.name,
        "join_url": request.build_absolute_uri(selectors.join_url(token)),
        "expires_at": invite.expires_at,
    }
    try:
        email_build(OutgoingEmail(template="crew_invite", to=email, context=context)).send()
    except Exception as error:  # any SMTP or network failure: the invite can be revoked
        logger.warning("Crew invite #%s email failed: %s", invite.pk, type(error).__name__)
        services.invite_revoke(invite=invite)
        messages.error(request, "The email couldn't be sent just now. Try again, or make a link.")
    else:
        messages.success(request, f"Invite sent to {email}. It works once, for one person.")
    return redirect(_crew_url(membership, "#invite"))


@login_required
@require_POST
def invite_revoke(request: AuthedHttpRequest, pk: int, invite_pk: int) -> HttpResponse:
    membership = _keeper(request, pk)
    invite = get_object_or_404(Invite, pk=invite_pk, crew_id=membership.crew_id)
    services.invite_revoke(invite=invite)
    messages.success(request, "That invite link has stopped working.")
    return redirect(_crew_url(membership, "#invite"))


def _invite_unavailable(request: HttpRequest) -> HttpResponse:
    return _no_referrer(render(request, "together/invite_unavailable.html", status=404))


def _no_referrer(response: HttpResponse) -> HttpResponse:
    """An invite page keeps its token out of other sites' Referer headers, caches and search
    engines. (Same-origin, not no-referrer: with no referrer browsers send a null Origin
    with the join form, which Django's CSRF check refuses.)"""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """What joining shares, before the person accepts; accepting needs an account."""
    invite = selectors.invite_by_token(token)
    if invite is None or not invite.is_open:
        return _invite_unavailable(request)
    here = reverse("together:join", kwargs={"token": token})
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': here})}")
        try:
            membership = services.crew_join(user=request.user, invite=invite)
        except services.InviteUnavailable:
            return _invite_unavailable(request)
        except services.CrewFull as full:
            messages.error(request, str(full))
        else:
            messages.success(request, f"Welcome to {invite.crew.name}.")
            return redirect("together:crew", pk=membership.crew_id)
    already = (
        request.user.is_authenticated
        and Membership.objects.filter(crew_id=invite.crew_id, user_id=request.user.pk).exists()
    )
    context = {
        "section": "today",
        "invite": invite,
        "crew": invite.crew,
        "inviter": invite.created_by,
        "member_count": invite.crew.memberships.count(),
        "already_member": already,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': here})}",
        "signup_url": f"{reverse('account_signup')}?{urlencode({'next': here})}",
    }
    return _no_referrer(render(request, "together/join.html", context))


@login_required
@require_POST
def sharing(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    form = SharingForm(request.POST, instance=membership)
    if not form.is_valid():
        return _crew_page(request, membership, sharing_form=form)
    services.membership_update_sharing(
        membership=membership,
        sharing_paused=form.cleaned_data["sharing_paused"],
        share_records=form.cleaned_data["share_records"],
    )
    if membership.sharing_paused:
        messages.success(request, "You're taking a break. Your crew sees “taking a break”.")
    else:
        messages.success(request, "Saved. Your crew sees your week.")
    return redirect(_crew_url(membership, "#sharing"))


@login_required
@require_POST
def leave(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    name = membership.crew.name
    services.membership_leave(membership=membership)
    messages.success(request, f"You've left {name}.")
    return redirect("together:crews")


@login_required
@require_POST
def member_remove(request: AuthedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    membership = _keeper(request, pk)
    other = get_object_or_404(
        Membership.objects.select_related("user"), pk=member_pk, crew_id=membership.crew_id
    )
    if other.pk == membership.pk:
        raise Http404  # leaving is its own button
    services.member_remove(crew=membership.crew, membership=other)
    messages.success(request, "They are no longer in the crew.")
    return redirect(_crew_url(membership, "#members"))


@login_required
@require_POST
def hand_over(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = _keeper(request, pk)
    to_pk = request.POST.get("member", "")
    other = (
        Membership.objects.filter(pk=int(to_pk), crew_id=membership.crew_id)
        .exclude(pk=membership.pk)
        .select_related("user")
        .first()
        if to_pk.isascii() and to_pk.isdigit() and len(to_pk) < 12
        else None
    )
    if other is None:
        messages.error(request, "Choose someone in the crew to hand it over to.")
        return redirect(_crew_url(membership, "#members"))
    services.crew_hand_over(crew=membership.crew, to=other)
    messages.success(request, "Handed over. They now look after invites and members.")
    return redirect(_crew_url(membership, "#members"))


@login_required
@require_POST
def cheer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    members = selectors.crew_members(membership.crew)
    form = CheerForm(request.POST, members=_member_choices(members, request.user.pk))
    if not form.is_valid():
        return _crew_page(request, membership, cheer_form=form)
    recipient = next(m.user for m in members if m.user_id == form.cleaned_data["recipient"])
    try:
        services.cheer_send(
            crew=membership.crew,
            sender=request.user,
            recipient=recipient,
            message=form.cleaned_data["message"],
            emoji=form.cleaned_data["emoji"],
        )
    except services.CrewError as refused:  # they left the crew a moment ago
        messages.error(request, str(refused))
        return redirect(_crew_url(membership, "#cheer"))
    messages.success(request, f"Cheer sent to {selectors.member_name(recipient)}.")
    return redirect(_crew_url(membership, "#cheer"))


@login_required
@require_POST
def mute(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    user_pk = request.POST.get("user", "")
    other = (
        Membership.objects.filter(crew_id=membership.crew_id, user_id=int(user_pk))
        .exclude(user=request.user)
        .select_related("user")
        .first()
        if user_pk.isascii() and user_pk.isdigit() and len(user_pk) < 12
        else None
    )
    if other is None:
        raise Http404
    muted = request.POST.get("action") != "unmute"
    services.mute_set(user=request.user, muted_user=other.user, muted=muted)
    if muted:
        messages.success(request, "Muted. You won't see their cheers; they are not told.")
    else:
        messages.success(request, "You'll see their cheers again.")
    return redirect(_crew_url(membership, "#members"))


@login_required
@require_POST
def session_plan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = _member(request, pk)
    form = CrewSessionForm(request.POST, today=request.user.local_today())
    if not form.is_valid():
        return _crew_page(request, membership, session_form=form)
    services.crew_session_plan(
        crew=membership.crew,
        by=request.user,
        day=form.cleaned_data["day"],
        at=form.cleaned_data["at"],
        minutes=form.cleaned_data["minutes"],
    )
    messages.success(request, "Planned. Everyone sees it on their own clock.")
    return redirect(_crew_url(membership, "#together"))


@login_required
@require_POST
def session_cancel(request: AuthedHttpRequest, pk: int, session_pk: int) -> HttpResponse:
    membership = _keeper(request, pk)
    session = get_object_or_404(CrewSession, pk=session_pk, crew_id=membership.crew_id)
    services.crew_session_cancel(session=session)
    messages.success(request, "That shared session is off everyone's plan now.")
    return redirect(_crew_url(membership, "#together"))


@login_required
@require_POST
def session_place(request: AuthedHttpRequest, pk: int, session_pk: int) -> HttpResponse:
    membership = _member(request, pk)
    session = get_object_or_404(CrewSession, pk=session_pk, crew_id=membership.crew_id)
    going = request.POST.get("going") != "0"
    services.session_place_set(session=session, user=request.user, going=going)
    back = request.POST.get("back") == "today"
    if back:
        return redirect("programs:today")
    return redirect(_crew_url(membership, "#together"))
