"""A real browser logs in through the suite's real OpenID provider (tests/oidc.py): a
coordinator clicks the organisation-account button on the Finnish login page, signs in at the
provider and lands on the dashboard; a group with no role, no groups claim at all, and a code
issued to another application come back to the login page with their messages."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from django.utils import translation

from onboarding.models import Role, User
from onboarding.oidc import REFUSALS
from tests.oidc import ACCOUNTS, OTHER_CLIENT_ID, PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The live server's request threads share the in-memory SQLite connection and complain
    # when closing it after a response; the responses themselves are complete.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]

SSO_BUTTON = "main a[href^='/oidc/authenticate/']"


def message(reason):
    with translation.override("fi"):
        return str(REFUSALS[reason])


def sign_in_at_provider(page, login):
    page.wait_for_url("http://127.0.0.1:*/interaction/*")
    page.get_by_label("Username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_coordinator_logs_in_through_the_provider_and_lands_on_the_dashboard(
    page, live_server, reference_db, oidc_settings
):
    page.goto(live_server.url + "/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "fi"
    page.locator(SSO_BUTTON).click()
    sign_in_at_provider(page, "aino")
    page.wait_for_url(live_server.url + "/")
    with translation.override("fi"):
        dashboard = translation.gettext("Onboarding dashboard")
    assert page.get_by_role("heading", level=1).inner_text() == dashboard
    assert "Aino Koordinaattori" in page.locator("header").inner_text()
    user = User.objects.get(oidc_subject=ACCOUNTS["aino"]["claims"]["sub"])
    assert user.role == Role.COORDINATOR


@pytest.mark.parametrize("login, reason", [("ulla", "no_role"), ("noora", "no_claim")])
def test_a_login_without_a_mapped_role_comes_back_with_its_message(
    page, live_server, reference_db, oidc_settings, login, reason
):
    users = User.objects.count()
    page.goto(live_server.url + "/accounts/login/")
    page.locator(SSO_BUTTON).click()
    sign_in_at_provider(page, login)
    page.wait_for_url(live_server.url + "/accounts/login/")
    assert message(reason) in page.locator(".messages").inner_text()
    assert page.locator(SSO_BUTTON).is_visible()
    assert User.objects.count() == users


def test_a_code_issued_to_another_application_is_refused(
    page, live_server, reference_db, oidc_settings
):
    """The browser is sent to the provider for another client of the organisation (its
    client_id in our authorization request): the code it brings back is not ours, and the
    provider refuses our token request."""
    users = User.objects.count()
    page.goto(live_server.url + "/accounts/login/")
    href = page.locator(SSO_BUTTON).get_attribute("href")
    response = page.request.get(live_server.url + href, max_redirects=0)
    parts = urlsplit(response.headers["location"])
    query = parse_qs(parts.query)
    query["client_id"] = [OTHER_CLIENT_ID]
    page.goto(urlunsplit(parts._replace(query=urlencode(query, doseq=True))))
    sign_in_at_provider(page, "aino")
    page.wait_for_url(live_server.url + "/accounts/login/")
    assert message("provider") in page.locator(".messages").inner_text()
    assert User.objects.count() == users
