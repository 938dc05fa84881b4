"""Jobs of the agreements: bulk sending and the ZIP of signed PDFs."""

import io
import logging
import zipfile

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from contracts.models import Agreement, AgreementStatus
from onboarding.models import User
from onboarding.services.jobs import job_handler
from onboarding.storage import atomic_with_files, save_file

logger = logging.getLogger(__name__)


def _to_agreements(job) -> tuple[str, str]:
    return _("Back to the agreements"), reverse("agreement_list")


def _chosen(job, queryset):
    """The job's agreements that still exist; those deleted since the job was started count
    as done, each with an error that says so (the page then adds up)."""
    found = list(queryset.filter(pk__in=job.params["ids"]))
    missing = len(set(job.params["ids"]) - {a.pk for a in found})
    return found, missing


def _count_missing(progress, missing: int) -> None:
    for _i in range(missing):
        progress.step(_("An agreement chosen for this job was deleted before its turn."))


def _sent_agreements(job) -> list[tuple[str, str]]:
    return [(_("The agreements sent"), reverse("agreement_list") + "?status=sent")]


@job_handler(
    "agreement_send",
    title=lambda job: _("Sending agreements"),
    unit=lambda n: npgettext("job counts", "agreement", "agreements", n),
    results=_sent_agreements,
    back=_to_agreements,
)
def send_agreements(job, progress) -> None:
    from contracts.services.agreements import agreement_send

    by = User.objects.get(pk=job.created_by_id)
    agreements, missing = _chosen(
        job,
        Agreement.objects.select_related("municipality", "programme").order_by(
            "municipality__name_fi"
        ),
    )
    _count_missing(progress, missing)
    for agreement in agreements:
        if agreement.status != AgreementStatus.DRAFT:  # sent already (a retried job)
            progress.step()
            continue
        try:
            agreement_send(agreement=agreement, by=by)
        except ValidationError as error:
            progress.step(f"{agreement.municipality.name_fi}: {' '.join(error.messages)}")
            continue
        progress.step()


@job_handler(
    "signed_zip",
    title=lambda job: _("ZIP of the signed agreements"),
    unit=lambda n: npgettext("job counts", "agreement", "agreements", n),
    back=_to_agreements,
)
def signed_zip(job, progress) -> None:
    """One ZIP of the signed PDFs of the selected agreements, with a hash list."""
    buffer = io.BytesIO()
    lines = []
    agreements, missing = _chosen(
        job,
        Agreement.objects.select_related("municipality", "programme", "evidence").order_by(
            "municipality__code"
        ),
    )
    _count_missing(progress, missing)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for agreement in agreements:
            evidence = getattr(agreement, "evidence", None)
            if evidence is None or not evidence.file:
                progress.step()
                continue
            name = f"{agreement.municipality.code}-{agreement.municipality.name_fi}.pdf"
            try:
                with evidence.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except OSError:  # the storage's path stays in the log, not in what people see
                logger.exception("signed PDF of agreement %s unreadable", agreement.pk)
                progress.step(
                    _("%(name)s: the signed PDF could not be read.")
                    % {"name": agreement.municipality.name_fi}
                )
                continue
            lines.append(f"{evidence.sha256}  {name}")
            progress.step()
        archive.writestr("SHA256SUMS.txt", "\n".join(lines) + "\n")
    # The ZIP and the row that points to it commit together, or the ZIP is removed again.
    with atomic_with_files():
        save_file(job.result, f"signed-agreements-{job.pk}.zip", buffer.getvalue())
        job.result_name = f"signed-agreements-{job.pk}.zip"
        job.save(update_fields=["result", "result_name"])
