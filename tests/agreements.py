"""Agreements for tests, made through the real services."""

import datetime

from contracts.models import Agreement
from contracts.services.agreements import (
    agreement_countersign,
    agreement_create,
    agreement_record_signature,
    agreement_send,
)
from onboarding.models import Municipality, Programme

SIGNED_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_in_force(
    code: str, *, by, signed_on=datetime.date(2024, 3, 1), countersign: bool = True
) -> Agreement:
    """The municipality's E-kirjasto agreement, sent, signed and (unless told not to)
    countersigned on `signed_on`, through the real services."""
    programme = Programme.objects.get(slug="ekirjasto")
    agreement = agreement_create(
        programme=programme, municipality=Municipality.objects.get(code=code)
    )
    agreement_send(agreement=agreement, by=by)
    Agreement.objects.filter(pk=agreement.pk).update(sent_on=signed_on)
    agreement = agreement_record_signature(
        agreement=Agreement.objects.get(pk=agreement.pk),
        by=by,
        data=SIGNED_PDF,
        filename="s.pdf",
        signer_name="S",
        signer_title="T",
        signed_on=signed_on,
        authority="Board § 1",
    )
    if not countersign:
        return agreement
    return agreement_countersign(agreement=agreement, by=by, on=signed_on)
