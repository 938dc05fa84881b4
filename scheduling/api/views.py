"""Connection scheduling over the API: waves, the scheduler's proposal and its confirmation, a
connection's states and checklist. The same services, guards and scoping as the pages; the
API's exception handler answers a change that is not possible now with 409 and the reason in
words, bad input 400 with a message per field, a missing permission 403, another
municipality's connection 404."""

from collections import defaultdict

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from onboarding import selectors as registry
from onboarding.models import Programme
from onboarding.permissions import require_coordinator
from scheduling import selectors
from scheduling.api import serializers as s
from scheduling.models import ChecklistItem, ConnectionStatus, Wave
from scheduling.services import connections, schedule, waves

ERRORS = {400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT}


def _programme(value, *, required: bool) -> Programme | None:
    if not value and not required:
        return None
    programme = Programme.objects.filter(slug=str(value or "")).first()
    if programme is None:
        raise exceptions.ValidationError({"programme": [_("Give an existing programme slug.")]})
    return programme


def _valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    unknown = sorted(set(getattr(data, "keys", dict)()) - set(serializer.fields))
    if unknown:  # a misspelt field must not be ignored silently
        raise exceptions.ValidationError(
            {name: [_("Unknown field: it cannot be given here.")] for name in unknown}
        )
    return serializer.validated_data


# --- waves ---------------------------------------------------------------------------------


def wave_context(user, programme) -> dict:
    """What the wave serializer needs: each wave's load, and the units in it the user may
    see (a manager: only their own)."""
    units = defaultdict(list)
    for wave_id, key in (
        selectors.connections_for_user(user)
        .filter(programme=programme, wave__isnull=False)
        .order_by("unit_key")
        .values_list("wave_id", "unit_key")
    ):
        units[wave_id].append(key)
    return {"load": selectors.wave_load(programme), "units": units, "user": user}


def _wave_response(user, wave, code=status.HTTP_200_OK) -> Response:
    wave = (
        selectors.waves_for_user(user, wave.programme).select_related("programme").get(pk=wave.pk)
    )
    return Response(
        s.WaveSerializer(wave, context=wave_context(user, wave.programme)).data, status=code
    )


