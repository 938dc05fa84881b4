"""Versioned questionnaires: a published version never changes, editing makes a new version,
and answers stay with the version they answered, on screen and in the exports."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from lxml import html

from onboarding.models import Notification
from onboarding.services.audit import transitions_of
from surveys import selectors
from surveys.models import Question, Questionnaire, Response
from surveys.reminders import survey_reminders_due
from surveys.services import (
    AnswersInvalid,
    question_save,
    questionnaire_new_version,
    questionnaire_publish,
    response_return,
    response_save_draft,
    response_submit,
)

pytestmark = pytest.mark.django_db

V1_ANSWERS = {
    "name": "Helsingin kaupunginkirjasto",
    "staff": "120",
    "budget": "1500.50",
    "colour": "blue",
    "formats": ["ebook", "audio"],
    "agree": "yes",
    "deadline": "2025-03-15",
}


def text(element) -> str:
    return " ".join(element.text_content().split())


def answer_table(page) -> dict[str, str]:
    """The response page's answers: question label -> answer as shown."""
    assert page.status_code == 200, page.status_code
    tree = html.fromstring(page.content.decode())
    (table,) = tree.xpath("//table[count(thead/tr/th) = 2]")  # question, answer
    return {text(tr.xpath("th")[0]): text(tr.xpath("td")[0]) for tr in table.xpath("tbody/tr")}


