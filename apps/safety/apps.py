from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "apps.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from apps.journal.signals import checkin_saved
        from apps.safety.signals import refresh_holds_after_checkin

        checkin_saved.connect(refresh_holds_after_checkin, dispatch_uid="safety-refresh-holds")
