from django.apps import AppConfig


class WorkoutsConfig(AppConfig):
    name = "apps.workouts"
    label = "workouts"
    verbose_name = "Workouts"
