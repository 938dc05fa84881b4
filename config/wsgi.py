"""WSGI entry point (gunicorn config.wsgi). Refuses to start without a secret key."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402

settings.SECRET_KEY  # noqa: B018 - raises ImproperlyConfigured when DEBUG is off and it is unset
