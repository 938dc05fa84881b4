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
def programme(db):
    return Programme.objects.get(slug="ekirjasto")


@pytest.fixture
def in_force(db):
    """Put municipalities' agreements in force; signed on `signed_on` (default: in the launch
    cohort, before 15.3.2024)."""

    from onboarding.models import Role, User

    programme = Programme.objects.get(slug="ekirjasto")
    coordinator, _created = User.objects.get_or_create(
        username="billing-coordinator", defaults={"role": Role.COORDINATOR}
    )

    def make(code, signed_on=datetime.date(2024, 3, 1)):
        municipality = Municipality.objects.get(code=code)
        agreement = agreement_create(programme=programme, municipality=municipality)
        agreement_send(agreement=agreement, by=coordinator)
        Agreement.objects.filter(pk=agreement.pk).update(sent_on=signed_on)
        agreement = Agreement.objects.get(pk=agreement.pk)
        agreement = agreement_record_signature(
            agreement=agreement,
            by=coordinator,
            data=SIGNED_PDF,
            filename="s.pdf",
            signer_name="Test Signer",
            signer_title="Mayor",
            signed_on=signed_on,
            authority="Board § 1",
        )
        return agreement_countersign(agreement=agreement, by=coordinator, on=signed_on)

    return make
