"""The tables that stand in for the maps (for screen readers and for reading figures): 50
rows a page, sortable, so that their cost does not grow with the registry."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from onboarding.tables import ListTable

NAME_LINK = '<a href="{% url "municipality_detail" record.code %}">{{ record.name }}</a>'


class _MapTableBase(ListTable):
    name = tables.TemplateColumn(NAME_LINK, verbose_name=_("Municipality"), order_by=("name",))
    code = tables.Column(verbose_name=_("Code"))


class StatusTable(_MapTableBase):
    """The dashboard's map: a municipality's residents and onboarding status."""

    population = tables.TemplateColumn(
        "{% load humanize %}{{ value|intcomma }}",
        verbose_name=_("Residents"),
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )
    status = tables.Column(verbose_name=_("Status"), order_by=("rank", "name"))

    class Meta(ListTable.Meta):
        pass


class ColouringTable(_MapTableBase):
    """The full map's colouring: the value a municipality is coloured by."""

    class Meta(ListTable.Meta):
        pass

    def __init__(self, data, *, label, **kwargs):
        value = tables.Column(verbose_name=label)
        super().__init__(data, extra_columns=[("value", value)], **kwargs)
