"""The registry's stored texts as a reader of the page's language reads them: the reasons the
reference data load gives its changes, and the source of the loaded population figures. The
database keeps the stored text (provenance); pages show these."""

from django import template
from django.utils.translation import gettext_lazy as _

from onboarding.services.reference_data import POPULATION_SOURCE_2024

register = template.Library()

REASONS = {
    "load_reference_data": _("Loaded from the reference data"),
    "load_reference_data: municipal merger": _("Loaded from the reference data: a merger"),
}
SOURCES = {
    POPULATION_SOURCE_2024: _(
        "Statistics Finland, population on 31.12.2024 (the reference data's sources)"
    ),
}


@register.filter
def change_reason(text):
    """A history row's reason: a known code as words, anything typed by a person as it is."""
    return REASONS.get(text or "", text or "")


@register.filter
def population_source(text):
    return SOURCES.get(text or "", text or "")
