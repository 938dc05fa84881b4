"""Finance pages: fee preview, the yearly run, invoices, credit notes, payments, rates.
Managers see their own fees and invoices."""

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contracts.billing_models import FeeRate, Invoice
from contracts.services.fee_preview import fee_rows, rate_for
from contracts.services.invoicing import (
    fee_rate_decide,
    invoice_credit,
    invoice_mark_sent,
    invoice_run_start,
)
from contracts.services.payments import PaymentImportError, payments_import
from onboarding import selectors as registry
from onboarding.exports import table_response
from onboarding.filters import MunicipalityFilter
from onboarding.models import Programme


def invoices_for_user(user):
    qs = Invoice.objects.select_related("programme", "payer", "credit_of")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.sees_all_municipalities:
        return qs
    if user.is_manager:
        return qs.filter(payer__in=user.municipalities.values("pk"))
    return qs.none()


def invoice_get(user, number: str) -> Invoice:
    invoice = invoices_for_user(user).filter(number=number).first()
    if invoice is None:
        raise Http404(_("No invoice %(number)s.") % {"number": number})
    return invoice


def _programme_year(request):
    programmes = list(Programme.objects.order_by("launch_date"))
    if not programmes:
        raise Http404(_("No programmes yet."))
    programme = next(
        (p for p in programmes if p.slug == request.GET.get("programme")), programmes[0]
    )
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return programmes, programme, max(2000, min(year, 2100))


def scoped_fee_rows(request, programme, year, source=None):
    source = source if source is not None else request.GET
    municipalities = MunicipalityFilter(
        source, queryset=registry.with_registry_data(registry.municipalities_for_user(request.user))
    )
    rows = fee_rows(programme, year, municipalities=municipalities.qs)
    blocked = source.get("blocked")
    if blocked in ("yes", "no"):
        rows = [r for r in rows if r.fee.blocked == (blocked == "yes")]
    cohort = source.get("cohort")
    if cohort in ("yes", "no"):
        rows = [
            r for r in rows if bool(r.agreement and r.agreement.launch_cohort) == (cohort == "yes")
        ]
    return municipalities, rows


FEE_HEADER = [
    "code",
    "municipality",
    "population",
    "population_date",
    "rate",
    "billable_months",
    "amount",
    "payer",
    "blocked_reason",
    "explanation",
]


@login_required
def fee_preview(request):
    programmes, programme, year = _programme_year(request)
    municipality_filter, rows = scoped_fee_rows(request, programme, year)
    table = [
        [
            r.municipality.code,
            r.municipality.name_fi,
            r.fee.inputs.population or "",
            r.fee.inputs.population_date.isoformat() if r.fee.inputs.population_date else "",
            r.fee.inputs.rate or "",
            r.fee.months,
            r.fee.amount,
            r.payer.code,
            r.fee.blocked_reason,
            r.fee.explanation(),
        ]
        for r in rows
    ]
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return table_response([FEE_HEADER, *table], f"fees-{programme.slug}-{year}", fmt)
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "contracts/fee_preview.html",
        {
            "programmes": programmes,
            "programme": programme,
            "year": year,
            "rows": rows,
            "filter": municipality_filter,
            "total": sum((r.fee.amount for r in rows), Decimal(0)),
            "blocked_count": sum(1 for r in rows if r.fee.blocked),
            "rate": rate_for(programme, year),
            "query": query.urlencode(),
            "can_run": request.user.is_finance or request.user.is_coordinator,
        },
    )


@login_required
@require_POST
def run_start(request):
    programme = Programme.objects.filter(slug=request.POST.get("programme")).first()
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = None
    if programme is None or year is None:
        messages.error(request, _("Choose a programme and a year."))
        return redirect("fee_preview")
    try:
        run = invoice_run_start(programme=programme, year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"/billing/fees/?programme={programme.slug}&year={year}")
    return redirect("job_detail", pk=run.job_id)


INVOICE_HEADER = [
    "number",
    "kind",
    "credits",
    "payer_code",
    "payer",
    "business_id",
    "fee_year",
    "issue_date",
    "due_date",
    "reference",
    "rf_reference",
    "net",
    "vat",
    "total",
    "status",
    "paid_on",
]


