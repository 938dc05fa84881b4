"""Settings, all read from the environment in this one module.

Typed defaults make `make run` work on a bare machine (SQLite under var/, console e-mail, a
Celery worker on a file-system broker); production sets DEBUG=off and must then provide
SECRET_KEY and hosts.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.queues import queue_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-only-for-debug")
else:
    # Production never runs on a guessable key. Without one, Django refuses every use of the
    # key, serving (config/wsgi.py, config/asgi.py) and the worker (config/celery.py) refuse
    # to start, and `check --deploy` fails; commands that sign nothing (imports, migrations,
    # catalogs) still work, as the README writes them.
    SECRET_KEY = env.str("SECRET_KEY", default="")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The apps, from the bottom layer up (README, Layout): each imports only those above it
    # in this list, never one below (import-linter checks it).
    "onboarding",
    "surveys",
    "contracts",
    "scheduling",
    "billing",
    "eligibility",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "onboarding.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "onboarding.middleware.ContentSecurityPolicyMiddleware",
    "onboarding.middleware.DropControlCharacterCookiesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "onboarding.middleware.SecondFactorMiddleware",
    "onboarding.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

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
                "django.template.context_processors.i18n",
                "portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))

# The embedded default (SQLite) under concurrent writes, e.g. eight coordinators countersigning
# at once. A transaction that starts reading (DEFERRED, SQLite's default) and then writes
# cannot wait for another writer: SQLite refuses it at once with "database is locked" (a 500).
# So every transaction takes the write lock when it begins (IMMEDIATE) and waits its turn for
# up to SQLITE_TIMEOUT_SECONDS; WAL lets readers go on beside the one writer. Each waiting
# transaction then sees the committed state and refuses in words (409). The transactions are
# short (documents, PDFs and e-mails are made after the commit), so a turn takes milliseconds.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": env.int("SQLITE_TIMEOUT_SECONDS", default=20),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by all web processes in production (e.g. CACHE_URL=rediscache://127.0.0.1:6379/1), so
# that the eligibility cache is invalidated everywhere at once.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "onboarding.cache.RedisCache"  # one client per pool
if "locmem" in CACHES["default"]["BACKEND"]:
    # Room for every municipality's answer on a few days (the default is 300 entries).
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20000)

# How long an API token lookup may be cached (seconds). Unset: a minute with a cache that all
# processes share (Redis), none with a per-process one (locmem), which could not hear of a
# revocation made in another process.
API_TOKEN_CACHE_SECONDS = env.int("API_TOKEN_CACHE_SECONDS", default=None)

# An API token expires this many days after it is made (a password change, a deactivation or
# "log out everywhere" revokes it before). A user may mint at most API_TOKEN_MINTS_PER_HOUR
# tokens an hour through POST /api/v1/auth/token/.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
API_TOKEN_MINTS_PER_HOUR = env.int("API_TOKEN_MINTS_PER_HOUR", default=5)

# How often a web process reads the eligibility version and the token generation from the
# shared cache for the login service's fast path (seconds). A change made in the same process
# is seen at once, one made in another process within this time; 0 reads on every request.
ELIGIBILITY_STAMP_SECONDS = env.float("ELIGIBILITY_STAMP_SECONDS", default=1.0)

AUTH_USER_MODEL = "onboarding.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username/address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Staff single sign-on (below). Listed always, so that a session it made stays valid; it
    # answers only the OIDC callback's call and nothing while OIDC_RP_CLIENT_ID is unset.
    "onboarding.oidc.StaffOIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Two-step verification (onboarding.services.twofactor): the roles whose password login must
# give a code from an authenticator app (superusers always do). Managers may turn it on.
TWO_FACTOR_REQUIRED_ROLES = env.list(
    "TWO_FACTOR_REQUIRED_ROLES", default=["coordinator", "finance"]
)
OTP_TOTP_ISSUER = "E-kirjasto onboarding"

# Staff single sign-on with OpenID Connect (mozilla-django-oidc, onboarding/oidc.py): on when
# OIDC_RP_CLIENT_ID is set. Coordinators and finance log in through the organisation's
# provider; their role follows the claim OIDC_ROLE_CLAIM (a list or a string) through
# OIDC_GROUP_ROLES ("group=role,group=role" or a JSON object; roles coordinator and finance
# only). The provider's endpoints are given explicitly (its discovery document lists them).
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_ROLE_CLAIM = env.str("OIDC_ROLE_CLAIM", default="groups")
OIDC_GROUP_ROLES = env.str("OIDC_GROUP_ROLES", default="")
# Seconds of clock difference allowed between the provider and this server (exp, iat).
OIDC_CLOCK_SKEW_SECONDS = env.int("OIDC_CLOCK_SKEW_SECONDS", default=60)
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT_SECONDS", default=10)
OIDC_USE_NONCE = True  # the backend refuses a token without our nonce whatever this says
OIDC_USE_PKCE = env.bool("OIDC_USE_PKCE", default=True)
OIDC_CALLBACK_CLASS = "onboarding.oidc.StaffOIDCCallbackView"
OIDC_AUTHENTICATE_CLASS = "onboarding.oidc.StaffOIDCAuthenticationRequestView"
OIDC_CREATE_USER = True
OIDC_STORE_ID_TOKEN = False
OIDC_STORE_ACCESS_TOKEN = False
# Password login for coordinators and finance: off once everyone logs in through the
# provider. Municipal managers (invited by e-mail) always log in with a password.
STAFF_PASSWORD_LOGIN = env.bool("STAFF_PASSWORD_LOGIN", default=True)

# Login rate limit: after AXES_FAILURE_LIMIT failures for one username from one address the
# pair is locked for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "onboarding.lockout.lockout_response"
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # signed agreements
MAX_IMPORT_BYTES = 5 * 1024 * 1024  # CSV imports: populations, payments (onboarding.csv_files)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
SURVEY_REMINDER_CAP = env.int("SURVEY_REMINDER_CAP", default=4)
AGREEMENT_REMINDER_CAP = env.int("AGREEMENT_REMINDER_CAP", default=5)

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
# Swedish as written in Finland (config/formats/sv): dates as 23.4.2024, not 2024-04-23.
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
PRIVATE_ROOT = env.path("PRIVATE_ROOT", default=VAR_DIR / "private")

# Digital signatures of uploaded signed agreements (contracts/signatures.py): a PEM file of
# the root certificates a signer's chain must reach. Unset: integrity and coverage are still
# checked, and the evidence says that trust was not checked.
SIGNATURE_TRUST_ROOTS = env.str("SIGNATURE_TRUST_ROOTS", default="")
# The National Library's electronic seal on countersigned documents (contracts/seal.py): a
# PKCS#12 file and its password. Unset: countersigning works as before and the agreement's
# page says the seal is missing.
SEAL_PKCS12_PATH = env.str("SEAL_PKCS12_PATH", default="")
SEAL_PKCS12_PASSWORD = env.str("SEAL_PKCS12_PASSWORD", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Signed agreements, generated documents, exports: never served by URL, only through
    # views that check who asks.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# E-mail: console by default; production sets EMAIL_URL (e.g. smtp+tls://user:pw@host:587).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="e-kirjasto@kansalliskirjasto.fi")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Background tasks: config/celery.py reads every CELERY_* setting here. Without
# CELERY_BROKER_URL the broker is kombu's file-system transport under var/broker: it needs no
# server, and `make run` starts a worker beside the web server on it (one machine only).
# Production points CELERY_BROKER_URL at Redis. Tasks never run inside a web request except
# with CELERY_TASK_ALWAYS_EAGER, which is for tests (a deploy check refuses it).
# A running job without progress for this long died with its worker: its page says so and
# offers to resume it (onboarding.services.jobs.job_stopped).
JOB_STALE_SECONDS = env.int("JOB_STALE_SECONDS", default=600)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
BROKER_DIR = Path(env.str("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = None
else:
    CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL)
# Two queues: the jobs people watch (an invoice run, a bulk send, e-mails) and documents, which
# pile up (the demo's agreements, the PDFs after a bulk change). `make run` gives each its own
# worker, so that a run never waits behind a backlog of documents; a plain `celery worker`
# takes both. TASK_QUEUE names them apart where several installations share one broker.
TASK_QUEUE = env.str("TASK_QUEUE", default="celery")
vars().update(queue_settings(TASK_QUEUE))
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULE = {
    "agreement-reminders": {
        "task": "contracts.tasks.send_agreement_reminders",
        "schedule": crontab(hour=8, minute=5),
    },
    "survey-reminders": {
        "task": "surveys.tasks.send_survey_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "onboarding.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["onboarding.permissions.HasRoleAccess"],
    "DEFAULT_PAGINATION_CLASS": "onboarding.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "onboarding.api.exceptions.exception_handler",
    # Every JSON body an object; no body's text with control characters (onboarding.api.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "onboarding.api.parsers.ObjectJSONParser",
        "onboarding.api.parsers.CheckedFormParser",
        "onboarding.api.parsers.CheckedMultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "E-library onboarding API",
    "DESCRIPTION": "Municipalities, consortia and programmes of the national e-library "
    "(E-kirjasto) onboarding. Authenticate with `Authorization: Token <key>` "
    "(POST /api/v1/auth/token/) or a session.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "onboarding.api.schema.document_error_responses",
    ],
}

DJANGO_TABLES2_TEMPLATE = "tables/table.html"

# Security: strict when DEBUG is off; each can be relaxed from the environment if a proxy
# terminates TLS differently.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# The language switcher's cookie: no script reads it, and over TLS only like the others
# (wapiti's cookie flags check).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The browser never sends the CSRF cookie to scripts: no script reads it (forms and the
# survey's autosave send the token of the page's own form field; the API docs and the
# browsable API render it into the page).
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp 4: CONTENT_SECURITY_POLICY with DIRECTIVES). Scripts,
# styles, images, fonts and fetches only from this site: no inline script, no inline style and
# no style attribute anywhere (the legend swatches are SVG, coloured by `fill`), nothing from a
# CDN, no plugins, no framing, forms only to this site. Two views have their own scoped
# allowance: the API docs (/api/v1/docs/: drf-spectacular's Swagger UI page has an inline
# <style> block and its stylesheet draws its icons from data: URIs; config/urls.py) and the
# REST framework's browsable API (its template has an inline <style> block and style
# attributes; onboarding/middleware.py). Neither allows an inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (onboarding.middleware): features no page uses, refused to all.
PERMISSIONS_POLICY = {"camera": [], "microphone": [], "geolocation": [], "payment": [], "usb": []}
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},  # not its "logger bridge initialized" at start
    },
}

# The seller on invoices. The defaults name the National Library of Finland (a separate
# institute of the University of Helsinki, whose business ID it uses); the bank account is the
# EXAMPLE IBAN of Finnish banking documentation: set INVOICE_SELLER_IBAN and _BIC in production
# (a deploy check refuses the example with DEBUG off). The name and the address have a Swedish
# form for Swedish invoices (the keys ending in _sv; billing.services.invoicing.seller_for).
INVOICE_SELLER = {
    "name": env.str("INVOICE_SELLER_NAME", default="Helsingin yliopisto / Kansalliskirjasto"),
    "business_id": env.str("INVOICE_SELLER_BUSINESS_ID", default="0313471-7"),
    "street": env.str("INVOICE_SELLER_STREET", default="PL 15 (Unioninkatu 36)"),
    "postal_code": env.str("INVOICE_SELLER_POSTAL_CODE", default="00014"),
    "city": env.str("INVOICE_SELLER_CITY", default="Helsingin yliopisto"),
    "name_sv": env.str(
        "INVOICE_SELLER_NAME_SV", default="Helsingfors universitet / Nationalbiblioteket"
    ),
    "street_sv": env.str("INVOICE_SELLER_STREET_SV", default="PB 15 (Unionsgatan 36)"),
    "city_sv": env.str("INVOICE_SELLER_CITY_SV", default="Helsingfors universitet"),
    "iban": env.str("INVOICE_SELLER_IBAN", default="FI2112345600000785"),
    "bic": env.str("INVOICE_SELLER_BIC", default="NDEAFIHH"),
    "einvoice_address": env.str("INVOICE_SELLER_EINVOICE_ADDRESS", default="003703134717"),
    "einvoice_operator": env.str("INVOICE_SELLER_EINVOICE_OPERATOR", default="NDEAFIHH"),
    "email": env.str("INVOICE_SELLER_EMAIL", default="e-kirjasto@kansalliskirjasto.fi"),
}
INVOICE_SERIES = env.str("INVOICE_SERIES", default="EK")
CREDIT_NOTE_SERIES = env.str("CREDIT_NOTE_SERIES", default="EKH")
PAYMENT_TERM_DAYS = env.int("PAYMENT_TERM_DAYS", default=21)

# Where the real reference data shipped with the project lives.
REFERENCE_DATA_DIR = BASE_DIR / "data" / "reference"
