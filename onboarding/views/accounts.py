import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onboarding import selectors
from onboarding.forms import InvitationForm, SetPasswordForm
from onboarding.models import Invitation
from onboarding.permissions import is_coordinator, require_coordinator
from onboarding.services import twofactor
from onboarding.services.accounts import (
    InvitationInvalid,
    api_token_revoke,
    invitation_accept,
    invitation_create,
    invitation_from_token,
    sign_out_everywhere,
)
from onboarding.views.twofactor import start_pending

# A token this close to its expiry is flagged in the token tables (account, integrations).
EXPIRES_SOON = datetime.timedelta(days=14)


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
            messages.success(request, _("Welcome! Your account is ready."))
            if twofactor.required(user):
                # Coordinators and finance set up their authenticator before the first login.
                user.backend = "django.contrib.auth.backends.ModelBackend"
                start_pending(request, user, reverse("home"))
                return redirect("two_factor_setup")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("home")
    return render(
        request, "registration/invitation_accept.html", {"form": form, "invitation": invitation}
    )


# --- the account page: own tokens, logging out everywhere -------------------------------


def _with_status(tokens):
    now = timezone.now()
    rows = list(tokens)
    for token in rows:
        token.expired = token.is_expired(now)
        token.expires_soon = not token.expired and token.expires_at - now <= EXPIRES_SOON
    return rows


@login_required
def account(request):
    """Who you are, your API tokens (only your own: name, created, expires, last used) with a
    revoke button each, and logging out everywhere."""
    return render(
        request,
        "onboarding/account.html",
        {
            "tokens": _with_status(selectors.api_tokens_of(request.user)),
            "token_days": settings.API_TOKEN_DAYS,
            "mints_per_hour": settings.API_TOKEN_MINTS_PER_HOUR,
            "sees_integration_tokens": is_coordinator(request.user),
            "two_factor": twofactor.status_of(request.user),
        },
    )


@login_required
@require_POST
def account_token_revoke(request, pk):
    # Only the user's own live tokens: another person's token id is 404 and changes nothing.
    token = get_object_or_404(selectors.api_tokens_of(request.user), pk=pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("account")


@login_required
@require_POST
def account_sign_out_everywhere(request):
    revoked = sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(
        request,
        _(
            "You were logged out on every device, and your API tokens were revoked "
            "(%(count)d). Log in again to go on."
        )
        % {"count": revoked},
    )
    return redirect("login")


# --- integration tokens (coordinators) --------------------------------------------------


@login_required
def integration_tokens(request):
    require_coordinator(request.user)
    return render(
        request,
        "onboarding/integration_tokens.html",
        {"tokens": _with_status(selectors.integration_tokens_for_user(request.user))},
    )


@login_required
@require_POST
def integration_token_revoke(request, pk):
    require_coordinator(request.user)
    token = get_object_or_404(selectors.integration_tokens_for_user(request.user), pk=pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(
        request,
        _("The token %(name)s of %(integration)s was revoked.")
        % {"name": token.name, "integration": token.user.get_full_name() or token.user.username},
    )
    return redirect("integration_tokens")
