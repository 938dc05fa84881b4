import datetime

import pytest

from contracts.models import Agreement
from contracts.services.agreements import (
    agreement_countersign,
    agreement_create,
    agreement_record_signature,
    agreement_send,
)
from onboarding.models import Municipality, Programme

SIGNED_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def in_force_agreement(coordinator):
    programme = Programme.objects.get(slug="ekirjasto")

    def make(code, signed_on=datetime.date(2024, 3, 1)):
        agreement = agreement_create(
            programme=programme, municipality=Municipality.objects.get(code=code)
        )
        agreement_send(agreement=agreement, by=coordinator)
        Agreement.objects.filter(pk=agreement.pk).update(sent_on=signed_on)
        agreement = agreement_record_signature(
            agreement=Agreement.objects.get(pk=agreement.pk),
            by=coordinator,
            data=SIGNED_PDF,
            filename="s.pdf",
            signer_name="S",
            signer_title="T",
            signed_on=signed_on,
            authority="Board § 1",
        )
        return agreement_countersign(agreement=agreement, by=coordinator, on=signed_on)

    return make
