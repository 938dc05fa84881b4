"""Joined has one home (scheduling.joined) and agrees with its parts: on generated histories
of agreements and connections, a municipality is joined on a day exactly when
`Agreement.objects.in_force_on` has its agreement and `Connection.objects.live_on` its unit,
since the later of the two days; and each model's Python form of its rule agrees with the SQL."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.models import Agreement, AgreementStatus
from onboarding.models import Municipality, Programme
from scheduling import joined
from scheduling.models import Connection, ConnectionStatus

pytestmark = pytest.mark.django_db

HELMET = ("049", "091", "092", "235")
CODES = (*HELMET, "905")  # Helmet's four members and Vaasa, a unit of its own
START = datetime.date(2024, 1, 1)
days = st.integers(min_value=0, max_value=900).map(lambda n: START + datetime.timedelta(days=n))
agreement = st.one_of(
    st.none(),
    st.tuples(st.sampled_from(list(AgreementStatus)), days, st.one_of(st.none(), days)),
)
connection = st.one_of(st.none(), st.tuples(st.sampled_from(list(ConnectionStatus)), days))


def _store(programme, agreements, connections):
    for code, spec in zip(CODES, agreements, strict=True):
        if spec is None:
            continue
        status, start, end = spec
        countersigned = status in (AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED)
        Agreement.objects.create(
            programme=programme,
            municipality=Municipality.objects.get(code=code),
            status=status,
            language="fi",
            in_force_on=start if countersigned else None,
            end_date=max(start, end) if status == AgreementStatus.TERMINATED and end else None,
        )
    for key, spec in zip(("helmet", "905"), connections, strict=True):
        if spec is not None:
            status, go_live = spec
            Connection.objects.create(
                programme=programme,
                unit_key=key,
                status=status,
                go_live_on=go_live if status == ConnectionStatus.LIVE else None,
            )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    agreements=st.lists(agreement, min_size=5, max_size=5),
    connections=st.lists(connection, min_size=2, max_size=2),
    asked=st.lists(days, min_size=1, max_size=6),
)
def test_joined_is_in_force_and_live_since_the_later_day(agreements, connections, asked):
    programme = Programme.objects.get(slug="ekirjasto")
    with transaction.atomic():
        _store(programme, agreements, connections)
        stored = {a.municipality.code: a for a in Agreement.objects.select_related("municipality")}
        for day in asked:
            in_force = set(
                Agreement.objects.in_force_on(day).values_list("municipality__code", flat=True)
            )
            assert in_force == {c for c, a in stored.items() if a.is_in_force_on(day)}
            live = set(Connection.objects.live_on(day).values_list("unit_key", flat=True))
            assert live == {c.unit_key for c in Connection.objects.all() if c.is_live_on(day)}
            unit = {code: ("helmet" if code in HELMET else code) for code in CODES}
            expected = {code for code in in_force if unit[code] in live}
            found = joined.joined_on(day, programme=programme)
            assert set(found) == expected
            for code, since in found.items():
                go_live = Connection.objects.get(unit_key=unit[code]).go_live_on
                assert since == max(stored[code].in_force_on, go_live) <= day
        transaction.set_rollback(True)
