"""The real reference data: 309 municipalities of 2024, their populations, the 28 consortia,
the Pertunmaa merger and the connection units derived from them."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Sum

from onboarding.models import (
    Consortium,
    ConsortiumMembership,
    Municipality,
    PopulationFigure,
)
from onboarding.selectors import connection_units

pytestmark = pytest.mark.django_db

END_OF_2024 = datetime.date(2024, 12, 31)
HELMET = ["049", "091", "092", "235"]
# The nine municipalities of 2024 with a library system of their own (in no consortium).
OWN_LIBRARY_SYSTEM = {"213", "257", "420", "588", "749", "761", "765", "768", "905"}


def counts() -> dict[str, int]:
    return {
        "municipalities": Municipality.objects.count(),
        "population_figures": PopulationFigure.objects.count(),
        "consortia": Consortium.objects.count(),
        "memberships": ConsortiumMembership.objects.count(),
        "municipality_history": Municipality.history.count(),
        "population_history": PopulationFigure.history.count(),
        "membership_history": ConsortiumMembership.history.count(),
    }


def test_all_309_municipalities_of_2024_are_loaded():
    assert Municipality.objects.count() == 309
    assert Municipality.objects.filter(code="091", name_fi="Helsinki").exists()


def test_population_sum_at_end_of_2024_is_the_official_total():
    figures = PopulationFigure.objects.filter(date=END_OF_2024)
    assert figures.count() == 309
    assert figures.aggregate(total=Sum("population"))["total"] == 5_635_971


def test_helsinki_has_its_swedish_name():
    helsinki = Municipality.objects.get(code="091")
    assert helsinki.name_sv == "Helsingfors"
    assert helsinki.language_status == "fi/sv"


def test_helmet_is_espoo_helsinki_vantaa_and_kauniainen():
    helmet = Consortium.objects.get(slug="helmet")
    codes = sorted(helmet.memberships.values_list("municipality__code", flat=True))
    assert codes == HELMET


def test_there_are_28_consortia_with_300_memberships():
    assert Consortium.objects.count() == 28
    assert ConsortiumMembership.objects.count() == 300


def test_narpes_is_in_fredrika_and_vaasa_in_no_consortium():
    narpes = Municipality.objects.get(code="545")
    assert narpes.name_sv == "Närpes"
    assert list(narpes.memberships.values_list("consortium__slug", flat=True)) == ["fredrika"]
    assert not ConsortiumMembership.objects.filter(municipality__code="905").exists()


def test_pertunmaa_merged_into_mantyharju_at_the_end_of_2024():
    pertunmaa = Municipality.objects.get(code="588")
    assert pertunmaa.valid_to == END_OF_2024
    assert pertunmaa.merged_into.code == "507"
    assert pertunmaa.is_valid_on(END_OF_2024)
    assert not pertunmaa.is_valid_on(datetime.date(2025, 1, 1))
    # Its history stays: the municipality and its population are not deleted.
    assert pertunmaa.population_figures.get(date=END_OF_2024).population == 1525


def test_loading_the_reference_data_again_changes_nothing():
    before = counts()
    helsinki_before = Municipality.objects.values().get(code="091")

    call_command("load_reference_data", verbosity=0)

    assert counts() == before
    assert Municipality.objects.values().get(code="091") == helsinki_before


def test_loading_again_reports_that_nothing_was_created(capsys):
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "municipalities: 0 created, 0 updated" in out
    assert "population figures: 0 created" in out
    assert "consortia: 0 created" in out
    assert "memberships: 0 created" in out


def test_loading_again_keeps_details_entered_in_the_app():
    # Närpes has no business ID in the shipped file; Helsinki has one (0201256-6).
    Municipality.objects.filter(code="545").update(
        business_id="0177736-4", einvoice_address="003701777366", einvoice_operator="Apix"
    )
    Municipality.objects.filter(code="091").update(einvoice_address="003702012566")

    call_command("load_reference_data", verbosity=0)

    narpes = Municipality.objects.get(code="545")
    assert narpes.business_id == "0177736-4"
    assert narpes.einvoice_address == "003701777366"
    assert narpes.einvoice_operator == "Apix"
    helsinki = Municipality.objects.get(code="091")
    assert helsinki.business_id == "0201256-6"
    assert helsinki.einvoice_address == "003702012566"


def test_connection_units_are_28_consortia_and_the_municipalities_in_none():
    units = connection_units(on=datetime.date(2024, 6, 1))
    consortia = [u for u in units if u.is_consortium]
    own = [u for u in units if not u.is_consortium]

    assert len(consortia) == 28
    assert {u.key for u in own} == OWN_LIBRARY_SYSTEM
    assert len(units) == 28 + 9
    # Every municipality of the day is in exactly one unit.
    codes = [code for u in units for code in u.member_codes]
    assert len(codes) == len(set(codes)) == 309


def test_vaasa_is_a_unit_of_its_own_and_helsinki_is_inside_helmet():
    units = {u.key: u for u in connection_units(on=datetime.date(2025, 6, 1))}

    vaasa = units["905"]
    assert not vaasa.is_consortium
    assert vaasa.member_codes == ("905",)
    assert vaasa.name == "Vaasa"

    assert "091" not in units
    assert units["helmet"].is_consortium
    assert sorted(units["helmet"].member_codes) == HELMET


def test_pertunmaa_is_a_unit_in_2024_but_not_after_the_merger():
    in_2024 = {u.key for u in connection_units(on=datetime.date(2024, 6, 1))}
    in_2025 = {u.key for u in connection_units(on=datetime.date(2025, 1, 1))}

    assert "588" in in_2024
    assert "588" not in in_2025
    assert in_2024 - in_2025 == {"588"}
    codes_2025 = [c for u in connection_units(on=datetime.date(2025, 1, 1)) for c in u.member_codes]
    assert len(codes_2025) == 308
