"""Accounts: invitations with a one-time link, API tokens, integration tokens, logging out
everywhere.

An API token's life: made by api_token_create (replacing the user's token of the same name),
valid until its expires_at (API_TOKEN_DAYS), revoked earlier by its owner, by a coordinator
(integration tokens), by a password change or a deactivation (onboarding.signals) or by
sign_out_everywhere. A revoked or expired token answers 401."""

import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.models import ApiToken, Invitation, Municipality, Role, User
from onboarding.models.people import _new_nonce, api_token_expiry
from onboarding.permissions import can_revoke_api_token, require_coordinator
from onboarding.services.notifications import Recipient, municipality_language, notify
from onboarding.validators import validate_no_control_characters

INVITATION_SALT = "onboarding.invitation"
KNOWN_SCOPES = frozenset({"eligibility"})


class InvitationInvalid(Exception):
    """The link is broken, expired, revoked or already used; the message says which."""


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"id": invitation.pk, "nonce": invitation.nonce}, salt=INVITATION_SALT)


def invitation_link(invitation: Invitation) -> str:
    path = reverse("invitation_accept", kwargs={"token": invitation_token(invitation)})
    return settings.SITE_URL.rstrip("/") + path


def language_for(municipalities) -> str:
    """Swedish when every municipality is written to in Swedish, Finnish otherwise."""
    languages = {municipality_language(m) for m in municipalities}
    return "sv" if languages == {"sv"} else "fi"


def invitation_create(
    *,
    invited_by: User,
    email: str,
    municipalities: list[Municipality],
    role: str = Role.MANAGER,
    first_name: str = "",
    last_name: str = "",
    language: str | None = None,
) -> Invitation:
    require_coordinator(invited_by)
    if role == Role.MANAGER and not municipalities:
        raise ValidationError({"municipalities": _("Choose at least one municipality.")})
    if User.objects.filter(email__iexact=email, is_active=True).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email.lower(),
            first_name=first_name,
            last_name=last_name,
            role=role,
            language=language or language_for(municipalities),
            invited_by=invited_by,
            expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        invitation.municipalities.set(municipalities)
        notify(
            kind="invitation",
            event=f"invitation:{invitation.pk}",
            recipients=[Recipient(invitation.email, invitation.language)],
            template="emails/invitation",
            context={
                "invitation": invitation,
                "link": invitation_link(invitation),
                "municipalities": sorted(municipalities, key=lambda m: m.name_fi),
                "valid_days": settings.INVITATION_VALID_DAYS,
            },
            concerning=invitation,
        )
    return invitation


def invitation_from_token(token: str) -> Invitation:
    max_age = datetime.timedelta(days=settings.INVITATION_VALID_DAYS)
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise InvitationInvalid(
            _("This invitation link has expired. Ask the coordinator for a new one.")
        ) from None
    except signing.BadSignature:
        raise InvitationInvalid(_("This invitation link is not valid.")) from None
    invitation = Invitation.objects.filter(pk=data.get("id")).first()
    if invitation is None or invitation.nonce != data.get("nonce"):
        raise InvitationInvalid(_("This invitation link has been withdrawn."))
    if invitation.accepted_at:
        raise InvitationInvalid(
            _("This invitation link has already been used. Log in, or reset your password.")
        )
    if not invitation.is_usable:
        raise InvitationInvalid(
            _("This invitation link has expired. Ask the coordinator for a new one.")
        )
    return invitation


def invitation_accept(*, token: str, password: str) -> User:
    """Create the user with the invited role and municipalities; the link then stops working."""
    with transaction.atomic():
        invitation = invitation_from_token(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:  # another tab won the race
            raise InvitationInvalid(_("This invitation link has already been used."))
        user = User(
            username=invitation.email,
            email=invitation.email,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            role=invitation.role,
            language=invitation.language,
        )
        validate_password(password, user)
        user.set_password(password)
        user.save()
        user.municipalities.set(invitation.municipalities.all())
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
    return user


def invitation_revoke(*, invitation: Invitation) -> None:
    invitation.nonce = _new_nonce()
    invitation.expires_at = timezone.now()
    invitation.save(update_fields=["nonce", "expires_at"])


DEFAULT_TOKEN_NAME = "api"


# A token outliving the role it was made for is not wanted; the bound also keeps the expiry
# date within what the database and Python's dates hold (--days 10**9 was an OverflowError).
MAX_TOKEN_DAYS = 3650
INTEGRATION_PREFIX = "integration:"


def _check_name(name: str, longest: int) -> None:
    """A name of a token or an integration: one line, no control characters, and no longer
    than its column (a 500 on PostgreSQL before)."""
    if not name or len(name) > longest:
        raise ValidationError(
            _("A name is 1 to %(max)d characters long.") % {"max": longest}, code="name"
        )
    validate_no_control_characters(name)


def api_token_create(
    *,
    user: User,
    name: str = DEFAULT_TOKEN_NAME,
    scopes: list[str] | None = None,
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """A new token, valid for `days` (default API_TOKEN_DAYS); the key is returned once and
    only its digest is kept. It replaces the user's token of the same name, revoked or not,
    so that asking again never piles tokens up."""
    scopes = sorted(set(scopes or []))
    unknown = set(scopes) - KNOWN_SCOPES
    if unknown:
        raise ValidationError(_("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(unknown)})
    if days is not None and days < 1:
        raise ValidationError(_("A token must be valid for at least one day."))
    if days is not None and days > MAX_TOKEN_DAYS:
        raise ValidationError(
            _("A token can be valid for at most %(days)d days.") % {"days": MAX_TOKEN_DAYS}
        )
    _check_name(name, ApiToken._meta.get_field("name").max_length)
    key, digest = ApiToken.new_key()
    with transaction.atomic():
        # The user's row lock orders two requests for the same name (PostgreSQL).
        list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        ApiToken.objects.filter(user=user, name=name).delete()
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=key[:8],
            digest=digest,
            scopes=scopes,
            expires_at=api_token_expiry(days),
        )
    return token, key


def integration_token_create(
    *, name: str, scopes: list[str], token_name: str | None = None, days: int | None = None
) -> tuple[ApiToken, str]:
    """A machine user of role integration with a token limited to `scopes`. The token is
    named `token_name` (default: the user's name) and replaces that user's token of the same
    name; to rotate a key without a gap, make one under another name, then revoke the old."""
    if not scopes:
        raise ValidationError(_("An integration token needs at least one scope."))
    username_field = User._meta.get_field("username")
    _check_name(name, username_field.max_length - len(INTEGRATION_PREFIX))
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            username=f"{INTEGRATION_PREFIX}{name}",
            defaults={"role": Role.INTEGRATION, "first_name": name},
        )
        if user.role != Role.INTEGRATION:
            raise ValidationError(_("%(name)s is not an integration user.") % {"name": name})
        if created or user.has_usable_password():
            user.set_unusable_password()
            user.save()
        return api_token_create(user=user, name=token_name or name, scopes=scopes, days=days)


def api_token_revoke(*, token: ApiToken, by: User) -> None:
    """Its owner revokes any of their tokens; a coordinator an integration's token."""
    if not can_revoke_api_token(by, token):
        raise PermissionDenied(_("You cannot revoke this token."))
    ApiToken.objects.filter(pk=token.pk).revoke()


def sign_out_everywhere(*, user: User) -> int:
    """End every session of the user on every device (the caller logs out the current one)
    and revoke all the user's API tokens. Returns how many tokens were revoked."""
    with transaction.atomic():
        user.sessions_epoch += 1
        user.save(update_fields=["sessions_epoch"])
        return ApiToken.objects.filter(user=user).revoke()
