"""The invoice or credit note as a Finvoice 3.0 message (Finance Finland), checked against
the official schema (data/reference/finvoice/Finvoice3.0.xsd) before it is returned.

Everything here is a function of the frozen Invoice snapshot (its seller and buyer dicts, its
lines and totals) and of nothing else, so rendering an invoice again gives the same message
(its time stamp is the invoice's creation time; only an unsaved invoice is stamped now).
Nothing here writes to the database.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from billing.documents.barcode import bank_barcode
from billing.documents.common import (
    decimal_places,
    is_credit_note,
    payment_term_days,
    percent,
    vat_number,
)
from billing.documents.references import remove_spaces
from billing.fees import resident_years
from onboarding.formatting import date as format_date

CENT = Decimal("0.01")
FINVOICE_XSD = settings.REFERENCE_DATA_DIR / "finvoice" / "Finvoice3.0.xsd"


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


def _amount(value: Decimal) -> str:
    """Finvoice amounts: decimal comma, two decimals, no grouping ('478812,60')."""
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):f}".replace(".", ",")


def _unit_amount(value: Decimal) -> str:
    places = decimal_places(value, maximum=5)
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
    if invoice.vat_rate > 0 and vat_number(seller):
        _e(party, "SellerOrganisationTaxCode", vat_number(seller))
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
    if vat_number(buyer):
        _e(party, "BuyerOrganisationTaxCode", vat_number(buyer))
    if buyer.get("code"):
        _e(party, "BuyerCode", buyer["code"])
    # The schema's postal address needs a street, a town and a postal code: without a known
    # street the address is left out rather than filled with placeholders.
    if buyer.get("street") and buyer.get("postal_code"):
        address = _e(party, "BuyerPostalAddressDetails")
        _e(address, "BuyerStreetName", _cut(buyer["street"], 35))
        _e(address, "BuyerTownName", _cut(buyer.get("city") or buyer["name"], 35))
        _e(address, "BuyerPostCodeIdentifier", _cut(buyer["postal_code"], 35))
        _e(address, "CountryCode", "FI")
    address = _usable(buyer.get("einvoice_address"), 2, 35)
    if address:
        _e(root, "BuyerOrganisationUnitNumber", address)
    if buyer.get("contact_name") and len(buyer["contact_name"]) <= 70:
        _e(root, "BuyerContactPersonName", buyer["contact_name"])
    email, phone = buyer.get("contact_email") or "", buyer.get("contact_phone") or ""
    if (email and len(email) <= 70) or (phone and len(phone) <= 35):
        communication = _e(root, "BuyerCommunicationDetails")
        if phone and len(phone) <= 35:
            _e(communication, "BuyerPhoneNumberIdentifier", phone)
        if email and len(email) <= 70:
            _e(communication, "BuyerEmailaddressIdentifier", email)


def _details(root, invoice) -> None:
    credit_note = is_credit_note(invoice)
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


def _quantity(value: Decimal) -> str:
    """A quantity with a decimal comma and no needless zeros: '2313,5', '684018'."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return text.rstrip("0").rstrip(".").replace(".", ",") if "." in text else text


def _row(root, invoice, line) -> None:
    """One row whose arithmetic holds: quantity x unit price = the row's amount before VAT. A
    fee row counts resident-years (residents x billed months / 12) at the rate per resident
    and year; a credit row is one piece at its (negative) amount."""
    row = _e(root, "InvoiceRow")
    _e(row, "ArticleIdentifier", line.municipality_code)
    _e(row, "ArticleName", _cut(line.description, 100))
    if len(" ".join(line.description.split())) > 100:
        _e(row, "ArticleDescription", _cut(line.description, 512))
    fee_row = line.population is not None and line.months is not None and line.rate is not None
    if fee_row:
        quantity = resident_years(line.population, line.months, line.rate, line.net_amount)
        unit = _("resident-years")
    else:
        quantity, unit = Decimal(1), _("pcs")
    _e(row, "DeliveredQuantity", _quantity(quantity), QuantityUnitCode=_cut(unit, 14))
    if line.period_start and line.period_end:
        _e(row, "StartDate", line.period_start.strftime("%Y%m%d"), Format="CCYYMMDD")
        _e(row, "EndDate", line.period_end.strftime("%Y%m%d"), Format="CCYYMMDD")
    price = line.rate if fee_row else line.net_amount
    _e(row, "UnitPriceAmount", _unit_amount(price), AmountCurrencyIdentifier="EUR")
    _e(row, "RowPositionIdentifier", line.position)
    if fee_row:
        text = _(
            "%(population)s residents (%(date)s) x %(months)s/12 months = %(quantity)s "
            "resident-years x %(rate)s EUR"
        ) % {
            "population": line.population,
            "date": format_date(line.population_date),
            "months": line.months,
            "quantity": _quantity(quantity),
            "rate": _unit_amount(line.rate),
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
        payable = not is_credit_note(invoice) and invoice.gross_total > 0
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
