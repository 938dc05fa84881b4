from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding import selectors
from onboarding.api import schema, serializers  # noqa: F401 (registers the auth scheme)
from onboarding.api.throttling import TokenMintThrottle
from onboarding.filters import MunicipalityFilter
from onboarding.models import Programme
from onboarding.oidc import STAFF_PASSWORD_LOGIN_OFF, password_login_allowed
from onboarding.services import twofactor
from onboarding.services.accounts import api_token_create
from onboarding.services.registry import municipality_update_details


class TokenView(APIView):
    """Exchange a username and password for an API token (shown once). It expires after
    API_TOKEN_DAYS and replaces the user's token of the same name (default "api"); at most
    API_TOKEN_MINTS_PER_HOUR a user an hour."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=serializers.TokenRequestSerializer,
        responses={200: serializers.TokenResponseSerializer},
    )
    def post(self, request):
        data = serializers.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            raise Throttled(detail=_("Too many failed attempts. Try again later."))
        if user is None or not user.is_active:
            raise ValidationError(
                {"non_field_errors": [_("Unable to log in with the given username and password.")]}
            )
        if not password_login_allowed(user):
            raise ValidationError({"non_field_errors": [STAFF_PASSWORD_LOGIN_OFF]})
        if twofactor.required(user):
            # The same second step as the login page: a password alone mints no token here.
            code = data.validated_data.get("code", "")
            if not code:
                raise ValidationError(
                    {"code": [_("Your account uses two-step verification: give the code too.")]}
                )
            try:
                twofactor.verify(user=user, code=code)
            except DjangoValidationError as error:
                raise ValidationError(error.message_dict) from None
        throttle = TokenMintThrottle(user)
        if not throttle.allow_request(request, self):
            refusal = Throttled(
                detail=_(
                    "Too many new tokens: at most %(count)d an hour. Use the token you have, "
                    "or try again later."
                )
                % {"count": throttle.num_requests}
            )
            refusal.wait = throttle.wait()  # the Retry-After header, not in the message
            raise refusal
        token, key = api_token_create(user=user, name=data.validated_data["name"])
        body = {"token": key, "name": token.name, "expires_at": token.expires_at}
        return Response(serializers.TokenResponseSerializer(body).data, status=status.HTTP_200_OK)


class ProgrammeList(generics.ListAPIView):
    serializer_class = serializers.ProgrammeSerializer

    def get_queryset(self):
        return selectors.programmes_for_user(self.request.user)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the name (fi or sv) or the code"),
            OpenApiParameter("consortium", str, description="Consortium slug, or 'none'"),
            OpenApiParameter("region", str, description="Region code or name"),
        ]
    ),
    partial_update=extend_schema(
        request=serializers.MunicipalityDetailsSerializer,
        responses=serializers.MunicipalityDetailSerializer,
    ),
)
class MunicipalityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "code"
    filterset_class = MunicipalityFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.municipality_list(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.MunicipalitySerializer
        return serializers.MunicipalityDetailSerializer

    def get_object(self):
        municipality = selectors.municipality_get(self.request.user, self.kwargs["code"])
        return municipality

    def partial_update(self, request, *args, **kwargs):
        municipality = self.get_object()
        data = serializers.MunicipalityDetailsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        reason = changes.pop("reason", "")
        municipality_update_details(
            municipality=municipality, by=request.user, reason=reason, **changes
        )
        fresh = selectors.municipality_get(request.user, municipality.code)
        return Response(serializers.MunicipalityDetailSerializer(fresh).data)


# What apps above the registry add to a consortium in a programme (`?programme=slug`): each
# is `function(programme, summary) -> dict`, registered in its app's AppConfig.ready() (the
# agreements app adds the signing state), so that the registry imports none of them.
CONSORTIUM_EXTENSIONS: list = []


class ConsortiumViewSet(viewsets.GenericViewSet):
    lookup_field = "slug"
    serializer_class = serializers.ConsortiumSerializer

    def get_queryset(self):
        return selectors.consortia_for_user(self.request.user)

    def list(self, request):
        summaries = selectors.consortium_summaries(request.user)
        page = self.paginate_queryset(summaries)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "programme",
                str,
                description="With a programme slug: signed_count, member_count, "
                "complete and blocking (codes of the members that have not signed)",
            )
        ]
    )
    def retrieve(self, request, slug=None):
        summary = selectors.consortium_get(request.user, slug)
        data = dict(self.get_serializer(summary).data)
        programme_slug = request.query_params.get("programme")
        if programme_slug:
            programme = Programme.objects.filter(slug=programme_slug).first()
            if programme is None:
                raise ValidationError(
                    {"programme": [_("No programme %(slug)s.") % {"slug": programme_slug}]}
                )
            for extension in CONSORTIUM_EXTENSIONS:
                data.update(extension(programme, summary))
        return Response(data)
