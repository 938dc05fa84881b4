"""Who sees which survey pages and API endpoints: a manager only their own municipalities'
responses and their connection unit's; everything else answers 404, as if it did not exist."""

import pytest

from surveys import selectors
from surveys.models import Questionnaire, Response
from surveys.services import response_save_draft, response_submit

pytestmark = pytest.mark.django_db


def start(user, questionnaire, code, answers) -> Response:
    response, _respondent = selectors.response_for_municipality(user, questionnaire, code)
    return response_save_draft(response=response, answers=answers, by=user)


@pytest.fixture
def vantaa_response(pre_join, helmet_manager):
    """Someone else's response: Vantaa's, started by the Helmet manager."""
    return start(helmet_manager, pre_join, "092", {"intention": "yes"})


@pytest.fixture
def helsinki_response(pre_join, helsinki_manager):
    return start(helsinki_manager, pre_join, "091", {"intention": "yes"})


@pytest.fixture
def helmet_cost_response(cost, helmet_manager, complete_cost_answers):
    response, _respondent = selectors.response_for_municipality(helmet_manager, cost, "049")
    return response_submit(response=response, by=helmet_manager, answers=complete_cost_answers())


@pytest.fixture
def fredrika_cost_response(cost, narpes_manager):
    return start(narpes_manager, cost, "545", {"platforms": "2"})


def test_a_manager_sees_their_own_pre_join_response(
    helsinki_response, pre_join, client_for, helsinki_manager
):
    client = client_for(helsinki_manager)
    assert client.get(f"/surveys/responses/{helsinki_response.pk}/").status_code == 200
    assert client.get(f"/surveys/{pre_join.pk}/respond/091/").status_code == 200


def test_a_manager_sees_their_units_cost_response(
    helmet_cost_response, cost, client_for, helsinki_manager
):
    client = client_for(helsinki_manager)
    assert client.get(f"/surveys/responses/{helmet_cost_response.pk}/").status_code == 200
    page = client.get(f"/surveys/{cost.pk}/respond/091/")
    assert page.status_code == 200
    assert b"Helmet" in page.content


def test_my_surveys_lists_only_the_managers_own_respondents(
    pre_join, cost, client_for, helsinki_manager, vantaa_response, fredrika_cost_response
):
    page = client_for(helsinki_manager).get("/surveys/")
    assert page.status_code == 200
    assert f"/surveys/{pre_join.pk}/respond/091/".encode() in page.content
    assert f"/surveys/{cost.pk}/respond/091/".encode() in page.content
    for other in ("092", "049", "545"):
        assert f"/respond/{other}/".encode() not in page.content
    assert b"Vantaa" not in page.content
    assert b"Fredrika" not in page.content


def test_another_municipalitys_response_page_is_404(
    vantaa_response, fredrika_cost_response, client_for, helsinki_manager
):
    client = client_for(helsinki_manager)
    assert client.get(f"/surveys/responses/{vantaa_response.pk}/").status_code == 404
    assert client.get(f"/surveys/responses/{fredrika_cost_response.pk}/").status_code == 404
    assert client.get("/surveys/responses/999999/").status_code == 404


def test_a_unit_response_is_404_to_managers_outside_the_unit(
    helmet_cost_response, client_for, narpes_manager
):
    assert (
        client_for(narpes_manager).get(f"/surveys/responses/{helmet_cost_response.pk}/").status_code
        == 404
    )


@pytest.mark.parametrize("code", ["092", "049", "545", "999"])
def test_every_form_of_another_municipality_is_404(
    pre_join, cost, client_for, helsinki_manager, code
):
    client = client_for(helsinki_manager)
    for questionnaire in (pre_join, cost):
        base = f"/surveys/{questionnaire.pk}/respond/{code}/"
        assert client.get(base).status_code == 404, base
        assert client.post(base, {"intention": "yes", "save": "1"}).status_code == 404, base
        assert client.post(base, {"intention": "yes", "submit": "1"}).status_code == 404, base
        assert client.post(base + "autosave/", {"intention": "yes"}).status_code == 404, base
    assert not Response.objects.filter(respondent_key=code).exists()
    assert not Response.objects.filter(series=cost.series).exists()


def test_saving_through_another_municipalitys_form_changes_nothing(
    vantaa_response, pre_join, client_for, helsinki_manager
):
    client = client_for(helsinki_manager)
    client.post(f"/surveys/{pre_join.pk}/respond/092/", {"intention": "no", "save": "1"})
    client.post(f"/surveys/{pre_join.pk}/respond/092/autosave/", {"intention": "no"})
    assert Response.objects.get(pk=vantaa_response.pk).answers == {"intention": "yes"}


