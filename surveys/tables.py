"""The coordinators' survey overview as a table: 50 municipalities a page, every column
sortable (the status in the workflow's order, dates as dates, names by name)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from onboarding.tables import DATE, MunicipalityRowsTable


class OverviewTable(MunicipalityRowsTable):
    municipality = tables.TemplateColumn(
        accessor="municipality__name",
        verbose_name=_("Municipality"),
        template_name="surveys/cells/overview_municipality.html",
    )
    consortium = tables.Column(
        accessor="municipality__consortium_name",
        verbose_name=_("Consortium"),
        order_by=("municipality__consortium_name", "municipality__name"),
        default="—",
    )
    region = tables.Column(
        accessor="municipality__region_name",
        verbose_name=_("Region"),
        order_by=("municipality__region_name", "municipality__name"),
    )
    status = tables.TemplateColumn(
        verbose_name=_("Status"),
        order_by=("status_rank", "municipality__name"),
        template_name="surveys/cells/overview_status.html",
    )
    updated = tables.DateColumn(
        accessor="response__updated_at",
        verbose_name=_("Updated"),
        order_by=("response__updated_at", "municipality__name"),
        format=DATE,
        default="—",
    )

    class Meta(MunicipalityRowsTable.Meta):
        template_name = "surveys/overview_table.html"
