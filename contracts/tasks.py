from celery import shared_task

from contracts.services.reminders import agreement_reminders_due


@shared_task
def send_agreement_reminders() -> int:
    """Daily (Celery beat): 14, 7 and 1 days before the signing deadline."""
    return agreement_reminders_due()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def issue_payer_invoice(run_id: int, payer_id: int, municipality_ids: list[int]) -> None:
    """One payer of an invoice run: its invoice (never twice), then its PDF."""
    from contracts.billing_models import InvoiceRun
    from contracts.jobs import payer_task_done
    from contracts.services.fee_preview import fee_rows
    from contracts.services.invoicing import invoice_issue, invoice_render_pdf
    from onboarding.models import Municipality, User

    run = InvoiceRun.objects.select_related("programme", "job").get(pk=run_id)
    payer = Municipality.objects.get(pk=payer_id)
    error = None
    try:
        rows = fee_rows(
            run.programme,
            run.year,
            municipalities=Municipality.objects.filter(pk__in=municipality_ids),
        )
        rows = [r for r in rows if r.payer.pk == payer.pk]
        by = User.objects.get(pk=run.created_by_id)
        invoice = invoice_issue(
            programme=run.programme, year=run.year, payer=payer, rows=rows, by=by, run=run
        )
        if invoice is not None and not invoice.pdf:
            try:
                invoice_render_pdf(invoice=invoice)
            except Exception as failure:  # noqa: BLE001 - listed in the run's errors
                error = f"{invoice.number} ({payer.name_fi}): {failure}"
    except Exception as failure:  # noqa: BLE001 - counted, so the run always finishes
        error = f"{payer.name_fi}: {failure}"
    finally:
        payer_task_done(run_id, error)
