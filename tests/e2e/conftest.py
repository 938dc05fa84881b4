import shutil

import pytest

from tests.factories import UserFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a headless, offline Chromium run as root in a sandbox.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which("chromium") and not shutil.os.path.exists(CHROMIUM):
        pytest.fail("Debian's Chromium is missing: `make test` installs it with apt.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


PASSWORD = "Kirjasto-2024!"


def e2e_user(username, role, codes=()):
    """A user who logs in with PASSWORD, managing the municipalities of `codes`."""
    return UserFactory(
        username=username,
        role=role,
        password=PASSWORD,
        email=f"{username}@kunta.example",
        codes=codes,
    )


def log_in(browser, live_server, username, **context):
    """A page of a new Finnish browser context, logged in as `username` on the home page."""
    page = browser.new_context(locale="fi-FI", **context).new_page()
    page.set_default_timeout(20000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    authenticator(username)  # a coordinator's phone was set up before this login
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if "/accounts/two-factor/" in page.url:  # coordinators and finance: the second step
        page.fill("#id_code", totp_code(username))
        page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    return page


def authenticator(username):
    """The user's confirmed authenticator, made if the role needs one and has none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from onboarding.models import User
    from onboarding.services import twofactor

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and twofactor.required_for_role(user):
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def totp_code(username):
    """The code the user's authenticator app shows now (tests.twofactor.next_code)."""
    from tests.twofactor import next_code

    return next_code(authenticator(username))
