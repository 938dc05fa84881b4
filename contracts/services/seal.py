"""The National Library's seal on a countersigned agreement's documents, and the settings
behind the verification of a municipality's digital signatures."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from contracts import rendering
from contracts.models import Agreement, SealedDocument
from contracts.seal import Seal, SealUnavailable, open_seal, seal_configured, seal_pdf
from contracts.services.certificate import certificate_pdf
from contracts.signatures import TrustRootsUnreadable, load_trust_roots
from onboarding.storage import atomic_with_files, save_file


def configured_seal() -> Seal | None:
    """The seal of the settings; None when none is configured. Raises ValidationError (in
    words for the coordinator) when one is configured but cannot be opened."""
    if not seal_configured():
        return None
    try:
        return open_seal(settings.SEAL_PKCS12_PATH, settings.SEAL_PKCS12_PASSWORD)
    except SealUnavailable as error:
        raise ValidationError(str(error)) from None


def configured_trust_roots() -> list | None:
    """The root certificates of SIGNATURE_TRUST_ROOTS; None when unset. A configured file
    that cannot be read refuses the upload (ValidationError on the file), rather than
    quietly recording "trust not checked"."""
    path = settings.SIGNATURE_TRUST_ROOTS
    if not path:
        return None
    try:
        with open(path, "rb") as handle:
            return load_trust_roots(handle.read())
    except (OSError, TrustRootsUnreadable):
        raise ValidationError(
            {
                "file": [
                    _(
                        "Digital signatures cannot be checked at the moment: the file of root "
                        "certificates (SIGNATURE_TRUST_ROOTS) cannot be read. Ask the "
                        "administrator to check it."
                    )
                ]
            }
        ) from None


def agreement_seal_documents(*, agreement_id: int) -> list[SealedDocument]:
    """Seal the municipality's signed PDF (an incremental update: its signatures stay valid)
    and the signing certificate as it is now, right after the countersignature; each once (a
    retried task makes nothing twice). Without a configured seal: nothing."""
    seal = configured_seal()
    agreement = Agreement.objects.select_related("programme", "municipality", "template").get(
        pk=agreement_id
    )
    evidence = getattr(agreement, "evidence", None)
    if seal is None or evidence is None or agreement.in_force_on is None:
        return []
    with translation.override(agreement.language):
        reason = _("Countersigned by the National Library of Finland")
    done = {d.kind: d for d in agreement.sealed_documents.all()}
    base = f"{agreement.programme.slug}-{agreement.municipality.code}"
    for kind in SealedDocument.Kind.values:
        if kind in done:
            continue
        if kind == SealedDocument.Kind.SIGNED:
            with evidence.file.open("rb") as handle:
                source = handle.read()
        else:
            source = certificate_pdf(agreement)
        data = seal_pdf(source, seal, reason=reason)
        with atomic_with_files():
            document, created = SealedDocument.objects.get_or_create(
                agreement=agreement,
                kind=kind,
                defaults={
                    "sha256": rendering.sha256(data),
                    "size": len(data),
                    "sealed_by": seal.name,
                },
            )
            if created:
                save_file(document.file, f"{base}-{kind}-sealed.pdf", data)
                document.save(update_fields=["file"])
        done[kind] = document
    return list(done.values())
