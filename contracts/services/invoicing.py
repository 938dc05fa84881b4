"""Invoices: issued from the fee rows as frozen snapshots with gapless numbers, credited by
credit notes, paid by imported payments, created yearly by a background run."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.billing_models import (
    FeeRate,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    InvoiceRun,
    InvoiceStatus,
)
from contracts.services.fee_preview import FeeRow, fee_rows
from onboarding.business_days import business_day_on_or_after
from onboarding.models import Municipality, User
from onboarding.services.audit import log_transition
from onboarding.services.notifications import municipality_language

CENT = Decimal("0.01")


def _finance(user: User) -> None:
    if not (user.is_finance or user.is_coordinator):
        raise PermissionDenied(_("Only finance staff can do this."))


def next_number(series: str, year: int) -> int:
    """The next number of a series, under a row lock inside the caller's transaction: a
    rollback gives the number back, so there are no gaps, and no two invoices share one."""
    InvoiceCounter.objects.get_or_create(series=series, year=year)
    counter = InvoiceCounter.objects.select_for_update().get(series=series, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _buyer(payer: Municipality) -> dict:
    return {
        "code": payer.code,
        "name": payer.name_sv if municipality_language(payer) == "sv" else payer.name_fi,
        "name_fi": payer.name_fi,
        "name_sv": payer.name_sv,
        "business_id": payer.business_id,
        "einvoice_address": payer.einvoice_address,
        "einvoice_operator": payer.einvoice_operator,
        "language": municipality_language(payer),
    }


def _vat(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def _references(series: str, year: int, sequence: int) -> tuple[str, str]:
    from contracts.invoice_documents import finnish_reference, rf_reference

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
    billable = [r for r in rows if not r.fee.blocked and r.fee.amount > 0]
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
                seller=dict(settings.INVOICE_SELLER),
                buyer=_buyer(payer),
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
                    municipality_name=r.municipality.name_fi,
                    description=_line_text(programme, year, r, invoice.language),
                    population=r.fee.inputs.population,
                    population_date=r.fee.inputs.population_date,
                    rate=r.fee.inputs.rate,
                    months=r.fee.months,
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


def invoice_render_pdf(*, invoice: Invoice) -> None:
    """Render and store the PDF; a failure is recorded on the invoice, not raised."""
    from contracts.invoice_documents import render_invoice_pdf
    from contracts.rendering import sha256

    try:
        data = render_invoice_pdf(invoice)
    except Exception as error:  # noqa: BLE001 - shown on the invoice and in the run
        Invoice.objects.filter(pk=invoice.pk).update(pdf_error=str(error)[:1000])
        raise
    invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(data), save=False)
    invoice.pdf_sha256 = sha256(data)
    invoice.pdf_error = ""
    invoice.save(update_fields=["pdf", "pdf_sha256", "pdf_error"])


def payer_groups(rows: list[FeeRow]) -> dict[int, tuple[Municipality, list[FeeRow]]]:
    groups: dict[int, tuple[Municipality, list[FeeRow]]] = {}
    for row in rows:
        groups.setdefault(row.payer.pk, (row.payer, []))[1].append(row)
    return groups


def invoice_run_start(*, programme, year: int, by: User) -> InvoiceRun:
    """Start the yearly run; refused while another run of the same year is running."""
    from onboarding.services.jobs import job_start

    _finance(by)
    rows = fee_rows(programme, year)
    if not any(not r.fee.blocked and r.fee.amount > 0 for r in rows):
        raise ValidationError(
            _(
                "Nothing can be billed for %(year)d: check the rate, the "
                "populations and the agreements."
            )
            % {"year": year}
        )
    groups = payer_groups(rows)
    try:
        with transaction.atomic():
            run = InvoiceRun.objects.create(programme=programme, year=year, created_by=by)
            job = job_start(kind="invoice_run", by=by, total=len(groups), params={"run": run.pk})
            run.job = job
            run.save(update_fields=["job"])
    except IntegrityError:
        raise ValidationError(
            _("An invoice run for %(year)d is already running.") % {"year": year}
        ) from None
    return run


def invoice_credit(*, invoice: Invoice, by: User, amount: Decimal | None, reason: str) -> Invoice:
    """A credit note for all (amount None) or part of what is left of an invoice."""
    _finance(by)
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
                        _("At most %(left)s € is left to credit on %(number)s.")
                        % {"left": left, "number": original.number}
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
            municipality_name=original.payer.name_fi,
            description=(
                _("Credit for %(number)s: %(reason)s")
                % {"number": original.number, "reason": reason.strip()}
            )[:300],
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
    invoice_render_pdf_safely(note)
    return note


def invoice_render_pdf_safely(invoice: Invoice) -> None:
    try:
        invoice_render_pdf(invoice=invoice)
    except Exception:  # noqa: BLE001 - recorded on the invoice
        pass


def invoice_mark_sent(*, invoice: Invoice, by: User) -> Invoice:
    """Issued -> sent, once the PDF or the Finvoice message has gone to the payer."""
    _finance(by)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status != InvoiceStatus.ISSUED:
            raise ValidationError(
                _("Invoice %(number)s is %(status)s, not issued.")
                % {"number": locked.number, "status": locked.get_status_display().lower()}
            )
        locked.mark_sent()
        locked.save(update_fields=["status"])
        log_transition(record=locked, transition="send", from_state=InvoiceStatus.ISSUED, by=by)
    return locked


def fee_rate_decide(
    *,
    programme,
    rate: Decimal,
    from_year: int,
    basis: str,
    cost_analysis_url: str,
    decided_by: str,
    decided_on: datetime.date,
    by: User,
) -> FeeRate:
    """Record a dated rate decision; its history keeps who entered it and why."""
    _finance(by)
    decision = FeeRate(
        programme=programme,
        rate=rate,
        from_year=from_year,
        basis=basis,
        cost_analysis_url=cost_analysis_url,
        decided_by=decided_by,
        decided_on=decided_on,
    )
    decision.full_clean()
    decision._change_reason = basis[:100]
    decision._history_user = by
    decision.save()
    return decision
