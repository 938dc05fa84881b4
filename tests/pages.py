"""Reading the app's pages in tests: the HTML tree, its visible text, numbers shown with
thousands separators, the municipality pages a page links to, the map's links, and a client
that chose Swedish."""

import re

from lxml import html


def tree_of(response):
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode())


def text(element) -> str:
    """Visible text with thousands separators (spaces, no-break spaces) kept as spaces."""
    return re.sub(r"\s+", " ", element.text_content().replace("\u00a0", " ")).strip()


def digits(value: str) -> int:
    return int(re.sub(r"\D", "", value))


def municipality_links(tree) -> set[str]:
    """Codes of every municipality page the page links to, anywhere on it."""
    return {
        href.strip("/").split("/")[1]
        for href in tree.xpath("//a/@href")
        if href.startswith("/municipalities/") and href.count("/") == 3
    }


def map_link_codes(response) -> list[str]:
    tree = tree_of(response)
    return sorted(tree.xpath("//svg//a/@data-code"))


def swedish_client(user, client_for):
    client = client_for(user)
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/municipalities/"})
    assert response.status_code == 302
    return client
