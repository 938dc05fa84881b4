"""The documents of an invoice: payment references, the bank barcode line, the PDF/A and the
Finvoice 3.0 message.

Everything here is a function of the frozen Invoice snapshot (its seller and buyer dicts, its
lines and totals) and of nothing else, so rendering an invoice again gives the same words and
figures. Nothing here writes to the database.

References:
* Finnish national reference ("viitenumero"): Finance Finland, "Kotimaisen viitteen
  rakenneohje"; check digit with the weights 7, 3, 1 from the right.
* RF creditor reference: ISO 11649 (check digits by ISO 7064 mod 97-10, as in IBAN).
* Bank barcode ("pankkiviivakoodi", its 54-digit text form "virtuaaliviivakoodi"): Finance
  Finland, "Pankkiviivakoodi-opas" / "Bank bar code guide", version 5.3.
* Finvoice 3.0: Finance Finland; the schema is data/reference/finvoice/Finvoice3.0.xsd.
"""

import datetime
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from lxml import etree
from stdnum import iban as stdnum_iban
from stdnum import iso11649

from billing.documents.references import (  # noqa: F401  (re-exported until the callers import it)
    finnish_reference,
    format_iban,
    format_reference,
    format_rf_reference,
    is_valid_finnish_reference,
    remove_spaces,
    rf_reference,
)
from contracts.rendering import PDF_VARIANT
from onboarding.formatting import date as format_date
from onboarding.formatting import euros, integer

CENT = Decimal("0.01")
FINVOICE_XSD = settings.REFERENCE_DATA_DIR / "finvoice" / "Finvoice3.0.xsd"

# --- Bank barcode ---------------------------------------------------------------------------

MAX_BARCODE_AMOUNT = Decimal("999999.99")


def bank_barcode(iban: str, amount: Decimal, reference: str, due_date) -> str:
    """The Finnish bank barcode as its 54 digits ("virtuaaliviivakoodi").

    Finance Finland's bank barcode guide (Pankkiviivakoodi-opas 5.3). Symbol version 4 is for
    a national reference:

    ====== ====== ===================================================================
    digits length content
    ====== ====== ===================================================================
    1      1      version "4"
    2–17   16     the IBAN's digits after "FI" (check digits + 14-digit account)
    18–23  6      euros, zero-padded
    24–25  2      cents
    26–28  3      reserve "000"
    29–48  20     the national reference with its check digit, zero-padded on the left
    49–54  6      due date YYMMDD ("000000" when there is none)
    ====== ====== ===================================================================

    Version 5 is for an RF reference (given here when `reference` starts with "RF"): "5",
    IBAN 16, euros 6, cents 2, the two RF check digits, the reference part zero-padded to 21
    digits, due date 6.

    An amount above 999 999,99 € does not fit, and a negative one (a credit note) is not to be
    paid: the amount field is then all zeros, as the guide says, and the payer types it.
    Printed as a Code 128 (code set C) symbol, see `code128_svg`.
    """
    account = remove_spaces(iban).upper()
    if not re.fullmatch(r"FI[0-9]{16}", account) or not stdnum_iban.is_valid(account):
        raise ValueError(f"The bank barcode needs a valid Finnish IBAN, not {iban!r}.")
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    if value < 0 or value > MAX_BARCODE_AMOUNT:
        money = "0" * 8
    else:
        whole, cents = divmod(int(value * 100), 100)
        money = f"{whole:06d}{cents:02d}"
    due = due_date.strftime("%y%m%d") if due_date else "000000"
    ref = remove_spaces(reference).upper()
    if ref.startswith("RF"):
        body = ref[4:].lstrip("0")
        if not (iso11649.is_valid(ref) and re.fullmatch(r"[0-9]{1,21}", body)):
            raise ValueError(f"{reference!r} is not a numeric RF reference of the barcode.")
        code = f"5{account[2:]}{money}{ref[2:4]}{body.zfill(21)}{due}"
    else:
        ref = ref.lstrip("0")
        if not is_valid_finnish_reference(ref):
            raise ValueError(f"{reference!r} is not a valid Finnish reference.")
        code = f"4{account[2:]}{money}000{ref.zfill(20)}{due}"
    assert len(code) == 54 and code.isdigit(), code
    return code


