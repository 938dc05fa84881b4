"""Two-step verification: a coordinator's or finance person's password login asks for the
code of an authenticator app (TOTP, RFC 6238), with recovery codes; a manager may turn it on.
The codes are computed here from the secret, as a phone app would."""

import base64
import datetime
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from onboarding.services import twofactor
from onboarding.services.twofactor import code_of
from tests.factories import PASSWORD, UserFactory
from tests.twofactor import next_code

pytestmark = pytest.mark.django_db


def secret_on_page(html: str) -> str:
    """The key the set-up page shows for typing by hand, as hex."""
    text = re.search(r'<code translate="no" class="secret">([A-Z2-7 ]+)</code>', html).group(1)
    raw = text.replace(" ", "")
    return base64.b32decode(raw + "=" * (-len(raw) % 8)).hex()


def password_login(client, user, next_url=""):
    return client.post(
        "/accounts/login/" + (f"?next={next_url}" if next_url else ""),
        {"username": user.username, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="fi",
    )


def with_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=twofactor.AUTHENTICATOR, confirmed=True)


def test_a_coordinators_right_password_alone_does_not_log_in(client, coordinator):
    device = with_authenticator(coordinator)
    response = password_login(client, coordinator, next_url="/agreements/")
    assert response.status_code == 302
    assert response.url == "/accounts/two-factor/"
    assert SESSION_KEY not in client.session
    # Half-way is not logged in: a page still asks for the login.
    assert client.get("/agreements/").url.startswith("/accounts/login/")

    page = client.get("/accounts/two-factor/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Kaksivaiheinen tunnistautuminen" in page

    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC), tick=False) as clock:
        wrong = client.post("/accounts/two-factor/", {"code": "000000"}, HTTP_ACCEPT_LANGUAGE="fi")
        assert wrong.status_code == 200
        assert "Koodi ei ole oikein" in wrong.content.decode()
        assert SESSION_KEY not in client.session
        clock.shift(datetime.timedelta(seconds=2))  # past the wait a wrong code causes
        right = client.post("/accounts/two-factor/", {"code": next_code(device)})
    assert right.status_code == 302 and right.url == "/agreements/"
    assert int(client.session[SESSION_KEY]) == coordinator.pk
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/agreements/").status_code == 200


def test_a_used_code_does_not_work_twice(client, finance):
    device = with_authenticator(finance)
    code = next_code(device)
    password_login(client, finance)
    assert client.post("/accounts/two-factor/", {"code": code}).status_code == 302
    client.logout()
    password_login(client, finance)
    again = client.post("/accounts/two-factor/", {"code": code}, HTTP_ACCEPT_LANGUAGE="fi")
    assert again.status_code == 200
    assert SESSION_KEY not in client.session


