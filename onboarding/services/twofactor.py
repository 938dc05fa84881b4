"""Two-step verification (TOTP, RFC 6238) with recovery codes, on django-otp's devices.

Who must use it: the roles that send agreements and invoices to every municipality
(settings.TWO_FACTOR_REQUIRED_ROLES: coordinators and finance, and superusers), when they log
in with a password. A municipal manager may turn it on; once on, their password login asks
for the code too. Staff who log in through the organisation's identity provider (OIDC) are
verified there.

A user has at most one authenticator (a confirmed TOTPDevice named "authenticator") and one
set of recovery codes (a StaticDevice named "recovery", ten single-use codes). The secret of
a new authenticator is proposed on the set-up page in a signed form field, not stored, so
that opening the page writes nothing; the device is stored when the first code from it is
right."""

import base64
import binascii
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from onboarding.models import User

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"
RECOVERY_CODES = 10
SETUP_SALT = "onboarding.twofactor.setup"
SETUP_MAX_AGE = 15 * 60  # seconds a proposed secret stays valid on the set-up page
# Logins whose session comes from a password check here; an identity provider's login does not.
PASSWORD_BACKENDS = frozenset({"django.contrib.auth.backends.ModelBackend"})


@dataclass(frozen=True)
class Status:
    enabled: bool
    required: bool
    recovery_left: int
    confirmed_at: object = None  # when the authenticator was set up


def required_for_role(user: User) -> bool:
    """Whether the user's role must verify a password login with a code."""
    return user.is_superuser or user.role in settings.TWO_FACTOR_REQUIRED_ROLES


def authenticator_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=True).first()


def required(user: User) -> bool:
    """Whether a password login of this user asks for a code: the role needs it, or the
    user turned it on."""
    return required_for_role(user) or authenticator_of(user) is not None


def status_of(user: User) -> Status:
    device = authenticator_of(user)
    recovery = StaticToken.objects.filter(device__user=user, device__name=RECOVERY).count()
    return Status(
        enabled=device is not None,
        required=required_for_role(user),
        recovery_left=recovery,
        confirmed_at=device.created_at if device is not None else None,
    )


def session_is_verified(session) -> bool:
    """Whether the session's login passed the second step, or needed none: a login through
    the identity provider, or a password login of a role that does not need it."""
    return DEVICE_ID_SESSION_KEY in session or session.get(BACKEND_SESSION_KEY) not in (
        PASSWORD_BACKENDS
    )


# --- setting up an authenticator --------------------------------------------------------


def propose_secret(user: User) -> str:
    """A new secret for the set-up page, signed for this user; nothing is stored."""
    key = secrets.token_hex(20)  # 160 bits, as RFC 4226 recommends
    return signing.dumps({"user": user.pk, "key": key}, salt=SETUP_SALT, compress=True)


def secret_from(proposal: str, user: User) -> str:
    """The hex secret of a proposal made for this user, or ValidationError."""
    try:
        data = signing.loads(proposal, salt=SETUP_SALT, max_age=SETUP_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(
            _("The set-up page expired. Scan the new QR code and enter the code it shows.")
        ) from None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        raise ValidationError(_("The set-up page was not made for you. Open it again."))
    key = data.get("key", "")
    try:
        binascii.unhexlify(key)
    except (binascii.Error, TypeError):
        raise ValidationError(_("The set-up page expired. Open it again.")) from None
    return key


def provisioning_uri(user: User, key_hex: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key_hex, name=AUTHENTICATOR).config_url


def base32_secret(key_hex: str) -> str:
    """The secret as an app asks for it when typed by hand: base32, in groups of four."""
    text = base64.b32encode(binascii.unhexlify(key_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def code_of(key_hex: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app with this key shows at `at` (a Unix time; now
    by default): for the demo's published key, and for tests that play the phone."""
    totp = TOTP(binascii.unhexlify(key_hex))
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def _code_error() -> ValidationError:
    return ValidationError(
        {
            "code": [
                _(
                    "The code is not right. Enter the 6-digit code your authenticator app "
                    "shows now, or one of your recovery codes."
                )
            ]
        }
    )


def _clean_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def authenticator_confirm(*, user: User, proposal: str, code: str) -> list[str]:
    """Store the authenticator whose secret the proposal carries, if `code` is the one it
    shows now; replaces the user's earlier authenticator. Returns new recovery codes."""
    try:
        key = secret_from(proposal, user)
    except ValidationError as error:
        raise ValidationError({"code": error.messages}) from None
    code = _clean_code(code)
    device = TOTPDevice(user=user, key=key, name=AUTHENTICATOR, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not (code.isdigit() and totp.verify(int(code), tolerance=device.tolerance)):
        raise _code_error()
    device.last_t = totp.t()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.save()
        return _new_recovery_codes(user)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


# --- using it -----------------------------------------------------------------------------


def verify(*, user: User, code: str) -> tuple[object, bool]:
    """The device that accepts `code`: the authenticator for six digits, a recovery code
    (used up) otherwise. Returns (device, was_recovery) or raises ValidationError. Wrong
    codes slow the device down (django-otp's throttling doubles the wait each time)."""
    code = _clean_code(code)
    if not code:
        raise ValidationError({"code": [_("Enter the code.")]})
    if code.isdigit() and len(code) == 6:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        was_recovery = False
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
        was_recovery = True
    with transaction.atomic():
        for device in devices.select_for_update():
            allowed, _why = device.verify_is_allowed()
            if not allowed:
                raise ValidationError(
                    {
                        "code": [
                            _(
                                "A wrong code was entered just now. Wait a moment and enter the "
                                "code your app shows then."
                            )
                        ]
                    }
                )
            if device.verify_token(code):
                return device, was_recovery
    raise _code_error()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY).count()


def recovery_codes_renew(*, user: User, code: str) -> list[str]:
    """New recovery codes in place of the old, after a code from the authenticator."""
    device, _was_recovery = verify(user=user, code=code)
    with transaction.atomic():
        return _new_recovery_codes(user)


def two_factor_disable(*, user: User, code: str) -> None:
    """A manager turns two-step verification off, with a current code. A role that needs
    it cannot."""
    if required_for_role(user):
        raise PermissionDenied(_("Your role needs two-step verification: it cannot be turned off."))
    verify(user=user, code=code)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
