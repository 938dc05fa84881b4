"""Invoice documents: the Finnish and RF references, the bank barcode line, the invoice PDF/A
read back with poppler, and the Finvoice 3.0 message validated against the official schema.

Invoices are built directly with the ORM as frozen snapshots, as the invoicing service does,
for Helsinki (091) paying for itself and for Kauniainen (235), in Finnish and Swedish, with
0 % and 24 % VAT, and a credit note of each."""

import datetime
import re
import subprocess
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from stdnum import iso11649

from billing.documents.barcode import (
    CODE128_START_C,
    CODE128_STOP,
    CODE128_WIDTHS,
    bank_barcode,
    code128_svg,
)
from billing.documents.common import payment_term_days, percent
from billing.documents.finvoice import FINVOICE_XSD, render_finvoice, validate_finvoice
from billing.documents.pdf import render_invoice_pdf
from billing.documents.references import (
    finnish_reference,
    format_reference,
    format_rf_reference,
    is_valid_finnish_reference,
    rf_reference,
)
from billing.models import Invoice, InvoiceLine
from onboarding.formatting import euros
from onboarding.models import Municipality, Programme

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")
IBAN = "FI2112345600000785"  # the example IBAN of the settings (Finnish banking docs)


# --- Finnish reference ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "reference"),
    [
        ("123456", "1234561"),  # Finance Finland's example
        ("123456712345678", "1234567123456784"),  # worked example with check digit 4
        ("123", "1232"),  # 3x7 + 2x3 + 1x1 = 28 -> 2
        ("202500001", finnish_reference("202500001")),
    ],
)
def test_finnish_reference_known_examples(base, reference):
    assert finnish_reference(base) == reference
    assert is_valid_finnish_reference(reference)


def test_check_digit_by_hand():
    # 2025 00001 from the right: 1x7 0x3 0x1 0x7 0x3 5x1 2x7 0x3 2x1 = 7+5+14+2 = 28 -> 2
    assert finnish_reference("202500001") == "2025000012"
    # 9 2025 00001: the tenth digit from the right has weight 7 again: 28 + 63 = 91 -> 9
    assert finnish_reference("9202500001") == "92025000019"


@pytest.mark.parametrize("base", ["12", "0123", "12a4", "1" * 20, "", "12.3"])
def test_finnish_reference_refuses_bad_bases(base):
    with pytest.raises(ValueError):
        finnish_reference(base)


def test_format_reference_groups_of_five_from_the_right():
    assert format_reference("1234561") == "12 34561"
    assert format_reference("1234567123456784") == "1 23456 71234 56784"
    assert format_reference("1232") == "1232"
    assert format_reference("12 345 61") == "12 34561"


def test_is_valid_finnish_reference():
    assert is_valid_finnish_reference("12 34561")
    assert is_valid_finnish_reference("00000000000001234561")  # as bank statements pad it
    assert not is_valid_finnish_reference("1234562")
    assert not is_valid_finnish_reference("123")
    assert not is_valid_finnish_reference("RF341234561")


@given(st.integers(min_value=100, max_value=10**19 - 1), st.data())
def test_every_single_digit_error_is_detected(base, data):
    reference = finnish_reference(str(base))
    position = data.draw(st.integers(min_value=0, max_value=len(reference) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != reference[position]]))
    changed = reference[:position] + digit + reference[position + 1 :]
    if changed[0] != "0":  # a leading zero is the same number, checked without it
        assert not is_valid_finnish_reference(changed)


# --- RF reference -----------------------------------------------------------------------


def test_rf_reference_known_example():
    assert rf_reference("1234561") == "RF341234561"
    assert format_rf_reference("RF341234561") == "RF34 1234 561"
    assert format_reference("RF341234561") == "RF34 1234 561"
    assert iso11649.is_valid("RF341234561")
    assert iso11649.validate("RF34 1234 561") == "RF341234561"


def test_rf_reference_refuses_an_invalid_finnish_reference():
    with pytest.raises(ValueError):
        rf_reference("1234562")


@given(st.integers(min_value=100, max_value=10**19 - 1))
def test_rf_references_pass_python_stdnum(base):
    reference = finnish_reference(str(base))
    rf = rf_reference(reference)
    assert iso11649.is_valid(rf)
    assert rf[4:] == reference
    assert len(rf) <= 25


