"""The eligibility endpoints skip parsing Accept when JSON is acceptable anyway; every request
still gets exactly the answer that DRF's own negotiation gives."""

import pytest
from rest_framework.negotiation import DefaultContentNegotiation

from eligibility.api.views import EligibilityDetail, EligibilityList
from onboarding.services.accounts import integration_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth():
    _token, key = integration_token_create(name="login", scopes=["eligibility"])
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _answer(response):
    return response.status_code, response.get("Content-Type"), response.content


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/eligibility/091/?on=2025-06-01",
        "/api/v1/eligibility/091/?on=2025-06-01&format=json",
        "/api/v1/eligibility/091/?on=2025-06-01&format=api",
        "/api/v1/eligibility/?on=2025-06-01",
        "/api/v1/eligibility/999/?on=2025-06-01",
        "/api/v1/eligibility/091/?on=2025-13-01",
    ],
)
@pytest.mark.parametrize(
    "accept",
    [
        None,
        "*/*",
        "application/json",
        "application/json; indent=2",
        "text/html",
        "",
        "text/html, */*;q=0.1",
    ],
)
def test_the_answer_is_what_drf_negotiation_gives(client, auth, monkeypatch, path, accept):
    headers = dict(auth) if accept is None else {**auth, "HTTP_ACCEPT": accept}
    fast = _answer(client.get(path, **headers))
    for view in (EligibilityDetail, EligibilityList):
        monkeypatch.setattr(view, "content_negotiation_class", DefaultContentNegotiation)
    assert fast == _answer(client.get(path, **headers))


def test_the_login_service_gets_json_and_a_browser_406(client, auth):
    path = "/api/v1/eligibility/091/?on=2025-06-01"
    response = client.get(path, **auth)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["municipality"] == "091"
    assert client.get(path, HTTP_ACCEPT="text/html", **auth).status_code == 406
