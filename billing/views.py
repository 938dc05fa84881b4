"""Finance pages: fee preview, the yearly run, invoices, credit notes, payments, rates.
Managers see their own fees and invoices."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from billing.documents.finvoice import render_finvoice
from billing.forms import (
    CreditForm,
    PaymentFileForm,
    ProgrammeYearForm,
    RateDecisionForm,
    YearForm,
    error_messages,
)
from billing.models import FeeRate, InvoiceStatus
from billing.selectors import (
    fee_rows,
    flat_fee_rows,
    invoice_actions,
    invoice_get,
    invoices_for_user,
    payers_missing_details,
    rate_for,
)
from billing.services.invoicing import invoice_credit, invoice_mark_sent
from billing.services.payments import PaymentImportError, payments_import
from billing.services.rates import fee_rate_decide
from billing.services.runs import invoice_run_start
from billing.tables import FeeTable, InvoiceTable
from onboarding import selectors as registry
from onboarding.errors import Conflict
from onboarding.exports import export_query, table_response
from onboarding.filters import MunicipalityFilter
from onboarding.models import Programme
from onboarding.permissions import (
    is_finance_or_coordinator,
    require_finance,
    require_nationwide,
)
from onboarding.views.errors import conflict_response

PDF_PENDING = gettext_lazy("The PDF of this invoice is being prepared. Try again in a moment.")


def _programme_year(request):
    programmes, programme = registry.programme_from_request(request)
    asked = YearForm(request.GET)
    year = asked.cleaned_data["year"] if asked.is_valid() else None
    return programmes, programme, year or timezone.localdate().year


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
    query = export_query(request)
    fees = FeeTable(rows)
    RequestConfig(request).configure(fees)
    return render(
        request,
        "billing/fee_preview.html",
        {
            "programmes": programmes,
            "programme": programme,
            "year": year,
            "rows": rows,
            "table": fees,
            "filter": municipality_filter,
            "total": sum((r.fee.amount for r in rows), Decimal(0)),
            "blocked_count": sum(1 for r in rows if r.fee.blocked),
            "missing_details": payers_missing_details(rows),
            "flat_rows": flat_fee_rows(
                programme, year, municipalities=registry.municipalities_for_user(request.user)
            ),
            "rate": rate_for(programme, year),
            "query": query,
            "can_run": is_finance_or_coordinator(request.user),
        },
    )


@login_required
@require_POST
def run_start(request):
    form = ProgrammeYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a programme and a year."))
        return redirect("fee_preview")
    programme, year = form.cleaned_data["programme"], form.cleaned_data["year"]
    try:
        run = invoice_run_start(programme=programme, year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("fee_preview") + f"?programme={programme.slug}&year={year}")
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
        require_nationwide(request.user)
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
    query = export_query(request)
    listing = InvoiceTable(invoices.order_by("-issue_date", "-sequence"))
    RequestConfig(request).configure(listing)
    return render(
        request,
        "billing/invoice_list.html",
        {
            "programmes": programmes,
            "programme": programme,
            "year": year,
            "table": listing,
            "statuses": InvoiceStatus.choices,
            "status": status or "",
            "query": query,
        },
    )


@login_required
def invoice_detail(request, number):
    invoice = invoice_get(request.user, number)
    if request.method == "POST":
        require_finance(request.user)
        if "mark_sent" in request.POST:
            try:
                invoice_mark_sent(invoice=invoice, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("invoice_detail", number=number)
        form = CreditForm(request.POST)
        if not form.is_valid():
            for message in error_messages(form):
                messages.error(request, message)
            return redirect("invoice_detail", number=number)
        try:
            invoice_credit(
                invoice=invoice,
                by=request.user,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("A credit note was issued."))
        return redirect("invoice_detail", number=number)
    return render(
        request,
        "billing/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "credit_notes": invoice.credit_notes.all(),
            "payments": invoice.payments.all(),
            "actions": invoice_actions(request.user, invoice),
        },
    )


@login_required
def invoice_file(request, number, kind):
    invoice = invoice_get(request.user, number)
    if kind == "pdf":
        if not invoice.pdf:
            return conflict_response(
                request,
                Conflict(PDF_PENDING),
                back=reverse("invoice_detail", args=[invoice.number]),
            )
        return FileResponse(
            invoice.pdf.open("rb"), as_attachment=True, filename=f"{invoice.number}.pdf"
        )
    if kind == "finvoice":
        response = HttpResponse(render_finvoice(invoice), content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{invoice.number}.xml"'
        return response
    raise Http404


@login_required
def payment_import(request):
    require_finance(request.user)
    errors, created, status = [], None, 400
    if request.method == "POST":
        form = PaymentFileForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = [e for field_errors in form.errors.values() for e in field_errors]
        else:
            upload = form.cleaned_data["file"]
            try:
                created = payments_import(
                    data=upload.read(),
                    by=request.user,
                    source=upload.name[:200],
                    dates_checked=form.cleaned_data["dates_checked"],
                )
            except PaymentImportError as error:
                errors = error.errors
            except Conflict as error:  # the same file imported at the same moment elsewhere
                errors, status = error.messages, 409
    return render(
        request,
        "billing/payment_import.html",
        {
            "errors": errors,
            "created": created,
            "dates_checked": request.method == "POST" and bool(request.POST.get("dates_checked")),
        },
        status=status if errors else 200,
    )


@login_required
def rates(request):
    require_nationwide(request.user)
    if request.method == "POST":
        require_finance(request.user)
        form = RateDecisionForm(request.POST)
        if not form.is_valid():
            for message in error_messages(form):
                messages.error(request, message)
            return redirect("fee_rates")
        try:
            fee_rate_decide(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The rate decision was saved."))
        return redirect("fee_rates")
    return render(
        request,
        "billing/rates.html",
        {
            "rates": FeeRate.objects.select_related("programme").order_by(
                "programme", "-from_year"
            ),
            "programmes": Programme.objects.order_by("launch_date"),
            "history": FeeRate.history.select_related("history_user")[:50],
        },
    )
