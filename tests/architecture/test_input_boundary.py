"""The reproductions of issue 12's probe, each refused with a message and nothing stored:
NUL in paths and query strings, JSON bodies that are not objects, texts longer than their
column, numbers no field can hold, and a page that was a 500 for OPTIONS."""

import json
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError

from billing.models import Invoice, InvoiceRun
from billing.selectors import fee_rows
from billing.services.invoicing import invoice_issue
from billing.services.runs import payer_groups
from contracts.models import Agreement, AgreementStatus
from onboarding.models import Municipality, Programme
from onboarding.services.registry import change_reason_max_length, municipality_update_details
from surveys.models import Questionnaire, QuestionnaireKind, Response
from tests.factories import AgreementFactory, UserFactory, joined

pytestmark = pytest.mark.django_db

NUL_PROBES_API = [
    "/api/v1/municipalities/%00/",
    "/api/v1/municipalities/?search=%00",
    "/api/v1/eligibility/%00/",
    "/api/v1/eligibility/091/?on=2025-01-01%00",
    "/api/v1/agreements/?state=%00",
    "/api/v1/fees/?programme=ekirjasto%00&year=2025",
    "/api/v1/consortia/helmet%00/",
    "/api/v1/waves/?programme=%00",
]
NUL_PROBES_PAGES = [
    "/municipalities/?search=%00",
    "/municipalities/09%001/",
    "/agreements/?state=%00",
    "/billing/?year=%00",
    "/consortia/helmet%00/",
]


@pytest.fixture
def coordinator_api(api_for, coordinator):
    return api_for(coordinator)


@pytest.mark.parametrize("path", NUL_PROBES_API)
def test_a_nul_in_an_api_path_or_query_is_a_400_with_a_message(coordinator_api, path):
    response = coordinator_api.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "control character" in response.json()["detail"]


@pytest.mark.parametrize("path", NUL_PROBES_PAGES)
def test_a_nul_in_a_page_address_is_a_400_page_in_finnish(client_for, coordinator, path):
    response = client_for(coordinator).get(path)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Osoitetta ei voitu lukea" in page and "ohjausmerkki" in page


NOT_OBJECTS = ["1", "[]", '["reason"]', '"Ei"', "null", "false", "true", "1.5"]


