"""Eligibility for the login service: joined = agreement in force and the unit live."""

import datetime

import pytest
from django.core.cache import cache

from contracts.models import Agreement
from contracts.services.agreements import agreement_terminate
from onboarding.models import Programme
from onboarding.services.accounts import integration_token_create
from onboarding.services.connections import connection_set_go_live

pytestmark = pytest.mark.django_db
HELMET = ("091", "049", "092", "235")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


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
    login_service, in_force_agreement, coordinator, django_capture_on_commit_callbacks
):
    programme = Programme.objects.get(slug="ekirjasto")
    for code in HELMET[:3]:
        in_force_agreement(code)
    assert _answer(login_service, "235", "2024-06-01")["joined"] is False
    with django_capture_on_commit_callbacks(execute=True):
        in_force_agreement("235")
    # In force, but the unit has not gone live: not joined yet.
    assert _answer(login_service, "235", "2024-06-01")["joined"] is False
    with django_capture_on_commit_callbacks(execute=True):
        connection_set_go_live(
            programme=programme, unit_key="helmet", day=datetime.date(2024, 4, 23), by=coordinator
        )
    answer = _answer(login_service, "235", "2024-06-01")
    assert answer == {
        "municipality": "235",
        "name_fi": "Kauniainen",
        "name_sv": "Grankulla",
        "joined": True,
        "since": "2024-04-23",
        "consortium": "helmet",
    }
    assert _answer(login_service, "235", "2024-04-22")["joined"] is False
    joined = login_service("/api/v1/eligibility/?on=2024-06-01").json()["joined"]
    assert sorted(joined) == sorted(HELMET)


def test_the_cache_follows_a_termination(
    login_service, in_force_agreement, coordinator, django_capture_on_commit_callbacks
):
    programme = Programme.objects.get(slug="ekirjasto")
    with django_capture_on_commit_callbacks(execute=True):
        agreement = in_force_agreement("905")
        connection_set_go_live(
            programme=programme, unit_key="905", day=datetime.date(2024, 5, 1), by=coordinator
        )
    assert _answer(login_service, "905", "2025-03-01")["joined"] is True
    with django_capture_on_commit_callbacks(execute=True):
        agreement_terminate(
            agreement=Agreement.objects.get(pk=agreement.pk),
            by=coordinator,
            end_date=datetime.date(2025, 1, 31),
            reason="test",
        )
    assert _answer(login_service, "905", "2025-03-01")["joined"] is False
    assert _answer(login_service, "905", "2025-01-15")["joined"] is True


def test_bad_questions_get_clear_answers(login_service, client, helsinki_manager, api_for):
    assert login_service("/api/v1/eligibility/999/").status_code == 404
    assert login_service("/api/v1/eligibility/091/?on=2024-13-45").status_code == 400
    assert login_service("/api/v1/eligibility/091/").json()["joined"] is False  # today
    assert client.get("/api/v1/eligibility/091/").status_code == 401
    assert (
        client.get("/api/v1/eligibility/091/", HTTP_AUTHORIZATION="Token wrong").status_code == 401
    )
    # The token reads eligibility and nothing else; managers cannot use eligibility.
    assert login_service("/api/v1/municipalities/").status_code == 403
    assert api_for(helsinki_manager).get("/api/v1/eligibility/091/").status_code == 403
