"""The coordinator overview: every municipality's response status with filters, counts and
the map; answer exports in a chosen language; bulk and periodic reminders; query counts."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from benchmarks.synthetic import add_synthetic_municipalities
from onboarding.models import Municipality, Notification
from surveys import selectors
from surveys.models import Response, ResponseStatus
from surveys.reminders import survey_reminders_due
from surveys.services import (
    response_accept,
    response_return,
    response_save_draft,
    response_submit,
)
from surveys.views.overview import STATUS_COLOURS

pytestmark = pytest.mark.django_db

HELMET = ["049", "091", "092", "235"]
HELSINKI_EMAIL = "t-helsinki@example.invalid"
HELMET_EMAIL = "t-helmet@example.invalid"
NARPES_EMAIL = "t-narpes@example.invalid"


def tree_of(page):
    assert page.status_code == 200, page.status_code
    return html.fromstring(page.content.decode())


def table_rows(page) -> dict[str, str]:
    """Municipality code -> the status shown in the overview table."""
    rows = tree_of(page).xpath("//table//tbody/tr[@data-code]")
    return {tr.get("data-code"): " ".join(tr.xpath("td")[4].text_content().split()) for tr in rows}


def status_classes(page) -> dict[str, str]:
    """Code -> status key (from the status badge's class)."""
    result = {}
    for tr in tree_of(page).xpath("//table//tbody/tr[@data-code]"):
        badge = tr.xpath(".//span[contains(@class, 'status-')]")[0]
        result[tr.get("data-code")] = next(
            c.removeprefix("status-") for c in badge.get("class").split() if c.startswith("status-")
        )
    return result


def every_listed(client, params=None) -> dict[str, str]:
    """Code -> status key over every page of the overview table, in order, following its
    "next page" links (each municipality on one page only)."""
    url = "/surveys/overview/"
    page = client.get(url, params or {})
    result = {}
    while True:
        found = status_classes(page)
        assert not set(found) & set(result), "a municipality on two pages"
        result.update(found)
        following = tree_of(page).xpath("//li[@class='next']/a/@href")
        if not following:
            return result
        page = client.get(url + following[0])


def listed(page) -> list[str]:
    """The municipality codes of one page of the overview table, in order."""
    return tree_of(page).xpath("//table//tbody/tr/@data-code")


def counts(page) -> dict[str, int]:
    items = tree_of(page).xpath("//ul[@class='counts']/li")
    result = {}
    for li in items:
        badge = li.xpath("span")[0]
        key = next(
            c.removeprefix("status-") for c in badge.get("class").split() if c.startswith("status-")
        )
        result[key] = int(li.text_content().split()[-1])
    return result


def map_fills(page) -> dict[str, str]:
    tree = tree_of(page)
    return {
        a.get("data-code"): a.xpath("path")[0].get("fill")
        for a in tree.xpath("//svg//a[@data-code]")
    }


def csv_rows(page) -> list[list[str]]:
    assert page.status_code == 200, page.status_code
    return list(csv.reader(io.StringIO(page.content.decode("utf-8-sig"))))


def xlsx_rows(page) -> list[list[str]]:
    assert page.status_code == 200, page.status_code
    sheet = openpyxl.load_workbook(io.BytesIO(page.content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def respond(user, questionnaire, code, answers, *, submit=True):
    response, _respondent = selectors.response_for_municipality(user, questionnaire, code)
    if submit:
        return response_submit(response=response, by=user, answers=answers)
    return response_save_draft(response=response, answers=answers, by=user)


def reminders_to(email: str, questionnaire) -> list[Notification]:
    return list(
        Notification.objects.filter(
            kind="survey_reminder", recipient=email, event__contains=f":{questionnaire.series}:"
        )
    )


@pytest.fixture
def survey_in_progress(
    pre_join,
    coordinator,
    helsinki_manager,
    helmet_manager,
    narpes_manager,
    complete_pre_join_answers,
):
    """Helsinki accepted, Espoo submitted, Närpes a draft; everyone else not started."""
    helsinki = respond(helsinki_manager, pre_join, "091", complete_pre_join_answers())
    response_accept(response=helsinki, by=coordinator)
    respond(
        helmet_manager,
        pre_join,
        "049",
        complete_pre_join_answers(business_id="0101263-6", einvoice_address=None, intention="no"),
    )
    respond(narpes_manager, pre_join, "545", {"intention": "undecided"}, submit=False)
    return pre_join


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


# --- the overview --------------------------------------------------------------------------


def test_the_overview_lists_every_municipality_valid_today(survey_in_progress, coordinator_client):
    rows = every_listed(coordinator_client)
    assert len(rows) == 308
    assert "588" not in rows  # Pertunmaa merged into Mäntyharju on 1.1.2025
    assert "507" in rows
    assert rows["091"] == "accepted"
    assert rows["049"] == "submitted"
    assert rows["545"] == "draft"
    assert rows["092"] == "not_started"


def test_the_overview_counts_responses_by_status(survey_in_progress, coordinator_client):
    found = counts(coordinator_client.get("/surveys/overview/"))
    assert found == {"not_started": 305, "draft": 1, "submitted": 1, "returned": 0, "accepted": 1}


def test_finance_sees_the_overview_too(survey_in_progress, client_for, finance):
    assert len(every_listed(client_for(finance))) == 308


def test_the_overview_filters_by_status(survey_in_progress, coordinator_client):
    page = coordinator_client.get("/surveys/overview/", {"status": "submitted"})
    assert status_classes(page) == {"049": "submitted"}
    assert counts(page)["submitted"] == 1
    assert counts(page)["not_started"] == 0
    not_started = every_listed(coordinator_client, {"status": "not_started"})
    assert len(not_started) == 305
    assert set(not_started.values()) == {"not_started"}


def test_the_overview_filters_by_consortium_and_region(survey_in_progress, coordinator_client):
    helmet = status_classes(coordinator_client.get("/surveys/overview/", {"consortium": "helmet"}))
    assert sorted(helmet) == HELMET
    region = status_classes(coordinator_client.get("/surveys/overview/", {"region": "Pohjanmaa"}))
    assert len(region) == 14
    assert region["545"] == "draft"
    both = status_classes(
        coordinator_client.get(
            "/surveys/overview/", {"consortium": "helmet", "status": "not_started"}
        )
    )
    assert sorted(both) == ["092", "235"]


def test_the_overview_of_the_cost_survey_shows_each_member_with_its_units_status(
    survey_in_progress, cost, coordinator_client, helsinki_manager, complete_cost_answers
):
    respond(helsinki_manager, cost, "091", complete_cost_answers())
    page = coordinator_client.get(
        "/surveys/overview/", {"questionnaire": cost.pk, "consortium": "helmet"}
    )
    assert status_classes(page) == {code: "submitted" for code in HELMET}
    pre_join_page = coordinator_client.get(
        "/surveys/overview/", {"questionnaire": "pre-join", "consortium": "helmet"}
    )
    assert status_classes(pre_join_page)["092"] == "not_started"


def test_the_map_is_coloured_by_status_and_links_each_municipality(
    survey_in_progress, coordinator_client
):
    page = coordinator_client.get("/surveys/overview/")
    fills = map_fills(page)
    assert fills["091"] == STATUS_COLOURS["accepted"]
    assert fills["049"] == STATUS_COLOURS["submitted"]
    assert fills["545"] == STATUS_COLOURS["draft"]
    assert fills["092"] == STATUS_COLOURS["not_started"]
    link = tree_of(page).xpath("//svg//a[@data-code='091']")[0]
    assert link.get("href") == "/municipalities/091/"
    assert "588" not in fills


def test_the_map_colours_only_the_filtered_municipalities(survey_in_progress, coordinator_client):
    fills = map_fills(coordinator_client.get("/surveys/overview/", {"consortium": "helmet"}))
    assert sorted(fills) == HELMET


def test_the_overview_links_each_response(survey_in_progress, coordinator_client):
    page = coordinator_client.get("/surveys/overview/", {"consortium": "helmet"})
    response = survey_in_progress.responses.get(respondent_key="091")
    assert f'href="/surveys/responses/{response.pk}/"'.encode() in page.content


def test_managers_cannot_see_the_overview_exports_or_reminders(
    survey_in_progress, client_for, helsinki_manager, helmet_manager
):
    for user in (helsinki_manager, helmet_manager):
        client = client_for(user)
        assert client.get("/surveys/overview/").status_code == 403
        assert client.get("/surveys/overview/export.csv").status_code == 403
        assert client.get("/surveys/overview/export.xlsx").status_code == 403
        assert client.get("/surveys/overview/remind/").status_code == 403
        assert client.post("/surveys/overview/remind/", {"confirm": "1"}).status_code == 403
    assert Notification.objects.filter(kind="survey_reminder").count() == 0


def test_finance_cannot_send_reminders(survey_in_progress, client_for, finance):
    client = client_for(finance)
    assert client.get("/surveys/overview/remind/").status_code == 403
    assert client.post("/surveys/overview/remind/", {"confirm": "1"}).status_code == 403


# --- pages and sorting ---------------------------------------------------------------------


def test_the_overview_shows_fifty_a_page_and_its_links_keep_the_filters(
    survey_in_progress, coordinator_client
):
    coordinator_client.cookies["django_language"] = "en"  # "Page 1 of 7"
    wanted = {"questionnaire": "pre-join", "status": "not_started"}
    first = coordinator_client.get("/surveys/overview/", wanted)
    tree = tree_of(first)
    assert len(listed(first)) == 50
    assert "Page 1 of 7" in " ".join(tree.text_content().split())
    # The counts, the legend and the map above the table still take in every row.
    assert counts(first)["not_started"] == 305
    assert len(map_fills(first)) == 305
    [following] = tree.xpath("//li[@class='next']/a/@href")
    assert "status=not_started" in following and "questionnaire=pre-join" in following
    assert "page=2" in following
    second = coordinator_client.get("/surveys/overview/" + following)
    assert len(listed(second)) == 50
    assert not set(listed(second)) & set(listed(first))
    assert set(status_classes(second).values()) == {"not_started"}
    links = tree_of(second).xpath(
        "//a[contains(@href, '/export.') or contains(@href, '/remind/')]/@href"
    )
    assert len(links) == 7  # CSV and XLSX in three languages, and the reminders
    for link in links:
        assert "status=not_started" in link and "questionnaire=pre-join" in link
        assert "page=" not in link and "sort=" not in link


def test_the_overview_sorts_by_status_in_the_order_of_the_workflow(
    survey_in_progress, coordinator, helmet_manager, complete_pre_join_answers, coordinator_client
):
    vantaa = respond(helmet_manager, survey_in_progress, "092", complete_pre_join_answers())
    response_return(response=vantaa, by=coordinator, reason="Tarkista yhteystiedot")
    page = coordinator_client.get("/surveys/overview/", {"sort": "-status"})
    # accepted, returned, submitted, a draft, then the rest not started
    assert listed(page)[:4] == ["091", "092", "049", "545"]
    assert status_classes(page)["092"] == "returned"
    statuses = status_classes(page)
    assert {statuses[code] for code in listed(page)[4:]} == {"not_started"}
    [header] = tree_of(page).xpath("//th[@aria-sort]")
    assert header.get("aria-sort") == "descending"
    [following] = tree_of(page).xpath("//li[@class='next']/a/@href")
    assert "sort=-status" in following and "page=2" in following
    ascending = coordinator_client.get("/surveys/overview/", {"sort": "status"})
    assert set(status_classes(ascending).values()) == {"not_started"}  # not started first
    assert [th.get("aria-sort") for th in tree_of(ascending).xpath("//th[@aria-sort]")] == [
        "ascending"
    ]
    everything = every_listed(coordinator_client, {"sort": "-status"})
    assert len(everything) == 308
    assert list(everything)[:4] == ["091", "092", "049", "545"]


def test_the_overview_sorts_dates_as_dates_and_names_by_name(
    survey_in_progress, coordinator_client
):
    for code, day in (("049", (2025, 1, 2)), ("091", (2024, 12, 10)), ("545", (2024, 9, 30))):
        Response.objects.filter(respondent_key=code).update(
            updated_at=datetime.datetime(*day, 12, tzinfo=datetime.UTC)
        )
    newest = listed(coordinator_client.get("/surveys/overview/", {"sort": "-updated"}))
    assert newest[:3] == ["049", "091", "545"]  # as text, 30.9.2024 would come first
    oldest = every_listed(coordinator_client, {"sort": "updated"})
    assert list(oldest)[-3:] == ["545", "091", "049"]  # never updated comes first
    by_name = listed(coordinator_client.get("/surveys/overview/", {"sort": "municipality"}))
    assert by_name[0] == "020"  # Akaa
    by_name_down = listed(coordinator_client.get("/surveys/overview/", {"sort": "-municipality"}))
    assert by_name_down[0] == "992"  # Äänekoski


def test_a_page_past_the_end_or_not_a_number_shows_a_page_that_exists(coordinator_client):
    coordinator_client.cookies["django_language"] = "en"
    past = coordinator_client.get("/surveys/overview/", {"page": "999"})
    assert len(listed(past)) == 308 - 6 * 50
    assert "Page 7 of 7" in " ".join(tree_of(past).text_content().split())
    assert len(listed(coordinator_client.get("/surveys/overview/", {"page": "x"}))) == 50


def test_the_exports_hold_every_row_whatever_page_the_overview_shows(pre_join, coordinator_client):
    Response.objects.bulk_create(
        Response(
            questionnaire=pre_join,
            series=pre_join.series,
            respondent_key=m.code,
            respondent_name=m.name_fi,
            municipality=m,
            status=ResponseStatus.DRAFT,
        )
        for m in Municipality.objects.exclude(code="588")  # merged away
    )
    page = coordinator_client.get("/surveys/overview/", {"page": "3", "sort": "-updated"})
    assert len(listed(page)) == 50
    [csv_link] = tree_of(page).xpath("//a[@lang='sv' and starts-with(text(), 'CSV')]/@href")
    assert "page=" not in csv_link and "sort=" not in csv_link
    exported = csv_rows(coordinator_client.get(csv_link))
    assert sorted(r[0] for r in exported[2:]) == sorted(every_listed(coordinator_client))
    assert len(exported) - 2 == 308
    [xlsx_link] = tree_of(page).xpath("//a[@lang='fi' and starts-with(text(), 'XLSX')]/@href")
    assert len(xlsx_rows(coordinator_client.get(xlsx_link))) - 2 == 308
    # Even a page or an order in the export's own address does not cut it.
    paged = csv_rows(coordinator_client.get("/surveys/overview/export.csv", {"page": "2"}))
    assert len(paged) - 2 == 308


# --- exports -------------------------------------------------------------------------------


def test_the_csv_export_has_keys_then_swedish_labels(survey_in_progress, coordinator_client):
    rows = csv_rows(coordinator_client.get("/surveys/overview/export.csv", {"lang": "sv"}))
    keys, labels = rows[0], rows[1]
    assert keys[:5] == ["respondent", "respondent_name", "version", "status", "updated"]
    assert keys[5:] == list(survey_in_progress.questions.values_list("key", flat=True))
    by_key = dict(zip(keys, labels, strict=True))
    assert by_key["intention"] == "Avser kommunen att ansluta sig till E-biblioteket?"
    assert by_key["business_id"] == "Kommunens FO-nummer"
    assert sorted(row[0] for row in rows[2:]) == ["049", "091", "545"]
    helsinki = dict(zip(keys, next(r for r in rows if r[0] == "091"), strict=True))
    assert helsinki["intention"] == "Ja"  # the choice's Swedish label
    assert helsinki["schedule"] == "När tjänsten öppnar"
    assert helsinki["business_id"] == "0201256-6"


def test_the_export_in_finnish_and_english_uses_their_labels(
    survey_in_progress, coordinator_client
):
    fi = csv_rows(coordinator_client.get("/surveys/overview/export.csv", {"lang": "fi"}))
    en = csv_rows(coordinator_client.get("/surveys/overview/export.csv", {"lang": "en"}))
    assert (
        dict(zip(fi[0], fi[1], strict=True))["intention"] == "Aikooko kunta liittyä E-kirjastoon?"
    )
    assert (
        dict(zip(en[0], en[1], strict=True))["intention"]
        == "Does the municipality intend to join the E-library?"
    )
    helsinki_en = dict(zip(en[0], next(r for r in en if r[0] == "091"), strict=True))
    assert helsinki_en["intention"] == "Yes"


def test_the_xlsx_export_has_the_same_table(survey_in_progress, coordinator_client):
    params = {"lang": "sv"}
    from_csv = csv_rows(coordinator_client.get("/surveys/overview/export.csv", params))
    from_xlsx = xlsx_rows(coordinator_client.get("/surveys/overview/export.xlsx", params))
    assert from_xlsx[0] == from_csv[0]
    assert from_xlsx[1] == from_csv[1]
    assert sorted(r[0] for r in from_xlsx[2:]) == sorted(r[0] for r in from_csv[2:])


def test_exports_hold_exactly_the_filtered_respondents(survey_in_progress, coordinator_client):
    helmet = csv_rows(
        coordinator_client.get(
            "/surveys/overview/export.csv", {"consortium": "helmet", "lang": "sv"}
        )
    )
    assert sorted(r[0] for r in helmet[2:]) == ["049", "091"]
    submitted = xlsx_rows(
        coordinator_client.get(
            "/surveys/overview/export.xlsx", {"status": "accepted", "lang": "sv"}
        )
    )
    assert [r[0] for r in submitted[2:]] == ["091"]
    nothing = csv_rows(coordinator_client.get("/surveys/overview/export.csv", {"region": "Lappi"}))
    assert nothing[2:] == []


def test_an_answer_that_looks_like_a_formula_stays_text_in_the_xlsx(
    pre_join, coordinator_client, helsinki_manager, complete_pre_join_answers
):
    respond(helsinki_manager, pre_join, "091", complete_pre_join_answers(comments="=1+1"))
    page = coordinator_client.get("/surveys/overview/export.xlsx", {"consortium": "helmet"})
    sheet = openpyxl.load_workbook(io.BytesIO(page.content)).active
    column = [c.value for c in sheet[1]].index("comments") + 1
    cell = sheet.cell(row=3, column=column)
    assert cell.value == "=1+1"
    assert cell.data_type == "s"  # text, not a formula Excel would run


def test_an_unknown_export_format_is_404(coordinator_client):
    assert coordinator_client.get("/surveys/overview/export.pdf").status_code == 404


# --- bulk reminders ------------------------------------------------------------------------


def test_the_reminder_preview_lists_the_managers_of_non_responders_with_their_language(
    pre_join, coordinator_client, helsinki_manager, narpes_manager
):
    page = coordinator_client.get("/surveys/overview/remind/")
    text = " ".join(tree_of(page).text_content().split())
    assert f"{HELSINKI_EMAIL} (suomi)" in text
    assert f"{NARPES_EMAIL} (ruotsi)" in text
    assert (
        Notification.objects.filter(kind="survey_reminder").count() == 0
    )  # a preview sends nothing


def test_the_preview_leaves_out_those_who_answered_and_those_outside_the_filter(
    survey_in_progress, coordinator_client
):
    page = coordinator_client.get("/surveys/overview/remind/", {"region": "Uusimaa"})
    text = " ".join(tree_of(page).text_content().split())
    assert HELMET_EMAIL in text  # Vantaa and Kauniainen have not answered
    assert HELSINKI_EMAIL not in text  # Helsinki's answer was accepted
    assert NARPES_EMAIL not in text  # not in Uusimaa


def test_confirming_queues_one_email_per_recipient_once_a_day(
    pre_join,
    coordinator_client,
    helsinki_manager,
    narpes_manager,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        page = coordinator_client.post("/surveys/overview/remind/", {"confirm": "1"})
    assert page.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [HELSINKI_EMAIL, NARPES_EMAIL]
    narpes = next(m for m in mail.outbox if m.to == [NARPES_EMAIL])
    assert "Närpes" in narpes.body
    assert f"/surveys/{pre_join.pk}/respond/545/" in narpes.body
    assert reminders_to(NARPES_EMAIL, pre_join)[0].language == "sv"

    with django_capture_on_commit_callbacks(execute=True):
        again = coordinator_client.post("/surveys/overview/remind/", {"confirm": "1"})
    assert again.status_code == 302
    assert len(mail.outbox) == 2
    assert len(reminders_to(HELSINKI_EMAIL, pre_join)) == 1


def test_confirming_keeps_the_filters_of_the_preview(
    pre_join,
    coordinator_client,
    helsinki_manager,
    narpes_manager,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            "/surveys/overview/remind/", {"region": "Pohjanmaa", "confirm": "1"}
        )
    assert [m.to[0] for m in mail.outbox] == [NARPES_EMAIL]


def test_reminders_stop_at_the_cap(
    pre_join, coordinator_client, helsinki_manager, settings, django_capture_on_commit_callbacks
):
    settings.SURVEY_REMINDER_CAP = 2
    week_before = pre_join.closes_at - datetime.timedelta(days=7) + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        survey_reminders_due(now=week_before)
        coordinator_client.post("/surveys/overview/remind/", {"confirm": "1"})
    assert len(reminders_to(HELSINKI_EMAIL, pre_join)) == 2

    preview = coordinator_client.get("/surveys/overview/remind/")
    text = " ".join(tree_of(preview).text_content().split())
    assert HELSINKI_EMAIL in text  # listed among those not reminded
    day_before = pre_join.closes_at - datetime.timedelta(days=1) + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        survey_reminders_due(now=day_before)
    assert len(reminders_to(HELSINKI_EMAIL, pre_join)) == 2
    assert (
        len([m for m in mail.outbox if m.to == [HELSINKI_EMAIL] and pre_join.title in m.subject])
        == 2
    )


# --- periodic reminders --------------------------------------------------------------------


def test_periodic_reminders_go_7_days_and_1_day_before_closing_once_each(
    survey_in_progress,
    helsinki_manager,
    helmet_manager,
    narpes_manager,
    django_capture_on_commit_callbacks,
):
    closes = survey_in_progress.closes_at
    moments = {
        "too early": closes - datetime.timedelta(days=8),
        "week": closes - datetime.timedelta(days=7) + datetime.timedelta(minutes=1),
        "week again": closes - datetime.timedelta(days=6),
        "day": closes - datetime.timedelta(days=1) + datetime.timedelta(minutes=1),
        "day again": closes - datetime.timedelta(hours=2),
        "closed": closes + datetime.timedelta(hours=1),
    }
    sent = {}
    for name, now in moments.items():
        with django_capture_on_commit_callbacks(execute=True):
            survey_reminders_due(now=now)
        sent[name] = len(reminders_to(NARPES_EMAIL, survey_in_progress))
    assert sent == {
        "too early": 0,
        "week": 1,
        "week again": 1,
        "day": 2,
        "day again": 2,
        "closed": 2,
    }
    events = sorted(
        n.event.rsplit(":", 1)[1] for n in reminders_to(NARPES_EMAIL, survey_in_progress)
    )
    assert events == ["1d", "7d"]
    # Those who answered get none.
    assert reminders_to(HELSINKI_EMAIL, survey_in_progress) == []
    narpes_mail = [
        m
        for m in mail.outbox
        if m.to == [NARPES_EMAIL] and survey_in_progress.title_sv in m.subject
    ]
    assert len(narpes_mail) == 2


def test_a_rerun_of_the_periodic_reminders_sends_nothing_new(
    pre_join, helsinki_manager, django_capture_on_commit_callbacks
):
    now = pre_join.closes_at - datetime.timedelta(days=7) + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = survey_reminders_due(now=now)
    with django_capture_on_commit_callbacks(execute=True):
        second = survey_reminders_due(now=now)
    assert first >= 1
    assert second == 0
    assert len(reminders_to(HELSINKI_EMAIL, pre_join)) == 1


# --- query counts --------------------------------------------------------------------------


def _overview_queries(client) -> dict[str, int]:
    result = {}
    for url in (
        "/surveys/overview/",
        "/surveys/overview/?consortium=helmet&status=not_started",
        "/surveys/overview/?page=3&sort=-status",
        "/surveys/overview/?sort=-updated",
        "/surveys/overview/export.csv",
        "/surveys/overview/remind/",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        result[url] = len(queries)
    return result


def test_the_overview_costs_the_same_queries_at_any_number_of_municipalities(
    survey_in_progress, coordinator_client
):
    coordinator_client.get("/surveys/overview/")  # warm up the session
    assert Municipality.objects.count() == 309
    at_309 = _overview_queries(coordinator_client)
    add_synthetic_municipalities(600)
    assert Municipality.objects.count() == 600
    assert len(every_listed(coordinator_client)) == 599
    at_600 = _overview_queries(coordinator_client)
    assert at_309 == at_600
    assert at_600["/surveys/overview/"] <= 15


def test_a_unit_is_reminded_once_through_each_of_its_managers(
    cost, coordinator_client, helsinki_manager, helmet_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            "/surveys/overview/remind/",
            {"questionnaire": cost.pk, "consortium": "helmet", "confirm": "1"},
        )
    assert sorted(m.to[0] for m in mail.outbox) == [HELMET_EMAIL, HELSINKI_EMAIL]
    assert all("Helmet" in m.body for m in mail.outbox)


def test_formulas_typed_into_answers_reach_the_export_as_text(
    pre_join, helsinki_manager, coordinator_client, complete_pre_join_answers
):
    respond(
        helsinki_manager,
        pre_join,
        "091",
        complete_pre_join_answers(
            comments="=cmd|' /C calc'!A0",
            signatory_name="@SUM(1+1)",
            decision_body="-2+3+cmd|' /C calc'!A0",
            technical_contact_name='=HYPERLINK("http://evil.example","x")',
        ),
    )
    rows = csv_rows(coordinator_client.get("/surveys/overview/export.csv", {"lang": "en"}))
    helsinki = dict(zip(rows[0], next(r for r in rows if r[0] == "091"), strict=True))
    assert helsinki["comments"] == "'=cmd|' /C calc'!A0"
    assert helsinki["signatory_name"] == "'@SUM(1+1)"
    assert helsinki["decision_body"] == "'-2+3+cmd|' /C calc'!A0"
    assert helsinki["technical_contact_name"] == '\'=HYPERLINK("http://evil.example","x")'
    page = coordinator_client.get("/surveys/overview/export.xlsx", {"lang": "en"})
    sheet = openpyxl.load_workbook(io.BytesIO(page.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=cmd|' /C calc'!A0"]
    assert cells and all(c.data_type == "s" for c in cells)  # text in XLSX, never a formula
