"""What the survey pages read from a query string, parsed before a view uses it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from surveys.models import RegistryChangeStatus


class CompareForm(forms.Form):
    """`?from=N&to=M`: the two submissions of a response to compare (default: the last two)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the fields are named through the form's mapping.
        self.fields["from"] = forms.IntegerField(required=False, min_value=1)
        self.fields["to"] = forms.IntegerField(required=False, min_value=1)


class RegistryChangeFilterForm(forms.Form):
    """`?status=open` (the default when not given; `?status=` lists every proposal)."""

    status = forms.ChoiceField(required=False)

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", RegistryChangeStatus.OPEN)
        super().__init__(data, *args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *RegistryChangeStatus.choices]
        self.fields["status"].label = _("Status")


class ResultsFilterForm(forms.Form):
    """`?region=18`: the results of one region's respondents (empty: everyone)."""

    region = forms.ChoiceField(required=False)

    def __init__(self, data=None, *, regions, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *regions]
        self.fields["region"].label = _("Region")

    def region_code(self) -> str:
        """The chosen region, or "" for everyone (also for a region that does not exist)."""
        return self.cleaned_data.get("region", "") if self.is_valid() else ""