@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_a_json_body_that_is_not_an_object_is_a_400_everywhere(body, api_for, coordinator, finance):
    manager = UserFactory(manager=True, codes=("091",))
    sent = AgreementFactory(code="091", sent=True)
    questionnaire = Questionnaire.objects.get(kind=QuestionnaireKind.PRE_JOIN, version=1)
    posts = [
        (manager, f"/api/v1/agreements/{sent.pk}/decline/"),
        (manager, f"/api/v1/agreements/{sent.pk}/sign/"),
        (manager, f"/api/v1/questionnaires/{questionnaire.pk}/responses/091/submit/"),
        (finance, "/api/v1/invoice-runs/"),
        (coordinator, "/api/v1/schedule/confirm/"),
        (coordinator, "/api/v1/waves/"),
    ]
    for user, path in posts:
        response = api_for(user).post(
            path, data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400, (path, response.content)
        assert "must be a JSON object" in response.json()["detail"], path
    assert Agreement.objects.get(pk=sent.pk).status == AgreementStatus.SENT
    assert not Response.objects.filter(municipality__code="091").exists()
    assert not InvoiceRun.objects.exists()


def test_a_nul_inside_a_json_body_is_named_and_refused(api_for):
    manager = UserFactory(manager=True, codes=("091",))
    questionnaire = Questionnaire.objects.get(kind=QuestionnaireKind.PRE_JOIN, version=1)
    response = api_for(manager).put(
        f"/api/v1/questionnaires/{questionnaire.pk}/responses/091/",
        data=json.dumps({"answers": {"comments": "Hyvä\u0000"}}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("answers.comments: ")
    assert not Response.objects.filter(municipality__code="091").exists()


def test_a_reason_longer_than_the_history_column_is_refused_with_its_limit(
    api_for, coordinator, client_for
):
    limit = change_reason_max_length()
    assert limit == 100
    helsinki = Municipality.objects.get(code="091")
    response = api_for(coordinator).patch(
        "/api/v1/municipalities/091/",
        {"decision_body": "Kaupunginhallitus", "reason": "x" * 150},
        format="json",
    )
    assert response.status_code == 400 and "reason" in response.json()
    page = client_for(coordinator).post(
        "/municipalities/091/edit/", {"decision_body": "Kaupunginhallitus", "reason": "x" * 150}
    )
    assert page.status_code == 200 and "enintään 100" in page.content.decode()
    with pytest.raises(ValidationError):
        municipality_update_details(
            municipality=helsinki, by=coordinator, reason="x" * 101, decision_body="K"
        )
    assert Municipality.objects.get(code="091").decision_body == helsinki.decision_body


@pytest.mark.parametrize("amount", ["1e30", "1E+999999999", "-1e30"])
def test_money_no_column_can_hold_is_an_answer_error_not_a_500(api_for, amount):
    manager = UserFactory(manager=True, codes=("091",))
    cost = Questionnaire.objects.filter(kind=QuestionnaireKind.COST).order_by("-version").first()
    response = api_for(manager).put(
        f"/api/v1/questionnaires/{cost.pk}/responses/091/",
        {"answers": {"ebooks_audiobooks": amount}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400, response.content
    assert "too large" in json.dumps(response.json())


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity", "1e30", "1E+999999999"])
def test_credit_amounts_that_are_not_sums_are_refused(api_for, finance, amount):
    programme = Programme.objects.get(slug="ekirjasto")
    joined("091")
    rows = fee_rows(programme, 2025, municipalities=Municipality.objects.filter(code="091"))
    ((payer, group),) = payer_groups(rows).values()
    invoice = invoice_issue(programme=programme, year=2025, payer=payer, rows=group, by=finance)
    response = api_for(finance).post(
        f"/api/v1/invoices/{invoice.number}/credit/",
        {"amount": amount, "reason": "Korjaus"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "amount" in response.json()
    for body in NOT_OBJECTS:
        response = api_for(finance).post(
            f"/api/v1/invoices/{invoice.number}/credit/", data=body, content_type="application/json"
        )
        assert response.status_code == 400, (body, response.content)
    assert not Invoice.objects.filter(credit_of=invoice).exists()
    assert Invoice.objects.get(pk=invoice.pk).net_total > Decimal("0")


@pytest.mark.parametrize("year", ["1", "-5", "10000", "2025.5", ""])
def test_an_invoice_run_for_a_year_out_of_bounds_is_refused_on_the_page(client_for, finance, year):
    response = client_for(finance).post(
        "/billing/runs/", {"programme": "ekirjasto", "year": year}, follow=True
    )
    assert response.status_code == 200
    assert not InvoiceRun.objects.exists()


def test_options_on_the_api_documentation_is_not_a_500(client):
    assert client.options("/api/v1/docs/").status_code == 405
    assert client.options("/api/v1/schema/").status_code == 405


@pytest.mark.parametrize("body", ["[" * 100000, '{"a":' * 5000 + "1" + "}" * 5000])
def test_json_nested_deeper_than_python_reads_is_a_400_even_before_login(client, body):
    response = client.post(
        "/api/v1/auth/token/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The JSON is nested too deep."


def test_a_control_character_in_a_form_or_multipart_body_is_refused_like_in_json(client):
    from onboarding.models import ApiToken

    UserFactory(manager=True, codes=("091",), username="t-form")
    for data in (
        {"username": "t-form", "password": "demo", "name": "a\x01b\x1b[31m"},
        {"username": "t-form", "password": "demo", "name": "ok", "x\x00": "1"},
    ):
        multipart = client.post("/api/v1/auth/token/", data, HTTP_ACCEPT_LANGUAGE="en")
        form = client.post(
            "/api/v1/auth/token/",
            urlencode(data),
            content_type="application/x-www-form-urlencoded",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        for response in (form, multipart):
            assert response.status_code == 400, response.content
            assert "control character" in json.dumps(response.json())
    assert not ApiToken.objects.filter(user__username="t-form").exists()


def test_a_session_cookie_with_a_nul_is_dropped_not_a_500(client, helsinki_manager):
    client.cookies["sessionid"] = "abcdefgh\x00x"
    assert client.get("/accounts/login/").status_code == 200
    login = {"username": helsinki_manager.username, "password": "demo"}
    assert client.post("/accounts/login/", login).status_code == 302  # a new session
    assert client.get("/").status_code == 200
