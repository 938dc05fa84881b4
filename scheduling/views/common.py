"""What the scheduling pages share: the programme of the URL and the units' names."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.formats import date_format

from onboarding import selectors as registry
from onboarding.models import Municipality, Programme


def programme_of(user, slug: str) -> Programme:
    return get_object_or_404(registry.programmes_for_user(user), slug=slug)


def unit_names() -> dict[str, str]:
    """Today's units by key; a single-municipality unit merged away since (Pertunmaa) keeps
    its municipality's name."""
    names = {
        code: Municipality(name_fi=fi, name_sv=sv).name
        for code, fi, sv in Municipality.objects.values_list("code", "name_fi", "name_sv")
    }
    return names | {unit.key: unit.name for unit in registry.connection_units()}


def month_name(day: datetime.date) -> str:
    return date_format(day, "F Y")
