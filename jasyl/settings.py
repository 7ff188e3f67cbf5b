"""Settings, all read from environment variables; defaults run a fresh checkout on SQLite.

See `.env.example` at the repository root for every variable.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_from_url(url: str) -> dict[str, object]:
    """Turn `sqlite:///path` or `postgres://user:pass@host:port/name` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path or ":memory:"}
    if parts.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
        }
    raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use sqlite or postgres)")


DEBUG = env_bool("JASYL_DEBUG", default=False)
SECRET_KEY = os.environ.get("JASYL_SECRET_KEY", "insecure-development-key-change-me")
ALLOWED_HOSTS = [
    h for h in os.environ.get("JASYL_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h
]

DATA_DIR = Path(os.environ.get("JASYL_DATA_DIR", REPO_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'jasyl.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # WhiteNoise serves static files under runserver too (the same hashed names as production).
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "jasyl.core",
    # Domain apps, lowest first (docs/architecture.md).
    "jasyl.domain.agencies",
    "jasyl.domain.roadmap",
    "jasyl.domain.planaudit",
    "jasyl.domain.people",
    "jasyl.domain.reporting",
    "jasyl.domain.indicators",
    "jasyl.domain.airquality",
    "jasyl.domain.exhaust",
    # The web layer's apps (the other page areas need no app of their own) and the samples.
    "jasyl.web.portal",
    "jasyl.web.reports",
    "jasyl.web.api",
    "jasyl.samples",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "jasyl.core.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Kazakh is the default language; Russian and English follow.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django's kk locale has no format module; ours gives d.m.Y dates and 1 003,5 numbers.
FORMAT_MODULE_PATH = ["jasyl.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
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

# How long a server process trusts its cached "latest edition" of a programme (seconds).
JASYL_EDITION_SECONDS = int(os.environ.get("JASYL_EDITION_SECONDS", "5"))

# Uploaded files (report evidence). Production can point the "default" storage at object
# storage; the code only uses Django's storage API.
MEDIA_ROOT = Path(os.environ.get("JASYL_MEDIA_DIR", DATA_DIR / "media"))
MEDIA_URL = "media/"
# The largest evidence file accepted, in bytes.
JASYL_EVIDENCE_MAX_BYTES = int(os.environ.get("JASYL_EVIDENCE_MAX_BYTES", str(20 * 1000 * 1000)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A new reporting period is due this many days after it ends, unless the administrator says
# otherwise.
JASYL_REPORT_DUE_DAYS = int(os.environ.get("JASYL_REPORT_DUE_DAYS", "10"))
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

# The map tiles behind the station map (Leaflet is served from the project's own static files);
# an empty value draws the stations on a blank background.
JASYL_MAP_TILES_URL = os.environ.get(
    "JASYL_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
JASYL_MAP_TILES_ATTRIBUTION = os.environ.get(
    "JASYL_MAP_TILES_ATTRIBUTION", "© OpenStreetMap contributors"
)

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
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
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
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
    },
}