def csv_rows(page) -> list[list[str]]:
    assert page.status_code == 200, page.status_code
    assert page["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(page.content.decode("utf-8-sig"))))


def xlsx_rows(page) -> list[list[str]]:
    assert page.status_code == 200, page.status_code
    book = openpyxl.load_workbook(io.BytesIO(page.content))
    return [
        ["" if v is None else str(v) for v in row]
        for row in book.active.iter_rows(values_only=True)
    ]


def row_of(rows, respondent: str) -> dict[str, str]:
    keys = rows[0]
    matches = [dict(zip(keys, row, strict=True)) for row in rows[2:] if row[0] == respondent]
    assert len(matches) == 1, f"{respondent} rows: {len(matches)}"
    return matches[0]


def answer(user, questionnaire, code, answers) -> Response:
    response, _respondent = selectors.response_for_municipality(user, questionnaire, code)
    return response_submit(response=response, by=user, answers=answers)


@pytest.fixture
def v1(small_draft, coordinator):
    return questionnaire_publish(questionnaire=small_draft, by=coordinator)


@pytest.fixture
def answered_v1(v1, helsinki_manager):
    return answer(helsinki_manager, v1, "091", V1_ANSWERS)


@pytest.fixture
def v2(v1, answered_v1, coordinator):
    """v1 edited: a label changed, questions reordered, `staff` deleted, `platforms` added."""
    draft = questionnaire_new_version(questionnaire=v1, by=coordinator)
    questions = {q.key: q for q in draft.questions.all()}
    questions["name"].label_fi = "Kirjaston virallinen nimi"
    questions["name"].label_en = "Official name of the library"
    questions["name"].position = 90
    question_save(question=questions["name"], by=coordinator)
    questions["deadline"].position = 5
    question_save(question=questions["deadline"], by=coordinator)
    questions["staff"].delete()
    question_save(
        question=Question(
            questionnaire=draft,
            key="platforms",
            position=95,
            type="number",
            label_fi="Alustojen määrä",
            label_sv="Antal plattformar",
            label_en="Number of platforms",
        ),
        by=coordinator,
    )
    return questionnaire_publish(questionnaire=draft, by=coordinator)


# --- the acceptance test -------------------------------------------------------------------


def test_answers_to_v1_keep_their_own_questions_after_v2_is_published(
    v1, v2, answered_v1, client_for, coordinator
):
    response = Response.objects.get(pk=answered_v1.pk)
    assert response.questionnaire == v1
    assert response.answers == V1_ANSWERS
    assert response.submissions.get().questionnaire == v1
    assert v2.version == 2
    assert [q.key for q in v2.questions.all()] == [
        "deadline",
        "budget",
        "colour",
        "formats",
        "agree",
        "name",
        "platforms",
    ]
    # v1 itself did not change.
    assert [q.key for q in v1.questions.all()] == list(V1_ANSWERS)
    assert v1.questions.get(key="name").label_fi == "Nimi"

    shown = answer_table(client_for(coordinator).get(f"/surveys/responses/{response.pk}/"))
    assert shown == {
        "Nimi": "Helsingin kaupunginkirjasto",
        "Henkilöstö": "120",
        "Budjetti": "1500.50",
        "Väri": "Sininen",
        "Muodot": "E-kirja; Äänikirja",
        "Samaa mieltä": "Kyllä",
        "Määräpäivä": "2025-03-15",
    }
    assert "Kirjaston virallinen nimi" not in shown
    assert "Alustojen määrä" not in shown


def test_v1_answers_export_under_their_own_keys_with_v2s_new_key_empty(
    v1, v2, answered_v1, client_for, coordinator, helmet_manager
):
    espoo = answer(
        helmet_manager, v2, "049", {"name": "Espoon kaupunginkirjasto", "platforms": "4"}
    )
    assert espoo.questionnaire == v2
    client = client_for(coordinator)
    query = {"questionnaire": v2.pk, "lang": "en"}

    for rows in (
        csv_rows(client.get("/surveys/overview/export.csv", query)),
        xlsx_rows(client.get("/surveys/overview/export.xlsx", query)),
    ):
        keys = rows[0]
        # Every key of every version once: v2's order first, then what only v1 had.
        assert keys[5:] == [
            "deadline",
            "budget",
            "colour",
            "formats",
            "agree",
            "name",
            "platforms",
            "staff",
        ]
        labels = dict(zip(keys, rows[1], strict=True))
        assert labels["name"] == "Official name of the library"
        assert labels["staff"] == "Staff"

        helsinki = row_of(rows, "091")
        assert helsinki["version"] == "1"
        assert helsinki["name"] == "Helsingin kaupunginkirjasto"
        assert helsinki["staff"] == "120"
        assert helsinki["budget"] == "1500.50"
        assert helsinki["colour"] == "Blue"
        assert helsinki["formats"] == "E-book; Audiobook"
        assert helsinki["agree"] == "Yes"
        assert helsinki["deadline"] == "2025-03-15"
        assert helsinki["platforms"] == ""

        espoo_row = row_of(rows, "049")
        assert espoo_row["version"] == "2"
        assert espoo_row["name"] == "Espoon kaupunginkirjasto"
        assert espoo_row["platforms"] == "4"
        assert espoo_row["staff"] == ""


def test_a_new_response_answers_the_newest_version(v1, v2, client_for, helmet_manager):
    client = client_for(helmet_manager)
    page = client.get("/surveys/")
    assert f'href="/surveys/{v2.pk}/respond/049/"'.encode() in page.content
    assert f"/surveys/{v1.pk}/respond/".encode() not in page.content

    saved = client.post(f"/surveys/{v2.pk}/respond/049/", {"name": "Espoo", "save": "1"})
    assert saved.status_code == 302
    response = Response.objects.get(series=v2.series, respondent_key="049")
    assert response.questionnaire == v2


def test_a_new_response_through_an_old_link_answers_the_newest_version(
    v1, v2, client_for, helmet_manager
):
    """A reminder sent before v2 links to v1: a response started from it answers v2."""
    client = client_for(helmet_manager)
    saved = client.post(f"/surveys/{v1.pk}/respond/049/", {"name": "Espoo", "save": "1"})
    assert saved.status_code == 302
    response = Response.objects.get(series=v2.series, respondent_key="049")
    assert response.questionnaire == v2


def test_the_v1_respondent_keeps_seeing_and_editing_the_version_it_answered(
    v1, v2, answered_v1, client_for, helsinki_manager
):
    page = client_for(helsinki_manager).get(f"/surveys/{v2.pk}/respond/091/")
    assert page.status_code == 200
    content = page.content.decode()
    assert 'name="staff"' in content
    assert 'name="platforms"' not in content


def test_a_published_version_refuses_question_changes(v1, coordinator):
    question = v1.questions.get(key="name")
    question.label_fi = "Muutettu"
    with translation.override("en"), pytest.raises(ValidationError, match="published"):
        question_save(question=question, by=coordinator)
    with pytest.raises(ValidationError):
        question_save(
            question=Question(questionnaire=v1, key="extra", type="text", label_fi="Lisä"),
            by=coordinator,
        )
    assert v1.questions.get(key="name").label_fi == "Nimi"
    assert not v1.questions.filter(key="extra").exists()


def test_v2_is_frozen_too_once_published(v2, coordinator):
    question = v2.questions.get(key="platforms")
    question.required = True
    with pytest.raises(ValidationError):
        question_save(question=question, by=coordinator)
    assert not v2.questions.get(key="platforms").required


def test_the_admin_shows_a_published_questionnaire_read_only(v1, small_draft, admin_client):
    url = f"/admin/surveys/questionnaire/{v1.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert b'name="title_fi"' not in page.content  # shown as text, not as a field

    refused = admin_client.post(url, {"title_fi": "Muutettu", "title_sv": "x", "title_en": "x"})
    assert refused.status_code == 403
    assert Questionnaire.objects.get(pk=v1.pk).title_fi == "Pieni kysely"

    question = v1.questions.get(key="name")
    question_url = f"/admin/surveys/question/{question.pk}/change/"
    assert admin_client.post(question_url, {"label_fi": "Muutettu"}).status_code == 403
    assert (
        admin_client.post(
            f"/admin/surveys/question/{question.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert v1.questions.filter(key="name", label_fi="Nimi").exists()


def test_the_admin_edits_a_draft(coordinator, small_draft, admin_client):
    page = admin_client.get(f"/admin/surveys/questionnaire/{small_draft.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' in page.content


def test_a_new_version_twice_gives_the_same_draft(v1, coordinator):
    first = questionnaire_new_version(questionnaire=v1, by=coordinator)
    second = questionnaire_new_version(questionnaire=v1, by=coordinator)
    assert first == second
    assert first.version == 2
    assert first.status == "draft"
    assert Questionnaire.objects.filter(programme=v1.programme, slug=v1.slug).count() == 2


def test_a_new_version_copies_questions_and_choices(v1, coordinator):
    copy = questionnaire_new_version(questionnaire=v1, by=coordinator)
    assert [q.key for q in copy.questions.all()] == [q.key for q in v1.questions.all()]
    assert list(copy.questions.get(key="formats").choices.values_list("value", flat=True)) == [
        "ebook",
        "audio",
        "magazine",
    ]
    assert not set(copy.questions.values_list("pk", flat=True)) & set(
        v1.questions.values_list("pk", flat=True)
    )


def test_a_draft_version_is_answered_by_no_one(v1, coordinator, client_for, helsinki_manager):
    draft = questionnaire_new_version(questionnaire=v1, by=coordinator)
    assert client_for(helsinki_manager).get(f"/surveys/{draft.pk}/respond/091/").status_code == 404


def test_v1_answers_are_still_checked_against_v1_after_v2(
    v1, v2, answered_v1, coordinator, helsinki_manager
):
    returned = response_return(response=answered_v1, by=coordinator, reason="Tarkista budjetti.")
    with pytest.raises(AnswersInvalid) as error:
        response_save_draft(
            response=returned, answers={**V1_ANSWERS, "platforms": "2"}, by=helsinki_manager
        )
    assert list(error.value.errors) == ["platforms"]  # a v2 question, not v1's

    saved = response_save_draft(
        response=returned, answers={**V1_ANSWERS, "staff": "125"}, by=helsinki_manager
    )
    assert saved.questionnaire == v1
    assert saved.answers["staff"] == "125"


def test_a_coordinator_versions_publishes_and_closes_from_the_pages(v1, client_for, coordinator):
    client = client_for(coordinator)
    made = client.post(f"/surveys/questionnaires/{v1.pk}/new-version/")
    draft = Questionnaire.objects.get(programme=v1.programme, slug=v1.slug, version=2)
    assert made.status_code == 302
    assert made["Location"] == f"/surveys/questionnaires/{draft.pk}/"
    assert draft.status == "draft"
    assert (
        client.post(f"/surveys/questionnaires/{v1.pk}/new-version/")["Location"] == made["Location"]
    )

    client.post(f"/surveys/questionnaires/{draft.pk}/publish/")
    assert Questionnaire.objects.get(pk=draft.pk).status == "published"
    client.post(f"/surveys/questionnaires/{draft.pk}/close/")
    assert Questionnaire.objects.get(pk=draft.pk).status == "closed"


def test_a_questionnaire_without_questions_cannot_be_published(small_draft, coordinator):
    small_draft.questions.all().delete()
    with pytest.raises(ValidationError):
        questionnaire_publish(questionnaire=small_draft, by=coordinator)
    assert Questionnaire.objects.get(pk=small_draft.pk).status == "draft"


def test_a_published_version_cannot_be_published_again(v1, coordinator):
    with pytest.raises(ValidationError):
        questionnaire_publish(questionnaire=v1, by=coordinator)


def test_publishing_is_logged(v1, coordinator):
    (logged,) = transitions_of(v1)
    assert (logged.transition, logged.from_state, logged.to_state, logged.by) == (
        "publish",
        "draft",
        "published",
        coordinator,
    )


def test_reminders_after_v2_go_once_per_respondent_and_link_to_v2(
    v1, v2, helmet_manager, django_capture_on_commit_callbacks
):
    """v1 stays published beside v2; the respondents of the series are reminded once."""
    now = v2.closes_at - datetime.timedelta(days=7) + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        survey_reminders_due(now=now)
    reminders = Notification.objects.filter(kind="survey_reminder", event__contains=v2.series)
    # Espoo, Vantaa and Kauniainen; Helsinki answered v1.
    assert sorted(n.event.split(":")[-2] for n in reminders) == ["049", "092", "235"]
    bodies = [m.body for m in mail.outbox if "Pieni kysely" in m.subject]
    assert len(bodies) == 3
    assert all(f"/surveys/{v2.pk}/respond/" in body for body in bodies)
