"""The results page of a questionnaire that is not about onboarding (the AI competence
survey): the arithmetic, the chart, the small-group rule on the page and in the export, the
languages, who may look, and the demo seed."""

import csv
import io

import pytest
from lxml import html

from onboarding.models import Municipality, Programme
from surveys.charts import PLOT, distribution_chart
from surveys.demo import _record
from surveys.demo_ai import ai_competence_seed
from surveys.models import Questionnaire, Response
from surveys.results import tally
from surveys.selectors import MIN_RESPONDENTS, results_shown, survey_results

pytestmark = pytest.mark.django_db

KAINUU = "18"
FAMILIARITY = [1, 2, 2, 5, 5, 5]  # counts 1, 2, 0, 0, 3; mean 20 / 6 = 3.3
FAMILIARITY_LABEL = "Kuinka hyvin henkilöstö tuntee generatiivisen tekoälyn työkalut?"
SECRET = "Kirjastomme oma salainen vastaus"


def answer(questionnaire, municipality, status="submitted", **answers) -> Response:
    response = Response.objects.create(
        questionnaire=questionnaire,
        series=questionnaire.series,
        respondent_key=municipality.code,
        respondent_name=municipality.name_fi,
        municipality=municipality,
    )
    _record(response, status, answers)
    return response


def kainuu(count: int) -> list[Municipality]:
    found = list(Municipality.objects.filter(region_code=KAINUU).order_by("code")[:count])
    assert len(found) == count
    return found


def answered_in_kainuu(questionnaire, count: int, **extra) -> list[Response]:
    return [
        answer(
            questionnaire,
            m,
            familiarity=FAMILIARITY[i % len(FAMILIARITY)],
            guidelines="in_preparation",
            **extra,
        )
        for i, m in enumerate(kainuu(count))
    ]


def page(client, questionnaire, query="", language="fi"):
    client.cookies["django_language"] = language
    response = client.get(f"/surveys/questionnaires/{questionnaire.pk}/results/{query}")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text_of(content: str) -> str:
    return " ".join(" ".join(html.fromstring(content).itertext()).split())


def bars(content: str, key: str) -> list[int]:
    tree = html.fromstring(content)
    return [int(c) for c in tree.xpath(f'//section[@id="question-{key}"]//g/@data-count')]


