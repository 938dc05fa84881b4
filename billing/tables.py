"""The finance pages' tables: the fee preview (a row per municipality, a Python list of
`FeeRow`) and the invoice list (a queryset, sorted in the database). 50 rows a page, every
column sortable; money and numbers sort as numbers."""

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from billing.models import InvoiceStatus
from onboarding import formatting
from onboarding.tables import DATE, ListTable

NUM = {"th": {"class": "num"}, "td": {"class": "num"}}


class FeeTable(ListTable):
    """Sorted in Python: a row without a figure (no population) comes first ascending and
    last descending. Ties go by the municipality's name."""

    municipality = tables.Column(accessor="municipality__name", verbose_name=_("Municipality"))
    population = tables.Column(
        accessor="fee__inputs__population",
        verbose_name=_("Population"),
        order_by=("fee__inputs__population", "municipality__name"),
        attrs=NUM,
        default="—",
    )
    population_date = tables.DateColumn(
        accessor="fee__inputs__population_date",
        verbose_name=_("Date"),
        order_by=("fee__inputs__population_date", "municipality__name"),
        format=DATE,
        default="",
    )
    months = tables.Column(
        accessor="fee__months",
        verbose_name=_("Months"),
        order_by=("fee__months", "municipality__name"),
        attrs=NUM,
    )
    amount = tables.Column(
        accessor="fee__amount",
        verbose_name=_("Amount"),
        order_by=("fee__amount", "municipality__name"),
        attrs=NUM,
    )
    payer = tables.Column(
        accessor="payer__name",
        verbose_name=_("Payer"),
        order_by=("payer__name", "municipality__name"),
    )
    # The billable first, then the blocked grouped by their reason.
    explanation = tables.TemplateColumn(
        verbose_name=_("Explanation"),
        order_by=("fee__blocked_reason", "municipality__name"),
        template_name="billing/cells/fee_explanation.html",
        empty_values=(),
    )

    class Meta(ListTable.Meta):
        attrs = {**ListTable.Meta.attrs, "aria-label": _("Fees")}
        row_attrs = {"data-code": lambda record: record.municipality.code}
        empty_text = _("No municipalities.")

    def render_population(self, value):
        return intcomma(value)

    def render_amount(self, value):
        return formatting.euros(value)


# The invoice number's own order (series, numbering year, sequence): unique, so it also breaks
# the ties of the other columns and no invoice shows on two pages or none.
NUMBER = ("series", "year", "sequence")


class InvoiceTable(ListTable):
    number = tables.TemplateColumn(
        verbose_name=_("Number"),
        order_by=NUMBER,
        template_name="billing/cells/invoice_number.html",
    )
    # The payer as the page's language names it (the invoice itself names it in its own).
    payer = tables.Column(
        accessor="payer__name", verbose_name=_("Payer"), order_by=("payer__name_fi", *NUMBER)
    )
    fee_year = tables.Column(verbose_name=_("Fee year"), order_by=("fee_year", *NUMBER))
    due_date = tables.DateColumn(
        verbose_name=_("Due"), format=DATE, order_by=("due_date", *NUMBER), default=""
    )
    reference = tables.Column(
        verbose_name=_("Reference"), order_by=("reference", *NUMBER), default=""
    )
    gross_total = tables.Column(
        verbose_name=_("Total (€)"), order_by=("gross_total", *NUMBER), attrs=NUM
    )
    status = tables.TemplateColumn(
        verbose_name=_("Status"), template_name="billing/cells/invoice_status.html"
    )

    class Meta(ListTable.Meta):
        attrs = {**ListTable.Meta.attrs, "aria-label": _("Invoices")}
        empty_text = _("No invoices.")

    def render_gross_total(self, value):
        return formatting.euros(value)

    def order_status(self, queryset, is_descending):
        """In the order of the workflow (issued, sent, paid, credited), not by the code."""
        rank = Case(
            *(When(status=status, then=Value(i)) for i, status in enumerate(InvoiceStatus)),
            default=Value(len(InvoiceStatus)),
            output_field=IntegerField(),
        )
        sign = "-" if is_descending else ""
        return (
            queryset.annotate(status_rank=rank).order_by(
                *(sign + name for name in ("status_rank", *NUMBER))
            ),
            True,
        )
