"""Finvoice rows whose arithmetic holds, and a buyer party with every field the registry has:
a receiving system that recomputes quantity x unit price accepts every row."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from lxml import etree

from billing.documents.finvoice import render_finvoice, validate_finvoice
from billing.models import Invoice
from billing.selectors import fee_rows
from billing.services.invoicing import invoice_credit, invoice_issue
from billing.services.runs import payer_groups
from onboarding.models import Contact, Municipality, Programme
from scheduling.demo import history_seed

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


@pytest.fixture
def invoices_2025(finance):
    programme = Programme.objects.get(slug="ekirjasto")
    history_seed(programme=programme)
    helsinki = Municipality.objects.get(code="091")
    Municipality.objects.filter(pk=helsinki.pk).update(
        einvoice_address="003702012566",
        einvoice_operator="003703575029",
        street_address="PL 1",
        postal_code="00099",
        post_office="Helsingin kaupunki",
    )
    Contact.objects.create(
        municipality=helsinki,
        kind=Contact.Kind.INVOICING,
        name="Laura Laskuttaja",
        email="laskut@helsinki.example",
        phone="09 310 1234",
    )
    rows = fee_rows(programme, 2025)
    for payer, group in payer_groups(rows).values():
        invoice_issue(programme=programme, year=2025, payer=payer, rows=group, by=finance)
    return Invoice.objects.filter(programme=programme, fee_year=2025)


def test_every_row_is_quantity_times_unit_price(invoices_2025, finance):
    note = invoice_credit(
        invoice=invoices_2025.get(payer__code="091"),
        by=finance,
        amount=Decimal("100.00"),
        reason="Korjaus",
    )
    checked = prorated = 0
    for invoice in [*invoices_2025, note]:
        data = render_finvoice(invoice)
        validate_finvoice(data)
        for row in etree.fromstring(data).iter("InvoiceRow"):
            quantity = _number(row.findtext("DeliveredQuantity"))
            price = _number(row.findtext("UnitPriceAmount"))
            amount = _number(row.findtext("RowVatExcludedAmount"))
            assert (quantity * price).quantize(CENT, rounding=ROUND_HALF_UP) == amount
            checked += 1
            prorated += quantity != quantity.to_integral()
    assert checked > 250
    assert prorated  # Siilinjärvi and Blanka joined on 1.6.2025: 7 of 12 months


def test_the_prorated_row_counts_resident_years(invoices_2025):
    invoice = invoices_2025.get(payer__code="749")  # Siilinjärvi, live from 1.6.2025
    (row,) = etree.fromstring(render_finvoice(invoice)).iter("InvoiceRow")
    (line,) = invoice.lines.all()
    assert (line.months, str(line.period_start), str(line.period_end)) == (
        7,
        "2025-06-01",
        "2025-12-31",
    )
    assert row.findtext("DeliveredQuantity") == "12406,916667"  # 21,269 x 7/12
    assert row.find("DeliveredQuantity").get("QuantityUnitCode") == "asukasvuotta"
    assert row.findtext("UnitPriceAmount") == "0,70"
    assert row.findtext("RowVatExcludedAmount") == "8684,84"
    assert (row.findtext("StartDate"), row.findtext("EndDate")) == ("20250601", "20251231")


def test_the_buyer_party_carries_every_field_of_the_registry(invoices_2025):
    root = etree.fromstring(render_finvoice(invoices_2025.get(payer__code="091")))
    party = root.find("BuyerPartyDetails")
    assert party.findtext("BuyerPartyIdentifier") == "0201256-6"
    assert party.findtext("BuyerOrganisationName") == "Helsinki"
    assert party.findtext("BuyerOrganisationTaxCode") == "FI02012566"
    assert party.findtext("BuyerCode") == "091"
    address = party.find("BuyerPostalAddressDetails")
    assert address.findtext("BuyerStreetName") == "PL 1"
    assert address.findtext("BuyerPostCodeIdentifier") == "00099"
    assert address.findtext("BuyerTownName") == "Helsingin kaupunki"
    assert root.findtext("BuyerOrganisationUnitNumber") == "003702012566"
    assert root.findtext("BuyerContactPersonName") == "Laura Laskuttaja"
    communication = root.find("BuyerCommunicationDetails")
    assert communication.findtext("BuyerEmailaddressIdentifier") == "laskut@helsinki.example"
    receiver = root.find("MessageTransmissionDetails/MessageReceiverDetails")
    assert receiver.findtext("ToIdentifier") == "003702012566"
    assert receiver.findtext("ToIntermediator") == "003703575029"
