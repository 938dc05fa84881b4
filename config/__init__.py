"""The project: settings, URLs, the Celery app, WSGI and ASGI. The only package that knows
every app; no app imports it."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
