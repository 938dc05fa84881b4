"""The login service's fast path: a token and a day this process has answered before are
answered from memory without a query, byte for byte as the full path answers, and a change of
an agreement, a connection or a token is seen on the very next question."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contracts.models import Agreement
from contracts.services.agreements import agreement_terminate
from eligibility import services as eligibility
from eligibility.api import views as view
from onboarding.cache import forget_stamp
from onboarding.models import ApiToken
from onboarding.services.accounts import integration_token_create
from tests.factories import AgreementFactory, ConnectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shared_cache(settings):
    """The fast path runs where token lookups may be cached (a shared cache in production)."""
    settings.API_TOKEN_CACHE_SECONDS = 60
    cache.clear()
    forget_stamp()
    view._known_tokens.clear()
    yield
    cache.clear()
    forget_stamp()
    view._known_tokens.clear()


@pytest.fixture
def ask(client):
    token, key = integration_token_create(name="login", scopes=["eligibility"])

    def get(path, **headers):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_AUTHORIZATION=f"Token {key}", **headers)
        response.queries = len(queries)
        return response

    get.token = token
    return get


def test_a_repeated_question_is_answered_from_memory_exactly_as_before(ask):
    AgreementFactory(code="905", in_force=True)
    first = ask("/api/v1/eligibility/091/?on=2025-06-01")  # the full path
    assert first.queries > 0
    ask("/api/v1/eligibility/091/?on=2025-06-01")
    again = ask("/api/v1/eligibility/091/?on=2025-06-01")
    assert first.status_code == again.status_code == 200
    assert again.queries == 0
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    assert again["Vary"] == first["Vary"] and again["Allow"] == first["Allow"]
    # Another municipality on the same day comes from the same memory.
    other = ask("/api/v1/eligibility/905/?on=2025-06-01")
    assert other.queries == 0 and other.json()["municipality"] == "905"


def test_a_change_is_answered_on_the_next_question(
    ask, coordinator, django_capture_on_commit_callbacks
):
    agreement = AgreementFactory(code="905", in_force=True)
    with django_capture_on_commit_callbacks(execute=True):
        go_live = ConnectionFactory(unit="905", live_on=datetime.date(2024, 4, 23)).go_live_on
    later = (go_live + datetime.timedelta(days=60)).isoformat()
    ask(f"/api/v1/eligibility/905/?on={later}")
    assert ask(f"/api/v1/eligibility/905/?on={later}").json()["joined"] is True
    with django_capture_on_commit_callbacks(execute=True):
        agreement_terminate(
            agreement=Agreement.objects.get(pk=agreement.pk),
            by=coordinator,
            end_date=go_live + datetime.timedelta(days=10),
            reason="test",
        )
    assert ask(f"/api/v1/eligibility/905/?on={later}").json()["joined"] is False


def test_a_revoked_token_is_refused_on_the_next_question(ask, django_capture_on_commit_callbacks):
    ask("/api/v1/eligibility/091/")
    assert ask("/api/v1/eligibility/091/").queries == 0
    with django_capture_on_commit_callbacks(execute=True):
        ApiToken.objects.filter(pk=ask.token.pk).update(
            revoked_at=datetime.datetime.now(datetime.UTC)
        )
    assert ask("/api/v1/eligibility/091/").status_code == 401


def test_a_change_in_another_process_is_read_from_the_shared_cache(ask, settings):
    settings.ELIGIBILITY_STAMP_SECONDS = 0  # read the stamp on every question
    ask("/api/v1/eligibility/091/?on=2025-06-01")
    ask("/api/v1/eligibility/091/?on=2025-06-01")  # the first one started the version
    assert ask("/api/v1/eligibility/091/?on=2025-06-01").queries == 0
    cache.incr(eligibility.VERSION_KEY)  # as another process's change does
    assert ask("/api/v1/eligibility/091/?on=2025-06-01").queries > 0


def test_the_tokens_use_is_still_recorded_once_a_minute(ask, monkeypatch):
    ask("/api/v1/eligibility/091/")
    stale = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    ApiToken.objects.filter(pk=ask.token.pk).update(last_used_at=stale)
    real = view.time.time
    monkeypatch.setattr(view.time, "time", lambda: real() + 120)  # a couple of minutes on
    assert ask("/api/v1/eligibility/091/").queries > 0
    assert ApiToken.objects.get(pk=ask.token.pk).last_used_at > stale


def test_other_questions_take_the_full_path(ask):
    ask("/api/v1/eligibility/091/")
    assert ask("/api/v1/eligibility/999/").status_code == 404
    assert ask("/api/v1/eligibility/091/?on=2024-13-45").status_code == 400
    assert ask("/api/v1/eligibility/091/", HTTP_ACCEPT="text/html").status_code == 406
