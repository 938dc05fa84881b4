"""The core security rule: a manager sees and changes only their own municipalities (and their
consortium's shared view), by any page, export or API call; finance reads everything and
changes nothing here; the API needs a valid token; integration tokens reach eligibility only.
The same rule on portal's pages (municipality and consortium pages, the map):
tests/portal/test_access.py."""

import csv
import io

import openpyxl
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from onboarding.models import ApiToken, Contact, Invitation, Municipality
from onboarding.services.accounts import integration_token_create
from tests.pages import map_link_codes, municipality_links
from tests.pages import tree_of as page_tree

pytestmark = pytest.mark.django_db

HELMET = ["049", "091", "092", "235"]


# --- reading what a user sees -----------------------------------------------------------


def listed_codes(response) -> list[str]:
    """The codes in the first column of the municipality table."""
    tree = page_tree(response)
    return [td.text_content().strip() for td in tree.xpath("//table//tbody/tr/td[1]")]


def csv_codes(response) -> list[str]:
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[0] for row in rows[1:]]


def xlsx_codes(response) -> list[str]:
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [str(row[0]) for row in rows[1:]]


def api_codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["code"] for row in response.json()["results"])


def espoo_snapshot():
    return Municipality.objects.values("business_id", "einvoice_address", "einvoice_operator").get(
        code="049"
    )


# --- a manager of Helsinki ---------------------------------------------------------------


def test_manager_list_page_shows_only_their_municipality(helsinki_manager, client_for):
    response = client_for(helsinki_manager).get("/municipalities/")
    assert listed_codes(response) == ["091"]
    tree = page_tree(response)
    assert municipality_links(tree) == {"091"}
    assert "Espoo" not in tree.xpath("string(//table)")


def test_manager_cannot_widen_the_list_with_filters(helsinki_manager, client_for):
    client = client_for(helsinki_manager)
    assert listed_codes(client.get("/municipalities/", {"search": "Espoo"})) == []
    assert listed_codes(client.get("/municipalities/", {"consortium": "helmet"})) == ["091"]
    assert listed_codes(client.get("/municipalities/", {"region": "01"})) == ["091"]


def test_manager_csv_export_has_exactly_their_row(helsinki_manager, client_for):
    response = client_for(helsinki_manager).get("/municipalities/", {"_export": "csv"})
    assert csv_codes(response) == ["091"]
    assert "Espoo" not in response.content.decode("utf-8-sig")


def test_manager_xlsx_export_has_exactly_their_row(helsinki_manager, client_for):
    response = client_for(helsinki_manager).get("/municipalities/", {"_export": "xlsx"})
    assert xlsx_codes(response) == ["091"]


def test_manager_export_with_filters_for_others_is_empty(helsinki_manager, client_for):
    response = client_for(helsinki_manager).get(
        "/municipalities/", {"_export": "csv", "search": "049"}
    )
    assert csv_codes(response) == []


@pytest.mark.parametrize("url", ["/municipalities/049/edit/", "/municipalities/049/contacts/new/"])
def test_manager_gets_404_for_another_municipality_page(helsinki_manager, client_for, url):
    assert client_for(helsinki_manager).get(url).status_code == 404


def test_manager_cannot_edit_another_municipality_by_post(helsinki_manager, client_for):
    before = espoo_snapshot()
    response = client_for(helsinki_manager).post(
        "/municipalities/049/edit/",
        {"business_id": "0201256-6", "einvoice_address": "003702012566", "reason": "x"},
    )
    assert response.status_code == 404
    assert espoo_snapshot() == before


def test_manager_cannot_add_a_contact_to_another_municipality(helsinki_manager, client_for):
    response = client_for(helsinki_manager).post(
        "/municipalities/049/contacts/new/",
        {"kind": "technical", "name": "Intruder", "email": "x@example.invalid"},
    )
    assert response.status_code == 404
    assert not Contact.objects.exists()


def test_manager_cannot_reach_another_municipality_contact_through_their_own(
    helsinki_manager, client_for
):
    espoo = Municipality.objects.get(code="049")
    contact = Contact.objects.create(
        municipality=espoo, kind="technical", name="Esa Espoo", email="esa@example.invalid"
    )
    client = client_for(helsinki_manager)
    url = f"/municipalities/091/contacts/{contact.pk}/"

    assert client.get(url).status_code == 404
    assert client.post(url, {"delete": "1"}).status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_manager_api_list_has_only_their_municipality(helsinki_manager, api_for):
    response = api_for(helsinki_manager).get("/api/v1/municipalities/")
    assert api_codes(response) == ["091"]
    assert response.json()["count"] == 1


