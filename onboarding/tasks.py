"""Celery tasks: take primary keys, call a service, nothing else."""

from celery import shared_task

from onboarding.services.notifications import notification_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification(notification_id: int) -> bool:
    return notification_send(notification_id=notification_id)


@shared_task(acks_late=True, max_retries=3)
def run_job(job_id: int) -> None:
    from onboarding.services.jobs import job_run

    job_run(job_id=job_id)