def test_rf_references_of_many_invoice_numbers_pass_python_stdnum():
    for year in (2024, 2025, 2026):
        for sequence in range(1, 400):
            for prefix in ("", "9"):  # invoices and credit notes
                reference = finnish_reference(f"{prefix}{year}{sequence:05d}")
                assert is_valid_finnish_reference(reference)
                assert iso11649.is_valid(rf_reference(reference)), reference


# --- bank barcode -----------------------------------------------------------------------


def test_bank_barcode_version_4_by_hand():
    code = bank_barcode(
        "FI21 1234 5600 0007 85", Decimal("478812.60"), "12 34561", datetime.date(2025, 2, 5)
    )
    assert code == "421123456000007854788126000000000000000001234561250205"
    assert len(code) == 54 and code.isdigit()
    assert code[0] == "4"  # version
    assert code[1:17] == "2112345600000785"  # IBAN without FI
    assert code[17:23] == "478812"  # euros
    assert code[23:25] == "60"  # cents
    assert code[25:28] == "000"  # reserve
    assert code[28:48] == "1234561".zfill(20)  # reference
    assert code[48:54] == "250205"  # due date YYMMDD


@pytest.mark.parametrize(
    ("iban", "amount", "reference", "due", "expected"),
    [
        # Published examples of the bank barcode (Finance Finland's guide, as reproduced by
        # public implementations), versions 4 and 5.
        (
            "FI79 4405 2020 0360 82",
            "4883.15",
            "86851 62596 19897",
            datetime.date(2010, 6, 12),
            "479440520200360820048831500000000868516259619897100612",
        ),
        (
            "FI37 1590 3000 0007 76",
            "12.25",
            "11112",
            datetime.date(2016, 12, 21),
            "437159030000007760000122500000000000000000011112161221",
        ),
        (
            "FI37 1590 3000 0007 76",
            "1.10",
            "RF98 1111 2",
            datetime.date(2017, 1, 1),
            "537159030000007760000011098000000000000000011112170101",
        ),
    ],
)
def test_bank_barcode_published_examples(iban, amount, reference, due, expected):
    assert bank_barcode(iban, Decimal(amount), reference, due) == expected


def test_bank_barcode_amount_that_does_not_fit_is_zeros():
    due = datetime.date(2025, 2, 5)
    big = bank_barcode(IBAN, Decimal("1000000.00"), "1234561", due)
    negative = bank_barcode(IBAN, Decimal("-10.00"), "1234561", due)
    largest = bank_barcode(IBAN, Decimal("999999.99"), "1234561", due)
    assert big[17:25] == negative[17:25] == "00000000"
    assert largest[17:25] == "99999999"


def test_bank_barcode_without_due_date():
    assert bank_barcode(IBAN, Decimal("1.00"), "1234561", None).endswith("000000")


@pytest.mark.parametrize(
    ("iban", "reference"),
    [
        ("FI2112345600000786", "1234561"),  # IBAN check digits wrong
        ("SE4550000000058398257466", "1234561"),  # not Finnish
        (IBAN, "1234562"),  # reference check digit wrong
        (IBAN, "RF351234561"),  # RF check digits wrong
    ],
)
def test_bank_barcode_refuses_bad_input(iban, reference):
    with pytest.raises(ValueError):
        bank_barcode(iban, Decimal("1.00"), reference, datetime.date(2025, 1, 1))


# --- Code 128 ---------------------------------------------------------------------------


def test_code128_table():
    assert len(CODE128_WIDTHS) == 107
    assert len(set(CODE128_WIDTHS)) == 107
    for value, widths in enumerate(CODE128_WIDTHS):
        digits = [int(w) for w in widths]
        assert sum(digits) == (13 if value == CODE128_STOP else 11)
        assert sum(digits[0::2]) % 2 == 0  # bars take an even number of modules
    assert CODE128_WIDTHS[CODE128_START_C] == "211232"
    assert CODE128_WIDTHS[CODE128_STOP] == "2331112"


