"""A real browser: a coordinator's password login asks for the code of an authenticator app;
the first login sets the app up from the QR code's key and shows the recovery codes. The
codes are computed here from the key, as the phone would."""

import base64
import re
import time

import pytest

from onboarding.services.twofactor import code_of
from tests.e2e.conftest import PASSWORD, e2e_user, totp_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]
SERIOUS = ("serious", "critical")


def _password(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()


def _serious(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response["violations"]
    return [v["id"] for v in results if v["impact"] in SERIOUS]


def test_a_coordinators_password_login_asks_for_the_code(page, live_server, reference_db):
    e2e_user("e2e-koordinaattori", "coordinator")
    from tests.e2e.conftest import authenticator

    authenticator("e2e-koordinaattori")
    _password(page, live_server, "e2e-koordinaattori")
    page.wait_for_url("**/accounts/two-factor/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kaksivaiheinen tunnistautuminen"
    assert not _serious(page)

    page.get_by_label("Koodi").fill("000000")
    page.get_by_role("button", name="Vahvista ja kirjaudu").click()
    assert "Koodi ei ole oikein" in page.locator("main").inner_text()
    time.sleep(1.5)  # a wrong code makes the next try wait a second (django-otp)

    page.get_by_label("Koodi").fill(totp_code("e2e-koordinaattori"))
    page.get_by_role("button", name="Vahvista ja kirjaudu").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert "Kirjaudu ulos" in page.locator("header").inner_text()


def test_first_login_sets_up_the_app_in_swedish(browser, live_server, reference_db):
    e2e_user("e2e-ekonomi", "finance")
    context = browser.new_context(locale="sv-FI")
    context.add_cookies([{"name": "django_language", "value": "sv", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Användarnamn").fill("e2e-ekonomi")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/accounts/two-factor/setup/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ta i bruk tvåstegsverifiering"
    assert page.locator("figure.qr svg").is_visible()
    assert not _serious(page)

    key = page.locator("code.secret").inner_text().replace(" ", "")
    page.get_by_label("Kod från appen").fill(
        code_of(base64.b32decode(key + "=" * (-len(key) % 8)).hex())
    )
    page.get_by_role("button", name="Slå på").click()
    page.get_by_role("heading", name="Reservkoder").wait_for()
    codes = page.locator("ul.recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    page.get_by_role("link", name="Jag har sparat koderna, fortsätt").click()
    page.wait_for_url(live_server.url + "/")
    context.close()
