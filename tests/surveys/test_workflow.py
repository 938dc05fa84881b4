"""A response's life: draft, submit, return with a reason, resubmit, accept; who may do
what; closing and reopening; optimistic locking and autosave; the e-mails of each event in
the recipient municipality's language; connection units answering for their members."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from lxml import html

from onboarding.models import Notification
from onboarding.services.audit import transitions_of
from onboarding.services.notifications import Recipient, notify
from surveys import selectors
from surveys.models import Questionnaire, Response, Submission
from surveys.services import (
    AnswersInvalid,
    Conflict,
    response_accept,
    response_reopen,
    response_return,
    response_save_draft,
    response_submit,
)

pytestmark = pytest.mark.django_db

HELSINKI_EMAIL = "t-helsinki@example.invalid"
HELMET_EMAIL = "t-helmet@example.invalid"
NARPES_EMAIL = "t-narpes@example.invalid"


def response_of(user, questionnaire, code) -> Response:
    """The response that answers `questionnaire` for `code` (unsaved if not started)."""
    response, _respondent = selectors.response_for_municipality(user, questionnaire, code)
    return response


def fresh(response) -> Response:
    return Response.objects.get(pk=response.pk)


def sent_to(email: str) -> list:
    return [m for m in mail.outbox if m.to == [email]]


def in_english(client):
    client.cookies["django_language"] = "en"
    return client


def page_text(page) -> str:
    assert page.status_code == 200, page.status_code
    return " ".join(" ".join(html.fromstring(page.content.decode()).itertext()).split())


def changes_table(page) -> list[tuple[str, str, str]]:
    """The response page's "changes from submission a to b": (question, before, after)."""
    assert page.status_code == 200, page.status_code
    table = html.fromstring(page.content.decode()).xpath("//h3/following::table[1]")[0]
    return [
        tuple(" ".join(cell.text_content().split()) for cell in tr.xpath("th|td"))
        for tr in table.xpath("tbody/tr")
    ]


def close(questionnaire) -> None:
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )


def form_data(answers: dict, **extra) -> dict:
    return {**{k: v for k, v in answers.items() if v != ""}, **extra}


