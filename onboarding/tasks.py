"""Celery tasks: take primary keys, call a service, nothing else."""

from celery import shared_task

from onboarding.services.notifications import invitation_email_send


@shared_task(bind=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_invitation_email(self, invitation_id: int) -> bool:
    return invitation_email_send(invitation_id=invitation_id)
