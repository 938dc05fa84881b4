"""The registry's pages: municipality list (filters, sorting, pagination, exports), editing
details and contacts, the consortium list and the Swedish UI. The municipality and
consortium pages and the map are portal's (tests/portal/test_views.py)."""

import csv
import io

import openpyxl
import pytest
from lxml import html

from onboarding.models import Contact, Municipality
from tests.pages import digits, swedish_client, text, tree_of

pytestmark = pytest.mark.django_db

HELMET = ["049", "091", "092", "235"]
HELMET_POPULATIONS = {"049": 320931, "091": 684018, "092": 251269, "235": 10253}


def table_rows(response) -> list[list[str]]:
    """The cells of the municipality table's body rows."""
    tree = tree_of(response)
    return [[text(td) for td in tr.xpath("td")] for tr in tree.xpath("//table//tbody/tr")]


def listed_codes(response) -> list[str]:
    return [row[0] for row in table_rows(response)]


def result_count(response) -> int:
    return digits(text(tree_of(response).xpath("//p[@role='status']")[0]))


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def coordinator_client(coordinator, client_for):
    return client_for(coordinator)


# --- municipality list ---------------------------------------------------------------------


def test_list_shows_all_309_to_a_coordinator_in_pages_of_50(coordinator_client):
    first = coordinator_client.get("/municipalities/")
    assert result_count(first) == 309
    assert len(listed_codes(first)) == 50
    assert table_rows(first)[0][1] == "Akaa"

    second = coordinator_client.get("/municipalities/", {"page": 2})
    assert len(listed_codes(second)) == 50
    assert not set(listed_codes(first)) & set(listed_codes(second))

    last = coordinator_client.get("/municipalities/", {"page": 7})
    assert len(listed_codes(last)) == 9


def test_all_pages_together_hold_every_municipality_once(coordinator_client):
    codes = []
    for page in range(1, 8):
        codes += listed_codes(coordinator_client.get("/municipalities/", {"page": page}))
    assert len(codes) == len(set(codes)) == 309


def test_search_by_finnish_or_swedish_name(coordinator_client):
    assert listed_codes(coordinator_client.get("/municipalities/", {"search": "helsin"})) == ["091"]
    assert listed_codes(coordinator_client.get("/municipalities/", {"search": "Grankulla"})) == [
        "235"
    ]
    assert listed_codes(coordinator_client.get("/municipalities/", {"search": "  närpiö "})) == [
        "545"
    ]


def test_search_by_code_prefix(coordinator_client):
    response = coordinator_client.get("/municipalities/", {"search": "09"})
    assert sorted(listed_codes(response)) == ["090", "091", "092", "097", "098"]
    assert listed_codes(coordinator_client.get("/municipalities/", {"search": "905"})) == ["905"]


def test_filter_by_region_code_and_name(coordinator_client):
    by_code = coordinator_client.get("/municipalities/", {"region": "01"})
    assert result_count(by_code) == 26
    assert {row[3] for row in table_rows(by_code)} == {"Uusimaa"}
    by_name = coordinator_client.get("/municipalities/", {"region": "Uusimaa"})
    assert result_count(by_name) == 26


def test_filter_by_consortium(coordinator_client):
    response = coordinator_client.get("/municipalities/", {"consortium": "helmet"})
    assert sorted(listed_codes(response)) == HELMET
    assert {row[7] for row in table_rows(response)} == {"Helmet"}


def test_filter_by_no_consortium(coordinator_client):
    response = coordinator_client.get("/municipalities/", {"consortium": "none"})
    assert sorted(listed_codes(response)) == [
        "213",
        "257",
        "420",
        "588",
        "749",
        "761",
        "765",
        "768",
        "905",
    ]


def test_filter_by_language_status(coordinator_client):
    assert result_count(coordinator_client.get("/municipalities/", {"language_status": "sv"})) == 16
    swedish_majority = coordinator_client.get("/municipalities/", {"language_status": "sv/fi"})
    assert result_count(swedish_majority) == 15
    assert "545" in listed_codes(swedish_majority)


def test_filters_combine(coordinator_client):
    response = coordinator_client.get("/municipalities/", {"region": "15", "consortium": "none"})
    assert listed_codes(response) == ["905"]  # Vaasa


def test_an_unknown_filter_value_shows_an_error_not_other_rows(coordinator_client):
    response = coordinator_client.get("/municipalities/", {"consortium": "nope"})
    tree = tree_of(response)
    assert tree.xpath("//form[@role='search']//ul[contains(@class, 'errorlist')]")
    assert listed_codes(response) == []


