"""The home pages of portal (portal/views.py): the municipality page (data, population
history, consortium, contacts, and the change history for coordinators only), the
consortium page and the map. The coordinators' dashboard at "/" is in test_dashboard.py."""

import pytest
from lxml import html

from onboarding.models import Contact, Municipality
from tests.pages import digits, swedish_client, text, tree_of

pytestmark = pytest.mark.django_db

HELMET_POPULATIONS = {"049": 320931, "091": 684018, "092": 251269, "235": 10253}


@pytest.fixture
def coordinator_client(coordinator, client_for):
    return client_for(coordinator)


# --- municipality page ---------------------------------------------------------------------


def test_municipality_page_shows_data_population_history_and_consortium(coordinator_client):
    helsinki = Municipality.objects.get(code="091")
    helsinki.population_figures.create(date="2025-12-31", population=690000, source="test")

    tree = tree_of(coordinator_client.get("/municipalities/091/"))

    assert text(tree.xpath("//h1")[0]).startswith("Helsinki")
    page = text(tree)
    assert "Helsingfors" in page
    assert "0201256-6" in page
    history = [
        [text(td) for td in tr.xpath("td")]
        for tr in tree.xpath("//table[.//td[contains(., 'test')]]/tbody/tr")
    ]
    assert history[0][:2] == ["31.12.2025", "690 000"]
    assert history[1][:2] == ["31.12.2024", "684 018"]
    assert tree.xpath("//a[@href='/consortia/helmet/']")


def test_municipality_page_of_a_single_library_municipality_has_no_consortium_link(
    coordinator_client,
):
    tree = tree_of(coordinator_client.get("/municipalities/905/"))
    assert not tree.xpath("//main//a[starts-with(@href, '/consortia/') and @href != '/consortia/']")


def test_pertunmaa_page_says_it_merged_into_mantyharju(coordinator_client):
    page = text(tree_of(coordinator_client.get("/municipalities/588/")))
    assert "Mäntyharju" in page
    assert "31.12.2024" in page


def test_an_unknown_code_is_404_with_a_message(coordinator_client):
    response = coordinator_client.get("/municipalities/999/")
    assert response.status_code == 404
    tree = html.fromstring(response.content.decode())
    assert "999" in text(tree.xpath("//main")[0])
    assert tree.xpath("//nav//a[@href='/municipalities/']")  # still inside the app's layout


def test_municipality_page_lists_contacts(coordinator_client):
    Contact.objects.create(
        municipality=Municipality.objects.get(code="091"),
        kind="agreement",
        name="Katri Kirjasto",
        title="Kirjastotoimenjohtaja",
        email="katri@example.invalid",
    )
    tree = tree_of(coordinator_client.get("/municipalities/091/"))
    assert tree.xpath("//a[@href='mailto:katri@example.invalid']")
    assert "Katri Kirjasto" in text(tree)


def test_manager_page_offers_edit_and_contact_links(narpes_manager, client_for):
    tree = tree_of(client_for(narpes_manager).get("/municipalities/545/"))
    assert tree.xpath("//a[@href='/municipalities/545/edit/']")
    assert tree.xpath("//a[@href='/municipalities/545/contacts/new/']")


# --- the change history --------------------------------------------------------------------


def test_coordinator_sees_who_changed_what_and_why(narpes_manager, coordinator, client_for):
    client_for(narpes_manager).post(
        "/municipalities/545/edit/",
        {
            "business_id": "0177736-4",
            "reason": "from the pre-join survey",
        },
    )

    tree = tree_of(client_for(coordinator).get("/municipalities/545/"))

    change_rows = [
        tr for tr in tree.xpath("//table/tbody/tr") if "from the pre-join survey" in text(tr)
    ]
    assert len(change_rows) == 1
    row = text(change_rows[0])
    assert "t-narpes" in row
    assert "Y-tunnus" in row  # the field's label in the page's language
    assert "“” → “0177736-4”" in row


