"""An API token's life as its user and a coordinator see it: it expires after API_TOKEN_DAYS,
a password change, a deactivation or "log out everywhere" revokes it, asking again replaces it
(at most API_TOKEN_MINTS_PER_HOUR an hour), its owner revokes it on the account page, and
coordinators revoke the integrations' tokens. All through the real API and pages."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from eligibility.api import views as eligibility_views
from onboarding.cache import forget_stamp
from onboarding.models import ApiToken, User
from onboarding.services.accounts import api_token_create, integration_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PROGRAMMES = "/api/v1/programmes/"
ELIGIBILITY = "/api/v1/eligibility/091/?on=2025-06-01"
NEW_PASSWORD = "Lainaa-kirjoja-2024"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(params=[0, 60], ids=["lookups-uncached", "lookups-cached"])
def token_cache(request, settings):
    """Both ways a token is looked up: from the database on every request, and from the
    shared cache for up to a minute (production with Redis), where a revoked or expired token
    must not get through either."""
    settings.API_TOKEN_CACHE_SECONDS = request.param
    settings.ELIGIBILITY_STAMP_SECONDS = 0
    cache.clear()
    forget_stamp()
    eligibility_views._known_tokens.clear()
    yield request.param
    cache.clear()
    forget_stamp()
    eligibility_views._known_tokens.clear()


def mint(username="t-helsinki", password="demo", **extra):
    return APIClient().post(
        TOKEN_URL, {"username": username, "password": password, **extra}, format="json"
    )


def status_with(key, url=PROGRAMMES) -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get(url).status_code


def works(key, url=PROGRAMMES) -> bool:
    """Twice, so that the second request may come from the token cache."""
    return status_with(key, url) == 200 and status_with(key, url) == 200


def login(username, password="demo") -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, "login failed"
    return client


# --- expiry ----------------------------------------------------------------------------------


def test_a_token_expires_after_the_configured_days(settings, helsinki_manager, token_cache):
    settings.API_TOKEN_DAYS = 30
    with time_machine.travel(START, tick=False) as clock:
        response = mint()
        assert response.status_code == 200
        body = response.json()
        expires = datetime.datetime.fromisoformat(body["expires_at"])
        assert expires == START + datetime.timedelta(days=30)
        assert body["name"] == "api"
        key = body["token"]
        assert works(key)

        clock.move_to(expires - datetime.timedelta(seconds=30))
        assert works(key)  # the last lookup may now be cached

        clock.move_to(expires + datetime.timedelta(seconds=1))
        response = APIClient(HTTP_AUTHORIZATION=f"Token {key}").get(PROGRAMMES)
        assert response.status_code == 401
        assert "vanhentunut" in response.json()["detail"]
        assert response["WWW-Authenticate"] == "Token"


def test_the_login_services_token_is_refused_from_its_expiry_even_on_the_fast_path(
    settings, token_cache
):
    settings.API_TOKEN_DAYS = 90
    with time_machine.travel(START, tick=False) as clock:
        token, key = integration_token_create(name="login", scopes=["eligibility"])
        clock.move_to(token.expires_at - datetime.timedelta(seconds=20))
        assert works(key, ELIGIBILITY)  # a repeated question is answered from memory
        clock.move_to(token.expires_at + datetime.timedelta(seconds=1))
        assert status_with(key, ELIGIBILITY) == 401


def test_an_expired_token_is_shown_as_expired_on_the_account_page(
    settings, helsinki_manager, client_for
):
    settings.API_TOKEN_DAYS = 1
    with time_machine.travel(START, tick=False) as clock:
        api_token_create(user=helsinki_manager, name="nightly-export")
        clock.shift(datetime.timedelta(days=2))
        page = client_for(helsinki_manager).get(reverse("account")).content.decode()
    assert "nightly-export" in page
    assert "Vanhentunut" in page  # "Expired", in the default language


# --- revocation by a password change, a deactivation, logging out everywhere --------------


def test_changing_the_password_revokes_the_tokens(helsinki_manager, token_cache):
    key = mint().json()["token"]
    script_key = mint(name="script").json()["token"]
    assert works(key)
    page = login("t-helsinki")
    response = page.post(
        reverse("password_change"),
        {"old_password": "demo", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert status_with(key) == 401
    assert status_with(script_key) == 401
    # The session that changed the password goes on; a new token works.
    assert page.get(reverse("account")).status_code == 200
    assert works(mint(password=NEW_PASSWORD).json()["token"])


def test_a_password_reset_revokes_the_tokens(client, helsinki_manager, token_cache):
    key = mint().json()["token"]
    assert works(key)
    client.post(reverse("password_reset"), {"email": "t-helsinki@example.invalid"})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert status_with(key) == 401


def test_a_password_set_anywhere_else_revokes_the_tokens(helsinki_manager):
    """The admin's "change password" and `manage.py changepassword` end in set_password()."""
    key = mint().json()["token"]
    user = User.objects.get(pk=helsinki_manager.pk)
    user.set_password(NEW_PASSWORD)
    user.save()
    assert status_with(key) == 401


