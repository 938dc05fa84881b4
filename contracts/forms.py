"""What the agreement page's forms accept, parsed and checked before a service sees it; the
services check what the rules demand (a signer's name, a date not in the future...)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.models import SignatureEvidence
from onboarding.validators import typed_text_validators, validate_upload_size

DATE_ERROR = _("Give the date as YYYY-MM-DD.")


class TypedText(forms.CharField):
    """Typed text checked for control characters: our message (which names the character)
    replaces Django's own "Null characters are not allowed." so a NUL is reported once."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.validators = typed_text_validators(self.validators, multiline=multiline)


def evidence_text(label, name: str) -> TypedText:
    """A text field of the signing evidence, as long as its model field allows (the one
    source of the limit), one line."""
    return TypedText(label=label, required=False, max_length=SignatureEvidence.max_length(name))


class AgreementActionForm(forms.Form):
    """Every field any action takes; each action uses those it needs."""

    file = forms.FileField(label=_("Signed PDF"), required=False, allow_empty_file=True)
    signer_name = evidence_text(_("Signer's name"), "signer_name")
    signer_title = evidence_text(_("Signer's title"), "signer_title")
    signed_on = forms.DateField(
        label=_("Signing date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
    )
    authority = evidence_text(_("Basis of authority"), "authority")
    reason = TypedText(label=_("Reason"), required=False, multiline=True)
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
    )
    language = forms.CharField(label=_("Language of the agreement"), required=False)
    # Countersigning and declining cannot be undone: the page asks to confirm them.
    confirm = forms.BooleanField(label=_("Confirmed"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            validate_upload_size(upload.size)
        return upload
