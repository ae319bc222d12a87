"""Who may reach each programs URL (see tests/authz.py)."""

from __future__ import annotations

import secrets
from typing import Any

from django.utils import timezone

from apps.accounts.models import User
from apps.programs.models import (
    CalendarFeed,
    Enrollment,
    ExerciseAlternative,
    Prescription,
    Program,
)
from tests.authz import Case
from tests.factories import (
    CalendarFeedFactory,
    EnrollmentFactory,
    ExerciseSwapFactory,
    ReadinessScreenFactory,
    program_with,
    shipped_program,
)

Kwargs = dict[str, Any]


def current_or_new_enrollment(owner: User, **fields: Any) -> Enrollment:
    """The owner's current enrollment, or a new one. The hostile-input test walks these
    cases as the demo user, who already follows a program."""
    current = Enrollment.objects.filter(
        user=owner, status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.PAUSED]
    ).first()
    if current is not None and not fields:
        return current
    Enrollment.objects.filter(pk=getattr(current, "pk", None)).update(
        status=Enrollment.Status.ENDED, ended_on=owner.local_today()
    )
    return EnrollmentFactory(user=owner, **fields)


def live_feed_for(owner: User) -> CalendarFeed:
    return CalendarFeed.objects.filter(
        user=owner, revoked_at__isnull=True
    ).first() or CalendarFeedFactory(user=owner)


def template_pk(owner: User) -> Kwargs:
    return {"pk": shipped_program("machine-foundation").pk}


def template_pk_ready(owner: User) -> Kwargs:
    """Enrolment comes after the readiness questions, so the owner has answered them."""
    ReadinessScreenFactory(user=owner)
    return template_pk(owner)


def own_copy_pk_ready(owner: User) -> Kwargs:
    ReadinessScreenFactory(user=owner)
    return own_copy_pk(owner)


def own_copy(owner: User) -> Program:
    return program_with(owner=owner, days=2, exercises_per_day=3)


def own_copy_pk(owner: User) -> Kwargs:
    return {"pk": own_copy(owner).pk}


def own_copy_of_current(owner: User) -> Kwargs:
    enrollment = current_or_new_enrollment(owner)
    copy = program_with(owner=owner, days=len(enrollment.program.days.all()))
    copy.based_on = enrollment.program
    copy.save(update_fields=["based_on"])
    return {"pk": copy.pk}


def own_rx(owner: User) -> Prescription:
    return Prescription.objects.filter(day__program=own_copy(owner)).order_by("order").first()  # type: ignore[return-value]


def own_rx_pk(owner: User) -> Kwargs:
    return {"pk": own_rx(owner).pk}


def own_day_pk(owner: User) -> Kwargs:
    return {"day_id": own_rx(owner).day_id}


def add_exercise_data(owner: User) -> dict[str, Any]:
    return {
        "exercise": shipped_program("machine-foundation")
        .days.first()
        .prescriptions.first()
        .exercise_id,
        "sets": 2,
    }  # type: ignore[union-attr]


def training_today_rx(owner: User) -> Kwargs:
    """The owner follows the machine foundation with a session today."""
    program = shipped_program("machine-foundation")
    current_or_new_enrollment(owner, program=program, training_today=True)
    first = Prescription.objects.filter(day__program=program, day__order=1).order_by("order")
    return {"prescription_id": first.first().pk}  # type: ignore[union-attr]


def swap_data(owner: User) -> dict[str, Any]:
    program = shipped_program("machine-foundation")
    first = (
        Prescription.objects.filter(day__program=program, day__order=1).order_by("order").first()
    )
    assert first is not None
    alternative = ExerciseAlternative.objects.filter(exercise_id=first.exercise_id).first()
    assert alternative is not None
    return {
        "replacement": alternative.alternative_id,
        "scope": "once",
        "day": owner.local_today().isoformat(),
    }


def own_swap_pk(owner: User) -> Kwargs:
    return {"pk": ExerciseSwapFactory(enrollment=current_or_new_enrollment(owner)).pk}


def live_feed(owner: User) -> Kwargs:
    current_or_new_enrollment(owner)
    return {"token": live_feed_for(owner).token}


def revoked_feed(owner: User) -> Kwargs:
    current_or_new_enrollment(owner)
    feed = CalendarFeedFactory(user=owner, revoked_at=timezone.now())
    return {"token": feed.token}


def unknown_feed(owner: User) -> Kwargs:
    live_feed_for(owner)
    return {"token": secrets.token_urlsafe(32)}


