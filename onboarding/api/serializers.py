from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onboarding.models import ApiToken, Contact, Municipality, PopulationFigure, Programme
from onboarding.services.accounts import DEFAULT_TOKEN_NAME
from onboarding.services.registry import EDITABLE_DETAILS, change_reason_max_length


class ProgrammeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "slug",
            "name",
            "name_fi",
            "name_sv",
            "name_en",
            "launch_date",
            "signing_deadline",
            "fee_per_resident",
            "population_reference_rule",
            "population_reference_date",
            "vat_rate",
        ]


class MunicipalitySerializer(serializers.ModelSerializer):
    population = serializers.IntegerField(read_only=True, allow_null=True)
    population_date = serializers.DateField(read_only=True, allow_null=True)
    consortium = serializers.SerializerMethodField()

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name_fi",
            "name_sv",
            "region",
            "region_code",
            "language_status",
            "population",
            "population_date",
            "consortium",
            *EDITABLE_DETAILS,
            "valid_from",
            "valid_to",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_consortium(self, obj) -> str | None:
        return obj.consortium_slug


class PopulationFigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = PopulationFigure
        fields = ["date", "population", "source"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["kind", "name", "title", "email", "phone"]


class MunicipalityDetailSerializer(MunicipalitySerializer):
    population_history = PopulationFigureSerializer(
        source="population_figures", many=True, read_only=True
    )
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta(MunicipalitySerializer.Meta):
        fields = MunicipalitySerializer.Meta.fields + ["population_history", "contacts"]


class MunicipalityDetailsSerializer(serializers.Serializer):
    """What a manager or coordinator may change: business ID, e-invoice details, the postal
    address of invoices and who signs agreements on whose decision."""

    business_id = serializers.CharField(required=False, allow_blank=True, max_length=9)
    einvoice_address = serializers.CharField(required=False, allow_blank=True, max_length=35)
    einvoice_operator = serializers.CharField(required=False, allow_blank=True, max_length=100)
    street_address = serializers.CharField(required=False, allow_blank=True, max_length=100)
    postal_code = serializers.CharField(required=False, allow_blank=True, max_length=5)
    post_office = serializers.CharField(required=False, allow_blank=True, max_length=50)
    signatory_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    signatory_title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    decision_body = serializers.CharField(required=False, allow_blank=True, max_length=200)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=change_reason_max_length()
    )


class ConsortiumSerializer(serializers.Serializer):
    slug = serializers.CharField(source="consortium.slug")
    name = serializers.CharField(source="consortium.name")
    members = serializers.ListField(child=serializers.CharField(), source="member_codes")
    population = serializers.IntegerField()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="The code of two-step verification (authenticator app or recovery code): "
        "required for coordinators, finance and those who turned it on.",
    )
    name = serializers.CharField(
        max_length=ApiToken._meta.get_field("name").max_length,
        default=DEFAULT_TOKEN_NAME,
        help_text="The token's name; a new token replaces your token of the same name.",
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()
