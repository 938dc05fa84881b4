from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onboarding.models import Contact, Municipality, Role
from onboarding.oidc import STAFF_PASSWORD_LOGIN_OFF, password_login_allowed
from onboarding.services.registry import change_reason_max_length
from onboarding.validators import (
    normalize_einvoice_address,
    validate_business_id,
    validate_einvoice_address,
    validate_postal_code,
)


class LoginForm(AuthenticationForm):
    """The login page's form: with STAFF_PASSWORD_LOGIN off, a coordinator's or finance
    user's right password is refused (they log in through the provider, onboarding/oidc.py)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not password_login_allowed(user):
            raise forms.ValidationError(STAFF_PASSWORD_LOGIN_OFF, code="staff_password_login")


class MunicipalityDetailsForm(forms.Form):
    business_id = forms.CharField(
        label=_("Business ID"),
        required=False,
        max_length=9,
        validators=[validate_business_id],
        help_text=_("Finnish business ID (Y-tunnus), e.g. 0201256-6."),
    )
    einvoice_address = forms.CharField(
        label=_("E-invoice address"),
        required=False,
        max_length=35,
        help_text=_("OVT code, e.g. 003701577119."),
    )
    einvoice_operator = forms.CharField(
        label=_("E-invoice operator"),
        required=False,
        max_length=100,
        help_text=_("The operator and its intermediary ID, e.g. CGI 003703575029."),
    )
    street_address = forms.CharField(
        label=_("Street address"), required=False, max_length=100, help_text=_("For invoices.")
    )
    postal_code = forms.CharField(
        label=_("Postal code"), required=False, max_length=5, validators=[validate_postal_code]
    )
    post_office = forms.CharField(label=_("Post office"), required=False, max_length=50)
    signatory_name = forms.CharField(
        label=_("Signatory's name"),
        required=False,
        max_length=200,
        help_text=_("Who signs agreements for the municipality."),
    )
    signatory_title = forms.CharField(label=_("Signatory's title"), required=False, max_length=200)
    decision_body = forms.CharField(
        label=_("Decision body"),
        required=False,
        max_length=200,
        help_text=_("The body that decides on the agreement, e.g. Kunnanhallitus."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=change_reason_max_length(),
        help_text=_("Kept in the change history."),
    )

    def clean_business_id(self):
        return self.cleaned_data["business_id"].strip()

    def clean_einvoice_address(self):
        # Validated after normalising, so "0037 0123 4567" and lower case are accepted.
        value = normalize_einvoice_address(self.cleaned_data["einvoice_address"])
        validate_einvoice_address(value)
        return value


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["kind", "name", "title", "email", "phone"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in Role if r != Role.INTEGRATION],
        initial=Role.MANAGER,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.order_by("name_fi"),
        required=False,
        to_field_name="code",
        help_text=_("The municipalities a manager looks after. Hold Ctrl to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[
            ("", _("The municipality's language")),
            ("fi", _("Finnish")),
            ("sv", _("Swedish")),
            ("en", _("English")),
        ],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.MANAGER and not data.get("municipalities"):
            self.add_error("municipalities", _("Choose at least one municipality."))
        return data


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class DayForm(forms.Form):
    """`?on=YYYY-MM-DD`, the day a page or an API answer is about (default: today)."""

    on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )

    def day(self, default=None):
        """The day asked for, or `default` (when none is given or it is not a date)."""
        if self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return default


class MergerForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merges into"),
        queryset=Municipality.objects.filter(merged_into__isnull=True).order_by("name_fi"),
        to_field_name="code",
        error_messages={"invalid_choice": _("Choose a municipality of the registry.")},
    )
    on = forms.DateField(
        label=_("Merger takes effect on"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("1 January of the year from which the municipalities are one."),
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=change_reason_max_length(),
        help_text=_("Kept in the change history, e.g. the decision of the Council of State."),
    )


class CodeForm(forms.Form):
    """A code of the second step: six digits from the authenticator, or a recovery code."""

    code = forms.CharField(
        label=pgettext_lazy("two-step verification", "Code"),
        max_length=40,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
        help_text=_("The 6-digit code your authenticator app shows, or a recovery code."),
    )


class SetupCodeForm(forms.Form):
    """The first code from a new authenticator, with the signed secret it was set up with."""

    proposal = forms.CharField(widget=forms.HiddenInput, max_length=500)
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        help_text=_("The 6-digit code the app shows after you added the account."),
    )
