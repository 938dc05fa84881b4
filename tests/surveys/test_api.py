"""The survey API: questionnaires with their questions, reading, saving and submitting a
response, review by coordinators, the cost analysis; bad input and scoping."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from onboarding.services.accounts import integration_token_create
from surveys.models import Questionnaire, Response, Submission

pytestmark = pytest.mark.django_db


def url(questionnaire, code, action="") -> str:
    suffix = f"{action}/" if action else ""
    return f"/api/v1/questionnaires/{questionnaire.pk}/responses/{code}/{suffix}"


def stored(questionnaire, key) -> Response | None:
    return Response.objects.filter(series=questionnaire.series, respondent_key=key).first()


def errors_of(reply) -> dict[str, list[str]]:
    assert reply.status_code == 400, (reply.status_code, reply.content)
    errors = reply.json()["errors"]
    for key, messages in errors.items():
        assert messages and all(isinstance(m, str) and m for m in messages), key
    return errors


def close(questionnaire) -> None:
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )


@pytest.fixture
def integration_api(db):
    _token, key = integration_token_create(name="login-service", scopes=["eligibility"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@pytest.fixture
def manager_api(api_for, helsinki_manager):
    return api_for(helsinki_manager)


@pytest.fixture
def coordinator_api(api_for, coordinator):
    return api_for(coordinator)


@pytest.fixture
def helsinki_submitted(pre_join, manager_api, complete_pre_join_answers):
    reply = manager_api.post(
        url(pre_join, "091", "submit"), {"answers": complete_pre_join_answers()}, format="json"
    )
    assert reply.status_code == 200, reply.content
    return stored(pre_join, "091")


# --- questionnaires ------------------------------------------------------------------------


def test_questionnaires_list_the_pre_join_survey_with_its_questions(manager_api, pre_join):
    reply = manager_api.get(
        "/api/v1/questionnaires/", {"programme": "ekirjasto", "kind": "pre_join"}
    )
    assert reply.status_code == 200
    results = reply.json()["results"]
    assert [q["id"] for q in results] == [pre_join.pk]
    found = results[0]
    assert found["programme"] == "ekirjasto"
    assert found["kind"] == "pre_join"
    assert found["version"] == 1
    assert found["status"] == "published"
    assert found["respondent"] == "municipality"
    questions = {q["key"]: q for q in found["questions"]}
    assert list(questions) == list(pre_join.questions.values_list("key", flat=True))

    intention = questions["intention"]
    assert intention["type"] == "single"
    assert intention["required"] is True
    assert intention["label_fi"] == "Aikooko kunta liittyä E-kirjastoon?"
    assert intention["label_sv"] == "Avser kommunen att ansluta sig till E-biblioteket?"
    assert intention["label_en"] == "Does the municipality intend to join the E-library?"
    assert [c["value"] for c in intention["choices"]] == ["yes", "no", "undecided"]
    assert intention["choices"][2]["label_sv"] == "Inte ännu beslutat"

    assert questions["start_month"]["show_if"] == {"key": "schedule", "value": "later"}
    assert questions["business_id"]["validation"] == "business_id"
    assert questions["comments"]["required"] is False
    assert questions["comments"]["max_length"] == 2000


def test_the_cost_survey_lists_its_limits(manager_api, cost):
    reply = manager_api.get("/api/v1/questionnaires/", {"programme": "ekirjasto", "kind": "cost"})
    (found,) = reply.json()["results"]
    assert found["respondent"] == "unit"
    questions = {q["key"]: q for q in found["questions"]}
    assert questions["staff_person_years"]["type"] == "number"
    assert questions["staff_person_years"]["min_value"] == "0.00"
    assert questions["staff_person_years"]["max_value"] == "1000.00"
    assert questions["ebooks_audiobooks"]["type"] == "money"


def test_an_unknown_programme_lists_no_questionnaires(manager_api):
    reply = manager_api.get("/api/v1/questionnaires/", {"programme": "no-such"})
    assert reply.status_code == 200
    assert reply.json()["results"] == []


def test_managers_do_not_see_draft_versions(manager_api, coordinator_api, small_draft):
    assert small_draft.pk not in [
        q["id"] for q in manager_api.get("/api/v1/questionnaires/").json()["results"]
    ]
    assert small_draft.pk in [
        q["id"] for q in coordinator_api.get("/api/v1/questionnaires/").json()["results"]
    ]
    assert manager_api.get(url(small_draft, "091")).status_code == 404


# --- reading and saving a response -----------------------------------------------------------


def test_a_response_not_started_reads_as_such(manager_api, pre_join):
    reply = manager_api.get(url(pre_join, "091"))
    assert reply.status_code == 200
    body = reply.json()
    assert body["status"] == "not_started"
    assert body["respondent"] == "091"
    assert body["answers"] == {}
    assert body["submissions"] == []
    assert stored(pre_join, "091") is None  # reading creates nothing


def test_put_saves_a_draft(manager_api, pre_join):
    reply = manager_api.put(
        url(pre_join, "091"),
        {"answers": {"intention": "yes", "signatory_name": "Anna"}},
        format="json",
    )
    assert reply.status_code == 200, reply.content
    assert reply.json()["status"] == "draft"
    assert stored(pre_join, "091").answers == {"intention": "yes", "signatory_name": "Anna"}
    again = manager_api.get(url(pre_join, "091")).json()
    assert again["answers"] == {"intention": "yes", "signatory_name": "Anna"}
    assert again["lock_version"] == 1


def test_put_with_a_stale_lock_version_is_a_conflict(manager_api, pre_join):
    manager_api.put(url(pre_join, "091"), {"answers": {"intention": "yes"}}, format="json")
    manager_api.put(
        url(pre_join, "091"), {"answers": {"intention": "no"}, "lock_version": 1}, format="json"
    )
    reply = manager_api.put(
        url(pre_join, "091"),
        {"answers": {"intention": "undecided"}, "lock_version": 1},
        format="json",
    )
    assert reply.status_code == 409
    assert stored(pre_join, "091").answers == {"intention": "no"}


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"intention": "maybe"}, "intention"),  # a choice not offered
        ({"consortium_confirmed": ["yes"]}, "consortium_confirmed"),  # wrong type
        ({"schedule": "later", "start_month": "15.3.2024"}, "start_month"),  # not a date
        ({"business_id": "0201256-5"}, "business_id"),  # check digit
        ({"agreement_contact_email": "no address"}, "agreement_contact_email"),
        ({"comments": "x" * 2001}, "comments"),  # too long
        ({"favourite_colour": "blue"}, "favourite_colour"),  # unknown key
    ],
)
def test_bad_answers_are_400_naming_the_question_and_change_nothing(
    manager_api, pre_join, answers, key
):
    manager_api.put(url(pre_join, "091"), {"answers": {"intention": "yes"}}, format="json")
    for method, action in ((manager_api.put, ""), (manager_api.post, "submit")):
        reply = method(
            url(pre_join, "091", action),
            {"answers": {"intention": "yes", **answers}},
            format="json",
        )
        assert key in errors_of(reply), action
    response = stored(pre_join, "091")
    assert response.answers == {"intention": "yes"}
    assert response.status == "draft"
    assert response.lock_version == 1


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"staff_person_years": "lots"}, "staff_person_years"),  # wrong type
        ({"platforms": "101"}, "platforms"),  # out of range
        ({"platforms": "-1"}, "platforms"),  # out of range
        ({"emagazines": "-10.00"}, "emagazines"),  # negative money
        ({"music_film": "10.001"}, "music_film"),  # more than cents
        ({"emagazines": True}, "emagazines"),  # wrong type
    ],
)
def test_bad_cost_answers_are_400_and_change_nothing(api_for, helsinki_manager, cost, answers, key):
    api = api_for(helsinki_manager)
    reply = api.put(url(cost, "091"), {"answers": answers}, format="json")
    assert list(errors_of(reply)) == [key]
    assert stored(cost, "helmet") is None


def test_answers_must_be_an_object(manager_api, pre_join):
    for body in ({"answers": ["intention", "yes"]}, {"intention": "yes"}, {}):
        reply = manager_api.put(url(pre_join, "091"), body, format="json")
        assert "answers" in errors_of(reply)
    assert stored(pre_join, "091") is None


# --- submitting ------------------------------------------------------------------------------


def test_submitting_with_missing_answers_names_them(manager_api, pre_join):
    manager_api.put(url(pre_join, "091"), {"answers": {"intention": "yes"}}, format="json")
    reply = manager_api.post(url(pre_join, "091", "submit"), {}, format="json")
    errors = errors_of(reply)
    assert {"schedule", "signatory_name", "business_id", "einvoice_address"} <= set(errors)
    assert "start_month" not in errors
    assert stored(pre_join, "091").status == "draft"
    assert not Submission.objects.filter(
        response__series=pre_join.series, response__respondent_key="091"
    ).exists()


def test_submitting_valid_answers_keeps_a_submission(helsinki_submitted, manager_api, pre_join):
    body = manager_api.get(url(pre_join, "091")).json()
    assert body["status"] == "submitted"
    assert [s["number"] for s in body["submissions"]] == [1]
    assert body["submissions"][0]["version"] == 1
    assert body["submissions"][0]["answers"]["intention"] == "yes"


def test_a_submitted_response_cannot_be_changed_with_put(helsinki_submitted, manager_api, pre_join):
    reply = manager_api.put(url(pre_join, "091"), {"answers": {"intention": "no"}}, format="json")
    assert reply.status_code == 400
    assert reply.json()["detail"]
    assert stored(pre_join, "091").answers["intention"] == "yes"


def test_submitting_after_closing_is_400_and_changes_nothing(
    manager_api, pre_join, complete_pre_join_answers
):
    manager_api.put(url(pre_join, "091"), {"answers": {"intention": "yes"}}, format="json")
    close(pre_join)
    reply = manager_api.post(
        url(pre_join, "091", "submit"), {"answers": complete_pre_join_answers()}, format="json"
    )
    assert reply.status_code == 400
    assert (
        str(timezone.localtime(Questionnaire.objects.get(pk=pre_join.pk).closes_at).year)
        in reply.json()["detail"]
    )
    put = manager_api.put(url(pre_join, "091"), {"answers": {"intention": "no"}}, format="json")
    assert put.status_code == 400
    response = stored(pre_join, "091")
    assert response.status == "draft"
    assert response.answers == {"intention": "yes"}


# --- review ----------------------------------------------------------------------------------


def test_a_coordinator_returns_with_a_reason_and_accepts(
    helsinki_submitted, coordinator_api, manager_api, pre_join, complete_pre_join_answers
):
    no_reason = coordinator_api.post(url(pre_join, "091", "return"), {}, format="json")
    assert "reason" in errors_of(no_reason)
    blank = coordinator_api.post(url(pre_join, "091", "return"), {"reason": "  "}, format="json")
    assert "reason" in errors_of(blank)
    assert stored(pre_join, "091").status == "submitted"

    returned = coordinator_api.post(
        url(pre_join, "091", "return"), {"reason": "Tarkista Y-tunnus."}, format="json"
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert manager_api.get(url(pre_join, "091")).json()["return_reason"] == "Tarkista Y-tunnus."

    manager_api.post(
        url(pre_join, "091", "submit"), {"answers": complete_pre_join_answers()}, format="json"
    )
    accepted = coordinator_api.post(url(pre_join, "091", "accept"), format="json")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert [s["number"] for s in accepted.json()["submissions"]] == [1, 2]


def test_accepting_a_draft_is_400(manager_api, coordinator_api, pre_join):
    manager_api.put(url(pre_join, "091"), {"answers": {"intention": "yes"}}, format="json")
    reply = coordinator_api.post(url(pre_join, "091", "accept"), format="json")
    assert reply.status_code == 400
    assert stored(pre_join, "091").status == "draft"


def test_reviewing_a_response_not_started_is_404(coordinator_api, pre_join):
    assert coordinator_api.post(url(pre_join, "092", "accept"), format="json").status_code == 404
    assert (
        coordinator_api.post(
            url(pre_join, "092", "return"), {"reason": "x"}, format="json"
        ).status_code
        == 404
    )


def test_managers_cannot_return_or_accept(helsinki_submitted, manager_api, pre_join):
    assert (
        manager_api.post(
            url(pre_join, "091", "return"), {"reason": "Itse."}, format="json"
        ).status_code
        == 403
    )
    assert manager_api.post(url(pre_join, "091", "accept"), format="json").status_code == 403
    assert stored(pre_join, "091").status == "submitted"


def test_finance_reads_but_cannot_answer(api_for, finance, pre_join):
    api = api_for(finance)
    assert api.get(url(pre_join, "091")).status_code == 200
    assert (
        api.put(url(pre_join, "091"), {"answers": {"intention": "yes"}}, format="json").status_code
        == 403
    )
    assert (
        api.post(
            url(pre_join, "091", "submit"), {"answers": {"intention": "yes"}}, format="json"
        ).status_code
        == 403
    )
    assert stored(pre_join, "091") is None


# --- scoping ---------------------------------------------------------------------------------


def test_another_municipality_is_404_for_every_method(
    manager_api, pre_join, complete_pre_join_answers
):
    assert manager_api.get(url(pre_join, "092")).status_code == 404
    assert (
        manager_api.put(
            url(pre_join, "092"), {"answers": {"intention": "yes"}}, format="json"
        ).status_code
        == 404
    )
    assert (
        manager_api.post(
            url(pre_join, "092", "submit"), {"answers": complete_pre_join_answers()}, format="json"
        ).status_code
        == 404
    )
    assert (
        manager_api.post(url(pre_join, "092", "return"), {"reason": "x"}, format="json").status_code
        == 404
    )
    assert manager_api.post(url(pre_join, "092", "accept"), format="json").status_code == 404
    assert stored(pre_join, "092") is None


def test_a_municipality_that_does_not_exist_is_404(manager_api, pre_join):
    assert manager_api.get(url(pre_join, "999")).status_code == 404
    assert manager_api.get("/api/v1/questionnaires/999999/responses/091/").status_code == 404


def test_another_units_cost_response_is_404(api_for, helsinki_manager, cost):
    api = api_for(helsinki_manager)
    assert api.get(url(cost, "091")).json()["respondent"] == "helmet"
    assert api.get(url(cost, "853")).status_code == 404  # Turku, in another consortium
    assert (
        api.put(url(cost, "853"), {"answers": {"platforms": "1"}}, format="json").status_code == 404
    )


def test_an_integration_token_is_refused(integration_api, pre_join):
    assert integration_api.get("/api/v1/questionnaires/").status_code == 403
    assert integration_api.get(url(pre_join, "091")).status_code == 403
    assert (
        integration_api.put(
            url(pre_join, "091"), {"answers": {"intention": "yes"}}, format="json"
        ).status_code
        == 403
    )
    assert (
        integration_api.post(url(pre_join, "091", "submit"), {}, format="json").status_code == 403
    )
    assert (
        integration_api.get("/api/v1/cost-analysis/", {"programme": "ekirjasto"}).status_code == 403
    )
    assert stored(pre_join, "091") is None


def test_anonymous_callers_are_refused(pre_join):
    api = APIClient()
    for path in ("/api/v1/questionnaires/", url(pre_join, "091")):
        response = api.get(path)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"


# --- cost analysis ---------------------------------------------------------------------------


def test_the_cost_analysis_has_the_documented_shape(
    coordinator_api, api_for, helsinki_manager, finance, cost, complete_cost_answers
):
    api_for(helsinki_manager).post(
        url(cost, "091", "submit"), {"answers": complete_cost_answers()}, format="json"
    )
    for api in (coordinator_api, api_for(finance)):
        reply = api.get("/api/v1/cost-analysis/", {"programme": "ekirjasto"})
        assert reply.status_code == 200
        body = reply.json()
        assert {"weighted_average_per_resident", "median", "quartiles", "units"} <= set(body)
        (unit,) = body["units"]
        assert {"unit", "population", "cost", "per_resident"} <= set(unit)
        assert unit["unit"] == "helmet"
        assert unit["population"] == 320931 + 684018 + 251269 + 10253
        assert unit["cost"] == "1000000.00"
        assert unit["per_resident"] == "0.7896"  # 1,000,000 / 1,266,471
        assert body["weighted_average_per_resident"] == "0.79"
        assert body["median"] == "0.79"
        assert body["quartiles"] == []  # one unit has no quartiles


def test_the_cost_analysis_without_answers_is_empty(coordinator_api):
    body = coordinator_api.get("/api/v1/cost-analysis/", {"programme": "ekirjasto"}).json()
    assert body["units"] == []
    assert body["weighted_average_per_resident"] is None


def test_the_cost_analysis_is_not_for_managers(manager_api):
    assert manager_api.get("/api/v1/cost-analysis/", {"programme": "ekirjasto"}).status_code == 403


def test_the_cost_analysis_needs_an_existing_programme_and_a_date(coordinator_api):
    for params in ({}, {"programme": "no-such"}):
        reply = coordinator_api.get("/api/v1/cost-analysis/", params)
        assert reply.status_code == 400
        assert "programme" in reply.json()
    reply = coordinator_api.get(
        "/api/v1/cost-analysis/", {"programme": "ekirjasto", "on": "31.12.2024"}
    )
    assert reply.status_code == 400
    assert "on" in reply.json()
