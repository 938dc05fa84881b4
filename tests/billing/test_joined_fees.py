"""Fees bill the months a municipality was joined, for the population of the municipality
as it exists in the fee year (issue 11's acceptance, on the demo history)."""

import datetime
from decimal import Decimal

import pytest

from billing.selectors import fee_rows
from onboarding.models import Municipality, Programme
from scheduling.demo import history_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_2025():
    programme = Programme.objects.get(slug="ekirjasto")
    history_seed(programme=programme)
    return {row.municipality.code: row for row in fee_rows(programme, 2025)}


def test_signed_members_of_an_incomplete_consortium_pay_nothing_and_are_told_why(demo_2025):
    for code in ("545", "280", "287"):  # Närpes, Korsnäs, Kristinestad in Fredrikabiblioteken
        fee = demo_2025[code].fee
        assert fee.amount == Decimal("0.00") and fee.months == 0
        assert fee.blocked_reason == (
            "Odotetaan, että kaikki Fredrikabiblioteken-kimpan kunnat allekirjoittavat: "
            "8 jäsenkuntaa ei ole vielä allekirjoittanut."
        )


def test_a_merged_municipalitys_residents_are_billed_in_its_successor(demo_2025):
    mantyharju = demo_2025["507"].fee
    assert mantyharju.inputs.population == 7057  # 5,532 + Pertunmaa's 1,525 (2025 division)
    assert mantyharju.inputs.population_date == datetime.date(2024, 12, 31)
    assert (mantyharju.months, mantyharju.amount) == (12, Decimal("4939.90"))
    assert "588" not in demo_2025  # Pertunmaa no longer exists in 2025


def test_helsinki_pays_a_full_year(demo_2025):
    helsinki = demo_2025["091"].fee
    assert (helsinki.months, helsinki.amount) == (12, Decimal("478812.60"))


def test_2024_bills_from_the_opening_month_only_what_a_figure_allows():
    programme = Programme.objects.get(slug="ekirjasto")
    history_seed(programme=programme)
    rows = {r.municipality.code: r for r in fee_rows(programme, 2024)}
    # The cohort went live on 29.4.2024: May to December, 8 months (data README 3.2) ...
    assert rows["091"].fee.inputs.joined_months == tuple(range(5, 13))
    # ... but the 31.12.2023 populations are not public: nothing is guessed.
    assert rows["091"].fee.blocked_reason.startswith("Kunnalle Helsinki ei ole asukaslukutietoa")
    assert rows["091"].fee.amount == Decimal("0.00")
    assert Municipality.objects.get(code="588").is_valid_on(datetime.date(2024, 6, 1))
    assert "588" in rows
