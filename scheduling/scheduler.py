"""The connection scheduler: a pure, deterministic function from units and waves to a
proposal (SPEC 3.8). It reads nothing and writes nothing; `scheduling.selectors` gathers its
input from the database and `scheduling.services.schedule_confirm` applies what a coordinator
accepts.

Rules, in order:
- an incomplete unit is never placed: it is explained with its blocking members;
- a unit that already has a connection keeps it and is not placed again;
- the launch cohort goes first and only to waves before the launch (while the launch is ahead);
- no unit goes to a wave before the first day of the month it asked for in the survey;
- a wave's capacity in units and in residents is never exceeded, counting what it holds;
- otherwise larger units first (more residents), then by key, each into the earliest wave
  that fits, so the same input always gives the same proposal.
"""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum


class Reason(StrEnum):
    INCOMPLETE = "incomplete"  # not every member has signed
    NO_CAPACITY = "no_capacity"  # no wave it may go to has room
    ASKED_LATER = "asked_later"  # every wave is before the month it asked for
    NO_WAVE_BEFORE_LAUNCH = "no_wave_before_launch"  # launch cohort, no room before launch
    HAS_CONNECTION = "has_connection"  # already scheduled, being connected or live


@dataclass(frozen=True)
class UnitInput:
    key: str
    name: str
    residents: int
    complete: bool
    launch_cohort: bool = False
    blocking: tuple[str, ...] = ()  # names of the members that have not signed
    desired_month: datetime.date | None = None  # first day of the month asked for
    connection_state: str | None = None  # the state of an existing connection


@dataclass(frozen=True)
class WaveInput:
    id: int
    date: datetime.date
    capacity_units: int | None = None
    capacity_residents: int | None = None
    used_units: int = 0  # what the wave holds already
    used_residents: int = 0


@dataclass(frozen=True)
class Placement:
    unit_key: str
    wave_id: int


@dataclass(frozen=True)
class Unplaced:
    unit_key: str
    reason: Reason
    blocking: tuple[str, ...] = ()
    desired_month: datetime.date | None = None
    state: str | None = None


@dataclass
class Proposal:
    placements: list[Placement] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)

    def wave_of(self, unit_key: str) -> int | None:
        return next((p.wave_id for p in self.placements if p.unit_key == unit_key), None)


@dataclass
class _Room:
    wave: WaveInput
    units: int
    residents: int

    def fits(self, residents: int) -> bool:
        units_ok = self.wave.capacity_units is None or self.units + 1 <= self.wave.capacity_units
        residents_ok = (
            self.wave.capacity_residents is None
            or self.residents + residents <= self.wave.capacity_residents
        )
        return units_ok and residents_ok


def _order(unit: UnitInput):
    earliest = unit.desired_month or datetime.date.min
    return (not unit.launch_cohort, earliest, -unit.residents, unit.key)


def propose(
    units: list[UnitInput],
    waves: list[WaveInput],
    *,
    launch_date: datetime.date,
    today: datetime.date,
) -> Proposal:
    proposal = Proposal()
    rooms = [
        _Room(w, w.used_units, w.used_residents)
        for w in sorted(waves, key=lambda w: (w.date, w.id))
    ]
    before_launch = today < launch_date
    for unit in sorted(units, key=_order):
        if unit.connection_state:
            proposal.unplaced.append(
                Unplaced(unit.key, Reason.HAS_CONNECTION, state=unit.connection_state)
            )
            continue
        if not unit.complete:
            proposal.unplaced.append(Unplaced(unit.key, Reason.INCOMPLETE, unit.blocking))
            continue
        allowed = rooms
        if unit.desired_month:
            allowed = [r for r in allowed if r.wave.date >= unit.desired_month]
            if not allowed:
                proposal.unplaced.append(
                    Unplaced(unit.key, Reason.ASKED_LATER, desired_month=unit.desired_month)
                )
                continue
        cohort_rule = unit.launch_cohort and before_launch
        if cohort_rule:
            allowed = [r for r in allowed if r.wave.date < launch_date]
        room = next((r for r in allowed if r.fits(unit.residents)), None)
        if room is None:
            reason = Reason.NO_WAVE_BEFORE_LAUNCH if cohort_rule else Reason.NO_CAPACITY
            proposal.unplaced.append(Unplaced(unit.key, reason, desired_month=unit.desired_month))
            continue
        room.units += 1
        room.residents += unit.residents
        proposal.placements.append(Placement(unit.key, room.wave.id))
    return proposal
