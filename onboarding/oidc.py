"""Staff single sign-on with OpenID Connect (mozilla-django-oidc 5.0.2).

Coordinators and finance staff log in through their organisation's identity provider; their
role follows a claim (OIDC_ROLE_CLAIM, e.g. "groups") through OIDC_GROUP_ROLES at every login.
Municipal managers never come this way: the mapping may name only coordinator and finance.

What mozilla-django-oidc checks itself, and what this module adds:
- It checks the ID token's signature with the provider's key of the token's `kid` and that the
  header's `alg` is OIDC_RP_SIGN_ALGO; PyJWT then checks `exp`, `iat` and `nbf` when present.
  It does not check `iss` or `aud` (it passes verify_aud=False), requires none of the claims
  (a token without `exp` would pass), compares the nonce only as equal values, and lets an
  expired token or an unreachable provider escape as an exception (a 500).
- So `verify_token` here decodes again with audience = our client id, issuer = OIDC_OP_ISSUER,
  `iss`, `sub`, `aud`, `exp`, `iat` and `nonce` required, a bounded clock skew, `azp` when there
  are several audiences, and the nonce compared in constant time; the userinfo answer must be
  about the ID token's `sub` (OpenID Connect Core 5.3.2).
- Every failure is a `Refusal` with a reason: the callback view shows that reason's
  translated message on the login page, logs the reason (never a name, address or subject)
  and stores nothing: no user is created or changed before every check has passed.

The callback view calls this backend directly instead of `django.contrib.auth.authenticate`:
the password backends (and django-axes's counting of failed password logins) have no part
in a login the provider has already decided.
"""

import json
import logging

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from onboarding.models import Role, User
from onboarding.models.people import NATIONWIDE_ROLES
from onboarding.validators import validate_no_control_characters

logger = logging.getLogger(__name__)

BACKEND = "onboarding.oidc.StaffOIDCBackend"
# The only roles a login through the provider can give.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.FINANCE})

# Each refusal's message on the login page: what happened and what to do, in the user's words.
REFUSALS = {
    "no_claim": _(
        "Your organisation's sign-in did not tell this service which group you belong to, so "
        "you cannot be given a role here. Ask your organisation's user administration to "
        "check your account, or the e-library unit for help."
    ),
    "no_role": _(
        "Your organisation account is not in a group that has a role in this service "
        "(coordinators or finance). Municipal library managers log in with the username and "
        "password of their invitation."
    ),
    "ambiguous_role": _(
        "Your organisation account is in the groups of both coordinators and finance; this "
        "service gives one role only. Ask your organisation's user administration to keep "
        "one of them."
    ),
    "account": _(
        "Your organisation account cannot be joined to a user of this service. Ask the "
        "e-library unit to check your user."
    ),
    "inactive": _("Your user account in this service has been deactivated."),
    "expired": _(
        "The organisation's sign-in answered with an expired login. Try again; if it happens "
        "again, tell the e-library unit (the clocks of the services may disagree)."
    ),
    "token": _(
        "The organisation's sign-in answered with a login this service does not accept. "
        "Try again; if it happens again, tell the e-library unit."
    ),
    "provider": _(
        "The organisation's sign-in service refused the login or could not be reached. "
        "Try again later, or tell the e-library unit."
    ),
    "cancelled": _("The login at the organisation's sign-in service was cancelled."),
    "state": _(
        "The login expired or was started in another browser window. Start it again from this page."
    ),
}

STAFF_PASSWORD_LOGIN_OFF = _(
    "Coordinators and finance staff log in with the organisation's account, not with a "
    "password: use the button for the organisation's account."
)


