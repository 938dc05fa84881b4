"""The Celery app, configured from the CELERY_* Django settings (config/settings.py)."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("onboarding")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _ready_to_work(**kwargs):
    """A worker refuses to start without a secret key (its tasks sign links)."""
    from django.conf import settings

    settings.SECRET_KEY  # noqa: B018 - raises ImproperlyConfigured when it is empty
