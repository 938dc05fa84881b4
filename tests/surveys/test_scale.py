"""The scale question type (1-5 with labelled ends): checking, storing as ints, the form's
radio group, the answer exports."""

import pytest
from django.utils import translation
from lxml import html

from surveys.answers import check_answers, display_value
from surveys.exports import answer_table
from surveys.models import Question, Response, ResponseStatus
from surveys.services import AnswersInvalid, response_save_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def familiarity(ai_survey) -> Question:
    return ai_survey.questions.get(key="familiarity")


@pytest.mark.parametrize(
    "value", [0, 6, "6", "0", -1, "3.5", 3.5, 4.0, True, "four", [3], {"a": 1}]
)
def test_a_scale_refuses_what_is_not_a_whole_number_from_1_to_5(familiarity, value):
    checked = check_answers([familiarity], {"familiarity": value}, complete=False)
    assert checked.answers == {}
    assert list(checked.errors) == ["familiarity"]


def test_the_scale_message_names_the_range(familiarity):
    with translation.override("en"):
        checked = check_answers([familiarity], {"familiarity": "7"}, complete=False)
    assert checked.errors["familiarity"] == ["Choose a whole number from 1 to 5."]


@pytest.mark.parametrize(("value", "stored"), [("4", 4), (" 1 ", 1), (5, 5), ("05", 5)])
def test_a_scale_answer_is_stored_as_an_int(familiarity, value, stored):
    checked = check_answers([familiarity], {"familiarity": value}, complete=False)
    assert checked.errors == {}
    assert checked.answers == {"familiarity": stored}
    assert type(checked.answers["familiarity"]) is int


def test_submitting_a_scale_out_of_range_on_the_form_stores_nothing(
    ai_survey, helsinki_manager, client_for
):
    client = client_for(helsinki_manager)
    page = client.post(
        f"/surveys/{ai_survey.pk}/respond/091/",
        {"familiarity": "9", "lock_version": "0", "submit": "1"},
    )
    assert page.status_code == 400
    tree = html.fromstring(page.content.decode())
    assert tree.xpath('//ul[@id="err-familiarity"]/li')
    assert not Response.objects.filter(series=ai_survey.series).exists()


def test_the_api_way_of_saving_refuses_a_bad_scale_and_stores_nothing(ai_survey, helsinki_manager):
    from surveys import selectors

    response, _respondent = selectors.response_for_municipality(helsinki_manager, ai_survey, "091")
    with pytest.raises(AnswersInvalid):
        response_save_draft(response=response, answers={"familiarity": 3.5}, by=helsinki_manager)
    assert not Response.objects.filter(series=ai_survey.series).exists()


def test_a_saved_scale_answer_is_an_int_in_the_database(ai_survey, helsinki_manager, client_for):
    client = client_for(helsinki_manager)
    page = client.post(
        f"/surveys/{ai_survey.pk}/respond/091/",
        {"familiarity": "4", "lock_version": "0", "save": "1"},
    )
    assert page.status_code == 302
    response = Response.objects.get(series=ai_survey.series, respondent_key="091")
    assert response.status == ResponseStatus.DRAFT
    assert response.answers == {"familiarity": 4}
    again = client.get(f"/surveys/{ai_survey.pk}/respond/091/")
    tree = html.fromstring(again.content.decode())
    assert tree.xpath('//input[@name="familiarity"][@checked]/@value') == ["4"]


def test_the_form_shows_a_scale_as_a_labelled_radio_group(ai_survey, helsinki_manager, client_for):
    page = client_for(helsinki_manager).get(f"/surveys/{ai_survey.pk}/respond/091/")
    tree = html.fromstring(page.content.decode())
    fieldset = tree.xpath('//fieldset[@id="q-familiarity"]')[0]
    assert (
        fieldset.xpath("./legend")[0]
        .text_content()
        .startswith("Kuinka hyvin henkilöstö tuntee generatiivisen tekoälyn työkalut?")
    )
    labels = [" ".join(label.text_content().split()) for label in fieldset.xpath(".//label")]
    assert labels == ["1 – Ei lainkaan", "2", "3", "4", "5 – Erittäin hyvin"]
    assert fieldset.xpath(".//label/input[@type='radio']/@value") == ["1", "2", "3", "4", "5"]


def test_the_scale_ends_follow_the_language(familiarity):
    assert familiarity.scale_points("sv")[0] == (1, "Inte alls")
    assert familiarity.scale_points("sv")[-1] == (5, "Mycket väl")
    assert familiarity.scale_points("en")[2] == (3, "")


def test_the_answer_exports_show_a_scale_answer_as_its_number(ai_survey):
    response = Response(
        questionnaire=ai_survey,
        series=ai_survey.series,
        respondent_key="091",
        respondent_name="Helsinki",
        answers={"familiarity": 4, "guidelines": "in_preparation"},
    )
    response.save()
    rows = answer_table([response], [ai_survey], "sv")
    column = rows[0].index("familiarity")
    assert rows[2][column] == "4"
    assert rows[2][rows[0].index("guidelines")] == "Under beredning"
    assert display_value(ai_survey.questions.get(key="familiarity"), 2) == "2"
