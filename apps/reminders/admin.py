"""Operations: the reminder outbox in Django admin, with a count per state."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from apps.reminders import selectors
from apps.reminders.models import Delivery, ReminderPreferences, ReminderSchedule


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = (
        "id",
        "user",
        "kind",
        "state",
        "skip_reason",
        "scheduled_for",
        "attempts",
        "finished_at",
        "last_error",
    )
    list_filter = ("state", "kind", "skip_reason")
    search_fields = ("user__email",)
    date_hierarchy = "scheduled_for"
    list_select_related = ("user",)
    ordering = ("-scheduled_for",)
    readonly_fields = (
        "user",
        "kind",
        "scheduled_for",
        "session",
        "state",
        "skip_reason",
        "attempts",
        "created_at",
        "enqueued_at",
        "claimed_at",
        "next_attempt_at",
        "finished_at",
        "last_error",
    )
    actions = ("requeue_failed",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            counts = selectors.outbox_counts()
            response.context_data["state_counts"] = [
                (state, label, counts[state]) for state, label in Delivery.State.choices
            ]
            response.context_data["state_total"] = sum(counts.values())
        return response

    @admin.action(description="Send selected failed deliveries again")
    def requeue_failed(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        from apps.reminders.services import deliveries_requeue_failed

        count = deliveries_requeue_failed(ids=list(queryset.values_list("id", flat=True)))
        self.message_user(request, f"{count} deliveries queued again.", messages.SUCCESS)


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(admin.ModelAdmin[ReminderSchedule]):
    list_display = ("user", "kind", "local_time", "weekday", "time_zone", "next_fire_at")
    list_filter = ("kind",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    readonly_fields = ("user", "kind", "local_time", "weekday", "time_zone", "next_fire_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ReminderPreferences)
class ReminderPreferencesAdmin(admin.ModelAdmin[ReminderPreferences]):
    list_display = ("user", "enabled", "workout_enabled", "weekly_summary_enabled", "updated_at")
    list_filter = ("enabled",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    # Changing someone's choices must go through the app so schedules stay in step.
    readonly_fields = tuple(
        f.name for f in ReminderPreferences._meta.get_fields() if f.concrete and f.name != "id"
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
