"""What a page offers is what the service allows: for each state of an agreement and each
kind of user, an action is offered (contracts.selectors.agreement_actions) exactly when the
service takes it, and a refusal for the role is a 403 (PermissionDenied) while one for the
state is a 409 (Conflict)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from contracts.models import Agreement
from contracts.selectors import agreement_actions
from contracts.services import agreements as service
from onboarding.errors import Conflict
from tests.conftest import verified_login
from tests.factories import AgreementFactory, UserFactory, ready_to_send

pytestmark = pytest.mark.django_db

CALLS = {
    "send": lambda a, by, pdf: service.agreement_send(agreement=a, by=by),
    "sign": lambda a, by, pdf: service.agreement_record_signature(
        agreement=a,
        by=by,
        data=pdf,
        filename="s.pdf",
        signer_name="S",
        signer_title="T",
        signed_on=a.sent_on or datetime.date.today(),
        authority="Board § 1",
    ),
    "decline": lambda a, by, pdf: service.agreement_decline(agreement=a, by=by, reason="No"),
    "withdraw": lambda a, by, pdf: service.agreement_withdraw(agreement=a, by=by, reason="No"),
    "countersign": lambda a, by, pdf: service.agreement_countersign(agreement=a, by=by),
    "terminate": lambda a, by, pdf: service.agreement_terminate(
        agreement=a, by=by, end_date=datetime.date.today() + datetime.timedelta(days=30)
    ),
}


def _outcome(call) -> str:
    """'ok', 'forbidden' or 'conflict': what the service did, undone afterwards."""
    try:
        with transaction.atomic():
            call()
            transaction.set_rollback(True)
    except PermissionDenied:
        return "forbidden"
    except Conflict:
        return "conflict"
    except ValidationError as error:  # bad input would be a different test's business
        raise AssertionError(f"unexpected input error: {error}") from None
    return "ok"


@pytest.mark.parametrize("state", ["draft", "sent", "signed", "in_force"])
def test_offered_exactly_when_the_service_allows(state, coordinator, signed_pdf):
    traits = {} if state == "draft" else {state: True}  # written directly: no documents
    ready_to_send("091")  # the registry has what the agreement names
    agreement = AgreementFactory(code="091", **traits)
    users = {
        "coordinator": coordinator,
        "own manager": UserFactory(manager=True, codes=("091",)),
        "other manager": UserFactory(manager=True, codes=("905",)),
        "finance": UserFactory(finance=True),
    }
    for who, user in users.items():
        offered = agreement_actions(user, Agreement.objects.get(pk=agreement.pk))
        for name, call in CALLS.items():
            fresh = Agreement.objects.get(pk=agreement.pk)
            outcome = _outcome(lambda c=call, a=fresh, u=user: c(a, u, signed_pdf))
            assert (name in offered) == (outcome == "ok"), (state, who, name, outcome)
            sources = getattr(Agreement, name)._django_fsm.transitions
            if outcome != "ok" and fresh.status in sources:
                assert outcome == "forbidden", (state, who, name)  # the role, not the state


def test_a_draft_lacking_details_is_not_offered_for_sending(client, coordinator):
    """Pertunmaa's registry has no signatory or agreement contact: the page names what to
    add instead of offering "Send", and the service refuses it the same way."""
    agreement = AgreementFactory(code="588")
    assert "send" not in agreement_actions(coordinator, agreement)
    assert _outcome(lambda: service.agreement_send(agreement=agreement, by=coordinator)) == (
        "conflict"
    )
    verified_login(client, coordinator)
    page = client.get(f"/agreements/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert 'id="missing-details"' in page
    assert "allekirjoittajan nimi" in page
    assert f"/agreements/{agreement.pk}/do/send/" not in page

    ready_to_send("588")
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert "send" in agreement_actions(coordinator, agreement)
    page = client.get(f"/agreements/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert 'id="missing-details"' not in page