class WaveList(generics.ListAPIView):
    serializer_class = s.WaveSerializer

    @extend_schema(
        operation_id="waves_list",
        parameters=[OpenApiParameter("programme", str, required=True)],
    )
    def get(self, request, *args, **kwargs):
        self.programme = _programme(request.query_params.get("programme"), required=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Wave.objects.none()
        return selectors.waves_for_user(self.request.user, self.programme).select_related(
            "programme"
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "programme", None) is not None:
            context.update(wave_context(self.request.user, self.programme))
        return context

    @extend_schema(
        operation_id="waves_create",
        request=s.WaveCreateSerializer,
        responses={201: s.WaveSerializer, **ERRORS},
    )
    def post(self, request, *args, **kwargs):
        require_coordinator(request.user)
        data = _valid(s.WaveCreateSerializer, request.data)
        wave = waves.wave_create(
            programme=data["programme"],
            day=data["date"],
            capacity_units=data["capacity_units"],
            capacity_residents=data["capacity_residents"],
            notes=data["notes"],
            by=request.user,
        )
        return _wave_response(request.user, wave, status.HTTP_201_CREATED)


class WaveDetail(APIView):
    def wave(self, pk) -> Wave:
        return get_object_or_404(Wave.objects.select_related("programme"), pk=pk)

    @extend_schema(operation_id="waves_retrieve", responses={200: s.WaveSerializer})
    def get(self, request, pk):
        return _wave_response(request.user, self.wave(pk))

    @extend_schema(
        operation_id="waves_partial_update",
        request=s.WaveUpdateSerializer,
        responses={200: s.WaveSerializer, **ERRORS},
    )
    def patch(self, request, pk):
        require_coordinator(request.user)
        wave = self.wave(pk)
        data = _valid(s.WaveUpdateSerializer, request.data, partial=True)
        wave = waves.wave_update(
            wave=wave,
            day=data.get("date", wave.date),
            capacity_units=data.get("capacity_units", wave.capacity_units),
            capacity_residents=data.get("capacity_residents", wave.capacity_residents),
            notes=data.get("notes", wave.notes),
            by=request.user,
        )
        return _wave_response(request.user, wave)

    @extend_schema(
        operation_id="waves_destroy",
        responses={204: None, 403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    def delete(self, request, pk):
        require_coordinator(request.user)
        wave = self.wave(pk)
        waves.wave_delete(wave=wave, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- the proposal and its confirmation -----------------------------------------------------


class ScheduleProposal(APIView):
    """The scheduler's proposal for a programme. Changes nothing: confirm what you accept."""

    @extend_schema(
        operation_id="schedule_proposal",
        request=s.ScheduleProposalRequestSerializer,
        responses={200: s.PROPOSAL, **ERRORS},
    )
    def post(self, request):
        require_coordinator(request.user)
        programme = _valid(s.ScheduleProposalRequestSerializer, request.data)["programme"]
        return Response(s.proposal_data(selectors.schedule_proposal(programme)))


def _assignments(raw) -> dict[str, int]:
    """[{unit, wave}, ...] -> {unit: wave}, or 400 with what is wrong with which item."""
    if not isinstance(raw, list):
        raise exceptions.ValidationError(
            {"assignments": [_("Give the assignments as a list of {unit, wave} objects.")]}
        )
    errors, assignments = [], {}
    for number, item in enumerate(raw, start=1):
        unit = item.get("unit") if isinstance(item, dict) else None
        wave = item.get("wave") if isinstance(item, dict) else None
        if not isinstance(unit, str) or not unit:
            errors.append(
                _("Assignment %(number)s: give the unit key as text.") % {"number": number}
            )
        elif not isinstance(wave, int) or isinstance(wave, bool) or not 0 < wave < 2**53:
            errors.append(
                _("Assignment %(number)s: give the wave id as a whole number.") % {"number": number}
            )
        elif unit in assignments:
            errors.append(
                _("%(unit)s is assigned more than once: give each unit one wave.") % {"unit": unit}
            )
        else:
            assignments[unit] = wave
    if errors:
        raise exceptions.ValidationError({"assignments": errors})
    return assignments


class ScheduleConfirm(APIView):
    """Put units into waves, all or nothing; answers the units' connections."""

    @extend_schema(
        operation_id="schedule_confirm",
        request=s.ScheduleConfirmSerializer,
        responses={200: s.ConnectionSerializer(many=True), **ERRORS},
    )
    def post(self, request):
        require_coordinator(request.user)
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError(
                {"detail": [_("Send an object with programme and assignments.")]}
            )
        programme = _programme(request.data.get("programme"), required=True)
        assignments = _assignments(request.data.get("assignments"))
        done = schedule.schedule_confirm(
            programme=programme, assignments=assignments, by=request.user
        )
        connections = list(
            selectors.connections_for_user(request.user).filter(pk__in=[c.pk for c in done])
        )
        return Response(
            s.ConnectionSerializer(connections, many=True, context=connection_context()).data
        )


# --- connections ---------------------------------------------------------------------------


def connection_context() -> dict:
    """Unit names of today's division and every programme's checklist: three queries."""
    items = defaultdict(list)
    for item in ChecklistItem.objects.order_by("programme", "position", "key"):
        items[item.programme_id].append(item)
    return {"names": {u.key: u.name for u in registry.connection_units()}, "items": items}


def _connection_response(user, pk) -> Response:
    connection = get_object_or_404(selectors.connections_for_user(user), pk=pk)
    return Response(s.ConnectionSerializer(connection, context=connection_context()).data)


class ConnectionList(generics.ListAPIView):
    serializer_class = s.ConnectionSerializer

    @extend_schema(
        operation_id="connections_list",
        parameters=[
            OpenApiParameter("programme", str),
            OpenApiParameter("unit", str, description="Consortium slug or municipality code"),
            OpenApiParameter("state", str, enum=ConnectionStatus.values),
        ],
    )
    def get(self, request, *args, **kwargs):
        params = request.query_params
        self.programme = _programme(params.get("programme"), required=False)
        if params.get("state") and params["state"] not in ConnectionStatus.values:
            raise exceptions.ValidationError(
                {
                    "state": [
                        _("Give one of: %(states)s.")
                        % {"states": ", ".join(ConnectionStatus.values)}
                    ]
                }
            )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = selectors.connections_for_user(self.request.user).order_by(
            "programme__launch_date", "unit_key"
        )
        params = self.request.query_params
        if getattr(self, "programme", None) is not None:
            qs = qs.filter(programme=self.programme)
        if params.get("unit"):
            qs = qs.filter(unit_key=params["unit"])
        if params.get("state"):
            qs = qs.filter(status=params["state"])
        return qs

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **connection_context()}


class ConnectionDetail(APIView):
    @extend_schema(operation_id="connections_retrieve", responses={200: s.ConnectionSerializer})
    def get(self, request, pk):
        return _connection_response(request.user, pk)


class ConnectionTransition(APIView):
    """POST /connections/{id}/{transition}/: start, connect or go_live."""

    @extend_schema(
        operation_id="connections_transition",
        parameters=[
            OpenApiParameter(
                "transition", str, OpenApiParameter.PATH, enum=list(connections.TRANSITIONS)
            )
        ],
        request=s.ConnectionTransitionSerializer,
        responses={200: s.ConnectionSerializer, 404: OpenApiTypes.OBJECT, **ERRORS},
    )
    def post(self, request, pk, transition):
        if transition not in connections.TRANSITIONS:
            raise exceptions.NotFound(
                _("Unknown transition %(name)s: use one of %(names)s.")
                % {"name": transition, "names": ", ".join(connections.TRANSITIONS)}
            )
        connection = get_object_or_404(selectors.connections_for_user(request.user), pk=pk)
        data = _valid(s.ConnectionTransitionSerializer, request.data)
        connections.connection_transition(
            connection=connection,
            transition=transition,
            by=request.user,
            on=data.get("on") if transition == "go_live" else None,
        )
        return _connection_response(request.user, pk)


class ConnectionTick(APIView):
    """POST /connections/{id}/checklist/{key}/ {"done": true|false}"""

    @extend_schema(
        operation_id="connections_checklist_tick",
        request=s.ChecklistTickSerializer,
        responses={200: s.ConnectionSerializer, 404: OpenApiTypes.OBJECT, **ERRORS},
    )
    def post(self, request, pk, key):
        connection = get_object_or_404(selectors.connections_for_user(request.user), pk=pk)
        done = _valid(s.ChecklistTickSerializer, request.data)["done"]
        connections.connection_tick(connection=connection, item_key=key, done=done, by=request.user)
        return _connection_response(request.user, pk)
