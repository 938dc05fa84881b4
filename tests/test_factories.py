"""The factories of tests/factories.py make what they say: each trait a state the product
reads as it reads one made by the services, and the pinned clock is seen everywhere."""

import datetime

import pytest
from django.utils import timezone

from contracts.models import Agreement, AgreementStatus
from contracts.selectors import completeness_of_unit
from onboarding import selectors as registry
from onboarding.business_days import is_business_day
from onboarding.models import Role
from onboarding.services.audit import transitions_of
from scheduling import joined
from scheduling.models import ConnectionStatus
from tests.conftest import FROZEN_DAY
from tests.factories import (
    AgreementFactory,
    ConnectionFactory,
    UserFactory,
    WaveFactory,
    ekirjasto,
)

pytestmark = pytest.mark.django_db


def test_users_have_their_role_password_and_municipalities():
    manager = UserFactory(manager=True, codes=("049", "091"))
    assert manager.role == Role.MANAGER
    assert sorted(manager.municipalities.values_list("code", flat=True)) == ["049", "091"]
    assert manager.check_password("demo")
    assert UserFactory(password="Kirjasto-2024!").check_password("Kirjasto-2024!")
    assert UserFactory(coordinator=True).is_coordinator
    assert UserFactory(finance=True).is_finance
    machine = UserFactory(integration=True)
    assert machine.role == Role.INTEGRATION and not machine.has_usable_password()
    with pytest.raises(ValueError, match="999"):
        UserFactory(codes=("091", "999"))


def test_an_agreement_in_force_is_in_force_from_its_day_with_its_history():
    agreement = AgreementFactory(code="905", in_force=True, signed_on=datetime.date(2025, 3, 1))
    stored = Agreement.objects.get(pk=agreement.pk)
    assert stored.status == AgreementStatus.IN_FORCE
    assert stored.in_force_on == stored.signed_on == datetime.date(2025, 3, 1)
    assert stored.sent_on == datetime.date(2024, 1, 15) and not stored.launch_cohort
    assert list(Agreement.objects.in_force_on(datetime.date(2025, 3, 1))) == [stored]
    assert not Agreement.objects.in_force_on(datetime.date(2025, 2, 28)).exists()
    assert [(t.transition, t.to_state) for t in transitions_of(stored)] == [
        ("send", "sent"),
        ("sign", "signed"),
        ("countersign", "in_force"),
    ]
    assert stored.evidence.signed_on == stored.signed_on
    assert not stored.documents.exists()  # written directly: nothing rendered


def test_each_trait_reaches_its_state():
    assert AgreementFactory(code="049").status == AgreementStatus.DRAFT
    assert AgreementFactory(code="091", sent=True).status == AgreementStatus.SENT
    signed = AgreementFactory(code="092", signed=True)
    assert (signed.status, signed.launch_cohort) == (AgreementStatus.SIGNED, True)
    ended = AgreementFactory(code="588", terminated=True, end_date=datetime.date(2024, 12, 31))
    assert ended.status == AgreementStatus.TERMINATED
    assert ended.is_in_force_on(datetime.date(2024, 12, 31))
    assert not ended.is_in_force_on(datetime.date(2025, 1, 1))
    with pytest.raises(ValueError, match="signed_on"):
        AgreementFactory(code="235", sent=True, signed_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValueError, match="order"):
        AgreementFactory(code="235", in_force=True, in_force_on=datetime.date(2024, 2, 1))


def test_a_unit_live_on_a_day_is_joined_from_that_day():
    for code in ("049", "091", "092", "235"):
        AgreementFactory(code=code, in_force=True)
    assert completeness_of_unit(ekirjasto(), "helmet").complete
    connection = ConnectionFactory(unit="helmet", live_on=datetime.date(2024, 4, 23))
    assert connection.status == ConnectionStatus.LIVE
    assert connection.wave.date == datetime.date(2024, 4, 23)
    assert connection.ticks.count() == connection.programme.checklist_items.count() > 0
    since = joined.joined_on(datetime.date(2024, 4, 23), programme=connection.programme)
    assert since == {code: datetime.date(2024, 4, 23) for code in ("049", "091", "092", "235")}
    assert not joined.joined_on(datetime.date(2024, 4, 22), programme=connection.programme)
    # Two units live on one day share its wave.
    AgreementFactory(code="905", in_force=True)
    assert ConnectionFactory(unit="905", live_on=datetime.date(2024, 4, 23)).wave == connection.wave


def test_a_scheduled_connection_waits_in_a_wave_ahead():
    connection = ConnectionFactory(unit="905")
    assert connection.status == ConnectionStatus.SCHEDULED and connection.go_live_on is None
    assert connection.wave.date > registry.today() and is_business_day(connection.wave.date)
    assert [t.transition for t in transitions_of(connection)] == ["schedule"]
    assert ConnectionFactory(unit="761", connected=True).ticks.exists()
    with pytest.raises(ValueError, match="no connection unit"):
        ConnectionFactory(unit="nowhere")


def test_a_wave_is_a_business_day_ahead_by_default_and_one_per_day():
    wave = WaveFactory()
    assert wave.date >= registry.today() + datetime.timedelta(days=14)
    assert is_business_day(wave.date)
    assert WaveFactory(date=wave.date) == wave


def test_the_frozen_clock_is_seen_by_every_today(frozen_day):
    assert frozen_day == FROZEN_DAY
    assert registry.today() == timezone.localdate() == datetime.date.today() == FROZEN_DAY
    assert timezone.localtime().hour == 12
    first = timezone.now()
    assert timezone.now() == first  # stopped


@pytest.mark.parametrize("frozen_day", [datetime.date(2028, 2, 29)], indirect=True)
def test_the_frozen_day_can_be_chosen(frozen_day):
    assert registry.today() == datetime.date(2028, 2, 29)
