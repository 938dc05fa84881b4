"""The coordinators' dashboard at "/": the programme's coverage figures, the map of onboarding
statuses, and what needs action now; finance sees it too, a manager keeps their own home
page; a constant number of SQL queries whatever the number of municipalities."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.defaultfilters import floatformat
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from lxml import html

from benchmarks.synthetic import add_synthetic_municipalities
from contracts.models import SIGNED_OR_LATER, Agreement, AgreementStatus
from contracts.selectors import unit_completeness
from eligibility.services import joined_codes as joined_on
from onboarding import selectors as registry
from onboarding.business_days import is_business_day
from onboarding.maps import ONBOARDING_STATUS_COLOURS
from onboarding.models import Municipality, PopulationFigure, Programme
from portal.dashboard import OVERDUE_AFTER_DAYS, OnboardingStatus
from scheduling.demo import history_seed
from surveys.models import Questionnaire, QuestionnaireKind, Response, ResponseStatus
from tests.factories import AgreementFactory, ConnectionFactory, WaveFactory, ready_to_send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]

HELMET = ("091", "049", "092")  # all but Kauniainen (235)


@pytest.fixture
def programme():
    return Programme.objects.get(slug="ekirjasto")


@pytest.fixture
def demo(programme):
    history_seed(programme=programme)
    return programme


def tree_of(response):
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode())


def text(tree, xpath: str) -> str:
    return " ".join(" ".join(n.text_content() for n in tree.xpath(xpath)).split())


def figure(tree, name: str) -> str:
    return text(tree, f"//*[@id='figure-{name}']//*[@class='figure']")


def percent(value: float) -> str:
    return floatformat(value, 1)


def map_fill(tree, code: str) -> str:
    [path] = tree.xpath(f"//svg//a[@data-code='{code}']/path")
    return path.get("fill")


def map_title(tree, code: str) -> str:
    return text(tree, f"//svg//a[@data-code='{code}']/path/title")


def table_rows(client, url: str, params=None) -> list:
    """Every row of the map's table alternative, page after page."""
    rows, response = [], client.get(url, params or {})
    while True:
        tree = tree_of(response)
        rows += tree.xpath("//details//table/tbody/tr")
        following = tree.xpath("//details//li[@class='next']/a/@href")
        if not following:
            return rows
        response = client.get(url + following[0])


def residents_today() -> dict[str, int]:
    """code -> residents of today's municipalities: the newest figure on or before today,
    and a merged municipality's residents counted in its successor (Pertunmaa's in
    Mäntyharju), worked out here independently of the app."""
    today = registry.today()
    municipalities = list(Municipality.objects.select_related("merged_into"))
    valid = {m.code for m in municipalities if m.is_valid_on(today)}
    newest: dict[str, tuple[datetime.date, int]] = {}
    for code, day, population in PopulationFigure.objects.filter(date__lte=today).values_list(
        "municipality__code", "date", "population"
    ):
        if code not in newest or day > newest[code][0]:
            newest[code] = (day, population)
    residents = {code: newest.get(code, (None, 0))[1] for code in valid}
    for m in municipalities:
        if m.merged_into and m.code not in valid and m.merged_into.code in valid:
            residents[m.merged_into.code] += newest.get(m.code, (None, 0))[1]
    return residents


def this_weeks_business_day() -> datetime.date:
    today = registry.today()
    monday = today - datetime.timedelta(days=today.weekday())
    return next(
        day
        for day in (monday + datetime.timedelta(days=n) for n in range(7))
        if is_business_day(day)
    )


# --- the figures -------------------------------------------------------------------------


def test_the_coordinators_home_shows_the_programmes_figures(demo, coordinator, client_for):
    tree = tree_of(client_for(coordinator).get("/", HTTP_ACCEPT_LANGUAGE="en"))
    today = registry.today()
    residents = residents_today()
    total = sum(residents.values())
    signed = set(
        Agreement.objects.filter(
            programme=demo, status__in=SIGNED_OR_LATER, municipality__code__in=residents
        ).values_list("municipality__code", flat=True)
    )
    assert figure(tree, "signed") == f"{len(signed)} / {len(residents)}"
    signed_share = 100 * sum(residents[c] for c in signed) / total
    assert f"{percent(signed_share)} %" in text(tree, "//*[@id='figure-signed']")

    # Residents covered: the municipalities the login service answers "joined" for today.
    joined = set(joined_on(today))
    covered = 100 * sum(residents[c] for c in joined) / total
    assert 80 < covered < 100
    assert figure(tree, "covered") == f"{percent(covered)} %"

    units = registry.connection_units(on=today)
    complete = [u for u in units if set(u.member_codes) <= signed]
    assert figure(tree, "units") == f"{len(complete)} / {len(units)}"

    # Both dates of the demo programme (2024) have passed.
    deadline_days = (today - demo.signing_deadline).days
    assert f"passed {deadline_days} days ago" in text(tree, "//*[@id='figure-deadline']").lower()
    assert figure(tree, "deadline") == demo.signing_deadline.strftime("%-d.%-m.%Y")
    launch_days = (today - demo.launch_date).days
    assert f"passed {launch_days} days ago" in text(tree, "//*[@id='figure-launch']").lower()


