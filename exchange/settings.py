"""Settings for Exchange, read from the environment (django-environ).

Every value that differs between a laptop, CI and production comes from an
environment variable; the defaults are for trying the app on one machine.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    TIME_ZONE=(str, "UTC"),
    DEFAULT_FROM_EMAIL=(str, "Exchange <exchange@localhost>"),
    MEDIA_ROOT=(str, str(BASE_DIR / "var" / "media")),
    CONN_MAX_AGE=(int, 60),
    ATTACHMENT_MAX_BYTES=(int, 10 * 1024 * 1024),
    LOGIN_FAILURE_LIMIT=(int, 5),
    LOGIN_COOLOFF_MINUTES=(int, 15),
    LOGIN_ADDRESS_FAILURE_LIMIT=(int, 30),
    PROXY_COUNT=(int, 0),
    SESSION_COOKIE_AGE=(int, 8 * 60 * 60),
    SECURE_HSTS_SECONDS=(int, 365 * 24 * 60 * 60),
    SECURE_HSTS_PRELOAD=(bool, True),
    REDIS_URL=(str, ""),
    STATIC_ROOT=(str, str(BASE_DIR / "var" / "staticfiles")),
    EXPORT_INLINE_LIMIT=(int, 2000),
    DASHBOARD_FIGURES_MAX_AGE=(int, 600),
    REPORT_PDF_CACHE_SECONDS=(int, 7 * 24 * 60 * 60),
    CELERY_BEAT_SCHEDULE_FILENAME=(str, str(BASE_DIR / "var" / "celerybeat-schedule")),
    S3_BUCKET=(str, ""),
    S3_ENDPOINT_URL=(str, ""),
    S3_REGION=(str, "us-east-1"),
    S3_ACCESS_KEY_ID=(str, ""),
    S3_SECRET_ACCESS_KEY=(str, ""),
    S3_URL_EXPIRY_SECONDS=(int, 60),
    ERASURE_LOG=(str, str(BASE_DIR / "var" / "erasures.jsonl")),
    RETENTION_SUCCESSFUL_LOGIN_DAYS=(int, 90),
    RETENTION_FAILED_LOGIN_DAYS=(int, 30),
    RETENTION_HISTORY_YEARS=(int, 6),
    RETENTION_HISTORY_MODE=(str, "redact"),
    RETENTION_UNREFERENCED_FILE_HOURS=(int, 24),
    FEED_DAYS_AFTER_VISIT=(int, 14),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")

_DEV_SECRET_KEY = "django-insecure-exchange-development-only-key-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "django_countries",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "core",
    "accounts",
    "jobs",
    "places",
    "partners",
    "officials",
    "delegations",
    "visits",  # migrations only: the tables itinerary and learning took over
    "itinerary",
    "learning",
    "timeline",
    "reports",
    "search",
    "demo",
]

MIDDLEWARE = [
    # First: the security headers reach every response, one an inner middleware made
    # from an exception (a bad Host) included; then no-store on what a logged-in person
    # sees (core.middleware).
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The language remembered on the user's profile wins over Accept-Language.
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "exchange.urls"

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
                "django.template.context_processors.i18n",
                "exchange.navigation.navigation",
            ],
            # core.templatetags.dates: the `date` filter in the reader's language.
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "core.templatetags.dates",
            ],
        },
    },
]

# Widgets render with the project's templates (templates/includes/autocomplete_widget.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "exchange.wsgi.application"
ASGI_APPLICATION = "exchange.asgi.application"

# Database: PostgreSQL in production and tests; an SQLite file under var/ by default,
# so the app can be tried with no server at all.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'exchange.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env("CONN_MAX_AGE")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: one-time form tokens (a double submit saves once) live here, so production
# with several server processes needs a shared cache: REDIS_URL (below), or
# CACHE_URL=dbcache://exchange_cache (then `manage.py createcachetable`); `check --deploy`
# warns otherwise (core.W001).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# REDIS_URL (e.g. redis://127.0.0.1:6379/0) is what several processes share: the cache
# (form tokens), sessions (cached_db: Redis in front of the table) and
# Celery's broker and the log-in throttling's counts (below). Without it: a per-process
# cache, database sessions, throttling counts in the database and tasks run in the
# request (CELERY_TASK_ALWAYS_EAGER), so `make run` needs no service at all.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "exchange",
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # a host named: kombu warns without one
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True  # jobs report through the database (jobs.models)
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-job leaves it for another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic jobs, sent by the one beat process (Procfile `beat`) to the workers. Times are
# in TIME_ZONE. Beat keeps when each last ran in CELERY_BEAT_SCHEDULE_FILENAME.
CELERY_BEAT_SCHEDULE = {
    "apply-retention": {
        "task": "core.tasks.apply_retention_job",
        "schedule": crontab(hour=3, minute=15),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = env("CELERY_BEAT_SCHEDULE_FILENAME")
# A delegation list export of more rows than this runs on the worker (jobs.ExportJob).
EXPORT_INLINE_LIMIT = env("EXPORT_INLINE_LIMIT")
# The dashboard's figures are cached per programme and counted again by the worker after
# each change (reports.figure_cache); an entry older than this many seconds is refreshed
# too (what changed without a service: an erasure, an SQL import).
DASHBOARD_FIGURES_MAX_AGE = env("DASHBOARD_FIGURES_MAX_AGE")
# A live report's PDF is kept in the cache by the SHA-256 of what it is made of
# (reports.pdf_cache): any change makes a new key; an unread entry goes after this long.
REPORT_PDF_CACHE_SECONDS = env("REPORT_PDF_CACHE_SECONDS")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: django-axes refuses a locked-out log-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.EmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
# Where the site's address (core:home) leads: the delegation list.
HOME_URL_NAME = "delegations:list"


def topic_url(topic) -> str:
    """A topic's page is learning's; the itinerary, which tags items with topics and sits
    below learning, links to it through `topic.get_absolute_url`."""
    from django.urls import reverse

    return reverse("learning:topic-detail", args=[topic.slug])


def report_url(report) -> str:
    """A report's page is reports'; the model lives in delegations, below it."""
    from django.urls import reverse

    return reverse("reports:report", args=[report.delegation_id])


ABSOLUTE_URL_OVERRIDES = {"itinerary.topic": topic_url, "delegations.report": report_url}
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface and the report in English, Portuguese (European and Mozambican usage)
# and French; CI (bin/check-translations) keeps every catalogue complete, so every
# language offered here is whole (docs/glossary.md holds the shared vocabulary).
LANGUAGES = [("en", _("English")), ("pt", _("Portuguese")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
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
# Object storage: with S3_BUCKET, uploads and generated files (large exports)
# go to an S3-compatible bucket through django-storages; without it, to MEDIA_ROOT.
# Files are never public: downloads pass the app's permission check and are streamed.
S3_BUCKET = env("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION"),
            "access_key": env("S3_ACCESS_KEY_ID") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env("S3_URL_EXPIRY_SECONDS"),
            "file_overwrite": False,
        },
    }
MEDIA_ROOT = env("MEDIA_ROOT")
# Attachments are served only through a permission-checked view: no MEDIA_URL route.
MEDIA_URL = "/media-not-served/"
ATTACHMENT_MAX_BYTES = env("ATTACHMENT_MAX_BYTES")
# Request size (core.uploads): a multipart body over REQUEST_MAX_BYTES (an attachment
# plus room for the form's other fields) is refused before it is read, with a 413 page;
# other bodies over DATA_UPLOAD_MAX_MEMORY_SIZE alike. The reverse proxy refuses the
# same size first (README, "Request size": nginx client_max_body_size).
REQUEST_MAX_BYTES = ATTACHMENT_MAX_BYTES + 512 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, stated
FILE_UPLOAD_HANDLERS = [
    "core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# No EMAIL_URL with DEBUG off fails `check --deploy` (core.E002) instead of writing
# notifications, with their recipients, to the console and so to the logs.
EMAIL_URL_SET = "EMAIL_URL" in env.ENVIRON
vars().update(env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "dummymail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Log-in throttling (django-axes), on the site's log-in page and the admin's alike:
# after LOGIN_FAILURE_LIMIT failed attempts for one email address from one client
# address, that pair is locked out until the cool-off has passed.
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("LOGIN_COOLOFF_MINUTES"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# ... and a whole client address after this many failures, all emails together, within
# the cool-off (password spraying; accounts.throttling.AddressLockMixin).
LOGIN_ADDRESS_FAILURE_LIMIT = env("LOGIN_ADDRESS_FAILURE_LIMIT")
# The counts live in Redis when REDIS_URL is set (every node shares them; atomic INCR and
# expiry), else in the database (axes' AccessAttempt rows).
LOGIN_THROTTLE_REDIS_URL = REDIS_URL
LOGIN_THROTTLE_KEY_PREFIX = "exchange:log-in-throttle:"
AXES_HANDLER = (
    "accounts.throttling.RedisThrottlingHandler"
    if REDIS_URL
    else "accounts.throttling.AddressThrottlingHandler"
)
AXES_USERNAME_FORM_FIELD = "username"  # the log-in forms' field (it holds the email)
AXES_USERNAME_CALLABLE = "accounts.throttling.username_from_request"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR, or behind PROXY_COUNT trusted reverse proxies the
# X-Forwarded-For entry the outermost one added (accounts.throttling.client_address).
PROXY_COUNT = env("PROXY_COUNT")
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"

# Sessions: cookies HTTP-only and, outside DEBUG, sent over HTTPS only. Django's
# login() gives the visitor a new session key (no session fixation).
SESSION_COOKIE_AGE = env("SESSION_COOKIE_AGE")
SESSION_COOKIE_HTTPONLY = True
# SECURE_COOKIES=false only for a production stack tested over plain HTTP on loopback.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Security headers on every response (error pages and exports included).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind TLS (production): redirect to HTTPS and send HSTS. The health probes stay on
# plain HTTP for the load balancer. A TLS-terminating proxy must set X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD") and not DEBUG

# Content-Security-Policy (django-csp): nothing inline, nothing from another origin.
# Bootstrap's form icons are data: SVGs in its stylesheet, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Personal data (docs/data-protection.md). Erasures are also written, one JSON line each,
# to ERASURE_LOG: keep it outside the backups' database, so that `manage.py
# reapply_erasures` can replay them after a restore.
ERASURE_LOG = env("ERASURE_LOG")
# Retention, applied by `manage.py apply_retention` (core.retention.apply_retention):
# log-in records, history older than RETENTION_HISTORY_YEARS ("redact": personal fields
# blanked; "prune": the rows deleted, each record's latest kept; 0: kept for ever), files no
# row references any more (older than RETENTION_UNREFERENCED_FILE_HOURS).
RETENTION_SUCCESSFUL_LOGIN_DAYS = env("RETENTION_SUCCESSFUL_LOGIN_DAYS")
RETENTION_FAILED_LOGIN_DAYS = env("RETENTION_FAILED_LOGIN_DAYS")
RETENTION_HISTORY_YEARS = env("RETENTION_HISTORY_YEARS")
RETENTION_HISTORY_MODE = env("RETENTION_HISTORY_MODE")
if RETENTION_HISTORY_MODE not in ("redact", "prune"):
    raise ImproperlyConfigured("RETENTION_HISTORY_MODE must be redact or prune.")
RETENTION_UNREFERENCED_FILE_HOURS = env("RETENTION_UNREFERENCED_FILE_HOURS")
# The itinerary's calendar subscription works until this many days after the visit ends
# (or after its address was last renewed).
FEED_DAYS_AFTER_VISIT = env("FEED_DAYS_AFTER_VISIT")

# Logs never carry the calendar feeds' secret addresses nor what people searched for
# (core.logging.RedactSecretsFilter), whichever logger writes the request line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "filters": {"redact_secrets": {"()": "core.logging.RedactSecretsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint warns about every browser-only rule it skips; a stylesheet or image
        # it cannot load is an ERROR.
        "weasyprint": {"level": "ERROR"},
    },
}
