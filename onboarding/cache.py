"""Django's Redis cache, keeping one client per connection pool.

Django builds a new `redis.Redis` client for every cache call; the login service's
eligibility question makes one call per login, and building the client was a good part of
its time. A client is thread-safe and shares its pool, so one per pool is enough."""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# --- a stamp of shared values, read at most every ELIGIBILITY_STAMP_SECONDS ---------------
# The eligibility version and the API token generation live in the shared cache; the login
# service's fast path reads them together, at most every ELIGIBILITY_STAMP_SECONDS in a web
# process. A change made in this process forgets the stamp at once.

_stamp: list = [0.0, None]  # (monotonic time read, {key: value}) of the shared stamp


def stamp(keys: tuple[str, ...]) -> dict:
    """The shared cache's values of `keys` (the eligibility version, the token generation),
    read at most every ELIGIBILITY_STAMP_SECONDS in this process. A change made in this
    process forgets the stamp at once; one made in another process is seen within that time
    (0: read on every request)."""
    now = time.monotonic()
    seconds = settings.ELIGIBILITY_STAMP_SECONDS
    if _stamp[1] is None or now - _stamp[0] >= seconds:
        _stamp[1] = cache.get_many(list(keys))
        _stamp[0] = now
    return _stamp[1]


def forget_stamp() -> None:
    _stamp[1] = None