@login_required
def invoice_list(request):
    programmes, programme, year = _programme_year(request)
    invoices = invoices_for_user(request.user).filter(programme=programme)
    if request.GET.get("year"):
        invoices = invoices.filter(fee_year=year)
    status = request.GET.get("status")
    if status:
        invoices = invoices.filter(status=status)
    if request.GET.get("q"):
        q = request.GET["q"].strip()
        invoices = invoices.filter(
            Q(number__icontains=q) | Q(payer__name_fi__icontains=q) | Q(reference=q)
        )
    if request.GET.get("format") == "csv":
        if not request.user.sees_all_municipalities:
            raise PermissionDenied
        table = [INVOICE_HEADER] + [
            [
                i.number,
                i.kind,
                i.credit_of.number if i.credit_of else "",
                i.payer.code,
                i.buyer.get("name", ""),
                i.buyer.get("business_id", ""),
                i.fee_year,
                i.issue_date.isoformat(),
                i.due_date.isoformat(),
                i.reference,
                i.rf_reference,
                i.net_total,
                i.vat_total,
                i.gross_total,
                i.status,
                i.paid_on.isoformat() if i.paid_on else "",
            ]
            for i in invoices
        ]
        return table_response(table, f"invoices-{programme.slug}", "csv")
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "contracts/invoice_list.html",
        {
            "programmes": programmes,
            "programme": programme,
            "year": year,
            "invoices": invoices.order_by("-issue_date", "-sequence")[:1000],
            "query": query.urlencode(),
        },
    )


@login_required
def invoice_detail(request, number):
    invoice = invoice_get(request.user, number)
    if request.method == "POST":
        if not (request.user.is_finance or request.user.is_coordinator):
            raise PermissionDenied
        if "mark_sent" in request.POST:
            try:
                invoice_mark_sent(invoice=invoice, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("invoice_detail", number=number)
        raw = request.POST.get("amount", "").strip().replace(",", ".")
        try:
            amount = Decimal(raw) if raw else None
            invoice_credit(
                invoice=invoice,
                by=request.user,
                amount=amount,
                reason=request.POST.get("reason", ""),
            )
        except InvalidOperation:
            messages.error(request, _("'%(value)s' is not an amount.") % {"value": raw})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("A credit note was issued."))
        return redirect("invoice_detail", number=number)
    return render(
        request,
        "contracts/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "credit_notes": invoice.credit_notes.all(),
            "payments": invoice.payments.all(),
            "can_credit": (request.user.is_finance or request.user.is_coordinator)
            and invoice.kind == "invoice"
            and invoice.status != "credited",
        },
    )


@login_required
def invoice_file(request, number, kind):
    invoice = invoice_get(request.user, number)
    if kind == "pdf":
        if not invoice.pdf:
            from contracts.services.invoicing import invoice_render_pdf

            invoice_render_pdf(invoice=invoice)
        return FileResponse(
            invoice.pdf.open("rb"), as_attachment=True, filename=f"{invoice.number}.pdf"
        )
    if kind == "finvoice":
        from contracts.invoice_documents import render_finvoice

        response = HttpResponse(render_finvoice(invoice), content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{invoice.number}.xml"'
        return response
    raise Http404


@login_required
def payment_import(request):
    if not (request.user.is_finance or request.user.is_coordinator):
        raise PermissionDenied
    errors, created = [], None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Choose a CSV file.")]
        elif upload.size > 5 * 1024 * 1024:
            errors = [_("The file is larger than 5 MB.")]
        else:
            try:
                created = payments_import(
                    data=upload.read(), by=request.user, source=upload.name[:200]
                )
            except PaymentImportError as error:
                errors = error.errors
    return render(
        request,
        "contracts/payment_import.html",
        {"errors": errors, "created": created},
        status=400 if errors else 200,
    )


@login_required
def rates(request):
    if not request.user.sees_all_municipalities:
        raise PermissionDenied
    if request.method == "POST":
        if not (request.user.is_finance or request.user.is_coordinator):
            raise PermissionDenied
        data = request.POST
        try:
            fee_rate_decide(
                programme=Programme.objects.get(slug=data.get("programme")),
                rate=Decimal(data.get("rate", "").replace(",", ".")),
                from_year=int(data.get("from_year", "0")),
                basis=data.get("basis", ""),
                cost_analysis_url=data.get("cost_analysis_url", ""),
                decided_by=data.get("decided_by", ""),
                decided_on=datetime.date.fromisoformat(data.get("decided_on", "")),
                by=request.user,
            )
        except (InvalidOperation, ValueError, Programme.DoesNotExist):
            messages.error(request, _("Check the rate, the year and the date."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The rate decision was saved."))
        return redirect("fee_rates")
    return render(
        request,
        "contracts/rates.html",
        {
            "rates": FeeRate.objects.select_related("programme").order_by(
                "programme", "-from_year"
            ),
            "programmes": Programme.objects.order_by("launch_date"),
            "history": FeeRate.history.select_related("history_user")[:50],
        },
    )
