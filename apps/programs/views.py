"""Programs: Today, choosing and following a program, the schedule, custom copies, swaps."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.units import increment_in_unit
from apps.core.http import HtmxHttpRequest
from apps.core.params import date_param
from apps.programs import feed as ical
from apps.programs import schedule, selectors, services
from apps.programs.forms import (
    AddExerciseForm,
    EnrollForm,
    ExerciseSearchForm,
    PrescriptionForm,
    ProgramFilterForm,
    ProgramNameForm,
    SwapForm,
)
from apps.programs.models import (
    Enrollment,
    Exercise,
    ExerciseSwap,
    Prescription,
    Program,
    WorkoutDay,
)
from apps.programs.panels import today_panels

if TYPE_CHECKING:
    from apps.accounts.models import User


def _user(request: HttpRequest) -> User:
    user = request.user
    assert user.is_authenticated
    return user


def _template(request: HtmxHttpRequest, page: str, partial: str) -> str:
    return f"{page}#{partial}" if request.htmx else page


def _parse_date(value: str | None) -> dt.date | None:
    return date_param(value)


# --- Today ---------------------------------------------------------------------------------


@login_required
def today(request: HtmxHttpRequest) -> HttpResponse:
    """The home page: today's planned workout, or a rest day, or a gentle first step."""
    user = _user(request)
    local_today = user.local_today()
    plan = selectors.current_plan(user)
    planned = plan.on(local_today) if plan is not None else None
    state = "none"
    next_session = None
    if plan is not None:
        enrollment = plan.enrollment
        if planned is not None:
            state = "planned"
        elif enrollment.status == Enrollment.Status.PAUSED:
            state = "paused"
        elif plan.is_finished_by(local_today):
            state = "finished"
        else:
            next_session = plan.next_after(local_today)
            not_started = next_session is not None and next_session.session_number == 1
            state = "not_started" if not_started else "rest"
    panels = today_panels(request, user, local_today, planned)
    exercises_listed = any(panel.lists_exercises for panel in panels)
    # The page lists the exercises only when no panel has (with its suggestions), so
    # they are fetched here only then.
    prescriptions = (
        selectors.effective_prescriptions(planned)
        if planned is not None and not exercises_listed
        else []
    )
    context: dict[str, Any] = {
        "section": "today",
        "local_today": local_today,
        "plan": plan,
        "enrollment": plan.enrollment if plan is not None else None,
        "planned": planned,
        "prescriptions": prescriptions,
        "next_session": next_session,
        "state": state,
        "panels": panels,
        "exercises_listed": exercises_listed,
    }
    return render(request, "programs/today.html", context)


# --- My program --------------------------------------------------------------------------------


def _week_context(
    user: User, plan: selectors.EnrollmentPlan | None, start: dt.date, today: dt.date
) -> dict[str, Any]:
    days = selectors.calendar_days(user, plan, start, start + dt.timedelta(days=6), today)
    return {
        "week_days": days,
        "week_start": start,
        "week_end": start + dt.timedelta(days=6),
        "previous_week": start - dt.timedelta(days=7),
        "next_week": start + dt.timedelta(days=7),
        "is_this_week": start <= today <= start + dt.timedelta(days=6),
    }


def _next_not_done(
    plan: selectors.EnrollmentPlan, week_days: list[selectors.CalendarDay], today: dt.date
) -> schedule.PlannedSession | None:
    """The next planned session: today's, unless a session finished today already."""
    upcoming = plan.next_after(today - dt.timedelta(days=1))
    if upcoming is None or upcoming.day != today:
        return upcoming
    done_today = any(done.finished for cell in week_days if cell.day == today for done in cell.done)
    return plan.next_after(today) if done_today else upcoming


@login_required
def mine(request: HtmxHttpRequest) -> HttpResponse:
    """The current program: where you are, this week, and pause / resume / switch."""
    user = _user(request)
    local_today = user.local_today()
    plan = selectors.current_plan(user)
    context: dict[str, Any] = {
        "section": "program",
        "plan": plan,
        "enrollment": plan.enrollment if plan is not None else None,
        "local_today": local_today,
        "past_enrollments": selectors.past_enrollments(user),
        "custom_programs": list(selectors.custom_programs_for(user)),
        "feed": selectors.live_feed(user),
    }
    if plan is not None:
        start = schedule.week_start_for(local_today, user.week_start)
        context.update(_week_context(user, plan, start, local_today))
        _, total = schedule.sessions_done_share(plan.spec, local_today)
        context.update(
            {
                "week_number": plan.week_number_on(local_today),
                "sessions_total": total,
                "last_day": plan.last_day(),
                "next_session": _next_not_done(plan, context["week_days"], local_today),
                "weekdays_text": schedule.weekdays_text(plan.spec.weekdays),
                "finished": plan.is_finished_by(local_today),
            }
        )
    if context["feed"] is not None:
        context["feed_url"] = request.build_absolute_uri(
            reverse("programs:feed", kwargs={"token": context["feed"].token})
        )
    return render(request, "programs/mine.html", context)