def _decode_svg(svg: str) -> str:
    """Read the bars back into symbol values and the digits they carry."""
    [path] = re.findall(r'<path fill="#000" d="([^"]+)"/>', svg)  # the bars, one path
    bar = r"M(\d+) 0h(\d+)V[\d.]+H(\d+)z"
    bars = [(int(x), int(w)) for x, w, back in re.findall(bar, path) if back == x]
    assert len(bars) == path.count("M")
    widths, end = [], None
    for x, w in bars:
        if end is not None:
            widths.append(x - end)  # the space before this bar
        widths.append(w)
        end = x + w
    symbols = ["".join(map(str, widths[i : i + 6])) for i in range(0, len(widths) - 7, 6)]
    values = [CODE128_WIDTHS.index(s) for s in symbols]
    assert "".join(map(str, widths[-7:])) == CODE128_WIDTHS[CODE128_STOP]
    assert values[0] == CODE128_START_C
    data, check = values[1:-1], values[-1]
    assert check == (CODE128_START_C + sum(i * v for i, v in enumerate(data, 1))) % 103
    return "".join(f"{v:02d}" for v in data)


def test_code128_svg_reads_back_as_the_barcode_line():
    line = bank_barcode(IBAN, Decimal("478812.60"), "1234561", datetime.date(2025, 2, 5))
    assert _decode_svg(str(code128_svg(line))) == line


# --- invoices built as frozen snapshots ---------------------------------------------------


