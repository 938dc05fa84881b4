"""Waves, confirming a schedule and a connection's states: bad input is refused with the
reason in words and changes nothing; confirming tells each unit's managers in their language."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from contracts.models import Agreement, AgreementStatus
from contracts.services.agreements import agreement_terminate
from onboarding import selectors as registry
from onboarding.business_days import holiday_name, is_business_day
from onboarding.errors import Conflict
from onboarding.models import Municipality, Programme, TransitionLog
from scheduling.models import ChecklistItem, Connection, ConnectionStatus, Wave
from scheduling.services.connections import connection_tick, connection_transition
from scheduling.services.schedule import schedule_confirm
from scheduling.services.waves import wave_create, wave_update
from tests.factories import AgreementFactory, UserFactory, ahead

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]
HELMET = ("049", "091", "092", "235")


@pytest.fixture
def programme():
    return Programme.objects.get(slug="ekirjasto")


@pytest.fixture
def new_wave(programme, coordinator):
    def make(days=14, units=5, residents=None):
        return wave_create(
            programme=programme,
            day=ahead(days),
            capacity_units=units,
            capacity_residents=residents,
            by=coordinator,
        )

    return make


def _next(predicate) -> datetime.date:
    day = registry.today() + datetime.timedelta(days=1)
    while not predicate(day):
        day += datetime.timedelta(days=1)
    return day


def _wave_error(programme, coordinator, day, units=5, residents=None) -> dict:
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        wave_create(
            programme=programme,
            day=day,
            capacity_units=units,
            capacity_residents=residents,
            by=coordinator,
        )
    return {field: " ".join(messages) for field, messages in caught.value.message_dict.items()}


def test_a_wave_is_refused_on_a_holiday_a_weekend_or_in_the_past(programme, coordinator):
    holiday = _next(lambda d: d.weekday() < 5 and holiday_name(d))
    saturday = _next(lambda d: d.weekday() == 5)
    past = registry.today() - datetime.timedelta(days=7)
    assert "public holiday" in _wave_error(programme, coordinator, holiday)["date"]
    with translation.override("en"):
        assert holiday_name(holiday) in _wave_error(programme, coordinator, holiday)["date"]
    with translation.override("fi"), pytest.raises(ValidationError) as caught:
        wave_create(
            programme=programme,
            day=holiday,
            capacity_units=5,
            capacity_residents=None,
            by=coordinator,
        )
    assert holiday_name(holiday) in str(caught.value)  # named in Finnish, e.g. "Jouluaatto"
    assert "Saturday" in _wave_error(programme, coordinator, saturday)["date"]
    assert "in the past" in _wave_error(programme, coordinator, past)["date"]
    no_limit = _wave_error(programme, coordinator, ahead(10), units=None, residents=None)
    assert "capacity" in no_limit["capacity_units"]
    assert "1 to" in _wave_error(programme, coordinator, ahead(10), units=0)["capacity_units"]
    assert not Wave.objects.exists()


def test_a_wave_on_a_business_day_ahead_is_made_once(programme, coordinator, new_wave, finance):
    wave = new_wave(days=10)
    assert is_business_day(wave.date) and wave.date > registry.today()
    assert wave.history.first().history_user == coordinator
    assert "already has a wave" in _wave_error(programme, coordinator, wave.date)["date"]
    with pytest.raises(PermissionDenied):
        wave_create(
            programme=programme,
            day=ahead(20),
            capacity_units=1,
            capacity_residents=None,
            by=finance,
        )
    assert Wave.objects.count() == 1


def test_an_incomplete_unit_cannot_be_scheduled(programme, coordinator, new_wave):
    for code in HELMET[:3]:
        AgreementFactory(code=code, in_force=True)
    wave = new_wave()
    with pytest.raises(Conflict) as caught, translation.override("en"):
        schedule_confirm(programme=programme, assignments={"helmet": wave.pk}, by=coordinator)
    assert "Only complete units" in caught.value.message
    assert "Kauniainen" in caught.value.message
    assert not Connection.objects.exists()
    assert not mail.outbox


def test_confirming_schedules_and_tells_the_managers_in_their_language(
    programme,
    coordinator,
    new_wave,
    helmet_manager,
    helsinki_manager,
    django_capture_on_commit_callbacks,
):
    for code in HELMET:
        AgreementFactory(code=code, in_force=True)
    AgreementFactory(code="905", in_force=True)
    vaasa = UserFactory(manager=True, username="t-vaasa-sv", codes=("905",))
    Municipality.objects.filter(code="905").update(language_status="sv/fi")  # as if Swedish
    mail.outbox.clear()
    wave = new_wave(units=2)
    with django_capture_on_commit_callbacks(execute=True):
        done = schedule_confirm(
            programme=programme, assignments={"helmet": wave.pk, "905": wave.pk}, by=coordinator
        )
    assert {c.unit_key for c in done} == {"helmet", "905"}
    assert all(c.status == ConnectionStatus.SCHEDULED and c.wave == wave for c in done)
    assert TransitionLog.objects.filter(transition="schedule").count() == 2
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {helmet_manager.email, helsinki_manager.email, vaasa.email}
    date = f"{wave.date.day}.{wave.date.month}.{wave.date.year}"
    assert "Helmet" in sent[helmet_manager.email].subject
    assert date in sent[helmet_manager.email].subject
    assert "liitetään" in sent[helmet_manager.email].body  # Finnish
    assert "ansluts" in sent[vaasa.email].body  # Swedish
    # Confirming the same again sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        schedule_confirm(programme=programme, assignments={"905": wave.pk}, by=coordinator)
    assert len(mail.outbox) == 3


def test_moving_a_scheduled_unit_tells_its_managers_the_new_date(
    programme,
    coordinator,
    new_wave,
    helsinki_manager,
    django_capture_on_commit_callbacks,
):
    for code in HELMET:
        AgreementFactory(code=code, in_force=True)
    first, second = new_wave(days=14), new_wave(days=28)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_confirm(programme=programme, assignments={"helmet": first.pk}, by=coordinator)
        schedule_confirm(programme=programme, assignments={"helmet": second.pk}, by=coordinator)
    assert Connection.objects.get(unit_key="helmet").wave == second
    subjects = [m.subject for m in mail.outbox if m.to == [helsinki_manager.email]]
    assert len(subjects) == 2
    assert f"{second.date.day}.{second.date.month}." in subjects[1]
    assert TransitionLog.objects.filter(transition="reschedule").count() == 1


def test_capacities_are_kept_and_nothing_changes_on_refusal(programme, coordinator, new_wave):
    AgreementFactory(code="905", in_force=True)
    AgreementFactory(code="213", in_force=True)
    vaasa = registry.with_registry_data(Municipality.objects.filter(code="905")).get().population
    small = new_wave(units=1)
    with pytest.raises(Conflict) as caught, translation.override("en"):
        schedule_confirm(
            programme=programme, assignments={"905": small.pk, "213": small.pk}, by=coordinator
        )
    assert "more than its capacity of 1 unit." in caught.value.message
    assert not Connection.objects.exists()
    tight = new_wave(days=28, units=None, residents=vaasa - 1)
    with pytest.raises(Conflict):
        schedule_confirm(programme=programme, assignments={"905": tight.pk}, by=coordinator)
    assert not Connection.objects.exists()
    # Unknown units and someone else's waves are refused too.
    with pytest.raises(Conflict, match="999"):
        schedule_confirm(programme=programme, assignments={"999": small.pk}, by=coordinator)
    with pytest.raises(Conflict):
        schedule_confirm(programme=programme, assignments={"905": 10**9}, by=coordinator)
    assert not Connection.objects.exists()


def test_a_capacity_cannot_fall_below_what_is_scheduled(programme, coordinator, new_wave):
    AgreementFactory(code="905", in_force=True)
    AgreementFactory(code="213", in_force=True)
    wave = new_wave(units=5)
    schedule_confirm(
        programme=programme, assignments={"905": wave.pk, "213": wave.pk}, by=coordinator
    )
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        wave_update(
            wave=wave,
            day=wave.date,
            capacity_units=1,
            capacity_residents=100,
            notes="",
            by=coordinator,
        )
    errors = caught.value.message_dict
    assert "already holds 2 units" in errors["capacity_units"][0]
    assert "residents" in errors["capacity_residents"][0]
    wave = Wave.objects.get(pk=wave.pk)
    assert (wave.capacity_units, wave.capacity_residents) == (5, None)
    wave_update(
        wave=wave,
        day=wave.date,
        capacity_units=2,
        capacity_residents=None,
        notes="ok",
        by=coordinator,
    )
    assert Wave.objects.get(pk=wave.pk).capacity_units == 2


def test_the_states_follow_the_checklist_and_the_agreements(
    programme, coordinator, new_wave, helsinki_manager
):
    agreement = AgreementFactory(code="905", in_force=True)
    wave = new_wave()
    [connection] = schedule_confirm(
        programme=programme, assignments={"905": wave.pk}, by=coordinator
    )
    with pytest.raises(Conflict, match="scheduled"), translation.override("en"):
        connection_transition(connection=connection, transition="connect", by=coordinator)
    with pytest.raises(PermissionDenied):
        connection_transition(connection=connection, transition="start", by=helsinki_manager)
    connection_transition(connection=connection, transition="start", by=coordinator)
    items = list(ChecklistItem.objects.filter(programme=programme))
    assert len(items) >= 3
    connection_tick(connection=connection, item_key=items[0].key, done=True, by=coordinator)
    with pytest.raises(Conflict) as caught, translation.override("en"):
        connection_transition(connection=connection, transition="connect", by=coordinator)
    assert "checklist is not done" in caught.value.message
    assert items[1].label_en in caught.value.message
    assert items[0].label_en not in caught.value.message
    for item in items[1:]:
        connection_tick(connection=connection, item_key=item.key, done=True, by=coordinator)
    connection_transition(connection=connection, transition="connect", by=coordinator)
    # Marking live on a day when Vaasa's agreement has ended is refused.
    agreement_terminate(
        agreement=Agreement.objects.get(pk=agreement.pk),
        by=coordinator,
        end_date=wave.date + datetime.timedelta(days=3),
        reason="test",
    )
    with pytest.raises(Conflict) as caught, translation.override("en"):
        connection_transition(
            connection=connection,
            transition="go_live",
            by=coordinator,
            on=wave.date + datetime.timedelta(days=10),
        )
    assert "Vaasa" in caught.value.message and "not in force" in caught.value.message
    connection = Connection.objects.get(pk=connection.pk)
    assert connection.status == ConnectionStatus.CONNECTED and connection.go_live_on is None
    with pytest.raises(Conflict, match="before its wave"), translation.override("en"):
        connection_transition(
            connection=connection,
            transition="go_live",
            by=coordinator,
            on=wave.date - datetime.timedelta(days=1),
        )
    connection_transition(connection=connection, transition="go_live", by=coordinator, on=wave.date)
    connection = Connection.objects.get(pk=connection.pk)
    assert connection.status == ConnectionStatus.LIVE and connection.go_live_on == wave.date
    steps = list(
        TransitionLog.objects.filter(object_id=connection.pk, content_type__model="connection")
        .exclude(transition__in=("tick", "untick"))
        .values_list("transition", "to_state")
    )
    assert steps == [
        ("schedule", "scheduled"),
        ("start", "in_progress"),
        ("connect", "connected"),
        ("go_live", "live"),
    ]
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.TERMINATED


def test_a_unit_under_way_cannot_be_moved(programme, coordinator, new_wave):
    AgreementFactory(code="905", in_force=True)
    first, second = new_wave(days=14), new_wave(days=28)
    [connection] = schedule_confirm(
        programme=programme, assignments={"905": first.pk}, by=coordinator
    )
    connection_transition(connection=connection, transition="start", by=coordinator)
    with pytest.raises(Conflict, match="Vaasa"):
        schedule_confirm(programme=programme, assignments={"905": second.pk}, by=coordinator)
    assert Connection.objects.get(pk=connection.pk).wave == first


def test_a_manager_ticks_only_their_own_units_checklist(
    programme, coordinator, new_wave, helsinki_manager, finance
):
    AgreementFactory(code="905", in_force=True)
    wave = new_wave()
    [connection] = schedule_confirm(
        programme=programme, assignments={"905": wave.pk}, by=coordinator
    )
    key = ChecklistItem.objects.filter(programme=programme).first().key
    with pytest.raises(PermissionDenied):
        connection_tick(connection=connection, item_key=key, done=True, by=helsinki_manager)
    with pytest.raises(PermissionDenied):
        connection_tick(connection=connection, item_key=key, done=True, by=finance)
    vaasa = UserFactory(manager=True, username="t-vaasa", codes=("905",))
    connection_tick(connection=connection, item_key=key, done=True, by=vaasa)
    assert connection.ticks.get().done_by == vaasa
    with pytest.raises(ValidationError):
        connection_tick(connection=connection, item_key="no-such-item", done=True, by=vaasa)
    connection_tick(connection=connection, item_key=key, done=False, by=vaasa)
    assert not connection.ticks.exists()


def test_a_unit_moved_away_and_back_is_told_each_time(
    programme, coordinator, new_wave, django_capture_on_commit_callbacks
):
    AgreementFactory(code="905", in_force=True)
    vaasa = UserFactory(manager=True, username="t-vaasa", codes=("905",))
    first, second = new_wave(days=14), new_wave(days=28)
    with django_capture_on_commit_callbacks(execute=True):
        for wave in (first, second, first):
            schedule_confirm(programme=programme, assignments={"905": wave.pk}, by=coordinator)
    assert len([m for m in mail.outbox if m.to == [vaasa.email]]) == 3


def test_moving_a_waves_date_tells_its_units_and_stops_once_work_has_started(
    programme, coordinator, new_wave, django_capture_on_commit_callbacks
):
    AgreementFactory(code="905", in_force=True)
    vaasa = UserFactory(manager=True, username="t-vaasa", codes=("905",))
    wave = new_wave(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        [connection] = schedule_confirm(
            programme=programme, assignments={"905": wave.pk}, by=coordinator
        )
        later = ahead(21)
        wave_update(wave=wave, day=later, capacity_units=5, capacity_residents=None, by=coordinator)
    told = [m for m in mail.outbox if m.to == [vaasa.email]]
    assert len(told) == 2
    assert f"{later.day}.{later.month}.{later.year}" in told[1].subject
    connection_transition(connection=connection, transition="start", by=coordinator)
    with (
        pytest.raises(Conflict, match="already being connected"),
        translation.override("en"),
    ):
        wave_update(
            wave=Wave.objects.get(pk=wave.pk),
            day=ahead(35),
            capacity_units=5,
            capacity_residents=None,
            by=coordinator,
        )
    assert Wave.objects.get(pk=wave.pk).date == later


def test_a_wave_or_go_live_years_ahead_is_refused(programme, coordinator):
    far = registry.today().replace(year=registry.today().year + 6)
    assert "too far ahead" in _wave_error(programme, coordinator, far)["date"]
    assert not Wave.objects.exists()
