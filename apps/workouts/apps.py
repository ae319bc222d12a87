from django.apps import AppConfig


class WorkoutsConfig(AppConfig):
    name = "apps.workouts"
    label = "workouts"
    verbose_name = "Workouts"

    def ready(self) -> None:
        from apps.workouts import history

        history.connect_signals()
