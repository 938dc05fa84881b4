"""Populations in the municipal division of the day: totals use the municipalities that exist
that day, a merged municipality's residents are counted in its successor from the merger on,
figures may be imported in a stated division, and a merger is refused where it would change a
year already invoiced."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from billing.selectors import fee_rows
from billing.services.invoicing import invoice_issue
from billing.services.runs import payer_groups
from onboarding import selectors as registry
from onboarding.errors import Conflict
from onboarding.models import ConsortiumMembership, Municipality, PopulationFigure, Programme
from onboarding.services.population_import import PopulationImportError, population_import
from onboarding.services.registry import municipality_merge
from scheduling.demo import history_seed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FINLAND = 5_635_971


@pytest.mark.parametrize(
    "day, count", [(datetime.date(2024, 12, 31), 309), (datetime.date(2025, 1, 1), 308)]
)
def test_finland_has_the_same_residents_in_both_divisions(day, count):
    populations = registry.population_of(day, reference=datetime.date(2024, 12, 31))
    assert len(populations) == count
    assert sum(p for p, _date in populations.values()) == FINLAND


def test_mantyharju_includes_pertunmaa_from_the_merger_on():
    before = registry.population_of(datetime.date(2024, 12, 31))
    after = registry.population_of(datetime.date(2025, 1, 1))
    assert (before["507"][0], before["588"][0]) == (5532, 1525)
    assert after["507"] == (7057, datetime.date(2024, 12, 31)) and "588" not in after


def test_a_figure_stated_in_the_next_division_is_taken_as_it_is():
    report = population_import(
        data=b"code,population\n507,7060\n",
        date=datetime.date(2024, 12, 31),
        source="t",
        division=2025,
    )
    assert report.created == 1
    assert registry.population_of(datetime.date(2025, 3, 1))["507"][0] == 7060  # not + 1,525
    assert registry.population_of(datetime.date(2024, 12, 31))["507"][0] == 5532


def test_a_municipality_merged_away_is_refused_in_a_later_division():
    with pytest.raises(PopulationImportError) as refused:
        population_import(
            data=b"code,population\n588,1500\n",
            date=datetime.date(2024, 12, 31),
            source="t",
            division=2025,
        )
    assert "588 (Pertunmaa)" in refused.value.errors[0]
    assert "2025" in refused.value.errors[0]
    assert not PopulationFigure.objects.filter(municipality__code="588", division=2025).exists()


def test_the_merger_page_shows_on_both_municipalities(coordinator, client_for):
    client = client_for(coordinator)
    pertunmaa = client.get("/municipalities/588/").content.decode()
    mantyharju = client.get("/municipalities/507/").content.decode()
    assert 'id="merger"' in pertunmaa and "Mäntyharju" in pertunmaa and "1.1.2025" in pertunmaa
    assert 'id="merged-from-588"' in mantyharju and "Pertunmaa" in mantyharju


def test_a_merger_takes_effect_on_new_years_day_and_counts_residents_in_the_successor(
    coordinator,
):
    kauniainen, espoo = Municipality.objects.get(code="235"), Municipality.objects.get(code="049")
    with pytest.raises(Conflict) as refused:
        municipality_merge(
            municipality=kauniainen, into=espoo, on=datetime.date(2027, 7, 1), by=coordinator
        )
    assert refused.value.messages[0].startswith("Kuntaliitos tulee voimaan vuodenvaihteessa")
    assert Municipality.objects.get(code="235").valid_to is None  # nothing changed
    municipality_merge(
        municipality=kauniainen, into=espoo, on=datetime.date(2027, 1, 1), by=coordinator
    )
    merged = Municipality.objects.get(code="235")
    assert (merged.valid_to, merged.merged_into.code) == (datetime.date(2026, 12, 31), "049")
    before = registry.population_of(datetime.date(2026, 12, 31))
    after = registry.population_of(datetime.date(2027, 1, 1))
    assert "235" not in after
    assert after["049"][0] == before["049"][0] + before["235"][0]
    # Kauniainen leaves Helmet with its last day; Espoo stays.
    helmet = {
        m.municipality.code: m.valid_to
        for m in ConsortiumMembership.objects.filter(consortium__slug="helmet")
    }
    assert helmet["235"] == datetime.date(2026, 12, 31) and helmet["049"] is None
    assert registry.population_of(datetime.date(2027, 3, 1), codes=["235"])["235"][0] is None


def test_a_merger_inside_an_invoiced_year_is_refused(coordinator, finance):
    programme = Programme.objects.get(slug="ekirjasto")
    history_seed(programme=programme)
    rows = fee_rows(programme, 2025, municipalities=Municipality.objects.filter(code="049"))
    ((payer, group),) = payer_groups(rows).values()
    invoice = invoice_issue(programme=programme, year=2025, payer=payer, rows=group, by=finance)
    assert invoice.net_total > Decimal("0")
    kauniainen, espoo = Municipality.objects.get(code="235"), Municipality.objects.get(code="049")
    with pytest.raises(Conflict) as refused:
        municipality_merge(
            municipality=kauniainen, into=espoo, on=datetime.date(2025, 1, 1), by=coordinator
        )
    assert invoice.number in refused.value.messages[0]
    assert Municipality.objects.get(code="235").merged_into is None
    # From a year not invoiced yet the merger can be recorded.
    municipality_merge(
        municipality=kauniainen, into=espoo, on=datetime.date(2026, 1, 1), by=coordinator
    )


def test_only_coordinators_record_mergers(finance, client_for):
    manager = UserFactory(manager=True, codes=("049", "235"))
    kauniainen, espoo = Municipality.objects.get(code="235"), Municipality.objects.get(code="049")
    for user in (finance, manager):
        with pytest.raises(PermissionDenied):
            municipality_merge(
                municipality=kauniainen, into=espoo, on=datetime.date(2027, 1, 1), by=user
            )
        response = client_for(user).post(
            "/municipalities/235/merge/", {"into": "049", "on": "2027-01-01"}
        )
        assert response.status_code == 403
    assert Municipality.objects.get(code="235").merged_into is None
