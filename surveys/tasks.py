from celery import shared_task

from surveys.reminders import survey_reminders_due


@shared_task
def send_survey_reminders() -> int:
    """Daily (Celery beat): reminders 7 and 1 days before a questionnaire closes."""
    return survey_reminders_due()
