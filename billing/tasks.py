"""Billing's tasks: they take primary keys and call a service. Transient failures (the
database or the file store unreachable for a moment) are retried; a payer that still fails
is counted with its error, so that a run always finishes."""

from celery import Task, shared_task
from django.db import OperationalError

from billing.services.invoicing import invoice_render_pdf
from billing.services.runs import invoice_run_payer, payer_task_done

TRANSIENT = (OperationalError, OSError)


class _PayerTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries used up, or an error no retry mends: the payer counts as done, with the
        error in the run's list."""
        run_id, payer_id = args[0], args[1]
        payer_task_done(run_id, f"{payer_id}: {exc}")


@shared_task(
    base=_PayerTask, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3
)
def issue_payer_invoice(run_id: int, payer_id: int, municipality_ids: list[int]) -> None:
    """One payer of an invoice run: its invoice (never twice), then its PDF."""
    error = invoice_run_payer(run_id=run_id, payer_id=payer_id, municipality_ids=municipality_ids)
    payer_task_done(run_id, error)


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def render_invoice_pdf(invoice_id: int) -> None:
    """The PDF of an invoice or credit note, after the commit that issued it."""
    invoice_render_pdf(invoice_id=invoice_id)
