from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onboarding.models import Contact, Municipality, PopulationFigure, Programme


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
            "business_id",
            "einvoice_address",
            "einvoice_operator",
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
    """What a manager or coordinator may change: business ID and e-invoice details."""

    business_id = serializers.CharField(required=False, allow_blank=True, max_length=9)
    einvoice_address = serializers.CharField(required=False, allow_blank=True, max_length=35)
    einvoice_operator = serializers.CharField(required=False, allow_blank=True, max_length=100)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ConsortiumSerializer(serializers.Serializer):
    slug = serializers.CharField(source="consortium.slug")
    name = serializers.CharField(source="consortium.name")
    members = serializers.ListField(child=serializers.CharField(), source="member_codes")
    population = serializers.IntegerField()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