# --- Code 128, code set C, as SVG (no dependency) -------------------------------------------

# Bar and space widths in modules of the 107 Code 128 symbols (ISO/IEC 15417), by value;
# 103–105 are Start A/B/C, 106 is Stop (with its final bar).
CODE128_WIDTHS = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 "
    "221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 "
    "221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 "
    "212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 "
    "231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 "
    "231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 "
    "314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 "
    "112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 "
    "111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 "
    "214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 "
    "114131 311141 411131 211412 211214 211232 2331112"
).split()
CODE128_START_C = 105
CODE128_STOP = 106


def code128c_values(digits: str) -> list[int]:
    """Start C, the digit pairs, the mod 103 check symbol and Stop."""
    if not re.fullmatch(r"(?:[0-9]{2})+", digits):
        raise ValueError("Code set C encodes an even number of digits.")
    pairs = [int(digits[i : i + 2]) for i in range(0, len(digits), 2)]
    check = (CODE128_START_C + sum(i * v for i, v in enumerate(pairs, start=1))) % 103
    return [CODE128_START_C, *pairs, check, CODE128_STOP]


def code128_svg(
    digits: str, *, module_mm: float = 0.3, height_mm: float = 13.0, quiet_mm: float = 6.4
) -> str:
    """A Code 128 (set C) symbol of `digits` as inline SVG, bars as rectangles in a viewBox
    whose unit is one module.

    The dimensions (module 0.3 mm, height 13 mm, quiet zones 6.4 mm) are the usual print
    rules for the Finnish bank barcode; they are parameters, not a verified specification."""
    widths = [int(w) for w in "".join(CODE128_WIDTHS[v] for v in code128c_values(digits))]
    quiet = math.ceil(quiet_mm / module_mm)
    total = sum(widths) + 2 * quiet
    height = height_mm / module_mm
    x, rects = quiet, []
    for i, width in enumerate(widths):
        if i % 2 == 0:  # bars at even positions, spaces at odd ones
            rects.append(f'<rect x="{x}" y="0" width="{width}" height="{height:.2f}"/>')
        x += width
    # Only numbers computed here go into the markup.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="barcode" width="{total * module_mm:.2f}mm"'
        f' height="{height_mm:.2f}mm" viewBox="0 0 {total} {height:.2f}"'
        f' shape-rendering="crispEdges"><rect x="0" y="0" width="{total}" height="{height:.2f}"'
        f' fill="#fff"/><g fill="#000">{"".join(rects)}</g></svg>'
    )


# --- numbers as documents print them --------------------------------------------------------


def percent(value: Decimal) -> str:
    """24.00 -> '24', 25.50 -> '25,5', 0 -> '0' (the Finvoice percentage form, too)."""
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def _places(value: Decimal, minimum: int = 2, maximum: int = 4) -> int:
    exponent = Decimal(value).normalize().as_tuple().exponent
    return min(max(minimum, -exponent if isinstance(exponent, int) else 0), maximum)


def rate_text(value: Decimal) -> str:
    """0.7000 -> '0,70 €', 0.7125 -> '0,7125 €'."""
    return euros(value, _places(value))


def payment_term_days(invoice) -> int:
    """The payment term in days. The invoice stores its dates, not the term: the configured
    term is shown when the due date is that term moved over a weekend or holidays (at most a
    week), otherwise the days between the dates."""
    days = (invoice.due_date - invoice.issue_date).days
    term = settings.PAYMENT_TERM_DAYS
    return term if term <= days <= term + 7 else days


# --- the PDF ---------------------------------------------------------------------------------


def _line_context(line) -> dict:
    return {
        "position": line.position,
        "municipality": f"{line.municipality_name} ({line.municipality_code})",
        "description": line.description,
        "population": integer(line.population) if line.population is not None else "",
        "population_date": format_date(line.population_date),
        "rate": rate_text(line.rate) if line.rate is not None else "",
        "months": line.months if line.months is not None else "",
        "net": euros(line.net_amount),
        "vat": euros(line.vat_amount),
    }


