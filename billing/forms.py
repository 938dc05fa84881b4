"""What finance pages accept, parsed and checked before a service sees it. A money amount
takes a comma or a point as its decimal separator, as Finnish and Swedish users write it."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from onboarding.models import Programme
from onboarding.validators import validate_upload_size

YEAR_ERROR = _("Give the year as a number from 2000 to 2100, e.g. 2025.")


class AmountField(forms.CharField):
    """A sum typed as a Finn types it ("1 250,50"), within the digits of the column it goes
    to (by default the invoices' 12 digits with 2 decimals, billing.models)."""

    def __init__(self, *args, max_digits: int = 12, decimal_places: int = 2, **kwargs):
        self.whole_digits = max_digits - decimal_places
        self.step = Decimal(1).scaleb(-decimal_places)
        self.decimal_places = decimal_places
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        raw = (super().to_python(value) or "").strip().replace("\u00a0", "").replace(" ", "")
        if not raw:
            return None
        try:
            amount = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise forms.ValidationError(
                _("'%(value)s' is not an amount."), params={"value": raw}
            ) from None
        if not amount.is_finite():
            raise forms.ValidationError(_("'%(value)s' is not an amount."), params={"value": raw})
        if amount.adjusted() >= self.whole_digits:  # no arithmetic: 1E+999999999 overflows
            raise forms.ValidationError(_("'%(value)s' is too large."), params={"value": raw})
        if amount != amount.quantize(self.step):
            raise forms.ValidationError(
                _("Give at most %(places)d decimals.") % {"places": self.decimal_places}
            )
        return amount


def programme_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Programme.objects.all(),
        to_field_name="slug",
        label=_("Programme"),
        error_messages={
            "required": _("Choose a programme."),
            "invalid_choice": _("Give an existing programme slug."),
        },
    )


class ProgrammeYearForm(forms.Form):
    programme = programme_field()
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": YEAR_ERROR,
            "invalid": YEAR_ERROR,
            "min_value": YEAR_ERROR,
            "max_value": YEAR_ERROR,
        },
    )


class YearForm(forms.Form):
    """`?year=`: the fee year a page shows (a page falls back to this year on bad input)."""

    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)


class CreditForm(forms.Form):
    amount = AmountField(label=_("Amount"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False)


class RateDecisionForm(forms.Form):
    programme = programme_field()
    rate = AmountField(label=_("Rate per resident per year (€)"), max_digits=8, decimal_places=4)
    from_year = forms.IntegerField(
        label=_("From year"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": YEAR_ERROR, "min_value": YEAR_ERROR, "max_value": YEAR_ERROR},
    )
    basis = forms.CharField(label=_("Basis"))
    cost_analysis_url = forms.CharField(
        label=_("Link to the cost analysis"), required=False, max_length=300
    )
    decided_by = forms.CharField(label=_("Decided by"), max_length=200)
    decided_on = forms.DateField(
        label=_("Decided on"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )


class PaymentFileForm(forms.Form):
    file = forms.FileField(
        label=_("Payment file (CSV)"), error_messages={"required": _("Choose a CSV file.")}
    )
    dates_checked = forms.BooleanField(
        label=_("Dates checked"),
        required=False,
        help_text=_(
            "Tick this to import payment dates more than a year before or after today, after "
            "checking that they are right."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload_size(upload.size, limit=settings.MAX_IMPORT_BYTES)
        return upload


def error_messages(form: forms.Form) -> list[str]:
    """Each error of a form as one line that names its field."""
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines += [f"{label}: {e}" if label else str(e) for e in errors]
    return lines
