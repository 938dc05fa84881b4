"""Fees, invoice runs, invoices and payments over the API, with the pages' services and
permissions."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts.billing_models import InvoiceRun
from contracts.services.fee_preview import fee_rows
from contracts.services.invoicing import invoice_credit, invoice_run_start
from contracts.services.payments import PaymentImportError, payments_import
from contracts.views.billing import invoice_get, invoices_for_user
from onboarding import selectors as registry
from onboarding.models import Programme


def _programme_and_year(params):
    programme = Programme.objects.filter(slug=params.get("programme")).first()
    errors = {}
    if programme is None:
        errors["programme"] = [_("Give an existing programme slug.")]
    try:
        year = int(params.get("year", ""))
        if not 2000 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = [_("Give the year as a number, e.g. 2025.")]
        year = None
    return programme, year, errors


def _finance(user):
    if not (user.is_finance or user.is_coordinator):
        raise ApiPermissionDenied(_("Only finance staff can do this."))


class FeeList(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("programme", str, required=True),
            OpenApiParameter("year", int, required=True),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        programme, year, errors = _programme_and_year(request.query_params)
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        rows = fee_rows(
            programme, year, municipalities=registry.municipalities_for_user(request.user)
        )
        return Response(
            {
                "total": str(sum((r.fee.amount for r in rows), Decimal("0"))),
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
    @extend_schema(
        request=inline_serializer(
            "RunRequest", {"programme": serializers.CharField(), "year": serializers.IntegerField()}
        ),
        responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        _finance(request.user)
        programme, year, errors = _programme_and_year(request.data)
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            run = invoice_run_start(programme=programme, year=year, by=request.user)
        except ValidationError as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
        return Response({"id": run.pk}, status=status.HTTP_201_CREATED)


class InvoiceRunDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        _finance(request.user)
        run = InvoiceRun.objects.filter(pk=pk).select_related("job").first()
        if run is None:
            return Response({"detail": _("No such run.")}, status=status.HTTP_404_NOT_FOUND)
        job = run.job
        return Response(
            {
                "state": run.status,
                "done": job.done if job else 0,
                "total": job.total if job else 0,
                "errors": job.errors if job else [],
            }
        )


class InvoiceList(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("programme", str), OpenApiParameter("year", int)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        invoices = invoices_for_user(request.user).order_by("series", "year", "sequence")
        if request.query_params.get("programme"):
            invoices = invoices.filter(programme__slug=request.query_params["programme"])
        if request.query_params.get("year"):
            try:
                invoices = invoices.filter(fee_year=int(request.query_params["year"]))
            except ValueError:
                return Response(
                    {"year": [_("Give the year as a number.")]}, status=status.HTTP_400_BAD_REQUEST
                )
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
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, number, kind):
        invoice = invoice_get(request.user, number)
        if kind == "pdf":
            if not invoice.pdf:
                from contracts.services.invoicing import invoice_render_pdf

                invoice_render_pdf(invoice=invoice)
            return FileResponse(
                invoice.pdf.open("rb"),
                as_attachment=True,
                filename=f"{invoice.number}.pdf",
                content_type="application/pdf",
            )
        if kind == "finvoice.xml":
            from contracts.invoice_documents import render_finvoice

            response = HttpResponse(render_finvoice(invoice), content_type="application/xml")
            response["Content-Disposition"] = f'attachment; filename="{invoice.number}.xml"'
            return response
        return Response({"detail": _("Unknown document.")}, status=status.HTTP_404_NOT_FOUND)


class InvoiceCredit(APIView):
    parser_classes = [JSONParser, FormParser]

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
        raw = request.data.get("amount")
        try:
            amount = Decimal(str(raw)) if raw not in (None, "") else None
        except InvalidOperation:
            return Response(
                {"amount": [_("Give the amount as a number.")]}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            note = invoice_credit(
                invoice=invoice,
                by=request.user,
                amount=amount,
                reason=str(request.data.get("reason", "")),
            )
        except PermissionDenied as error:
            raise ApiPermissionDenied(str(error) or None) from None
        except ValidationError as error:
            body = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {"detail": " ".join(error.messages)}
            )
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            {"number": note.number, "amount": str(note.gross_total), "credit_of": invoice.number},
            status=status.HTTP_201_CREATED,
        )


class PaymentImport(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "PaymentFile", {"file": serializers.FileField()}
            )
        },
        responses=OpenApiTypes.OBJECT,
    )
    def post(self, request):
        _finance(request.user)
        upload = request.data.get("file")
        if upload is None:
            return Response(
                {"file": [_("Send the CSV file in the field 'file'.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if upload.size > 5 * 1024 * 1024:
            return Response(
                {"file": [_("The file is larger than 5 MB.")]}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            created = payments_import(data=upload.read(), by=request.user, source=upload.name[:200])
        except PaymentImportError as error:
            return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"paid": [p.invoice.number for p in created]})
