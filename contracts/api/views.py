"""Agreement API: the same services, guards and scoping as the pages. A transition that is
not allowed answers 409 with the reason in words; a missing permission 403; another
municipality's agreement 404 (all through the API's exception handler)."""

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from contracts import selectors
from contracts.models import Agreement, AgreementStatus, SignatureEvidence
from contracts.services import agreements as service
from contracts.services.certificate import certificate_pdf
from onboarding.api.parsers import CheckedFormParser, CheckedMultiPartParser, ObjectJSONParser
from onboarding.errors import Conflict
from onboarding.validators import typed_text_validators, validate_upload_size


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


class TypedText(serializers.CharField):
    """Typed text checked for control characters: our message (which names the character)
    replaces DRF's "Null characters are not allowed." so a NUL is reported once."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        super().__init__(required=False, allow_blank=True, default="", **kwargs)
        self.validators = typed_text_validators(self.validators, multiline=multiline)


def evidence_text(name: str) -> TypedText:
    """A text field of the signing evidence, as long as its model field allows (the one
    source of the limit), one line."""
    return TypedText(max_length=SignatureEvidence.max_length(name))


class TransitionInput(serializers.Serializer):
    """What the transitions take; each uses the fields it needs."""

    file = serializers.FileField(required=False, allow_empty_file=True)
    signer_name = evidence_text("signer_name")
    signer_title = evidence_text("signer_title")
    signed_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": gettext_lazy("Give the date as YYYY-MM-DD.")},
    )
    authority = evidence_text("authority")
    reason = TypedText(multiline=True)
    end_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": gettext_lazy("Give the date as YYYY-MM-DD.")},
    )

    def validate_file(self, upload):
        if upload is not None:
            validate_upload_size(upload.size)
        return upload


class AgreementTransition(APIView):
    """POST /agreements/{id}/{transition}/. Refusals go through the API's exception handler:
    not allowed in the agreement's state 409, bad input 400, no permission 403."""

    parser_classes = [ObjectJSONParser, CheckedMultiPartParser, CheckedFormParser]

    @extend_schema(
        request={"multipart/form-data": TransitionInput},
        responses={
            200: AgreementSerializer,
            400: OpenApiTypes.OBJECT,
            403: OpenApiTypes.OBJECT,
            409: OpenApiTypes.OBJECT,
        },
    )
    def post(self, request, pk, transition):
        agreement = selectors.agreement_get(request.user, pk)
        if transition not in ACTIONS:
            raise NotFound(_("Unknown transition '%(name)s'.") % {"name": transition})
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = ACTIONS[transition](agreement, request.user, data.validated_data)
        return Response(AgreementSerializer(result).data)


def _sign(agreement, by, data):
    upload = data.get("file")
    return service.agreement_record_signature(
        agreement=agreement,
        by=by,
        data=upload.read() if upload is not None else b"",
        filename=getattr(upload, "name", ""),
        signer_name=data["signer_name"],
        signer_title=data["signer_title"],
        signed_on=data["signed_on"],
        authority=data["authority"],
    )


ACTIONS = {
    "send": lambda agreement, by, data: service.agreement_send(agreement=agreement, by=by),
    "sign": _sign,
    "decline": lambda agreement, by, data: service.agreement_decline(
        agreement=agreement, by=by, reason=data["reason"]
    ),
    "withdraw": lambda agreement, by, data: service.agreement_withdraw(
        agreement=agreement, by=by, reason=data["reason"]
    ),
    "countersign": lambda agreement, by, data: service.agreement_countersign(
        agreement=agreement, by=by
    ),
    "terminate": lambda agreement, by, data: service.agreement_terminate(
        agreement=agreement, by=by, end_date=data["end_date"], reason=data["reason"]
    ),
}


class AgreementFile(APIView):
    @extend_schema(
        operation_id="agreements_document",
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: OpenApiTypes.OBJECT,
            409: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request, pk, kind):
        agreement = selectors.agreement_get(request.user, pk)
        base = f"{agreement.programme.slug}-{agreement.municipality.code}"
        if agreement.sent_on is None:
            raise Conflict(_("The agreement has not been sent yet."))
        if kind not in ("certificate.pdf", "document.docx", "document.pdf"):
            raise NotFound(_("Unknown document."))
        if kind == "certificate.pdf":
            response = HttpResponse(certificate_pdf(agreement), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{base}-certificate.pdf"'
            return response
        extension = kind.removeprefix("document.")
        document = selectors.agreement_document(agreement, extension)
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=f"{base}-v{document.template.version}.{extension}",
        )


def consortium_signing_state(programme, summary) -> dict:
    """The registry's consortium API with `?programme=`: its members' signing state."""
    unit = selectors.completeness_of_unit(programme, summary.consortium.slug)
    return {
        "signed_count": unit.signed_count if unit else 0,
        "member_count": unit.member_count if unit else len(summary.members),
        "complete": bool(unit and unit.complete),
        "blocking": unit.blocking if unit else summary.member_codes,
    }
