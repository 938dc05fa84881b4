"""The fee preview and the invoice list as paged tables: 50 rows a page, the filters kept in the
page and export links, the exports whole, money and numbers sorted as numbers, a page past the
end shows the last one, and a manager's pages (any page, sort or export) only their own."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from billing.models import Invoice, InvoiceStatus
from billing.selectors import fee_rows
from billing.services.invoicing import buyer_of
from onboarding.models import Municipality
from tests.factories import UserFactory, joined

pytestmark = pytest.mark.django_db

FEES = "/billing/fees/"
INVOICES = "/billing/invoices/"
YEAR = {"programme": "ekirjasto", "year": "2025"}


def _tree(response):
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode())


def listed(response) -> list[str]:
    """The fee preview's municipality codes or the invoice list's numbers, in order."""
    tree = _tree(response)
    return tree.xpath("//tbody/tr/@data-code") or tree.xpath("//tbody/tr/td[1]/a/text()")


def every_listed(client, url, params=None) -> list[str]:
    """The rows of every page of a list, following its "next page" links."""
    found = []
    response = client.get(url, params or {})
    while True:
        found += listed(response)
        following = _tree(response).xpath("//li[@class='next']/a/@href")
        if not following:
            return found
        response = client.get(url + following[0])


def every_page(client, url, params=None) -> list[list[str]]:
    """The rows of each page, reached through its numbered page links."""
    first = client.get(url, params or {})
    links = _tree(first).xpath("//ul[@class='pagination']/li/a[not(@aria-current)]/@href")
    pages = [listed(first)]
    for link in dict.fromkeys(links):  # "next page" repeats the link of page 2
        pages.append(listed(client.get(url + link)))
    return pages


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def finance_client(finance, client_for):
    client = client_for(finance)
    client.cookies["django_language"] = "en"
    return client


def fee_codes(programme) -> list[str]:
    """Every municipality of the 2025 fee preview, by code."""
    return sorted(r.municipality.code for r in fee_rows(programme, 2025))


# --- the fee preview ------------------------------------------------------------------------


def test_the_fee_preview_shows_fifty_a_page_and_its_links_keep_the_filters(
    programme, finance_client
):
    wanted = {**YEAR, "blocked": "yes", "cohort": "no"}
    first = finance_client.get(FEES, wanted)
    tree = _tree(first)
    assert len(listed(first)) == 50
    assert "Page 1 of" in first.content.decode()
    [following] = tree.xpath("//li[@class='next']/a/@href")
    for kept in ("programme=ekirjasto", "year=2025", "blocked=yes", "cohort=no", "page=2"):
        assert kept in following
    every = every_listed(finance_client, FEES, wanted)
    assert len(every) == len(set(every)) == len(fee_codes(programme)) > 50
    for export in ("CSV", "XLSX"):
        [link] = tree.xpath(f"//a[text()='{export}']/@href")
        assert "blocked=yes" in link and "cohort=no" in link and "year=2025" in link
        assert "page" not in link and "sort" not in link
    sorted_page = _tree(finance_client.get(FEES, {**wanted, "sort": "-amount", "page": "2"}))
    [csv_link] = sorted_page.xpath("//a[text()='CSV']/@href")
    assert "page" not in csv_link and "sort" not in csv_link
    exported = csv_rows(finance_client.get(FEES + csv_link))
    assert sorted(row[0] for row in exported[1:]) == sorted(every)


def test_the_fee_cards_count_every_row_not_only_the_page(programme, finance_client):
    joined("091")  # Helmet: Espoo, Helsinki, Kauniainen and Vantaa billed
    rows = fee_rows(programme, 2025)
    total = sum((r.fee.amount for r in rows), Decimal(0))
    blocked = sum(1 for r in rows if r.fee.blocked)
    assert total > 0 and blocked > 50
    for page in ("1", "3", "999"):
        tree = _tree(finance_client.get(FEES, {**YEAR, "page": page}))
        assert tree.xpath("//*[@id='fee-total']/text()") == [
            f"{total:,.2f}".replace(",", "\u00a0").replace(".", ",") + "\u00a0€"
        ]
        figures = tree.xpath("//div[@class='card']/div[@class='figure']/text()")
        assert figures[2] == str(blocked)


def test_the_fee_preview_keeps_its_cells(programme, finance_client):
    joined("091")
    tree = _tree(finance_client.get(FEES, {**YEAR, "consortium": "helmet"}))
    [row] = tree.xpath("//tr[@data-code='091']")
    cells = [" ".join(td.text_content().split()) for td in row.xpath("td")]
    assert cells[:6] == ["Helsinki", "684,018", "31.12.2024", "12", "478 812,60 €", "Helsinki"]
    assert "684 018 residents" in cells[6]
    classes = [td.get("class") or "" for td in row.xpath("td")]
    assert classes == ["", "num", "", "num", "num", "", ""]
    vaasa = _tree(finance_client.get(FEES, {**YEAR, "search": "Vaasa"}))
    [reason] = vaasa.xpath("//tr[@data-code='905']/td[7]/span[@class='help']/text()")
    assert "Vaasa" in reason  # blocked: why, in words
    headers = [" ".join(th.text_content().split()) for th in tree.xpath("//thead/tr/th")]
    assert headers == [
        "Municipality",
        "Population",
        "Date",
        "Months",
        "Amount",
        "Payer",
        "Explanation",
    ]


def test_the_fee_preview_sorts_money_and_numbers_as_numbers(programme, finance_client):
    joined("091")
    # Kauniainen's fee (7 177,10 €) is the largest as text, not as a number.
    by_amount = listed(finance_client.get(FEES, {**YEAR, "sort": "-amount"}))
    assert by_amount[:4] == ["091", "049", "092", "235"]
    response = finance_client.get(FEES, {**YEAR, "sort": "-amount"})
    [header] = _tree(response).xpath("//th[@aria-sort]")
    assert header.get("aria-sort") == "descending" and "Amount" in header.text_content()
    ascending = listed(finance_client.get(FEES, {**YEAR, "sort": "amount"}))
    assert not {"091", "049", "092", "235"} & set(ascending)  # the unbilled come first
    # Population: Helsinki, then Espoo, the largest; ten-thousands after hundred-thousands.
    by_population = listed(finance_client.get(FEES, {**YEAR, "sort": "-population"}))
    assert by_population[:2] == ["091", "049"]
    populations = {
        r.municipality.code: r.fee.inputs.population
        for r in fee_rows(programme, 2025)
        if r.fee.inputs.population is not None
    }
    assert [populations[c] for c in by_population] == sorted(
        (populations[c] for c in by_population), reverse=True
    )
    by_name = listed(finance_client.get(FEES, {**YEAR, "sort": "-municipality"}))
    names = dict(Municipality.objects.values_list("code", "name_fi"))
    assert [names[c] for c in by_name] == sorted((names[c] for c in by_name), reverse=True)


def test_a_fee_page_past_the_end_or_not_a_number_shows_a_page_that_exists(
    programme, finance_client
):
    count = len(fee_codes(programme))
    last = -(-count // 50)
    response = finance_client.get(FEES, {**YEAR, "page": "999"})
    assert len(listed(response)) == count - (last - 1) * 50
    assert f"Page {last} of {last}" in response.content.decode()
    assert len(listed(finance_client.get(FEES, {**YEAR, "page": "x"}))) == 50


@pytest.fixture
def many_manager(programme):
    """A manager of 60 municipalities (Helsinki not among them): two pages of fees."""
    codes = [c for c in fee_codes(programme) if c != "091"][:60]
    return UserFactory(manager=True, username="t-many", codes=codes), codes


def test_a_manager_s_fee_pages_have_only_their_municipalities(many_manager, client_for):
    manager, codes = many_manager
    client = client_for(manager)
    for params in (YEAR, {**YEAR, "sort": "-population"}, {**YEAR, "sort": "payer"}):
        pages = every_page(client, FEES, params)
        assert [len(page) for page in pages] == [50, 10]
        assert sorted(code for page in pages for code in page) == codes
        assert sorted(every_listed(client, FEES, params)) == codes
    assert set(listed(client.get(FEES, {**YEAR, "page": "999"}))) <= set(codes)
    assert listed(client.get(FEES, {**YEAR, "search": "Helsinki"})) == []
    exported = csv_rows(client.get(FEES, {**YEAR, "sort": "-amount", "format": "csv"}))
    assert sorted(row[0] for row in exported[1:]) == codes


# --- the invoice list -----------------------------------------------------------------------


def _invoices(programme, codes, *, fee_year=2025) -> list[Invoice]:
    """An issued invoice for each payer of `codes`, written directly (no lines, no PDF): the
    totals rise and fall with the number, so the largest is neither the first nor the last."""
    start = Invoice.objects.filter(year=2025).count()
    invoices = []
    for i, code in enumerate(codes, start=start + 1):
        payer = Municipality.objects.get(code=code)
        net = Decimal((i * 37) % 61 * 100 + i)
        invoices.append(
            Invoice(
                kind=Invoice.Kind.INVOICE,
                series=settings.INVOICE_SERIES,
                year=2025,
                sequence=i,
                number=f"{settings.INVOICE_SERIES}-2025-{i:05d}",
                programme=programme,
                fee_year=fee_year,
                payer=payer,
                language="fi",
                issue_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
                due_date=datetime.date(2025, 2, 1) + datetime.timedelta(days=i % 7),
                reference=f"2025{i:05d}",
                rf_reference=f"RF002025{i:05d}",
                seller=dict(settings.INVOICE_SELLER),
                buyer=buyer_of(payer),
                vat_rate=Decimal("25.50"),
                net_total=net,
                vat_total=Decimal(0),
                gross_total=net,
            )
        )
    return Invoice.objects.bulk_create(invoices)


@pytest.fixture
def sixty_invoices(programme):
    codes = sorted(Municipality.objects.values_list("code", flat=True))[:60]
    return _invoices(programme, codes)


def test_the_invoice_list_shows_fifty_a_page_and_its_links_keep_the_filters(
    sixty_invoices, finance_client
):
    Invoice.objects.filter(pk=sixty_invoices[0].pk).update(status=InvoiceStatus.PAID)
    wanted = {**YEAR, "status": "issued", "q": "-2025-"}
    first = finance_client.get(INVOICES, wanted)
    tree = _tree(first)
    assert len(listed(first)) == 50
    assert "Page 1 of 2" in first.content.decode()
    [following] = tree.xpath("//li[@class='next']/a/@href")
    for kept in ("programme=ekirjasto", "year=2025", "status=issued", "q=-2025-", "page=2"):
        assert kept in following
    every = every_listed(finance_client, INVOICES, wanted)
    assert len(every) == len(set(every)) == 59
    assert sixty_invoices[0].number not in every
    sorted_page = _tree(finance_client.get(INVOICES, {**wanted, "sort": "payer", "page": "2"}))
    [csv_link] = sorted_page.xpath("//a[text()='CSV for accounting']/@href")
    assert "status=issued" in csv_link and "year=2025" in csv_link and "q=-2025-" in csv_link
    assert "page" not in csv_link and "sort" not in csv_link
    exported = csv_rows(finance_client.get(INVOICES + csv_link))
    assert sorted(row[0] for row in exported[1:]) == sorted(every)


def test_the_invoice_list_keeps_its_cells(sixty_invoices, finance_client):
    invoice = sixty_invoices[0]
    Invoice.objects.filter(pk=invoice.pk).update(pdf_error="renderer crashed")
    tree = _tree(finance_client.get(INVOICES, {**YEAR, "q": invoice.number}))
    [row] = tree.xpath("//tbody/tr")
    cells = [" ".join(td.text_content().split()) for td in row.xpath("td")]
    assert cells == [
        invoice.number,
        invoice.buyer["name"],
        "2025",
        f"{invoice.due_date.day}.{invoice.due_date.month}.2025",
        invoice.reference,
        f"{invoice.gross_total:,.2f}".replace(",", " ").replace(".", ",") + " €",
        "Issued PDF failed",
    ]
    assert row.xpath("td[1]/a/@href") == [f"/billing/invoices/{invoice.number}/"]
    assert row.xpath("td[6]/@class") == ["num"]


def test_the_invoice_list_sorts_money_as_numbers_and_states_in_the_workflow_s_order(
    sixty_invoices, finance_client
):
    largest = max(sixty_invoices, key=lambda i: i.gross_total)
    assert largest not in (sixty_invoices[0], sixty_invoices[-1])
    response = finance_client.get(INVOICES, {**YEAR, "sort": "-gross_total"})
    numbers = listed(response)
    assert numbers[0] == largest.number
    totals = {i.number: i.gross_total for i in sixty_invoices}
    assert [totals[n] for n in numbers] == sorted(totals.values(), reverse=True)[:50]
    [header] = _tree(response).xpath("//th[@aria-sort]")
    assert header.get("aria-sort") == "descending"
    Invoice.objects.filter(pk=sixty_invoices[5].pk).update(status=InvoiceStatus.PAID)
    Invoice.objects.filter(pk=sixty_invoices[6].pk).update(status=InvoiceStatus.SENT)
    by_state = listed(finance_client.get(INVOICES, {**YEAR, "sort": "-status"}))
    assert by_state[:2] == [sixty_invoices[5].number, sixty_invoices[6].number]


def test_an_invoice_page_past_the_end_or_not_a_number_shows_a_page_that_exists(
    sixty_invoices, finance_client
):
    response = finance_client.get(INVOICES, {**YEAR, "page": "999"})
    assert len(listed(response)) == 10
    assert "Page 2 of 2" in response.content.decode()
    assert len(listed(finance_client.get(INVOICES, {**YEAR, "page": "x"}))) == 50


def test_a_manager_s_invoice_pages_have_only_their_invoices(programme, client_for):
    codes = sorted(Municipality.objects.values_list("code", flat=True))[:70]
    mine, others = codes[:55], codes[55:]
    invoices = _invoices(programme, codes)
    manager = UserFactory(manager=True, username="t-many-invoices", codes=mine)
    own = sorted(i.number for i in invoices if i.payer.code in mine)
    client = client_for(manager)
    for params in ({"programme": "ekirjasto"}, {**YEAR, "sort": "-gross_total"}, {"sort": "payer"}):
        pages = every_page(client, INVOICES, params)
        assert [len(page) for page in pages] == [50, 5]
        assert sorted(n for page in pages for n in page) == own
        assert sorted(every_listed(client, INVOICES, params)) == own
    assert set(listed(client.get(INVOICES, {"page": "999"}))) <= set(own)
    other = next(i for i in invoices if i.payer.code in others)
    assert listed(client.get(INVOICES, {"q": other.number})) == []
    # The CSV is for finance and coordinators only, whatever the filters.
    assert client.get(INVOICES, {"sort": "-gross_total", "format": "csv"}).status_code == 403


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_the_pages_cost_the_same_queries_with_few_or_many_rows(programme, finance_client):
    codes = sorted(Municipality.objects.values_list("code", flat=True))
    _invoices(programme, codes[:3])
    finance_client.get(INVOICES, YEAR)  # warm up the session of the first request
    few = _queries(finance_client, INVOICES, {**YEAR, "sort": "-gross_total"})
    _invoices(programme, codes[3:80])
    assert _queries(finance_client, INVOICES, {**YEAR, "sort": "-gross_total"}) == few
    assert _queries(finance_client, INVOICES, {**YEAR, "sort": "status", "page": "2"}) == few
    fees = _queries(finance_client, FEES, {**YEAR, "search": "Helsinki"})
    assert _queries(finance_client, FEES, {**YEAR, "sort": "-population", "page": "3"}) == fees
