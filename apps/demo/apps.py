from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the load generator: the top layer, free to import every domain app."""

    name = "apps.demo"
    label = "demo"
    verbose_name = "Demo data"
