"""Settings for Siaga PHPU, read from the environment (12-factor).

Defaults give a working development setup on a bare machine: SQLite, local file storage and an
embedded Celery broker on the filesystem. Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL, REDIS_URL and HTTPS=true.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from phpu import __version__

# The version the PDFs, their manifests and the backups name; apps read it here (they never import phpu).
SOFTWARE_VERSION = __version__

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Demo mode prints and accepts the well-known demo passwords; never set it in production.
DEMO_MODE = env.bool("DEMO_MODE", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # search lookups (trigram); inert on SQLite
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "phpu",
    "accounts",
    "regions",
    "elections",
    "inventory",
    "results",
    "notifications",
    "teams",
    "cases",
    "dossiers",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages and API answers gzipped, downloads left alone; why this is safe from BREACH: phpu/compression.py.
    "phpu.compression.TextCompression",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The user's saved language, else Indonesian; not the browser's (core/middleware_language.py).
    "core.middleware_language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.security.SessionActivity",
    "accounts.security.SecondFactorGate",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "phpu.urls"
WSGI_APPLICATION = "phpu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
                "accounts.context_processors.menu",
            ],
            # `|day` and `|moment`, the one way to show a date (core/dates.py), in every template.
            "builtins": ["core.dates"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The official results' "one current row per location" constraints treat an empty participant as a value
# (nulls_distinct=False, results/models.py): PostgreSQL keeps them; the embedded SQLite demo cannot, and says so.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default has a web process and worker processes writing at once: take the write lock
    # when a transaction begins (a read that later writes would fail at once with "database is locked"),
    # and wait for it rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The one scoping mechanism. The region tree (below accounts: an assignment hangs on a region) reaches
# it through this name rather than an import, as Django reaches the user model through AUTH_USER_MODEL.
REACH_OF = "accounts.scoping.reach_of"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Forms: required fields marked before any submit (the `required` wrapper class, an asterisk in app.css),
# and only fields in error marked after one (core/bootstrap.py: no green tick on what was left empty).
BOOTSTRAP5 = {"required_css_class": "required", "field_renderers": {"default": "core.bootstrap.FieldRenderer"}}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One format for a day and one for a moment, per language (core/formats, core/dates.py).
FORMAT_MODULE_PATH = ["core.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Evidence lives in its own storage, never under a public URL: it is served only by the scoped,
# logged, hash-checking download view. S3_BUCKET switches it to S3-compatible storage (MinIO).
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    EVIDENCE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY", default=""),
            "secret_key": env.str("S3_SECRET_KEY", default=""),
            "region_name": env.str("S3_REGION", default="us-east-1"),
            "location": "evidence",  # dossiers: "dossiers", below
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    EVIDENCE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "evidence", "base_url": None},
    }
# Rendered dossiers sit beside the evidence, under the same rules (served only by a scoped view).
DOSSIER_STORAGE = {
    "BACKEND": EVIDENCE_STORAGE["BACKEND"],
    "OPTIONS": {**EVIDENCE_STORAGE["OPTIONS"], "location": "dossiers"}
    if S3_BUCKET
    else {"location": MEDIA_ROOT / "dossiers", "base_url": None},
}
# The pieces of resumable uploads (inventory/resumable.py) wait beside the evidence: on S3 every web replica
# sees them, so a phone's next piece may reach any replica.
UPLOAD_STAGING_STORAGE = {
    "BACKEND": EVIDENCE_STORAGE["BACKEND"],
    "OPTIONS": {**EVIDENCE_STORAGE["OPTIONS"], "location": "uploads"}
    if S3_BUCKET
    else {"location": MEDIA_ROOT / "uploads", "base_url": None},
}
# Sections of dossiers laid out before, reused while nothing that went into them changed (dossiers/cache.py):
# beside the dossiers, served by no view, not backed up (it can always be laid out again).
DOSSIER_CACHE_STORAGE = {
    "BACKEND": EVIDENCE_STORAGE["BACKEND"],
    "OPTIONS": {**EVIDENCE_STORAGE["OPTIONS"], "location": "dossier-cache"}
    if S3_BUCKET
    else {"location": MEDIA_ROOT / "dossier-cache", "base_url": None},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "evidence": EVIDENCE_STORAGE,
    "dossiers": DOSSIER_STORAGE,
    "uploads": UPLOAD_STAGING_STORAGE,
    "dossier_cache": DOSSIER_CACHE_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Outside DEBUG, collectstatic writes hashed names with gzip and Brotli copies beside them; WhiteNoise sends
# the smallest the browser accepts and marks hashed names immutable for a year and more, so a phone fetches
# each version of a file once.
WHITENOISE_USE_FINDERS = DEBUG

# Uploads stream to a temporary file while being hashed (files/hashing.py): memory stays flat.
FILE_UPLOAD_HANDLERS = ["files.hashing.HashingUploadHandler"]
# Under VAR_DIR, not the system's /tmp: a request killed mid-upload leaves its temporary file where the
# leftover sweep (files/sweep.py, beat entry "sweep-leftovers") finds it.
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default=str(VAR_DIR / "tmp" / "uploads"))
FILE_UPLOAD_PERMISSIONS = 0o640
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_MB", default=1024) * 1024 * 1024
EVIDENCE_MAX_UNPACKED_BYTES = env.int("EVIDENCE_MAX_UNPACKED_MB", default=300) * 1024 * 1024
# Memory the upload check may spend decoding one image (previews and the MK bundle decode it again).
EVIDENCE_MAX_DECODED_BYTES = env.int("EVIDENCE_MAX_DECODED_MB", default=256) * 1024 * 1024
EVIDENCE_MAX_FILES = env.int("EVIDENCE_MAX_FILES", default=20)
DATA_UPLOAD_MAX_NUMBER_FILES = EVIDENCE_MAX_FILES
# Resumable uploads (tus): the piece a page sends per request (a cut link costs at most one piece), how
# long an abandoned upload is kept, and how many bytes one user's unfinished uploads may reserve.
RESUMABLE_CHUNK_BYTES = env.int("RESUMABLE_CHUNK_KB", default=5 * 1024) * 1024
RESUMABLE_UPLOAD_EXPIRE_HOURS = env.int("RESUMABLE_UPLOAD_EXPIRE_HOURS", default=24)
RESUMABLE_UPLOAD_QUOTA_BYTES = env.int("RESUMABLE_UPLOAD_QUOTA_MB", default=3 * 1024) * 1024 * 1024

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # A cache outage must not take the pages down (phpu/cache.py); half a second to find Redis gone.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis in production; without REDIS_URL a real worker still runs, on kombu's filesystem
# transport, so `make run` needs nothing but Python.
CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Longer than the longest task (a dossier job, DOSSIER_TIME_LIMIT), so none is delivered twice while it runs.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
else:
    # The host name is nominal; without one kombu warns "No hostname was supplied" on every connection.
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
    # The filesystem transport needs its folders before the first message, in web and worker alike.
    for _sub in ("queue", "processed", "control", "results"):
        (CELERY_BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
# Results are kept only for tasks that ask for them (the worker health check); job state lives in models.
CELERY_RESULT_BACKEND = REDIS_URL or f"file://{CELERY_BROKER_DIR / 'results'}"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 15 * 60
CELERY_TASK_TIME_LIMIT = 20 * 60
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A queue per kind of work, so an hour-long dossier render never delays a reminder or a preview. A worker
# started without -Q (make run, docker compose) consumes every queue listed here; a deployment at scale
# runs a worker pool per queue (deploy/k8s/).
CELERY_TASK_DEFAULT_QUEUE = "celery"
# Each with a routing key of its own: queues bound under one key would each get a copy of every message.
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in ("celery", "previews", "dossiers")]
CELERY_TASK_ROUTES = {
    "dossiers.tasks.render_dossier": {"queue": "dossiers"},
    "inventory.tasks.evidence_preview": {"queue": "previews"},
    "inventory.tasks.sweep_missing_previews": {"queue": "previews"},
}
# Dossier PDFs: large documents are laid out in sections by this many processes at once (WeasyPrint
# uses one core per process), then merged. Default: the machine's cores, at most 4.
DOSSIER_RENDER_PROCESSES = env.int("DOSSIER_RENDER_PROCESSES", default=min(os.cpu_count() or 1, 4))
# The layout cache's bound (bytes; least recently used sections go first, in the hourly sweep); 0 turns it off.
DOSSIER_CACHE_MAX_BYTES = env.int("DOSSIER_CACHE_MAX_BYTES", default=2 * 1024**3)
# The PDF/A flavour of the "archive" option (WeasyPrint's pdf_variant).
DOSSIER_PDF_A_VARIANT = "pdf/a-2b"
# Where a job lays out and merges its parts; a killed job's folder is swept like a killed upload's file.
DOSSIER_WORK_DIR = env.str("DOSSIER_WORK_DIR", default=str(VAR_DIR / "tmp" / "dossiers"))
for _work in (FILE_UPLOAD_TEMP_DIR, DOSSIER_WORK_DIR):
    Path(_work).mkdir(parents=True, exist_ok=True)
# A job still queued after this long lost its message (broker restart): the watchdog sends it again,
# and its page says that no worker has started it.
DOSSIER_QUEUED_PATIENCE = timedelta(seconds=env.int("DOSSIER_QUEUED_PATIENCE", default=5 * 60))
# A running job holds a lease its worker renews every DOSSIER_HEARTBEAT_SECONDS (a thread, and every
# progress step); a lease that ran out means the worker died, its page says so at once, and the watchdog
# (every DOSSIER_WATCHDOG_SECONDS) sends the job again: after a SIGKILL it runs again within about
# lease + watchdog period. The lease outlasts the longest pause of the renewing thread (pikepdf holds
# Python's lock while it merges: seconds for thousands of pages).
DOSSIER_LEASE_SECONDS = env.int("DOSSIER_LEASE_SECONDS", default=30)
DOSSIER_HEARTBEAT_SECONDS = env.int("DOSSIER_HEARTBEAT_SECONDS", default=5)
DOSSIER_WATCHDOG_SECONDS = env.int("DOSSIER_WATCHDOG_SECONDS", default=10)
# Soft and hard limits of one dossier job (the brief of a 2019-scale presidential case takes minutes).
DOSSIER_SOFT_TIME_LIMIT = env.int("DOSSIER_SOFT_TIME_LIMIT", default=50 * 60)
DOSSIER_TIME_LIMIT = env.int("DOSSIER_TIME_LIMIT", default=60 * 60)
# Deadline reminders each morning at 06:00 WIB (CELERY_TIMEZONE), for `celery beat` (cases/tasks.py).
CELERY_BEAT_SCHEDULE = {
    "deadline-reminders": {"task": "cases.tasks.send_deadline_reminders", "schedule": crontab(hour=6, minute=0)},
    # A dossier job whose worker died (its lease ran out) is queued again (dossiers/tasks.py). A run not
    # taken before the next is due expires: while no worker runs, runs do not pile up on the broker.
    "dossier-watchdog": {
        "task": "dossiers.tasks.requeue_stalled_dossiers",
        "schedule": float(DOSSIER_WATCHDOG_SECONDS),
        "options": {"expires": DOSSIER_WATCHDOG_SECONDS},
    },
    # Previews whose task was lost (broker down at upload time) are made by this sweep (inventory/tasks.py).
    "preview-sweep": {
        "task": "inventory.tasks.sweep_missing_previews",
        "schedule": 300.0,
        "options": {"expires": 300},
    },
    # The dashboard rollup's pending deltas folded into its cells, so a view sums few rows (dashboard/rollup.py).
    "rollup-compact": {"task": "dashboard.tasks.rollup_compact", "schedule": 60.0, "options": {"expires": 60}},
    # Resumable uploads abandoned half way, and their pieces (inventory/resumable.py).
    "expire-uploads": {
        "task": "phpu.tasks.expire_resumable_uploads",
        "schedule": crontab(minute=47),
        "options": {"expires": 3600},
    },
    # Leftovers of killed uploads and dossier jobs (files/sweep.py): older than any job can run, unused.
    "sweep-leftovers": {
        "task": "phpu.tasks.sweep_leftovers",
        "schedule": crontab(minute=17),
        "kwargs": {"grace_seconds": DOSSIER_TIME_LIMIT + 3600},
        "options": {"expires": 3600},
    },
}

# E-mail for notifications goes out only when EMAIL_HOST is set (notifications/services.py).
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="siaga-phpu@localhost")
# Links in e-mailed notifications start with this address, e.g. https://siaga.kpu.example
SITE_URL = env.str("SITE_URL", default="")

REST_FRAMEWORK = {
    # Token first so that anonymous API calls get 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable API's forms list every choice of a related field (regions, users by
    # name) whatever the caller's reach, even on a 404. People explore the API at /api/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Siaga PHPU API",
    "DESCRIPTION": "Preparation for election-result disputes at the Constitutional Court (MK).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Several models have a `kind`: name each choice set after its own class.
    "ENUM_NAME_OVERRIDES": {
        "ElectionKindEnum": "elections.choices.ElectionKind",
        "ParticipantKindEnum": "elections.choices.ParticipantKind",
        "EvidenceKindEnum": "inventory.choices.EvidenceKind",
        "ActivityKindEnum": "teams.choices.ActivityKind",
        "ActivityFileKindEnum": "teams.choices.ActivityFileKind",
        "TeamStatusEnum": "teams.choices.TeamStatus",
        "ProblemStatusEnum": "inventory.choices.Status",
        "CaseKindEnum": "cases.choices.CaseKind",
        "ExhibitKindEnum": "cases.choices.ExhibitKind",
        "CaseStatusEnum": "cases.choices.CaseStatus",
        "ClaimStatusEnum": "cases.choices.ClaimStatus",
        "DossierKindEnum": "dossiers.choices.DossierKind",
        "DossierStatusEnum": "dossiers.choices.JobStatus",
    },
}

# Production hardening, switched by HTTPS=true behind a TLS-terminating proxy.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # at most, from sign-in
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)  # signed out after this long idle
# The TOTP second factor is required for commissioners, the legal division and superusers; the demo
# (`make run`, DEMO_MODE) offers it without requiring it, so that it can be tried without a phone.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEMO_MODE)
OTP_TOTP_ISSUER = "Siaga PHPU"
# A refused form gets a translated page inside the navigation (core/views_errors.py).
CSRF_FAILURE_VIEW = "core.views_errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Our pages load scripts and styles only from /static/ (no inline script, no inline style attribute);
# images may be data: or blob: URIs (previews of a file being uploaded, QR codes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Every line with its time (ISO 8601, with the zone), level and logger; LOG_FORMAT=json for a log collector
# (core/logging.py). The Celery worker and beat log the same way (phpu/celery.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"default": {"()": f"core.logging.{LOG_FORMAT.capitalize()}Formatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every rendering step at INFO; only its warnings matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