def export_rows(client, questionnaire, query="") -> list[list[str]]:
    response = client.get(f"/surveys/questionnaires/{questionnaire.pk}/results.csv{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- the arithmetic and the chart -----------------------------------------------------------


def test_a_scale_is_tallied_with_its_mean(ai_survey):
    question = ai_survey.questions.get(key="familiarity")
    result = tally(question, [*FAMILIARITY, None, ""])
    assert result.respondents == 6
    assert [o.count for o in result.options] == [1, 2, 0, 0, 3]
    assert [o.label for o in result.options][0] == "1 – Ei lainkaan"
    assert str(result.mean) == "3.3"


def test_multiple_choice_shares_are_of_the_respondents(ai_survey):
    question = ai_survey.questions.get(key="tools_used")
    result = tally(question, [["chatbots", "images"], ["chatbots"], ["none"], ["chatbots"]])
    counts = {o.value: (o.count, o.share) for o in result.options}
    assert counts["chatbots"] == (3, 0.75)
    assert counts["images"] == (1, 0.25)
    assert result.mean is None


def test_the_chart_bars_are_as_long_as_their_share(ai_survey):
    result = tally(ai_survey.questions.get(key="familiarity"), FAMILIARITY)
    chart = distribution_chart(result, title="t", description="d")
    assert [b.count for b in chart.bars] == [1, 2, 0, 0, 3]
    assert [b.length for b in chart.bars] == [
        round(PLOT / 6, 1),
        round(PLOT / 3, 1),
        0,
        0,
        round(PLOT / 2, 1),
    ]
    assert chart.bars[4].figure == "3 (50\u00a0%)"
    assert [b.y for b in chart.bars] == sorted(b.y for b in chart.bars)  # one row each


# --- the small-group rule --------------------------------------------------------------------


def test_the_rule_shows_a_coordinator_everything_and_others_five_or_more(
    coordinator, helsinki_manager, finance
):
    assert results_shown(coordinator, 1)
    assert not results_shown(helsinki_manager, MIN_RESPONDENTS - 1)
    assert results_shown(helsinki_manager, MIN_RESPONDENTS)
    assert not results_shown(finance, 4)


def test_a_region_of_four_is_hidden_from_a_manager_and_shown_to_a_coordinator(
    ai_survey, helsinki_manager, coordinator, client_for
):
    answered_in_kainuu(ai_survey, 4)
    hidden = page(client_for(helsinki_manager), ai_survey, f"?region={KAINUU}")
    assert bars(hidden, "familiarity") == []
    assert "<svg" not in hidden
    tree = html.fromstring(hidden)
    section = tree.xpath('//section[@id="question-familiarity"]')[0]
    assert "suppressed" in section.xpath(".//p/@class")[0]
    assert not section.xpath(".//table")
    assert "5" in section.text_content()  # "fewer than 5 respondents"
    assert tree.xpath('//dd[@id="respondents"]/span[@class="suppressed"]')

    shown = page(client_for(coordinator), ai_survey, f"?region={KAINUU}")
    assert bars(shown, "familiarity") == [1, 2, 0, 0, 1]
    assert html.fromstring(shown).xpath('//dd[@id="respondents"]')[0].text_content() == "4"


def test_a_region_of_five_is_shown_to_a_manager(ai_survey, helsinki_manager, client_for):
    answered_in_kainuu(ai_survey, 5)
    content = page(client_for(helsinki_manager), ai_survey, f"?region={KAINUU}")
    assert bars(content, "familiarity") == [1, 2, 0, 0, 2]
    assert "<svg" in content


def test_drafts_do_not_count(ai_survey, helsinki_manager):
    answered_in_kainuu(ai_survey, 4)
    answer(ai_survey, kainuu(5)[4], "draft", familiarity=3)
    results = survey_results(helsinki_manager, ai_survey, region_code=KAINUU)
    assert results.suppressed
    assert all(q.suppressed for q in results.questions)


def test_each_question_is_suppressed_on_its_own(ai_survey, helsinki_manager):
    """Five answered, but only four of them the optional multiple choice."""
    responses = answered_in_kainuu(ai_survey, 5)
    for response in responses[:4]:
        Response.objects.filter(pk=response.pk).update(
            answers={**response.answers, "tools_used": ["chatbots"]}
        )
    results = {q.question.key: q for q in survey_results(helsinki_manager, ai_survey).questions}
    assert not results["familiarity"].suppressed
    assert results["tools_used"].suppressed
    assert results["tools_used"].options == [] and results["tools_used"].respondents == 0


def test_the_export_suppresses_as_the_page_does(
    ai_survey, helsinki_manager, coordinator, client_for
):
    answered_in_kainuu(ai_survey, 4)
    manager_rows = export_rows(client_for(helsinki_manager), ai_survey, f"?region={KAINUU}")
    familiarity = [r for r in manager_rows[1:] if r[0] == FAMILIARITY_LABEL]
    assert len(familiarity) == 1
    assert familiarity[0][2:7] == ["", "", "", "", ""]
    assert "5" in familiarity[0][7]

    coordinator_rows = export_rows(client_for(coordinator), ai_survey, f"?region={KAINUU}")
    counts = [r[3] for r in coordinator_rows[1:] if r[0] == FAMILIARITY_LABEL]
    assert counts == ["1", "2", "0", "0", "1"]


def test_a_manager_never_gets_another_municipalitys_own_words(
    ai_survey, helsinki_manager, coordinator, client_for
):
    answered_in_kainuu(ai_survey, 6, support_wishes=SECRET)
    manager = client_for(helsinki_manager)
    for query in ("", f"?region={KAINUU}"):
        assert SECRET not in page(manager, ai_survey, query)
        assert SECRET not in str(export_rows(manager, ai_survey, query))
    assert SECRET in page(client_for(coordinator), ai_survey)
    assert SECRET in str(export_rows(client_for(coordinator), ai_survey))


# --- languages, access, links ---------------------------------------------------------------


def test_the_page_in_finnish_has_labels_and_a_decimal_comma(ai_survey, coordinator, client_for):
    answered_in_kainuu(ai_survey, 6)
    content = page(client_for(coordinator), ai_survey, f"?region={KAINUU}")
    text = text_of(content)
    assert "Valmisteilla" in text and "in_preparation" not in text
    assert "3,3" in html.fromstring(content).xpath('//strong[@class="mean"]')[0].text
    assert '<option value="18" selected>Kainuu</option>' in content


def test_the_page_in_swedish_has_swedish_labels_and_region_names(
    ai_survey, coordinator, client_for
):
    answered_in_kainuu(ai_survey, 6)
    content = page(client_for(coordinator), ai_survey, f"?region={KAINUU}", language="sv")
    text = text_of(content)
    assert "Hur väl känner personalen till verktyg för generativ AI?" in text
    assert "Under beredning" in text and "in_preparation" not in text
    assert "1 – Inte alls" in text
    assert "3,3" in html.fromstring(content).xpath('//strong[@class="mean"]')[0].text
    assert '<option value="18" selected>Kajanaland</option>' in content
    assert "Egentliga Finland" in content and "Varsinais-Suomi" not in content


def test_anonymous_visitors_are_sent_to_log_in(ai_survey, client):
    for url in ("results/", "results.csv"):
        response = client.get(f"/surveys/questionnaires/{ai_survey.pk}/{url}")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_onboarding_surveys_have_no_results_page(pre_join, coordinator, client_for):
    response = client_for(coordinator).get(f"/surveys/questionnaires/{pre_join.pk}/results/")
    assert response.status_code == 404


def test_the_results_are_linked_from_the_questionnaire_and_my_surveys(
    ai_survey, coordinator, helsinki_manager, client_for
):
    url = f"/surveys/questionnaires/{ai_survey.pk}/results/"
    detail = client_for(coordinator).get(f"/surveys/questionnaires/{ai_survey.pk}/")
    assert f'href="{url}"' in detail.content.decode()
    mine = client_for(helsinki_manager).get("/surveys/")
    assert f'href="{url}"' in mine.content.decode()
    listed = client_for(coordinator).get("/surveys/questionnaires/")
    assert f'href="{url}"' in listed.content.decode()


# --- the demo --------------------------------------------------------------------------------


def test_the_ai_survey_seed_is_idempotent_and_leaves_a_small_region():
    ai_competence_seed()
    programme = Programme.objects.get(slug="tekoalyosaaminen-2026")
    questionnaire = Questionnaire.objects.get(programme=programme, slug="ai-baseline")
    responses = Response.objects.filter(series=questionnaire.series)
    first = sorted(responses.values_list("respondent_key", "status", "answers"))
    assert first and all(responses.values_list("is_demo", flat=True))
    ai_competence_seed()
    assert Programme.objects.filter(slug="tekoalyosaaminen-2026").count() == 1
    assert Questionnaire.objects.filter(programme=programme).count() == 1
    assert sorted(responses.values_list("respondent_key", "status", "answers")) == first
    assert programme.name_sv == "Folkbibliotekens AI-kompetens 2026"
    assert str(programme.fee_per_resident) == "0.0000"
    counted = responses.filter(status__in=("submitted", "accepted"))
    assert 0 < counted.filter(municipality__region_code=KAINUU).count() < MIN_RESPONDENTS
