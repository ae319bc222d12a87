"""Template filters for showing loads, sets and plans in the person's own unit."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django import template
from django.utils.html import format_html_join

from apps.accounts.units import kg_to_unit
from apps.programs.schedule import duration_text, timed_verb
from apps.workouts.models import SessionExercise, SetLog
from apps.workouts.progression import format_amount, format_load
from apps.workouts.records import Record

register = template.Library()


@register.filter
def load(value: Decimal | float | None, unit: str) -> str:
    """A stored kilogram value in the person's unit: ``{{ set.load_kg|load:unit }}``."""
    if value is None:
        return ""
    return format_load(Decimal(str(value)), unit)


@register.filter
def amount(value: Decimal | float | None) -> str:
    if value is None:
        return ""
    return format_amount(Decimal(str(value)))


def _figures(load_kg: Decimal | None, reps: int | None, seconds: int | None, unit: str) -> str:
    if seconds is not None and reps is None:
        return duration_text(seconds)
    if load_kg:
        return f"{format_load(load_kg, unit)} × {reps}"
    return f"{reps} rep{'s' if reps != 1 else ''}"


@register.filter
def set_text(item: SetLog | Record, unit: str) -> str:
    """ "60 kg × 8", "12 reps" or "45 seconds"."""
    return _figures(item.load_kg, item.reps, item.seconds, unit)


@register.filter
def plan_text(row: SessionExercise) -> str:
    """ "3 sets × 8–12 reps · rest 90 seconds"."""
    sets = f"{row.planned_sets} set{'s' if row.planned_sets != 1 else ''}"
    if row.reps_low is not None:
        high = row.reps_high or row.reps_low
        reps = f"{row.reps_low}" if high == row.reps_low else f"{row.reps_low}–{high}"
        amount_text = f"{reps} reps"
    else:
        amount_text = duration_text(row.seconds or 30)
    return f"{sets} × {amount_text} · rest {duration_text(row.rest_seconds)}"


@register.filter
def suggestion_text(row: SessionExercise, unit: str) -> str:
    """Today's suggested numbers for an exercise, in the person's unit."""
    if row.reps_low is None:
        return duration_text(row.seconds) if row.seconds else ""
    if row.suggested_load_kg:
        return f"{format_load(row.suggested_load_kg, unit)} × {row.suggested_reps}"
    if row.suggested_reps:
        return f"{row.suggested_reps} reps"
    return ""


@register.filter
def duration(seconds: int | None, pattern: str | None = None) -> str:
    """Seconds in plain words: ``{{ s|duration }}`` → "1 minute 30 seconds";
    ``{{ s|duration:exercise.movement_pattern }}`` → "walk 3 minutes"."""
    if seconds is None:
        return ""
    return duration_text(seconds, pattern or None)


@register.filter
def doing(pattern: str) -> str:
    """The verb a timed set's countdown speaks with: "walk", "hold", "carry"."""
    return timed_verb(pattern)


@register.filter
def rpe_text(value: Decimal | None) -> str:
    return "" if value is None else f"RPE {format_amount(value)}"


@register.filter
def in_unit(value: Decimal | float | None, unit: str) -> str:
    """A stored kilogram amount as a plain number in the person's unit (no unit label)."""
    if value is None:
        return ""
    return format_amount(kg_to_unit(Decimal(str(value)), unit))


@register.filter
def options(choices: Sequence[tuple[str, str]], selected: str) -> str:
    """The ``<option>`` list of a select in a set row, ``selected`` marked (one call per
    select rather than a template loop per option: a session page has many rows)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", text) for value, text in choices),
    )
