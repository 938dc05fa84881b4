"""The Celery app. Without CELERY_BROKER_URL tasks run in-process, eagerly."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onboarding.settings")

app = Celery("onboarding")
# Celery takes the broker from CELERY_BROKER_URL itself; the rest is set here, not from
# CELERY_* settings, so that one name is the only broker knob.
_broker = os.environ.get("CELERY_BROKER_URL", "")
app.conf.update(
    task_always_eager=not _broker,
    task_eager_propagates=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    result_backend=_broker or None,
    result_expires=24 * 60 * 60,
    timezone="Europe/Helsinki",
    enable_utc=True,
    task_serializer="json",
    accept_content=["json"],
)
app.conf.beat_schedule = {
    "agreement-reminders": {
        "task": "contracts.tasks.send_agreement_reminders",
        "schedule": crontab(hour=8, minute=5),
    },
    "survey-reminders": {
        "task": "surveys.tasks.send_survey_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
}
app.autodiscover_tasks()