@pytest.fixture
def submitted(
    pre_join, helsinki_manager, complete_pre_join_answers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        return response_submit(
            response=response_of(helsinki_manager, pre_join, "091"),
            by=helsinki_manager,
            answers=complete_pre_join_answers(),
        )


# --- drafts and submissions ----------------------------------------------------------------


def test_saving_a_draft_starts_the_response(pre_join, helsinki_manager):
    response = response_save_draft(
        response=response_of(helsinki_manager, pre_join, "091"),
        answers={"intention": "yes", "signatory_name": "Anna"},
        by=helsinki_manager,
    )
    saved = fresh(response)
    assert saved.status == "draft"
    assert saved.answers == {"intention": "yes", "signatory_name": "Anna"}
    assert saved.respondent_key == "091"
    assert saved.municipality.code == "091"
    assert saved.questionnaire == pre_join
    assert saved.updated_by == helsinki_manager
    assert not saved.submissions.exists()


def test_saving_a_draft_again_replaces_the_answers(pre_join, helsinki_manager):
    first = response_save_draft(
        response=response_of(helsinki_manager, pre_join, "091"),
        answers={"intention": "yes"},
        by=helsinki_manager,
    )
    second = response_save_draft(
        response=first, answers={"intention": "undecided"}, by=helsinki_manager
    )
    assert fresh(second).answers == {"intention": "undecided"}
    assert fresh(second).lock_version == first.lock_version + 1
    assert Response.objects.filter(series=pre_join.series, respondent_key="091").count() == 1


def test_an_invalid_draft_changes_nothing(pre_join, helsinki_manager):
    response = response_save_draft(
        response=response_of(helsinki_manager, pre_join, "091"),
        answers={"intention": "yes"},
        by=helsinki_manager,
    )
    with pytest.raises(AnswersInvalid) as error:
        response_save_draft(
            response=response,
            answers={"intention": "no", "business_id": "0201256-5"},
            by=helsinki_manager,
        )
    assert list(error.value.errors) == ["business_id"]
    assert fresh(response).answers == {"intention": "yes"}


def test_submitting_with_missing_answers_names_them_and_changes_nothing(pre_join, helsinki_manager):
    response = response_save_draft(
        response=response_of(helsinki_manager, pre_join, "091"),
        answers={"intention": "yes", "signatory_name": "Anna"},
        by=helsinki_manager,
    )
    with pytest.raises(AnswersInvalid) as error:
        response_submit(response=response, by=helsinki_manager)
    assert {"schedule", "business_id", "decision_body"} <= set(error.value.errors)
    assert "signatory_name" not in error.value.errors
    saved = fresh(response)
    assert saved.status == "draft"
    assert saved.answers == {"intention": "yes", "signatory_name": "Anna"}
    assert saved.lock_version == response.lock_version
    assert not Submission.objects.filter(response=response).exists()
    assert [t.transition for t in transitions_of(response)] == ["start"]


def test_a_submission_is_kept_as_number_1(submitted, helsinki_manager, complete_pre_join_answers):
    assert submitted.status == "submitted"
    submission = submitted.submissions.get()
    assert submission.number == 1
    assert submission.submitted_by == helsinki_manager
    expected = {k: v for k, v in complete_pre_join_answers().items() if v != ""}
    assert submission.answers == expected
    assert fresh(submitted).answers == expected


def test_a_submitted_response_cannot_be_changed_by_its_manager(submitted, helsinki_manager):
    with translation.override("en"), pytest.raises(ValidationError, match="submitted"):
        response_save_draft(response=submitted, answers={"intention": "no"}, by=helsinki_manager)
    assert fresh(submitted).answers["intention"] == "yes"


# --- review --------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_returning_without_a_reason_is_refused_and_changes_nothing(submitted, coordinator, reason):
    with pytest.raises(ValidationError) as error:
        response_return(response=submitted, by=coordinator, reason=reason)
    assert "reason" in error.value.message_dict
    assert fresh(submitted).status == "submitted"
    assert fresh(submitted).return_reason == ""


def test_returning_without_a_reason_on_the_page_says_so(submitted, coordinator, client_for):
    client = in_english(client_for(coordinator))
    page = client.post(f"/surveys/responses/{submitted.pk}/return/", {"reason": ""}, follow=True)
    assert "Give a reason" in page_text(page)
    assert fresh(submitted).status == "submitted"


def test_the_manager_sees_the_reason_of_a_return(
    submitted, coordinator, helsinki_manager, client_for, pre_join
):
    response_return(response=submitted, by=coordinator, reason="Tarkista verkkolaskuosoite.")
    assert fresh(submitted).status == "returned"
    client = client_for(helsinki_manager)
    assert "Tarkista verkkolaskuosoite." in page_text(client.get("/surveys/"))
    form = page_text(client.get(f"/surveys/{pre_join.pk}/respond/091/"))
    assert "Tarkista verkkolaskuosoite." in form
    # The history names the states as people read them, in the page's language.
    page = client.get(f"/surveys/{pre_join.pk}/respond/091/").content.decode()
    history = [
        " ".join(li.text_content().split()).split(": ", 1)[1]
        for li in html.fromstring(page).xpath("//ol[@class='timeline']/li")
    ]
    assert history[-1] == "Lähetetty → Palautettu korjattavaksi (Tarkista verkkolaskuosoite.)"
    assert not any(code in " ".join(history) for code in ("submitted", "returned", "submit"))


def test_a_returned_response_can_be_corrected_and_resubmitted_as_number_2(
    submitted, coordinator, helsinki_manager, client_for, pre_join, complete_pre_join_answers
):
    response_return(response=submitted, by=coordinator, reason="Tarkista verkkolaskuosoite.")
    corrected = complete_pre_join_answers(
        einvoice_address="003702012566ABC", schedule="later", start_month="2025-01-01"
    )
    again = response_submit(response=fresh(submitted), by=helsinki_manager, answers=corrected)
    assert again.status == "submitted"
    assert again.return_reason == ""
    assert list(again.submissions.values_list("number", flat=True)) == [1, 2]

    page = client_for(coordinator).get(f"/surveys/responses/{submitted.pk}/")
    # What changed between #1 and #2, question by question, as a person reads it.
    assert changes_table(page) == [
        ("Milloin kunta haluaa liittyä?", "Palvelun avautuessa", "Myöhemmin"),
        ("Toivottu liittymiskuukausi", "—", "2025-01-01"),
        ("Verkkolaskuosoite", "003702012566", "003702012566ABC"),
    ]


def test_accepting_and_every_transition_is_logged(
    submitted, coordinator, helsinki_manager, complete_pre_join_answers
):
    response_return(response=submitted, by=coordinator, reason="Puuttuu kommentti.")
    response_submit(
        response=fresh(submitted),
        by=helsinki_manager,
        answers=complete_pre_join_answers(comments="Kiitos"),
    )
    accepted = response_accept(response=fresh(submitted), by=coordinator)
    assert accepted.status == "accepted"
    log = [
        (t.transition, t.from_state, t.to_state, t.by, t.reason)
        for t in transitions_of(submitted).order_by("at", "pk")
    ]
    assert log == [
        ("submit", "not_started", "submitted", helsinki_manager, ""),
        ("return_for_changes", "submitted", "returned", coordinator, "Puuttuu kommentti."),
        ("submit", "returned", "submitted", helsinki_manager, ""),
        ("accept", "submitted", "accepted", coordinator, ""),
    ]


def test_a_draft_then_submit_logs_start_and_submit(
    pre_join, helsinki_manager, complete_pre_join_answers
):
    response = response_save_draft(
        response=response_of(helsinki_manager, pre_join, "091"),
        answers={"intention": "yes"},
        by=helsinki_manager,
    )
    response_submit(response=response, by=helsinki_manager, answers=complete_pre_join_answers())
    assert [
        (t.transition, t.from_state, t.to_state)
        for t in transitions_of(response).order_by("at", "pk")
    ] == [
        ("start", "not_started", "draft"),
        ("submit", "draft", "submitted"),
    ]


def test_an_accepted_response_cannot_be_accepted_or_returned_again(submitted, coordinator):
    response_accept(response=submitted, by=coordinator)
    with pytest.raises(ValidationError):
        response_accept(response=submitted, by=coordinator)
    with pytest.raises(ValidationError):
        response_return(response=submitted, by=coordinator, reason="Vielä yksi asia.")
    assert fresh(submitted).status == "accepted"


def test_managers_cannot_return_or_accept(submitted, helsinki_manager, client_for):
    with pytest.raises(PermissionDenied):
        response_return(response=submitted, by=helsinki_manager, reason="Itse palautan.")
    with pytest.raises(PermissionDenied):
        response_accept(response=submitted, by=helsinki_manager)
    client = client_for(helsinki_manager)
    for action in ("return", "accept", "reopen"):
        page = client.post(f"/surveys/responses/{submitted.pk}/{action}/", {"reason": "Itse."})
        assert page.status_code == 403, action
    assert fresh(submitted).status == "submitted"


def test_a_manager_sees_no_review_buttons(submitted, helsinki_manager, client_for):
    page = client_for(helsinki_manager).get(f"/surveys/responses/{submitted.pk}/")
    assert page.status_code == 200
    assert f"/surveys/responses/{submitted.pk}/accept/".encode() not in page.content


def test_finance_cannot_answer(pre_join, finance, client_for):
    response = response_of(finance, pre_join, "091")
    with pytest.raises(PermissionDenied):
        response_save_draft(response=response, answers={"intention": "yes"}, by=finance)
    with pytest.raises(PermissionDenied):
        response_submit(response=response, by=finance, answers={"intention": "yes"})
    client = client_for(finance)
    url = f"/surveys/{pre_join.pk}/respond/091/"
    assert client.post(url, {"intention": "yes", "save": "1"}).status_code == 403
    assert client.post(url + "autosave/", {"intention": "yes"}).status_code == 403
    assert not Response.objects.filter(series=pre_join.series, respondent_key="091").exists()


# --- the same through the pages --------------------------------------------------------------


def test_the_whole_journey_through_the_pages(
    pre_join,
    helsinki_manager,
    coordinator,
    client_for,
    complete_pre_join_answers,
    django_capture_on_commit_callbacks,
):
    url = f"/surveys/{pre_join.pk}/respond/091/"
    manager = client_for(helsinki_manager)
    saved = manager.post(url, {"intention": "yes", "lock_version": "0", "save": "1"})
    assert saved.status_code == 302
    response = Response.objects.get(series=pre_join.series, respondent_key="091")
    assert response.status == "draft"

    incomplete = manager.post(url, {"intention": "yes", "lock_version": "1", "submit": "1"})
    assert incomplete.status_code == 400
    assert b'id="error-summary"' in incomplete.content
    assert b'href="#q-business_id"' in incomplete.content
    assert fresh(response).status == "draft"

    with django_capture_on_commit_callbacks(execute=True):
        done = manager.post(
            url, form_data(complete_pre_join_answers(), lock_version="1", submit="1")
        )
    assert done.status_code == 302
    assert fresh(response).status == "submitted"

    coordinator_client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            f"/surveys/responses/{response.pk}/return/", {"reason": "Lisää kommentti."}
        )
    assert fresh(response).status == "returned"
    assert "Lisää kommentti." in page_text(manager.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        manager.post(
            url,
            form_data(
                complete_pre_join_answers(comments="Lisätty."),
                lock_version=str(fresh(response).lock_version),
                submit="1",
            ),
        )
    assert fresh(response).status == "submitted"

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"/surveys/responses/{response.pk}/accept/")
    assert fresh(response).status == "accepted"
    assert [m.subject for m in sent_to(HELSINKI_EMAIL)] == [
        n.subject
        for n in Notification.objects.filter(recipient=HELSINKI_EMAIL).order_by("created_at", "pk")
    ]
    assert len(sent_to(HELSINKI_EMAIL)) == 4  # submitted, returned, submitted again, accepted


