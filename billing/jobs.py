"""The yearly invoice run as a job: fanned out to one task per payer, so that several
workers share it. Each payer's task counts itself done; the last one closes the run."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from billing.models import InvoiceRun
from billing.selectors import fee_rows
from billing.services.runs import payer_groups
from billing.tasks import issue_payer_invoice
from onboarding.models import Job
from onboarding.services.jobs import ASYNC, job_handler


def _run(job) -> InvoiceRun:
    """The job's run, read once for the title and the links of one page view."""
    if getattr(job, "_invoice_run", None) is None:
        job._invoice_run = InvoiceRun.objects.select_related("programme").get(pk=job.params["run"])
    return job._invoice_run


def _for_the_year(url_name: str, run: InvoiceRun) -> str:
    return f"{reverse(url_name)}?{urlencode({'programme': run.programme.slug, 'year': run.year})}"


def _run_invoices(job) -> list[tuple[str, str]]:
    """Shown while the run goes on too: its invoices appear in the list one by one."""
    run = _run(job)
    label = _("The invoices of %(year)d") % {"year": run.year}
    return [(label, _for_the_year("invoice_list", run))]


def _to_fees(job) -> tuple[str, str]:
    return _("Back to the fees"), _for_the_year("fee_preview", _run(job))


@job_handler(
    "invoice_run",
    title=lambda job: _("Invoice run %(year)d") % {"year": _run(job).year},
    unit=lambda n: npgettext("job counts", "invoice", "invoices", n),
    results=_run_invoices,
    back=_to_fees,
)
def invoice_run(job, progress):
    run = _run(job)
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
