"""The Celery app, configured from the CELERY_* Django settings (config/settings.py)."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("onboarding")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _ready_to_work(**kwargs):
    """A worker refuses to start without a secret key (its tasks sign links), and makes the
    file-system broker's folders when that broker is used."""
    from django.conf import settings

    settings.SECRET_KEY  # noqa: B018 - raises ImproperlyConfigured when it is empty
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)
