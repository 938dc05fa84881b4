"""The agreements' tasks: they take primary keys and call a service."""

from celery import shared_task
from django.db import OperationalError

from contracts.services.documents import agreement_documents_generate
from contracts.services.reminders import agreement_reminders_due
from contracts.services.seal import agreement_seal_documents

TRANSIENT = (OperationalError, OSError)


@shared_task
def send_agreement_reminders() -> int:
    """Daily (Celery beat): 14, 7 and 1 days before the signing deadline."""
    return agreement_reminders_due()


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def generate_agreement_documents(agreement_id: int) -> None:
    """The DOCX and PDF/A of a sent agreement, after the commit that sent it; once."""
    agreement_documents_generate(agreement_id=agreement_id)


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def seal_agreement_documents(agreement_id: int) -> None:
    """The National Library's seal on a countersigned agreement's documents, after the
    commit that countersigned it; once."""
    agreement_seal_documents(agreement_id=agreement_id)