# --- closing and reopening -------------------------------------------------------------------


def test_after_closing_a_manager_can_neither_save_nor_submit(
    pre_join, helsinki_manager, complete_pre_join_answers
):
    response = response_save_draft(
        response=response_of(helsinki_manager, pre_join, "091"),
        answers={"intention": "yes"},
        by=helsinki_manager,
    )
    close(pre_join)
    response = fresh(response)
    with (
        translation.override("en"),
        pytest.raises(ValidationError, match="closed on .* Only a coordinator"),
    ):
        response_save_draft(response=response, answers={"intention": "no"}, by=helsinki_manager)
    with pytest.raises(ValidationError):
        response_submit(response=response, by=helsinki_manager, answers=complete_pre_join_answers())
    assert fresh(response).status == "draft"
    assert fresh(response).answers == {"intention": "yes"}
    assert not response.submissions.exists()


def test_after_closing_the_form_says_so_and_saves_nothing(
    pre_join, helsinki_manager, client_for, complete_pre_join_answers
):
    response = response_save_draft(
        response=response_of(helsinki_manager, pre_join, "091"),
        answers={"intention": "yes"},
        by=helsinki_manager,
    )
    close(pre_join)
    client = in_english(client_for(helsinki_manager))
    url = f"/surveys/{pre_join.pk}/respond/091/"
    page = client.post(url, form_data(complete_pre_join_answers(), submit="1"), follow=True)
    assert "Only a coordinator can reopen" in page_text(page)
    assert b"inert" in page.content  # the form can no longer be filled in
    autosave = client.post(url + "autosave/", {"intention": "no"})
    assert autosave.status_code == 403
    assert autosave.json()["saved"] is False
    assert "Only a coordinator can reopen" in autosave.json()["message"]
    assert fresh(response).status == "draft"
    assert fresh(response).answers == {"intention": "yes"}


