"""Celery tasks: take primary keys, call a service, nothing else."""

from celery import shared_task

from onboarding.services.notifications import notification_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification(notification_id: int) -> bool:
    return notification_send(notification_id=notification_id)
