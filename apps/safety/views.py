"""Crisis support (public, no login), guidance, readiness and the safety plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.countries import COUNTRY_CHOICES, COUNTRY_CODES
from apps.accounts.models import User
from apps.core.http import HtmxHttpRequest, safe_next_url, with_next
from apps.safety import services
from apps.safety.crisis import FIND_A_HELPLINE_URL, crisis_lines_for, postpartum_lines_for
from apps.safety.explanations import EXPLANATIONS
from apps.safety.forms import PLAN_LABELS, ClearanceForm, ReadinessForm, SafetyPlanForm
from apps.safety.library import DISCLAIMER, SOURCES, TOPICS, TOPICS_BY_SLUG, Source
from apps.safety.models import SafetyPlan
from apps.safety.presentation import ShownItem, lighter_session_url, shown_items, why_lines
from apps.safety.readiness import PAR_Q_PLUS_URL, QUESTIONS_BY_TOPIC
from apps.safety.selectors import (
    CONFIRMABLE_CODES,
    URGENT_CODES,
    Readiness,
    gentlest_program_id,
    readiness_for,
    request_guidance,
    request_readiness,
    request_responses,
    safety_plan_for,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- crisis support -------------------------------------------------------------------
@require_GET
def crisis(request: HtmxHttpRequest) -> HttpResponse:
    """Always reachable, signed in or not. ``?country=GB`` overrides the profile."""
    user = request.user
    country = request.GET.get("country", "")
    if country not in COUNTRY_CODES:
        country = user.country if isinstance(user, User) else "OTHER"
    signed_in = isinstance(user, User)
    postpartum = signed_in and user.is_postpartum_on(user.local_today())  # type: ignore[union-attr]
    context = {
        "country": country,
        "country_choices": COUNTRY_CHOICES,
        "lines": crisis_lines_for(country),
        "postpartum_lines": postpartum_lines_for(country) if postpartum else [],
        "postpartum": postpartum,
        "find_a_helpline_url": FIND_A_HELPLINE_URL,
        "plan": safety_plan_for(user) if isinstance(user, User) else None,
        "plan_sections": _plan_sections(safety_plan_for(user)) if isinstance(user, User) else [],
    }
    return render(request, "safety/crisis.html", context)


# --- guidance -------------------------------------------------------------------------
def _guidance_state(request: HttpRequest) -> tuple[list[ShownItem], Readiness]:
    user = _user(request)
    today = user.local_today()
    items = request_guidance(request, user, today)
    responses = request_responses(request, user, items)
    return shown_items(items, responses), request_readiness(request, user, today)


@login_required
@require_GET
def guidance(request: HtmxHttpRequest) -> HttpResponse:
    shown, readiness = _guidance_state(request)
    context = {
        "section": "guidance",
        "items": shown,
        "readiness": readiness,
        "topics": TOPICS,
        "has_plan": safety_plan_for(_user(request)) is not None,
        "lighter_session_url": lighter_session_url(),
    }
    return render(request, "safety/guidance.html", context)


@login_required
@require_GET
def why(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """ "Why am I seeing this?": the trigger explained with the person's own numbers."""
    explanation = EXPLANATIONS.get(code)
    if explanation is None:
        raise Http404("No such guidance.")
    shown, readiness = _guidance_state(request)
    current = next((s for s in shown if s.code == code), None)
    context = {
        "section": "guidance",
        "explanation": explanation,
        "current": current,
        "lines": why_lines(current.item, readiness) if current else [],
        "topic": TOPICS_BY_SLUG[explanation.topic],
        "sources": [SOURCES[key] for key in explanation.source_keys],
        "lighter_session_url": lighter_session_url(),
        "disclaimer": DISCLAIMER,
    }
    return render(request, "safety/why.html", context)


@login_required
@require_POST
def acknowledge(request: HtmxHttpRequest) -> HttpResponse:
    """Hide an urgent banner until something new triggers it."""
    code = request.POST.get("code", "")
    if code not in URGENT_CODES:
        return HttpResponseBadRequest("Unknown guidance.")
    user = _user(request)
    services.guidance_acknowledge(user=user, code=code, today=user.local_today())
    if request.htmx:
        # The banner's form swaps itself out with this (empty) response.
        return HttpResponse("")
    return redirect(safe_next_url(request, reverse("safety:guidance")))


@login_required
@require_POST
def confirm_checked(request: HtmxHttpRequest) -> HttpResponse:
    """ "I've been checked": progression may continue until anything new comes up."""
    code = request.POST.get("code", "")
    if code not in CONFIRMABLE_CODES:
        return HttpResponseBadRequest("Unknown guidance.")
    user = _user(request)
    services.guidance_confirm_checked(user=user, code=code, today=user.local_today())
    messages.success(
        request, "Thank you for letting us know. Your program will carry on from here."
    )
    return redirect("safety:why", code=code)


