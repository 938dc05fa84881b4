import datetime

import pytest

from onboarding.models import Programme
from tests.agreements import make_in_force


@pytest.fixture
def programme(db):
    return Programme.objects.get(slug="ekirjasto")


@pytest.fixture
def in_force(db):
    """Put municipalities' agreements in force; signed on `signed_on` (default: in the launch
    cohort, before 15.3.2024)."""

    from onboarding.models import Role, User

    coordinator, _created = User.objects.get_or_create(
        username="billing-coordinator", defaults={"role": Role.COORDINATOR}
    )

    def make(code, signed_on=datetime.date(2024, 3, 1)):
        return make_in_force(code, by=coordinator, signed_on=signed_on)

    return make