def test_sort_by_population_descending_puts_helsinki_first(coordinator_client):
    rows = table_rows(coordinator_client.get("/municipalities/", {"sort": "-population"}))
    assert [row[0] for row in rows[:3]] == ["091", "049", "837"]  # Helsinki, Espoo, Tampere
    populations = [digits(row[5]) for row in rows]
    assert populations == sorted(populations, reverse=True)


def test_sort_by_population_ascending_puts_sottunga_first(coordinator_client):
    rows = table_rows(coordinator_client.get("/municipalities/", {"sort": "population"}))
    assert rows[0][0] == "766"
    assert digits(rows[0][5]) == 101


def test_a_municipality_merged_away_lists_no_residents_of_its_own(coordinator_client):
    (pertunmaa,) = table_rows(coordinator_client.get("/municipalities/", {"search": "588"}))
    (mantyharju,) = table_rows(coordinator_client.get("/municipalities/", {"search": "507"}))
    assert pertunmaa[5].strip() == "—" and digits(mantyharju[5]) == 7057
    for sort in ("population", "-population"):
        rows = table_rows(coordinator_client.get("/municipalities/", {"sort": sort}))
        assert "588" not in [row[0] for row in rows]  # last, on the last page


def test_sorting_keeps_the_filter(coordinator_client):
    rows = table_rows(
        coordinator_client.get("/municipalities/", {"consortium": "helmet", "sort": "-population"})
    )
    assert [row[0] for row in rows] == ["091", "049", "092", "235"]


def test_list_rows_link_to_the_municipality_pages(coordinator_client):
    tree = tree_of(coordinator_client.get("/municipalities/", {"search": "091"}))
    assert tree.xpath("//tbody//a/@href")[0] == "/municipalities/091/"


# --- exports -------------------------------------------------------------------------------


def test_csv_export_has_exactly_the_filtered_rows_with_real_populations(coordinator_client):
    rows = csv_rows(
        coordinator_client.get("/municipalities/", {"consortium": "helmet", "_export": "csv"})
    )
    data = rows[1:]  # after the header: code, names, region, language, population, date, ...
    assert len(data) == 4
    assert {row[0]: int(row[5]) for row in data} == HELMET_POPULATIONS
    assert {row[6] for row in data} == {"2024-12-31"}


def test_csv_export_is_not_limited_to_one_page(coordinator_client):
    data = csv_rows(coordinator_client.get("/municipalities/", {"_export": "csv"}))[1:]
    assert len(data) == 309
    assert sum(int(row[5] or 0) for row in data) == 5_635_971  # Pertunmaa: in Mäntyharju
    assert len({row[0] for row in data}) == 309


def test_csv_export_follows_search_and_region(coordinator_client):
    data = csv_rows(
        coordinator_client.get(
            "/municipalities/", {"region": "01", "search": "k", "_export": "csv"}
        )
    )[1:]
    listed = listed_codes(
        coordinator_client.get("/municipalities/", {"region": "01", "search": "k"})
    )
    assert sorted(row[0] for row in data) == sorted(listed)
    assert data