@login_required
@require_GET
def week(request: HtmxHttpRequest) -> HttpResponse:
    """A week of planned and done sessions (``?start=`` any date in the week)."""
    user = _user(request)
    local_today = user.local_today()
    plan = selectors.current_plan(user)
    asked = _parse_date(request.GET.get("start")) or local_today
    start = schedule.week_start_for(asked, user.week_start)
    context = {"section": "program", "plan": plan, "local_today": local_today}
    context.update(_week_context(user, plan, start, local_today))
    return render(request, _template(request, "programs/week.html", "week"), context)


@login_required
@require_GET
def month(request: HtmxHttpRequest) -> HttpResponse:
    """A month calendar of planned and done sessions (``?month=YYYY-MM``)."""
    user = _user(request)
    local_today = user.local_today()
    year, number = local_today.year, local_today.month
    asked = request.GET.get("month", "")
    parsed = date_param(f"{asked}-01") if asked else None
    if parsed is not None and 1900 < parsed.year < 2200:
        year, number = parsed.year, parsed.month
    first = dt.date(year, number, 1)
    previous_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    plan = selectors.current_plan(user)
    start_day = user.week_start
    context = {
        "section": "program",
        "plan": plan,
        "month_first": first,
        "weeks": selectors.month_grid(user, plan, year, number, local_today),
        "weekday_headers": [
            (
                schedule.WEEKDAY_SHORT[(start_day + i) % 7],
                schedule.WEEKDAY_NAMES[(start_day + i) % 7],
            )
            for i in range(7)
        ],
        "previous_month": previous_month,
        "next_month": next_month,
        "local_today": local_today,
    }
    return render(request, _template(request, "programs/month.html", "calendar"), context)


