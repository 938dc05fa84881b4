"""Jobs of the agreements: bulk sending and the ZIP of signed PDFs."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from contracts.models import Agreement, AgreementStatus
from onboarding.models import Job, User
from onboarding.services.jobs import ASYNC, job_handler


@job_handler("agreement_send")
def send_agreements(job, progress) -> None:
    from contracts.services.agreements import agreement_send

    by = User.objects.get(pk=job.created_by_id)
    for agreement in (
        Agreement.objects.filter(pk__in=job.params["ids"])
        .select_related("municipality", "programme")
        .order_by("municipality__name_fi")
    ):
        if agreement.status != AgreementStatus.DRAFT:  # sent already (a retried job)
            progress.step()
            continue
        try:
            agreement_send(agreement=agreement, by=by)
        except ValidationError as error:
            progress.step(f"{agreement.municipality.name_fi}: {' '.join(error.messages)}")
            continue
        progress.step()


@job_handler("signed_zip")
def signed_zip(job, progress) -> None:
    """One ZIP of the signed PDFs of the selected agreements, with a hash list."""
    buffer = io.BytesIO()
    lines = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for agreement in (
            Agreement.objects.filter(pk__in=job.params["ids"])
            .select_related("municipality", "programme", "evidence")
            .order_by("municipality__code")
        ):
            evidence = getattr(agreement, "evidence", None)
            if evidence is None or not evidence.file:
                progress.step()
                continue
            name = f"{agreement.municipality.code}-{agreement.municipality.name_fi}.pdf"
            try:
                with evidence.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except OSError as error:
                progress.step(f"{agreement.municipality.name_fi}: {error}")
                continue
            lines.append(f"{evidence.sha256}  {name}")
            progress.step()
        archive.writestr("SHA256SUMS.txt", "\n".join(lines) + "\n")
    job.result.save(f"signed-agreements-{job.pk}.zip", ContentFile(buffer.getvalue()), save=False)
    job.result_name = f"signed-agreements-{job.pk}.zip"


@job_handler("invoice_run")
def invoice_run(job, progress):
    """Fan out: one task per payer (its invoice, then its PDF), so several workers share the
    run. Each task counts itself done; the last one closes the run."""
    from contracts.billing_models import InvoiceRun
    from contracts.services.fee_preview import fee_rows
    from contracts.services.invoicing import payer_groups
    from contracts.tasks import issue_payer_invoice

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


def payer_task_done(run_id: int, error: str | None = None) -> None:
    """Count one payer done under a row lock; the last one marks the run and its job done."""
    from django.db import transaction
    from django.utils import timezone

    from contracts.billing_models import InvoiceRun

    with transaction.atomic():
        run = InvoiceRun.objects.select_for_update().get(pk=run_id)
        job = Job.objects.select_for_update().get(pk=run.job_id)
        job.done += 1
        if error:
            job.errors = [*job.errors, error]
        if job.done >= job.total:
            job.status = Job.Status.DONE
            job.finished_at = timezone.now()
            run.status = InvoiceRun.Status.DONE
            run.save(update_fields=["status"])
        job.save(update_fields=["done", "errors", "status", "finished_at"])
