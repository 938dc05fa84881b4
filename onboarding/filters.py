"""Filters shared by the municipality list page, its exports and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.models import Consortium, LanguageStatus
from onboarding.regions import region_code_of
from onboarding.selectors import regions


def _region_choices():
    return [(code, name) for code, name in regions()]


class RegionChoiceField(django_filters.fields.ChoiceField):
    """A region code from the list, or a region's name (`?region=Uusimaa`), as documented."""

    def valid_value(self, value):
        if super().valid_value(value):
            return True
        text = str(value).strip().lower()
        if region_code_of(text):  # a region's name in Finnish or Swedish
            return True
        return any(text == str(name).lower() for code, name in self.choices if code)


class RegionFilter(django_filters.ChoiceFilter):
    field_class = RegionChoiceField


def _consortium_choices():
    return [("none", _("No consortium (own library system)"))] + list(
        Consortium.objects.order_by("name").values_list("slug", "name")
    )


class MunicipalityFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Name or code"), method="filter_search")
    region = RegionFilter(
        label=_("Region"),
        choices=_region_choices,
        method="filter_region",
        empty_label=_("All regions"),
    )
    consortium = django_filters.ChoiceFilter(
        label=_("Consortium"),
        choices=_consortium_choices,
        method="filter_consortium",
        empty_label=_("All consortia"),
    )
    language_status = django_filters.ChoiceFilter(
        label=_("Language status"),
        choices=LanguageStatus.choices,
        empty_label=_("All language statuses"),
    )

    def filter_search(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_fi__icontains=value) | Q(name_sv__icontains=value) | Q(code__startswith=value)
        )

    def filter_region(self, queryset, name, value: str):
        value = value.strip()
        code = region_code_of(value) or value
        return queryset.filter(Q(region_code=code) | Q(region__iexact=value))

    def filter_consortium(self, queryset, name, value: str):
        if value == "none":
            return queryset.filter(consortium_slug__isnull=True)
        return queryset.filter(consortium_slug=value)
