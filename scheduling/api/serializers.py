"""What the scheduling API reads and writes: waves, connections with their checklist, the
scheduler's proposal. Reads are shaped here; every change goes through scheduling.services."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from onboarding.models import Programme
from scheduling.models import Connection, Wave
from scheduling.scheduler import Reason
from scheduling.selectors import reason_text

DATE_ERRORS = {"invalid": gettext_lazy("Give the date as YYYY-MM-DD.")}
PROGRAMME_ERRORS = {
    "required": gettext_lazy("Give an existing programme slug."),
    "null": gettext_lazy("Give an existing programme slug."),
    "does_not_exist": gettext_lazy("Give an existing programme slug."),
    "invalid": gettext_lazy("Give an existing programme slug."),
}
NUMBER_ERRORS = {
    "invalid": gettext_lazy("Give a whole number, or null for no limit."),
    "max_string_length": gettext_lazy("Give a whole number, or null for no limit."),
}


def programme_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Programme.objects.all(),
        error_messages=PROGRAMME_ERRORS,
        **kwargs,
    )


# --- input ---------------------------------------------------------------------------------


class WaveCreateSerializer(serializers.Serializer):
    programme = programme_field()
    date = serializers.DateField(input_formats=["iso-8601"], error_messages=DATE_ERRORS)
    capacity_units = serializers.IntegerField(
        required=False, allow_null=True, default=None, error_messages=NUMBER_ERRORS
    )
    capacity_residents = serializers.IntegerField(
        required=False, allow_null=True, default=None, error_messages=NUMBER_ERRORS
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class WaveUpdateSerializer(serializers.Serializer):
    """Only the fields given change; the programme of a wave never does."""

    date = serializers.DateField(
        required=False, input_formats=["iso-8601"], error_messages=DATE_ERRORS
    )
    capacity_units = serializers.IntegerField(
        required=False, allow_null=True, error_messages=NUMBER_ERRORS
    )
    capacity_residents = serializers.IntegerField(
        required=False, allow_null=True, error_messages=NUMBER_ERRORS
    )
    notes = serializers.CharField(required=False, allow_blank=True)


class ScheduleProposalRequestSerializer(serializers.Serializer):
    programme = programme_field()


class ScheduleAssignmentSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="Connection unit key: consortium slug or code")
    wave = serializers.IntegerField(help_text="Wave id")


class ScheduleConfirmSerializer(serializers.Serializer):
    programme = serializers.CharField()
    assignments = ScheduleAssignmentSerializer(many=True)


class ConnectionTransitionSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False,
        input_formats=["iso-8601"],
        error_messages=DATE_ERRORS,
        help_text="go_live only: the go-live date, default today",
    )


class ChecklistTickSerializer(serializers.Serializer):
    done = serializers.BooleanField(
        error_messages={
            "required": gettext_lazy("Give done as true or false."),
            "null": gettext_lazy("Give done as true or false."),
            "invalid": gettext_lazy("Give done as true or false."),
        }
    )


# --- output --------------------------------------------------------------------------------


class WaveSerializer(serializers.ModelSerializer):
    """Context: `load` {wave id: (units, residents)} and `units` {wave id: [unit keys the
    user may see]}."""

    programme = serializers.CharField(source="programme.slug")
    units_held = serializers.SerializerMethodField()
    residents_held = serializers.SerializerMethodField()
    units = serializers.SerializerMethodField()

    class Meta:
        model = Wave
        fields = [
            "id",
            "programme",
            "date",
            "capacity_units",
            "capacity_residents",
            "notes",
            "units_held",
            "residents_held",
            "units",
            "is_demo",
        ]

    def get_units_held(self, obj) -> int:
        return self.context["load"].get(obj.pk, (0, 0))[0]

    def get_residents_held(self, obj) -> int | None:
        """None for a manager: with public populations, a wave's residents could tell which
        other municipality connects on that day."""
        user = self.context.get("user")
        if user is None or not user.sees_all_municipalities:
            return None
        return self.context["load"].get(obj.pk, (0, 0))[1]

    def get_units(self, obj) -> list[str]:
        return self.context["units"].get(obj.pk, [])


class ChecklistEntrySerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    done = serializers.BooleanField()
    done_at = serializers.DateTimeField(allow_null=True)


class ConnectionSerializer(serializers.ModelSerializer):
    """Context: `names` {unit key: name} and `items` {programme id: [ChecklistItem]}."""

    programme = serializers.CharField(source="programme.slug")
    unit = serializers.CharField(source="unit_key")
    unit_name = serializers.SerializerMethodField()
    wave = serializers.IntegerField(source="wave_id", allow_null=True)
    wave_date = serializers.DateField(source="wave.date", allow_null=True, default=None)
    state = serializers.CharField(source="status")
    checklist = serializers.SerializerMethodField()

    class Meta:
        model = Connection
        fields = [
            "id",
            "programme",
            "unit",
            "unit_name",
            "wave",
            "wave_date",
            "state",
            "go_live_on",
            "checklist",
            "is_demo",
        ]

    def get_unit_name(self, obj) -> str:
        return self.context["names"].get(obj.unit_key, obj.unit_key)

    @extend_schema_field(ChecklistEntrySerializer(many=True))
    def get_checklist(self, obj) -> list[dict]:
        ticks = {tick.item_id: tick for tick in obj.ticks.all()}
        return [
            {
                "key": item.key,
                "label": item.label,
                "done": item.pk in ticks,
                "done_at": ticks[item.pk].done_at if item.pk in ticks else None,
            }
            for item in self.context["items"].get(obj.programme_id, [])
        ]


# --- the proposal --------------------------------------------------------------------------


PROPOSAL = inline_serializer(
    "ScheduleProposal",
    {
        "placed": inline_serializer(
            "ProposalPlaced",
            {
                "unit": serializers.CharField(),
                "name": serializers.CharField(),
                "residents": serializers.IntegerField(),
                "launch_cohort": serializers.BooleanField(),
                "desired_month": serializers.DateField(allow_null=True),
                "wave": serializers.IntegerField(),
                "wave_date": serializers.DateField(),
            },
            many=True,
        ),
        "unplaced": inline_serializer(
            "ProposalUnplaced",
            {
                "unit": serializers.CharField(),
                "name": serializers.CharField(),
                "reason": serializers.ChoiceField(choices=[r.value for r in Reason]),
                "reason_text": serializers.CharField(),
                "blocking": serializers.ListField(child=serializers.CharField()),
                "desired_month": serializers.DateField(allow_null=True),
            },
            many=True,
        ),
        "kept": inline_serializer(
            "ProposalKept",
            {
                "unit": serializers.CharField(),
                "name": serializers.CharField(),
                "state": serializers.CharField(),
                "wave_date": serializers.DateField(allow_null=True),
            },
            many=True,
        ),
    },
)


def proposal_data(view) -> dict:
    """A `scheduling.selectors.ProposalView` as JSON-ready data."""
    return {
        "placed": [
            {
                "unit": row.key,
                "name": row.name,
                "residents": row.residents,
                "launch_cohort": row.launch_cohort,
                "desired_month": row.desired_month,
                "wave": row.proposed_wave.pk,
                "wave_date": row.proposed_wave.date,
            }
            for row in view.placed
        ],
        "unplaced": [
            {
                "unit": row.key,
                "name": row.name,
                "reason": str(row.reason),
                "reason_text": reason_text(row, view.programme),
                "blocking": list(row.blocking_names) if row.reason == Reason.INCOMPLETE else [],
                "desired_month": row.desired_month,
            }
            for row in view.unplaced
        ],
        "kept": [
            {
                "unit": row.key,
                "name": row.name,
                "state": row.connection.status,
                "wave_date": row.connection.wave.date if row.connection.wave_id else None,
            }
            for row in view.kept
        ],
    }
