"""The demo agreements of `make run` play out the real E-kirjasto history: a launch cohort
of about 200 municipalities and 85 % of residents signed by 15.3.2024 (Helmet among them),
the northern units signed in autumn 2024, Fredrika incomplete, Vaasa not yet sent; all
labelled as demo data."""

import datetime

import pytest
from lxml import html

from contracts.demo import agreement_demo_seed
from contracts.models import Agreement, AgreementStatus, SignatureEvidence
from contracts.selectors import completeness_of_unit
from onboarding import selectors as registry

pytestmark = pytest.mark.django_db

NORTHERN_REGIONS = {"17", "18", "19"}  # Pohjois-Pohjanmaa, Kainuu, Lappi
AUTUMN_2024 = (datetime.date(2024, 9, 1), datetime.date(2024, 12, 31))


@pytest.fixture
def demo(programme):
    agreement_demo_seed(programme=programme)
    return {
        a.municipality.code: a
        for a in Agreement.objects.filter(programme=programme).select_related(
            "municipality", "programme"
        )
    }


def populations() -> dict[str, int]:
    """Residents at launch (29.4.2024, the 2024 division with Pertunmaa on its own), by the
    31.12.2024 figures, the only ones at hand."""
    return {
        code: population
        for code, (population, _date) in registry.population_of(
            datetime.date(2024, 4, 29), reference=datetime.date(2024, 12, 31)
        ).items()
    }


def test_the_launch_cohort_is_about_200_municipalities_and_85_percent_of_residents(demo):
    cohort = [code for code, a in demo.items() if a.launch_cohort]
    # "a bit over 200 municipalities, 85 % of Finns" (Yle 74-20079784; shared/data README)
    assert 200 < len(cohort) <= 220
    figures = populations()
    total = sum(figures.values())
    share = sum(figures[code] for code in cohort) / total
    assert 0.80 <= share <= 0.88, share
    for code in cohort:
        agreement = demo[code]
        assert agreement.signed_on <= datetime.date(2024, 3, 15)
        assert agreement.status in (AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED)


def test_helmet_is_complete_and_in_force_in_the_launch_cohort(demo, programme):
    for code in ("049", "091", "092", "235"):
        assert demo[code].status == AgreementStatus.IN_FORCE
        assert demo[code].launch_cohort
    unit = completeness_of_unit(programme, "helmet")
    assert unit.complete and unit.launch_cohort


def test_fredrika_is_incomplete_with_narpes_and_two_others_signed(demo, programme):
    unit = completeness_of_unit(programme, "fredrika")
    assert not unit.complete
    assert "545" in unit.signed
    assert len(unit.signed) == 3
    for code in unit.blocking:
        assert demo[code].status == AgreementStatus.SENT
        assert demo[code].signed_on is None
    assert len(unit.blocking) == unit.member_count - 3


def test_vaasa_is_a_draft_not_yet_sent(demo):
    assert demo["905"].status == AgreementStatus.DRAFT
    assert demo["905"].sent_on is None


def test_the_northern_regions_signed_in_autumn_2024_outside_the_cohort(demo):
    northern = {
        code: a for code, a in demo.items() if a.municipality.region_code in NORTHERN_REGIONS
    }
    assert len(northern) == 59
    for agreement in northern.values():
        assert AUTUMN_2024[0] <= agreement.signed_on <= AUTUMN_2024[1], agreement
        assert not agreement.launch_cohort
        assert agreement.status == AgreementStatus.IN_FORCE


def test_every_demo_agreement_is_marked_as_demo_with_evidence_and_a_timeline(demo):
    assert len(demo) == 309  # every municipality of 2024
    assert all(a.is_demo for a in demo.values())
    signed = [a for a in demo.values() if a.signed_on]
    assert signed
    assert SignatureEvidence.objects.filter(agreement__in=signed).count() == len(signed)
    for agreement in signed:
        assert agreement.evidence.signed_on == agreement.signed_on
        assert agreement.sent_on <= agreement.signed_on <= agreement.in_force_on


def test_pertunmaa_s_agreement_ends_with_the_merger(demo):
    pertunmaa = demo["588"]
    assert pertunmaa.status == AgreementStatus.TERMINATED
    assert pertunmaa.end_date == datetime.date(2024, 12, 31)


def test_seeding_again_changes_nothing(demo, programme):
    assert agreement_demo_seed(programme=programme) == ["demo agreements exist"]
    assert Agreement.objects.filter(programme=programme).count() == 309


def test_demo_agreements_are_labelled_in_the_list_and_on_their_page(demo, coordinator, client_for):
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    tree = html.fromstring(client.get("/agreements/", {"search": "Helsinki"}).content.decode())
    row = tree.xpath("//tr[@data-code='091']")[0]
    assert row.xpath(".//span[@class='badge']/text()") == ["demo"]
    page = client.get(f"/agreements/{demo['091'].pk}/").content.decode()
    assert "demo data" in page
