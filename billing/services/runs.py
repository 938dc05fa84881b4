"""The yearly invoice run: started by finance staff, run as a job that fans out one task per
payer (billing/jobs.py, billing/tasks.py), each of which issues its payer's invoice once."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import InvoiceRun
from billing.selectors import FeeRow, fee_rows
from billing.services.invoicing import invoice_issue, invoice_render_pdf
from onboarding.errors import Conflict
from onboarding.models import Job, Municipality, User
from onboarding.permissions import require_finance
from onboarding.services.jobs import job_start


def payer_groups(rows: list[FeeRow]) -> dict[int, tuple[Municipality, list[FeeRow]]]:
    """The payers a run bills, each with its rows: only those with a billable row, so that
    the run counts invoices ("120 / 276 invoices"), not payers left with nothing to pay."""
    groups: dict[int, tuple[Municipality, list[FeeRow]]] = {}
    for row in rows:
        groups.setdefault(row.payer.pk, (row.payer, []))[1].append(row)
    return {pk: group for pk, group in groups.items() if any(r.fee.billable for r in group[1])}


def invoice_run_start(*, programme, year: int, by: User) -> InvoiceRun:
    """Start the yearly run; refused while another run of the same year is running."""
    require_finance(by)
    if not programme.charges_per_resident:
        raise Conflict(
            _(
                "%(programme)s has no fee per resident (its fee model: %(model)s); the yearly "
                "run bills fees per resident only."
            )
            % {"programme": programme.name, "model": programme.get_fee_model_display()}
        )
    rows = fee_rows(programme, year)
    if not any(r.fee.billable for r in rows):
        raise Conflict(
            _(
                "Nothing can be billed for %(year)d: check the rate, the "
                "populations and the agreements."
            )
            % {"year": year}
        )
    groups = payer_groups(rows)
    try:
        with transaction.atomic():
            run = InvoiceRun.objects.create(programme=programme, year=year, created_by=by)
            job = job_start(kind="invoice_run", by=by, total=len(groups), params={"run": run.pk})
            run.job = job
            run.save(update_fields=["job"])
    except IntegrityError:
        raise Conflict(
            _("An invoice run for %(year)d is already running.") % {"year": year}
        ) from None
    return run


def invoice_run_payer(*, run_id: int, payer_id: int, municipality_ids: list[int]) -> str | None:
    """One payer of a run: its invoice (never twice), then its PDF. Returns the error to list
    in the run when the PDF could not be made (the invoice stands; its page offers the PDF
    again). Transient errors are raised for the task to retry."""
    run = InvoiceRun.objects.select_related("programme", "job").get(pk=run_id)
    payer = Municipality.objects.get(pk=payer_id)
    rows = fee_rows(
        run.programme, run.year, municipalities=Municipality.objects.filter(pk__in=municipality_ids)
    )
    rows = [r for r in rows if r.payer.pk == payer.pk]
    by = User.objects.get(pk=run.created_by_id)
    invoice = invoice_issue(
        programme=run.programme, year=run.year, payer=payer, rows=rows, by=by, run=run
    )
    if invoice is None or invoice.pdf:
        return None
    try:
        invoice_render_pdf(invoice_id=invoice.pk)
    except OSError:
        raise
    except Exception as failure:  # noqa: BLE001 - a rendering error: listed in the run
        return f"{invoice.number} ({payer.name_fi}): {failure}"
    return None


def payer_task_done(run_id: int, error: str | None = None) -> None:
    """Count one payer done under a row lock; the last one marks the run and its job done."""
    with transaction.atomic():
        run = InvoiceRun.objects.select_for_update().get(pk=run_id)
        job = Job.objects.select_for_update().get(pk=run.job_id)
        job.done += 1
        job.heartbeat = timezone.now()
        if error:
            job.errors = [*job.errors, error]
        if job.done >= job.total:
            job.status = Job.Status.DONE
            job.finished_at = timezone.now()
            run.status = InvoiceRun.Status.DONE
            run.save(update_fields=["status"])
        job.save(update_fields=["done", "errors", "status", "finished_at", "heartbeat"])
