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
    """A worker refuses to start without a secret key (its tasks sign links)."""
    from django.conf import settings

    settings.SECRET_KEY  # noqa: B018 - raises ImproperlyConfigured when it is empty


@app.on_after_configure.connect
def _broker_folders(sender, **kwargs):
    """The file-system broker of `make run` keeps its messages in folders that must exist
    before the first message, in every process that uses the app (the web server sends
    tasks, the worker takes them). Made when the app is first configured, not at start-up."""
    if not str(sender.conf.broker_url or "").startswith("filesystem://"):
        return
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)
