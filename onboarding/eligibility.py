"""Eligibility for the e-library's login service: municipality M is joined on day D when its
agreement is in force on D (not ended before D) and its connection unit went live on or
before D (SPEC 3.9).

Answers are cached per day under a version number; every change of an agreement's force or
a unit's go-live bumps the version after commit, so the next question is answered afresh."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from onboarding import selectors as registry

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


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY) or 1
    return version


def eligibility_changed() -> None:
    """Call inside the transaction that changed an agreement or a go-live date."""

    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet (or evicted): start a new version space
            cache.set(VERSION_KEY, 2, None)

    transaction.on_commit(bump)


def _compute(day: datetime.date) -> dict[str, Eligibility]:
    """Every municipality's answer on `day`: four queries."""
    from contracts.models import Agreement, AgreementStatus
    from onboarding.models import Connection, Municipality

    units = registry.connection_units(on=day)
    unit_of = {code: unit for unit in units for code in unit.member_codes}
    live = {}
    for key, programme_id, go_live in Connection.objects.filter(
        go_live_on__isnull=False, go_live_on__lte=day
    ).values_list("unit_key", "programme_id", "go_live_on"):
        live[(key, programme_id)] = go_live
    in_force: dict[str, list] = {}
    for code, programme_id, start in (
        Agreement.objects.filter(
            status__in=(AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED),
            in_force_on__lte=day,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values_list("municipality__code", "programme_id", "in_force_on")
    ):
        in_force.setdefault(code, []).append((programme_id, start))
    answers = {}
    for code, name_fi, name_sv in Municipality.objects.values_list("code", "name_fi", "name_sv"):
        unit = unit_of.get(code)
        key = unit.key if unit else code
        since = None
        for programme_id, start in in_force.get(code, ()):
            if (key, programme_id) not in live:
                continue
            joined_on = max(start, live[(key, programme_id)])
            since = joined_on if since is None else min(since, joined_on)
        answers[code] = Eligibility(
            code,
            name_fi,
            name_sv,
            since is not None,
            since,
            unit.key if unit and unit.is_consortium else None,
        )
    return answers


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


def joined_on(day: datetime.date) -> list[str]:
    version = _version()
    _prefix, joined_key = _keys(version, day)
    joined = cache.get(joined_key)
    if joined is None:
        joined = sorted(code for code, a in _fill(version, day).items() if a.joined)
    return joined
