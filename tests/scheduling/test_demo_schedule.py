"""The demo connections (acceptance): the launch cohort's complete units live from the
actual opening 29.4.2024 with Helmet among them, the northern units from 1.1.2025, Fredrika
never scheduled; and on the demo data the proposal places every complete unit and explains every
other one."""

import datetime

import pytest
from django.core.cache import cache

from contracts.selectors import completeness_of_unit
from onboarding import selectors as registry
from onboarding.models import Municipality, Programme
from scheduling.demo import history_seed
from scheduling.joined import coverage_on
from scheduling.models import Connection, ConnectionStatus, Wave
from scheduling.scheduler import Reason
from scheduling.selectors import schedule_proposal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]
OPENING = datetime.date(2024, 4, 29)  # the actual opening (planned: 23.4.2024)


@pytest.fixture
def programme():
    programme = Programme.objects.get(slug="ekirjasto")
    history_seed(programme=programme)
    return programme


def test_the_demo_history_of_connections(programme):
    helmet = Connection.objects.get(programme=programme, unit_key="helmet")
    assert helmet.status == ConnectionStatus.LIVE
    assert helmet.go_live_on == OPENING
    assert helmet.wave.date < OPENING and helmet.is_demo and helmet.wave.is_demo
    assert helmet.ticks.count() == programme.checklist_items.count()
    northern = Municipality.objects.filter(region_code__in=("17", "18", "19"))
    units = {
        u.key
        for u in registry.connection_units(on=datetime.date(2024, 6, 1))
        if set(u.member_codes) & set(northern.values_list("code", flat=True))
    }
    assert units
    northern_connections = list(Connection.objects.filter(unit_key__in=units))
    assert northern_connections
    for connection in northern_connections:
        assert connection.go_live_on == datetime.date(2025, 1, 1)
    assert not Connection.objects.filter(unit_key="fredrika").exists()
    assert not completeness_of_unit(programme, "fredrika").complete
    # Every connected unit of today is complete: nothing incomplete was scheduled.
    for connection in Connection.objects.filter(programme=programme):
        unit = completeness_of_unit(programme, connection.unit_key)
        assert unit is None or unit.complete, connection.unit_key  # None: merged away
    # Waves ahead are open for the units that signed in autumn 2026.
    assert Wave.objects.filter(programme=programme, date__gt=registry.today()).count() == 3


def test_the_proposal_places_every_complete_unit_and_explains_every_other(programme):
    view = schedule_proposal(programme)
    units = {u.key for u in registry.connection_units()}
    placed = {r.key for r in view.placed}
    unplaced = {r.key: r for r in view.unplaced}
    kept = {r.key for r in view.kept}
    assert placed | set(unplaced) | kept == units
    assert len(placed) + len(unplaced) + len(kept) == len(units)
    complete_without_connection = {r.key for r in view.rows if r.complete and r.connection is None}
    assert complete_without_connection  # the demo leaves some to place
    assert placed == complete_without_connection
    for row in view.placed:
        assert row.proposed_wave.date > registry.today()
    assert unplaced["fredrika"].reason == Reason.INCOMPLETE
    assert len(unplaced["fredrika"].blocking_names) == 8
    assert {r.reason for r in view.unplaced} == {Reason.INCOMPLETE}
    assert all(r.blocking_names for r in view.unplaced)
    assert "helmet" in kept


@pytest.mark.parametrize(
    "day, municipalities, percent",
    [("2024-04-29", 215, "83.5"), ("2025-01-01", 273, "95.2"), ("2025-07-01", 276, "96.0")],
)
def test_the_login_service_sees_the_demo_coverage_the_readme_shows(
    programme, coordinator, api_for, day, municipalities, percent
):
    cache.clear()
    joined = api_for(coordinator).get("/api/v1/eligibility/", {"on": day}).json()["joined"]
    assert len(joined) == municipalities
    coverage = coverage_on(datetime.date.fromisoformat(day))
    assert coverage.municipalities == municipalities
    assert f"{coverage.percent:.1f}" == percent