def enroll_data(owner: User) -> dict[str, Any]:
    return {"start_date": owner.local_today().isoformat(), "weekdays": ["0", "2", "4"]}


CASES = [
    Case("programs:today", "login"),
    Case("programs:mine", "login"),
    Case("programs:week", "login"),
    Case("programs:week", "login", htmx=True, query="?start=2026-03-04"),
    Case("programs:month", "login"),
    Case("programs:month", "login", htmx=True, query="?month=2026-03"),
    Case("programs:pause", "login", method="post", owner_status=302),
    Case("programs:resume", "login", method="post", owner_status=302),
    Case("programs:stop", "login", method="post", owner_status=302),
    Case(
        "programs:feed_manage",
        "login",
        method="post",
        data=lambda owner: {"action": "enable"},
        owner_status=302,
    ),
    Case("programs:feed", "token", make_kwargs=live_feed, make_bad_kwargs=revoked_feed),
    Case(
        "programs:feed",
        "token",
        make_kwargs=live_feed,
        make_bad_kwargs=unknown_feed,
        notes="an unknown token",
    ),
    Case("programs:browse", "login"),
    Case("programs:browse", "login", htmx=True, query="?days=2&minutes=20"),
    Case("programs:detail", "login", make_kwargs=template_pk),
    Case("programs:detail", "owner", make_kwargs=own_copy_pk, notes="a custom copy"),
    Case("programs:enroll", "login", make_kwargs=template_pk_ready),
    Case(
        "programs:enroll",
        "login",
        make_kwargs=template_pk,
        owner_status=302,
        notes="readiness questions first",
    ),
    Case(
        "programs:enroll",
        "login",
        make_kwargs=template_pk_ready,
        method="post",
        data=enroll_data,
        owner_status=302,
    ),
    Case("programs:enroll", "owner", make_kwargs=own_copy_pk_ready, notes="a custom copy"),
    Case("programs:copy", "login", make_kwargs=template_pk, method="post", owner_status=302),
    Case("programs:copy", "owner", make_kwargs=own_copy_pk, method="post", owner_status=302),
    Case("programs:edit", "owner", make_kwargs=own_copy_pk),
    Case(
        "programs:edit",
        "owner",
        make_kwargs=own_copy_pk,
        method="post",
        data=lambda owner: {"name": "My plan"},
        owner_status=302,
    ),
    Case("programs:delete", "owner", make_kwargs=own_copy_pk, method="post", owner_status=302),
    Case(
        "programs:adopt", "owner", make_kwargs=own_copy_of_current, method="post", owner_status=302
    ),
    Case(
        "programs:rx_add",
        "owner",
        make_kwargs=own_day_pk,
        method="post",
        data=add_exercise_data,
        owner_status=302,
    ),
    Case(
        "programs:rx_add",
        "owner",
        make_kwargs=own_day_pk,
        method="post",
        data=add_exercise_data,
        htmx=True,
    ),
    Case("programs:rx_edit", "owner", make_kwargs=own_rx_pk),
    Case("programs:rx_edit", "owner", make_kwargs=own_rx_pk, htmx=True),
    Case(
        "programs:rx_edit",
        "owner",
        make_kwargs=own_rx_pk,
        method="post",
        data=lambda owner: {"sets": 2, "reps_low": 10, "reps_high": 15, "rest_seconds": 60},
        owner_status=302,
    ),
    Case("programs:rx_delete", "owner", make_kwargs=own_rx_pk, method="post", owner_status=302),
    Case(
        "programs:rx_move",
        "owner",
        make_kwargs=own_rx_pk,
        method="post",
        data=lambda owner: {"direction": "down"},
        owner_status=302,
    ),
    Case(
        "programs:rx_pair",
        "owner",
        make_kwargs=own_rx_pk,
        method="post",
        data=lambda owner: {"action": "pair"},
        owner_status=302,
    ),
    Case("programs:swap", "owner", make_kwargs=training_today_rx),
    Case(
        "programs:swap",
        "owner",
        make_kwargs=training_today_rx,
        method="post",
        data=swap_data,
        owner_status=302,
    ),
    Case("programs:swap_undo", "owner", make_kwargs=own_swap_pk, method="post", owner_status=302),
    Case("programs:exercises", "login"),
    Case("programs:exercises", "login", htmx=True, query="?q=row"),
    Case("programs:exercise", "login", make_kwargs=lambda owner: {"slug": "leg-press"}),
]
