"""Accounts: invitations with a one-time link, API tokens, integration tokens."""

import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.models import ApiToken, Invitation, Municipality, Role, User
from onboarding.models.people import _new_nonce
from onboarding.permissions import require_coordinator
from onboarding.services.notifications import Recipient, municipality_language, notify

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


def api_token_create(
    *, user: User, name: str, scopes: list[str] | None = None
) -> tuple[ApiToken, str]:
    """A new token; the key is returned once and only its digest is kept."""
    scopes = sorted(set(scopes or []))
    unknown = set(scopes) - KNOWN_SCOPES
    if unknown:
        raise ValidationError(_("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(unknown)})
    key, digest = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:8], digest=digest, scopes=scopes
    )
    return token, key


def integration_token_create(*, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A machine user of role integration with a token limited to `scopes`."""
    if not scopes:
        raise ValidationError(_("An integration token needs at least one scope."))
    with transaction.atomic():
        user, _created = User.objects.get_or_create(
            username=f"integration:{name}",
            defaults={"role": Role.INTEGRATION, "first_name": name},
        )
        if user.role != Role.INTEGRATION:
            raise ValidationError(_("%(name)s is not an integration user.") % {"name": name})
        user.set_unusable_password()
        user.save()
        return api_token_create(user=user, name=name, scopes=scopes)