def _vat(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _buyer(language: str, *, street: bool) -> dict:
    helsinki = Municipality.objects.get(code="091")
    buyer = {
        "code": helsinki.code,
        "name": helsinki.name_sv if language == "sv" else helsinki.name_fi,
        "business_id": helsinki.business_id,
        # OVT form 0037 + business ID digits; the operator is an example intermediator ID.
        "einvoice_address": "003702012566",
        "einvoice_operator": "NDEAFIHH",
        "language": language,
    }
    if street:
        buyer.update(street="PL 1", postal_code="00099", city="Helsingin kaupunki")
    return buyer


def make_invoice(language="fi", vat_rate="0", *, street=False, sequence=1) -> Invoice:
    programme = Programme.objects.get(slug="ekirjasto")
    payer = Municipality.objects.get(code="091")
    rate = Decimal("0.7000")
    vat_rate = Decimal(vat_rate)
    lines = [
        # Helsinki, 31.12.2024 population, the whole year: 0.70 x 684 018 = 478 812.60
        ("091", "Helsinki", 684018, 12, Decimal("478812.60")),
        # Kauniainen paid by Helsinki, 8 months: 0.70 x 10 253 x 8 / 12 = 4 784.73
        ("235", "Kauniainen", 10253, 8, Decimal("4784.73")),
    ]
    net = sum((amount for *_, amount in lines), Decimal("0"))
    vat = sum((_vat(amount, vat_rate) for *_, amount in lines), Decimal("0"))
    reference = finnish_reference(f"2025{sequence:05d}")
    invoice = Invoice(
        kind=Invoice.Kind.INVOICE,
        series="EK",
        year=2025,
        sequence=sequence,
        number=f"EK-2025-{sequence:05d}",
        programme=programme,
        fee_year=2025,
        payer=payer,
        language=language,
        issue_date=datetime.date(2025, 1, 15),
        due_date=datetime.date(2025, 2, 5),
        reference=reference,
        rf_reference=rf_reference(reference),
        seller=dict(settings.INVOICE_SELLER),
        buyer=_buyer(language, street=street),
        vat_rate=vat_rate,
        net_total=net,
        vat_total=vat,
        gross_total=net + vat,
    )
    invoice.save()
    for position, (code, name, population, months, amount) in enumerate(lines, start=1):
        InvoiceLine.objects.create(
            invoice=invoice,
            position=position,
            municipality_code=code,
            municipality_name=name,
            description=f"E-kirjasto 2025: {name}",
            population=population,
            population_date=datetime.date(2024, 12, 31),
            rate=rate,
            months=months,
            # The months billed, as the fee engine gives them (Fee.period): to December.
            period_start=datetime.date(2025, 13 - months, 1),
            period_end=datetime.date(2025, 12, 31),
            net_amount=amount,
            vat_amount=_vat(amount, vat_rate),
        )
    return invoice


def make_credit_note(original: Invoice, amount: Decimal, reason: str) -> Invoice:
    """A partial credit note, as the invoicing service makes one: negative totals."""
    factor = amount / original.gross_total
    net = -(original.net_total * factor).quantize(CENT, rounding=ROUND_HALF_UP)
    gross = -amount
    reference = finnish_reference("9202500001")
    note = Invoice(
        kind=Invoice.Kind.CREDIT_NOTE,
        series="EKH",
        year=2025,
        sequence=1,
        number="EKH-2025-00001",
        programme=original.programme,
        fee_year=original.fee_year,
        payer=original.payer,
        credit_of=original,
        language=original.language,
        issue_date=datetime.date(2025, 3, 3),
        due_date=datetime.date(2025, 3, 3),
        reference=reference,
        rf_reference=rf_reference(reference),
        seller=original.seller,
        buyer=original.buyer,
        vat_rate=original.vat_rate,
        net_total=net,
        vat_total=gross - net,
        gross_total=gross,
        reason=reason,
    )
    note.save()
    InvoiceLine.objects.create(
        invoice=note,
        position=1,
        municipality_code="091",
        municipality_name="Helsinki",
        description=f"Hyvitys laskusta {original.number}: {reason}",
        net_amount=net,
        vat_amount=gross - net,
    )
    return note


def pdf_text(data: bytes) -> str:
    """pdftotext's reading of the PDF, spaces (also no-break spaces) collapsed."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return " ".join(out.replace("\u00a0", " ").split())


def pdf_info(data: bytes) -> str:
    return subprocess.run(
        ["pdfinfo", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")


def pdf_metadata(data: bytes) -> str:
    return subprocess.run(
        ["pdfinfo", "-meta", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")


def _printed(amount: Decimal) -> str:
    return euros(amount).replace("\u00a0", " ")


# --- the PDF ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("vat_rate", ["0", "24"])
def test_invoice_pdf_reads_back(language, vat_rate):
    invoice = make_invoice(language, vat_rate)
    data = render_invoice_pdf(invoice)

    assert data.startswith(b"%PDF-")
    info = pdf_info(data)
    assert "Pages:" in info and invoice.number in info  # the title names the invoice
    assert "pdfaid:part" in pdf_metadata(data)  # PDF/A identification in the XMP metadata

    text = pdf_text(data)
    assert invoice.number in text
    assert format_reference(invoice.reference) in text  # "20250 00012"
    assert format_rf_reference(invoice.rf_reference) in text
    assert _printed(invoice.gross_total) in text
    assert _printed(Decimal("478812.60")) in text  # Helsinki's line
    assert "684 018" in text and "31.12.2024" in text
    assert "8/12" in text and "1.5.\u201331.12.2025" in text  # Kauniainen's months billed
    assert "15.1.2025" in text and "5.2.2025" in text  # issue and due date
    assert f"{percent(invoice.vat_rate)} %" in text
    barcode = bank_barcode(
        settings.INVOICE_SELLER["iban"], invoice.gross_total, invoice.reference, invoice.due_date
    )
    assert barcode in text
    assert "FI21 1234 5600 0007 85" in text and "NDEAFIHH" in text
    assert "0313471-7" in text and "0201256-6" in text  # seller's and payer's business ID
    assert ("Helsingfors" if language == "sv" else "Helsinki") in text
    if vat_rate == "0":
        assert _printed(invoice.gross_total) == "483 597,33 €"
    else:
        assert "FI03134717" in text  # the seller's VAT number is shown with VAT


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_credit_note_pdf_reads_back(language):
    invoice = make_invoice(language, "24")
    note = make_credit_note(invoice, Decimal("1000.00"), "Väkiluku korjattu")
    data = render_invoice_pdf(note)

    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert note.number in text
    assert invoice.number in text  # the credited invoice
    assert "Väkiluku korjattu" in text  # the reason
    assert format_reference(note.reference) in text
    assert "-1 000,00 €" in text
    # nothing to pay: no barcode line on a credit note
    assert not re.search(r"\b[45]\d{53}\b", text)


def test_invoice_pdf_with_a_buyer_address():
    text = pdf_text(render_invoice_pdf(make_invoice("fi", "0", street=True)))
    assert "PL 1" in text and "00099 Helsingin kaupunki" in text


def test_payment_term():
    invoice = make_invoice()
    assert payment_term_days(invoice) == settings.PAYMENT_TERM_DAYS  # 15.1. + 21 = 5.2.


# --- Finvoice ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(FINVOICE_XSD)))


def _text(doc, path):
    return doc.findtext(path)


@pytest.mark.parametrize("language", ["fi", "sv"])
@pytest.mark.parametrize("vat_rate", ["0", "24"])
def test_finvoice_invoice_validates(schema, language, vat_rate):
    invoice = make_invoice(language, vat_rate)
    data = render_finvoice(invoice)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    doc = etree.fromstring(data)
    schema.assertValid(doc)

    assert doc.tag == "Finvoice" and doc.get("Version") == "3.0"
    assert _text(doc, "MessageTransmissionDetails/MessageDetails/MessageIdentifier") == (
        invoice.number
    )
    assert _text(doc, "MessageTransmissionDetails/MessageSenderDetails/FromIdentifier") == (
        "003703134717"
    )
    assert _text(doc, "MessageTransmissionDetails/MessageReceiverDetails/ToIdentifier") == (
        "003702012566"
    )
    assert _text(doc, "SellerPartyDetails/SellerPartyIdentifier") == "0313471-7"
    assert _text(doc, "BuyerPartyDetails/BuyerPartyIdentifier") == "0201256-6"
    assert _text(doc, "InvoiceRecipientLanguageCode") == language
    assert _text(doc, "InvoiceDetails/InvoiceTypeCode") == "INV01"
    assert _text(doc, "InvoiceDetails/InvoiceNumber") == invoice.number
    assert _text(doc, "InvoiceDetails/InvoiceDate") == "20250115"
    assert _text(doc, "InvoiceDetails/PaymentTermsDetails/InvoiceDueDate") == "20250205"
    gross = f"{invoice.gross_total:.2f}".replace(".", ",")
    assert _text(doc, "InvoiceDetails/InvoiceTotalVatIncludedAmount") == gross
    assert _text(doc, "InvoiceDetails/VatSpecificationDetails/VatRatePercent") == vat_rate
    assert _text(doc, "EpiDetails/EpiPaymentInstructionDetails/EpiInstructedAmount") == gross
    remittance = doc.find("EpiDetails/EpiPaymentInstructionDetails/EpiRemittanceInfoIdentifier")
    assert remittance.text == invoice.reference
    assert remittance.get("IdentificationSchemeName") == "SPY"
    assert _text(doc, "EpiDetails/EpiPartyDetails/EpiBeneficiaryPartyDetails/EpiAccountID") == (
        IBAN
    )
    assert _text(doc, "VirtualBankBarcode") == bank_barcode(
        IBAN, invoice.gross_total, invoice.reference, invoice.due_date
    )

    rows = doc.findall("InvoiceRow")
    assert len(rows) == 2
    assert rows[0].findtext("RowVatExcludedAmount") == "478812,60"
    assert rows[0].findtext("DeliveredQuantity") == "684018"
    assert rows[0].findtext("UnitPriceAmount") == "0,70"
    assert rows[1].findtext("StartDate") == "20250501"  # 8 months: May to December
    if vat_rate == "0":
        assert gross == "483597,33"
        assert rows[0].findtext("RowAmount") == "478812,60"
    else:
        assert rows[0].findtext("RowVatAmount") == "114915,02"  # 24 % of 478 812.60
        assert _text(doc, "SellerPartyDetails/SellerOrganisationTaxCode") == "FI03134717"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_finvoice_credit_note_validates(schema, language):
    invoice = make_invoice(language, "24")
    note = make_credit_note(invoice, Decimal("1000.00"), "Väkiluku korjattu")
    doc = etree.fromstring(render_finvoice(note))
    schema.assertValid(doc)
    assert _text(doc, "InvoiceDetails/InvoiceTypeCode") == "INV02"
    assert _text(doc, "InvoiceDetails/InvoiceTypeText") == (
        "KREDITNOTA" if language == "sv" else "HYVITYSLASKU"
    )
    assert _text(doc, "InvoiceDetails/InvoiceNumber") == note.number
    assert _text(doc, "InvoiceDetails/OriginalInvoiceNumber") == invoice.number
    assert _text(doc, "InvoiceDetails/InvoiceTotalVatIncludedAmount") == "-1000,00"
    assert _text(doc, "InvoiceDetails/InvoiceFreeText") == "Väkiluku korjattu"
    assert _text(doc, "EpiDetails/EpiPaymentInstructionDetails/EpiRemittanceInfoIdentifier") == (
        note.reference
    )
    assert doc.find("VirtualBankBarcode") is None


def test_finvoice_with_a_buyer_address_and_without_an_e_invoice_address(schema):
    invoice = make_invoice("fi", "0", street=True)
    invoice.buyer = {**invoice.buyer, "einvoice_address": "", "business_id": ""}
    doc = etree.fromstring(render_finvoice(invoice))
    schema.assertValid(doc)
    assert doc.find("MessageTransmissionDetails") is None  # no route without an address
    assert doc.find("BuyerPartyDetails/BuyerPartyIdentifier") is None
    assert _text(doc, "BuyerPartyDetails/BuyerPostalAddressDetails/BuyerStreetName") == "PL 1"
    assert _text(doc, "BuyerPartyDetails/BuyerPostalAddressDetails/BuyerTownName") == (
        "Helsingin kaupunki"
    )


def test_finvoice_without_a_routable_operator_has_no_transmission_details(schema):
    invoice = make_invoice()
    invoice.buyer = {**invoice.buyer, "einvoice_operator": "Example Operator Oy"}
    doc = etree.fromstring(render_finvoice(invoice))
    schema.assertValid(doc)
    assert doc.find("MessageTransmissionDetails") is None


def test_finvoice_without_a_buyer_street_leaves_the_address_out(schema):
    doc = etree.fromstring(render_finvoice(make_invoice("fi", "0")))
    schema.assertValid(doc)
    assert doc.find("BuyerPartyDetails/BuyerPostalAddressDetails") is None
    assert _text(doc, "BuyerPartyDetails/BuyerOrganisationName") == "Helsinki"


def test_percentages_as_documents_print_them():
    assert percent(Decimal("24.00")) == "24"
    assert percent(Decimal("25.50")) == "25,5"
    assert percent(Decimal("0.00")) == "0"
    assert percent(Decimal("100")) == "100"


def test_finvoice_with_the_current_general_vat_rate_validates(schema):
    doc = etree.fromstring(render_finvoice(make_invoice("fi", "25.5")))
    schema.assertValid(doc)
    assert _text(doc, "InvoiceDetails/VatSpecificationDetails/VatRatePercent") == "25,5"
    assert doc.find("InvoiceRow").findtext("RowVatAmount") == "122097,21"  # 25.5 % of 478 812.60


def test_finvoice_beneficiary_name_is_cut_between_words():
    doc = etree.fromstring(render_finvoice(make_invoice()))
    name = doc.findtext(
        "EpiDetails/EpiPartyDetails/EpiBeneficiaryPartyDetails/EpiNameAddressDetails"
    )
    assert name == "Helsingin yliopisto"  # of "Helsingin yliopisto / Kansalliskirjasto"


def test_the_schema_check_bites():
    doc = etree.fromstring(render_finvoice(make_invoice()))
    details = doc.find("InvoiceDetails")
    details.remove(details.find("InvoiceNumber"))
    with pytest.raises(etree.DocumentInvalid):
        validate_finvoice(etree.tostring(doc))


# --- both documents ---------------------------------------------------------------------


@pytest.mark.parametrize("credit_note", [False, True])
def test_rendering_only_reads(credit_note):
    """The PDF and the Finvoice message are rendered from the snapshot: the yearly run and the
    downloads may render an invoice again at any time, so rendering writes nothing."""
    invoice = make_invoice("fi", "24", street=True)
    if credit_note:
        invoice = make_credit_note(invoice, Decimal("1000.00"), "Väkiluku korjattu")
    document = Invoice.objects.get(pk=invoice.pk)  # nothing cached from the creation
    with CaptureQueriesContext(connection) as queries:
        render_invoice_pdf(document)
        render_finvoice(document)
    statements = [query["sql"] for query in queries.captured_queries]
    assert statements  # it does read the lines (and the credited invoice)
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in statements), statements