def test_xlsx_export_has_exactly_the_filtered_rows(coordinator_client):
    response = coordinator_client.get(
        "/municipalities/", {"consortium": "helmet", "_export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    assert {str(row[0]): int(row[5]) for row in rows[1:]} == HELMET_POPULATIONS


def test_codes_keep_their_leading_zeros_in_the_export(coordinator_client):
    data = csv_rows(
        coordinator_client.get("/municipalities/", {"search": "005", "_export": "csv"})
    )[1:]
    assert [row[0] for row in data] == ["005"]


# --- an address that does not exist --------------------------------------------------------


def test_an_unknown_address_shows_the_app_404_page_without_internals(coordinator_client):
    response = coordinator_client.get("/no-such-page/")
    assert response.status_code == 404
    tree = html.fromstring(response.content.decode())
    assert tree.xpath("//nav//a[@href='/municipalities/']")
    assert "Resolver404" not in text(tree)
    assert "tried" not in text(tree)


# --- editing details -----------------------------------------------------------------------


def narpes_details() -> dict:
    return Municipality.objects.values("business_id", "einvoice_address", "einvoice_operator").get(
        code="545"
    )


def test_wrong_business_id_check_digit_is_a_form_error_and_saves_nothing(
    narpes_manager, client_for
):
    before = narpes_details()
    history = Municipality.history.filter(code="545").count()

    response = client_for(narpes_manager).post(
        "/municipalities/545/edit/",
        {
            "business_id": "0177736-5",
            "einvoice_address": "003701777364",
            "reason": "survey",
        },
    )

    assert response.status_code == 200  # the form again, not a redirect
    tree = tree_of(response)
    errors = tree.xpath("//*[contains(@class, 'errorlist')]")
    assert errors
    assert "0177736-5" in text(errors[0])
    # What the user typed is kept in the form.
    assert tree.xpath("//input[@name='business_id']/@value") == ["0177736-5"]
    assert narpes_details() == before
    assert Municipality.history.filter(code="545").count() == history


def test_a_malformed_business_id_is_a_form_error(narpes_manager, client_for):
    response = client_for(narpes_manager).post(
        "/municipalities/545/edit/", {"business_id": "1234567"}
    )
    assert tree_of(response).xpath("//*[contains(@class, 'errorlist')]")
    assert narpes_details()["business_id"] == ""


def test_correct_details_are_saved_and_shown(narpes_manager, client_for):
    client = client_for(narpes_manager)
    response = client.post(
        "/municipalities/545/edit/",
        {
            "business_id": "0177736-4",
            "einvoice_address": "0037 0177 7364",
            "einvoice_operator": "Apix Messaging",
            "reason": "from the pre-join survey",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/municipalities/545/"
    assert narpes_details() == {
        "business_id": "0177736-4",
        "einvoice_address": "003701777364",
        "einvoice_operator": "Apix Messaging",
    }
    page = text(tree_of(client.get("/municipalities/545/")))
    assert "0177736-4" in page
    assert "003701777364" in page


# --- contacts ------------------------------------------------------------------------------


def test_manager_adds_edits_and_removes_a_contact(narpes_manager, client_for):
    client = client_for(narpes_manager)

    response = client.post(
        "/municipalities/545/contacts/new/",
        {
            "kind": "technical",
            "name": "Nils Nylund",
            "title": "IT",
            "email": "nils@example.invalid",
            "phone": "+358 6 000 000",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(municipality__code="545")
    assert "Nils Nylund" in text(tree_of(client.get("/municipalities/545/")))

    edit_url = f"/municipalities/545/contacts/{contact.pk}/"
    assert tree_of(client.get(edit_url)).xpath("//input[@name='name']/@value") == ["Nils Nylund"]
    response = client.post(
        edit_url,
        {
            "kind": "technical",
            "name": "Nils Nylund",
            "email": "nils.nylund@example.invalid",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.email == "nils.nylund@example.invalid"

    response = client.post(edit_url, {"delete": "1"})
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert "Nils Nylund" not in text(tree_of(client.get("/municipalities/545/")))


def test_an_invalid_contact_is_shown_again_with_errors(narpes_manager, client_for):
    response = client_for(narpes_manager).post(
        "/municipalities/545/contacts/new/",
        {
            "kind": "technical",
            "name": "",
            "email": "not-an-address",
        },
    )
    assert response.status_code == 200
    assert len(tree_of(response).xpath("//*[contains(@class, 'errorlist')]")) >= 2
    assert not Contact.objects.exists()


# --- consortia -----------------------------------------------------------------------------


def test_consortium_list_shows_28_consortia_and_the_total(coordinator_client):
    tree = tree_of(coordinator_client.get("/consortia/"))
    assert len(tree.xpath("//table/tbody/tr")) == 28
    [total] = tree.xpath("//table/tfoot/tr")
    cells = [text(td) for td in total.xpath("td")]
    assert digits(cells[2]) == 300
    # everyone but the nine with a system of their own; Mäntyharju with Pertunmaa's residents
    assert digits(cells[3]) == 5_467_698
    helmet = tree.xpath("//tbody/tr[td/a[@href='/consortia/helmet/']]")[0]
    assert digits(text(helmet.xpath("td")[3])) == sum(HELMET_POPULATIONS.values())


# --- Swedish -------------------------------------------------------------------------------


def test_after_choosing_swedish_pages_are_in_swedish(narpes_manager, client_for):
    client = swedish_client(narpes_manager, client_for)
    tree = tree_of(client.get("/municipalities/"))
    assert tree.xpath("/html/@lang") == ["sv"]
    assert tree.xpath("//select[@name='language']/option[@selected]/@value") == ["sv"]


def test_in_swedish_the_navigation_is_in_swedish(narpes_manager, client_for):
    client = swedish_client(narpes_manager, client_for)
    tree = tree_of(client.get("/municipalities/"))
    nav = {a.get("href"): text(a) for a in tree.xpath("//nav//a")}
    assert nav["/municipalities/"] == "Kommuner"
    assert nav["/consortia/"] != "Consortia"
    assert nav["/map/"] == "Karta"


def test_in_finnish_the_list_uses_finnish_names(narpes_manager, client_for):
    tree = tree_of(client_for(narpes_manager).get("/municipalities/"))
    assert tree.xpath("/html/@lang") == ["fi"]
    assert table_rows(client_for(narpes_manager).get("/municipalities/"))[0][1] == "Närpiö"


def test_every_page_has_a_favicon_and_favicon_ico_finds_it(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"
