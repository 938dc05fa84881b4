"""Shared fixtures. The real reference data (309 municipalities, 28 consortia) is loaded
once per test database, so every test sees the real registry and rolls back its own changes."""

import datetime
import os
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from onboarding.services.accounts import api_token_create
from tests.factories import UserFactory
from tests.oidc import oidc_provider, oidc_settings  # noqa: F401 (fixtures)

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


@pytest.fixture
def coordinator(db):
    return UserFactory(coordinator=True, username="t-coordinator")


@pytest.fixture
def finance(db):
    return UserFactory(finance=True, username="t-finance")


@pytest.fixture
def helsinki_manager(db):
    return UserFactory(manager=True, username="t-helsinki", codes=("091",))


@pytest.fixture
def helmet_manager(db):
    return UserFactory(manager=True, username="t-helmet", codes=("049", "091", "092", "235"))


@pytest.fixture
def narpes_manager(db):
    return UserFactory(manager=True, username="t-narpes", codes=("545",))


def verified_login(client, user, backend="django.contrib.auth.backends.ModelBackend"):
    """Log the client in as `user` as the login page would: a role that needs two-step
    verification gets a real authenticator, and the session records it as verified."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from onboarding.services import twofactor

    client.force_login(user, backend=backend)
    if twofactor.required_for_role(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=twofactor.AUTHENTICATOR, confirmed=True
            )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, logged in as a superuser would be: with the code."""
    return verified_login(client, admin_user)


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user."""

    def login(user):
        return verified_login(client, user)

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
    from config.queues import queue_settings

    app.conf.task_always_eager = True
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    queues = queue_settings(f"onboarding-test-{worker}-{os.getpid()}")
    app.conf.update({name.removeprefix("CELERY_").lower(): value for name, value in queues.items()})
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


HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
# The day the clock of date-dependent tests is pinned to: the day it was first pinned, a
# Thursday, a business day with Finnish holidays (Christmas) a few weeks ahead.
FROZEN_DAY = datetime.date(2026, 12, 3)


@pytest.fixture
def frozen_day(request):
    """Pins "now" to noon of FROZEN_DAY in Europe/Helsinki, the clock stopped (tick=False):
    onboarding.selectors.today(), timezone.localdate() and timezone.now() (and Python's own
    clock) all see it. Returns the day. Another day: `@pytest.mark.parametrize("frozen_day",
    [datetime.date(...)], indirect=True)`.

    For tests whose outcome depends on the calendar (waves ahead, countdowns, deadlines, the
    demo history's "today"). Request it before the fixtures that make dated data, e.g. with
    `pytestmark = pytest.mark.usefixtures("frozen_day")`: pytest sets up `usefixtures` first.
    Not for the live server and browser tests or the real Celery worker, which run in other
    threads and processes. The session's reference data was loaded on the real clock."""
    day = getattr(request, "param", FROZEN_DAY)
    moment = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=HELSINKI)
    with time_machine.travel(moment, tick=False):
        yield day