def test_the_launch_cohort_is_the_municipalities_that_signed_by_the_deadline(
    demo, coordinator, client_for
):
    tree = tree_of(client_for(coordinator).get("/"))
    residents = residents_today()
    cohort = set(
        Agreement.objects.filter(
            programme=demo,
            signed_on__lte=demo.signing_deadline,
            municipality__code__in=residents,
        ).values_list("municipality__code", flat=True)
    )
    # "a bit over 200 municipalities" at launch (data README 3.7)
    assert 200 < len(cohort) <= 220
    assert figure(tree, "cohort") == str(len(cohort))
    share = 100 * sum(residents[c] for c in cohort) / sum(residents.values())
    assert f"{percent(share)} %" in text(tree, "//*[@id='figure-cohort']")


def test_days_to_dates_ahead_are_counted_in_words(programme, coordinator, client_for):
    today = registry.today()
    Programme.objects.filter(pk=programme.pk).update(
        signing_deadline=today, launch_date=today + datetime.timedelta(days=10)
    )
    tree = tree_of(client_for(coordinator).get("/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Today" in text(tree, "//*[@id='figure-deadline']")
    assert "In 10 days" in text(tree, "//*[@id='figure-launch']")


# --- the map -----------------------------------------------------------------------------


def test_the_map_colours_every_municipality_by_its_onboarding_status(demo, coordinator, client_for):
    client = client_for(coordinator)
    tree = tree_of(client.get("/"))
    legend = [li.text_content() for li in tree.xpath("//ul[contains(@class, 'status-legend')]/li")]
    assert len(legend) == 6
    for status, item in zip(OnboardingStatus, legend, strict=True):
        assert item.startswith(str(status.label))
    # Helsinki's agreement is in force and Helmet went live at the launch.
    assert map_fill(tree, "091") == ONBOARDING_STATUS_COLOURS["live"]
    assert str(OnboardingStatus.LIVE.label) in map_title(tree, "091")
    # Vaasa's agreement is a draft (not sent) and Vaasa answered no pre-join survey in this
    # database: not started. A draft is the coordinators' work, not a step of Vaasa's.
    assert Agreement.objects.get(programme=demo, municipality__code="905").status == "draft"
    assert map_fill(tree, "905") == ONBOARDING_STATUS_COLOURS["not_started"]
    assert str(OnboardingStatus.NOT_STARTED.label) in map_title(tree, "905")
    # Fredrika's members that have not signed wait with a sent agreement.
    assert map_fill(tree, "599") == ONBOARDING_STATUS_COLOURS["sent"]
    # The table alternative says the same in words, 50 rows a page.
    rows = table_rows(client, "/")
    assert len(tree.xpath("//details//table/tbody/tr")) == 50
    [row] = [r for r in rows if r.xpath("td[2]")[0].text_content() == "091"]
    assert row.xpath("td[4]")[0].text_content() == str(OnboardingStatus.LIVE.label)
    # Every status's count in the legend matches the table.
    statuses = [r.xpath("td[4]")[0].text_content() for r in rows]
    for status, item in zip(OnboardingStatus, legend, strict=True):
        assert item.endswith(f"({statuses.count(str(status.label))})")


def test_a_municipality_that_answered_the_pre_join_survey_is_surveyed(
    demo, coordinator, client_for
):
    questionnaire = Questionnaire.objects.filter(
        programme=demo, kind=QuestionnaireKind.PRE_JOIN
    ).first()
    vaasa = Municipality.objects.get(code="905")
    Response.objects.update_or_create(
        series=questionnaire.series,
        respondent_key="905",
        defaults={
            "questionnaire": questionnaire,
            "respondent_name": vaasa.name_fi,
            "municipality": vaasa,
            "status": ResponseStatus.SUBMITTED,
        },
    )
    tree = tree_of(client_for(coordinator).get("/"))
    assert map_fill(tree, "905") == ONBOARDING_STATUS_COLOURS["surveyed"]


def test_an_agreement_in_force_before_the_unit_goes_live_is_in_force(
    programme, coordinator, client_for
):
    AgreementFactory(code="091", in_force=True)
    tree = tree_of(client_for(coordinator).get("/"))
    assert map_fill(tree, "091") == ONBOARDING_STATUS_COLOURS["in_force"]
    assert figure(tree, "covered") == f"{percent(0)} %"
    assert figure(tree, "signed") == f"1 / {len(residents_today())}"


# --- what needs action now ---------------------------------------------------------------


def test_overdue_signatures_are_listed_with_the_days_waiting(demo, coordinator, client_for):
    tree = tree_of(client_for(coordinator).get("/"))
    today = registry.today()
    sent = Agreement.objects.filter(programme=demo, status=AgreementStatus.SENT)
    overdue = [a for a in sent if (today - a.sent_on).days >= OVERDUE_AFTER_DAYS]
    assert overdue
    rows = tree.xpath("//table[@id='overdue']/tbody/tr")
    assert len(rows) == len(overdue)
    agreement = next(a for a in overdue if a.municipality.code == "599")  # Pedersöre
    [row] = [r for r in rows if r.xpath(f".//a[@href='/agreements/{agreement.pk}/']")]
    assert row.xpath("td[3]")[0].text_content() == str((today - agreement.sent_on).days)


def test_a_recently_sent_agreement_is_not_overdue_until_the_deadline_passes(
    programme, coordinator, client_for
):
    from contracts.services.agreements import agreement_create, agreement_send

    today = registry.today()
    Programme.objects.filter(pk=programme.pk).update(
        signing_deadline=today + datetime.timedelta(days=5),
        launch_date=today + datetime.timedelta(days=60),
    )
    agreement = agreement_send(
        agreement=agreement_create(programme=programme, municipality=ready_to_send("905")),
        by=coordinator,
    )
    client = client_for(coordinator)
    assert not tree_of(client.get("/")).xpath("//table[@id='overdue']")
    programme.signing_deadline = today - datetime.timedelta(days=1)
    programme.save()
    agreement.sent_on = today - datetime.timedelta(days=3)
    agreement.save()
    rows = tree_of(client.get("/")).xpath("//table[@id='overdue']/tbody/tr")
    assert len(rows) == 1
    assert rows[0].xpath("td[3]")[0].text_content() == "3"


def test_fredrika_missing_several_members_is_not_a_unit_missing_one(demo, coordinator, client_for):
    fredrika = next(u for u in unit_completeness(demo) if u.key == "fredrika")
    assert len(fredrika.blocking) > 1
    tree = tree_of(client_for(coordinator).get("/"))
    assert not tree.xpath("//table[@id='units-missing-one']//a[@href='/consortia/fredrika/']")


def test_a_consortium_missing_exactly_one_member_names_the_municipality(
    programme, coordinator, client_for
):
    for code in HELMET:
        AgreementFactory(code=code, in_force=True)
    tree = tree_of(client_for(coordinator).get("/"))
    [row] = tree.xpath("//table[@id='units-missing-one']/tbody/tr")
    assert row.xpath("td[1]/a/@href") == ["/consortia/helmet/"]
    assert row.xpath("td[2]/a/@href") == ["/municipalities/235/"]
    assert row.xpath("td[2]/a")[0].text_content() == "Kauniainen"


def test_a_wave_this_week_is_listed_with_its_units(programme, coordinator, client_for):
    day = this_weeks_business_day()
    ConnectionFactory(unit="helmet", wave=WaveFactory(date=day, capacity_units=3))
    WaveFactory(date=day + datetime.timedelta(days=7), capacity_units=3)
    tree = tree_of(client_for(coordinator).get("/"))
    rows = tree.xpath("//table[@id='waves-this-week']/tbody/tr")
    assert len(rows) == 1
    assert day.strftime("%-d.%-m.%Y") in rows[0].text_content()
    assert rows[0].xpath(".//a/@href") == ["/connections/ekirjasto/units/helmet/"]
    assert tree.xpath("//a[@href='/connections/ekirjasto/']")


# --- who sees it -------------------------------------------------------------------------


def test_finance_reaches_the_dashboard_from_its_own_home(demo, finance, client_for):
    client = client_for(finance)
    home = tree_of(client.get("/"))
    assert home.xpath("//a[@href='/dashboard/']")
    tree = tree_of(client.get("/dashboard/"))
    assert figure(tree, "signed")
    assert tree.xpath("//svg[@class='map']")


def test_a_manager_asking_for_the_dashboard_goes_home(helsinki_manager, client_for):
    response = client_for(helsinki_manager).get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_manager_keeps_their_own_home_without_other_municipalities(
    demo, helsinki_manager, client_for
):
    response = client_for(helsinki_manager).get("/?programme=ekirjasto")
    tree = tree_of(response)
    assert not tree.xpath("//*[starts-with(@id, 'figure-')]")
    assert not tree.xpath("//svg")
    assert tree.xpath("//a[@href='/municipalities/091/']")
    content = response.content.decode()
    for other in ("Vaasa", "Espoo", "Kauniainen", "Pedersöre"):
        assert other not in content


def test_the_dashboard_renders_in_swedish(demo, coordinator, client_for):
    coordinator.language = "sv"
    coordinator.save()
    tree = tree_of(client_for(coordinator).get("/", HTTP_ACCEPT_LANGUAGE="sv"))
    assert tree.get("lang") == "sv"
    with translation.override("sv"):
        live = str(OnboardingStatus.LIVE.label)
    assert live in map_title(tree, "091")
    assert "Helsingfors" in map_title(tree, "091")
    vasa = tree_of(client_for(coordinator).get("/", {"sort": "-name"}, HTTP_ACCEPT_LANGUAGE="sv"))
    assert vasa.xpath("//details[@open]//table//td/a[text()='Vasa']")  # Å, Ä, Ö come later


def test_a_second_programme_is_chosen_with_the_selector(demo, coordinator, client_for):
    Programme.objects.create(
        slug="toinen",
        name_fi="Toinen ohjelma",
        name_sv="Andra programmet",
        name_en="Second programme",
        launch_date=datetime.date(2030, 1, 1),
        signing_deadline=datetime.date(2029, 10, 1),
        fee_per_resident="0.10",
    )
    client = client_for(coordinator)
    first = tree_of(client.get("/"))
    assert first.xpath("//select[@name='programme']/option[@selected]/@value") == ["ekirjasto"]
    second = tree_of(client.get("/?programme=toinen"))
    assert figure(second, "signed") == f"0 / {len(residents_today())}"
    assert map_fill(second, "091") == ONBOARDING_STATUS_COLOURS["not_started"]


# --- cost ----------------------------------------------------------------------------------


def test_the_dashboard_costs_the_same_queries_with_309_or_3000_municipalities(
    demo, coordinator, client_for
):
    client = client_for(coordinator)
    client.get("/")  # the session of the first request
    cache.clear()
    with CaptureQueriesContext(connection) as at_309:
        assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as again_at_309:
        assert client.get("/").status_code == 200
    add_synthetic_municipalities(3000)  # bulk_create: no signal, so the figures are computed
    cache.clear()  # afresh only after the cache is emptied (services save and bump the version)
    with CaptureQueriesContext(connection) as at_3000:
        response = client.get("/")
    with CaptureQueriesContext(connection) as again_at_3000:
        assert client.get("/").status_code == 200
    shown = figure(tree_of(response), "signed").replace("\xa0", "").replace(" ", "")
    assert shown.endswith(f"/{len(residents_today())}")
    assert len(residents_today()) > 2900
    assert len(at_309) == len(at_3000)
    # 15: the page reads who is joined from scheduling.joined, the one home of that rule,
    # and the login service's answers per reason (one query, never cached: they keep coming).
    assert len(at_3000) <= 15, "\n".join(q["sql"][:120] for q in at_3000.captured_queries)
    # While nothing changes, the figures and the map come from the cache.
    assert len(again_at_309) == len(again_at_3000) < len(at_3000)


def test_a_change_through_a_service_shows_on_the_next_dashboard(demo, coordinator, client_for):
    from contracts.services.agreements import agreement_send

    client = client_for(coordinator)
    assert map_fill(tree_of(client.get("/")), "905") == ONBOARDING_STATUS_COLOURS["not_started"]
    ready_to_send("905")
    agreement_send(agreement=Agreement.objects.get(municipality__code="905"), by=coordinator)
    assert map_fill(tree_of(client.get("/")), "905") == ONBOARDING_STATUS_COLOURS["sent"]
    map_page = tree_of(client.get("/map/", {"colour": "agreement"}))
    assert map_fill(map_page, "905") == "#1f6fb2"  # sent, on the full map too
