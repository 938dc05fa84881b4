import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onboarding.models import Municipality

DATE = "j.n.Y"  # a date in a list, as Finnish and Finland-Swedish write it


class ListTable(tables.Table):
    """What every list of the product shares: its look and 50 rows a page. django-tables2
    does not inherit Meta by itself: a subclass's own Meta subclasses ListTable.Meta."""

    class Meta:
        attrs = {"class": "data-table"}
        per_page = 50


class MunicipalityRowsTable(ListTable):
    """A list with a municipality in each row (`record.municipality`): its code first, and
    the code on the row (`data-code`) for the tests and scripts that find a row."""

    code = tables.Column(accessor="municipality__code", verbose_name=_("Code"))

    class Meta(ListTable.Meta):
        row_attrs = {"data-code": lambda record: record.municipality.code}
        empty_text = _("No municipalities match the filters.")


class MunicipalityTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"))
    # Both names are shown: each cell says its language (WCAG 3.1.2, language of parts).
    name_fi = tables.LinkColumn(
        "municipality_detail",
        args=[tables.A("code")],
        verbose_name=_("Name in Finnish"),
        attrs={"td": {"lang": "fi"}},
    )
    name_sv = tables.Column(verbose_name=_("Name in Swedish"), attrs={"td": {"lang": "sv"}})
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
