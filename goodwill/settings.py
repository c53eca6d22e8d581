"""Goodwill's one settings module. Every variable is read through goodwill.env."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from goodwill import env

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env.data_dir()

SECRET_KEY = env.secret_key(DATA_DIR)
DEBUG = env.get_bool("GOODWILL_DEBUG", False)
ALLOWED_HOSTS = env.get_list("GOODWILL_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.get_list("GOODWILL_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "goodwill",
]
# django-ninja serves the API, but is no installed app: as one, Django would import all of
# it at start-up, a fifth of a second every command line pays. Only its files are needed
# (the API docs page's template and scripts), so their folders are named here; the web
# imports ninja itself when it loads the URLs. find_spec finds it without importing it.
NINJA_DIR = Path(find_spec("ninja").origin).parent

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "goodwill.middleware.SessionSecurityMiddleware",
    "goodwill.middleware.ZoneMiddleware",
    "goodwill.middleware.RevisionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "goodwill.middleware.FirstRunMiddleware",
    "goodwill.middleware.DeniedAccessMiddleware",
    "goodwill.middleware.HostileInputMiddleware",
]

ROOT_URLCONF = "goodwill.urls"
WSGI_APPLICATION = "goodwill.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["goodwill.web.templatetags"],
        },
    }
]


def _database() -> dict:
    url = env.get_str("GOODWILL_DATABASE_URL", "")
    if not url:
        # No writer holds the lock for more than a fraction of a second (issue 16: large
        # imports and index rebuilds go in short steps), so 10 s is a wide margin, under
        # gunicorn's 30 s timeout. Tests lower it to prove nobody waits that long.
        busy = env.get_int("GOODWILL_SQLITE_BUSY_TIMEOUT", 10, minimum=1, maximum=60)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "goodwill.sqlite3",
            # One connection per worker, kept: opening one (and its PRAGMAs) on every
            # request cost ~1 ms, and on a full disk the reopen itself fails (it must
            # create the -wal/-shm files), so reads kept working only with a kept one.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL + IMMEDIATE: concurrent writers queue instead of failing with
                # "database is locked"; busy_timeout gives them `busy` s to get their turn.
                "transaction_mode": "IMMEDIATE",
                "timeout": busy,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    f"PRAGMA busy_timeout={busy * 1000};"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"GOODWILL_DATABASE_URL is not a usable URL: {exc}") from None
    if config.get("ENGINE") not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        raise ImproperlyConfigured("GOODWILL_DATABASE_URL must be a postgres:// or sqlite:/// URL.")
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "goodwill.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts.login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts.login"

LANGUAGE_CODE = "en"
TIME_ZONE = env.time_zone()
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing folder
STATICFILES_DIRS = [NINJA_DIR / "static"]  # /static/ninja/… for the API docs page
MEDIA_ROOT = DATA_DIR / "media"
# Photos are private: they are served by an owner-scoped view, never from MEDIA_URL.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.get_bool("GOODWILL_SECURE_COOKIES", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Sessions live in the database, so any web worker on any machine can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Per process, nothing shared: only what is kept by data revision lives here
# (goodwill.core.revision), so a second worker or a restart just computes it again.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
GOODWILL_SESSION_IDLE_HOURS = env.get_int(
    "GOODWILL_SESSION_IDLE_HOURS", 168, minimum=1, maximum=24 * 365
)
GOODWILL_SESSION_MAX_DAYS = env.get_int("GOODWILL_SESSION_MAX_DAYS", 30, minimum=1, maximum=365)
SESSION_COOKIE_AGE = 60 * 60 * 24 * GOODWILL_SESSION_MAX_DAYS
GOODWILL_SIGNUP = env.get_choice("GOODWILL_SIGNUP", "closed", {"closed", "open"})
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF, "mailto:"],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOG_LEVEL = env.get_choice("GOODWILL_LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # URL secrets (feed, invitation, reset, verify, unsubscribe) never reach the log.
    "filters": {"secrets": {"()": "goodwill.core.redact.RedactSecrets"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Goodwill's own knobs (not environment variables: per-account settings come later).
GOODWILL_DORMANT_DAYS = 180
GOODWILL_SERVE = {
    "host": env.get_str("GOODWILL_HOST", "127.0.0.1"),
    "port": env.get_int("GOODWILL_PORT", 8000, minimum=1),
    "workers": env.get_int("GOODWILL_WORKERS", 2, minimum=1, maximum=64),
}
GOODWILL_CLI_USER = env.get_str("GOODWILL_USER", "")
# Reverse proxies whose X-Forwarded-For / -Proto are believed (docs/hosting.md): the
# audit log's client address (accounts.services.security.client_ip) and gunicorn's
# --forwarded-allow-ips (cli/serve.py).
GOODWILL_TRUSTED_PROXIES = env.trusted_proxies()

# Reminders (docs/reminders.md): background tasks, outgoing e-mail, the public address.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
GOODWILL_SITE_URL = env.site_url()
GOODWILL_EMAIL_ENABLED, _mailer = env.mailer()
# No mail server: no mailer at all. Nothing tries to send (every sender checks
# GOODWILL_EMAIL_ENABLED, and the pages say e-mail is off), so Django's warning that
# sending would fail is silenced in that case only.
MAILERS = {"default": _mailer} if GOODWILL_EMAIL_ENABLED else {}
SILENCED_SYSTEM_CHECKS = [] if GOODWILL_EMAIL_ENABLED else ["mail.W001"]
DEFAULT_FROM_EMAIL = env.get_str("GOODWILL_EMAIL_FROM", "Goodwill <goodwill@localhost>")
GOODWILL_TICK_SECONDS = env.get_int("GOODWILL_TICK_SECONDS", 60, minimum=5, maximum=3600)
# Capture: messages read per page (state is saved after each page; docs/capture.md).
GOODWILL_CAPTURE_PAGE = env.get_int("GOODWILL_CAPTURE_PAGE", 500, minimum=1, maximum=5000)

# Production (GOODWILL_ENV=production, docs/hosting.md): strict, or it refuses to start.
GOODWILL_ENV = env.get_choice("GOODWILL_ENV", "development", {"development", "production"})
if GOODWILL_ENV == "production":
    env.check_production(debug=DEBUG, site_url=GOODWILL_SITE_URL)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load-balancer probes on plain HTTP
    # TLS ends at the reverse proxy, which must set X-Forwarded-Proto (docs/hosting.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    _site = urlsplit(GOODWILL_SITE_URL)  # an origin is scheme and host, never a path
    CSRF_TRUSTED_ORIGINS = [*CSRF_TRUSTED_ORIGINS, f"{_site.scheme}://{_site.netloc}"]
