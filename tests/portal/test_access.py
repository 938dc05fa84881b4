"""The access rule on portal's home pages: a manager opens only their own municipalities'
pages (another one's is 404, exactly like a code that does not exist), sees their
consortium's shared view but links only to their own, and sees the other municipalities on
the map only as outlines; finance is offered no edit links; anonymous visitors log in
first. The registry's pages, exports and API: tests/onboarding/test_access.py."""

import pytest
from lxml import html

from tests.pages import map_link_codes, municipality_links
from tests.pages import tree_of as page_tree

pytestmark = pytest.mark.django_db

HELMET = ["049", "091", "092", "235"]


# --- a manager of Helsinki ---------------------------------------------------------------


def test_manager_gets_404_for_another_municipality_page(helsinki_manager, client_for):
    assert client_for(helsinki_manager).get("/municipalities/049/").status_code == 404


def test_another_municipality_looks_the_same_as_a_missing_one(helsinki_manager, client_for):
    client = client_for(helsinki_manager)
    existing = client.get("/municipalities/049/")
    missing = client.get("/municipalities/999/")
    assert existing.status_code == missing.status_code == 404
    assert b"Espoo" not in existing.content
    existing_main = html.fromstring(existing.content).xpath("string(//main)")
    missing_main = html.fromstring(missing.content).xpath("string(//main)")
    assert existing_main.replace("049", "") == missing_main.replace("999", "")


def test_manager_sees_their_consortium_but_links_only_to_their_own(helsinki_manager, client_for):
    response = client_for(helsinki_manager).get("/consortia/helmet/")
    tree = page_tree(response)
    members = [td.text_content().strip() for td in tree.xpath("//tbody/tr/td[1]")]
    assert sorted(members) == HELMET
    assert municipality_links(tree) == {"091"}


def test_manager_map_links_only_to_their_municipality(helsinki_manager, client_for):
    response = client_for(helsinki_manager).get("/map/")
    assert map_link_codes(response) == ["091"]
    tree = page_tree(response)
    # The other shapes are drawn as outlines without names or links.
    assert len(tree.xpath("//svg//path")) == 309
    assert municipality_links(tree) == {"091"}
    assert "Espoo" not in tree.xpath("string(//svg)")
    assert "Espoo" not in tree.xpath("string(//details)")


def test_manager_gets_404_for_a_consortium_they_are_not_in(helsinki_manager, client_for):
    assert client_for(helsinki_manager).get("/consortia/outi/").status_code == 404


# --- a manager of the whole Helmet consortium --------------------------------------------


def test_helmet_manager_can_open_all_four_and_no_fifth(helmet_manager, client_for):
    client = client_for(helmet_manager)
    for code in HELMET:
        assert client.get(f"/municipalities/{code}/").status_code == 200
    assert client.get("/municipalities/257/").status_code == 404  # Kirkkonummi, next door


def test_helmet_manager_links_to_all_members_of_helmet(helmet_manager, client_for):
    tree = page_tree(client_for(helmet_manager).get("/consortia/helmet/"))
    assert municipality_links(tree) == set(HELMET)


# --- finance -----------------------------------------------------------------------------


def test_finance_page_offers_no_edit_link(finance, client_for):
    tree = page_tree(client_for(finance).get("/municipalities/049/"))
    assert not tree.xpath("//a[contains(@href, '/edit/')]")
    assert not tree.xpath("//a[contains(@href, '/contacts/')]")


# --- anonymous visitors ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/municipalities/091/", "/consortia/helmet/", "/map/"])
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
