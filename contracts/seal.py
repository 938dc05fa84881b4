"""The National Library's electronic seal (PAdES) on countersigned documents, with pyHanko:
open the configured PKCS#12, and seal a PDF's bytes as an incremental update, so that the
signatures already in it (the municipality's) stay valid. Nothing here touches the
database."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

SEAL_FIELD = "KansalliskirjastoSinetti"


def seal_configured() -> bool:
    """Whether a seal certificate is configured (SEAL_PKCS12_PATH); whether it opens is
    open_seal's to say."""
    return bool(settings.SEAL_PKCS12_PATH)


class SealUnavailable(ValueError):
    """The seal certificate cannot be used, in words for the coordinator."""


@dataclass(frozen=True)
class Seal:
    signer: signers.SimpleSigner
    name: str  # the seal certificate's subject, as pages show it


def open_seal(path: str, password: str) -> Seal:
    """The signer of the PKCS#12 at `path`. SealUnavailable when the file cannot be read or
    the password does not open it."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        raise SealUnavailable(
            _(
                "The National Library's seal certificate cannot be read (SEAL_PKCS12_PATH). "
                "Ask the administrator to check the seal settings."
            )
        ) from None
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            data, [], passphrase=password.encode() if password else None
        )
    except ValueError:
        raise SealUnavailable(
            _(
                "The National Library's seal certificate cannot be opened: the password "
                "(SEAL_PKCS12_PASSWORD) is wrong or the file is not a PKCS#12 certificate. Ask "
                "the administrator to check the seal settings."
            )
        ) from None
    subject = signer.signing_cert.subject.native
    name = subject.get("common_name") or signer.signing_cert.subject.human_friendly
    return Seal(signer=signer, name=name)


def seal_pdf(data: bytes, seal: Seal, *, reason: str) -> bytes:
    """`data` with the seal appended as an incremental update (an invisible signature)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        name=seal.name,
    )
    return signers.sign_pdf(writer, meta, signer=seal.signer).getvalue()