@login_required
@require_POST
def pause(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if services.enrollment_pause(user=user, today=user.local_today()) is not None:
        messages.success(
            request,
            "Your program is paused. Paused days never count as missed; "
            "resume whenever you're ready.",
        )
    return redirect("programs:mine")


@login_required
@require_POST
def resume(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if services.enrollment_resume(user=user, today=user.local_today()) is not None:
        messages.success(request, "Welcome back. Your program carries on where you left off.")
    return redirect("programs:today")


@login_required
@require_POST
def stop(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    services.enrollment_end(user=user, today=user.local_today())
    messages.success(request, "You've stopped that program. Your sessions stay in your history.")
    return redirect("programs:browse")


# --- Browsing and enrolling ------------------------------------------------------------------


@login_required
@require_GET
def browse(request: HtmxHttpRequest) -> HttpResponse:
    """The program library, filtered by days, minutes, equipment and level (GET form)."""
    user = _user(request)
    form = ProgramFilterForm(request.GET or None)
    programs = selectors.browsable_programs(user)
    if form.is_bound:
        programs = form.apply(programs)
    current = selectors.current_enrollment(user)
    context = {
        "section": "program",
        "form": form,
        "programs": programs,
        "current": current,
        "is_postpartum": user.is_postpartum_on(user.local_today()),
        "minimum": selectors.minimum_session_program(),
    }
    return render(request, _template(request, "programs/browse.html", "results"), context)


def _visible_program(user: User, pk: int) -> Program:
    return get_object_or_404(selectors.programs_visible_to(user), pk=pk)


@login_required
@require_GET
def detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A program, every week of it, and who it is for (constant queries for any length)."""
    user = _user(request)
    program = _visible_program(user, pk)
    current = selectors.current_enrollment(user)
    context = {
        "section": "program",
        "program": program,
        "plan": selectors.program_plan(program),
        "current": current,
        "is_current": current is not None and current.program_id == program.pk,
        "can_adopt": current is not None
        and program.owner_id == user.pk
        and program.based_on_id == current.program_id,
        "is_postpartum": user.is_postpartum_on(user.local_today()),
        "weekdays_text": schedule.weekdays_text(program.default_weekdays),
    }
    return render(request, "programs/detail.html", context)


@login_required
def enroll(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Ask for a start date and training days, then start (or switch to) the program."""
    user = _user(request)
    program = _visible_program(user, pk)
    if program.is_minimum_session:
        raise Http404
    local_today = user.local_today()
    if not selectors.readiness_answered(user):
        # The readiness questions come before a first program (DOMAIN.md; PAR-Q+ topics).
        messages.info(
            request, "Before your first program, please answer a few quick health questions."
        )
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('safety:readiness')}?{query}")
    form = EnrollForm(
        request.POST if request.method == "POST" else None,
        program=program,
        user=user,
        today=local_today,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_start(
                user=user,
                program=program,
                start_date=form.cleaned_data["start_date"],
                weekdays=form.chosen_weekdays(),
                today=local_today,
                postpartum_clearance=bool(form.cleaned_data.get("postpartum_clearance")),
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(None if field == "__all__" else field, problem)
        else:
            messages.success(request, f"You're on {program.name}. Here's your plan for today.")
            return redirect("programs:today")
    current = selectors.current_enrollment(user)
    context = {
        "section": "program",
        "program": program,
        "form": form,
        "current": current if current is not None and current.program_id != program.pk else None,
        "is_postpartum": user.is_postpartum_on(local_today),
    }
    return render(request, "programs/enroll.html", context)


# --- Exercise library ----------------------------------------------------------------------------


@login_required
@require_GET
def exercises(request: HtmxHttpRequest) -> HttpResponse:
    """Search as you type (HTMX) that also works as a plain GET form."""
    form = ExerciseSearchForm(request.GET or None)
    query, equipment, pattern = form.values()
    found = list(selectors.exercises_matching(_user(request), query, equipment, pattern))
    context = {"section": "program", "form": form, "exercises": found, "query": query}
    return render(request, _template(request, "programs/exercises.html", "results"), context)


@login_required
@require_GET
def exercise(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.exercise_with_alternatives(_user(request), slug)
    if found is None:
        raise Http404
    item, alternatives = found
    unit = _user(request).units
    context = {
        "section": "program",
        "exercise": item,
        "alternatives": alternatives,
        "unit": unit,
        "increment": increment_in_unit(item.load_increment_kg, unit),
    }
    return render(request, "programs/exercise.html", context)


# --- Swaps ---------------------------------------------------------------------------------------


@login_required
def swap(request: HtmxHttpRequest, prescription_id: int) -> HttpResponse:
    """Swap one exercise for an alternative: for one session or for the rest of the program."""
    user = _user(request)
    plan = selectors.current_plan(user)
    if plan is None:
        raise Http404
    prescription = selectors.prescription_in_plan(plan, prescription_id)
    if prescription is None:
        raise Http404
    source = request.POST if request.method == "POST" else request.GET
    day = _parse_date(source.get("day")) or user.local_today()
    planned = plan.on(day)
    if planned is None or planned.workout_day_id != prescription.day_id:
        planned = None
    current = next(
        (
            rx
            for rx in (selectors.effective_prescriptions(planned) if planned else [])
            if rx.prescription_id == prescription.pk
        ),
        None,
    )
    alternatives = selectors.alternatives_for(
        prescription.exercise_id, allow_high_impact=not plan.enrollment.program.requires_postpartum
    )
    choices = alternatives.ids | (
        {prescription.exercise_id} if current and current.is_swapped else set()
    )
    form = SwapForm(
        request.POST if request.method == "POST" else None,
        user=user,
        exercise_ids=choices,
        initial={"day": day, "scope": ExerciseSwap.Scope.ONCE},
    )
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data["scope"]
        if scope == ExerciseSwap.Scope.ONCE and planned is None:
            form.add_error(
                "scope",
                "There's no session with this exercise on that day, so choose "
                "\u201cFor the rest of the program\u201d.",
            )
        else:
            replacement = form.cleaned_data["replacement"]
            services.exercise_swap(
                enrollment=plan.enrollment,
                prescription=prescription,
                replacement=replacement,
                scope=scope,
                day=form.cleaned_data["day"],
            )
            if replacement.pk == prescription.exercise_id:
                messages.success(request, f"Back to {replacement.name}.")
            else:
                when = "today" if scope == ExerciseSwap.Scope.ONCE else "from now on"
                messages.success(
                    request,
                    f"Swapped: {replacement.name} instead of {prescription.exercise.name} {when}.",
                )
            return redirect("programs:today")
    context = {
        "section": "today",
        "prescription": prescription,
        "current": current,
        "alternatives": alternatives,
        "form": form,
        "day": day,
        "planned": planned,
    }
    return render(request, "programs/swap.html", context)


@login_required
@require_POST
def swap_undo(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = get_object_or_404(
        selectors.swaps_for(user).select_related("prescription__exercise"), pk=pk
    )
    name = found.prescription.exercise.name
    services.exercise_swap_undo(swap=found)
    messages.success(request, f"Swap undone: back to {name}.")
    return redirect("programs:today")


# --- Custom programs --------------------------------------------------------------------------


@login_required
@require_POST
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Make an own, editable copy; optionally follow it from now on with the same schedule."""
    user = _user(request)
    source = _visible_program(user, pk)
    if source.is_minimum_session:
        raise Http404
    new = services.program_copy(user=user, program=source)
    if request.POST.get("adopt") == "1":
        services.enrollment_adopt_copy(user=user, program=new)
        messages.success(request, "Your copy is ready, and your plan now follows it.")
    else:
        messages.success(request, "Your copy is ready. Change anything you like.")
    return redirect("programs:edit", pk=new.pk)


def _own_program(user: User, pk: int) -> Program:
    return get_object_or_404(selectors.custom_programs_for(user), pk=pk)


def _own_prescription(user: User, pk: int) -> Prescription:
    return get_object_or_404(
        Prescription.objects.select_related("day", "exercise").filter(day__program__owner=user),
        pk=pk,
    )


def _edit_context(
    user: User,
    program: Program,
    *,
    editing: int | None = None,
    rx_form: PrescriptionForm | None = None,
    add_day: int | None = None,
    add_form: AddExerciseForm | None = None,
    name_form: ProgramNameForm | None = None,
) -> dict[str, Any]:
    current = selectors.current_enrollment(user)
    return {
        "section": "program",
        "program": program,
        "plan": selectors.program_plan(program),
        "editing": editing,
        "rx_form": rx_form,
        "add_day": add_day,
        "add_form": add_form or AddExerciseForm(user=user),
        "name_form": name_form or ProgramNameForm(instance=program),
        "exercise_choices": list(
            Exercise.objects.visible_to(user).order_by("name").only("pk", "name")
        ),
        "in_use": current is not None and current.program_id == program.pk,
        "can_adopt": current is not None and program.based_on_id == current.program_id,
    }


def _day_response(
    request: HtmxHttpRequest, user: User, day: WorkoutDay, **extra: Any
) -> HttpResponse:
    """The day's card (HTMX) or the whole edit page (no JavaScript)."""
    context = _edit_context(user, day.program, **extra)
    context["day_plan"] = next(d for d in context["plan"].base if d.day.pk == day.pk)
    return render(request, _template(request, "programs/edit.html", "day"), context)


@login_required
def edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = _own_program(user, pk)
    name_form = ProgramNameForm(
        request.POST if request.method == "POST" else None, instance=program
    )
    if request.method == "POST" and name_form.is_valid():
        services.program_rename(program=program, name=name_form.cleaned_data["name"])
        messages.success(request, "Name saved.")
        return redirect("programs:edit", pk=program.pk)
    return render(request, "programs/edit.html", _edit_context(user, program, name_form=name_form))


@login_required
def rx_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Inline editing of sets, reps and rest for one exercise of an own copy."""
    user = _user(request)
    prescription = _own_prescription(user, pk)
    day = WorkoutDay.objects.select_related("program").get(pk=prescription.day_id)
    if request.method == "POST":
        form = PrescriptionForm(request.POST, instance=prescription)
        if form.is_valid():
            data = form.cleaned_data
            services.prescription_update(
                prescription=prescription,
                sets=data["sets"],
                reps_low=data["reps_low"],
                reps_high=data["reps_high"],
                seconds=data["seconds"],
                rest_seconds=data["rest_seconds"],
                notes=data.get("notes", ""),
            )
            if request.htmx:
                return _day_response(request, user, day)
            messages.success(request, "Saved.")
            return redirect(
                reverse("programs:edit", kwargs={"pk": day.program_id}) + f"#day-{day.pk}"
            )
        return _day_response(request, user, day, editing=prescription.pk, rx_form=form)
    form = PrescriptionForm(instance=prescription)
    return _day_response(request, user, day, editing=prescription.pk, rx_form=form)


@login_required
@require_POST
def rx_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    prescription = _own_prescription(user, pk)
    day = WorkoutDay.objects.select_related("program").get(pk=prescription.day_id)
    services.prescription_remove(prescription=prescription)
    if request.htmx:
        return _day_response(request, user, day)
    messages.success(request, "Exercise removed.")
    return redirect(reverse("programs:edit", kwargs={"pk": day.program_id}) + f"#day-{day.pk}")


@login_required
@require_POST
def rx_move(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    prescription = _own_prescription(user, pk)
    day = WorkoutDay.objects.select_related("program").get(pk=prescription.day_id)
    direction = request.POST.get("direction", "")
    if direction in {"up", "down"}:
        services.prescription_move(prescription=prescription, direction=direction)
    if request.htmx:
        return _day_response(request, user, day)
    return redirect(reverse("programs:edit", kwargs={"pk": day.program_id}) + f"#day-{day.pk}")


@login_required
@require_POST
def rx_pair(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Pair an exercise with the next one as a superset, or end its superset."""
    user = _user(request)
    prescription = _own_prescription(user, pk)
    day = WorkoutDay.objects.select_related("program").get(pk=prescription.day_id)
    if request.POST.get("action") == "unpair":
        services.prescription_unpair(prescription=prescription)
        done = "Superset ended: each exercise has its own rest again."
    elif services.prescription_pair_with_next(prescription=prescription):
        done = "Paired as a superset: do one set of each, then rest."
    else:
        done = "Not paired: it needs a next exercise, and neither may be in a superset yet."
    if request.htmx:
        return _day_response(request, user, day)
    messages.info(request, done)
    return redirect(reverse("programs:edit", kwargs={"pk": day.program_id}) + f"#day-{day.pk}")


@login_required
@require_POST
def rx_add(request: HtmxHttpRequest, day_id: int) -> HttpResponse:
    user = _user(request)
    day = get_object_or_404(
        WorkoutDay.objects.select_related("program").filter(program__owner=user), pk=day_id
    )
    form = AddExerciseForm(request.POST, user=user)
    if form.is_valid():
        reps_low, reps_high, seconds, rest_seconds = form.defaults()
        services.prescription_add(
            day=day,
            exercise=form.cleaned_data["exercise"],
            sets=form.cleaned_data["sets"],
            reps_low=reps_low,
            reps_high=reps_high,
            seconds=seconds,
            rest_seconds=rest_seconds,
        )
        if request.htmx:
            return _day_response(request, user, day)
        messages.success(request, "Exercise added.")
        return redirect(reverse("programs:edit", kwargs={"pk": day.program_id}) + f"#day-{day.pk}")
    return _day_response(request, user, day, add_day=day.pk, add_form=form)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = _own_program(user, pk)
    if services.program_delete(program=program):
        messages.success(request, "Your copy is deleted.")
        return redirect("programs:mine")
    messages.info(
        request,
        "You've followed this copy, so it stays to keep your history complete.",
    )
    return redirect("programs:edit", pk=program.pk)


@login_required
@require_POST
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    program = _own_program(user, pk)
    if services.enrollment_adopt_copy(user=user, program=program) is not None:
        messages.success(request, "Your plan now follows your own version, same days as before.")
        return redirect("programs:today")
    messages.info(request, "That copy isn't of your current program, so start it from its page.")
    return redirect("programs:detail", pk=program.pk)


# --- Calendar feed ------------------------------------------------------------------------------


@login_required
@require_POST
def feed_manage(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    action = request.POST.get("action")
    if action == "enable":
        services.calendar_feed_enable(user=user)
        messages.success(request, "Your calendar link is ready. Add it to your phone's calendar.")
    elif action == "reset":
        services.calendar_feed_reset(user=user)
        messages.success(request, "New link made. The old one has stopped working.")
    elif action == "revoke":
        services.calendar_feed_revoke(user=user)
        messages.success(request, "Calendar link turned off.")
    return redirect(reverse("programs:mine") + "#calendar-feed")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private ``.ics`` feed: no login, the token is the key; revoked or unknown → 404."""
    found = selectors.feed_by_token(token)
    if found is None:
        raise Http404
    owner = found.user
    local_today = owner.local_today()
    plan = selectors.current_plan(owner)
    first, last = ical.feed_window(local_today)
    sessions = plan.between(first, last) if plan is not None else []
    prescriptions = selectors.prescriptions_for_sessions(plan, sessions) if plan is not None else {}
    # Timed events from apps above programs (a crew's shared sessions), named by a setting.
    extra_events = getattr(settings, "STEADY_CALENDAR_EXTRA_EVENTS", "")
    timed = import_string(extra_events)(owner, first, last) if extra_events else []
    body = ical.build_calendar(
        sessions,
        prescriptions,
        host=request.get_host().split(":")[0] or "steady",
        stamp=timezone.now(),
        open_url=request.build_absolute_uri(reverse("programs:today")),
        timed=timed,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="steady.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
