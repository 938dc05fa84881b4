"""A Swedish-speaking municipality's invoice is Swedish throughout: the seller's name and
address, the municipalities of its lines, and a credit note's line, whoever credits it."""

from decimal import Decimal

import pytest
from django.utils import translation

from billing.documents.pdf import render_invoice_pdf
from billing.selectors import fee_rows
from billing.services.invoicing import invoice_credit, invoice_issue
from onboarding.models import Municipality, Programme
from tests.billing.test_invoice_documents import pdf_text
from tests.factories import joined

pytestmark = pytest.mark.django_db


def test_narpes_gets_a_swedish_invoice_and_a_swedish_credit_note(finance):
    joined("545")  # Närpes, with the rest of its consortium
    programme = Programme.objects.get(slug="ekirjasto")
    narpes = Municipality.objects.get(code="545")
    rows = [r for r in fee_rows(programme, 2025) if r.payer.pk == narpes.pk]
    invoice = invoice_issue(programme=programme, year=2025, payer=narpes, rows=rows, by=finance)
    assert invoice.language == "sv"
    assert invoice.seller["name"] == "Helsingfors universitet / Nationalbiblioteket"
    assert invoice.seller["street"] == "PB 15 (Unionsgatan 36)"
    assert [line.municipality_name for line in invoice.lines.all()] == ["Närpes"]
    text = " ".join(pdf_text(render_invoice_pdf(invoice)).split())
    assert "Helsingfors universitet / Nationalbiblioteket" in text
    assert "Närpes (545)" in text
    for finnish in ("Helsingin yliopisto", "Kansalliskirjasto", "Närpiö", "PL 15"):
        assert finnish not in text

    with translation.override("fi"):  # a Finnish-speaking finance officer credits it
        note = invoice_credit(invoice=invoice, by=finance, amount=Decimal("10.00"), reason="Fel")
    [line] = note.lines.all()
    assert line.description == f"Kreditering av faktura {invoice.number}: Fel"
    assert line.municipality_name == "Närpes"
    note_text = " ".join(pdf_text(render_invoice_pdf(note)).split())
    assert "Hyvitys" not in note_text and "Kreditering av faktura" in note_text


@pytest.mark.parametrize(
    "language, expected",
    [
        ("fi", "Laskulla {number} on hyvitettävää jäljellä enintään 6\xa0687,80\xa0€."),
        ("sv", "På faktura {number} återstår högst 6\xa0687,80\xa0€ att kreditera."),
    ],
)
def test_crediting_more_than_is_left_names_what_is_left_as_money(finance, language, expected):
    from django.core.exceptions import ValidationError

    joined("545")
    programme = Programme.objects.get(slug="ekirjasto")
    narpes = Municipality.objects.get(code="545")
    rows = [r for r in fee_rows(programme, 2025) if r.payer.pk == narpes.pk]
    invoice = invoice_issue(programme=programme, year=2025, payer=narpes, rows=rows, by=finance)
    assert invoice.gross_total == Decimal("6687.80")  # 0.70 EUR x 9 554 residents
    with translation.override(language), pytest.raises(ValidationError) as refused:
        invoice_credit(invoice=invoice, by=finance, amount=Decimal("9999"), reason="x")
    assert refused.value.message_dict["amount"] == [expected.format(number=invoice.number)]


def test_the_invoice_list_names_payers_in_the_page_language(finance, client_for):
    from lxml import html

    joined("235")  # Kauniainen, Grankulla in Swedish (in Helmet: its members pay themselves)
    programme = Programme.objects.get(slug="ekirjasto")
    grankulla = Municipality.objects.get(code="235")
    rows = [r for r in fee_rows(programme, 2025) if r.payer.pk == grankulla.pk]
    invoice_issue(programme=programme, year=2025, payer=grankulla, rows=rows, by=finance)
    client = client_for(finance)
    client.cookies["django_language"] = "sv"
    page = client.get("/billing/invoices/", {"programme": "ekirjasto", "year": 2025})
    payers = html.fromstring(page.content.decode()).xpath("//tbody/tr/td[2]/text()")
    assert "Grankulla" in payers and "Kauniainen" not in payers
