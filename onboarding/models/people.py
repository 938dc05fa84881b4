"""Users, their roles, invitations and API tokens."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onboarding.cache import forget_stamp


class Role(models.TextChoices):
    COORDINATOR = "coordinator", pgettext_lazy("role", "Coordinator")
    FINANCE = "finance", pgettext_lazy("role", "Finance")
    MANAGER = "manager", pgettext_lazy("role", "Municipal library manager")
    INTEGRATION = "integration", pgettext_lazy("role", "Integration")


# Roles that see every municipality (read or write); everything else is scoped.
NATIONWIDE_ROLES = frozenset({Role.COORDINATOR, Role.FINANCE})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MANAGER)
    municipalities = models.ManyToManyField(
        "onboarding.Municipality",
        verbose_name=_("managed municipalities"),
        blank=True,
        related_name="managers",
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        default="fi",
        choices=[("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))],
    )
    # The organisation's identity provider's subject (`sub`) of a staff user who logs in with
    # single sign-on (onboarding/oidc.py): the link made at the first login by the e-mail
    # address, after which a changed address at the provider still finds the same user.
    oidc_subject = models.CharField(
        _("single sign-on subject"),
        max_length=255,
        null=True,
        blank=True,
        unique=True,
        editable=False,
    )
    # Part of every session's hash (below): "log out everywhere" counts it up, and every
    # session made before no longer matches, whatever backend stores the sessions.
    sessions_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    # Epoch 0 is Django's own hash (no session ended when the epoch came); after "log out
    # everywhere", a hash of the password and the epoch under this app's own salt.
    EPOCH_SALT = "onboarding.User.sessions_epoch"

    def _epoch_hash(self, secret=None) -> str:
        value = f"{self.password}:{self.sessions_epoch}"
        return salted_hmac(self.EPOCH_SALT, value, secret=secret, algorithm="sha256").hexdigest()

    def get_session_auth_hash(self) -> str:
        if not self.sessions_epoch:
            return super().get_session_auth_hash()
        return self._epoch_hash()

    def get_session_auth_fallback_hash(self):
        if not self.sessions_epoch:
            yield from super().get_session_auth_fallback_hash()
            return
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._epoch_hash(secret=fallback_secret)

    @property
    def is_coordinator(self) -> bool:
        return self.is_superuser or self.role == Role.COORDINATOR

    @property
    def is_finance(self) -> bool:
        return self.role == Role.FINANCE

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER and not self.is_superuser

    @property
    def sees_all_municipalities(self) -> bool:
        return self.is_superuser or self.role in NATIONWIDE_ROLES


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_nonce() -> str:
    return secrets.token_hex(16)


class Invitation(models.Model):
    """A one-time link with which a new user sets a password.

    The link carries a signed (id, nonce) pair; nothing secret is stored, so a task can
    rebuild the link from the primary key, and changing the nonce revokes the link."""

    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MANAGER)
    municipalities = models.ManyToManyField(
        "onboarding.Municipality", verbose_name=_("municipalities"), blank=True
    )
    language = models.CharField(_("language"), max_length=2, default="fi")
    nonce = models.CharField(max_length=32, default=_new_nonce, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and timezone.now() < self.expires_at


# Token lookups cached by onboarding.api.authentication are valid for one generation; any
# change to a token or a user starts a new one, so that revoking a token or deactivating its
# user takes effect on the next request in every process sharing the cache (the eligibility
# fast path reads the generation at most every ELIGIBILITY_STAMP_SECONDS).
API_TOKEN_GENERATION_KEY = "api-token:generation"


def api_token_generation_new() -> int:
    # Random, not counted: a generation key lost to eviction never comes back as an old value.
    generation = secrets.randbits(62)
    cache.set(API_TOKEN_GENERATION_KEY, generation, None)
    forget_stamp()
    return generation


def api_tokens_changed(*, using: str | None = None) -> None:
    """Drop every cached token lookup: now, for the rest of this transaction, and again after
    commit, for the requests that read the old rows in the meantime."""
    api_token_generation_new()
    transaction.on_commit(api_token_generation_new, using=using)


def api_token_expiry(days: int | None = None) -> datetime.datetime:
    """When a token made now expires: after `days`, by default API_TOKEN_DAYS."""
    if days is None:
        days = settings.API_TOKEN_DAYS
    return timezone.now() + datetime.timedelta(days=days)


class ApiTokenQuerySet(models.QuerySet):
    def by_key(self, key: str):
        return self.live().filter(digest=_digest(key))

    def live(self):
        """Not revoked (an expired token is still listed, so that its owner sees why)."""
        return self.filter(revoked_at__isnull=True)

    def revoke(self) -> int:
        """Revoke the live ones; an update, so every cached lookup is dropped (below)."""
        return self.live().update(revoked_at=timezone.now())

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        # Recording use changes nothing a cached lookup decides on.
        if rows and set(kwargs) != {"last_used_at"}:
            api_tokens_changed(using=self.db)
        return rows


class ApiToken(models.Model):
    """An API key. The key is shown once; the database keeps only its SHA-256."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(
        _("scopes"),
        default=list,
        blank=True,
        help_text=_("Integration tokens may call only the endpoints of these scopes."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=api_token_expiry)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            # A new token of the same name replaces the old one (api_token_create), so a
            # client that asks for a token on every run leaves one, not one per run.
            models.UniqueConstraint(fields=["user", "name"], name="api_token_one_per_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @staticmethod
    def new_key() -> tuple[str, str]:
        key = secrets.token_hex(20)
        return key, _digest(key)
