"""Two coordinators countersign the same signed agreement at the same moment: the row lock
lets exactly one through; the other is told, in words, that it is in force already. Needs
real row locks, so it runs on PostgreSQL (CI); SQLite has none and is skipped."""

import functools

import pytest
from django.db import connection
from django.utils import translation

from contracts.models import Agreement, AgreementStatus
from contracts.services.agreements import Conflict, agreement_countersign
from onboarding.services.audit import transitions_of
from tests.concurrency import at_once
from tests.factories import AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_agreement(reference_db):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks (SELECT ... FOR UPDATE); CI runs this on PostgreSQL")
    return AgreementFactory(code="091", signed=True)  # written directly: no documents


def test_two_coordinators_countersigning_at_once_exactly_one_succeeds(signed_agreement):
    coordinators = [
        UserFactory(coordinator=True, username="t-coordinator-a"),
        UserFactory(coordinator=True, username="t-coordinator-b"),
    ]

    def countersign(user, agreement):
        translation.activate("en")  # messages in the source language
        return agreement_countersign(agreement=agreement, by=user)

    # Each holds its own copy, read while the agreement was still signed.
    calls = [
        functools.partial(countersign, user, Agreement.objects.get(pk=signed_agreement.pk))
        for user in coordinators
    ]
    results = at_once(calls)
    outcomes = {user.username: result for user, result in zip(coordinators, results, strict=True)}

    succeeded = [name for name, result in outcomes.items() if isinstance(result, Agreement)]
    refused = [result for result in outcomes.values() if not isinstance(result, Agreement)]
    assert len(succeeded) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], Conflict), refused[0]
    message = " ".join(refused[0].messages)
    assert "is in force, so it cannot be countersigned" in message, message

    stored = Agreement.objects.get(pk=signed_agreement.pk)
    assert stored.status == AgreementStatus.IN_FORCE
    countersigns = [t for t in transitions_of(stored) if t.transition == "countersign"]
    assert len(countersigns) == 1
    assert countersigns[0].by.username == succeeded[0]