def _is_credit_note(invoice) -> bool:
    return invoice.kind == invoice.Kind.CREDIT_NOTE


def invoice_context(invoice) -> dict:
    """What the invoice page shows, every number already in its printed form."""
    seller, buyer = invoice.seller, invoice.buyer
    credit_note = _is_credit_note(invoice)
    payable = not credit_note and invoice.gross_total > 0
    programme = getattr(invoice.programme, f"name_{invoice.language}", "") or (
        invoice.programme.name_fi
    )
    original = invoice.credit_of
    barcode = (
        bank_barcode(seller["iban"], invoice.gross_total, invoice.reference, invoice.due_date)
        if payable
        else ""
    )
    return {
        "invoice": invoice,
        "language": invoice.language,
        "credit_note": credit_note,
        "payable": payable,
        "seller": seller,
        "seller_vat_number": _vat_number(seller) if invoice.vat_rate > 0 else "",
        "buyer": buyer,
        "programme": programme,
        "issue_date": format_date(invoice.issue_date),
        "due_date": format_date(invoice.due_date),
        "payment_term": payment_term_days(invoice),
        "reference": format_reference(invoice.reference),
        "rf_reference": format_rf_reference(invoice.rf_reference),
        "iban": format_iban(seller["iban"]),
        "original_number": original.number if original else "",
        "original_date": format_date(original.issue_date) if original else "",
        "lines": [_line_context(line) for line in invoice.lines.all()],
        "vat_rate": percent(invoice.vat_rate),
        "net_total": euros(invoice.net_total),
        "vat_total": euros(invoice.vat_total),
        "gross_total": euros(invoice.gross_total),
        "barcode": barcode,
        "barcode_svg": code128_svg(barcode) if barcode else "",
    }


def render_invoice_html(invoice) -> str:
    with translation.override(invoice.language):
        return render_to_string("billing/invoice.html", invoice_context(invoice))


def render_invoice_pdf(invoice) -> bytes:
    """The invoice or credit note as PDF/A-3b, in the invoice's language."""
    from weasyprint import HTML

    return HTML(string=render_invoice_html(invoice)).write_pdf(pdf_variant=PDF_VARIANT)


# --- Finvoice 3.0 ----------------------------------------------------------------------------

# Finvoice's own type texts (the code list's wording), by language and kind.
_TYPE_TEXTS = {
    "fi": {"invoice": "LASKU", "credit_note": "HYVITYSLASKU"},
    "sv": {"invoice": "FAKTURA", "credit_note": "KREDITNOTA"},
    "en": {"invoice": "INVOICE", "credit_note": "CREDIT NOTE"},
}


@cache
def finvoice_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FINVOICE_XSD)))


def validate_finvoice(data: bytes) -> None:
    """Raise etree.DocumentInvalid with the schema's message if `data` is not valid."""
    finvoice_schema().assertValid(etree.fromstring(data))


def _vat_number(seller: dict) -> str:
    """The Finnish VAT number is FI and the business ID's digits (0313471-7 -> FI03134717)."""
    digits = re.sub(r"[^0-9]", "", seller.get("business_id") or "")
    return f"FI{digits}" if len(digits) == 8 else ""


def _amount(value: Decimal) -> str:
    """Finvoice amounts: decimal comma, two decimals, no grouping ('478812,60')."""
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):f}".replace(".", ",")


def _unit_amount(value: Decimal) -> str:
    places = _places(value, maximum=5)
    return f"{Decimal(value):.{places}f}".replace(".", ",")


