"""API v1: tokens, programmes, municipalities, consortia, validated changes and the schema."""

import datetime

import pytest
import yaml
from lxml import html
from rest_framework.test import APIClient

from onboarding.models import Municipality, PopulationFigure

pytestmark = pytest.mark.django_db

HELMET = ["049", "091", "092", "235"]


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["code"] for row in response.json()["results"])


def all_rows(api, url, **params) -> list[dict]:
    rows = []
    page = api.get(url, {**params, "page_size": 1000}).json()
    rows.extend(page["results"])
    assert page["next"] is None
    return rows


# --- tokens --------------------------------------------------------------------------------


def test_a_token_from_username_and_password_works(helsinki_manager):
    api = APIClient()
    response = api.post(
        "/api/v1/auth/token/", {"username": "t-helsinki", "password": "demo"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) >= 32

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert codes(api.get("/api/v1/municipalities/")) == ["091"]


def test_a_new_token_replaces_the_previous_one_of_the_same_name(helsinki_manager):
    api = APIClient()
    credentials = {"username": "t-helsinki", "password": "demo"}
    first = api.post("/api/v1/auth/token/", credentials, format="json").json()["token"]
    second = api.post("/api/v1/auth/token/", credentials, format="json").json()["token"]
    other = api.post(
        "/api/v1/auth/token/", {**credentials, "name": "reports"}, format="json"
    ).json()["token"]
    assert len({first, second, other}) == 3
    for token, status in ((first, 401), (second, 200), (other, 200)):
        api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api.get("/api/v1/programmes/").status_code == status


def test_a_wrong_password_gives_400_with_a_message(helsinki_manager):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "t-helsinki", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert "token" not in body
    assert body["non_field_errors"][0]


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(helsinki_manager):
    api = APIClient()
    wrong = api.post("/api/v1/auth/token/", {"username": "t-helsinki", "password": "x"})
    unknown = api.post("/api/v1/auth/token/", {"username": "nobody", "password": "x"})
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()


def test_missing_fields_give_a_message_per_field():
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["username"][0]
    assert body["password"][0]

    response = APIClient().post("/api/v1/auth/token/", {"username": "x"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["password"]


def test_an_inactive_user_gets_no_token(helsinki_manager):
    helsinki_manager.is_active = False
    helsinki_manager.save()
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "t-helsinki", "password": "demo"}, format="json"
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_the_browser_session_also_works_for_the_api(helsinki_manager, client_for):
    response = client_for(helsinki_manager).get("/api/v1/municipalities/")
    assert codes(response) == ["091"]


# --- programmes ----------------------------------------------------------------------------


def test_programmes_list_is_paginated_and_has_ekirjasto(helsinki_manager, api_for):
    body = api_for(helsinki_manager).get("/api/v1/programmes/").json()
    assert set(body) >= {"count", "next", "previous", "results"}
    ekirjasto = next(p for p in body["results"] if p["slug"] == "ekirjasto")
    assert ekirjasto["launch_date"] == "2024-04-23"
    assert ekirjasto["signing_deadline"] == "2024-03-15"
    assert ekirjasto["fee_per_resident"] == "0.7000"
    assert ekirjasto["name"]
    assert ekirjasto["name_sv"] == "E-biblioteket"


# --- municipalities ------------------------------------------------------------------------


def test_municipality_list_rows_have_the_documented_fields(coordinator, api_for):
    body = api_for(coordinator).get("/api/v1/municipalities/", {"search": "091"}).json()
    [helsinki] = body["results"]
    assert helsinki["code"] == "091"
    assert helsinki["name_fi"] == "Helsinki"
    assert helsinki["name_sv"] == "Helsingfors"
    assert helsinki["region"] == "Uusimaa"
    assert helsinki["language_status"] == "fi/sv"
    assert helsinki["population"] == 684018
    assert helsinki["population_date"] == "2024-12-31"
    assert helsinki["consortium"] == "helmet"


def test_a_municipality_in_no_consortium_has_consortium_null(coordinator, api_for):
    [vaasa] = (
        api_for(coordinator).get("/api/v1/municipalities/", {"search": "905"}).json()["results"]
    )
    assert vaasa["name_fi"] == "Vaasa"
    assert vaasa["consortium"] is None


def test_coordinator_list_counts_309_and_pages_through_them(coordinator, api_for):
    api = api_for(coordinator)
    first = api.get("/api/v1/municipalities/").json()
    assert first["count"] == 309
    assert len(first["results"]) == 100
    assert first["previous"] is None and first["next"]

    seen = []
    url = "/api/v1/municipalities/"
    while url:
        page = api.get(url).json()
        seen.extend(row["code"] for row in page["results"])
        url = page["next"]
    assert len(seen) == len(set(seen)) == 309
    rows = all_rows(api, "/api/v1/municipalities/")
    assert sum(r["population"] or 0 for r in rows) == 5_635_971  # Pertunmaa: in Mäntyharju


def test_search_finds_by_finnish_or_swedish_name_or_code(coordinator, api_for):
    api = api_for(coordinator)
    assert codes(api.get("/api/v1/municipalities/", {"search": "helsing"})) == ["091"]
    assert codes(api.get("/api/v1/municipalities/", {"search": "Esbo"})) == ["049"]
    assert codes(api.get("/api/v1/municipalities/", {"search": "09"})) == [
        "090",
        "091",
        "092",
        "097",
        "098",
    ]


def test_filter_by_consortium(coordinator, api_for):
    api = api_for(coordinator)
    assert codes(api.get("/api/v1/municipalities/", {"consortium": "helmet"})) == HELMET
    assert codes(api.get("/api/v1/municipalities/", {"consortium": "none"})) == [
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


def test_filter_by_an_unknown_consortium_is_a_400_with_a_message(coordinator, api_for):
    response = api_for(coordinator).get("/api/v1/municipalities/", {"consortium": "nope"})
    assert response.status_code == 400
    assert response.json()["consortium"][0]


def test_filter_by_region_code(coordinator, api_for):
    rows = all_rows(api_for(coordinator), "/api/v1/municipalities/", region="01")
    assert len(rows) == 26
    assert {r["region"] for r in rows} == {"Uusimaa"}
    assert "091" in {r["code"] for r in rows}


def test_filter_by_region_name(coordinator, api_for):
    rows = all_rows(api_for(coordinator), "/api/v1/municipalities/", region="Uusimaa")
    assert len(rows) == 26
    assert {r["region"] for r in rows} == {"Uusimaa"}


def test_filters_combine(coordinator, api_for):
    response = api_for(coordinator).get(
        "/api/v1/municipalities/", {"region": "01", "consortium": "none"}
    )
    assert codes(response) == ["257"]  # Kirkkonummi


def test_municipality_detail_has_population_history_and_contacts(coordinator, api_for):
    PopulationFigure.objects.create(
        municipality=Municipality.objects.get(code="091"),
        date=datetime.date(2025, 12, 31),
        population=690000,
        source="test",
    )
    response = api_for(coordinator).get("/api/v1/municipalities/091/")
    assert response.status_code == 200
    body = response.json()
    assert body["name_sv"] == "Helsingfors"
    assert body["consortium"] == "helmet"
    assert body["population"] == 690000
    assert [(f["date"], f["population"]) for f in body["population_history"]] == [
        ("2025-12-31", 690000),
        ("2024-12-31", 684018),
    ]
    assert body["contacts"] == []


def test_an_unknown_code_is_404_with_a_message(coordinator, api_for):
    response = api_for(coordinator).get("/api/v1/municipalities/999/")
    assert response.status_code == 404
    assert "999" in response.json()["detail"]


# --- consortia -----------------------------------------------------------------------------


def test_consortia_list_has_28_with_members_and_population(coordinator, api_for):
    body = api_for(coordinator).get("/api/v1/consortia/").json()
    assert body["count"] == 28
    assert len(body["results"]) == 28
    for consortium in body["results"]:
        assert set(consortium) == {"slug", "name", "members", "population"}
    assert sum(len(c["members"]) for c in body["results"]) == 300


def test_consortium_detail_of_helmet(coordinator, api_for):
    response = api_for(coordinator).get("/api/v1/consortia/helmet/")
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "helmet"
    assert body["name"] == "Helmet"
    assert sorted(body["members"]) == HELMET
    # Espoo 320,931 + Helsinki 684,018 + Vantaa 251,269 + Kauniainen 10,253 at 31.12.2024
    assert body["population"] == 1_266_471


def test_helmet_population_is_the_sum_of_its_four_members(coordinator, api_for):
    api = api_for(coordinator)
    members = {
        r["code"]: r["population"]
        for r in api.get("/api/v1/municipalities/", {"consortium": "helmet"}).json()["results"]
    }
    helmet = api.get("/api/v1/consortia/helmet/").json()
    assert helmet["population"] == sum(members.values())
    assert helmet["population"] > 1_200_000


def test_an_unknown_consortium_is_404_with_a_message(coordinator, api_for):
    response = api_for(coordinator).get("/api/v1/consortia/no-such/")
    assert response.status_code == 404
    assert response.json()["detail"]


# --- changes -------------------------------------------------------------------------------


def details(code: str) -> dict:
    return Municipality.objects.values("business_id", "einvoice_address", "einvoice_operator").get(
        code=code
    )


def test_a_wrong_business_id_check_digit_is_400_and_changes_nothing(helsinki_manager, api_for):
    before = details("091")
    history = Municipality.history.filter(code="091").count()

    response = api_for(helsinki_manager).patch(
        "/api/v1/municipalities/091/",
        {"business_id": "0201256-5", "einvoice_address": "003702012566"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["business_id"][0]
    assert details("091") == before
    assert Municipality.history.filter(code="091").count() == history


def test_a_malformed_einvoice_address_is_400_under_its_field(helsinki_manager, api_for):
    response = api_for(helsinki_manager).patch(
        "/api/v1/municipalities/091/", {"einvoice_address": "not an address"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["einvoice_address"][0]


def test_good_values_are_saved_with_a_history_row(helsinki_manager, api_for):
    response = api_for(helsinki_manager).patch(
        "/api/v1/municipalities/091/",
        {
            "einvoice_address": "003702012566",
            "einvoice_operator": "Maventa",
            "reason": "pre-join survey",
        },
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["einvoice_address"] == "003702012566"
    assert details("091") == {
        "business_id": "0201256-6",
        "einvoice_address": "003702012566",
        "einvoice_operator": "Maventa",
    }
    latest = Municipality.history.filter(code="091").latest("history_date")
    assert latest.history_user == helsinki_manager
    assert latest.history_change_reason == "pre-join survey"
    older = latest.prev_record
    changed = {c.field: (c.old, c.new) for c in latest.diff_against(older).changes}
    assert changed == {
        "einvoice_address": ("", "003702012566"),
        "einvoice_operator": ("", "Maventa"),
    }


def test_fields_that_are_not_editable_are_ignored(helsinki_manager, api_for):
    response = api_for(helsinki_manager).patch(
        "/api/v1/municipalities/091/", {"name_fi": "Stadi", "population": 1}, format="json"
    )
    assert response.status_code == 200
    assert Municipality.objects.get(code="091").name_fi == "Helsinki"


def test_put_is_not_offered(helsinki_manager, api_for):
    response = api_for(helsinki_manager).put(
        "/api/v1/municipalities/091/", {"einvoice_operator": "x"}, format="json"
    )
    assert response.status_code == 405


# --- schema and docs -----------------------------------------------------------------------


def test_the_schema_is_openapi_3_and_lists_the_paths():
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/v1/auth/token/",
        "/api/v1/programmes/",
        "/api/v1/municipalities/",
        "/api/v1/municipalities/{code}/",
        "/api/v1/consortia/",
        "/api/v1/consortia/{slug}/",
    }
    parameters = {
        p["name"] for p in schema["paths"]["/api/v1/municipalities/"]["get"]["parameters"]
    }
    assert parameters >= {"search", "consortium", "region", "page"}
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_schema_describes_lists_as_paginated_with_results():
    schema = yaml.safe_load(APIClient().get("/api/v1/schema/").content)
    ok = schema["paths"]["/api/v1/municipalities/"]["get"]["responses"]["200"]
    ref = ok["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "results" in schema["components"]["schemas"][ref]["properties"]


def test_the_docs_page_loads_no_external_script():
    response = APIClient().get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    tree = html.fromstring(response.content.decode())
    sources = tree.xpath("//script/@src")
    assert sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    stylesheets = tree.xpath("//link/@href")
    assert not [s for s in stylesheets if s.startswith(("http:", "https:", "//"))]
    inline = " ".join(tree.xpath("//script[not(@src)]/text()"))
    assert "http://" not in inline and "https://" not in inline


def test_the_docs_page_is_inside_the_apps_frame_in_the_page_language(client, helsinki_manager):
    client.force_login(helsinki_manager)
    tree = html.fromstring(client.get("/api/v1/docs/").content.decode())
    assert tree.get("lang") == "fi"
    assert tree.xpath("//header[@class='site-header']//nav//a")  # the app's navigation
    assert tree.xpath("//main//h1")[0].text_content() == "Rajapinnan dokumentaatio"
    assert tree.xpath("//main//a[@href='/']")  # a way back
    assert tree.xpath("//main//a[@href='/account/#api-tokens']")
    # Swagger UI and the generated reference are English, and say so.
    assert tree.xpath("//div[@id='swagger-ui']/@lang") == ["en"]


def test_an_einvoice_address_typed_in_groups_is_saved_normalised_as_in_the_form(
    helsinki_manager, api_for
):
    response = api_for(helsinki_manager).patch(
        "/api/v1/municipalities/091/", {"einvoice_address": "0037 0201 2566"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["einvoice_address"] == "003702012566"
