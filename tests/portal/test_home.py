"""Each person's home page says what to do next: a manager their open surveys with deadlines,
agreements to sign, connections with wave date and checklist, fees and latest invoice, and
only their own; finance its runs, unpaid and overdue invoices and payers missing details."""

import datetime
from decimal import Decimal

import pytest
from lxml import html

from billing.selectors import fee_rows
from billing.services.invoicing import invoice_issue
from onboarding.models import Municipality, Programme
from scheduling.demo import history_seed
from tests.factories import AgreementFactory, ready_to_send

pytestmark = pytest.mark.django_db


def tree_of(response):
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode())


def text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture
def demo():
    programme = Programme.objects.get(slug="ekirjasto")
    history_seed(programme=programme)
    return programme


def test_a_manager_sees_surveys_agreements_connections_and_fees_of_their_own(
    demo, helsinki_manager, client_for
):
    client = client_for(helsinki_manager)
    tree = tree_of(client.get("/"))
    surveys = [
        [text(td) for td in tr.xpath("td")]
        for tr in tree.xpath("//table[@id='open-surveys']/tbody/tr")
    ]
    assert ["E-kirjaston liittymiskysely", "Helsinki", "3.4.2027", "Ei aloitettu"] in surveys
    connections = [
        [text(td) for td in tr.xpath("td")]
        for tr in tree.xpath("//table[@id='my-connections']/tbody/tr")
    ]
    assert connections[0][0] == "Helmet"  # Helsinki's unit, with its wave and checklist
    assert connections[0][1] == "8.4.2024" and connections[0][3] == "4 / 4 tehty"
    fees = [text(li) for li in tree.xpath("//ul[@id='my-fees']/li")]
    assert fees == ["Helsinki: 478 812,60 €"]  # 0.70 EUR x 684 018, this year in full
    page = text(tree)
    for other in ("Vaasa", "Espoo", "Närpiö", "Kauniainen"):
        assert other not in page


def test_an_agreement_sent_to_the_manager_is_on_their_home(helsinki_manager, client_for):
    ready_to_send("091")
    agreement = AgreementFactory(code="091", sent=True)
    tree = tree_of(client_for(helsinki_manager).get("/"))
    [item] = tree.xpath("//ul[@id='to-sign']/li")
    assert item.xpath("a/@href") == [f"/agreements/{agreement.pk}/"]


def test_the_managers_latest_invoice_is_on_their_home(demo, finance, helsinki_manager, client_for):
    helsinki = Municipality.objects.get(code="091")
    rows = [r for r in fee_rows(demo, 2025) if r.payer.pk == helsinki.pk]
    invoice = invoice_issue(programme=demo, year=2025, payer=helsinki, rows=rows, by=finance)
    [latest] = tree_of(client_for(helsinki_manager).get("/")).xpath("//p[@id='latest-invoice']")
    assert latest.xpath("a/@href") == [f"/billing/invoices/{invoice.number}/"]
    assert "478 812,60 €" in text(latest)


def test_finance_home_counts_unpaid_and_overdue_invoices(demo, finance, client_for):
    helsinki = Municipality.objects.get(code="091")
    rows = [r for r in fee_rows(demo, 2025) if r.payer.pk == helsinki.pk]
    invoice = invoice_issue(
        programme=demo,
        year=2025,
        payer=helsinki,
        rows=rows,
        by=finance,
        issue_date=datetime.date(2025, 1, 2),  # long due
    )
    assert invoice.gross_total == Decimal("478812.60")
    tree = tree_of(client_for(finance).get("/"))
    assert text(tree.xpath("//*[@id='unpaid']")[0]) == "1"
    assert text(tree.xpath("//*[@id='overdue']")[0]) == "1"
    cards = text(tree.xpath("//div[@class='cards']")[0])
    assert "478 812,60 €" in cards
    assert int(text(tree.xpath("//*[@id='missing-count']")[0])) > 0
