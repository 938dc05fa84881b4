from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from onboarding.forms import InvitationForm, SetPasswordForm
from onboarding.models import Invitation
from onboarding.permissions import require_coordinator
from onboarding.services.accounts import (
    InvitationInvalid,
    invitation_accept,
    invitation_create,
    invitation_from_token,
)


@login_required
def invitation_list(request):
    require_coordinator(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invitation_create(
                invited_by=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                municipalities=list(data["municipalities"]),
                language=data["language"] or None,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("invitation_list")
    invitations = Invitation.objects.select_related("invited_by", "user").prefetch_related(
        "municipalities"
    )[:200]
    return render(
        request, "onboarding/invitation_list.html", {"form": form, "invitations": invitations}
    )


def invitation_accept_view(request, token):
    try:
        invitation = invitation_from_token(token)
    except InvitationInvalid as error:
        return render(
            request, "registration/invitation_invalid.html", {"error": str(error)}, status=410
        )
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error("password1", error)
        except InvitationInvalid as error:
            return render(
                request, "registration/invitation_invalid.html", {"error": str(error)}, status=410
            )
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("home")
    return render(
        request, "registration/invitation_accept.html", {"form": form, "invitation": invitation}
    )
