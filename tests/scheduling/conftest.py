import datetime

import pytest
from django.core.cache import cache

from onboarding.models import Programme
from tests.agreements import make_in_force


@pytest.fixture(autouse=True)
def _empty_cache():
    """Eligibility answers are cached per day; every test starts from the database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def in_force_agreement(coordinator):
    def make(code, signed_on=datetime.date(2024, 3, 1)):
        return make_in_force(code, by=coordinator, signed_on=signed_on)

    return make


def ahead(days: int) -> datetime.date:
    """A business day at least `days` from today: waves are planned ahead, so tests that
    make waves through the services do not break as the calendar moves on."""
    from onboarding import selectors as registry
    from onboarding.business_days import business_day_on_or_after

    return business_day_on_or_after(registry.today() + datetime.timedelta(days=days))


@pytest.fixture
def connect_unit(coordinator):
    """Take a complete unit through the real flow: a wave ahead, confirm, start, every
    checklist item, connect, go live on `go_live_on` (default: the wave's day)."""
    from onboarding.models import ChecklistItem, Connection, Wave
    from scheduling.services import (
        connection_tick,
        connection_transition,
        schedule_confirm,
        wave_create,
    )

    programme = Programme.objects.get(slug="ekirjasto")

    def make(key, *, days=14, go_live_on=None, live=True):
        day = ahead(days)
        wave = Wave.objects.filter(programme=programme, date=day).first() or wave_create(
            programme=programme,
            day=day,
            capacity_units=50,
            capacity_residents=None,
            by=coordinator,
        )
        [connection] = schedule_confirm(
            programme=programme, assignments={key: wave.pk}, by=coordinator
        )
        if not live:
            return connection
        connection_transition(connection=connection, transition="start", by=coordinator)
        for item in ChecklistItem.objects.filter(programme=programme):
            connection_tick(connection=connection, item_key=item.key, done=True, by=coordinator)
        connection_transition(connection=connection, transition="connect", by=coordinator)
        connection_transition(
            connection=connection, transition="go_live", by=coordinator, on=go_live_on or day
        )
        return Connection.objects.get(pk=connection.pk)

    return make
