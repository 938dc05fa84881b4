"""The coordinators' agreement list as a table: 50 rows a page, every column sortable."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from onboarding.tables import DATE, MunicipalityRowsTable


class AgreementTable(MunicipalityRowsTable):
    municipality = tables.TemplateColumn(
        accessor="municipality__name",
        verbose_name=_("Municipality"),
        template_name="contracts/cells/agreement_municipality.html",
    )
    status = tables.TemplateColumn(
        verbose_name=_("Status"),
        order_by=("status_rank", "municipality__name"),
        template_name="contracts/cells/agreement_status.html",
    )
    sent_on = tables.DateColumn(
        accessor="agreement__sent_on", verbose_name=_("Sent"), format=DATE, default="—"
    )
    signed_on = tables.DateColumn(
        accessor="agreement__signed_on", verbose_name=_("Signed"), format=DATE, default="—"
    )
    launch_cohort = tables.TemplateColumn(
        accessor="agreement__launch_cohort",
        verbose_name=_("Launch cohort"),
        template_code='{% load i18n %}{% if value %}{% translate "yes" %}{% else %}—{% endif %}',
        default="—",
    )
    unit = tables.TemplateColumn(
        verbose_name=_("Connection unit"),
        order_by=("unit_rank", "municipality__name"),
        template_name="contracts/cells/agreement_unit.html",
    )

    class Meta(MunicipalityRowsTable.Meta):
        pass
