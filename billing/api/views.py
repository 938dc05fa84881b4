"""Fees, invoice runs, invoices and payments over the API, with the pages' services, forms and
permissions. Refusals go through the API's exception handler (400, 403, 404, 409)."""

from decimal import Decimal

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from billing.documents.finvoice import render_finvoice
from billing.forms import CreditForm, PaymentFileForm, ProgrammeYearForm
from billing.models import InvoiceRun
from billing.selectors import fee_rows, invoice_get, invoices_for_user, payers_missing_details
from billing.services.invoicing import invoice_credit
from billing.services.payments import PaymentImportError, payments_import
from billing.services.runs import invoice_run_start
from onboarding import selectors as registry
from onboarding.api.parsers import CheckedFormParser, CheckedMultiPartParser, ObjectJSONParser
from onboarding.errors import Conflict
from onboarding.permissions import IsFinance

PDF_PENDING = gettext_lazy("The PDF of this invoice is being prepared. Try again in a moment.")


def _valid(form_class, data, files=None):
    """The form's cleaned data, or 400 with a list of messages per field."""
    form = form_class(data, files)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form.cleaned_data


class FeeList(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("programme", str, required=True),
            OpenApiParameter("year", int, required=True),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        data = _valid(ProgrammeYearForm, request.query_params)
        rows = fee_rows(
            data["programme"],
            data["year"],
            municipalities=registry.municipalities_for_user(request.user),
        )
        return Response(
            {
                "total": str(sum((r.fee.amount for r in rows), Decimal("0"))),
                "payers_missing_details": [
                    {"payer": item.payer.code, "missing": item.missing}
                    for item in payers_missing_details(rows)
                ],
                "fees": [
                    {
                        "municipality": r.municipality.code,
                        "population": r.fee.inputs.population,
                        "population_date": r.fee.inputs.population_date,
                        "rate": str(r.fee.inputs.rate) if r.fee.inputs.rate is not None else None,
                        "billable_months": r.fee.months,
                        "amount": str(r.fee.amount),
                        "payer": r.payer.code,
                        "blocked_reason": r.fee.blocked_reason or None,
                    }
                    for r in rows
                ],
            }
        )


class InvoiceRunCreate(APIView):
    permission_classes = [IsFinance]

    @extend_schema(
        request=inline_serializer(
            "RunRequest", {"programme": serializers.CharField(), "year": serializers.IntegerField()}
        ),
        responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        data = _valid(ProgrammeYearForm, request.data)
        run = invoice_run_start(programme=data["programme"], year=data["year"], by=request.user)
        return Response({"id": run.pk}, status=status.HTTP_201_CREATED)


class InvoiceRunDetail(APIView):
    permission_classes = [IsFinance]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        run = InvoiceRun.objects.filter(pk=pk).select_related("job").first()
        if run is None:
            raise NotFound(_("No such run."))
        job = run.job
        return Response(
            {
                "state": run.status,
                "done": job.done if job else 0,
                "total": job.total if job else 0,
                "errors": job.errors if job else [],
            }
        )


INVOICE_LIST = inline_serializer(
    "InvoiceListItem",
    many=True,
    fields={
        "number": serializers.CharField(),
        "kind": serializers.CharField(),
        "payer": serializers.CharField(),
        "amount": serializers.DecimalField(max_digits=12, decimal_places=2),
        "vat": serializers.DecimalField(max_digits=12, decimal_places=2),
        "reference": serializers.CharField(),
        "rf_reference": serializers.CharField(),
        "due_date": serializers.DateField(),
        "state": serializers.CharField(),
        "credit_of": serializers.CharField(allow_null=True),
    },
)


class InvoiceList(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("programme", str), OpenApiParameter("year", int)],
        responses=INVOICE_LIST,
    )
    def get(self, request):
        invoices = invoices_for_user(request.user).order_by("series", "year", "sequence")
        params = request.query_params
        if params.get("programme"):
            invoices = invoices.filter(programme__slug=params["programme"])
        if params.get("year"):
            year = serializers.IntegerField(
                error_messages={"invalid": _("Give the year as a number.")}
            )
            try:
                invoices = invoices.filter(fee_year=year.to_internal_value(params["year"]))
            except serializers.ValidationError as error:
                raise ValidationError({"year": error.detail}) from None
        return Response(
            [
                {
                    "number": i.number,
                    "kind": i.kind,
                    "payer": i.payer.code,
                    "amount": str(i.gross_total),
                    "vat": str(i.vat_total),
                    "reference": i.reference,
                    "rf_reference": i.rf_reference,
                    "due_date": i.due_date,
                    "state": i.status,
                    "credit_of": i.credit_of.number if i.credit_of else None,
                }
                for i in invoices
            ]
        )


class InvoiceDocument(APIView):
    @extend_schema(
        operation_id="invoices_document",
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: OpenApiTypes.OBJECT,
            409: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request, number, kind):
        invoice = invoice_get(request.user, number)
        if kind == "pdf":
            if not invoice.pdf:
                raise Conflict(PDF_PENDING)
            return FileResponse(
                invoice.pdf.open("rb"),
                as_attachment=True,
                filename=f"{invoice.number}.pdf",
                content_type="application/pdf",
            )
        if kind == "finvoice.xml":
            response = HttpResponse(render_finvoice(invoice), content_type="application/xml")
            response["Content-Disposition"] = f'attachment; filename="{invoice.number}.xml"'
            return response
        raise NotFound(_("Unknown document."))


class InvoiceCredit(APIView):
    parser_classes = [ObjectJSONParser, CheckedFormParser]

    @extend_schema(
        request=inline_serializer(
            "CreditRequest",
            {
                "amount": serializers.DecimalField(12, 2, required=False),
                "reason": serializers.CharField(),
            },
        ),
        responses=OpenApiTypes.OBJECT,
    )
    def post(self, request, number):
        invoice = invoice_get(request.user, number)
        data = _valid(CreditForm, request.data)
        note = invoice_credit(
            invoice=invoice, by=request.user, amount=data["amount"], reason=data["reason"]
        )
        return Response(
            {"number": note.number, "amount": str(note.gross_total), "credit_of": invoice.number},
            status=status.HTTP_201_CREATED,
        )


class PaymentImport(APIView):
    permission_classes = [IsFinance]
    parser_classes = [CheckedMultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "PaymentFile",
                {
                    "file": serializers.FileField(),
                    "dates_checked": serializers.BooleanField(
                        required=False,
                        help_text="Import payment dates more than a year from today.",
                    ),
                },
            )
        },
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        data = _valid(PaymentFileForm, request.data, request.FILES)
        upload = data["file"]
        try:
            # A Conflict (the file imported meanwhile) answers 409 through the API's handler.
            paid = payments_import(
                data=upload.read(),
                by=request.user,
                source=upload.name[:200],
                dates_checked=data["dates_checked"],
            )
        except PaymentImportError as error:
            # The file's errors line by line, the shape the payment import has always answered.
            return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"paid": paid})
