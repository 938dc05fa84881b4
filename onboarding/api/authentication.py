import datetime
import hashlib

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from onboarding.models import ApiToken, User
from onboarding.models.people import (
    API_TOKEN_GENERATION_KEY,
    _digest,
    api_token_generation_new,
)

USE_INTERVAL = datetime.timedelta(minutes=1)
CACHE_SECONDS = 60
# What a cached lookup keeps: the token, and its user without the password hash and the
# last login (left deferred: read from the database if anything ever asks).
TOKEN_FIELDS = tuple(f.attname for f in ApiToken._meta.concrete_fields)
USER_FIELDS = tuple(
    f.attname for f in User._meta.concrete_fields if f.attname not in {"password", "last_login"}
)
# In the key, so that code with other fields (in a deploy) never reads these values.
ENTRY_LAYOUT = hashlib.sha256(repr((TOKEN_FIELDS, USER_FIELDS)).encode()).hexdigest()[:8]


def cache_seconds() -> int:
    """How long a token lookup may be cached: API_TOKEN_CACHE_SECONDS if set, else a minute
    when the cache is shared by all processes. A per-process cache (locmem) cannot hear of a
    revocation made in another process, so it caches no tokens unless told to."""
    seconds = getattr(settings, "API_TOKEN_CACHE_SECONDS", None)
    if seconds is None:
        per_process = isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache | DummyCache)
        return 0 if per_process else CACHE_SECONDS
    return seconds


def fresh_until(
    last_used_at: datetime.datetime, expires_at: datetime.datetime | None = None
) -> datetime.datetime:
    """Until when a token's lookup may be used without the database: until its recorded use
    is a minute old (so that a cached token never needs that write; the lookup after it
    does), and never past the token's expiry."""
    until = last_used_at + USE_INTERVAL
    return until if expires_at is None else min(until, expires_at)


def lookup_timeout(
    *,
    last_used_at: datetime.datetime,
    now: datetime.datetime,
    seconds: int,
    expires_at: datetime.datetime | None = None,
) -> int:
    """How long a lookup may be kept in the cache: at most `seconds`, and only while fresh."""
    fresh_for = fresh_until(last_used_at, expires_at) - now
    return max(0, min(seconds, int(fresh_for.total_seconds())))


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`; keys are looked up by their SHA-256.

    The lookup is cached by digest (see cache_seconds) under the generation that every change
    to a token or a user replaces (onboarding.models.people.api_tokens_changed), so a revoked
    token or a deactivated user is refused on the next request (by the eligibility fast path
    in another web process: within ELIGIBILITY_STAMP_SECONDS). An expired token is refused
    with its own message: the cached lookup carries expires_at, is checked like a fresh one,
    and is never kept past it."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: give 'Token' and the key, separated by one space.")
            )
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = self.token_for(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        # Checked on every request, the cached lookups' too: a lookup carries the expiry.
        if token.is_expired():
            raise exceptions.AuthenticationFailed(
                _("This token has expired. Get a new one to go on using the API.")
            )
        return token.user, token

    def token_for(self, key: str) -> ApiToken | None:
        seconds = cache_seconds()
        if not seconds:
            return self.token_from_database(key)
        entry_key = f"api-token:{ENTRY_LAYOUT}:{_digest(key)}"
        found = cache.get_many([entry_key, API_TOKEN_GENERATION_KEY])
        # Read before the database: a change committed meanwhile starts a newer generation.
        generation = found.get(API_TOKEN_GENERATION_KEY)
        if generation is None:
            generation = api_token_generation_new()
        entry = found.get(entry_key)
        if entry is not None and entry[0] == generation:
            _generation, db, token_values, user_values = entry
            token = ApiToken.from_db(db, TOKEN_FIELDS, token_values)
            token.user = User.from_db(db, USER_FIELDS, user_values)
            return token
        token = self.token_from_database(key)
        if token is not None and token.user.is_active and not token.is_expired():
            timeout = lookup_timeout(
                last_used_at=token.last_used_at,
                now=timezone.now(),
                seconds=seconds,
                expires_at=token.expires_at,
            )
            if timeout > 0:
                entry = (
                    generation,
                    token._state.db,
                    tuple(getattr(token, name) for name in TOKEN_FIELDS),
                    tuple(getattr(token.user, name) for name in USER_FIELDS),
                )
                cache.set(entry_key, entry, timeout)
        return token

    def token_from_database(self, key: str) -> ApiToken | None:
        token = ApiToken.objects.by_key(key).select_related("user").first()
        if token is None or not token.user.is_active or token.is_expired():
            return token
        now = timezone.now()
        # One write a minute at most, not one per request: the login service calls often.
        if token.last_used_at is None or now - token.last_used_at > USE_INTERVAL:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token

    def authenticate_header(self, request):
        return self.keyword