def test_a_coordinator_reopens_with_a_reason_and_the_manager_can_submit(
    pre_join, helsinki_manager, coordinator, client_for, complete_pre_join_answers
):
    response = response_save_draft(
        response=response_of(helsinki_manager, pre_join, "091"),
        answers={"intention": "yes"},
        by=helsinki_manager,
    )
    close(pre_join)
    with pytest.raises(ValidationError):
        response_reopen(response=fresh(response), by=coordinator, reason="")
    assert fresh(response).status == "draft"

    page = client_for(coordinator).post(
        f"/surveys/responses/{response.pk}/reopen/", {"reason": "Myöhästynyt vastaus sallittu."}
    )
    assert page.status_code == 302
    reopened = fresh(response)
    assert reopened.status == "returned"
    assert reopened.return_reason == "Myöhästynyt vastaus sallittu."
    assert "Myöhästynyt vastaus sallittu." in page_text(
        client_for(helsinki_manager).get(f"/surveys/{pre_join.pk}/respond/091/")
    )

    submitted = response_submit(
        response=reopened, by=helsinki_manager, answers=complete_pre_join_answers()
    )
    assert submitted.status == "submitted"
    assert [t.transition for t in transitions_of(response).order_by("at", "pk")] == [
        "start",
        "reopen",
        "submit",
    ]


