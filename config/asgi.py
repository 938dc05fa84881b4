"""ASGI entry point. Refuses to start without a secret key, like config/wsgi.py."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

from django.conf import settings  # noqa: E402

settings.SECRET_KEY  # noqa: B018 - raises ImproperlyConfigured when DEBUG is off and it is unset
