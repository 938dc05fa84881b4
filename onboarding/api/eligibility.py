"""The login service's question: has this resident's home municipality joined, as of a day?"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding.eligibility import eligibility_of, joined_on

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


class _EligibilityView(APIView):
    required_scope = "eligibility"
    renderer_classes = [JSONRenderer]  # asked on every login: no content negotiation

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        user = request.user
        if user.role != "integration" and not user.sees_all_municipalities:
            raise PermissionDenied(_("Eligibility is for the login service and coordinators."))

    def day(self, request):
        raw = request.query_params.get("on")
        if not raw:
            return timezone.localdate(), None
        try:
            return datetime.date.fromisoformat(raw), None
        except ValueError:
            return None, Response(
                {"on": [_("Give the date as YYYY-MM-DD.")]}, status=status.HTTP_400_BAD_REQUEST
            )


class EligibilityDetail(_EligibilityView):
    @extend_schema(
        operation_id="eligibility_of_municipality", parameters=[ON], responses={200: ANSWER}
    )
    def get(self, request, code):
        day, error = self.day(request)
        if error:
            return error
        answer = eligibility_of(code, day)
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
        return Response({"on": day, "joined": joined_on(day)})