def test_managers_cannot_reopen(pre_join, helsinki_manager, submitted):
    close(pre_join)
    with pytest.raises(PermissionDenied):
        response_reopen(response=submitted, by=helsinki_manager, reason="Haluan muuttaa.")
    assert fresh(submitted).status == "submitted"


# --- optimistic locking and autosave ---------------------------------------------------------


def test_saving_over_someone_elses_save_is_refused(pre_join, helsinki_manager, helmet_manager):
    first = response_save_draft(
        response=response_of(helsinki_manager, pre_join, "091"),
        answers={"intention": "yes"},
        by=helsinki_manager,
    )
    seen = first.lock_version
    response_save_draft(
        response=fresh(first), answers={"intention": "no"}, by=helmet_manager, expected_version=seen
    )
    with pytest.raises(Conflict):
        response_save_draft(
            response=fresh(first),
            answers={"intention": "undecided"},
            by=helsinki_manager,
            expected_version=seen,
        )
    assert fresh(first).answers == {"intention": "no"}
    assert fresh(first).updated_by == helmet_manager


def test_autosave_answers_json_with_the_new_lock_version(pre_join, helsinki_manager, client_for):
    client = client_for(helsinki_manager)
    url = f"/surveys/{pre_join.pk}/respond/091/autosave/"
    first = client.post(url, {"intention": "yes", "lock_version": "0"})
    assert first.status_code == 200
    body = first.json()
    assert body["saved"] is True
    assert body["status"] == "draft"
    response = Response.objects.get(series=pre_join.series, respondent_key="091")
    assert body["lock_version"] == response.lock_version

    second = client.post(
        url,
        {"intention": "yes", "signatory_name": "Anna", "lock_version": str(body["lock_version"])},
    )
    assert second.json()["saved"] is True
    assert second.json()["lock_version"] == body["lock_version"] + 1
    assert fresh(response).answers == {"intention": "yes", "signatory_name": "Anna"}


def test_autosave_with_a_stale_lock_version_is_a_conflict(pre_join, helsinki_manager, client_for):
    client = client_for(helsinki_manager)
    url = f"/surveys/{pre_join.pk}/respond/091/autosave/"
    seen = client.post(url, {"intention": "yes", "lock_version": "0"}).json()["lock_version"]
    client.post(url, {"intention": "no", "lock_version": str(seen)})
    conflict = client.post(url, {"intention": "undecided", "lock_version": str(seen)})
    assert conflict.status_code == 409
    assert conflict.json()["saved"] is False
    assert conflict.json()["message"]
    assert Response.objects.get(series=pre_join.series, respondent_key="091").answers == {
        "intention": "no"
    }


def test_autosave_keeps_bad_input_as_typed_and_names_its_errors_per_key(
    pre_join, helsinki_manager, client_for
):
    client = client_for(helsinki_manager)
    url = f"/surveys/{pre_join.pk}/respond/091/autosave/"
    seen = client.post(url, {"intention": "yes", "lock_version": "0"}).json()["lock_version"]
    typed = client.post(
        url,
        {
            "intention": "perhaps",
            "business_id": "0201256-5",
            "signatory_name": "Anna",
            "lock_version": str(seen),
        },
    )
    assert typed.status_code == 200
    body = typed.json()
    assert body["saved"] is True and "on vielä korjattava" in body["message"]
    assert set(body["errors"]) == {"intention", "business_id"}
    assert all(isinstance(m, str) and m for messages in body["errors"].values() for m in messages)
    response = Response.objects.get(series=pre_join.series, respondent_key="091")
    assert response.answers == {"signatory_name": "Anna"}  # only what passes its checks counts
    assert response.unchecked_answers == {"intention": "perhaps", "business_id": "0201256-5"}
    assert response.lock_version == seen + 1


def test_a_draft_with_answers_to_correct_cannot_be_submitted(
    pre_join, helsinki_manager, client_for, complete_pre_join_answers
):
    from surveys.services import AnswersInvalid, response_submit

    client = client_for(helsinki_manager)
    url = f"/surveys/{pre_join.pk}/respond/091/autosave/"
    client.post(url, complete_pre_join_answers(business_id="0201256-5"))
    response = Response.objects.get(series=pre_join.series, respondent_key="091")
    with pytest.raises(AnswersInvalid) as refused:
        response_submit(response=response, by=helsinki_manager)  # the saved draft as it is
    assert set(refused.value.errors) == {"business_id"}
    assert fresh(response).status == "draft"