def test_manager_api_detail_of_another_municipality_is_404_revealing_nothing(
    helsinki_manager, api_for
):
    api = api_for(helsinki_manager)
    other = api.get("/api/v1/municipalities/049/")
    missing = api.get("/api/v1/municipalities/998/")

    assert other.status_code == missing.status_code == 404
    assert other["Content-Type"].startswith("application/json")
    body = other.json()
    assert list(body) == ["detail"]
    assert body["detail"]
    # The same answer as for a code that does not exist, apart from the code itself.
    assert body["detail"].replace("049", "") == missing.json()["detail"].replace("998", "")
    assert "Espoo" not in other.content.decode()


def test_manager_api_patch_of_another_municipality_is_404_and_changes_nothing(
    helsinki_manager, api_for
):
    before = espoo_snapshot()
    response = api_for(helsinki_manager).patch(
        "/api/v1/municipalities/049/", {"einvoice_address": "003702012566"}, format="json"
    )
    assert response.status_code == 404
    assert espoo_snapshot() == before


def test_manager_consortium_list_has_only_their_consortium(helsinki_manager, client_for):
    tree = page_tree(client_for(helsinki_manager).get("/consortia/"))
    assert tree.xpath("//tbody/tr/td[2]/text()") == ["helmet"]


def test_manager_api_gets_404_for_a_consortium_they_are_not_in(helsinki_manager, api_for):
    response = api_for(helsinki_manager).get("/api/v1/consortia/outi/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_manager_api_consortia_list_has_only_their_consortium(helsinki_manager, api_for):
    response = api_for(helsinki_manager).get("/api/v1/consortia/")
    assert [c["slug"] for c in response.json()["results"]] == ["helmet"]


def test_swedish_speaking_manager_sees_only_narpes(narpes_manager, client_for, api_for):
    assert listed_codes(client_for(narpes_manager).get("/municipalities/")) == ["545"]
    assert api_codes(api_for(narpes_manager).get("/api/v1/municipalities/")) == ["545"]
    summary = api_for(narpes_manager).get("/api/v1/consortia/fredrika/").json()
    assert "545" in summary["members"]


# --- a manager of the whole Helmet consortium --------------------------------------------


def test_helmet_manager_sees_exactly_the_four(helmet_manager, client_for, api_for):
    client = client_for(helmet_manager)
    assert sorted(listed_codes(client.get("/municipalities/"))) == HELMET
    assert sorted(csv_codes(client.get("/municipalities/", {"_export": "csv"}))) == HELMET
    assert sorted(xlsx_codes(client.get("/municipalities/", {"_export": "xlsx"}))) == HELMET
    assert map_link_codes(client.get("/map/")) == HELMET
    assert api_codes(api_for(helmet_manager).get("/api/v1/municipalities/")) == HELMET


# --- finance and coordinators ------------------------------------------------------------


def test_finance_sees_all_309(finance, client_for, api_for):
    response = client_for(finance).get("/municipalities/")
    assert "309" in page_tree(response).xpath("string(//p[@role='status'])")
    assert len(csv_codes(client_for(finance).get("/municipalities/", {"_export": "csv"}))) == 309
    assert api_for(finance).get("/api/v1/municipalities/").json()["count"] == 309
    assert client_for(finance).get("/municipalities/049/").status_code == 200


def test_finance_cannot_edit(finance, client_for, api_for):
    before = espoo_snapshot()
    client = client_for(finance)
    assert client.get("/municipalities/049/edit/").status_code == 403
    assert (
        client.post("/municipalities/049/edit/", {"einvoice_address": "003702012566"}).status_code
        == 403
    )
    assert client.get("/municipalities/049/contacts/new/").status_code == 403
    response = api_for(finance).patch(
        "/api/v1/municipalities/049/", {"einvoice_address": "003702012566"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    assert espoo_snapshot() == before


def test_coordinator_can_edit_any_municipality(coordinator, client_for, api_for):
    client = client_for(coordinator)
    assert client.get("/municipalities/049/edit/").status_code == 200
    response = client.post(
        "/municipalities/049/edit/",
        {
            "business_id": "0101263-6",
            "einvoice_address": "003701012636",
            "einvoice_operator": "Basware",
            "reason": "from the pre-join survey",
        },
    )
    assert response.status_code == 302
    assert espoo_snapshot()["einvoice_address"] == "003701012636"

    response = api_for(coordinator).patch(
        "/api/v1/municipalities/905/", {"einvoice_operator": "CGI"}, format="json"
    )
    assert response.status_code == 200
    assert Municipality.objects.get(code="905").einvoice_operator == "CGI"


def test_manager_can_edit_their_own(helsinki_manager, client_for, api_for):
    assert client_for(helsinki_manager).get("/municipalities/091/edit/").status_code == 200
    response = api_for(helsinki_manager).patch(
        "/api/v1/municipalities/091/", {"einvoice_operator": "Maventa"}, format="json"
    )
    assert response.status_code == 200
    assert Municipality.objects.get(code="091").einvoice_operator == "Maventa"


# --- anonymous visitors and tokens -------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/municipalities/",
        "/municipalities/?_export=csv",
        "/municipalities/091/edit/",
        "/municipalities/091/contacts/new/",
        "/consortia/",
        "/invitations/",
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/municipalities/",
        "/api/v1/municipalities/091/",
        "/api/v1/consortia/",
        "/api/v1/consortia/helmet/",
        "/api/v1/programmes/",
    ],
)
def test_api_without_a_token_is_401(url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"


def test_api_patch_without_a_token_is_401_and_changes_nothing():
    before = espoo_snapshot()
    response = APIClient().patch(
        "/api/v1/municipalities/049/", {"einvoice_operator": "x"}, format="json"
    )
    assert response.status_code == 401
    assert espoo_snapshot() == before


@pytest.mark.parametrize(
    "header",
    [
        "Token 0000000000000000000000000000000000000000",
        "Token ",
        "Token two parts",
        "Token",
        "Bearer 0000000000000000000000000000000000000000",
    ],
)
def test_api_with_a_wrong_token_is_401(header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    response = api.get("/api/v1/municipalities/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_api_with_a_revoked_token_is_401(helsinki_manager, api_for):
    api = api_for(helsinki_manager)
    assert api.get("/api/v1/municipalities/").status_code == 200

    ApiToken.objects.filter(user=helsinki_manager).update(revoked_at=timezone.now())

    assert api.get("/api/v1/municipalities/").status_code == 401


def test_api_token_of_a_deactivated_user_is_401(helsinki_manager, api_for):
    api = api_for(helsinki_manager)
    helsinki_manager.is_active = False
    helsinki_manager.save()
    assert api.get("/api/v1/municipalities/").status_code == 401


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/municipalities/",
        "/api/v1/municipalities/091/",
        "/api/v1/programmes/",
        "/api/v1/consortia/",
        "/api/v1/consortia/helmet/",
    ],
)
def test_integration_token_may_not_read_the_registry(url):
    _token, key = integration_token_create(name="login", scopes=["eligibility"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get(url)
    assert response.status_code == 403
    assert response.json()["detail"]


def test_integration_token_may_not_change_the_registry():
    before = espoo_snapshot()
    _token, key = integration_token_create(name="login", scopes=["eligibility"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.patch("/api/v1/municipalities/049/", {"einvoice_operator": "x"}, format="json")
    assert response.status_code == 403
    assert espoo_snapshot() == before


# --- invitations -------------------------------------------------------------------------


def test_only_coordinators_reach_the_invitations_page(
    coordinator, finance, helsinki_manager, client_for
):
    assert client_for(helsinki_manager).get("/invitations/").status_code == 403
    assert client_for(finance).get("/invitations/").status_code == 403
    assert client_for(coordinator).get("/invitations/").status_code == 200


def test_manager_cannot_send_an_invitation(helsinki_manager, client_for):
    response = client_for(helsinki_manager).post(
        "/invitations/",
        {
            "email": "friend@example.invalid",
            "role": "coordinator",
        },
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_invitations_are_not_in_a_manager_navigation(helsinki_manager, client_for):
    tree = page_tree(client_for(helsinki_manager).get("/"))
    assert not tree.xpath("//nav//a[@href='/invitations/']")
