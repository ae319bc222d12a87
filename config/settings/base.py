"""Settings shared by every environment.

Every value comes through the one ``env`` object. The defaults let a newcomer run the
whole app with no services at all: SQLite, a filesystem Celery broker and emails written
to files, everything under ``var/``. Setting ``DATABASE_URL``, ``REDIS_URL`` and
``EMAIL_URL`` switches to PostgreSQL, Redis and SMTP.
"""

from pathlib import Path

import django_stubs_ext
import environ

# Lets typed generics such as ModelForm[User] work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

VAR_DIR = Path(env.str("STEADY_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)

SECRET_KEY = env.str("SECRET_KEY", default="insecure-local-only-key-change-me-" + "x" * 20)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Shown on the login page and in the README only when this is true (local settings).
STEADY_SHOW_DEMO_ACCOUNT = False
STEADY_DEMO_EMAIL = "demo@steady.local"
# Answers a lower app needs from an app above it (README, Architecture: an app never
# imports the apps above it). Each setting names the function that gives the answer.
# Panels other apps add to the Today page, in order (see apps.programs.panels).
STEADY_TODAY_PANELS: list[str] = [
    "apps.safety.panels.today_panel",
    "apps.workouts.panels.today_panel",
    "apps.journal.panels.today_panel",
    "apps.together.panels.today_panel",
]
# The guidance codes that hold load increases today (workouts asks safety).
STEADY_PLAN_HOLDS = "apps.safety.selectors.request_plan_hold_codes"
# The sessions logged on each date of the program calendar (programs asks workouts).
STEADY_DONE_SESSIONS = "apps.workouts.selectors.done_sessions_between"
# Whether the readiness questions were answered, before a first program (programs asks safety).
STEADY_READINESS_ANSWERED = "apps.safety.selectors.readiness_answered"
# Whether a session's before check-in is low enough to hold increases (workouts asks journal).
STEADY_LOW_BEFORE_CHECKIN = "apps.journal.selectors.before_checkin_is_low"
# The mood before and after a session, for its summary (workouts asks journal).
STEADY_SESSION_MOODS = "apps.journal.selectors.session_moods"
# Crew sessions in the calendar feed (apps.programs.feed) and what deleting an account
# hands over first (apps.accounts.services.account_delete): apps.together sits above both.
STEADY_CALENDAR_EXTRA_EVENTS = "apps.together.selectors.calendar_events"
STEADY_BEFORE_ACCOUNT_DELETION: list[str] = ["apps.together.services.crews_hand_over_for_deletion"]
STEADY_DEMO_PASSWORD = "lift-and-breathe"  # noqa: S105 (public demo account, local only)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    # Steady's own apps, one per domain.
    "apps.core",
    "apps.accounts",
    "apps.programs",
    "apps.workouts",
    "apps.journal",
    "apps.safety",
    "apps.reminders",
    "apps.imports",
    "apps.demo",
    "apps.summary",
    "apps.together",
    "apps.offline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "apps.core.middleware.reject_nul_in_url",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.middleware.signed_in_pages_not_stored",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.accounts.middleware.UserTimezoneMiddleware",
    "apps.offline.middleware.clear_site_data_on_logout",
    # Axes must be last: it inspects the result of authentication.
    "axes.middleware.AxesMiddleware",
]

# Widget templates are looked up like page templates, so templates/ can hold our own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.steady",
                "apps.safety.context_processors.safety_banners",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'steady.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait for locks, don't fail.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"
SITE_ID = 1

# django-allauth: email is the only identifier, and it must be verified.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.SignupProfileForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Steady: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_SESSION_REMEMBER = True
# One email address per person, changed by confirming the new one (allauth's change
# flow); the old address is told when it changes or the password does.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True

# Log-in throttling, one mechanism: django-axes locks an account + client address pair
# for an hour after 8 failures. Nobody's failures block another account, or the same
# account from another address. allauth's own log-in limits are off: they counted per
# address across all accounts (10 failures, 30 log-ins a minute), which locked everyone
# out behind one proxy or office address, and refused before axes reached its limit.
# The client address is taken TRUSTED_PROXY_COUNT entries from the right of
# X-Forwarded-For (0: REMOTE_ADDR, for a server reached directly).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_RATE_LIMITS: dict[str, str | None] | bool = {"login": None, "login_failed": None}
AXES_CLIENT_IP_CALLABLE = "apps.accounts.services.client_ip"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=8)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "apps.accounts.lockout.username_for_lockout"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Part of the service worker's cache version (apps.offline.release), with a hash of the
# static files: set it per deploy to force new caches even when no static file changed.
STEADY_BUILD_ID = env.str("STEADY_BUILD_ID", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: EMAIL_URL (smtp://user:pass@host:port) for real delivery, else files in var/mail.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Steady <hello@steady.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = 10

# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport under var/.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        # A message not acknowledged within this is redelivered. Retry backoff is capped
        # well below it, so a long countdown never causes a duplicate delivery.
        "visibility_timeout": 3600,
    }
else:
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# Cache: Redis when available (django-redis). Redis is never a single point of failure:
# when it does not answer within half a second, a read is a miss and a write is skipped
# (IGNORE_EXCEPTIONS), logged by django_redis. Sessions stay in the database (Django's
# default): Redis going away logs nobody out, and a session ended while it was away
# (logging out, deleting the account) cannot come back from a stale cached copy.
REDIS_CACHE: dict[str, object] = {
    "BACKEND": "django_redis.cache.RedisCache",
    "KEY_PREFIX": "steady",
    "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {"default": {**REDIS_CACHE, "LOCATION": env.str("CACHE_URL", default=REDIS_URL)}}

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}

# Field encryption for journal notes and safety plans (django-fernet-encrypted-fields).
# Keys derive from SECRET_KEY (+ SECRET_KEY_FALLBACKS while rotating) and each salt in
# FIELD_ENCRYPTION_SALTS: the first pair encrypts, all are tried to decrypt.
SECRET_KEY_FALLBACKS: list[str] = env.list("SECRET_KEY_FALLBACKS", default=[])
SALT_KEY: list[str] = env.list("FIELD_ENCRYPTION_SALTS", default=["steady-local-salt"])

# Content Security Policy (django-csp 4): no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request bodies never reach the logs: mood data must not leak there.
        "django.request": {"level": "ERROR"},
    },
}

