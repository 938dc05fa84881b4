"""The cost analysis: per-resident cost of each connection unit, the population-weighted
national average, median, quartiles and distribution; the demo data's 0.80 EUR."""

import csv
import io
import re
from decimal import Decimal

import pytest
from lxml import html

from surveys.analysis import SPEND_KEYS, UnitCost, analyse, cost_analysis
from surveys.demo import survey_demo_seed
from surveys.models import Response
from surveys.services import response_reopen

pytestmark = pytest.mark.django_db

UNITS = [
    UnitCost("small", "Pieni", population=1000, cost=Decimal("500")),  # 0.50
    UnitCost("dear", "Kallis", population=100, cost=Decimal("200")),  # 2.00
    UnitCost("big", "Suuri", population=9000, cost=Decimal("9000")),  # 1.00
]


def csv_rows(page) -> list[list[str]]:
    assert page.status_code == 200, page.status_code
    assert page["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(page.content.decode("utf-8-sig"))))


def figure(page) -> str:
    assert page.status_code == 200, page.status_code
    tree = html.fromstring(page.content.decode())
    return " ".join(tree.xpath("//*[@id='weighted-average']")[0].text_content().split())


@pytest.fixture
def demo(programme, pre_join, cost):
    survey_demo_seed(pre_join=pre_join, cost=cost)
    return programme


# --- analyse: a pure function ----------------------------------------------------------------


def test_the_weighted_average_is_total_cost_over_total_population():
    result = analyse(UNITS)
    assert result.total_cost == Decimal("9700")
    assert result.total_population == 10100
    assert result.weighted_average == Decimal("0.96")  # 9700 / 10100
    # not the mean of the units' ratios, (0.50 + 2.00 + 1.00) / 3 = 1.17
    assert result.weighted_average != Decimal("1.17")


def test_per_resident_cost_of_each_unit():
    result = analyse(UNITS)
    assert [(u.key, u.per_resident) for u in result.units] == [
        ("small", Decimal("0.5000")),
        ("big", Decimal("1.0000")),
        ("dear", Decimal("2.0000")),
    ]


def test_median_and_quartiles_of_the_units():
    result = analyse(UNITS)
    assert result.median == Decimal("1.00")
    assert result.quartiles == (Decimal("0.75"), Decimal("1.00"), Decimal("1.50"))


def test_the_median_of_an_even_number_of_units_is_between_the_middle_two():
    units = UNITS + [UnitCost("fourth", "Neljäs", population=400, cost=Decimal("480"))]  # 1.20
    assert analyse(units).median == Decimal("1.10")


def test_the_histogram_counts_units_in_steps_of_ten_cents():
    result = analyse(UNITS)
    counted = {(low, high): n for low, high, n in result.histogram if n}
    assert counted == {
        (Decimal("0.50"), Decimal("0.60")): 1,
        (Decimal("1.00"), Decimal("1.10")): 1,
        (Decimal("2.00"), Decimal("2.10")): 1,
    }
    assert sum(n for _low, _high, n in result.histogram) == 3
    assert result.histogram[0][0] == Decimal("0")


def test_a_unit_without_population_is_excluded_and_named():
    units = UNITS + [UnitCost("empty", "Tyhjä", population=0, cost=Decimal("1000"))]
    result = analyse(units)
    assert result.excluded == ["Tyhjä"]
    assert "empty" not in [u.key for u in result.units]
    assert result.weighted_average == Decimal("0.96")
    assert result.total_cost == Decimal("9700")


def test_one_unit_has_a_median_but_no_quartiles():
    result = analyse(UNITS[:1])
    assert result.median == Decimal("0.50")
    assert result.quartiles is None


def test_no_units_give_no_figures():
    result = analyse([])
    assert result.weighted_average is None
    assert result.median is None
    assert result.units == []


def test_demo_rows_are_flagged():
    assert not analyse(UNITS).has_demo
    demo = UnitCost("demo", "Demo", population=10, cost=Decimal("8"), is_demo=True)
    assert analyse(UNITS + [demo]).has_demo


def test_the_average_is_rounded_half_up_to_the_cent():
    units = [UnitCost("a", "A", population=1000, cost=Decimal("805"))]  # 0.805
    assert analyse(units).weighted_average == Decimal("0.81")


# --- on the demo data --------------------------------------------------------------------------


def test_the_demo_cost_answers_average_exactly_080_per_resident(demo):
    result = cost_analysis(programme=demo)
    assert result.weighted_average == Decimal("0.80")
    assert result.has_demo
    assert result.excluded == []
    assert len(result.units) == Response.objects.filter(questionnaire__kind="cost").count()
    assert result.total_cost / result.total_population == pytest.approx(
        Decimal("0.80"), abs=Decimal("0.005")
    )


def test_the_demo_covers_every_unit_once(demo, cost):
    keys = list(
        Response.objects.filter(series=cost.series).values_list("respondent_key", flat=True)
    )
    assert len(keys) == len(set(keys))
    assert "helmet" in keys
    for response in Response.objects.filter(series=cost.series)[:5]:
        assert set(SPEND_KEYS) <= set(response.answers)
        assert response.is_demo


def test_only_submitted_and_accepted_answers_count(demo, cost, coordinator):
    before = cost_analysis(programme=demo)
    helmet = Response.objects.get(series=cost.series, respondent_key="helmet")
    response_reopen(response=helmet, by=coordinator, reason="Tarkista luvut.")
    after = cost_analysis(programme=demo)
    assert len(after.units) == len(before.units) - 1
    assert "helmet" not in [u.key for u in after.units]


def test_the_analysis_page_shows_080(demo, client_for, coordinator, finance):
    for user in (coordinator, finance):
        page = client_for(user).get("/surveys/cost-analysis/", {"programme": "ekirjasto"})
        shown = figure(page)
        # The Finnish page writes a decimal comma; the English page a point.
        assert shown == "0,80 €", shown
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    assert figure(client.get("/surveys/cost-analysis/", {"programme": "ekirjasto"})) == "0.80 €"
    page = client.get("/surveys/cost-analysis/", {"programme": "ekirjasto"})
    assert b"<svg" in page.content
    assert b"demo" in page.content


def test_the_analysis_csv_has_one_row_per_unit(demo, client_for, coordinator):
    page = client_for(coordinator).get(
        "/surveys/cost-analysis/", {"programme": "ekirjasto", "format": "csv"}
    )
    rows = csv_rows(page)
    assert rows[0][:5] == ["unit", "name", "population", "cost_eur", "per_resident_eur"]
    blank = rows.index([])
    units = rows[1:blank]
    result = cost_analysis(programme=demo)
    assert len(units) == len(result.units)
    assert len({row[0] for row in units}) == len(units)
    helmet = next(row for row in units if row[0] == "helmet")
    assert int(helmet[2]) == 320931 + 684018 + 251269 + 10253
    assert ["weighted_average_per_resident", "0.80"] in rows[blank:]


def test_the_analysis_page_and_csv_are_not_for_managers(
    demo, client_for, helsinki_manager, helmet_manager
):
    for user in (helsinki_manager, helmet_manager):
        client = client_for(user)
        assert client.get("/surveys/cost-analysis/").status_code == 403
        assert (
            client.get(
                "/surveys/cost-analysis/", {"programme": "ekirjasto", "format": "csv"}
            ).status_code
            == 403
        )


def test_the_analysis_page_without_answers_says_so(client_for, coordinator):
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    page = client.get("/surveys/cost-analysis/", {"programme": "ekirjasto"})
    assert page.status_code == 200
    assert b"No submitted cost answers yet." in page.content


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_average_line_stands_where_the_average_is_in_every_language(
    demo, client_for, coordinator, language
):
    client = client_for(coordinator)
    client.cookies["django_language"] = language
    tree = html.fromstring(
        client.get("/surveys/cost-analysis/", {"programme": "ekirjasto"}).content.decode()
    )
    [line] = tree.xpath("//svg//line[@stroke='#c0392b']")
    x = line.get("x1")
    assert x == line.get("x2") and float(x) > 38  # a number SVG reads, right of the axis
    [label] = tree.xpath("//svg//text[@fill='#c0392b']")
    assert label.get("x") == x  # one position: the label is not split letter by letter
    figures = {"fi": "0,80 €", "sv": "0,80 €", "en": "0.80 €"}
    assert " ".join(label.text_content().split()) == figures[language]


def test_money_in_the_units_table_is_grouped_as_the_language_groups_it(
    demo, client_for, coordinator
):
    client = client_for(coordinator)
    cells = {}
    for language in ("fi", "sv", "en"):
        client.cookies["django_language"] = language
        tree = html.fromstring(
            client.get("/surveys/cost-analysis/", {"programme": "ekirjasto"}).content.decode()
        )
        costs = [td.text_content() for td in tree.xpath("//table//tbody/tr/td[3]")]
        cells[language] = max(costs, key=len)  # the largest cost has a thousands group
    assert re.fullmatch(r"\d{1,3}(\xa0\d{3})+,\d\d", cells["fi"]), cells["fi"]
    assert re.fullmatch(r"\d{1,3}(\xa0\d{3})+,\d\d", cells["sv"]), cells["sv"]
    assert re.fullmatch(r"\d{1,3}(,\d{3})+\.\d\d", cells["en"]), cells["en"]