# --- readiness ------------------------------------------------------------------------
def _readiness_context(
    request: HttpRequest,
    readiness: Readiness,
    *,
    form: ReadinessForm | None = None,
    clearance_form: ClearanceForm | None = None,
) -> dict[str, Any]:
    user = _user(request)
    today = user.local_today()
    show_form = form is not None or readiness.due or request.GET.get("retake") == "1"
    return {
        "next_url": safe_next_url(request),
        "section": "guidance",
        "readiness": readiness,
        "form": form or (ReadinessForm() if show_form else None),
        "clearance_form": clearance_form or ClearanceForm(today=today),
        "yes_questions": [QUESTIONS_BY_TOPIC[t] for t in readiness.yes_topics],
        "par_q_plus_url": PAR_Q_PLUS_URL,
        "disclaimer": DISCLAIMER,
    }


@login_required
@require_http_methods(["GET", "POST"])
def readiness(request: HtmxHttpRequest) -> HttpResponse:
    """The readiness questions before a first program, and what the answers mean."""
    user = _user(request)
    today = user.local_today()
    if request.method == "POST":
        form = ReadinessForm(request.POST)
        if form.is_valid():
            services.readiness_screen_record(user=user, answers=form.answers(), today=today)
            next_url = safe_next_url(request)
            if next_url and not any(form.answers().values()):
                # All "no": straight on to the program the person was choosing.
                return redirect(next_url)
            return redirect(with_next(reverse("safety:readiness"), next_url))
        context = _readiness_context(request, readiness_for(user, today), form=form)
        return render(request, "safety/readiness.html", context)
    context = _readiness_context(request, readiness_for(user, today))
    return render(request, "safety/readiness.html", context)


@login_required
@require_POST
def clearance(request: HtmxHttpRequest) -> HttpResponse:
    """Record that a doctor or exercise professional cleared the person (12 months)."""
    user = _user(request)
    today = user.local_today()
    state = readiness_for(user, today)
    if state.screen is None or not state.yes_topics:
        return redirect("safety:readiness")
    form = ClearanceForm(request.POST, today=today)
    if not form.is_valid():
        context = _readiness_context(request, state, clearance_form=form)
        return render(request, "safety/readiness.html", context)
    services.clearance_record(
        user=user,
        screen=state.screen,
        cleared_on=form.cleaned_data["cleared_on"],
        cleared_by=form.cleaned_data["cleared_by"],
    )
    messages.success(request, "Your clearance is recorded. It stays valid for 12 months.")
    return redirect("safety:readiness")


@login_required
@require_POST
def gentle_start(request: HtmxHttpRequest) -> HttpResponse:
    """Begin with the gentlest program before clearance: recorded, then on to programs."""
    user = _user(request)
    today = user.local_today()
    state = readiness_for(user, today)
    if state.screen is None or not state.yes_topics:
        return redirect("safety:readiness")
    services.gentle_start_choose(user=user, screen=state.screen, today=today)
    messages.info(
        request,
        "Start gently, and stop if anything feels wrong. You can record your clearance "
        "on the readiness page whenever you have it.",
    )
    gentlest = gentlest_program_id()
    if gentlest is None:
        return redirect("programs:browse")
    return redirect("programs:detail", pk=gentlest)


# --- safety plan ----------------------------------------------------------------------
def _plan_sections(plan: SafetyPlan | None) -> list[tuple[str, str]]:
    return [(PLAN_LABELS[name], getattr(plan, name) if plan else "") for name in SafetyPlan.FIELDS]


@login_required
@require_GET
def plan(request: HtmxHttpRequest) -> HttpResponse:
    """The safety plan, ready to read or print."""
    current = safety_plan_for(_user(request))
    context = {"section": "guidance", "plan": current, "plan_sections": _plan_sections(current)}
    return render(request, "safety/plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HtmxHttpRequest) -> HttpResponse:
    user = _user(request)
    current = safety_plan_for(user)
    if request.method == "POST":
        form = SafetyPlanForm(request.POST, instance=current)
        if form.is_valid():
            services.safety_plan_save(user=user, fields=form.cleaned_data)
            messages.success(request, "Your safety plan is saved.")
            return redirect("safety:plan")
    else:
        form = SafetyPlanForm(instance=current)
    return render(request, "safety/plan_edit.html", {"section": "guidance", "form": form})


# --- library --------------------------------------------------------------------------
@require_GET
def library(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request,
        "safety/library.html",
        {"section": "guidance", "topics": TOPICS, "disclaimer": DISCLAIMER},
    )


@require_GET
def library_topic(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    topic = TOPICS_BY_SLUG.get(slug)
    if topic is None:
        raise Http404("No such topic.")
    sources: list[Source] = topic.sources
    context = {
        "section": "guidance",
        "topic": topic,
        "sources": sources,
        "disclaimer": DISCLAIMER,
        "par_q_plus_url": PAR_Q_PLUS_URL,
    }
    return render(request, "safety/library_topic.html", context)