def test_manager_page_has_no_change_history(narpes_manager, coordinator, client_for):
    client = client_for(narpes_manager)
    client.post(
        "/municipalities/545/edit/",
        {
            "business_id": "0177736-4",
            "reason": "from the pre-join survey",
        },
    )
    manager_tree = tree_of(client.get("/municipalities/545/"))
    coordinator_tree = tree_of(client_for(coordinator).get("/municipalities/545/"))

    assert "from the pre-join survey" not in text(manager_tree)
    manager_headings = [text(h) for h in manager_tree.xpath("//h2")]
    coordinator_headings = [text(h) for h in coordinator_tree.xpath("//h2")]
    assert len(coordinator_headings) == len(manager_headings) + 1
    assert coordinator_headings[: len(manager_headings)] == manager_headings


# --- consortium page -----------------------------------------------------------------------


def test_consortium_page_lists_members_and_their_total(coordinator_client):
    tree = tree_of(coordinator_client.get("/consortia/helmet/"))
    assert text(tree.xpath("//h1")[0]) == "Helmet"
    members = [[text(td) for td in tr.xpath("td")] for tr in tree.xpath("//tbody/tr")]
    assert {row[0]: digits(row[2]) for row in members} == HELMET_POPULATIONS
    total = [text(td) for td in tree.xpath("//tfoot/tr/td")]
    assert digits(total[2]) == 1_266_471


def test_an_unknown_consortium_is_404(coordinator_client):
    assert coordinator_client.get("/consortia/no-such/").status_code == 404


# --- the map -------------------------------------------------------------------------------


def test_the_map_draws_and_links_all_309_municipalities_for_a_coordinator(coordinator_client):
    tree = tree_of(coordinator_client.get("/map/"))
    links = tree.xpath("//svg//a[@data-code]")
    assert len(links) == 309
    assert len({a.get("data-code") for a in links}) == 309
    helsinki = tree.xpath("//svg//a[@data-code='091']")[0]
    assert helsinki.get("href") == "/municipalities/091/"
    assert "Helsinki" in text(helsinki.xpath(".//title")[0])
    assert "Helmet" in text(helsinki.xpath(".//title")[0])


def test_the_map_has_a_legend_by_consortium(coordinator_client):
    tree = tree_of(coordinator_client.get("/map/"))
    legend = [text(li) for li in tree.xpath("//ul[contains(@class, 'legend')]/li")]
    assert len(legend) == 28 + 1  # every consortium and "own library system"
    assert "Helmet (4)" in legend
    assert sum(digits(item.rsplit("(", 1)[1]) for item in legend) == 309


def test_the_map_by_language_status_has_four_legend_entries(coordinator_client):
    tree = tree_of(coordinator_client.get("/map/", {"colour": "language_status"}))
    legend = [text(li) for li in tree.xpath("//ul[contains(@class, 'legend')]/li")]
    assert len(legend) == 4
    assert [digits(item.rsplit("(", 1)[1]) for item in legend] == [260, 18, 15, 16]
    # Each legend colour is the fill of that many shapes.
    swatches = tree.xpath("//ul[contains(@class, 'legend')]/li/svg/rect/@fill")
    fills = tree.xpath("//svg//a/path/@fill")
    for colour, count in zip(swatches, [260, 18, 15, 16], strict=True):
        assert fills.count(colour) == count


def test_the_map_by_region_has_one_legend_entry_per_region(coordinator_client):
    tree = tree_of(coordinator_client.get("/map/", {"colour": "region"}))
    legend = [text(li) for li in tree.xpath("//ul[contains(@class, 'legend')]/li")]
    assert len(legend) == 19
    assert "Uusimaa (26)" in legend
    assert sum(digits(item.rsplit("(", 1)[1]) for item in legend) == 309


def test_an_unknown_map_colouring_is_404(coordinator_client):
    assert coordinator_client.get("/map/", {"colour": "favourite_food"}).status_code == 404


