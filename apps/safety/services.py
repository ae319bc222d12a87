"""Writes for the safety app (keyword-only ``<entity>_<action>()`` functions)."""

from __future__ import annotations

import datetime as dt

from cryptography.fernet import InvalidToken
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.safety.models import (
    GuidanceResponse,
    MedicalClearance,
    PlanTextField,
    ReadinessScreen,
    SafetyPlan,
)
from apps.safety.selectors import (
    CONFIRMABLE_CODES,
    URGENT_CODES,
    guidance_for_user,
    plan_hold_codes,
)
from apps.workouts.selectors import unfinished_session
from apps.workouts.services import session_refresh_holds

# Every Fernet token starts with its version byte, base64-encoded: "gAAAAA".
FERNET_TOKEN_PREFIX = "gAAAAA"  # noqa: S105 (a format marker, not a secret)


def readiness_screen_record(
    *, user: User, answers: dict[str, bool], today: dt.date
) -> ReadinessScreen:
    """Store one set of readiness answers, dated with the person's local date. Any yes
    means: talk to a doctor or qualified exercise professional first (PAR-Q+)."""
    return ReadinessScreen.objects.create(user=user, date=today, **answers)


def clearance_record(
    *, user: User, screen: ReadinessScreen, cleared_on: dt.date, cleared_by: str
) -> MedicalClearance:
    """Record that a professional cleared the person; valid for 12 months (PAR-Q+)."""
    if screen.user_id != user.pk:
        raise ValueError("A clearance belongs to the person's own readiness screen.")
    return MedicalClearance.objects.create(
        user=user, screen=screen, cleared_on=cleared_on, cleared_by=cleared_by
    )


def gentle_start_choose(*, user: User, screen: ReadinessScreen, today: dt.date) -> None:
    """The person chose to begin with the gentlest program before being cleared."""
    ReadinessScreen.objects.filter(pk=screen.pk, user=user).update(gentle_start_chosen_on=today)


def _respond(*, user: User, code: str, kind: str, today: dt.date) -> int:
    items = [i for i in guidance_for_user(user, today) if i.code == code]
    refs = [ref for item in items for ref in item.refs]
    now = timezone.now()
    with transaction.atomic():
        created = GuidanceResponse.objects.bulk_create(
            [
                GuidanceResponse(user=user, code=code, kind=kind, ref=ref, created_at=now)
                for ref in refs
            ],
            ignore_conflicts=True,
        )
    return len(created)


def guidance_acknowledge(*, user: User, code: str, today: dt.date) -> int:
    """Hide an urgent banner for the triggers active now. A later trigger (a new
    check-in or questionnaire) shows it again. Returns the number of triggers covered."""
    if code not in URGENT_CODES:
        raise ValueError(f"Only urgent items can be acknowledged, not {code!r}.")
    return _respond(user=user, code=code, kind=GuidanceResponse.Kind.ACKNOWLEDGED, today=today)


def guidance_confirm_checked(*, user: User, code: str, today: dt.date) -> int:
    """The person confirms a professional has checked them for the symptoms behind
    ``code`` (stop_and_seek_care, postpartum_red_flag): progression may continue. New
    symptoms afterwards hold it again (DOMAIN.md)."""
    if code not in CONFIRMABLE_CODES:
        raise ValueError(f"{code!r} does not need a check to be confirmed.")
    covered = _respond(user=user, code=code, kind=GuidanceResponse.Kind.CHECKED, today=today)
    session_holds_refresh(user=user, today=today)
    return covered


def session_holds_refresh(*, user: User, today: dt.date) -> bool:
    """Give the person's session under way the progression holds that apply now.

    DOMAIN.md: plan-holding guidance changes the plan at once. A before check-in entered
    after "Start session" that notes a warning or pelvic symptom (or a low mood, or
    anything else that raises a plan-holding item) takes the increases out of the rows
    not yet logged; a confirmed check gives them back. Returns whether anything changed.
    """
    session = unfinished_session(user)
    if session is None:
        return False
    return session_refresh_holds(session=session, holds=plan_hold_codes(user, today))


def safety_plan_save(*, user: User, fields: dict[str, str]) -> SafetyPlan:
    """Create or update the person's safety plan (encrypted at rest)."""
    values = {name: fields.get(name, "") for name in SafetyPlan.FIELDS}
    plan, _ = SafetyPlan.objects.update_or_create(
        user=user, defaults={**values, "updated_at": timezone.now()}
    )
    return plan


def _unreadable(plan: SafetyPlan) -> bool:
    """A value still shaped like a Fernet token after loading could not be decrypted
    with any configured key: rewriting it would lose it for good."""
    for name in SafetyPlan.FIELDS:
        value = getattr(plan, name)
        if value.startswith(FERNET_TOKEN_PREFIX):
            field = SafetyPlan._meta.get_field(name)
            assert isinstance(field, PlanTextField)
            try:
                field.f.decrypt(value.encode())
            except InvalidToken:
                return True
    return False


def safety_plans_reencrypt(*, batch_size: int = 200) -> tuple[int, int]:
    """Rewrite every safety plan with the current (first) encryption key, for key
    rotation (steps in apps.journal.models). Plans that no configured key can read are
    left untouched. Returns (rewritten, unreadable)."""
    rewritten = unreadable = 0
    for plan in SafetyPlan.objects.order_by("pk").iterator(chunk_size=batch_size):
        if _unreadable(plan):
            unreadable += 1
            continue
        plan.save(update_fields=list(SafetyPlan.FIELDS))
        rewritten += 1
    return rewritten, unreadable
