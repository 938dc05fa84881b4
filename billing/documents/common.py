"""What the invoice PDF and the Finvoice message both read from an invoice and print the same
way: credit note or not, the payment term, the seller's VAT number, percentages and the
number of decimals a unit price needs. Kept here so that neither document imports the other."""

import re
from decimal import Decimal

from django.conf import settings


def is_credit_note(invoice) -> bool:
    return invoice.kind == invoice.Kind.CREDIT_NOTE


def payment_term_days(invoice) -> int:
    """The payment term in days. The invoice stores its dates, not the term: the configured
    term is shown when the due date is that term moved over a weekend or holidays (at most a
    week), otherwise the days between the dates."""
    days = (invoice.due_date - invoice.issue_date).days
    term = settings.PAYMENT_TERM_DAYS
    return term if term <= days <= term + 7 else days


def vat_number(seller: dict) -> str:
    """The Finnish VAT number is FI and the business ID's digits (0313471-7 -> FI03134717)."""
    digits = re.sub(r"[^0-9]", "", seller.get("business_id") or "")
    return f"FI{digits}" if len(digits) == 8 else ""


def percent(value: Decimal) -> str:
    """24.00 -> '24', 25.50 -> '25,5', 0 -> '0' (the Finvoice percentage form, too)."""
    return format(Decimal(value).normalize(), "f").replace(".", ",")


def decimal_places(value: Decimal, minimum: int = 2, maximum: int = 4) -> int:
    """The decimals `value` needs, between `minimum` and `maximum`: 0.7000 -> 2, 0.715 -> 3,
    0.7125 -> 4."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    return min(max(minimum, -exponent if isinstance(exponent, int) else 0), maximum)