def test_the_map_has_a_table_as_text_alternative(coordinator_client):
    tree = tree_of(coordinator_client.get("/map/", {"colour": "language_status"}))
    assert len(tree.xpath("//details//table/tbody/tr")) == 50  # a page; the rest follow
    rows = []
    for page in range(1, 8):
        params = {"colour": "language_status", "page": page}
        paged = tree_of(coordinator_client.get("/map/", params))
        assert paged.xpath("//details[@open]")  # a page asked for shows the table open
        rows += paged.xpath("//details//table/tbody/tr")
    assert len(rows) == len({text(r.xpath("td")[1]) for r in rows}) == 309
    helsinki = next(r for r in rows if text(r.xpath("td")[1]) == "091")
    assert text(helsinki.xpath("td")[0]) == "Helsinki"
    assert helsinki.xpath("td[1]/a/@href") == ["/municipalities/091/"]


# --- Swedish -------------------------------------------------------------------------------


def test_in_swedish_helsinki_is_called_helsingfors(coordinator, client_for):
    client = swedish_client(coordinator, client_for)
    tree = tree_of(client.get("/municipalities/091/"))
    assert tree.xpath("/html/@lang") == ["sv"]
    assert text(tree.xpath("//h1")[0]).startswith("Helsingfors")
    assert "Helsingfors" in text(tree.xpath("//title")[0])


def test_a_consortium_page_names_the_confidence_of_its_members_in_the_page_language(
    coordinator, client_for
):
    from onboarding.models import Consortium

    consortium = Consortium.objects.filter(source_confidence="medium").first()
    client = client_for(coordinator)
    client.cookies["django_language"] = "sv"
    tree = tree_of(client.get(f"/consortia/{consortium.slug}/"))
    [dd] = tree.xpath(
        "//dt[text()='Medlemsförteckningens tillförlitlighet']/following-sibling::dd[1]"
    )
    assert text(dd) == "medelhög"
    assert "medium" not in text(tree)


def test_regions_are_named_in_the_language_of_the_page(coordinator, client_for):
    client = client_for(coordinator)
    client.cookies["django_language"] = "sv"
    listing = client.get("/municipalities/", {"search": "Närpes"}).content.decode()
    assert "Österbotten" in listing and "Pohjanmaa" not in listing
    options = tree_of(client.get("/municipalities/")).xpath("//select[@name='region']/option")
    assert "Nyland" in [text(o) for o in options] and "Uusimaa" not in [text(o) for o in options]
    # The filter takes a region's name in either language, or its code.
    for region in ("Österbotten", "Pohjanmaa", "15"):
        found = client.get("/municipalities/", {"region": region}).content.decode()
        assert "Närpes" in found and "Nyland" not in found.split("<tbody")[1]
    detail = text(tree_of(client.get("/municipalities/545/")))
    assert "Österbotten" in detail and "Pohjanmaa" not in detail
    mapped = text(tree_of(client.get("/map/", {"colour": "region"})))
    assert "Åland" in mapped and "Ahvenanmaa" not in mapped
    client.cookies["django_language"] = "fi"
    assert "Pohjanmaa" in client.get("/municipalities/545/").content.decode()


def test_every_municipalitys_region_is_in_the_classification():
    from onboarding.models import Municipality
    from onboarding.regions import _names

    pairs = set(Municipality.objects.values_list("region_code", "region"))
    assert pairs <= {(code, names[0]) for code, names in _names().items()}


def test_a_municipalitys_history_and_sources_read_in_the_page_language(coordinator, client_for):
    client = client_for(coordinator)
    client.cookies["django_language"] = "sv"
    page = text(tree_of(client.get("/municipalities/091/")))
    assert "Inläst från referensdata" in page
    assert "Statistikcentralen, invånarantal 31.12.2024" in page
    assert "load_reference_data" not in page and "WFS" not in page
