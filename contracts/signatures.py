"""Digital signatures (PAdES) in an uploaded signed PDF, verified with pyHanko: bytes and
trust roots in, one result per signature out, or a refusal in words for the person who
uploaded the file. Nothing here touches the database.

What is checked, for every signature of the file:
- integrity: the document's digest and the signature itself are cryptographically valid;
- coverage: the signature covers the whole file, or the whole revision it signed when the
  only later additions are ones PAdES expects (another signature, a document timestamp or
  validation data, i.e. pyHanko's modification levels NONE, LTA_UPDATES and FORM_FILLING).
  Anything more (new annotations on the page, changed content) is refused: on a contract a
  comment or a text box added after signing could change what it seems to say;
- trust, when root certificates are given: a chain to one of them, the signer's certificate
  valid now (an expired or revoked one is refused), or at the time of a trusted timestamp
  token in the signature (a certificate that expired after a timestamped signing is fine).
  Revocation is looked up only in what the file carries (no network requests during an
  upload): "soft-fail".
Without root certificates integrity and coverage are still checked, and the result says that
trust was not checked.

A PDF without signatures is a scanned (or printed and signed) copy: no result, no refusal."""

import datetime
import io
import logging
from dataclasses import asdict, dataclass

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from onboarding.input import FORBIDDEN_IN_ONE_LINE

logger = logging.getLogger(__name__)
NAME_LENGTH = 200  # as SignatureEvidence.signer_name

# Later additions to a signed revision that keep the signature's meaning (see the docstring).
PERMITTED_LATER = {
    ModificationLevel.NONE: "none",
    ModificationLevel.LTA_UPDATES: "validation_data",
    ModificationLevel.FORM_FILLING: "signatures",
}
TRUSTED = "trusted"
TRUST_NOT_CHECKED = "not_checked"


class SignatureRefused(ValueError):
    """Why a signed PDF is not taken, in words for the person who uploaded it."""


class TrustRootsUnreadable(ValueError):
    """The configured file of root certificates holds no certificate that can be read."""


@dataclass(frozen=True)
class VerifiedSignature:
    """One valid digital signature of the file, as the evidence records it."""

    field: str
    signer: str  # from the certificate's subject
    signed_at: str | None  # ISO 8601, from a timestamp token or the signer's own clock
    time_source: str  # "timestamp" or "signer"
    covers_whole_document: bool  # False: covers its revision, later additions permitted
    later_additions: str  # "none", "signatures" or "validation_data"
    trust: str  # TRUSTED or TRUST_NOT_CHECKED
    issuer: str

    def as_json(self) -> dict:
        return asdict(self)


def load_trust_roots(data: bytes) -> list:
    """The certificates of a PEM file (or one DER certificate)."""
    try:
        if pem.detect(data):
            roots = [
                asn1_x509.Certificate.load(der)
                for kind, _headers, der in pem.unarmor(data, multiple=True)
                if kind == "CERTIFICATE"
            ]
        else:
            roots = [asn1_x509.Certificate.load(data)]
        for root in roots:
            root.native  # noqa: B018 - parse now: a broken certificate fails here, not later
    except Exception as error:  # noqa: BLE001 - whatever cannot be read is no root
        raise TrustRootsUnreadable(str(error)) from None
    if not roots:
        raise TrustRootsUnreadable("no certificates")
    return roots


