"""The login service's question over the API: has this resident's home municipality joined,
as of a day?"""

import datetime
import time

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from eligibility import persons
from eligibility import services as eligibility
from eligibility.models import Reason
from eligibility.services import eligibility_of, joined_codes
from onboarding.api.authentication import cache_seconds, fresh_until
from onboarding.cache import stamp as shared_stamp
from onboarding.forms import DayForm
from onboarding.models import ApiToken, Municipality, Programme, Role
from onboarding.models.people import API_TOKEN_GENERATION_KEY, _digest
from onboarding.permissions import sees_all
from onboarding.validators import MUNICIPALITY_CODE_RE

ON = OpenApiParameter("on", str, description="YYYY-MM-DD; default today in Europe/Helsinki")
ANSWER = inline_serializer(
    "Eligibility",
    {
        "municipality": serializers.CharField(),
        "name_fi": serializers.CharField(),
        "name_sv": serializers.CharField(),
        "joined": serializers.BooleanField(),
        "since": serializers.DateField(allow_null=True),
        "consortium": serializers.CharField(allow_null=True),
    },
)


# Accept headers (None: none sent) for which negotiation picks JSON anyway.
JSON_ACCEPTED = frozenset({None, "*/*", "application/json"})


class _JSONWithoutNegotiation(DefaultContentNegotiation):
    """JSON straight away when the request takes any type or JSON: parsing Accept (and
    building request.headers for it) is a good part of a cached answer's time. Anything else
    is negotiated as before, 406 included."""

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        if (
            renderer.media_type == "application/json"
            and request.META.get("HTTP_ACCEPT") in JSON_ACCEPTED
            and not format_suffix
            and self.settings.URL_FORMAT_OVERRIDE not in request.query_params
        ):
            return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)


class _EligibilityView(APIView):
    required_scope = "eligibility"
    renderer_classes = [JSONRenderer]  # asked on every login: JSON only, negotiated quickly
    content_negotiation_class = _JSONWithoutNegotiation

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        user = request.user
        if user.role != Role.INTEGRATION and not sees_all(user):
            raise PermissionDenied(_("Eligibility is for the login service and coordinators."))

    def day(self, request):
        asked = DayForm(request.query_params)
        if not asked.is_valid():
            return None, Response(asked.errors, status=status.HTTP_400_BAD_REQUEST)
        return asked.cleaned_data["on"] or timezone.localdate(), None


# The login service asks on every login. A request that this process has answered before
# (the same token, under the same token generation and eligibility version in the shared
# cache) is answered from memory after one cache round trip, without the API framework; any
# other request takes the full path below, which remembers what the next one needs.
# token digest -> (token generation, time until which the token's recorded use is fresh)
_known_tokens: dict[str, tuple[int, float]] = {}


def _stamp() -> dict:
    return shared_stamp((eligibility.VERSION_KEY, API_TOKEN_GENERATION_KEY))


def _fast_answer(request, code: str, stamp: dict) -> HttpResponse | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if (
        request.method != "GET"
        or not header.startswith("Token ")
        or request.META.get("HTTP_ACCEPT") not in JSON_ACCEPTED
        or "format" in request.GET
    ):
        return None
    known = _known_tokens.get(_digest(header[6:]))
    if known is None or known[0] != stamp.get(API_TOKEN_GENERATION_KEY):
        return None
    if time.time() >= known[1]:
        return None  # the full path records the token's use (once a minute)
    raw = request.GET.get("on")
    try:
        day = datetime.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return None
    answers = eligibility.rendered_answers(stamp.get(eligibility.VERSION_KEY), day)
    body = answers.get(code) if answers else None
    if body is None:
        return None
    response = HttpResponse(body, content_type="application/json")
    response["Vary"] = "Accept"
    response["Allow"] = "GET, HEAD, OPTIONS"
    return response


