"""The answers for the e-library's login service: municipality M is joined on day D when its
agreement is in force on D (not ended before D) and its connection unit went live on or
before D (SPEC 3.9).

Answers are cached per day under a version number; every change of an agreement's force, a
unit's go-live or the memberships bumps the version after commit, so the next question is
answered afresh (by the login service's fast path below: within ELIGIBILITY_STAMP_SECONDS
in the other web processes)."""

import datetime
import json
import secrets
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from onboarding import selectors as registry
from onboarding.cache import forget_stamp
from onboarding.models import Municipality
from scheduling import joined

VERSION_KEY = "eligibility:version"
TIMEOUT = 60 * 60


@dataclass(frozen=True)
class Eligibility:
    code: str
    name_fi: str
    name_sv: str
    joined: bool
    since: datetime.date | None
    consortium: str | None


def _new_version() -> int:
    # Random, not 1: after the cache is flushed, no process may take an old version's answers
    # (kept in its memory, below) for the new one's.
    return secrets.randbits(62)


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY)
    return version


def eligibility_changed() -> None:
    """Call inside the transaction that changed an agreement or a go-live date."""

    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet (or evicted): start a new version space
            cache.set(VERSION_KEY, _new_version(), None)
        forget_stamp()

    transaction.on_commit(bump)


def _compute(day: datetime.date) -> dict[str, Eligibility]:
    """Every municipality's answer on `day`, from the one rule of joined
    (scheduling.joined): a constant number of queries."""
    consortium_of = {
        code: unit.key
        for unit in registry.connection_units(on=day)
        if unit.is_consortium
        for code in unit.member_codes
    }
    since = joined.joined_on(day)
    return {
        code: Eligibility(
            code, name_fi, name_sv, code in since, since.get(code), consortium_of.get(code)
        )
        for code, name_fi, name_sv in Municipality.objects.values_list("code", "name_fi", "name_sv")
    }


def _keys(version: int, day: datetime.date) -> tuple[str, str]:
    prefix = f"eligibility:{version}:{day.isoformat()}"
    return prefix, f"{prefix}:joined"


def _fill(version: int, day: datetime.date) -> dict[str, Eligibility]:
    """Compute the day once and cache each municipality's answer and the joined list
    separately, so that a login's question unpickles one small answer, not all 309."""
    answers = _compute(day)
    prefix, joined_key = _keys(version, day)
    values = {f"{prefix}:{code}": a for code, a in answers.items()}
    values[joined_key] = sorted(code for code, a in answers.items() if a.joined)
    values[f"{prefix}:known"] = frozenset(answers)
    cache.set_many(values, TIMEOUT)
    return answers


def eligibility_of(code: str, day: datetime.date) -> Eligibility | None:
    version = _version()
    prefix, _joined = _keys(version, day)
    found = cache.get_many([f"{prefix}:{code}", f"{prefix}:known"])
    if f"{prefix}:{code}" in found:
        return found[f"{prefix}:{code}"]
    if code not in found.get(f"{prefix}:known", {code}):
        return None  # the day is cached and has no such municipality
    return _fill(version, day).get(code)


def joined_codes(day: datetime.date) -> list[str]:
    """The codes of the municipalities joined on `day`, cached like the answers."""
    version = _version()
    _prefix, joined_key = _keys(version, day)
    joined = cache.get(joined_key)
    if joined is None:
        joined = sorted(code for code, a in _fill(version, day).items() if a.joined)
    return joined


# --- the login service's fast path -------------------------------------------------------
# Each web process keeps the rendered answers of a few (version, day) pairs. The version is
# read from the shared cache at most every ELIGIBILITY_STAMP_SECONDS (see stamp()), so a
# change is answered afresh at once in the process that made it and within that time in the
# others; the rendered bytes save unpickling and rendering on every login.

_rendered: dict[tuple[int, datetime.date], tuple[float, dict[str, bytes]]] = {}
RENDERED_DAYS = 8


def render(answer: Eligibility) -> bytes:
    """The JSON body of one answer, byte for byte what the API's JSON renderer writes."""
    return json.dumps(
        {
            "municipality": answer.code,
            "name_fi": answer.name_fi,
            "name_sv": answer.name_sv,
            "joined": answer.joined,
            "since": answer.since.isoformat() if answer.since else None,
            "consortium": answer.consortium,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def rendered_answers(version: int, day: datetime.date) -> dict[str, bytes] | None:
    """The rendered answers, for as long as the shared cache keeps its own (TIMEOUT): a change
    that bumps no version (a membership edited in the admin) is seen by then."""
    found = _rendered.get((version, day))
    if found is None or time.monotonic() - found[0] > TIMEOUT:
        return None
    return found[1]


def remember_rendered(version: int, day: datetime.date) -> None:
    """Render the whole day once in this process, under the version read before computing
    it: a change meanwhile has a newer version, so these answers are never used for it."""
    if rendered_answers(version, day) is not None:
        return
    if len(_rendered) >= RENDERED_DAYS:
        _rendered.clear()
    answers = {code: render(a) for code, a in _compute(day).items()}
    _rendered[(version, day)] = (time.monotonic(), answers)