class Refusal(Exception):
    """A login through the provider refused; `reason` is a key of REFUSALS, `detail` says
    which check for the log (never personal data)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail or reason


def oidc_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def group_roles() -> dict[str, str]:
    """OIDC_GROUP_ROLES as a dict of group -> role: a dict, a JSON object, or
    "group=role,group=role". A role other than coordinator or finance is a configuration
    error, never a way in for a municipal manager."""
    value = settings.OIDC_GROUP_ROLES
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):
            try:
                value = json.loads(text)
            except ValueError as error:
                raise ImproperlyConfigured(f"OIDC_GROUP_ROLES is not valid JSON: {error}") from None
        else:
            value = {}
            for pair in filter(None, (part.strip() for part in text.split(","))):
                group, separator, role = pair.rpartition("=")
                if not separator or not group.strip():
                    raise ImproperlyConfigured(f"OIDC_GROUP_ROLES: {pair!r} is not group=role")
                value[group.strip()] = role.strip()
    if not isinstance(value, dict):
        raise ImproperlyConfigured("OIDC_GROUP_ROLES must map groups to roles")
    for group, role in value.items():
        if role not in STAFF_ROLES:
            raise ImproperlyConfigured(
                f"OIDC_GROUP_ROLES maps {group!r} to {role!r}: only coordinator and finance "
                "come through single sign-on"
            )
    return {str(group): Role(role) for group, role in value.items()}


def role_for_claims(claims: dict) -> Role:
    """The role the claims' groups map to; refused when the claim is missing, maps to no
    role, or maps to both."""
    value = claims.get(settings.OIDC_ROLE_CLAIM)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise Refusal("no_claim")
    mapping = group_roles()
    roles = {mapping[group] for group in value if isinstance(group, str) and group in mapping}
    if not roles:
        raise Refusal("no_role")
    if len(roles) > 1:
        raise Refusal("ambiguous_role")
    return roles.pop()


def password_login_allowed(user) -> bool:
    """Whether `user` may log in with a password (the login page, the admin's login, the API
    token exchange). With STAFF_PASSWORD_LOGIN off, coordinators and finance log in through
    the provider only; municipal managers always use their password, and a superuser keeps
    it as the way in when the provider is down."""
    if settings.STAFF_PASSWORD_LOGIN or user.is_superuser:
        return True
    return user.role not in NATIONWIDE_ROLES


def _one_line(value, limit: int) -> str:
    """A name claim fit for the user's name fields, or "" when it is not."""
    if not isinstance(value, str):
        return ""
    value = value.strip()[:limit]
    try:
        validate_no_control_characters(value)
    except ValidationError:
        return ""
    return value


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Users from the provider's claims: matched by `sub`, linked by verified e-mail at the
    first login, created when new, their role following the claim at every login."""

    def authenticate(self, request, nonce=None, code_verifier=None, **credentials):
        # Only the callback view's call: a password login's credentials are not ours.
        if credentials or request is None or nonce is None or not oidc_enabled():
            return None
        if not request.GET.get("code") or not request.GET.get("state"):
            raise Refusal("state", "no code or state")
        try:
            user = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except Refusal:
            raise
        except requests.RequestException as error:
            status = getattr(error.response, "status_code", None)
            raise Refusal("provider", f"{type(error).__name__} {status or ''}".strip()) from None
        except (SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
            raise Refusal("token", type(error).__name__) from None
        if user is None:
            raise Refusal("account", "no user")
        return user

    def verify_token(self, token, **kwargs):
        nonce = kwargs.get("nonce")
        if not isinstance(token, str) or not token:
            raise Refusal("token", "no ID token")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Refusal("token", "malformed ID token") from None
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise Refusal("token", "alg")
        key = self.retrieve_matching_jwk(token)
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER,
                leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.ExpiredSignatureError:
            raise Refusal("expired", "exp") from None
        except jwt.InvalidAudienceError:
            raise Refusal("token", "aud") from None
        except jwt.InvalidIssuerError:
            raise Refusal("token", "iss") from None
        except jwt.ImmatureSignatureError:
            raise Refusal("token", "iat or nbf in the future") from None
        except jwt.PyJWTError as error:
            raise Refusal("token", type(error).__name__) from None
        audience = payload["aud"]
        if isinstance(audience, list) and len(audience) > 1:
            if payload.get("azp") != self.OIDC_RP_CLIENT_ID:
                raise Refusal("token", "azp")
        token_nonce = payload.get("nonce")
        if not nonce or not isinstance(token_nonce, str):
            raise Refusal("token", "no nonce")
        if not constant_time_compare(token_nonce, nonce):
            raise Refusal("token", "nonce")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if not isinstance(userinfo, dict) or userinfo.get("sub") != payload["sub"]:
            raise Refusal("token", "userinfo sub")
        # The role claim may come in either; the userinfo answer is the newer word.
        return {**payload, **userinfo}

    def verify_claims(self, claims):
        email = claims.get("email")
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject or len(subject) > 255:
            raise Refusal("token", "no sub, or longer than 255")
        if not isinstance(email, str):
            raise Refusal("account", "no e-mail")
        try:
            validate_email(email)
        except ValidationError:
            raise Refusal("account", "invalid e-mail") from None
        role_for_claims(claims)
        return True

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        self.verify_claims(claims)
        role = role_for_claims(claims)
        subject, email = claims["sub"], claims["email"].strip()
        first_name = _one_line(claims.get("given_name"), 150)
        last_name = _one_line(claims.get("family_name"), 150)
        try:
            return self._user_for(subject, email, role, first_name, last_name, claims)
        except IntegrityError:
            # Two first logins of one person at the same moment: the other one made the user.
            raise Refusal("state", "concurrent first login") from None

    def _user_for(self, subject, email, role, first_name, last_name, claims):
        with transaction.atomic():
            user = User.objects.select_for_update().filter(oidc_subject=subject).first()
            if user is None:
                user = self._link_by_email(email, claims)
            if user is None:
                return self._create(subject, email, role, first_name, last_name)
            if not user.is_active:
                raise Refusal("inactive", "inactive user")
            if user.role not in STAFF_ROLES:
                # A municipal manager's or an integration's account never becomes staff
                # because an address matched.
                raise Refusal("account", "not a staff user")
            changed = {"role": role, "oidc_subject": subject, "email": email}
            if first_name:
                changed["first_name"] = first_name
            if last_name:
                changed["last_name"] = last_name
            changed = {f: v for f, v in changed.items() if getattr(user, f) != v}
            if "role" in changed:
                logger.info("OIDC login: user %s role %s -> %s", user.pk, user.role, role)
            for field, value in changed.items():
                setattr(user, field, value)
            if changed:
                user.save(update_fields=list(changed))
            return user

    def _link_by_email(self, email, claims):
        users = list(User.objects.select_for_update().filter(email__iexact=email)[:2])
        if not users:
            return None
        if len(users) > 1:
            raise Refusal("account", "several users with the e-mail")
        if users[0].oidc_subject:
            raise Refusal("account", "e-mail linked to another subject")
        if claims.get("email_verified") is not True:
            raise Refusal("account", "e-mail not verified by the provider")
        return users[0]

    def _create(self, subject, email, role, first_name, last_name):
        username = email.lower()
        if len(username) > 150 or User.objects.filter(username__iexact=username).exists():
            raise Refusal("account", "username taken")
        user = User(
            username=username,
            email=email,
            role=role,
            first_name=first_name,
            last_name=last_name,
            oidc_subject=subject,
        )
        user.set_unusable_password()
        user.save()
        logger.info("OIDC login: user %s created with role %s", user.pk, role)
        return user

    def get_user(self, user_id):
        # ModelBackend's: a deactivated user's session ends (mozilla-django-oidc's does not).
        return ModelBackend.get_user(self, user_id)


class StaffOIDCAuthenticationRequestView(OIDCAuthenticationRequestView):
    """/oidc/authenticate/: to the provider, with state, nonce and PKCE in the session."""

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        return super().get(request)


class StaffOIDCCallbackView(OIDCAuthenticationCallbackView):
    """/oidc/callback/: the provider's answer. A refusal is a message on the login page."""

    def get(self, request):
        if not oidc_enabled():
            raise Http404
        state = request.GET.get("state")
        states = request.session.get("oidc_states") or {}
        if request.GET.get("error"):
            # The provider's error code is a protocol word (access_denied, login_required).
            error = request.GET["error"]
            if state in states:
                del states[state]
                request.session.modified = True
            if request.user.is_authenticated:
                auth.logout(request)
            return self.refused(Refusal("cancelled" if error == "access_denied" else "provider"))
        if not isinstance(state, str) or state not in states:
            return self.refused(Refusal("state", "unknown state"))
        # One use only, whatever the outcome.
        entry = states.pop(state)
        request.session.modified = True
        request.session.save()
        # RFC 9207: a provider that names itself in the answer must be ours (mix-up attacks).
        if "iss" in request.GET and request.GET["iss"] != settings.OIDC_OP_ISSUER:
            return self.refused(Refusal("token", "authorization response iss"))
        try:
            self.user = StaffOIDCBackend().authenticate(
                request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
            )
        except Refusal as refusal:
            return self.refused(refusal)
        if self.user is None:
            return self.refused(Refusal("provider", "not enabled"))
        self.user.backend = BACKEND
        return self.login_success()

    def refused(self, refusal: Refusal):
        logger.warning("OIDC login refused: %s (%s)", refusal.reason, refusal.detail)
        messages.error(self.request, REFUSALS[refusal.reason])
        return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
