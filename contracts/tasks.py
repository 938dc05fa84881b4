from celery import shared_task

from contracts.services.reminders import agreement_reminders_due


@shared_task
def send_agreement_reminders() -> int:
    """Daily (Celery beat): 14, 7 and 1 days before the signing deadline."""
    return agreement_reminders_due()
