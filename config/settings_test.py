"""Test settings: in-memory and fast, independent of the developer's .env.

DATABASE_URL and CELERY_BROKER_URL still come from the environment, so CI can run the same
suite on PostgreSQL with a real worker on Redis. Without a broker, tasks run in-process
(eagerly): the one place where that is allowed.
"""

import os

os.environ.setdefault("DEBUG", "off")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "off")

from config.settings import *  # noqa: E402,F403
from config.settings import VAR_DIR  # noqa: E402

if "DATABASE_URL" not in os.environ:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
LANGUAGE_CODE = "fi"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
AXES_ENABLED = True
# Single sign-on off and staff password login on, whatever the shell exports; the OIDC tests
# turn it on against the suite's own provider (tests/oidc.py).
OIDC_RP_CLIENT_ID = ""
STAFF_PASSWORD_LOGIN = True
LOGGING = {"version": 1, "disable_existing_loggers": False}  # quiet test output
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on a missing root

# No trust roots and no seal unless a test configures them (tests/contracts/pki.py).
SIGNATURE_TRUST_ROOTS = ""
SEAL_PKCS12_PATH = ""
SEAL_PKCS12_PASSWORD = ""

# Tasks run in the test's own process unless a test starts the real worker (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
if "CELERY_BROKER_URL" not in os.environ:
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
    CELERY_RESULT_BACKEND = None
