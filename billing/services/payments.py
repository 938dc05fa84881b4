"""Payment import: a bank CSV of (reference, amount, date). Every row is checked first and
every mismatch reported; only a clean file marks invoices paid, all at once.

The number of queries does not grow with the file: the invoices the file names are read in
one query (with what is credited and paid on each), the payments and the transition log are
written with one statement each (onboarding.bulk.insert_many) and the invoices with one UPDATE
(20,000 rows: benchmarks/payment_import.py). The same file imported again, or by two people at
the same moment, is refused as "already imported" (Conflict, the API's 409): the invoices are
locked in one order and checked again inside the transaction."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from billing.models import PAYABLE, Invoice, InvoiceStatus, Payment
from onboarding import formatting
from onboarding.bulk import insert_many
from onboarding.csv_files import CsvRefused, csv_rows
from onboarding.errors import Conflict
from onboarding.permissions import require_finance
from onboarding.services.audit import log_transitions

# A payment date more than this far from today (before or after) is imported only when the
# user confirms that the dates are checked (`dates_checked`): a typing error otherwise.
DATE_WINDOW_YEARS = 1
# Beyond this no confirmation helps: not a payment of these invoices (0001-01-01, 9999-12-31).
DATE_LIMIT_YEARS = 5


class PaymentImportError(CsvRefused):
    """The file was refused; `errors` lists every problem, with line numbers."""


@dataclass(frozen=True)
class Payable:
    """What the checks need of an invoice the file names (read in bulk, not a model)."""

    pk: int
    number: str
    status: str
    open: Decimal  # the total less credit notes and payments

    @property
    def status_label(self) -> str:
        return str(InvoiceStatus(self.status).label).lower()


def _sum_of(queryset, field: str, by: str) -> Coalesce:
    total = queryset.filter(**{by: OuterRef("pk")}).order_by().values(by)
    return Coalesce(
        Subquery(total.annotate(total=Sum(field)).values("total")[:1]),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def _payables(invoices) -> list[tuple[Payable, str, str]]:
    """Each invoice as (Payable, reference, RF reference), its open amount computed by the
    database in the same query."""
    rows = invoices.annotate(
        credited=_sum_of(Invoice.objects.all(), "gross_total", "credit_of"),
        paid=_sum_of(Payment.objects.all(), "amount", "invoice"),
    ).values_list(
        "pk", "number", "status", "gross_total", "credited", "paid", "reference", "rf_reference"
    )
    return [
        (Payable(pk, number, status, gross + credited - paid), reference, rf)
        for pk, number, status, gross, credited, paid, reference, rf in rows
    ]


def _amount(text: str) -> Decimal:
    value = Decimal(text.strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    if not value.is_finite():
        raise InvalidOperation
    return value


def _years_from(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _date_error(line: int, day: datetime.date, today: datetime.date, dates_checked: bool):
    if not _years_from(today, -DATE_LIMIT_YEARS) <= day <= _years_from(today, DATE_LIMIT_YEARS):
        return ngettext(
            "Line %(line)d: %(date)s cannot be a payment date: it is more than %(years)d year "
            "from today.",
            "Line %(line)d: %(date)s cannot be a payment date: it is more than %(years)d years "
            "from today.",
            DATE_LIMIT_YEARS,
        ) % {"line": line, "date": day.isoformat(), "years": DATE_LIMIT_YEARS}
    window = _years_from(today, -DATE_WINDOW_YEARS) <= day <= _years_from(today, DATE_WINDOW_YEARS)
    if not window and not dates_checked:
        return _(
            "Line %(line)d: the payment date %(date)s is more than a year before or after "
            "today. If it is right, confirm that the dates are checked and import the file "
            "again."
        ) % {"line": line, "date": day.isoformat()}
    return None


def _read(data: bytes) -> tuple[list[tuple[int, dict[str, str]]], dict[str, str]]:
    try:
        fieldnames, rows = csv_rows(data)
    except CsvRefused as refused:
        raise PaymentImportError(refused.errors) from None
    header = {h.strip().lower(): h for h in fieldnames}
    missing = [c for c in ("reference", "amount", "date") if c not in header]
    if missing:
        raise PaymentImportError(
            [_("Line 1: the header lacks %(columns)s.") % {"columns": ", ".join(missing)}]
        )
    return rows, header


def _invoices_named(references: set[str]) -> tuple[dict[str, Payable], dict[str, Payable]]:
    """The invoices the file names, by Finnish reference (without leading zeros) and by RF
    reference, in one query. A Finnish reference is digits, an RF reference starts with RF."""
    rf = {r for r in references if r.startswith("RF")}
    plain = {r.lstrip("0") for r in references - rf}
    by_plain: dict[str, Payable] = {}
    by_rf: dict[str, Payable] = {}
    if not references:
        return by_plain, by_rf
    found = Invoice.objects.filter(
        Q(reference__in=plain) | Q(rf_reference__in=rf), kind=Invoice.Kind.INVOICE
    ).order_by("series", "year", "sequence")
    for invoice, reference, rf_reference in _payables(found):
        by_plain.setdefault(reference, invoice)
        by_rf.setdefault(rf_reference, invoice)
    return by_plain, by_rf


def _recorded_payments(invoices) -> dict[int, list[Payment]]:
    """The payments of those of `invoices` that are paid (one query, none if none is)."""
    paid = [i.pk for i in invoices if i.status == InvoiceStatus.PAID]
    recorded: dict[int, list[Payment]] = {}
    for payment in Payment.objects.filter(invoice__in=paid).order_by("pk") if paid else ():
        recorded.setdefault(payment.invoice_id, []).append(payment)
    return recorded


def _already_imported(matched: list, recorded: dict[int, list[Payment]]) -> Conflict | None:
    """A Conflict when every row of the file is a payment recorded already (the same invoice,
    amount and date): the file was imported before, or by someone else a moment ago."""
    if not matched:
        return None
    earlier = []
    for invoice, amount, day in matched:
        same = [p for p in recorded.get(invoice.pk, []) if (p.amount, p.paid_on) == (amount, day)]
        if not same:
            return None
        earlier.append(same[0])
    first = min(earlier, key=lambda p: p.imported_at)
    return Conflict(
        ngettext(
            "This file has already been imported: its %(count)d payment was recorded on "
            "%(date)s from %(source)s.",
            "This file has already been imported: its %(count)d payments were recorded on "
            "%(date)s from %(source)s.",
            len(earlier),
        )
        % {
            "count": len(earlier),
            "date": formatting.date(timezone.localdate(first.imported_at)),
            "source": first.source,
        }
    )


def payments_import(*, data: bytes, by, source: str, dates_checked: bool = False) -> list[str]:
    """Check every row, then record every payment at once, or none; returns the numbers of the
    invoices marked paid, in the file's order. A file whose every row is recorded already
    raises Conflict ("already imported"); any other problem raises PaymentImportError with
    every line's error.

    `dates_checked`: the user confirmed the dates, so that a payment date more than a year
    from today is imported (up to DATE_LIMIT_YEARS; beyond it never)."""
    require_finance(by)
    rows, header = _read(data)
    parsed = []
    for line, row in rows:
        reference = "".join((row.get(header["reference"]) or "").split()).upper()
        if not reference and not (row.get(header["amount"]) or "").strip():
            continue
        parsed.append((line, reference, row))
    by_plain, by_rf = _invoices_named({reference for _line, reference, _row in parsed})
    recorded = _recorded_payments({*by_plain.values(), *by_rf.values()})

    today = timezone.localdate()
    rows, errors, seen, matched = [], [], {}, []
    longest = Payment._meta.get_field("reference").max_length
    for line, reference, row in parsed:
        if len(reference) > longest:  # no reference is this long, even with leading zeros
            errors.append(
                _("Line %(line)d: the reference %(ref)s is longer than %(max)d characters.")
                % {"line": line, "ref": reference[:40] + "…", "max": longest}
            )
            continue
        invoice = by_rf.get(reference) if reference.startswith("RF") else None
        invoice = invoice or by_plain.get(reference.lstrip("0"))
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
        matched.append((invoice, amount, day))
        date_error = _date_error(line, day, today, dates_checked)
        if date_error:
            errors.append(date_error)
            continue
        if invoice.status not in PAYABLE:
            errors.append(
                _("Line %(line)d: invoice %(number)s is already %(status)s.")
                % {"line": line, "number": invoice.number, "status": invoice.status_label}
            )
            continue
        if amount != invoice.open:
            errors.append(
                _("Line %(line)d: %(amount)s € paid for %(number)s, but %(expected)s € is open.")
                % {
                    "line": line,
                    "amount": amount,
                    "number": invoice.number,
                    "expected": invoice.open,
                }
            )
            continue
        rows.append((invoice, reference, amount, day))
    if len(matched) == len(parsed) and (conflict := _already_imported(matched, recorded)):
        raise conflict
    if not errors and not rows:
        errors.append(_("The file has no payments."))
    if errors:
        raise PaymentImportError(errors)
    return _record(rows, by=by, source=source)


def _record(rows: list, *, by, source: str) -> list[str]:
    """Write the checked rows in a constant number of queries. The invoices are locked (in the
    order of their ids, so that two imports never deadlock) and read again: what another
    import or a credit note changed since they were checked refuses the whole file."""
    ids = sorted(invoice.pk for invoice, *_rest in rows)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        now = {invoice.pk: invoice for invoice, *_references in _payables(locked)}
        changed = [
            invoice
            for invoice, _reference, amount, _day in rows
            if now[invoice.pk].status not in PAYABLE or now[invoice.pk].open != amount
        ]
        if changed:
            matched = [(now[i.pk], amount, day) for i, _reference, amount, day in rows]
            raise _already_imported(matched, _recorded_payments(now.values())) or Conflict(
                _(
                    "%(numbers)s changed while the file was being checked (paid or credited "
                    "meanwhile), so nothing was imported. Import the file again to see what is "
                    "open now."
                )
                % {"numbers": ", ".join(i.number for i in changed[:10])}
                + (" …" if len(changed) > 10 else "")
            )
        imported_at = timezone.now()
        insert_many(
            Payment,
            ("invoice", "reference", "amount", "paid_on", "source", "imported_by", "imported_at"),
            (
                (invoice.pk, reference, amount, day, source, by.pk, imported_at)
                for invoice, reference, amount, day in rows
            ),
        )
        # The transition's bulk form: the rows were checked payable under the lock above.
        paid = Invoice.objects.filter(pk__in=ids).mark_paid()
        if paid != len(ids):  # cannot happen under the lock; never half a file
            raise RuntimeError(f"{len(ids)} invoices checked payable, {paid} paid")
        log_transitions(
            model=Invoice,
            records=[invoice for invoice, *_rest in rows],
            transition="pay",
            from_states=[now[invoice.pk].status for invoice, *_rest in rows],
            to_state=InvoiceStatus.PAID,
            by=by,
            reason=source,
        )
    return [invoice.number for invoice, *_rest in rows]