def test_first_login_of_a_coordinator_sets_up_the_authenticator(client, coordinator):
    response = password_login(client, coordinator)
    assert response.url == "/accounts/two-factor/setup/"

    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="fi")
    html = page.content.decode()
    assert "<svg" in html  # the QR code, drawn on the server
    assert not TOTPDevice.objects.filter(user=coordinator).exists()  # opening wrote nothing
    key = secret_on_page(html)
    proposal = re.search(r'name="proposal" value="([^"]+)"', html).group(1)

    wrong = client.post(
        "/accounts/two-factor/setup/",
        {"proposal": proposal, "code": "123456" if code_of(key) != "123456" else "654321"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert "Koodi ei ole oikein" in wrong.content.decode()
    # The secret already scanned stays: the page shows the same key again.
    assert secret_on_page(wrong.content.decode()) == key
    assert not TOTPDevice.objects.filter(user=coordinator).exists()

    done = client.post(
        "/accounts/two-factor/setup/",
        {"proposal": proposal, "code": code_of(key)},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "Kaksivaiheinen tunnistautuminen on käytössä" in done.content.decode()
    assert int(client.session[SESSION_KEY]) == coordinator.pk
    device = TOTPDevice.objects.get(user=coordinator)
    assert device.key == key and device.confirmed


def test_a_password_alone_cannot_replace_the_authenticator(client, coordinator):
    """Half-way through the login, the set-up page would take a new phone without the old
    one's code: it sends the person to the code instead."""
    device = with_authenticator(coordinator)
    password_login(client, coordinator)
    assert client.get("/accounts/two-factor/setup/").url == "/accounts/two-factor/"
    proposal = twofactor.propose_secret(coordinator)
    key = twofactor.secret_from(proposal, coordinator)
    response = client.post(
        "/accounts/two-factor/setup/", {"proposal": proposal, "code": code_of(key)}
    )
    assert response.url == "/accounts/two-factor/"
    assert SESSION_KEY not in client.session
    assert list(TOTPDevice.objects.filter(user=coordinator)) == [device]


def test_a_proposal_made_for_someone_else_is_refused(client, coordinator, finance):
    proposal = twofactor.propose_secret(finance)
    key = twofactor.secret_from(proposal, finance)
    password_login(client, coordinator)
    response = client.post(
        "/accounts/two-factor/setup/",
        {"proposal": proposal, "code": code_of(key)},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert not TOTPDevice.objects.exists()


def test_a_recovery_code_logs_in_once(client, coordinator):
    with_authenticator(coordinator)
    codes = twofactor._new_recovery_codes(coordinator)
    password_login(client, coordinator)
    response = client.post(
        "/accounts/two-factor/", {"code": codes[0].upper()}, HTTP_ACCEPT_LANGUAGE="fi", follow=True
    )
    assert int(client.session[SESSION_KEY]) == coordinator.pk
    assert "varakoodilla" in response.content.decode()
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9
    client.logout()
    password_login(client, coordinator)
    again = client.post("/accounts/two-factor/", {"code": codes[0]})
    assert again.status_code == 200 and SESSION_KEY not in client.session


def test_too_many_wrong_codes_start_the_login_again(client, coordinator):
    with_authenticator(coordinator)
    password_login(client, coordinator)
    for _attempt in range(5):
        response = client.post("/accounts/two-factor/", {"code": "999999"})
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert client.get("/accounts/two-factor/").url == "/accounts/login/"


def test_the_code_must_come_within_five_minutes(client, coordinator):
    device = with_authenticator(coordinator)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC), tick=False) as clock:
        password_login(client, coordinator)
        clock.shift(datetime.timedelta(minutes=6))
        response = client.post("/accounts/two-factor/", {"code": next_code(device)})
    assert response.url == "/accounts/login/"
    assert SESSION_KEY not in client.session


def test_a_manager_logs_in_with_a_password_until_turning_it_on(client, helsinki_manager):
    response = password_login(client, helsinki_manager)
    assert response.url == "/"
    assert int(client.session[SESSION_KEY]) == helsinki_manager.pk

    account = client.get("/account/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Ota kaksivaiheinen tunnistautuminen käyttöön" in account
    html = client.get("/accounts/two-factor/setup/").content.decode()
    key = secret_on_page(html)
    proposal = re.search(r'name="proposal" value="([^"]+)"', html).group(1)
    client.post("/accounts/two-factor/setup/", {"proposal": proposal, "code": code_of(key)})
    device = TOTPDevice.objects.get(user=helsinki_manager)
    client.logout()

    assert password_login(client, helsinki_manager).url == "/accounts/two-factor/"
    client.post("/accounts/two-factor/", {"code": next_code(device)})
    assert int(client.session[SESSION_KEY]) == helsinki_manager.pk

    off = client.post(
        "/accounts/two-factor/off/", {"code": next_code(device)}, HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user=helsinki_manager).exists()
    client.logout()
    assert password_login(client, helsinki_manager).url == "/"


def test_a_coordinator_cannot_turn_it_off(client, coordinator):
    device = with_authenticator(coordinator)
    password_login(client, coordinator)
    client.post("/accounts/two-factor/", {"code": next_code(device)})
    account = client.get("/account/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "/accounts/two-factor/off/" not in account
    response = client.post(
        "/accounts/two-factor/off/", {"code": next_code(device)}, HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert "ei voi poistaa" in client.get(response.url).content.decode()
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_new_recovery_codes_replace_the_old(client, coordinator):
    device = with_authenticator(coordinator)
    old = twofactor._new_recovery_codes(coordinator)
    password_login(client, coordinator)
    client.post("/accounts/two-factor/", {"code": next_code(device)})
    response = client.post("/accounts/two-factor/recovery-codes/", {"code": next_code(device)})
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(new) == 10
    tokens = set(StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=1))
    assert tokens == set(new) and not tokens & set(old)


def test_a_password_session_without_the_code_is_ended(client, coordinator):
    """A session made before the requirement, or by any path that skipped the code."""
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/agreements/", HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert SESSION_KEY not in client.session
    assert client.get("/api/v1/programmes/").status_code in (401, 403)


def test_the_admin_login_goes_through_the_second_step(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/admin/"


def test_an_invited_finance_person_sets_up_the_app_before_the_first_login(
    client, coordinator, mailoutbox
):
    from onboarding.services.accounts import invitation_create, invitation_token

    invitation = invitation_create(
        invited_by=coordinator,
        email="talous@kansalliskirjasto.example",
        municipalities=[],
        role="finance",
    )
    response = client.post(
        f"/invitation/{invitation_token(invitation)}/",
        {"password1": "Laskutus-2026!", "password2": "Laskutus-2026!"},
    )
    assert response.url == "/accounts/two-factor/setup/"
    assert SESSION_KEY not in client.session


def test_the_token_api_asks_a_coordinator_for_the_code(client, coordinator, helsinki_manager):
    device = with_authenticator(coordinator)
    body = {"username": coordinator.username, "password": PASSWORD}
    refused = client.post("/api/v1/auth/token/", body, HTTP_ACCEPT_LANGUAGE="fi")
    assert refused.status_code == 400
    assert "code" in refused.json()
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC), tick=False) as clock:
        wrong = client.post("/api/v1/auth/token/", {**body, "code": "000000"})
        assert wrong.status_code == 400
        # A wrong code makes the next try wait (django-otp's throttling): one second here.
        soon = client.post("/api/v1/auth/token/", {**body, "code": next_code(device)})
        assert soon.status_code == 400
        clock.shift(datetime.timedelta(seconds=2))
        right = client.post("/api/v1/auth/token/", {**body, "code": next_code(device)})
    assert right.status_code == 200 and right.json()["token"]

    manager = client.post(
        "/api/v1/auth/token/", {"username": helsinki_manager.username, "password": PASSWORD}
    )
    assert manager.status_code == 200


def test_the_second_step_in_swedish(client, coordinator):
    with_authenticator(coordinator)
    client.cookies["django_language"] = "sv"
    password_login(client, coordinator)
    page = client.get("/accounts/two-factor/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert 'lang="sv"' in page
    assert "Tvåstegsverifiering" in page


def test_a_user_not_required_sees_it_off_on_the_account_page(client_for):
    user = UserFactory(manager=True, codes=("091",))
    page = client_for(user).get("/account/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert 'id="two-factor"' in page
