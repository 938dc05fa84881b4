"""Forms of the scheduling pages. They only read the input; what a wave may be (a business
day ahead, with a capacity) is decided by `scheduling.services`, whose errors the views put
next to these same fields."""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scheduling.selectors import UnitRow


class WaveForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("A business day ahead; not a weekend or a Finnish public holiday."),
    )
    capacity_units = forms.IntegerField(
        label=gettext_lazy("Capacity (units)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=gettext_lazy("How many connection units at most; empty for no limit."),
    )
    capacity_residents = forms.IntegerField(
        label=gettext_lazy("Capacity (residents)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=gettext_lazy(
            "How many residents the units may have together; empty for no limit."
        ),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "day": data["date"],
            "capacity_units": data["capacity_units"],
            "capacity_residents": data["capacity_residents"],
            "notes": data["notes"].strip(),
        }


class UnitActionForm(forms.Form):
    """A unit's next step or checklist tick: the go-live date (default today) and the item."""

    on = forms.CharField(required=False)
    item = forms.SlugField(required=False, max_length=60)

    def clean_on(self) -> datetime.date | None:
        value = self.cleaned_data["on"].strip()
        if not value:
            return None
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return datetime.datetime.strptime(value, pattern).date()
            except ValueError:
                continue
        raise forms.ValidationError(
            _("%(value)s is not a date: give the go-live date as DD.MM.YYYY.") % {"value": value}
        )


# --- the proposal: a wave, or left out, for each unit ------------------------------------


@dataclass
class Choice:
    row: UnitRow
    wave_id: str
    skip: bool


def read_choices(post, view) -> tuple[dict[str, Choice], list[str]]:
    """The coordinator's choices from the form, and what is wrong with them in words."""
    rows = {row.key: row for row in view.rows}
    waves = {wave.pk: wave for wave in view.waves}
    choices, errors = {}, []
    for key in dict.fromkeys(post.getlist("unit")):
        if key not in rows:
            errors.append(_("Unknown connection unit %(key)s.") % {"key": key})
            continue
        choices[key] = Choice(
            rows[key], post.get(f"wave-{key}", "").strip(), post.get(f"skip-{key}") == "on"
        )
    for choice in choices.values():
        if choice.skip:
            continue
        try:
            wave_id = int(choice.wave_id)
        except ValueError:
            errors.append(
                _("The wave chosen for %(unit)s is not a wave: %(value)s.")
                % {"unit": choice.row.name, "value": choice.wave_id or "—"}
            )
            continue
        if wave_id not in waves:
            errors.append(
                _("Wave %(id)s is not a wave ahead in %(programme)s (chosen for %(unit)s).")
                % {"id": wave_id, "programme": view.programme.name, "unit": choice.row.name}
            )
    return choices, errors
