"""Shared fixtures. The real reference data (309 municipalities, 28 consortia) is loaded
once per test database, so every test sees the real registry and rolls back its own changes."""

import datetime
import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from onboarding.models import Municipality, Programme, Role, User
from onboarding.services.accounts import api_token_create
from tests.agreements import make_in_force

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# live server and fixtures there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)
        call_command("seed_demo", verbosity=0)


@pytest.fixture
def reference_db(transactional_db):
    """For tests with real commits (browser, Celery worker): the reference data again.

    A transactional test empties the database when it ends; pytest-django runs those tests
    after all others, so only the next transactional test needs the data loaded again."""
    from onboarding.models import Municipality

    if not Municipality.objects.exists():
        call_command("load_reference_data", verbosity=0)
        call_command("seed_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _finnish_and_clean_axes(settings):
    """Every test starts in the default language with no login lockouts."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "fi"
    translation.activate("fi")
    yield
    translation.deactivate()


def make_user(username: str, role: str, codes: tuple[str, ...] = (), password: str = "demo"):
    user = User.objects.create_user(
        username=username, password=password, role=role, email=f"{username}@example.invalid"
    )
    if codes:
        user.municipalities.set(Municipality.objects.filter(code__in=codes))
    return user


@pytest.fixture
def coordinator(db):
    return make_user("t-coordinator", Role.COORDINATOR)


@pytest.fixture
def finance(db):
    return make_user("t-finance", Role.FINANCE)


@pytest.fixture
def helsinki_manager(db):
    return make_user("t-helsinki", Role.MANAGER, ("091",))


@pytest.fixture
def helmet_manager(db):
    return make_user("t-helmet", Role.MANAGER, ("049", "091", "092", "235"))


@pytest.fixture
def narpes_manager(db):
    return make_user("t-narpes", Role.MANAGER, ("545",))


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture
def api_for(db):
    """An API client authenticated with a real token of the given user."""

    def make(user):
        _token, key = api_token_create(user=user, name="test")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return api

    return make


@pytest.fixture(scope="session", autouse=True)
def _tasks_eager_by_default():
    """Tasks run in-process unless a test asks for the real worker below. With a broker,
    each xdist worker gets its own queue so that a task reaches the worker of its own
    test database."""
    from config.celery import app

    app.conf.task_always_eager = True
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    app.conf.task_default_queue = f"onboarding-test-{worker}-{os.getpid()}"
    yield


@pytest.fixture
def celery_worker(reference_db):
    """A real Celery worker consuming from the broker in CELERY_BROKER_URL."""
    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("needs a broker: CELERY_BROKER_URL (the PostgreSQL+Redis CI run sets it)")
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10
        ):
            yield app
    finally:
        app.conf.task_always_eager = True

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
    from scheduling.models import ChecklistItem, Connection, Wave
    from scheduling.services.connections import connection_tick, connection_transition
    from scheduling.services.schedule import schedule_confirm
    from scheduling.services.waves import wave_create

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
