import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onboarding.models import Municipality


class MunicipalityTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"))
    name_fi = tables.LinkColumn(
        "municipality_detail", args=[tables.A("code")], verbose_name=_("Name in Finnish")
    )
    name_sv = tables.Column(verbose_name=_("Name in Swedish"))
    region = tables.Column(
        accessor="region_name", verbose_name=_("Region"), order_by=("region", "name_fi")
    )
    language_status = tables.Column(verbose_name=_("Language status"))
    population = tables.Column(
        verbose_name=_("Population"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    population_date = tables.DateColumn(verbose_name=_("Population date"), format="j.n.Y")
    consortium_name = tables.Column(
        verbose_name=pgettext_lazy("library consortium", "Consortium"),
        default="—",
    )

    class Meta:
        model = Municipality
        fields = (
            "code",
            "name_fi",
            "name_sv",
            "region",
            "language_status",
            "population",
            "population_date",
            "consortium_name",
        )
        order_by = ("name_fi",)
        attrs = {"class": "data-table"}
        template_name = "tables/table.html"

    def order_population(self, queryset, is_descending):
        # A municipality merged away has no residents of its own: last either way.
        population = F("population")
        order = population.desc if is_descending else population.asc
        return queryset.order_by(order(nulls_last=True), "name_fi"), True

    def render_population(self, value):
        return f"{value:,}".replace(",", "\u00a0")

    def render_consortium_name(self, value, record):
        url = reverse("consortium_detail", args=[record.consortium_slug])
        return format_html('<a href="{}">{}</a>', url, value)

    def value_population(self, value):
        return value

    def value_population_date(self, value):
        return value.isoformat() if value else ""

    def value_language_status(self, value, record):
        return record.language_status
