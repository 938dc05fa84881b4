"""How often a person may mint API tokens (POST /api/v1/auth/token/)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class TokenMintThrottle(SimpleRateThrottle):
    """At most API_TOKEN_MINTS_PER_HOUR new tokens per user an hour, counted in the cache.

    Keyed by the user, who is known only after the password check (the view asks after it),
    so a failed login counts here never: axes limits those. The rate is read on every use,
    so that tests and deployments may change the setting."""

    scope = "api_token_mint"

    def __init__(self, user):
        self.user = user
        super().__init__()

    def get_rate(self) -> str:
        return f"{settings.API_TOKEN_MINTS_PER_HOUR}/hour"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.user.pk}
