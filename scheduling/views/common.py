"""What the scheduling pages share: the programme of the URL and the units' names."""

import datetime

from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from onboarding import selectors as registry
from onboarding.models import Municipality, Programme, Stage


def connecting_programmes(user) -> list[Programme]:
    """The user's programmes that connect their participants (a survey-only programme has
    no calendar)."""
    return [p for p in registry.programmes_for_user(user) if p.has_stage(Stage.CONNECTION)]


def programme_of(user, slug: str) -> Programme:
    programme = next((p for p in connecting_programmes(user) if p.slug == slug), None)
    if programme is None:
        raise Http404(_("No programme %(slug)s.") % {"slug": slug})
    return programme


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
