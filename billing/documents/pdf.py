"""The invoice or credit note as PDF/A: the context of templates/billing/invoice.html with
every number already in its printed form, the page in the invoice's language, and the PDF/A-3b
that WeasyPrint makes of it.

Everything here is a function of the frozen Invoice snapshot (its seller and buyer dicts, its
lines and totals) and of nothing else, so rendering an invoice again gives the same words and
figures. Nothing here writes to the database.
"""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from billing.documents.barcode import bank_barcode, code128_svg
from billing.documents.common import (
    decimal_places,
    is_credit_note,
    payment_term_days,
    percent,
    vat_number,
)
from billing.documents.references import format_iban, format_reference, format_rf_reference
from onboarding.formatting import date as format_date
from onboarding.formatting import euros, integer
from onboarding.pdf import html_to_pdf_a


def rate_text(value: Decimal) -> str:
    """0.7000 -> '0,70 €', 0.7125 -> '0,7125 €'."""
    return euros(value, decimal_places(value))


def _line_context(line) -> dict:
    return {
        "position": line.position,
        "municipality": f"{line.municipality_name} ({line.municipality_code})",
        "description": line.description,
        "population": integer(line.population) if line.population is not None else "",
        "population_date": format_date(line.population_date),
        "rate": rate_text(line.rate) if line.rate is not None else "",
        "months": line.months if line.months is not None else "",
        "period": line.period_text,
        "net": euros(line.net_amount),
        "vat": euros(line.vat_amount),
    }


def invoice_context(invoice) -> dict:
    """What the invoice page shows, every number already in its printed form."""
    seller, buyer = invoice.seller, invoice.buyer
    credit_note = is_credit_note(invoice)
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
        "seller_vat_number": vat_number(seller) if invoice.vat_rate > 0 else "",
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
    return html_to_pdf_a(render_invoice_html(invoice))
