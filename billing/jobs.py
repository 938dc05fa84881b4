"""The yearly invoice run as a job: fanned out to one task per payer, so that several
workers share it. Each payer's task counts itself done; the last one closes the run."""

from billing.models import InvoiceRun
from billing.selectors import fee_rows
from billing.services.runs import payer_groups
from billing.tasks import issue_payer_invoice
from onboarding.models import Job
from onboarding.services.jobs import ASYNC, job_handler


@job_handler("invoice_run")
def invoice_run(job, progress):
    run = InvoiceRun.objects.select_related("programme").get(pk=job.params["run"])
    try:
        groups = payer_groups(fee_rows(run.programme, run.year))
    except Exception:
        InvoiceRun.objects.filter(pk=run.pk).update(status=InvoiceRun.Status.FAILED)
        raise
    Job.objects.filter(pk=job.pk).update(total=len(groups))
    if not groups:
        InvoiceRun.objects.filter(pk=run.pk).update(status=InvoiceRun.Status.DONE)
        return None
    for payer, rows in groups.values():
        issue_payer_invoice.delay(run.pk, payer.pk, [r.municipality.pk for r in rows])
    return ASYNC
