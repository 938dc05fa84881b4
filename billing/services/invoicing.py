"""Invoices: issued from the fee rows as frozen snapshots with gapless numbers, credited by
credit notes, marked sent; their PDFs are rendered by a task after the commit."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from billing.documents.pdf import render_invoice_pdf
from billing.documents.references import finnish_reference, rf_reference
from billing.models import Invoice, InvoiceCounter, InvoiceLine, InvoiceRun, InvoiceStatus
from billing.selectors import FeeRow
from contracts.rendering import sha256
from onboarding.business_days import business_day_on_or_after
from onboarding.errors import Conflict
from onboarding.formatting import euros
from onboarding.models import Contact, Municipality, User
from onboarding.permissions import require_finance, require_permitted
from onboarding.services.audit import log_transition
from onboarding.services.notifications import municipality_language
from onboarding.storage import atomic_with_files, save_file

CENT = Decimal("0.01")


def next_number(series: str, year: int) -> int:
    """The next number of a series, under a row lock inside the caller's transaction: a
    rollback gives the number back, so there are no gaps, and no two invoices share one."""
    InvoiceCounter.objects.get_or_create(series=series, year=year)
    counter = InvoiceCounter.objects.select_for_update().get(series=series, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def buyer_of(payer: Municipality) -> dict:
    """The buyer party of an invoice, copied from the registry at the moment it is issued:
    every field the registry has (a later change does not touch an issued invoice)."""
    contact = payer.contacts.filter(kind=Contact.Kind.INVOICING).order_by("pk").first()
    return {
        "code": payer.code,
        "name": payer.name_in(municipality_language(payer)),
        "name_fi": payer.name_fi,
        "name_sv": payer.name_sv,
        "business_id": payer.business_id,
        "einvoice_address": payer.einvoice_address,
        "einvoice_operator": payer.einvoice_operator,
        "street": payer.street_address,
        "postal_code": payer.postal_code,
        "city": payer.post_office,
        "contact_name": contact.name if contact else "",
        "contact_email": contact.email if contact else "",
        "contact_phone": contact.phone if contact else "",
        "language": municipality_language(payer),
    }


def _vat(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _references(series: str, year: int, sequence: int) -> tuple[str, str]:
    base = (
        f"{year}{sequence:05d}" if series == settings.INVOICE_SERIES else f"9{year}{sequence:05d}"
    )
    reference = finnish_reference(base)
    return reference, rf_reference(reference)


def invoice_issue(
    *,
    programme,
    year: int,
    payer: Municipality,
    rows: list[FeeRow],
    by: User | None,
    run: InvoiceRun | None = None,
    issue_date: datetime.date | None = None,
) -> Invoice | None:
    """One invoice for `payer` with a line per municipality paid for. Idempotent: an
    existing invoice for the payer, programme and year is returned, never duplicated."""
    existing = Invoice.objects.filter(
        programme=programme, fee_year=year, payer=payer, kind=Invoice.Kind.INVOICE
    ).first()
    if existing:
        return existing
    billable = [r for r in rows if r.fee.billable]
    if not billable:
        return None
    issue_date = issue_date or timezone.localdate()
    vat_rate = programme.vat_rate
    series = settings.INVOICE_SERIES
    try:
        with transaction.atomic():
            sequence = next_number(series, issue_date.year)
            reference, rf = _references(series, issue_date.year, sequence)
            net = sum((r.fee.amount for r in billable), Decimal("0"))
            vat = sum((_vat(r.fee.amount, vat_rate) for r in billable), Decimal("0"))
            invoice = Invoice(
                kind=Invoice.Kind.INVOICE,
                series=series,
                year=issue_date.year,
                sequence=sequence,
                number=f"{series}-{issue_date.year}-{sequence:05d}",
                programme=programme,
                fee_year=year,
                payer=payer,
                language=municipality_language(payer),
                issue_date=issue_date,
                due_date=business_day_on_or_after(
                    issue_date + datetime.timedelta(days=settings.PAYMENT_TERM_DAYS)
                ),
                reference=reference,
                rf_reference=rf,
                seller=seller_for(municipality_language(payer)),
                buyer=buyer_of(payer),
                vat_rate=vat_rate,
                net_total=net,
                vat_total=vat,
                gross_total=net + vat,
                run=run,
                created_by=by if getattr(by, "is_authenticated", False) else None,
            )
            invoice.save()
            InvoiceLine.objects.bulk_create(
                InvoiceLine(
                    invoice=invoice,
                    position=i,
                    municipality_code=r.municipality.code,
                    municipality_name=r.municipality.name_in(invoice.language),
                    description=_line_text(programme, year, r, invoice.language),
                    population=r.fee.inputs.population,
                    population_date=r.fee.inputs.population_date,
                    rate=r.fee.inputs.rate,
                    months=r.fee.months,
                    period_start=r.fee.period[0],
                    period_end=r.fee.period[1],
                    net_amount=r.fee.amount,
                    vat_amount=_vat(r.fee.amount, vat_rate),
                )
                for i, r in enumerate(billable, start=1)
            )
    except IntegrityError:  # another run issued it in between: that one stands
        return Invoice.objects.filter(
            programme=programme, fee_year=year, payer=payer, kind=Invoice.Kind.INVOICE
        ).first()
    return invoice


def _line_text(programme, year, row: FeeRow, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return _("%(programme)s %(year)d: %(name)s") % {
            "programme": programme.name,
            "year": year,
            "name": row.municipality.name,
        }


def invoice_render_pdf(*, invoice_id: int) -> Invoice:
    """Render and store the PDF of an issued invoice or credit note, once. A failure is
    recorded on the invoice (the page shows it) and raised."""
    invoice = Invoice.objects.select_related("programme", "payer").get(pk=invoice_id)
    if invoice.pdf:
        return invoice
    try:
        data = render_invoice_pdf(invoice)
    except Exception as error:  # noqa: BLE001 - shown on the invoice and in the run
        Invoice.objects.filter(pk=invoice.pk).update(pdf_error=str(error)[:1000])
        raise
    # The PDF and the invoice that points to it commit together, or the PDF is removed.
    with atomic_with_files():
        save_file(invoice.pdf, f"{invoice.number}.pdf", data)
        invoice.pdf_sha256 = sha256(data)
        invoice.pdf_error = ""
        invoice.save(update_fields=["pdf", "pdf_sha256", "pdf_error"])
    return invoice


def _render_after_commit(invoice: Invoice) -> None:
    from billing.tasks import render_invoice_pdf as task  # the task calls this module

    transaction.on_commit(lambda: task.delay(invoice.pk))


def seller_for(language: str) -> dict:
    """The seller as an invoice in `language` names it: the Swedish name and address on a
    Swedish invoice (INVOICE_SELLER's keys ending in _sv), the Finnish ones otherwise."""
    seller = {k: v for k, v in settings.INVOICE_SELLER.items() if not k.endswith("_sv")}
    if language == "sv":
        for key in ("name", "street", "city"):
            seller[key] = settings.INVOICE_SELLER.get(f"{key}_sv") or seller[key]
    return seller


def _credit_text(original: Invoice, reason: str) -> str:
    """The credit note's line in the invoice's language, whoever credits it."""
    with translation.override(original.language):
        text = _("Credit for %(number)s: %(reason)s") % {
            "number": original.number,
            "reason": reason.strip(),
        }
    return text[:300]


def invoice_credit(*, invoice: Invoice, by: User, amount: Decimal | None, reason: str) -> Invoice:
    """A credit note for all (amount None) or part of what is left of an invoice."""
    require_finance(by)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give a reason for the credit note.")]})
    with transaction.atomic():
        original = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if original.kind != Invoice.Kind.INVOICE:
            raise ValidationError(_("A credit note cannot be credited."))
        credited = -sum((c.gross_total for c in original.credit_notes.all()), Decimal("0"))
        left = original.gross_total - credited
        amount = left if amount is None else Decimal(amount).quantize(CENT)
        if amount <= 0:
            raise ValidationError({"amount": [_("The amount must be positive.")]})
        if amount > left:
            raise ValidationError(
                {
                    "amount": [
                        _("At most %(left)s is left to credit on %(number)s.")
                        % {"left": euros(left), "number": original.number}
                    ]
                }
            )
        factor = amount / original.gross_total
        series = settings.CREDIT_NOTE_SERIES
        today = timezone.localdate()
        sequence = next_number(series, today.year)
        reference, rf = _references(series, today.year, sequence)
        net = -(original.net_total * factor).quantize(CENT, rounding=ROUND_HALF_UP)
        gross = -amount
        note = Invoice(
            kind=Invoice.Kind.CREDIT_NOTE,
            series=series,
            year=today.year,
            sequence=sequence,
            number=f"{series}-{today.year}-{sequence:05d}",
            programme=original.programme,
            fee_year=original.fee_year,
            payer=original.payer,
            credit_of=original,
            language=original.language,
            issue_date=today,
            due_date=today,
            reference=reference,
            rf_reference=rf,
            seller=original.seller,
            buyer=original.buyer,
            vat_rate=original.vat_rate,
            net_total=net,
            vat_total=gross - net,
            gross_total=gross,
            reason=reason.strip(),
            created_by=by,
        )
        note.save()
        InvoiceLine.objects.create(
            invoice=note,
            position=1,
            municipality_code=original.payer.code,
            municipality_name=original.payer.name_in(original.language),
            description=_credit_text(original, reason),
            net_amount=net,
            vat_amount=gross - net,
        )
        if amount == left:
            before = original.status
            original.mark_credited()
            original.save(update_fields=["status"])
            log_transition(
                record=original, transition="credit", from_state=before, by=by, reason=reason
            )
        _render_after_commit(note)
    return note


def invoice_mark_sent(*, invoice: Invoice, by: User) -> Invoice:
    """Issued -> sent (today), once the PDF or the Finvoice message has gone to the payer."""
    require_permitted(invoice.mark_sent, by)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if not can_proceed(locked.mark_sent):
            raise Conflict(
                _("Invoice %(number)s is %(status)s, not issued.")
                % {"number": locked.number, "status": locked.get_status_display().lower()}
            )
        locked.mark_sent(timezone.localdate())
        locked.save(update_fields=["status", "sent_on"])
        log_transition(record=locked, transition="send", from_state=InvoiceStatus.ISSUED, by=by)
    return locked