def verify_pdf_signatures(
    data: bytes, *, trust_roots: list | None, now: datetime.datetime | None = None
) -> list[VerifiedSignature]:
    """Every signature of the PDF verified, in the order they were made; [] for a PDF without
    signatures. Raises SignatureRefused for the first one that is broken, covers too little
    or (with trust roots) is not trusted."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception:  # noqa: BLE001 - pikepdf read the file; pyHanko could not
        if b"/ByteRange" in data:  # a signature is there, but cannot be read: not evidence
            raise SignatureRefused(
                _(
                    "The digital signature of the PDF cannot be read. Ask the municipality for "
                    "the file as its e-signature service delivered it."
                )
            ) from None
        return []
    roots = list(trust_roots or [])
    return [_verify(signature, roots, now, bool(trust_roots)) for signature in embedded]


def _context(roots: list, moment: datetime.datetime | None) -> ValidationContext:
    return ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail", moment=moment
    )


def _verify(embedded, roots: list, now, check_trust: bool) -> VerifiedSignature:
    context = _context(roots, now)
    try:
        status = validate_pdf_signature(embedded, context)
        if check_trust and not status.trusted and _timestamped_in_time(status):
            # A trusted timestamp proves the signature existed at its time: the signer's
            # certificate is judged at that moment (it may have expired since), the
            # timestamp's own certificate now (PAdES-T).
            status = validate_pdf_signature(
                embedded,
                _context(roots, status.timestamp_validity.timestamp),
                ts_validation_context=context,
            )
    except Exception:  # noqa: BLE001 - a malformed signature object is a broken signature
        logger.info("signature %s could not be validated", embedded.field_name, exc_info=True)
        raise SignatureRefused(
            _(
                "A digital signature of the PDF is damaged and cannot be checked. Ask the "
                "municipality for the file as its e-signature service delivered it."
            )
        ) from None
    signer = _person(status.signing_cert)
    if not (status.intact and status.valid):
        raise SignatureRefused(
            _(
                "The digital signature of %(signer)s does not match the document: the PDF was "
                "changed after it was signed. Ask the municipality for the file as its "
                "e-signature service delivered it."
            )
            % {"signer": signer}
        )
    coverage, level = status.coverage, status.modification_level
    whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not whole and (
        coverage != SignatureCoverageLevel.ENTIRE_REVISION
        or level not in PERMITTED_LATER
        or status.docmdp_ok is False
    ):
        raise SignatureRefused(
            _(
                "The PDF was changed after %(signer)s signed it, beyond adding signatures: the "
                "signature does not cover the document as it is now. Ask the municipality for "
                "the file as its e-signature service delivered it."
            )
            % {"signer": signer}
        )
    if check_trust and not status.trusted:
        raise SignatureRefused(_why_untrusted(status, signer, context))
    signed_at, source = _signing_time(status, check_trust)
    return VerifiedSignature(
        field=embedded.field_name or "",
        signer=signer,
        signed_at=signed_at.isoformat() if signed_at else None,
        time_source=source,
        covers_whole_document=whole,
        later_additions="none" if whole else PERMITTED_LATER[level],
        trust=TRUSTED if check_trust else TRUST_NOT_CHECKED,
        issuer=_person(status.signing_cert, issuer=True),
    )


def _timestamped_in_time(status) -> bool:
    """Whether a valid, trusted timestamp token dates the signature within the validity of
    the signer's certificate."""
    token = status.timestamp_validity
    if token is None or not (token.intact and token.valid and token.trusted):
        return False
    validity = status.signing_cert["tbs_certificate"]["validity"]
    return validity["not_before"].native <= token.timestamp <= validity["not_after"].native


def _why_untrusted(status, signer: str, context: ValidationContext) -> str:
    cert = status.signing_cert
    moment = context.moment or timezone.now()
    not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    not_before = cert["tbs_certificate"]["validity"]["not_before"].native
    if not_after < moment:
        return _(
            "The certificate of %(signer)s expired on %(date)s, so the signature cannot be "
            "trusted. Ask the municipality to sign again with a valid certificate."
        ) % {"signer": signer, "date": formats.date_format(timezone.localtime(not_after), "j.n.Y")}
    if not_before > moment:
        return _(
            "The certificate of %(signer)s is not valid yet, so the signature cannot be trusted."
        ) % {"signer": signer}
    if status.revocation_details is not None:
        return _(
            "The certificate of %(signer)s has been revoked, so the signature cannot be "
            "trusted. Ask the municipality to sign again with a valid certificate."
        ) % {"signer": signer}
    return _(
        "The signature of %(signer)s is not from a trusted certification authority "
        "(%(issuer)s). Ask the municipality to sign with a qualified e-signature service."
    ) % {"signer": signer, "issuer": _person(cert, issuer=True)}


def _signing_time(status, check_trust: bool) -> tuple[datetime.datetime | None, str]:
    """A valid timestamp token's time when there is one (from a trusted authority when trust
    is checked), else the time the signer's software put in the signed attributes."""
    token = status.timestamp_validity
    if token is not None and token.intact and token.valid and (token.trusted or not check_trust):
        return token.timestamp, "timestamp"
    return status.signer_reported_dt, "signer"


def _person(cert, *, issuer: bool = False) -> str:
    """The common name of the certificate's subject (or issuer); its whole name without one."""
    name = cert.issuer if issuer else cert.subject
    native = name.native
    common = native.get("common_name")
    if isinstance(common, list):
        common = " ".join(common)
    # A certificate is the signer's input, not ours: no control characters (PostgreSQL's
    # JSON cannot store a NUL) and no name longer than the evidence's own signer field.
    text = FORBIDDEN_IN_ONE_LINE.sub("", str(common or name.human_friendly)).strip()
    return text[:NAME_LENGTH]