def test_autosave_needs_a_post(pre_join, helsinki_manager, client_for):
    assert (
        client_for(helsinki_manager)
        .get(f"/surveys/{pre_join.pk}/respond/091/autosave/")
        .status_code
        == 405
    )


def test_a_form_save_with_a_bad_answer_keeps_everything_and_marks_it(
    pre_join, helsinki_manager, client_for
):
    page = client_for(helsinki_manager).post(
        f"/surveys/{pre_join.pk}/respond/091/",
        {
            "intention": "yes",
            "signatory_name": "Anna Ahola",
            "business_id": "0201256-5",
            "save": "1",
        },
        follow=True,
    )
    assert page.status_code == 200
    tree = html.fromstring(page.content.decode())
    assert tree.xpath("//input[@name='signatory_name']/@value") == ["Anna Ahola"]
    assert tree.xpath("//input[@name='business_id']/@value") == ["0201256-5"]
    assert tree.xpath("//input[@name='business_id']/@aria-invalid") == ["true"]
    assert tree.xpath("//input[@name='signatory_name']/@aria-invalid") == []
    assert tree.xpath("//*[@id='err-business_id']/li")  # the reason, at its question
    response = Response.objects.get(series=pre_join.series, respondent_key="091")
    assert response.status == "draft" and response.unchecked_answers == {"business_id": "0201256-5"}


def test_a_failed_submit_keeps_every_typed_value(pre_join, helsinki_manager, client_for):
    page = client_for(helsinki_manager).post(
        f"/surveys/{pre_join.pk}/respond/091/",
        {"intention": "yes", "signatory_name": "Anna Ahola", "submit": "1"},
    )
    assert page.status_code == 400
    tree = html.fromstring(page.content.decode())
    assert tree.xpath("//input[@name='signatory_name']/@value") == ["Anna Ahola"]
    assert tree.xpath("//input[@aria-invalid='true']")  # the required ones left empty


# --- e-mails ---------------------------------------------------------------------------------