class EligibilityDetail(_EligibilityView):
    def dispatch(self, request, *args, **kwargs):
        if cache_seconds():  # only with a cache that every process shares (or told to)
            request.eligibility_stamp = _stamp()
            response = _fast_answer(request, kwargs.get("code", ""), request.eligibility_stamp)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    def _remember(self, request, day) -> None:
        stamp = getattr(request._request, "eligibility_stamp", None)
        token = request.auth
        if not stamp or not isinstance(token, ApiToken) or token.last_used_at is None:
            return
        generation = stamp.get(API_TOKEN_GENERATION_KEY)
        version = stamp.get(eligibility.VERSION_KEY)
        if generation is None or version is None or "eligibility" not in token.scopes:
            return
        # Never answered from memory past the token's expiry: the full path refuses it then.
        _known_tokens[token.digest] = (
            generation,
            fresh_until(token.last_used_at, token.expires_at).timestamp(),
        )
        eligibility.remember_rendered(version, day)

    @extend_schema(
        operation_id="eligibility_of_municipality", parameters=[ON], responses={200: ANSWER}
    )
    def get(self, request, code):
        day, error = self.day(request)
        if error:
            return error
        self._remember(request, day)
        # Only a code of the registry's form reaches the cache (its keys stay short).
        answer = eligibility_of(code, day) if MUNICIPALITY_CODE_RE.fullmatch(code) else None
        if answer is None:
            return Response(
                {"detail": _("No municipality with code %(code)s.") % {"code": code}},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(
            {
                "municipality": answer.code,
                "name_fi": answer.name_fi,
                "name_sv": answer.name_sv,
                "joined": answer.joined,
                "since": answer.since,
                "consortium": answer.consortium,
            }
        )


class EligibilityList(_EligibilityView):
    @extend_schema(
        parameters=[ON],
        responses={
            200: inline_serializer(
                "JoinedList",
                {
                    "on": serializers.DateField(),
                    "joined": serializers.ListField(child=serializers.CharField()),
                },
            )
        },
    )
    def get(self, request):
        day, error = self.day(request)
        if error:
            return error
        return Response({"on": day, "joined": joined_codes(day)})


class PersonSerializer(serializers.Serializer):
    """What the login service read from the population register; nothing of it is kept."""

    programme = serializers.SlugField(help_text="The programme's slug, e.g. ekirjasto.")
    on = serializers.DateField(required=False, help_text="Default today in Europe/Helsinki.")
    home_municipality = serializers.CharField(
        allow_null=True, help_text="Statistics Finland's code of the home municipality, or null."
    )
    security_prohibition = serializers.BooleanField()
    age = serializers.IntegerField(min_value=0, max_value=150)
    identification = serializers.ChoiceField(
        choices=[(persons.OWN, "own"), (persons.GUARDIAN, "guardian")],
        help_text="own: the person's own strong identification; guardian: a guardian's on "
        "the person's behalf.",
    )

    def validate_programme(self, value):
        programme = Programme.objects.filter(slug=value).first()
        if programme is None:
            raise serializers.ValidationError(
                _("There is no programme %(slug)s.") % {"slug": value}
            )
        if not programme.residence_access:
            raise serializers.ValidationError(
                _(
                    "%(programme)s admits nobody by residence: the login service asks only "
                    "about programmes with access by residence."
                )
                % {"programme": programme.name}
            )
        return programme

    def validate_home_municipality(self, value):
        if value in (None, ""):
            return None
        if (
            not MUNICIPALITY_CODE_RE.fullmatch(value)
            or not Municipality.objects.filter(code=value).exists()
        ):
            raise serializers.ValidationError(
                _("%(code)s is not a municipality code.") % {"code": value[:10]}
            )
        return value


DECISION = inline_serializer(
    "EligibilityDecision",
    {
        "allowed": serializers.BooleanField(),
        "reason": serializers.ChoiceField(choices=Reason.choices),
        "message_fi": serializers.CharField(),
        "message_sv": serializers.CharField(),
        "message_en": serializers.CharField(),
    },
)


class EligibilityDecide(_EligibilityView):
    """May this person use the programme's service on the day, and why (the person rules of
    the National Library's letter, held as data on the programme)."""

    @extend_schema(
        operation_id="eligibility_decide", request=PersonSerializer, responses={200: DECISION}
    )
    def post(self, request):
        asked = PersonSerializer(data=request.data)
        if not asked.is_valid():
            return Response(asked.errors, status=status.HTTP_400_BAD_REQUEST)
        data = asked.validated_data
        decision = persons.decide(
            data["programme"],
            persons.Person(
                home_code=data["home_municipality"],
                security_prohibition=data["security_prohibition"],
                age=data["age"],
                identification=data["identification"],
            ),
            data.get("on") or timezone.localdate(),
        )
        return Response(
            {
                "allowed": decision.allowed,
                "reason": decision.reason,
                "message_fi": decision.messages["fi"],
                "message_sv": decision.messages["sv"],
                "message_en": decision.messages["en"],
            }
        )
