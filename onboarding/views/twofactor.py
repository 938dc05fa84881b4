"""The login with its second step, setting up an authenticator, and recovery codes.

A password that is right for a user who needs a code (onboarding.services.twofactor) does
not log in: the session remembers who is half-way (PENDING, for PENDING_SECONDS) and the
browser goes to the code page, or to the set-up page if a coordinator or finance person
has no authenticator yet. Only the right code logs in, and the login marks the session as
verified (django-otp's device id), which SecondFactorMiddleware checks on every request."""

import time

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from onboarding.forms import CodeForm, LoginForm, SetupCodeForm
from onboarding.models import User
from onboarding.services import twofactor

PENDING = "twofactor_pending"
PENDING_SECONDS = 5 * 60
MAX_FAILURES = 5


class LoginView(auth_views.LoginView):
    """Django's login, with the second step for those who need it."""

    redirect_authenticated_user = True
    authentication_form = LoginForm  # refuses staff passwords when STAFF_PASSWORD_LOGIN is off

    def form_valid(self, form):
        user = form.get_user()
        device = twofactor.authenticator_of(user)
        if device is None and not twofactor.required_for_role(user):
            return super().form_valid(form)
        start_pending(self.request, user, self.get_success_url())
        return redirect("two_factor_setup" if device is None else "two_factor_verify")


def start_pending(request, user: User, next_url: str) -> None:
    """Remember, in this session only, that `user` gave the right password (or accepted an
    invitation) and still owes the code."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "since": int(time.time()),
        "next": next_url,
        "failures": 0,
    }


def _pending(request) -> tuple[User | None, dict]:
    state = request.session.get(PENDING)
    if not isinstance(state, dict) or time.time() - state.get("since", 0) > PENDING_SECONDS:
        return None, {}
    user = User.objects.filter(pk=state.get("user"), is_active=True).first()
    return user, state


def _start_again(request):
    """Back to the password: with a word on why when a login was half-way and ran out."""
    if request.session.pop(PENDING, None) is not None:
        messages.error(request, _("Log in again: the time to enter the code ran out."))
    return redirect("login")


def _next_url(request, state) -> str:
    url = state.get("next") or reverse("home")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("home")


def _finish(request, user: User, state: dict, device) -> str:
    """Log in for real: a new session key, the user, and the device that verified it."""
    next_url = _next_url(request, state)
    request.session.pop(PENDING, None)
    login(request, user, backend=state["backend"])
    otp_login(request, device)
    return next_url


@never_cache
@sensitive_post_parameters("code")
def two_factor_verify(request):
    user, state = _pending(request)
    if user is None:
        return _start_again(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, was_recovery = twofactor.verify(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            state["failures"] = state.get("failures", 0) + 1
            request.session[PENDING] = state
            if state["failures"] >= MAX_FAILURES:
                request.session.pop(PENDING, None)
                messages.error(request, _("Too many wrong codes. Log in again."))
                return redirect("login")
            form.add_error("code", error.message_dict.get("code", error.messages))
        else:
            next_url = _finish(request, user, state, device)
            if was_recovery:
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; %(left)d are left. Make new ones "
                        "on your account page if you lost your authenticator."
                    )
                    % {"left": left},
                )
            return redirect(next_url)
    return render(request, "registration/two_factor_verify.html", {"form": form})


def _qr_svg(uri: str) -> str:
    # An inline <svg> of paths: no script, no style attribute, so the page's CSP holds.
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, omitsize=False)


@never_cache
@sensitive_post_parameters("code")
def two_factor_setup(request):
    """Set up an authenticator: half-way through a login (a role that needs one and has
    none), or from the account page (anyone logged in)."""
    user, state = _pending(request)
    pending = user is not None
    if pending and twofactor.authenticator_of(user) is not None:
        # Half-way with a password only: a new phone would replace the old one without its
        # code. Whoever has an authenticator gives its code (or a recovery code) first.
        return redirect("two_factor_verify")
    if not pending:
        if not request.user.is_authenticated:
            return _start_again(request)
        user = request.user
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.authenticator_confirm(
                user=user, proposal=form.cleaned_data["proposal"], code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error.message_dict.get("code", error.messages))
        else:
            device = twofactor.authenticator_of(user)
            if pending:
                next_url = _finish(request, user, state, device)
            else:
                otp_login(request, device)
                next_url = reverse("account")
            return render(
                request,
                "registration/two_factor_codes.html",
                {"codes": codes, "next_url": next_url, "first": True},
            )
    # A wrong code keeps the secret already scanned; an expired or foreign one gets a new one.
    proposal = request.POST.get("proposal", "") if request.method == "POST" else ""
    try:
        key = twofactor.secret_from(proposal, user)
    except ValidationError:
        proposal = twofactor.propose_secret(user)
        key = twofactor.secret_from(proposal, user)
    uri = twofactor.provisioning_uri(user, key)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "proposal": proposal,
            "qr": _qr_svg(uri),
            "secret": twofactor.base32_secret(key),
            "pending": pending,
            "required": twofactor.required_for_role(user),
        },
    )


@login_required
@require_POST
@sensitive_post_parameters("code")
def recovery_codes_renew(request):
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            codes = twofactor.recovery_codes_renew(
                user=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.message_dict.get("code", error.messages)))
        else:
            return render(
                request,
                "registration/two_factor_codes.html",
                {"codes": codes, "next_url": reverse("account"), "first": False},
            )
    else:
        messages.error(request, _("Enter the code from your authenticator app."))
    return redirect(reverse("account") + "#two-factor")


@login_required
@require_POST
@sensitive_post_parameters("code")
def two_factor_disable(request):
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the code from your authenticator app."))
        return redirect(reverse("account") + "#two-factor")
    try:
        twofactor.two_factor_disable(user=request.user, code=form.cleaned_data["code"])
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    except ValidationError as error:
        messages.error(request, " ".join(error.message_dict.get("code", error.messages)))
    else:
        messages.success(request, _("Two-step verification is off."))
    return redirect(reverse("account") + "#two-factor")