def test_logging_in_keeps_the_tokens_even_when_django_upgrades_the_hash(settings, helsinki_manager):
    key = mint().json()["token"]
    old_hash = User.objects.get(pk=helsinki_manager.pk).password
    # A newer default hasher: the next login stores the password's hash anew.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.ScryptPasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    login("t-helsinki")
    assert User.objects.get(pk=helsinki_manager.pk).password != old_hash
    assert works(key)


def test_deactivating_a_user_revokes_the_tokens_for_good(helsinki_manager, token_cache):
    key = mint().json()["token"]
    assert works(key)
    helsinki_manager.is_active = False
    helsinki_manager.save()
    assert status_with(key) == 401
    helsinki_manager.is_active = True
    helsinki_manager.save()
    assert status_with(key) == 401  # revoked, not just paused


def test_logging_out_everywhere_ends_every_session_and_revokes_the_tokens(
    helsinki_manager, token_cache
):
    key = mint().json()["token"]
    laptop, phone = login("t-helsinki"), login("t-helsinki")
    assert phone.get(reverse("account")).status_code == 200

    response = laptop.post(reverse("account_sign_out_everywhere"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert 'class="message success"' in response.content.decode()  # says what happened
    for session in (laptop, phone):
        assert session.get(reverse("account")).status_code == 302  # to the login page
    assert status_with(key) == 401
    # Logging in again works, and a new token too.
    assert login("t-helsinki").get(reverse("account")).status_code == 200
    assert works(mint().json()["token"])


def test_logging_out_everywhere_needs_a_post(helsinki_manager, client_for):
    page = client_for(helsinki_manager)
    assert page.get(reverse("account_sign_out_everywhere")).status_code == 405
    assert page.get(reverse("account")).status_code == 200


# --- minting: replaced by name, rate limited ------------------------------------------------


def test_twenty_requests_for_a_token_leave_one(helsinki_manager):
    keys = []
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(20):
            response = mint()
            assert response.status_code == 200
            keys.append(response.json()["token"])
            clock.shift(datetime.timedelta(minutes=13))  # within the hourly limit
        assert ApiToken.objects.filter(user=helsinki_manager).count() == 1
        assert works(keys[-1])
        assert status_with(keys[0]) == 401
        assert status_with(keys[-2]) == 401


def test_the_sixth_token_within_an_hour_is_refused_with_429(helsinki_manager):
    with time_machine.travel(START, tick=False) as clock:
        for n in range(5):
            assert mint(name=f"client-{n}").status_code == 200
        refused = mint(name="client-5")
        assert refused.status_code == 429
        assert "5" in refused.json()["detail"]
        assert int(refused["Retry-After"]) > 0
        assert not ApiToken.objects.filter(name="client-5").exists()
        # Another person is not held back by it.
        UserFactory(username="t-other")
        assert mint(username="t-other").status_code == 200
        clock.shift(datetime.timedelta(hours=1, seconds=1))
        assert mint(name="client-5").status_code == 200


def test_a_wrong_password_mints_nothing_and_does_not_count(helsinki_manager):
    for _ in range(3):
        assert mint(password="wrong").status_code == 400
    assert not ApiToken.objects.filter(user=helsinki_manager).exists()


# --- the account page: own tokens ----------------------------------------------------------


def test_the_account_page_lists_only_ones_own_tokens(helsinki_manager, narpes_manager, client_for):
    with time_machine.travel(START, tick=False):
        mine, _key = api_token_create(user=helsinki_manager, name="reports")
    api_token_create(user=narpes_manager, name="someone-elses")
    page = client_for(helsinki_manager).get(reverse("account"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>" in html and 'id="api-tokens"' in html
    assert "reports" in html and mine.prefix in html
    assert "2.3.2026" in html  # created
    assert "31.5.2026" in html  # expires, after the default 90 days
    assert "someone-elses" not in html
    assert reverse("integration_tokens") not in html  # a manager has no such page


def test_a_user_revokes_their_own_token_on_the_account_page(
    helsinki_manager, client_for, token_cache
):
    kept, kept_key = api_token_create(user=helsinki_manager, name="kept")
    revoked, revoked_key = api_token_create(user=helsinki_manager, name="leaked")
    assert works(kept_key) and works(revoked_key)
    page = client_for(helsinki_manager)
    response = page.post(reverse("account_token_revoke", args=[revoked.pk]), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "leaked" in html  # named in the confirmation
    assert f"/account/tokens/{revoked.pk}/revoke/" not in html  # and gone from the list
    assert status_with(revoked_key) == 401
    assert works(kept_key)


def test_someone_elses_token_id_is_404_and_changes_nothing(
    helsinki_manager, narpes_manager, coordinator, client_for, token_cache
):
    theirs, their_key = api_token_create(user=narpes_manager, name="theirs")
    assert works(their_key)
    for person in (helsinki_manager, coordinator):
        response = client_for(person).post(reverse("account_token_revoke", args=[theirs.pk]))
        assert response.status_code == 404
    # A coordinator's revoking of integration tokens does not reach a person's token either.
    response = client_for(coordinator).post(reverse("integration_token_revoke", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert works(their_key)


def test_revoking_is_csrf_protected(helsinki_manager):
    token, key = api_token_create(user=helsinki_manager, name="kept")
    page = Client(enforce_csrf_checks=True)
    page.force_login(helsinki_manager, backend="django.contrib.auth.backends.ModelBackend")
    assert page.post(reverse("account_token_revoke", args=[token.pk])).status_code == 403
    assert page.post(reverse("account_sign_out_everywhere")).status_code == 403
    assert works(key)
    assert page.get(reverse("account")).status_code == 200  # still logged in
    assert page.get(reverse("account_token_revoke", args=[token.pk])).status_code == 405


# --- integration tokens: coordinators --------------------------------------------------------


def test_a_coordinator_sees_and_revokes_the_integration_tokens(
    coordinator, helsinki_manager, client_for, token_cache
):
    token, key = integration_token_create(name="login-service", scopes=["eligibility"])
    api_token_create(user=helsinki_manager, name="a-managers-token")
    assert works(key, ELIGIBILITY)
    page = client_for(coordinator)
    account = page.get(reverse("account")).content.decode()
    assert reverse("integration_tokens") in account

    listing = page.get(reverse("integration_tokens"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "login-service" in html and token.prefix in html and "eligibility" in html
    assert "a-managers-token" not in html

    response = page.post(reverse("integration_token_revoke", args=[token.pk]), follow=True)
    html = response.content.decode()
    assert "login-service" in html  # named in the confirmation
    assert reverse("integration_token_revoke", args=[token.pk]) not in html  # gone from the list
    assert status_with(key, ELIGIBILITY) == 401


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_managers_and_finance_cannot_reach_the_integration_tokens(role, client_for, request):
    person = request.getfixturevalue({"manager": "helsinki_manager", "finance": "finance"}[role])
    token, key = integration_token_create(name="login-service", scopes=["eligibility"])
    page = client_for(person)
    listing = page.get(reverse("integration_tokens"))
    assert listing.status_code == 403
    assert token.prefix not in listing.content.decode()
    assert page.post(reverse("integration_token_revoke", args=[token.pk])).status_code == 403
    assert page.post(reverse("account_token_revoke", args=[token.pk])).status_code == 404
    assert works(key, ELIGIBILITY)
    assert token.prefix not in page.get(reverse("account")).content.decode()


def test_an_integration_token_can_be_replaced_without_a_gap():
    _old, old_key = integration_token_create(name="login-service", scopes=["eligibility"])
    _new, new_key = integration_token_create(
        name="login-service", scopes=["eligibility"], token_name="login-service-2027"
    )
    assert works(old_key, ELIGIBILITY) and works(new_key, ELIGIBILITY)
    # The same token name again replaces that one.
    _again, again_key = integration_token_create(name="login-service", scopes=["eligibility"])
    assert status_with(old_key, ELIGIBILITY) == 401
    assert works(again_key, ELIGIBILITY) and works(new_key, ELIGIBILITY)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["x" * 200], "A name is 1 to 138 characters long."),
        (["login-service", "--token-name", "y" * 101], "A name is 1 to 100 characters long."),
        (["login\x1bservice"], "invisible control character (U+001B)"),
        (["login-service", "--days", str(10**9)], "at most 3650 days"),
    ],
    ids=["long integration name", "long token name", "escape", "days overflow"],
)
def test_the_token_command_refuses_what_its_columns_and_dates_cannot_hold(arguments, message):
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command("create_integration_token", *arguments, "--scope", "eligibility")
    assert message in str(refused.value)
    assert not ApiToken.objects.filter(user__username__startswith="integration:").exists()