def _day(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def _chunks(text: str, size: int) -> list[str]:
    text = " ".join((text or "").split())
    return [text[i : i + size].strip() for i in range(0, len(text), size)]


def _cut(text: str, size: int) -> str:
    return " ".join((text or "").split())[:size].strip()


def _cut_words(text: str, size: int) -> str:
    """At most `size` characters, cut between words ("Helsingin yliopisto / Kansalliskirjasto"
    -> "Helsingin yliopisto" at 35), for fields too short for a whole name."""
    text = " ".join((text or "").split())
    if len(text) <= size:
        return text
    cut = text[: size + 1].rsplit(" ", 1)[0] if " " in text[: size + 1] else text[:size]
    return cut.rstrip(" /,-–")


def _e(parent, tag: str, text=None, **attributes):
    element = etree.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def _address_id(value: str) -> dict:
    """OVT identifiers (0037 + business ID digits + optional suffix) carry SchemeID 0037."""
    return {"SchemeID": "0037"} if re.fullmatch(r"0037[0-9]{8,13}", value) else {}


def _usable(value: str | None, low: int, high: int, *, compact: bool = True) -> str:
    """An address (spaces typed in it removed) or an intermediator ID (one token: a name
    with spaces, such as "Example Operator Oy", is no ID) of an allowed length, or ''."""
    value = remove_spaces(value or "") if compact else (value or "").strip()
    ok = low <= len(value) <= high and not re.search(r"\s", value)
    return value if ok else ""


def _transmission(root, invoice) -> None:
    """Routing: only when both parties' e-invoice addresses and operators are known."""
    seller, buyer = invoice.seller, invoice.buyer
    sender = _usable(seller.get("einvoice_address"), 2, 35)
    sender_operator = _usable(seller.get("einvoice_operator"), 2, 35, compact=False)
    receiver = _usable(buyer.get("einvoice_address"), 2, 35)
    receiver_operator = _usable(buyer.get("einvoice_operator"), 2, 35, compact=False)
    if not (sender and sender_operator and receiver and receiver_operator):
        return
    details = _e(root, "MessageTransmissionDetails")
    sender_details = _e(details, "MessageSenderDetails")
    _e(sender_details, "FromIdentifier", sender, **_address_id(sender))
    _e(sender_details, "FromIntermediator", sender_operator)
    receiver_details = _e(details, "MessageReceiverDetails")
    _e(receiver_details, "ToIdentifier", receiver, **_address_id(receiver))
    _e(receiver_details, "ToIntermediator", receiver_operator)
    message = _e(details, "MessageDetails")
    _e(message, "MessageIdentifier", invoice.number)
    stamp = timezone.localtime(invoice.created_at) if invoice.created_at else timezone.now()
    _e(message, "MessageTimeStamp", stamp.replace(microsecond=0).isoformat())


def _seller(root, invoice) -> None:
    seller = invoice.seller
    party = _e(root, "SellerPartyDetails")
    if seller.get("business_id"):
        _e(party, "SellerPartyIdentifier", seller["business_id"])
    for name in _chunks(seller["name"], 70):
        _e(party, "SellerOrganisationName", name)
    if invoice.vat_rate > 0 and _vat_number(seller):
        _e(party, "SellerOrganisationTaxCode", _vat_number(seller))
    if seller.get("street") and seller.get("city") and seller.get("postal_code"):
        address = _e(party, "SellerPostalAddressDetails")
        _e(address, "SellerStreetName", _cut(seller["street"], 35))
        _e(address, "SellerTownName", _cut(seller["city"], 35))
        _e(address, "SellerPostCodeIdentifier", _cut(seller["postal_code"], 35))
        _e(address, "CountryCode", "FI")
    if seller.get("email"):
        communication = _e(root, "SellerCommunicationDetails")
        _e(communication, "SellerEmailaddressIdentifier", _cut(seller["email"], 70))
    information = _e(root, "SellerInformationDetails")
    account = _e(information, "SellerAccountDetails")
    _e(
        account,
        "SellerAccountID",
        remove_spaces(seller["iban"]).upper(),
        IdentificationSchemeName="IBAN",
    )
    _e(account, "SellerBic", remove_spaces(seller["bic"]).upper(), IdentificationSchemeName="BIC")


def _buyer(root, invoice) -> None:
    buyer = invoice.buyer
    _e(root, "InvoiceRecipientLanguageCode", invoice.language)
    party = _e(root, "BuyerPartyDetails")
    if buyer.get("business_id"):
        _e(party, "BuyerPartyIdentifier", buyer["business_id"])
    for name in _chunks(buyer["name"], 70):
        _e(party, "BuyerOrganisationName", name)
    # The schema's postal address needs a street, a town and a postal code: without a known
    # street the address is left out rather than filled with placeholders.
    if buyer.get("street") and buyer.get("postal_code"):
        address = _e(party, "BuyerPostalAddressDetails")
        _e(address, "BuyerStreetName", _cut(buyer["street"], 35))
        _e(address, "BuyerTownName", _cut(buyer.get("city") or buyer["name"], 35))
        _e(address, "BuyerPostCodeIdentifier", _cut(buyer["postal_code"], 35))
        _e(address, "CountryCode", "FI")


def _details(root, invoice) -> None:
    credit_note = _is_credit_note(invoice)
    kind = "credit_note" if credit_note else "invoice"
    details = _e(root, "InvoiceDetails")
    _e(details, "InvoiceTypeCode", "INV02" if credit_note else "INV01")
    _e(details, "InvoiceTypeCodeUN", "381" if credit_note else "380")
    _e(details, "InvoiceTypeText", _TYPE_TEXTS.get(invoice.language, _TYPE_TEXTS["en"])[kind])
    _e(details, "OriginCode", "Original")
    if not 1 <= len(invoice.number) <= 20:
        raise ValueError(f"A Finvoice invoice number has 1 to 20 characters: {invoice.number}")
    _e(details, "InvoiceNumber", invoice.number)
    _e(details, "InvoiceDate", _day(invoice.issue_date), Format="CCYYMMDD")
    if invoice.credit_of_id:
        original = invoice.credit_of
        _e(details, "OriginalInvoiceNumber", original.number)
        _e(details, "OriginalInvoiceDate", _day(original.issue_date), Format="CCYYMMDD")
    year = invoice.fee_year
    _e(details, "InvoicingPeriodStartDate", f"{year}0101", Format="CCYYMMDD")
    _e(details, "InvoicingPeriodEndDate", f"{year}1231", Format="CCYYMMDD")
    if invoice.buyer.get("code"):
        _e(details, "SellersBuyerIdentifier", invoice.buyer["code"])
    _e(
        details,
        "InvoiceTotalVatExcludedAmount",
        _amount(invoice.net_total),
        AmountCurrencyIdentifier="EUR",
    )
    _e(details, "InvoiceTotalVatAmount", _amount(invoice.vat_total), AmountCurrencyIdentifier="EUR")
    _e(
        details,
        "InvoiceTotalVatIncludedAmount",
        _amount(invoice.gross_total),
        AmountCurrencyIdentifier="EUR",
    )
    vat = _e(details, "VatSpecificationDetails")
    _e(vat, "VatBaseAmount", _amount(invoice.net_total), AmountCurrencyIdentifier="EUR")
    _e(vat, "VatRatePercent", percent(invoice.vat_rate))
    if invoice.vat_rate > 0:
        _e(vat, "VatCode", "S")  # standard rate; the basis of a 0 % rate is not recorded
    _e(vat, "VatRateAmount", _amount(invoice.vat_total), AmountCurrencyIdentifier="EUR")
    if credit_note and invoice.reason:
        for text in _chunks(invoice.reason, 512):
            _e(details, "InvoiceFreeText", text)
    terms = _e(details, "PaymentTermsDetails")
    if not credit_note:
        text = _("%(days)s days net") % {"days": payment_term_days(invoice)}
        _e(terms, "PaymentTermsFreeText", _cut(text, 70))
    _e(terms, "InvoiceDueDate", _day(invoice.due_date), Format="CCYYMMDD")


def _row(root, invoice, line) -> None:
    row = _e(root, "InvoiceRow")
    _e(row, "ArticleIdentifier", line.municipality_code)
    _e(row, "ArticleName", _cut(line.description, 100))
    if len(" ".join(line.description.split())) > 100:
        _e(row, "ArticleDescription", _cut(line.description, 512))
    if line.population is not None:
        _e(row, "DeliveredQuantity", line.population, QuantityUnitCode=_cut(_("residents"), 14))
    if line.months and 1 <= line.months <= 12:
        # Billable months run from the first billable month to the end of the fee year.
        _e(row, "StartDate", f"{invoice.fee_year}{13 - line.months:02d}01", Format="CCYYMMDD")
        _e(row, "EndDate", f"{invoice.fee_year}1231", Format="CCYYMMDD")
    if line.rate is not None:
        _e(row, "UnitPriceAmount", _unit_amount(line.rate), AmountCurrencyIdentifier="EUR")
    _e(row, "RowPositionIdentifier", line.position)
    if line.population is not None and line.months is not None:
        text = _("Population %(population)s on %(date)s, %(months)s/12 months") % {
            "population": line.population,
            "date": format_date(line.population_date),
            "months": line.months,
        }
        _e(row, "RowFreeText", _cut(text, 512))
    _e(row, "RowVatRatePercent", percent(invoice.vat_rate))
    if invoice.vat_rate > 0:
        _e(row, "RowVatCode", "S")
    _e(row, "RowVatAmount", _amount(line.vat_amount), AmountCurrencyIdentifier="EUR")
    _e(row, "RowVatExcludedAmount", _amount(line.net_amount), AmountCurrencyIdentifier="EUR")
    _e(row, "RowAmount", _amount(line.net_amount + line.vat_amount), AmountCurrencyIdentifier="EUR")


def _epi(root, invoice) -> None:
    seller = invoice.seller
    epi = _e(root, "EpiDetails")
    identification = _e(epi, "EpiIdentificationDetails")
    _e(identification, "EpiDate", _day(invoice.issue_date), Format="CCYYMMDD")
    _e(
        identification,
        "EpiReference",
        invoice.number if re.fullmatch(r"[\w.:-]{0,35}", invoice.number) else "",
    )
    party = _e(epi, "EpiPartyDetails")
    bank = _e(party, "EpiBfiPartyDetails")
    _e(
        bank,
        "EpiBfiIdentifier",
        remove_spaces(seller["bic"]).upper(),
        IdentificationSchemeName="BIC",
    )
    beneficiary = _e(party, "EpiBeneficiaryPartyDetails")
    _e(beneficiary, "EpiNameAddressDetails", _cut_words(seller["name"], 35))
    _e(
        beneficiary,
        "EpiAccountID",
        remove_spaces(seller["iban"]).upper(),
        IdentificationSchemeName="IBAN",
    )
    instruction = _e(epi, "EpiPaymentInstructionDetails")
    _e(
        instruction,
        "EpiRemittanceInfoIdentifier",
        remove_spaces(invoice.reference),
        IdentificationSchemeName="SPY",
    )
    _e(
        instruction,
        "EpiInstructedAmount",
        _amount(invoice.gross_total),
        AmountCurrencyIdentifier="EUR",
    )
    _e(instruction, "EpiCharge", "SHA", ChargeOption="SHA")
    _e(instruction, "EpiDateOptionDate", _day(invoice.due_date), Format="CCYYMMDD")


def render_finvoice(invoice) -> bytes:
    """The invoice as a Finvoice 3.0 message (UTF-8), checked against the official schema
    before it is returned: an invoice that cannot be expressed validly raises instead."""
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element("Finvoice", {"Version": "3.0"}, nsmap={"xsi": xsi})
    root.set(f"{{{xsi}}}noNamespaceSchemaLocation", "Finvoice3.0.xsd")
    with translation.override(invoice.language):
        _transmission(root, invoice)
        _seller(root, invoice)
        _buyer(root, invoice)
        _details(root, invoice)
        payable = not _is_credit_note(invoice) and invoice.gross_total > 0
        if payable:
            _e(
                root,
                "VirtualBankBarcode",
                bank_barcode(
                    invoice.seller["iban"], invoice.gross_total, invoice.reference, invoice.due_date
                ),
            )
        for line in invoice.lines.all():
            _row(root, invoice, line)
        _epi(root, invoice)
    finvoice_schema().assertValid(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
