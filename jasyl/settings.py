"""Settings, all read from environment variables; defaults run a fresh checkout on SQLite.

See `.env.example` at the repository root for every variable.
"""

import contextlib
import os
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_from_url(url: str) -> dict[str, object]:
    """Turn `sqlite:///path` or `postgres://user:pass@host:port/name` into a DATABASES entry:
    GeoDjango's SpatiaLite (SQLite with mod_spatialite) or PostGIS backend, for the maps."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
        return {
            "ENGINE": "django.contrib.gis.db.backends.spatialite",
            "NAME": path or ":memory:",
            # Tests use an in-memory database, one per test process. Said here because
            # pytest-django gives each xdist process a file name of its own for every engine
            # but Django's plain "sqlite3".
            "TEST": {"NAME": ":memory:"},
        }
    if parts.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.contrib.gis.db.backends.postgis",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # A server process keeps its connection between requests (checked before reuse):
            # opening one costs PostgreSQL a process and PostGIS its type look-ups, which took a
            # map tile from 2 ms to 50 ms (benchmarks/run trees). 0 opens one per request.
            "CONN_MAX_AGE": int(os.environ.get("JASYL_DB_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use sqlite or postgres)")


DEBUG = env_bool("JASYL_DEBUG", default=False)
ALLOWED_HOSTS = [
    h for h in os.environ.get("JASYL_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h
]

DATA_DIR = Path(os.environ.get("JASYL_DATA_DIR", REPO_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

# --- The secret key (docs/deployment.md, "Security settings") ---------------------------------
# Sessions, CSRF tokens and password-reset links are signed with it: whoever knows it can forge
# them (https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key). `JASYL_SECRET_KEY`, or
# else the random key `./dev` keeps in the data folder (`var/secret_key`, mode 0600). With DEBUG
# off there is no default: Jasyl refuses to start rather than sign with a published key.
SECRET_KEY = os.environ.get("JASYL_SECRET_KEY", "").strip()
if not SECRET_KEY and (DATA_DIR / "secret_key").is_file():
    SECRET_KEY = (DATA_DIR / "secret_key").read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "JASYL_SECRET_KEY is not set. With JASYL_DEBUG off Jasyl needs a secret key of its "
            "own: set JASYL_SECRET_KEY to 50 or more random characters (docs/deployment.md, "
            '"Security settings"), or start it with ./dev run, which keeps one in the data folder.'
        )
    SECRET_KEY = "insecure-development-key-for-debug-only"

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'jasyl.sqlite3'}")
    )
}
# Past one machine: a PostgreSQL streaming replica for public reads (jasyl/core/replicas.py).
# Writes, signed-in people, API tokens and a browser that has just written read the primary.
if os.environ.get("JASYL_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = {
        **database_from_url(os.environ["JASYL_REPLICA_DATABASE_URL"]),
        # Tests read the primary's test database through this alias.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["jasyl.core.replicas.PrimaryReplicaRouter"]
JASYL_READ_REPLICA = "replica" in DATABASES
# How long a browser reads from the primary after it wrote (longer than the replica's lag).
JASYL_REPLICA_PIN_SECONDS = int(os.environ.get("JASYL_REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Silenced knowingly: GeoDjango's gis.W001 says that GDAL before 3.9 cannot block the file and
# network access a crafted spatial reference may ask for. Debian 12, where Jasyl is deployed,
# ships GDAL 3.6.2 and nothing newer. Spatial files reach GDAL only from the programme office's
# own command line (`jasyl load-boundaries`), never from a web upload; revisit this before a
# page accepts one (docs/architecture.md, "Maps and geometry").
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

INSTALLED_APPS = [
    # Django's admin, on a site that asks for the second factor (docs/security.md).
    "jasyl.domain.people.apps.SecondFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # WhiteNoise serves static files under runserver too (the same hashed names as production).
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # GeoDjango: geometry fields, spatial lookups, GDAL for spatial files (docs/architecture.md).
    "django.contrib.gis",
    # Accounts (docs/security.md): sign-in throttling and lockout; TOTP two-step verification.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The Content Security Policy header and its nonce (docs/deployment.md, "Security settings").
    "csp",
    "jasyl.core",
    # Domain apps, lowest first (docs/architecture.md).
    "jasyl.domain.places",
    "jasyl.domain.agencies",
    "jasyl.domain.roadmap",
    "jasyl.domain.planaudit",
    "jasyl.domain.people",
    "jasyl.domain.reporting",
    "jasyl.domain.registries",
    "jasyl.domain.greenfund",
    "jasyl.domain.charging",
    "jasyl.domain.waste",
    "jasyl.domain.indicators",
    "jasyl.domain.airquality",
    "jasyl.domain.exhaust",
    "jasyl.domain.lez",
    # The web layer's apps (the other page areas need no app of their own) and the samples.
    "jasyl.web.portal",
    "jasyl.web.maps",
    "jasyl.web.reports",
    "jasyl.web.api",
    "jasyl.samples",
]

MIDDLEWARE = [
    # First, so that they see every request and every answer: the request id and its log line,
    # the request counts and durations (docs/deployment.md, "Checks to run").
    "jasyl.core.logs.RequestLogMiddleware",
    "jasyl.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Security settings (docs/deployment.md): the Content Security Policy with its nonce, the
    # Permissions-Policy, and `no-store` on every answer made for someone; early, so that they
    # also mark the answers that middleware below returns.
    "csp.middleware.CSPMiddleware",
    "jasyl.web.common.middleware.PermissionsPolicyMiddleware",
    "jasyl.web.common.middleware.PrivateResponsesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "jasyl.core.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A 405 with an empty body becomes a page in the site's layout (web/common/middleware.py).
    "jasyl.web.common.middleware.MethodNotAllowedPageMiddleware",
    # After authentication: anonymous reads may go to the replica, a person's to the primary.
    "jasyl.core.replicas.ReplicaMiddleware",
    # After authentication (the anonymous limit): refuses an oversized body before it is read.
    "jasyl.core.limits.BodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Accounts (docs/security.md), after authentication and messages: end idle or too old
    # sessions, then ask for the second factor, and log every 403 answered from within.
    "jasyl.web.people.middleware.SessionLimitsMiddleware",
    "jasyl.web.people.middleware.SecondFactorMiddleware",
    "jasyl.web.people.middleware.PermissionDeniedLogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-axes turns a sign-in refused by the lockout into our page (429); its docs ask for
    # it last in this list.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jasyl.urls"
WSGI_APPLICATION = "jasyl.wsgi.application"

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
            ],
        },
    },
]

# Password rules (docs/security.md): every form that sets a password and `jasyl demo-accounts`.
# 12 characters by default, above the 8 that NIST SP 800-63B (5.1.1.1) sets as the least for a
# chosen password; common, all-numeric and account-like passwords are refused.
JASYL_PASSWORD_MIN_LENGTH = int(os.environ.get("JASYL_PASSWORD_MIN_LENGTH", "12"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": JASYL_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Kazakh is the default language; Russian and English follow.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
# Ours, then what Django's, DRF's and axes' own catalogues lack (locale_vendor/README.md).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
# Django's kk locale has no format module; ours gives d.m.Y dates and 1 003,5 numbers.
FORMAT_MODULE_PATH = ["jasyl.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "static/"
# Collected static files are built from the code and kept beside it, not in the data folder: a
# restored data folder serves pages at once, without collectstatic (docs/operations.md).
STATIC_ROOT = Path(os.environ.get("JASYL_STATIC_ROOT", REPO_DIR / "build" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise warns about a missing folder; a read-only installation gets it from collectstatic.
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
# Uploads and built documents in S3-compatible object storage (django-storages), so that web
# and worker processes on several machines share them: set the bucket to switch it on.
if os.environ.get("JASYL_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["JASYL_S3_BUCKET"],
            "endpoint_url": os.environ.get("JASYL_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("JASYL_S3_REGION") or None,
            "access_key": os.environ.get("JASYL_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("JASYL_S3_SECRET_KEY") or None,
            # Evidence is never public: every download goes through Jasyl's permission check.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# How long a server process trusts its cached "latest edition" of a programme (seconds).
JASYL_EDITION_SECONDS = int(os.environ.get("JASYL_EDITION_SECONDS", "5"))

# Uploaded files (report evidence). Production can point the "default" storage at object
# storage; the code only uses Django's storage API.
MEDIA_ROOT = Path(os.environ.get("JASYL_MEDIA_DIR", DATA_DIR / "media"))
MEDIA_URL = "media/"
# The largest evidence file accepted, in bytes.
JASYL_EVIDENCE_MAX_BYTES = int(os.environ.get("JASYL_EVIDENCE_MAX_BYTES", str(20 * 1000 * 1000)))

# --- Input limits (docs/deployment.md, "Input limits") --------------------------------------
# Every upload is checked against its limit before a byte of it is read; workbooks are also
# checked for what they unpack to before openpyxl opens them (jasyl/core/uploads.py).
# A table import (indicator values, exhaust checks), the roadmap workbook, a reporting template.
JASYL_IMPORT_MAX_BYTES = int(os.environ.get("JASYL_IMPORT_MAX_BYTES", str(10_000_000)))
# Rows read from one imported file; a longer file is refused, naming the limit.
JASYL_IMPORT_MAX_ROWS = int(os.environ.get("JASYL_IMPORT_MAX_ROWS", "100000"))
# Refused rows listed on a page or by a command; then one line says how many more.
JASYL_IMPORT_MAX_ERRORS = int(os.environ.get("JASYL_IMPORT_MAX_ERRORS", "100"))
# An import file sent from a page larger than this (bytes) is imported by the background worker;
# its log page shows the progress. A smaller one at once.
JASYL_IMPORT_INLINE_BYTES = int(os.environ.get("JASYL_IMPORT_INLINE_BYTES", str(2_000_000)))
# An air-quality measurement file sent from the ingest page (`jasyl ingest-air` has no limit:
# the benchmark's city-year of measurements is 1.9 GB).
JASYL_INGEST_MAX_BYTES = int(os.environ.get("JASYL_INGEST_MAX_BYTES", str(100_000_000)))
# What all the parts of an uploaded .xlsx may unpack to together.
JASYL_XLSX_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("JASYL_XLSX_MAX_UNCOMPRESSED_BYTES", str(100_000_000))
)
# The largest request body a page accepts (Content-Length, answered 413 before it is read):
# room for the largest upload above and its form. `/api/` is left to the API's own limits.
_LARGEST_UPLOAD = max(JASYL_INGEST_MAX_BYTES, JASYL_IMPORT_MAX_BYTES, JASYL_EVIDENCE_MAX_BYTES)
JASYL_MAX_REQUEST_BYTES = int(
    os.environ.get("JASYL_MAX_REQUEST_BYTES", str(_LARGEST_UPLOAD + 1_000_000))
)
# The same for a visitor who is not signed in: no public page takes a file.
JASYL_ANONYMOUS_MAX_REQUEST_BYTES = int(
    os.environ.get("JASYL_ANONYMOUS_MAX_REQUEST_BYTES", "1000000")
)
# Django's own limits (https://docs.djangoproject.com/en/5.2/ref/settings/): form fields held in
# memory, their number, files per request, and the size above which an upload goes to a
# temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# --- end of input limits ----------------------------------------------------------------------

# A new reporting period is due this many days after it ends, unless the administrator says
# otherwise.
JASYL_REPORT_DUE_DAYS = int(os.environ.get("JASYL_REPORT_DUE_DAYS", "10"))
# Earned value: a section's, an agency's or the programme's ratios (SPI, CPI, EAC ...) are
# withheld while the items that reported progress hold less than this share of its budget
# (docs/earned-value.md, "Coverage").
try:
    JASYL_EARNED_VALUE_MIN_COVERAGE = Decimal(
        os.environ.get("JASYL_EARNED_VALUE_MIN_COVERAGE", "0.5")
    )
    if not 0 <= JASYL_EARNED_VALUE_MIN_COVERAGE <= 1:
        raise ArithmeticError
except ArithmeticError as error:
    raise ImproperlyConfigured(
        "JASYL_EARNED_VALUE_MIN_COVERAGE must be a share from 0 to 1, such as 0.5"
    ) from error
# Reminders (`jasyl send-reminders`): days before the due date for the first reminder, and days
# overdue before escalating to the agency head, then to the programme office.
JASYL_REMIND_DAYS_BEFORE = int(os.environ.get("JASYL_REMIND_DAYS_BEFORE", "5"))
JASYL_ESCALATE_HEAD_DAYS = int(os.environ.get("JASYL_ESCALATE_HEAD_DAYS", "3"))
JASYL_ESCALATE_OFFICE_DAYS = int(os.environ.get("JASYL_ESCALATE_OFFICE_DAYS", "10"))
# Where the links in e-mails point.
JASYL_SITE_URL = os.environ.get("JASYL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = os.environ.get(
    "JASYL_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("JASYL_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("JASYL_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("JASYL_EMAIL_FROM", "jasyl@localhost")

LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "people:start"
LOGOUT_REDIRECT_URL = "portal:home"

# Air quality: the temperature (°C, at 1 atm) at which gas concentrations are converted between
# ppb and ug/m3. 25 °C is the reference of the published factors and of the US AQI.
JASYL_AQ_GAS_TEMPERATURE_C = float(os.environ.get("JASYL_AQ_GAS_TEMPERATURE_C", "25"))

# The programme shown at the site root.
JASYL_DEFAULT_PROGRAMME = os.environ.get("JASYL_DEFAULT_PROGRAMME", "green-almaty")

# The maps (the portal's map /<lang>/map/, the air-quality station map, the tree form's small
# map; MapLibre GL JS served from the project's static files): the URL of a MapLibre style drawn
# under Jasyl's own layers; empty: a plain background with Jasyl's layers only, which needs
# nothing outside the site. Its host is added to the Content Security Policy below; tiles,
# glyphs or sprites the style names on another host stay refused by it (docs/deployment.md,
# "Maps").
JASYL_MAP_STYLE_URL = os.environ.get("JASYL_MAP_STYLE_URL", "").strip()
# Where the map opens: longitude and latitude in degrees (WGS 84), and the zoom (central Almaty).
JASYL_MAP_CENTRE = tuple(
    float(value) for value in os.environ.get("JASYL_MAP_CENTRE", "76.92,43.25").split(",")
)
JASYL_MAP_ZOOM = float(os.environ.get("JASYL_MAP_ZOOM", "11"))

# The licence stated in the open data package (/opendata/<programme>/): the programme office's
# choice; the default is the project's proposal until the office confirms one.
JASYL_OPEN_DATA_LICENSE = {
    "name": os.environ.get("JASYL_OPEN_DATA_LICENSE", "CC-BY-4.0"),
    "path": os.environ.get(
        "JASYL_OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
    ),
    "title": os.environ.get(
        "JASYL_OPEN_DATA_LICENSE_TITLE", "Creative Commons Attribution 4.0 International"
    ),
}

# Operations: logs, request ids, metrics and backups (docs/deployment.md, docs/operations.md).
# Logs are plain text; JASYL_LOG_FORMAT=json writes one JSON object per line (jasyl/core/logs.py).
JASYL_LOG_FORMAT = "json" if os.environ.get("JASYL_LOG_FORMAT", "").lower() == "json" else "text"
# The reverse proxies whose X-Request-ID and X-Forwarded-For are believed (addresses or networks).
JASYL_TRUSTED_PROXIES = [
    a.strip()
    for a in os.environ.get("JASYL_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
    if a.strip()
]
# /metrics answers a bearer of this token, or a client at one of these addresses or networks.
JASYL_METRICS_TOKEN = os.environ.get("JASYL_METRICS_TOKEN", "")
JASYL_METRICS_ALLOW = [
    a.strip()
    for a in os.environ.get("JASYL_METRICS_ALLOW", "127.0.0.1,::1").split(",")
    if a.strip()
]
# Where `jasyl backup` writes its archives unless told --output.
JASYL_BACKUP_DIR = Path(os.environ.get("JASYL_BACKUP_DIR", DATA_DIR / "backups"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(message)s"},
        "json": {"()": "jasyl.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": JASYL_LOG_FORMAT}},
    # The line per request of jasyl.core.logs.RequestLogMiddleware, in the JSON logs.
    "loggers": {"jasyl.requests": {"level": "INFO"}} if JASYL_LOG_FORMAT == "json" else {},
    "root": {"handlers": ["console"], "level": os.environ.get("JASYL_LOG_LEVEL", "WARNING")},
}

# The loaded plan is cached per edition (see roadmap.selectors.current_plan); a shared cache
# such as Redis can replace the per-process default in production.
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "JASYL_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": os.environ.get("JASYL_CACHE_LOCATION", "jasyl"),
    }
}

# The open REST API under /api/v1/ (docs/api.md). Reads are public; writes need a token
# (`jasyl api-token --user NAME`) or a signed-in session, and then obey people.access.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous write is answered 401 with `WWW-Authenticate: Token`.
        # Hashed tokens with expiry and scope (docs/security.md), not DRF's authtoken.
        "jasyl.web.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # JSON only, whatever the client accepts: the Swagger UI (/api/v1/docs/) is the human
    # interface. The parser bounds a body's size and depth; the throttles count requests per
    # client (docs/api.md, "Limits"; the rates are in "Security settings" below).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "jasyl.web.api.negotiation.JSONWhateverAccepted",
    "DEFAULT_PARSER_CLASSES": ["jasyl.web.api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "jasyl.web.api.throttles.AnonymousRate",
        "jasyl.web.api.throttles.PersonRate",
    ],
    "DEFAULT_PAGINATION_CLASS": "jasyl.web.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jasyl.web.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jasyl API",
    "DESCRIPTION": (
        "The open API of Jasyl: the published roadmap, audit findings, approved progress "
        "reports, indicators and budget execution; writes for agencies and the programme "
        "office with a token. See docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the pinned sidecar package: served by the app itself, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ActivityStatus": "jasyl.domain.reporting.progress.STATUS_ORDER",
        "ReportStatus": "jasyl.web.api.serializers.REPORT_STATUSES",
        "ReportState": "jasyl.web.api.serializers.REPORT_STATES",
        "PeriodState": "jasyl.web.api.serializers.PERIOD_STATES",
        "PeriodKind": "jasyl.web.api.serializers.PERIOD_KINDS",
        "IndicatorStatus": "jasyl.web.api.serializers.STATUSES",
        "TransitionName": "jasyl.web.api.serializers.TRANSITION_NAMES",
        "Severity": "jasyl.domain.planaudit.rules.SEVERITIES",
        "AirReferenceStatus": "jasyl.web.api.air_schema.STATUSES",
        "AirPollutionLevel": "jasyl.web.api.air_schema.LEVELS",
        "LifecycleStage": "jasyl.domain.registries.lifecycle.ORDER",
    },
}

# --- Security settings (docs/deployment.md, "Security settings") ------------------------------
# Production switches these on from the environment; the defaults keep `./dev run` working on
# plain http. Django's deployment checklist explains each, and `jasyl check --deploy` warns
# while one is off (https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/).
# Strict-Transport-Security for this many seconds (0: not sent), and http redirected to https.
SECURE_HSTS_SECONDS = int(os.environ.get("JASYL_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("JASYL_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("JASYL_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env_bool("JASYL_SSL_REDIRECT", default=False)
# The machine's own probes ask gunicorn over plain http and must get their answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # /metrics: Prometheus
# The session, CSRF and language cookies only over https; the session cookie never readable by
# scripts; none of them sent with another site's POST or embedded request.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool(
    "JASYL_SECURE_COOKIES", default=False
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
# Behind a reverse proxy that terminates TLS, a request is https when the proxy says so. Only on
# request: a client that reaches Jasyl directly, or through a proxy that passes its header on,
# could claim https (https://docs.djangoproject.com/en/5.2/ref/settings/#secure-proxy-ssl-header).
if env_bool("JASYL_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Origins (`https://jasyl.example.kz`) whose forms may post here besides the request's own host.
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("JASYL_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SECURE_CONTENT_TYPE_NOSNIFF = True
# Other sites learn the origin only, never a path; a basemap's server still gets a Referer,
# which tile servers' usage policies (OpenStreetMap's among them) ask of web pages.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"


def csp_sources(url: str) -> list[str]:
    """The CSP source of the host in a URL template: `https://{s}.tile.example.org/{z}/{x}/{y}`
    gives `https://*.tile.example.org`; a path on this site or an empty URL gives none."""
    parts = urlsplit(url)
    if not parts.netloc:
        return []
    labels = ["*" if "{" in label else label for label in parts.netloc.split(".")]
    return [f"{parts.scheme}://" * bool(parts.scheme) + ".".join(labels)]


# The Content Security Policy (django-csp 4): scripts, styles, fonts and requests from the site
# itself only, no inline script, style element or attribute without the page's nonce (only the
# Swagger UI uses one), images from the site and data: URLs (MapLibre's control icons, Swagger's);
# never framed. OWASP Content Security Policy Cheat Sheet.
# The maps (MapLibre) need nothing more with their default plain background: its worker
# is a file of the site (`maplibre-gl-worker.mjs`, allowed by 'self', so no `blob:` worker) and
# its tiles are the site's own. A basemap style (JASYL_MAP_STYLE_URL) is fetched, with its
# tiles, from its host: that host is then allowed for requests (connect-src) and images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *csp_sources(JASYL_MAP_STYLE_URL)],
        **(
            {"connect-src": [SELF, *csp_sources(JASYL_MAP_STYLE_URL)]}
            if JASYL_MAP_STYLE_URL
            else {}
        ),
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page of Jasyl uses, switched off by the Permissions-Policy header
# (jasyl/web/common/middleware.py) for the site and anything it embeds.
JASYL_PERMISSIONS_POLICY_OFF = [
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb",
]  # fmt: skip


def api_rate(name: str, default: str) -> str | None:
    """A DRF throttle rate from the environment (`120/minute`; `60/s`, `/hour`, `/day`); empty:
    no limit. A malformed one stops the start rather than every API request."""
    value = os.environ.get(name, default).strip()
    if value and not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f"{name}={value!r}: expected a rate such as 120/minute")
    return value or None


# The API (docs/api.md, "Limits"): arrays and objects nested deeper than this are refused (400),
# and so is a body past DATA_UPLOAD_MAX_MEMORY_SIZE (413); requests per minute (or s, h, d)
# from one anonymous address and from one person or token, then 429 with Retry-After.
JASYL_API_MAX_JSON_DEPTH = int(os.environ.get("JASYL_API_MAX_JSON_DEPTH", "20"))
JASYL_API_ANON_RATE = api_rate("JASYL_API_ANON_RATE", "120/minute")
JASYL_API_USER_RATE = api_rate("JASYL_API_USER_RATE", "600/minute")
# --- end of security settings -------------------------------------------------------------------

# --- Background jobs, costly requests, SQLite (docs/architecture.md, "Background jobs") -------
# Jobs (the PDFs, the open data package, large measurement files, the daily reminders) are rows
# of the database run by `jasyl run-worker` (django-tasks); the tests run them at once.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# When `jasyl run-worker` enqueues the daily jobs below (the reminders, the sweeps of orphan
# evidence, stale uploads and old built files), HH:MM in the site's time zone (Almaty).
JASYL_REMINDERS_AT = os.environ.get("JASYL_REMINDERS_AT", "08:00")
JASYL_DAILY_JOBS = [
    "jasyl.domain.reporting.tasks.send_due_reminders",
    "jasyl.domain.reporting.tasks.sweep_evidence",
    "jasyl.domain.greenfund.tasks.remind_compensation",
    "jasyl.domain.airquality.tasks.sweep_uploads",
    "jasyl.core.tasks.sweep_jobs",
]
# A measurement file uploaded on the ingest page larger than this (bytes) is ingested by the
# worker; a smaller one at once.
JASYL_INGEST_INLINE_BYTES = int(os.environ.get("JASYL_INGEST_INLINE_BYTES", str(1_000_000)))
# Costly requests (the downloads the server builds, uploads) allowed per client and window;
# the next one is answered 429. The counts live in CACHES: share it between server processes.
JASYL_COSTLY_REQUESTS = int(os.environ.get("JASYL_COSTLY_REQUESTS", "20"))
JASYL_COSTLY_WINDOW_SECONDS = int(os.environ.get("JASYL_COSTLY_WINDOW_SECONDS", "60"))
# Which GET paths are costly (regular expressions, searched): the PDFs, the workbooks, the
# portal's CSV tables and the registers' GeoJSON (built per request from the registry), the
# open data package's ZIP (its single files are served as stored); every upload (a multipart
# POST) is too.
JASYL_COSTLY_PATHS = [
    r"\.(pdf|xlsx)$",
    r"/data/[^/]+\.(csv|geojson)$",
    r"^/opendata/[^/]+/[^/]+\.zip$",
]
# The client is counted by its address as `jasyl.core.proxies` reads it (JASYL_TRUSTED_PROXIES).
MIDDLEWARE += [
    "jasyl.core.ratelimit.CostlyRequestsMiddleware",
    "jasyl.core.middleware.DatabaseBusyMiddleware",
]
# SQLite: readers never wait for a writer (WAL), every transaction takes the write lock when it
# begins (so two writers queue instead of failing), and a writer waits this long (ms) for the
# lock. https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior
JASYL_SQLITE_BUSY_MS = int(os.environ.get("JASYL_SQLITE_BUSY_MS", "5000"))
if DATABASES["default"]["ENGINE"] == "django.contrib.gis.db.backends.spatialite":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": JASYL_SQLITE_BUSY_MS / 1000,
    }

# --- Accounts and security (docs/security.md) -------------------------------------------------
# Sign-in throttling (django-axes): after this many failed sign-ins within the cool-off, the
# username and the client address are both refused until the cool-off has passed since the last
# failure. The client address is the site's (`core.proxies`: X-Forwarded-For only as far as
# JASYL_TRUSTED_PROXIES wrote it).
JASYL_LOGIN_FAILURE_LIMIT = int(os.environ.get("JASYL_LOGIN_FAILURE_LIMIT", "5"))
JASYL_LOGIN_COOLOFF_MINUTES = int(os.environ.get("JASYL_LOGIN_COOLOFF_MINUTES", "15"))
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out sign-in is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = JASYL_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=JASYL_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jasyl.web.people.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "jasyl.domain.people.clients.client_ip"
# The security event log (people.SecurityEvent) records sign-ins; axes keeps only the counts.
AXES_DISABLE_ACCESS_LOG = True
# Two-step verification (django-otp, TOTP): the name shown in the authenticator app. A wrong
# code doubles the wait before the next one (1, 2, 4 ... seconds, django-otp's throttling).
OTP_TOTP_ISSUER = os.environ.get("JASYL_OTP_ISSUER", "Jasyl")
OTP_TOTP_THROTTLE_FACTOR = 1
# Sessions end after this many minutes without a request, and this many hours after signing in.
JASYL_SESSION_IDLE_MINUTES = int(os.environ.get("JASYL_SESSION_IDLE_MINUTES", "30"))
JASYL_SESSION_MAX_HOURS = int(os.environ.get("JASYL_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = JASYL_SESSION_MAX_HOURS * 3600
# Where the admin site answers (under the language prefix), e.g. "office-7f3a/".
JASYL_ADMIN_PATH = (os.environ.get("JASYL_ADMIN_PATH", "admin/").strip("/") or "admin") + "/"
# API tokens (`jasyl api-token`) expire after this many days unless --days says otherwise.
JASYL_API_TOKEN_DAYS = int(os.environ.get("JASYL_API_TOKEN_DAYS", "90"))
# --- end of accounts and security -------------------------------------------------------------
