"""Local development: embedded defaults, debug on, the demo account advertised."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
STEADY_SHOW_DEMO_ACCOUNT = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Links in emails must reach the server ./scripts/run starts: unless SITE_URL is set, it
# follows STEADY_PORT, so a reminder's crisis link is never dead on another port.
STEADY_SITE_URL = env.str(
    "SITE_URL", default=f"http://127.0.0.1:{env.int('STEADY_PORT', default=8000)}"
)
