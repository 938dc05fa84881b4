"""What the agreement page's forms accept, parsed and checked before a service sees it; the
services check what the rules demand (a signer's name, a date not in the future...)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

DATE_ERROR = _("Give the date as YYYY-MM-DD.")


class AgreementActionForm(forms.Form):
    """Every field any action takes; each action uses those it needs."""

    file = forms.FileField(label=_("Signed PDF"), required=False, allow_empty_file=True)
    signer_name = forms.CharField(label=_("Signer's name"), required=False, max_length=200)
    signer_title = forms.CharField(label=_("Signer's title"), required=False, max_length=200)
    signed_on = forms.DateField(
        label=_("Signing date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
    )
    authority = forms.CharField(label=_("Basis of authority"), required=False, max_length=300)
    reason = forms.CharField(label=_("Reason"), required=False)
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
    )
    language = forms.CharField(label=_("Language of the agreement"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.")
                % {"mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload
