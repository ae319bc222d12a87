from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "apps.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self) -> None:
        from apps.reminders import checks, signals  # noqa: F401 (registers handlers)