def test_helsinki_gets_each_email_once_in_finnish(
    submitted,
    coordinator,
    helsinki_manager,
    complete_pre_join_answers,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response_return(response=submitted, by=coordinator, reason="Tarkista yhteystiedot.")
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(
            response=fresh(submitted), by=helsinki_manager, answers=complete_pre_join_answers()
        )
    with django_capture_on_commit_callbacks(execute=True):
        response_accept(response=fresh(submitted), by=coordinator)

    emails = sent_to(HELSINKI_EMAIL)
    assert len(emails) == 4 == len(mail.outbox)
    notifications = list(
        Notification.objects.filter(recipient=HELSINKI_EMAIL).order_by("created_at", "pk")
    )
    assert [n.kind for n in notifications] == [
        "survey_submitted",
        "survey_returned",
        "survey_submitted",
        "survey_accepted",
    ]
    assert {n.language for n in notifications} == {"fi"}
    assert {n.status for n in notifications} == {"sent"}
    assert all(n.concerning == submitted for n in notifications)
    for email in emails:
        assert "E-kirjaston liittymiskysely" in email.subject
        assert email.body.startswith("Hei,")
        assert "Helsinki" in email.body
        assert "Helsingfors" not in email.body
    assert "Tarkista yhteystiedot." in emails[1].body
    # TODO(translations): the survey e-mail sentences are not in locale/fi yet; once they
    # are, assert the Finnish subject, e.g. emails[0].subject.startswith("Vastaukset").


def test_narpes_gets_its_emails_in_swedish(
    pre_join,
    narpes_manager,
    coordinator,
    django_capture_on_commit_callbacks,
    complete_pre_join_answers,
):
    answers = complete_pre_join_answers(business_id="", einvoice_address="")
    answers = {k: v for k, v in answers.items() if v}
    answers["business_id"] = "0180663-9"  # a valid check digit
    answers["einvoice_address"] = "003701806639"
    with django_capture_on_commit_callbacks(execute=True):
        response = response_submit(
            response=response_of(narpes_manager, pre_join, "545"),
            by=narpes_manager,
            answers=answers,
        )
    with django_capture_on_commit_callbacks(execute=True):
        response_return(response=response, by=coordinator, reason="Kontrollera fakturaadressen.")
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(response=fresh(response), by=narpes_manager, answers=answers)
    with django_capture_on_commit_callbacks(execute=True):
        response_accept(response=fresh(response), by=coordinator)

    emails = sent_to(NARPES_EMAIL)
    assert len(emails) == 4
    assert set(
        Notification.objects.filter(recipient=NARPES_EMAIL).values_list("language", flat=True)
    ) == {"sv"}
    for email in emails:
        assert "Närpes" in email.body
        assert "Närpiö" not in email.body
        assert email.body.startswith("Hej,")  # translated
        assert "Förfrågan om anslutning till E-biblioteket" in email.subject
    assert "Kontrollera fakturaadressen." in emails[1].body
    # TODO(translations): the survey e-mail sentences are not in locale/sv yet; once they
    # are, assert the Swedish subject and body, e.g. "Svaren har tagits emot" in the first.


def test_a_rerun_of_the_same_event_sends_nothing_new(submitted, django_capture_on_commit_callbacks):
    assert len(sent_to(HELSINKI_EMAIL)) == 1
    event = Notification.objects.get(recipient=HELSINKI_EMAIL).event
    with django_capture_on_commit_callbacks(execute=True):
        again = notify(
            kind="survey_submitted",
            event=event,
            recipients=[Recipient(HELSINKI_EMAIL, "fi")],
            template="emails/survey_submitted",
            context={"response": submitted, "questionnaire": submitted.questionnaire},
            concerning=submitted,
        )
    assert again == []
    assert len(sent_to(HELSINKI_EMAIL)) == 1
    assert Notification.objects.filter(event=event).count() == 1


def test_the_response_page_lists_its_emails(submitted, coordinator, client_for):
    text = page_text(client_for(coordinator).get(f"/surveys/responses/{submitted.pk}/"))
    assert f"{HELSINKI_EMAIL} (fi)" in text


# --- connection units ------------------------------------------------------------------------


def test_the_cost_survey_of_helsinki_is_the_helmet_units_response(
    cost, helsinki_manager, helmet_manager
):
    for user in (helsinki_manager, helmet_manager):
        response = response_of(user, cost, "091")
        assert response.respondent_key == "helmet"
        assert response.consortium.slug == "helmet"
        assert response.municipality is None
    assert response_of(helmet_manager, cost, "092").respondent_key == "helmet"


def test_a_unit_response_is_one_response_seen_by_every_member_manager(
    cost,
    helsinki_manager,
    helmet_manager,
    client_for,
    complete_cost_answers,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = response_submit(
            response=response_of(helsinki_manager, cost, "091"),
            by=helsinki_manager,
            answers=complete_cost_answers(),
        )
    assert Response.objects.filter(series=cost.series).count() == 1
    # Espoo's manager opens the same response through Espoo.
    assert response_of(helmet_manager, cost, "049").pk == response.pk

    for user in (helsinki_manager, helmet_manager):
        client = client_for(user)
        assert client.get(f"/surveys/responses/{response.pk}/").status_code == 200
        assert "Helmet" in page_text(client.get("/surveys/"))
        assert client.get(f"/surveys/{cost.pk}/respond/091/").status_code == 200

    assert sorted(m.to[0] for m in mail.outbox) == [HELMET_EMAIL, HELSINKI_EMAIL]
    assert len(mail.outbox) == 2


def test_my_surveys_lists_both_questionnaires_with_status_and_closing_date(
    pre_join, cost, helsinki_manager, client_for, submitted
):
    text = page_text(client_for(helsinki_manager).get("/surveys/"))
    assert pre_join.title in text
    assert cost.title in text
    assert timezone.localtime(pre_join.closes_at).strftime("%-d.%-m.%Y") in text


def test_the_answers_table_heads_its_column_answer_as_a_noun(submitted, coordinator, client_for):
    client = client_for(coordinator)
    client.cookies["django_language"] = "fi"
    page = client.get(f"/surveys/responses/{submitted.pk}/").content.decode()
    headers = [" ".join(th.text_content().split()) for th in html.fromstring(page).xpath("//th")]
    assert "Vastaus" in headers and "Vastaa" not in headers  # the answer, not "answer!"
