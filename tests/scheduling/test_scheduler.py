"""The pure scheduler on the real 309 municipalities and 28 consortia: complete units only,
the launch cohort before the launch, no unit before the month it asked for, capacities kept,
larger units first, the same answer every time, and every unplaced unit explained."""

import datetime
import random

import pytest

from onboarding import selectors as registry
from onboarding.models import Municipality
from scheduling.scheduler import Placement, Reason, UnitInput, WaveInput, propose

pytestmark = pytest.mark.django_db

LAUNCH = datetime.date(2024, 4, 23)
BEFORE = datetime.date(2024, 1, 2)


@pytest.fixture
def real_units():
    """Every real connection unit of 2024 with its residents (the newest figures), all
    complete."""
    day = datetime.date(2024, 6, 1)
    residents = dict(
        registry.with_registry_data(Municipality.objects.all()).values_list("code", "population")
    )
    units = [
        UnitInput(
            key=u.key,
            name=u.name,
            residents=sum(residents.get(c) or 0 for c in u.member_codes),
            complete=True,
        )
        for u in registry.connection_units(on=day)
    ]
    assert sum(len(u.member_codes) for u in registry.connection_units(on=day)) == 309
    assert sum(1 for u in registry.connection_units(on=day) if u.is_consortium) == 28
    return units


def waves(*specs, start=datetime.date(2024, 3, 4)):
    """(units, residents) capacities, one wave a week from `start`."""
    return [
        WaveInput(i + 1, start + datetime.timedelta(weeks=i), cu, cr)
        for i, (cu, cr) in enumerate(specs)
    ]


def by_wave(proposal):
    result = {}
    for p in proposal.placements:
        result.setdefault(p.wave_id, []).append(p.unit_key)
    return result


def test_every_complete_unit_is_placed_and_capacities_are_kept(real_units):
    plan = waves(*[(10, 1_500_000)] * 5)
    proposal = propose(real_units, plan, launch_date=LAUNCH, today=BEFORE)
    assert len(proposal.placements) == len(real_units)
    assert not proposal.unplaced
    size = {u.key: u.residents for u in real_units}
    for wave in plan:
        keys = by_wave(proposal).get(wave.id, [])
        assert len(keys) <= wave.capacity_units
        assert sum(size[k] for k in keys) <= wave.capacity_residents


def test_larger_units_go_first_when_otherwise_equal(real_units):
    proposal = propose(real_units, waves(*[(5, None)] * 10), launch_date=LAUNCH, today=BEFORE)
    first = by_wave(proposal)[1]
    largest = sorted(real_units, key=lambda u: -u.residents)[:5]
    assert set(first) == {u.key for u in largest}
    assert "helmet" in first  # the capital region's consortium is the largest unit


def test_the_same_input_in_any_order_gives_the_same_proposal(real_units):
    plan = waves((20, 2_000_000), (20, 1_000_000), (30, None))
    expected = propose(real_units, plan, launch_date=LAUNCH, today=BEFORE)
    shuffled = list(real_units)
    random.Random(7).shuffle(shuffled)
    assert propose(shuffled, list(reversed(plan)), launch_date=LAUNCH, today=BEFORE) == expected


def test_incomplete_units_are_never_placed_and_name_their_blocking_members(real_units):
    units = [
        UnitInput(u.key, u.name, u.residents, complete=False, blocking=("Närpes",))
        if u.key == "fredrika"
        else u
        for u in real_units
    ]
    proposal = propose(units, waves((100, None), (100, None)), launch_date=LAUNCH, today=BEFORE)
    assert proposal.wave_of("fredrika") is None
    [fredrika] = [u for u in proposal.unplaced if u.unit_key == "fredrika"]
    assert fredrika.reason == Reason.INCOMPLETE
    assert fredrika.blocking == ("Närpes",)


def test_the_launch_cohort_is_connected_before_the_launch(real_units):
    cohort = {u.key for u in sorted(real_units, key=lambda u: -u.residents)[::2]}
    units = [
        UnitInput(u.key, u.name, u.residents, True, launch_cohort=u.key in cohort)
        for u in real_units
    ]
    # Two small waves before the launch, one big one after.
    plan = [
        WaveInput(1, datetime.date(2024, 4, 8), 8, None),
        WaveInput(2, datetime.date(2024, 4, 15), 8, None),
        WaveInput(3, datetime.date(2024, 5, 6), 100, None),
    ]
    proposal = propose(units, plan, launch_date=LAUNCH, today=BEFORE)
    date = {w.id: w.date for w in plan}
    placed_cohort = [p for p in proposal.placements if p.unit_key in cohort]
    assert len(cohort) > 16  # more than fit before the launch
    assert len(placed_cohort) == 16
    assert all(date[p.wave_id] < LAUNCH for p in placed_cohort)
    late = [u for u in proposal.unplaced if u.unit_key in cohort]
    assert len(late) == len(cohort) - 16
    assert {u.reason for u in late} == {Reason.NO_WAVE_BEFORE_LAUNCH}
    # Others do not take the cohort's places before the launch.
    others = [p for p in proposal.placements if p.unit_key not in cohort]
    assert others
    assert all(date[p.wave_id] > LAUNCH for p in others)
    # After the launch the cohort rule no longer holds: late cohort units go to any wave.
    after = propose(units, plan, launch_date=LAUNCH, today=datetime.date(2024, 4, 24))
    assert len(after.placements) == len(units)


def test_no_unit_goes_before_the_month_it_asked_for(real_units):
    asked = {"helmet": datetime.date(2024, 9, 1), "fredrika": datetime.date(2025, 3, 1)}
    units = [
        UnitInput(u.key, u.name, u.residents, True, desired_month=asked.get(u.key))
        for u in real_units
    ]
    plan = waves(*[(100, None)] * 3, start=datetime.date(2024, 8, 26))  # 26.8., 2.9., 9.9.
    proposal = propose(units, plan, launch_date=LAUNCH, today=BEFORE)
    assert proposal.wave_of("helmet") == 2  # the first wave in September
    [fredrika] = [u for u in proposal.unplaced if u.unit_key == "fredrika"]
    assert fredrika.reason == Reason.ASKED_LATER
    assert fredrika.desired_month == datetime.date(2025, 3, 1)


def test_full_waves_leave_units_unplaced_with_the_reason(real_units):
    plan = [WaveInput(1, datetime.date(2024, 5, 6), 3, 1_000_000)]
    proposal = propose(real_units, plan, launch_date=LAUNCH, today=BEFORE)
    assert len(proposal.placements) <= 3
    assert len(proposal.placements) + len(proposal.unplaced) == len(real_units)
    assert {u.reason for u in proposal.unplaced} == {Reason.NO_CAPACITY}
    # Helmet alone has more than a million residents: it never fits this wave.
    assert proposal.wave_of("helmet") is None


def test_what_a_wave_holds_already_counts_and_connected_units_stay(real_units):
    units = [
        UnitInput(u.key, u.name, u.residents, True, connection_state="live")
        if u.key == "helmet"
        else u
        for u in real_units
    ]
    plan = [WaveInput(1, datetime.date(2024, 5, 6), 3, None, used_units=2)]
    proposal = propose(units, plan, launch_date=LAUNCH, today=BEFORE)
    assert len(proposal.placements) == 1
    [helmet] = [u for u in proposal.unplaced if u.unit_key == "helmet"]
    assert helmet.reason == Reason.HAS_CONNECTION and helmet.state == "live"
    assert Placement("helmet", 1) not in proposal.placements
