"""Local development: embedded defaults, the demo account advertised.

Debug is off unless ``DEBUG=1`` is set, so a newcomer meets Steady's own 404 and 500 pages
(with the help link), not Django's technical ones. Whitenoise serves the static files
straight from the source folders (no collectstatic needed) and picks up edits at once.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=False)
STEADY_SHOW_DEMO_ACCOUNT = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Links in emails must reach the server ./scripts/run starts: unless SITE_URL is set, it
# follows STEADY_PORT, so a reminder's crisis link is never dead on another port.
STEADY_SITE_URL = env.str(
    "SITE_URL", default=f"http://127.0.0.1:{env.int('STEADY_PORT', default=8000)}"
)