def test_review_actions_are_refused_to_managers_before_any_lookup(
    vantaa_response, helsinki_response, client_for, helsinki_manager
):
    """The same 403 for their own response, someone else's and one that does not exist:
    the answer says nothing about other municipalities."""
    client = client_for(helsinki_manager)
    for pk in (helsinki_response.pk, vantaa_response.pk, 999999):
        for action in ("return", "accept", "reopen"):
            assert (
                client.post(f"/surveys/responses/{pk}/{action}/", {"reason": "x"}).status_code
                == 403
            )
    assert Response.objects.get(pk=vantaa_response.pk).status == "draft"


@pytest.mark.parametrize(
    ("method", "action", "body"),
    [
        ("get", "", None),
        ("put", "", {"answers": {"intention": "yes"}}),
        ("post", "submit", {"answers": {"intention": "yes"}}),
        ("post", "return", {"reason": "x"}),
        ("post", "accept", {}),
    ],
)
def test_every_api_endpoint_of_another_municipality_is_404(
    vantaa_response,
    fredrika_cost_response,
    pre_join,
    cost,
    api_for,
    helsinki_manager,
    method,
    action,
    body,
):
    api = api_for(helsinki_manager)
    for questionnaire, code in ((pre_join, "092"), (cost, "545"), (pre_join, "999")):
        url = f"/api/v1/questionnaires/{questionnaire.pk}/responses/{code}/" + (
            f"{action}/" if action else ""
        )
        reply = getattr(api, method)(url, body, format="json") if body is not None else api.get(url)
        assert reply.status_code == 404, (url, reply.status_code)
    assert Response.objects.get(pk=vantaa_response.pk).answers == {"intention": "yes"}
    assert Response.objects.get(pk=vantaa_response.pk).status == "draft"


def test_the_api_reads_the_managers_own_responses(
    helsinki_response, helmet_cost_response, pre_join, cost, api_for, helsinki_manager
):
    api = api_for(helsinki_manager)
    assert api.get(f"/api/v1/questionnaires/{pre_join.pk}/responses/091/").json()["answers"] == {
        "intention": "yes"
    }
    assert (
        api.get(f"/api/v1/questionnaires/{cost.pk}/responses/091/").json()["respondent"] == "helmet"
    )


def test_questionnaire_administration_is_for_coordinators(
    pre_join, small_draft, client_for, helsinki_manager, coordinator
):
    manager = client_for(helsinki_manager)
    assert manager.get("/surveys/questionnaires/").status_code == 403
    assert (
        manager.get(f"/surveys/questionnaires/{small_draft.pk}/").status_code == 404
    )  # drafts are not shown
    for action in ("publish", "close", "new-version"):
        assert manager.post(f"/surveys/questionnaires/{pre_join.pk}/{action}/").status_code == 403
    assert manager.post(f"/surveys/questionnaires/{small_draft.pk}/publish/").status_code == 404
    assert Questionnaire.objects.get(pk=small_draft.pk).status == "draft"
    assert Questionnaire.objects.get(pk=pre_join.pk).status == "published"
    assert Questionnaire.objects.filter(slug="pre-join").count() == 1  # no new version


def test_finance_reads_responses_but_does_not_review(vantaa_response, client_for, finance):
    client = client_for(finance)
    page = client.get(f"/surveys/responses/{vantaa_response.pk}/")
    assert page.status_code == 200
    assert f"/surveys/responses/{vantaa_response.pk}/accept/".encode() not in page.content
    assert (
        client.post(f"/surveys/responses/{vantaa_response.pk}/reopen/", {"reason": "x"}).status_code
        == 403
    )


def test_signed_out_visitors_are_sent_to_the_login(pre_join, vantaa_response, client):
    for url in (
        "/surveys/",
        f"/surveys/{pre_join.pk}/respond/091/",
        f"/surveys/responses/{vantaa_response.pk}/",
        "/surveys/overview/",
        "/surveys/cost-analysis/",
    ):
        page = client.get(url)
        assert page.status_code == 302, url
        assert page["Location"].startswith("/accounts/login/"), url
    assert (
        client.post(
            f"/surveys/{pre_join.pk}/respond/091/autosave/", {"intention": "yes"}
        ).status_code
        == 302
    )
    assert not Response.objects.filter(respondent_key="091").exists()


def test_my_surveys_costs_a_handful_of_queries_for_a_manager_of_four(helmet_manager, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(helmet_manager)
    client.get("/surveys/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/surveys/")
    assert page.status_code == 200
    # Pre-join per municipality (4 rows) and the Helmet unit's cost survey (1 row).
    assert page.content.decode().count("/respond/") == 5
    assert len(queries) <= 14
