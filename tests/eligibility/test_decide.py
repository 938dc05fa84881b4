"""The person rules of eligibility (`POST /api/v1/eligibility/decide/`), each rule of the
National Library's letter to the municipalities one test: residents of joined municipalities
may use the service; no home municipality in Finland, no access; a security prohibition, no
access at first; children under 13, and older children without their own identification,
through a guardian's strong identification. Nothing personal is kept: only counts."""

import datetime

import pytest
from django.urls import reverse

from eligibility.models import DecisionCount
from onboarding.models import Programme
from onboarding.services.accounts import integration_token_create
from tests.factories import joined

pytestmark = pytest.mark.django_db
DAY = "2025-06-01"
URL = "/api/v1/eligibility/decide/"


@pytest.fixture
def decide(client):
    _token, key = integration_token_create(name="login", scopes=["eligibility"])

    def ask(**person):
        body = {
            "programme": "ekirjasto",
            "on": DAY,
            "home_municipality": "905",
            "security_prohibition": False,
            "age": 40,
            "identification": "own",
        } | person
        return client.post(
            URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
        )

    return ask


@pytest.fixture
def vaasa_joined(db):
    joined("905")  # Vaasa: a municipality with its own library system, live since the launch


def _decided(response):
    assert response.status_code == 200, response.content
    return response.json()


def test_a_resident_of_a_joined_municipality_may_use_the_service(decide, vaasa_joined):
    answer = _decided(decide())
    assert answer["allowed"] is True and answer["reason"] == "resident"
    assert "E-kirjasto" in answer["message_fi"] and "E-biblioteket" in answer["message_sv"]
    assert "E-library" in answer["message_en"]


def test_a_resident_of_a_municipality_not_joined_may_not(decide, vaasa_joined):
    answer = _decided(decide(home_municipality="091"))
    assert answer == answer | {"allowed": False, "reason": "not_joined"}
    assert "ei ole liittynyt" in answer["message_fi"]


def test_no_home_municipality_in_finland_means_no_access(decide, vaasa_joined):
    answer = _decided(decide(home_municipality=None))
    assert answer["allowed"] is False and answer["reason"] == "no_home_municipality"
    assert "kotikuntaa" in answer["message_fi"] and "hemkommun" in answer["message_sv"]


def test_a_security_prohibition_means_no_access_at_first(decide, vaasa_joined):
    answer = _decided(decide(security_prohibition=True))
    assert answer["allowed"] is False and answer["reason"] == "security_prohibition"
    assert "turvakielto" in answer["message_fi"] and "erityislupa" in answer["message_fi"]


def test_a_security_prohibition_is_admitted_from_the_day_the_programme_sets(decide, vaasa_joined):
    Programme.objects.filter(slug="ekirjasto").update(
        security_prohibition_allowed_from=datetime.date(2025, 6, 1)
    )
    assert _decided(decide(security_prohibition=True, on="2025-05-31"))["allowed"] is False
    assert _decided(decide(security_prohibition=True))["reason"] == "resident"


def test_a_child_under_13_uses_a_guardians_identification(decide, vaasa_joined):
    refused = _decided(decide(age=12, identification="own"))
    assert refused["allowed"] is False and refused["reason"] == "guardian_required"
    assert "13" in refused["message_fi"] and "huoltaja" in refused["message_fi"]
    allowed = _decided(decide(age=12, identification="guardian"))
    assert allowed["allowed"] is True and allowed["reason"] == "guardian"


def test_an_older_child_without_own_identification_may_use_a_guardians(decide, vaasa_joined):
    assert _decided(decide(age=15, identification="guardian"))["reason"] == "guardian"
    assert _decided(decide(age=15, identification="own"))["reason"] == "resident"


def test_an_adult_identifies_themselves(decide, vaasa_joined):
    answer = _decided(decide(age=18, identification="guardian"))
    assert answer["allowed"] is False and answer["reason"] == "guardian_not_allowed"


def test_a_child_of_a_municipality_not_joined_is_refused_for_that(decide, vaasa_joined):
    answer = _decided(decide(age=8, identification="guardian", home_municipality="091"))
    assert answer["reason"] == "not_joined"


@pytest.mark.parametrize(
    ("person", "field", "words"),
    [
        ({"age": -1}, "age", "0"),
        ({"age": "old"}, "age", ""),
        ({"home_municipality": "999"}, "home_municipality", "999"),
        ({"home_municipality": "Helsinki"}, "home_municipality", "Helsinki"),
        ({"identification": "friend"}, "identification", "friend"),
        ({"programme": "nonexistent"}, "programme", "nonexistent"),
        ({"security_prohibition": None}, "security_prohibition", ""),
    ],
)
def test_bad_input_is_refused_in_words_and_counts_nothing(decide, person, field, words):
    response = decide(**person)
    assert response.status_code == 400
    assert field in response.json() and words in " ".join(response.json()[field])
    assert not DecisionCount.objects.exists()


def test_a_programme_without_access_by_residence_is_not_asked(decide):
    from scheduling.pilot_demo import pilot_seed

    pilot_seed(with_answers=False, coordinator=None)
    response = decide(programme="digisanomalehtipilotti")
    assert response.status_code == 400 and "programme" in response.json()


def test_only_the_login_service_and_coordinators_may_ask(client, api_for, helsinki_manager):
    assert client.post(URL, {}, content_type="application/json").status_code == 401
    manager = api_for(helsinki_manager).post(URL, {}, format="json")
    assert manager.status_code == 403


def test_nothing_personal_is_kept_only_counts_per_reason_and_day(
    decide, vaasa_joined, client_for, coordinator
):
    decide()
    decide(age=70)
    decide(home_municipality=None)
    counts = {c.reason: c.count for c in DecisionCount.objects.all()}
    assert counts == {"resident": 2, "no_home_municipality": 1}
    fields = {f.name for f in DecisionCount._meta.get_fields()}
    assert fields == {"id", "programme", "day", "reason", "count"}
    page = client_for(coordinator).get(reverse("dashboard"))
    text = page.content.decode()
    assert 'id="login-answers"' in text and "Ei kotikuntaa Suomessa" in text
