"""Survey API: the same services and scoping as the pages."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from onboarding.forms import DayForm
from onboarding.models import Programme
from onboarding.permissions import IsCoordinator, require_nationwide
from surveys import registry_changes as rules
from surveys import selectors
from surveys.analysis import cost_analysis
from surveys.models import Choice, Question, Questionnaire, RegistryChange, RegistryChangeStatus
from surveys.services import (
    AnswersInvalid,
    Conflict,
    registry_change_apply,
    registry_change_dismiss,
    response_accept,
    response_return,
    response_save_draft,
    response_submit,
)


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["value", "label_fi", "label_sv", "label_en"]


class QuestionSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)
    show_if = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "key",
            "type",
            "label_fi",
            "label_sv",
            "label_en",
            "help_fi",
            "help_sv",
            "help_en",
            "required",
            "min_value",
            "max_value",
            "max_length",
            "validation",
            "show_if",
            "choices",
            "scale_low_fi",
            "scale_low_sv",
            "scale_low_en",
            "scale_high_fi",
            "scale_high_sv",
            "scale_high_en",
        ]

    def get_show_if(self, obj) -> dict | None:
        return {"key": obj.show_if_key, "value": obj.show_if_value} if obj.show_if_key else None


class QuestionnaireSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Questionnaire
        fields = [
            "id",
            "programme",
            "slug",
            "version",
            "kind",
            "respondent",
            "status",
            "title_fi",
            "title_sv",
            "title_en",
            "opens_at",
            "closes_at",
            "questions",
        ]


class QuestionnaireList(generics.ListAPIView):
    serializer_class = QuestionnaireSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("programme", str, description="Programme slug"),
            OpenApiParameter("kind", str, enum=["pre_join", "cost", "other"]),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = (
            selectors.questionnaires_for_user(self.request.user)
            .prefetch_related("questions__choices")
            .order_by("programme__launch_date", "slug", "-version")
        )
        if self.request.query_params.get("programme"):
            qs = qs.filter(programme__slug=self.request.query_params["programme"])
        if self.request.query_params.get("kind"):
            qs = qs.filter(kind=self.request.query_params["kind"])
        return qs


class SubmissionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    version = serializers.IntegerField(source="questionnaire.version")
    submitted_at = serializers.DateTimeField()
    answers = serializers.JSONField()


class ResponseSerializer(serializers.Serializer):
    questionnaire = serializers.IntegerField(source="questionnaire_id")
    version = serializers.IntegerField(source="questionnaire.version")
    respondent = serializers.CharField(source="respondent_key")
    respondent_name = serializers.CharField()
    status = serializers.CharField()
    answers = serializers.JSONField()
    return_reason = serializers.CharField()
    lock_version = serializers.IntegerField()
    submissions = serializers.SerializerMethodField()

    def get_submissions(self, obj) -> list[dict]:
        if not obj.pk:
            return []
        return SubmissionSerializer(obj.submissions.select_related("questionnaire"), many=True).data


ANSWERS_REQUEST = inline_serializer(
    "AnswersRequest",
    {
        "answers": serializers.DictField(),
        "lock_version": serializers.IntegerField(required=False),
    },
)
ERRORS = inline_serializer(
    "AnswerErrors",
    {
        # Messages per question; a body the API could not read answers a detail instead.
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False
        ),
        "detail": serializers.CharField(required=False),
    },
)


class _ResponseView(APIView):
    def _get(self, request, pk, code):
        try:
            questionnaire = selectors.questionnaire_get(request.user, pk)
        except Http404:
            raise NotFound(f"No questionnaire {pk}.") from None
        response, _respondent = selectors.response_for_municipality(
            request.user, questionnaire, code
        )
        return response

    def _answer(self, call):
        """Bad answers are 400 in the answers API's own shape ({"errors": {key: [...]}});
        a stale version (Conflict, 409) and a refusal (403) go to the API's handler."""
        try:
            response = call()
        except AnswersInvalid as error:
            return ApiResponse({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
        except Conflict:
            raise
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                return ApiResponse(
                    {"errors": error.message_dict}, status=status.HTTP_400_BAD_REQUEST
                )
            return ApiResponse(
                {"detail": " ".join(error.messages)}, status=status.HTTP_400_BAD_REQUEST
            )
        return ApiResponse(ResponseSerializer(response).data)

    @staticmethod
    def _answers(request):
        answers = request.data.get("answers") if isinstance(request.data, dict) else None
        if not isinstance(answers, dict):
            raise AnswersInvalid(
                {"answers": [_("Give the answers as an object of question keys and values.")]}
            )
        lock = request.data.get("lock_version")
        return answers, lock if isinstance(lock, int) else None


class ResponseDetail(_ResponseView):
    @extend_schema(responses=ResponseSerializer)
    def get(self, request, pk, code):
        return ApiResponse(ResponseSerializer(self._get(request, pk, code)).data)

    @extend_schema(request=ANSWERS_REQUEST, responses={200: ResponseSerializer, 400: ERRORS})
    def put(self, request, pk, code):
        response = self._get(request, pk, code)

        def save():
            answers, lock = self._answers(request)
            return response_save_draft(
                response=response, answers=answers, by=request.user, expected_version=lock
            )

        return self._answer(save)


class ResponseSubmit(_ResponseView):
    @extend_schema(request=ANSWERS_REQUEST, responses={200: ResponseSerializer, 400: ERRORS})
    def post(self, request, pk, code):
        response = self._get(request, pk, code)

        def submit():
            answers, lock = self._answers(request) if "answers" in request.data else (None, None)
            return response_submit(
                response=response, by=request.user, answers=answers, expected_version=lock
            )

        return self._answer(submit)


class ResponseReturn(_ResponseView):
    @extend_schema(
        request=inline_serializer("ReturnRequest", {"reason": serializers.CharField()}),
        responses={200: ResponseSerializer, 400: ERRORS},
    )
    def post(self, request, pk, code):
        response = self._get(request, pk, code)
        if response.pk is None:
            raise NotFound("This response has not been started.")
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        return self._answer(
            lambda: response_return(response=response, by=request.user, reason=str(reason))
        )


class ResponseAccept(_ResponseView):
    @extend_schema(request=None, responses={200: ResponseSerializer, 400: ERRORS})
    def post(self, request, pk, code):
        response = self._get(request, pk, code)
        if response.pk is None:
            raise NotFound("This response has not been started.")
        return self._answer(lambda: response_accept(response=response, by=request.user))


class CostAnalysisView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("programme", str, required=True),
            OpenApiParameter("on", str, description="Population date, YYYY-MM-DD"),
        ],
        responses=inline_serializer(
            "CostAnalysis",
            {
                "weighted_average_per_resident": serializers.DecimalField(10, 2),
                "median": serializers.DecimalField(10, 2),
                "quartiles": serializers.ListField(child=serializers.DecimalField(10, 2)),
                "units": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request):
        require_nationwide(request.user)
        programme = Programme.objects.filter(slug=request.query_params.get("programme")).first()
        if programme is None:
            return ApiResponse(
                {"programme": [_("Give an existing programme slug.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        asked = DayForm(request.query_params)
        if not asked.is_valid():
            return ApiResponse(asked.errors, status=status.HTTP_400_BAD_REQUEST)
        day = asked.cleaned_data["on"]
        result = cost_analysis(programme=programme, on=day)
        money = lambda value: str(value) if value is not None else None  # noqa: E731
        return ApiResponse(
            {
                "weighted_average_per_resident": money(result.weighted_average),
                "median": money(result.median),
                "quartiles": [str(q) for q in result.quartiles] if result.quartiles else [],
                "total_cost": str(result.total_cost),
                "total_population": result.total_population,
                "units": [
                    {
                        "unit": u.key,
                        "name": u.name,
                        "population": u.population,
                        "cost": str(u.cost),
                        "per_resident": str(u.per_resident),
                        "demo": u.is_demo,
                    }
                    for u in result.units
                ],
            }
        )


# --- registry changes proposed by accepted pre-join responses (coordinators) -------------
# Errors go through the API's exception handler: a value the registry refuses 400 under its
# field, a decided proposal 409, anyone but a coordinator 403.


class RegistryChangeItemSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.SerializerMethodField()
    old = serializers.JSONField(help_text="In the registry when the response was accepted.")
    current = serializers.SerializerMethodField(help_text="In the registry now.")
    new = serializers.JSONField(help_text="As answered.")
    applied = serializers.BooleanField()

    def get_label(self, obj) -> str:
        return rules.label(obj.field)

    def get_current(self, obj) -> str | dict | None:
        municipality = obj.change.municipality
        return rules.current_value(municipality, obj.field, list(municipality.contacts.all()))


class RegistryChangeSerializer(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code")
    municipality_name = serializers.CharField(source="municipality.name_fi")
    version = serializers.IntegerField(source="questionnaire.version")
    state = serializers.CharField(source="status")
    decided_by = serializers.CharField(source="decided_by.username", default=None)
    items = RegistryChangeItemSerializer(many=True, read_only=True)
    desired_start = serializers.SerializerMethodField()

    class Meta:
        model = RegistryChange
        fields = [
            "id",
            "municipality",
            "municipality_name",
            "response",
            "questionnaire",
            "version",
            "accepted_at",
            "state",
            "decided_at",
            "decided_by",
            "is_demo",
            "items",
            "desired_start",
        ]

    def get_desired_start(self, obj) -> dict:
        """Information only: the scheduler reads it from the survey, not from the registry."""
        return {key: obj.response.answers.get(key) for key in ("schedule", "start_month")}


def _registry_changes(user):
    return selectors.registry_changes_for_user(user).prefetch_related(
        "items", "municipality__contacts"
    )


class RegistryChangeList(generics.ListAPIView):
    permission_classes = [IsCoordinator]
    serializer_class = RegistryChangeSerializer

    @extend_schema(
        parameters=[OpenApiParameter("state", str, enum=RegistryChangeStatus.values)],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = _registry_changes(self.request.user).order_by("accepted_at", "pk")
        state = self.request.query_params.get("state")
        if state:
            if state not in RegistryChangeStatus.values:
                raise ValidationError(
                    {
                        "state": [
                            _("Give one of: %(states)s.")
                            % {"states": ", ".join(RegistryChangeStatus.values)}
                        ]
                    }
                )
            qs = qs.filter(status=state)
        municipality = self.request.query_params.get("municipality")
        if municipality:
            qs = qs.filter(municipality__code=municipality)
        return qs


def _registry_change(request, pk) -> RegistryChange:
    try:
        return selectors.registry_change_get(request.user, pk)
    except Http404:
        raise NotFound(_("No proposed registry change %(id)s.") % {"id": pk}) from None


def _fresh(request, pk) -> ApiResponse:
    return ApiResponse(RegistryChangeSerializer(_registry_change(request, pk)).data)


class RegistryChangeDetail(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(responses=RegistryChangeSerializer)
    def get(self, request, pk):
        return _fresh(request, pk)


class RegistryChangeApply(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        request=inline_serializer(
            "RegistryChangeApplyRequest",
            {"fields": serializers.ListField(child=serializers.CharField())},
        ),
        responses=RegistryChangeSerializer,
    )
    def post(self, request, pk):
        proposal = _registry_change(request, pk)
        fields = request.data.get("fields") if isinstance(request.data, dict) else None
        registry_change_apply(proposal=proposal, fields=fields, by=request.user)
        return _fresh(request, pk)


class RegistryChangeDismiss(APIView):
    permission_classes = [IsCoordinator]

    @extend_schema(
        request=inline_serializer(
            "RegistryChangeDismissRequest", {"reason": serializers.CharField(required=False)}
        ),
        responses=RegistryChangeSerializer,
    )
    def post(self, request, pk):
        proposal = _registry_change(request, pk)
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        registry_change_dismiss(proposal=proposal, by=request.user, reason=str(reason or ""))
        return _fresh(request, pk)
