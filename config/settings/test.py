"""Test settings: fast hashing, in-memory email, eager-free Celery (tests start workers)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
ALLOWED_HOSTS = ["*"]
