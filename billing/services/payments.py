"""Payment import: a bank CSV of (reference, amount, date). Every row is checked first and
every mismatch reported; only a clean file marks invoices paid, all at once."""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from billing.models import Invoice, InvoiceStatus, Payment
from onboarding.permissions import require_finance
from onboarding.services.audit import log_transition

MAX_BYTES = 5 * 1024 * 1024


class PaymentImportError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def open_amount(invoice: Invoice) -> Decimal:
    credited = sum((c.gross_total for c in invoice.credit_notes.all()), Decimal("0"))
    paid = sum((p.amount for p in invoice.payments.all()), Decimal("0"))
    return invoice.gross_total + credited - paid


def _amount(text: str) -> Decimal:
    value = Decimal(text.strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    if not value.is_finite():
        raise InvalidOperation
    return value


def payments_import(*, data: bytes, by, source: str) -> list[Payment]:
    require_finance(by)
    if len(data) > MAX_BYTES:
        raise PaymentImportError([_("The file is larger than 5 MB.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PaymentImportError(
            [_("Line %(line)d: the file is not UTF-8 encoded.") % {"line": line}]
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = {h.strip().lower(): h for h in (reader.fieldnames or [])}
    missing = [c for c in ("reference", "amount", "date") if c not in header]
    if missing:
        raise PaymentImportError(
            [_("Line 1: the header lacks %(columns)s.") % {"columns": ", ".join(missing)}]
        )
    rows, errors, seen = [], [], {}
    for line, row in enumerate(reader, start=2):
        reference = "".join((row.get(header["reference"]) or "").split()).upper()
        if not reference and not (row.get(header["amount"]) or "").strip():
            continue
        invoice = (
            Invoice.objects.filter(
                Q(reference=reference.lstrip("0")) | Q(rf_reference=reference),
                kind=Invoice.Kind.INVOICE,
            )
            .prefetch_related("credit_notes", "payments")
            .first()
        )
        if invoice is None:
            errors.append(
                _("Line %(line)d: no invoice has the reference %(ref)s.")
                % {"line": line, "ref": reference}
            )
            continue
        if invoice.pk in seen:
            errors.append(
                _("Line %(line)d: invoice %(number)s is paid again (line %(first)d).")
                % {"line": line, "number": invoice.number, "first": seen[invoice.pk]}
            )
            continue
        seen[invoice.pk] = line
        try:
            amount = _amount(row.get(header["amount"]) or "")
        except (InvalidOperation, ValueError):
            errors.append(
                _("Line %(line)d: '%(value)s' is not an amount.")
                % {"line": line, "value": row.get(header["amount"])}
            )
            continue
        try:
            day = datetime.date.fromisoformat((row.get(header["date"]) or "").strip())
        except ValueError:
            errors.append(_("Line %(line)d: give the date as YYYY-MM-DD.") % {"line": line})
            continue
        expected = open_amount(invoice)
        if invoice.status in (InvoiceStatus.PAID, InvoiceStatus.CREDITED):
            errors.append(
                _("Line %(line)d: invoice %(number)s is already %(status)s.")
                % {
                    "line": line,
                    "number": invoice.number,
                    "status": invoice.get_status_display().lower(),
                }
            )
            continue
        if amount != expected:
            errors.append(
                _("Line %(line)d: %(amount)s € paid for %(number)s, but %(expected)s € is open.")
                % {"line": line, "amount": amount, "number": invoice.number, "expected": expected}
            )
            continue
        rows.append((invoice, reference, amount, day))
    if not errors and not rows:
        errors.append(_("The file has no payments."))
    if errors:
        raise PaymentImportError(errors)
    created = []
    with transaction.atomic():
        for invoice, reference, amount, day in rows:
            locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
            created.append(
                Payment.objects.create(
                    invoice=locked,
                    reference=reference,
                    amount=amount,
                    paid_on=day,
                    source=source,
                    imported_by=by,
                )
            )
            before = locked.status
            locked.mark_paid(day)
            locked.save(update_fields=["status", "paid_on"])
            log_transition(record=locked, transition="pay", from_state=before, by=by, reason=source)
    return created
