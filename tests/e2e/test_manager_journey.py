"""A real browser: a municipal manager logs in, sees only their municipality, switches to
Swedish."""

import pytest

from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The live server's request threads share the in-memory SQLite connection and complain
    # when closing it after a response; the responses themselves are complete.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]


@pytest.fixture
def manager(reference_db):
    return UserFactory(
        manager=True, username="e2e-helsinki", password="Kirjasto-2024!", codes=("091",)
    )


def _log_in(page, live_server, username, password):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(live_server.url + "/")


def test_manager_logs_in_sees_only_helsinki_and_switches_to_swedish(page, live_server, manager):
    _log_in(page, live_server, "e2e-helsinki", "Kirjasto-2024!")
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Kunnat").click()
    page.wait_for_url("**/municipalities/")
    rows = page.locator("table.data-table tbody tr")
    assert rows.count() == 1
    assert "Helsinki" in rows.first.inner_text()
    assert "Espoo" not in page.locator("main").inner_text()

    # Keyboard: the language switcher is reachable and usable without a mouse.
    page.get_by_label("Kieli").select_option("sv")
    page.get_by_role("button", name="Vaihda").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == "Kommuner"

    page.get_by_role("link", name="Helsinki").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Helsingfors")

    response = page.goto(live_server.url + "/municipalities/049/")
    assert response.status == 404
