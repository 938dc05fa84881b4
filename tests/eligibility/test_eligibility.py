"""Eligibility for the login service: joined = agreement in force and the unit live."""

import datetime
import warnings

import pytest
from django.core.cache.backends.base import CacheKeyWarning

from contracts.models import Agreement
from contracts.services.agreements import agreement_terminate
from onboarding.errors import Conflict
from onboarding.services.accounts import integration_token_create
from tests.factories import AgreementFactory, ConnectionFactory, take_live

pytestmark = pytest.mark.django_db
HELMET = ("091", "049", "092", "235")


@pytest.fixture
def login_service(client):
    _token, key = integration_token_create(name="login", scopes=["eligibility"])

    def ask(path):
        return client.get(path, HTTP_AUTHORIZATION=f"Token {key}")

    return ask


def _answer(ask, code, on):
    response = ask(f"/api/v1/eligibility/{code}/?on={on}")
    assert response.status_code == 200
    return response.json()


def test_kauniainen_joins_only_when_all_helmet_signed_in_force_and_live(
    frozen_day, login_service, coordinator, django_capture_on_commit_callbacks
):
    later = (frozen_day + datetime.timedelta(days=60)).isoformat()
    for code in HELMET[:3]:
        AgreementFactory(code=code, in_force=True)
    assert _answer(login_service, "235", later)["joined"] is False
    # Helmet cannot be scheduled while Kauniainen has not signed.
    with pytest.raises(Conflict, match="Kauniainen"):
        take_live("helmet", by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        AgreementFactory(code="235", in_force=True)
    # In force, but the unit has not gone live: not joined yet.
    assert _answer(login_service, "235", later)["joined"] is False
    with django_capture_on_commit_callbacks(execute=True):
        connection = take_live("helmet", by=coordinator, days=14)
    go_live = connection.go_live_on
    answer = _answer(login_service, "235", later)
    assert answer == {
        "municipality": "235",
        "name_fi": "Kauniainen",
        "name_sv": "Grankulla",
        "joined": True,
        "since": go_live.isoformat(),
        "consortium": "helmet",
    }
    assert _answer(login_service, "235", go_live.isoformat())["joined"] is True
    day_before = (go_live - datetime.timedelta(days=1)).isoformat()
    assert _answer(login_service, "235", day_before)["joined"] is False
    joined = login_service(f"/api/v1/eligibility/?on={later}").json()["joined"]
    assert sorted(joined) == sorted(HELMET)


def test_the_cache_follows_a_termination(
    login_service, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        agreement = AgreementFactory(code="905", in_force=True)
        go_live = ConnectionFactory(unit="905", live_on=datetime.date(2024, 4, 23)).go_live_on
    after = go_live + datetime.timedelta(days=60)
    assert _answer(login_service, "905", after.isoformat())["joined"] is True
    end = go_live + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_terminate(
            agreement=Agreement.objects.get(pk=agreement.pk),
            by=coordinator,
            end_date=end,
            reason="test",
        )
    assert _answer(login_service, "905", after.isoformat())["joined"] is False
    assert _answer(login_service, "905", end.isoformat())["joined"] is True


def test_bad_questions_get_clear_answers(login_service, client, helsinki_manager, api_for):
    assert login_service("/api/v1/eligibility/999/").status_code == 404
    # Not a code at all: the same 404, without asking the cache for a key it could not hold
    # (memcached refuses keys over 250 characters; Django warns of them on every backend).
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CacheKeyWarning)
        assert login_service(f"/api/v1/eligibility/{'x' * 3000}/").status_code == 404
    assert not [w for w in caught if issubclass(w.category, CacheKeyWarning)]
    assert login_service("/api/v1/eligibility/091/?on=2024-13-45").status_code == 400
    assert login_service("/api/v1/eligibility/091/").json()["joined"] is False  # today
    assert client.get("/api/v1/eligibility/091/").status_code == 401
    assert (
        client.get("/api/v1/eligibility/091/", HTTP_AUTHORIZATION="Token wrong").status_code == 401
    )
    # The token reads eligibility and nothing else; managers cannot use eligibility.
    assert login_service("/api/v1/municipalities/").status_code == 403
    assert api_for(helsinki_manager).get("/api/v1/eligibility/091/").status_code == 403
