from django.apps import AppConfig


class TogetherConfig(AppConfig):
    name = "apps.together"
    label = "together"
    verbose_name = "Training together"
