"""Agreement API: the same services, guards and scoping as the pages. A transition that is
not allowed answers 409 with the reason in words; a missing permission 403; another
municipality's agreement 404."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts import selectors
from contracts.models import Agreement, AgreementStatus
from contracts.services import agreements as service
from contracts.services.certificate import certificate_pdf
from contracts.services.documents import agreement_documents_generate


class TimelineSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    transition = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    by = serializers.CharField(source="by.username", default=None)
    reason = serializers.CharField()


class AgreementSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code")
    programme = serializers.CharField(source="programme.slug")
    state = serializers.CharField(source="status")
    launch_cohort = serializers.BooleanField()
    timeline = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "municipality",
            "programme",
            "state",
            "language",
            "sent_on",
            "signed_on",
            "in_force_on",
            "end_date",
            "launch_cohort",
            "reason",
            "timeline",
        ]

    def get_timeline(self, obj) -> list[dict]:
        logs = sorted(obj.transition_logs.all(), key=lambda log: (log.at, log.pk))
        return TimelineSerializer(logs, many=True).data


class AgreementList(generics.ListAPIView):
    serializer_class = AgreementSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("programme", str),
            OpenApiParameter("state", str, enum=AgreementStatus.values),
            OpenApiParameter("municipality", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = (
            selectors.agreements_for_user(self.request.user)
            .order_by("programme__launch_date", "municipality__code")
            .prefetch_related("transition_logs__by")
        )
        params = self.request.query_params
        if params.get("programme"):
            qs = qs.filter(programme__slug=params["programme"])
        if params.get("state"):
            qs = qs.filter(status=params["state"])
        if params.get("municipality"):
            qs = qs.filter(municipality__code=params["municipality"])
        return qs


class AgreementDetail(generics.RetrieveAPIView):
    serializer_class = AgreementSerializer

    def get_object(self):
        return selectors.agreement_get(self.request.user, self.kwargs["pk"])


def _date(value, field):
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: [_("Give the date as YYYY-MM-DD.")]}) from None


class AgreementTransition(APIView):
    """POST /agreements/{id}/{transition}/"""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "TransitionRequest",
                {
                    "file": serializers.FileField(required=False),
                    "signer_name": serializers.CharField(required=False),
                    "signer_title": serializers.CharField(required=False),
                    "signed_on": serializers.DateField(required=False),
                    "authority": serializers.CharField(required=False),
                    "reason": serializers.CharField(required=False),
                    "end_date": serializers.DateField(required=False),
                },
            )
        },
        responses={
            200: AgreementSerializer,
            400: OpenApiTypes.OBJECT,
            403: OpenApiTypes.OBJECT,
            409: OpenApiTypes.OBJECT,
        },
    )
    def post(self, request, pk, transition):
        agreement = selectors.agreement_get(request.user, pk)
        data = request.data
        try:
            if transition == "send":
                result = service.agreement_send(agreement=agreement, by=request.user)
            elif transition == "sign":
                upload = data.get("file")
                if upload is not None and upload.size > service.settings.MAX_UPLOAD_BYTES:
                    raise ValidationError({"file": [_("The file is larger than 20 MB.")]})
                result = service.agreement_record_signature(
                    agreement=agreement,
                    by=request.user,
                    data=upload.read() if upload is not None else b"",
                    filename=getattr(upload, "name", ""),
                    signer_name=data.get("signer_name", ""),
                    signer_title=data.get("signer_title", ""),
                    signed_on=_date(data.get("signed_on"), "signed_on"),
                    authority=data.get("authority", ""),
                )
            elif transition == "decline":
                result = service.agreement_decline(
                    agreement=agreement, by=request.user, reason=data.get("reason", "")
                )
            elif transition == "withdraw":
                result = service.agreement_withdraw(
                    agreement=agreement, by=request.user, reason=data.get("reason", "")
                )
            elif transition == "countersign":
                result = service.agreement_countersign(agreement=agreement, by=request.user)
            elif transition == "terminate":
                result = service.agreement_terminate(
                    agreement=agreement,
                    by=request.user,
                    end_date=_date(data.get("end_date"), "end_date"),
                    reason=data.get("reason", ""),
                )
            else:
                return Response(
                    {"detail": _("Unknown transition '%(name)s'.") % {"name": transition}},
                    status=status.HTTP_404_NOT_FOUND,
                )
        except service.TransitionNotAllowed as error:
            return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
        except PermissionDenied as error:
            raise ApiPermissionDenied(str(error) or None) from None
        except ValidationError as error:
            body = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {"detail": " ".join(error.messages)}
            )
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(AgreementSerializer(result).data)


class AgreementFile(APIView):
    @extend_schema(
        operation_id="agreements_document",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, pk, kind):
        agreement = selectors.agreement_get(request.user, pk)
        base = f"{agreement.programme.slug}-{agreement.municipality.code}"
        if agreement.sent_on is None:
            return Response(
                {"detail": _("The agreement has not been sent yet.")},
                status=status.HTTP_409_CONFLICT,
            )
        if kind == "certificate.pdf":
            response = HttpResponse(certificate_pdf(agreement), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{base}-certificate.pdf"'
            return response
        extension = {"document.docx": "docx", "document.pdf": "pdf"}.get(kind)
        if extension is None:
            return Response({"detail": _("Unknown document.")}, status=status.HTTP_404_NOT_FOUND)
        if agreement.status == AgreementStatus.DRAFT:
            return Response(
                {"detail": _("The agreement has not been sent yet.")},
                status=status.HTTP_409_CONFLICT,
            )
        document = next(
            d for d in agreement_documents_generate(agreement=agreement) if d.kind == extension
        )
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=f"{base}-v{document.template.version}.{extension}",
        )