# --- reminders ---
# Exactly one beat runs these; each `expires` is under its period so a backlog never
# piles up sweeps. No periodic task per person: one sweep finds everyone who is due.
from celery.schedules import crontab  # noqa: E402

STEADY_SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
REMINDERS_UNSUBSCRIBE_MAILTO = env.str("REMINDERS_UNSUBSCRIBE_MAILTO", default="")
# Temporary failures (4xx, network) retry with capped backoff until the reminder is no
# longer useful (apps.reminders.timing.LATENESS_LIMITS), then the row is EXPIRED.
REMINDERS_RETRY_BASE_SECONDS = env.int("REMINDERS_RETRY_BASE_SECONDS", default=60)
# Capped far below the Redis visibility timeout (3600 s): see apps.reminders.checks.
REMINDERS_RETRY_MAX_SECONDS = env.int("REMINDERS_RETRY_MAX_SECONDS", default=900)
# The sweeper (every minute) sends a QUEUED row's task again when it has waited this long
# and the broker's queue is empty, so it cannot still be waiting in line: Redis lost it.
REMINDERS_QUEUED_LOST_SECONDS = env.int("REMINDERS_QUEUED_LOST_SECONDS", default=60)
# How long a worker keeps trying to record SENT (on a fresh database connection) after
# the mail server accepted a message.
REMINDERS_SENT_WRITE_RETRY_SECONDS = env.int("REMINDERS_SENT_WRITE_RETRY_SECONDS", default=60)
# A row SENDING for longer than this lost its worker (SIGKILL, OOM) and is sent again.
# Longer than one SMTP exchange plus the SENT write retries: apps.reminders.checks.
REMINDERS_SENDING_STUCK_SECONDS = env.int("REMINDERS_SENDING_STUCK_SECONDS", default=180)
CELERY_BEAT_SCHEDULE["reminders-dispatch"] = {
    "task": "apps.reminders.tasks.dispatch_due_reminders",
    "schedule": crontab(),  # at the start of every minute
    "options": {"expires": 50},
}
CELERY_BEAT_SCHEDULE["reminders-checkin-prompts"] = {
    "task": "apps.reminders.tasks.scan_checkin_prompts",
    "schedule": crontab(minute="*/5"),
    "options": {"expires": 280},
}
CELERY_BEAT_SCHEDULE["reminders-requeue-stuck"] = {
    "task": "apps.reminders.tasks.requeue_stuck_deliveries",
    "schedule": crontab(),  # every minute: lost messages go out within two minutes
    "options": {"expires": 50},
}
CELERY_BEAT_SCHEDULE["reminders-prune"] = {
    "task": "apps.reminders.tasks.prune_old_deliveries",
    "schedule": crontab(hour="3", minute="17"),
    "options": {"expires": 3000},
}
