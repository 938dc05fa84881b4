"""Joined: the one rule of who may use a programme's service on a day (SPEC 3.9).

A municipality is joined on day D in a programme when its agreement is in force on D
(`Agreement.objects.in_force_on`) and its connection unit is live on D
(`Connection.objects.live_on`). It became joined on the later of the two dates, and stays
joined until its agreement ends. Eligibility (the login service), the dashboard, the map, the
timeline, fees and the agreement's text all ask this module; nothing else computes "joined".

Everything here reads in a constant number of queries, whatever the number of municipalities.
"""

import datetime
from dataclasses import dataclass

from contracts.models import Agreement
from onboarding import selectors as registry
from scheduling.models import Connection


@dataclass(frozen=True)
class Joining:
    """One municipality's way into one programme: its agreement's force and its unit's
    go-live, as far as they are known."""

    code: str
    programme_id: int
    unit_key: str
    in_force_from: datetime.date | None
    in_force_until: datetime.date | None
    live_from: datetime.date | None

    @property
    def since(self) -> datetime.date | None:
        """The day the municipality became (or will become) joined: the later of the two."""
        if self.in_force_from is None or self.live_from is None:
            return None
        start = max(self.in_force_from, self.live_from)
        if self.in_force_until is not None and start > self.in_force_until:
            return None  # the agreement ended before the unit went live
        return start

    def joined_on(self, day: datetime.date) -> bool:
        since = self.since
        return (
            since is not None
            and since <= day
            and (self.in_force_until is None or day <= self.in_force_until)
        )


def joinings(
    *, units_on: datetime.date, programme=None, codes=None, unit_of: dict | None = None
) -> dict[tuple[str, int], Joining]:
    """(municipality code, programme id) -> its Joining, for every municipality with a
    countersigned agreement, its unit taken from the consortium memberships of `units_on`
    (or `unit_of`, code -> unit key, when the caller has read them already). Four queries,
    two with `unit_of`."""
    if unit_of is None:
        unit_of = {
            code: unit.key
            for unit in registry.connection_units(on=units_on, programme=programme)
            for code in unit.member_codes
        }
    agreements = Agreement.objects.countersigned()
    connections = Connection.objects.live()
    if programme is not None:
        agreements = agreements.filter(programme=programme)
        connections = connections.filter(programme=programme)
    else:
        # "Joined in any programme" is about residents: only programmes whose access follows
        # residence count (a library's pilot agreement admits nobody by residence).
        agreements = agreements.filter(programme__residence_access=True)
        connections = connections.filter(programme__residence_access=True)
    if codes is not None:
        agreements = agreements.filter(municipality__code__in=list(codes))
    live = dict(
        ((key, programme_id), go_live)
        for key, programme_id, go_live in connections.values_list(
            "unit_key", "programme_id", "go_live_on"
        )
    )
    found = {}
    for code, programme_id, start, end in agreements.values_list(
        "municipality__code", "programme_id", "in_force_on", "end_date"
    ):
        key = unit_of.get(code, code)
        found[(code, programme_id)] = Joining(
            code, programme_id, key, start, end, live.get((key, programme_id))
        )
    return found


def joined_on(
    day: datetime.date, *, programme=None, unit_of: dict | None = None
) -> dict[str, datetime.date]:
    """Municipality code -> the day it became joined, for every municipality joined on `day`
    (in `programme`, or in any programme with access by residence: then the earliest)."""
    joined: dict[str, datetime.date] = {}
    found = joinings(units_on=day, programme=programme, unit_of=unit_of)
    for (code, _programme_id), joining in found.items():
        if joining.joined_on(day):
            since = joining.since
            joined[code] = min(since, joined.get(code, since))
    return joined


@dataclass(frozen=True)
class Coverage:
    """Who may use the service on a day: the joined municipalities and their residents, out
    of all residents of the municipalities that exist that day."""

    day: datetime.date
    municipalities: int
    residents: int
    total_residents: int

    @property
    def percent(self) -> float:
        return 100 * self.residents / self.total_residents if self.total_residents else 0.0


def coverage_on(
    day: datetime.date, *, programme=None, reference: datetime.date | None = None
) -> Coverage:
    """Coverage on `day`, counting residents with the newest figures dated on or before
    `reference` (default: today, so that days before the first published figures are
    counted too) in the municipal division of `day`."""
    populations = registry.population_of(day, reference=reference or registry.today())
    joined = joined_on(day, programme=programme)
    return Coverage(
        day,
        len(joined),
        sum(populations[code][0] or 0 for code in joined if code in populations),
        sum(population or 0 for population, _date in populations.values()),
    )
