"""The dashboard's figures and the map's colourings, computed once per version of what they
read: the registry (municipalities, populations, consortia and memberships, programmes),
agreements, connections and waves, and survey responses. Any save or delete of those bumps
the version, so a page never shows figures older than the data; between changes, the
dashboard and the map cost the same at 3,000 municipalities as at 309 (benchmarks/
list_pages.py).

The version is bumped at once and again after the commit: at once so that the transaction
that changed something sees its own change, after the commit so that a page computed by
another process meanwhile (from the data before the commit) is not kept. The key holds the
day and the language as well, so a new day or the other language computes afresh."""

import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from contracts.models import Agreement
from onboarding.models import (
    Consortium,
    ConsortiumMembership,
    Municipality,
    PopulationFigure,
    Programme,
)
from onboarding.signals import joining_changed
from scheduling.models import Connection, Wave
from surveys.models import Response

VERSION_KEY = "portal:figures-version"
TIMEOUT = 24 * 60 * 60


def _new_version() -> int:
    return secrets.randbits(62)  # random: a flushed cache never meets an old version's keys


def figures_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, _new_version(), None)


def figures_changed(**kwargs) -> None:
    _bump()
    transaction.on_commit(_bump)


def figures_cached(name: str, parts: tuple, compute):
    """`compute()` for `name` and `parts` (its programme, day, colouring...) in this language,
    from the cache while nothing it reads has changed."""
    key = ":".join(
        ["portal", name, str(figures_version()), translation.get_language() or "", *map(str, parts)]
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def connect() -> None:
    watched = (
        Municipality,
        PopulationFigure,
        Consortium,
        ConsortiumMembership,
        Programme,
        Agreement,
        Connection,
        Wave,
        Response,
    )
    for model in watched:
        uid = f"portal-figures-{model._meta.label_lower}"
        post_save.connect(figures_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(figures_changed, sender=model, dispatch_uid=f"{uid}-delete")
    # Bulk updates send no post_save; those that matter here send this.
    joining_changed.connect(figures_changed, dispatch_uid="portal-figures-joining")
