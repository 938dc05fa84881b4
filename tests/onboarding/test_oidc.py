"""Staff single sign-on through the suite's real OpenID provider (tests/oidc.py): the whole
code flow over HTTP (our views, the provider's login page, its token, userinfo and JWKS
endpoints), with the Django test client on a loopback host as the browser."""

import datetime
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
import time_machine
from django.contrib import auth
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from onboarding.models import Role, User
from onboarding.oidc import REFUSALS, Refusal, StaffOIDCBackend, group_roles, role_for_claims
from tests.factories import UserFactory
from tests.oidc import (
    ACCOUNTS,
    COORDINATORS,
    OTHER_CLIENT_ID,
    OTHER_CLIENT_SECRET,
    provider_login,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_client():
    # The provider sends the browser back to a loopback redirect URI (tests/oidc_provider).
    return Client(SERVER_NAME="localhost")


def start(client, query=""):
    response = client.get("/oidc/authenticate/" + query)
    assert response.status_code == 302
    return response["Location"]


def back_at(client, callback_url):
    parts = urlsplit(callback_url)
    return client.get(parts.path + "?" + parts.query)


def sso_login(client, login):
    return back_at(client, provider_login(start(client), login))


def refusal_shown(client, response, reason):
    """The callback sent the browser to the login page, which shows the reason's message."""
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/")
    assert escape(str(REFUSALS[reason])) in page.content.decode()
    return page


def snapshot():
    return sorted(User.objects.values_list("pk", "username", "email", "role", "oidc_subject"))


def test_a_mapped_coordinator_logs_in_and_is_created_as_coordinator(browser_client, oidc_settings):
    response = sso_login(browser_client, "aino")
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(oidc_subject=ACCOUNTS["aino"]["claims"]["sub"])
    assert user.role == Role.COORDINATOR
    assert user.email == "aino.koordinaattori@kansalliskirjasto.example"
    assert (user.first_name, user.last_name) == ("Aino", "Koordinaattori")
    assert not user.has_usable_password()
    assert browser_client.session[auth.BACKEND_SESSION_KEY] == "onboarding.oidc.StaffOIDCBackend"
    assert browser_client.get("/").status_code == 200


def test_an_existing_user_is_linked_by_verified_email_and_role_follows_the_claim(
    browser_client, oidc_settings
):
    existing = UserFactory(
        finance=True, username="aino", email="Aino.Koordinaattori@kansalliskirjasto.example"
    )
    response = sso_login(browser_client, "aino")
    assert response["Location"] == "/"
    existing.refresh_from_db()
    assert existing.role == Role.COORDINATOR
    assert existing.oidc_subject == ACCOUNTS["aino"]["claims"]["sub"]
    assert existing.has_usable_password()  # the local password is not touched

    # Later the subject finds the same user, whatever the e-mail is now.
    User.objects.filter(pk=existing.pk).update(email="old@example.invalid", role=Role.FINANCE)
    sso_login(Client(SERVER_NAME="localhost"), "aino")
    existing.refresh_from_db()
    assert existing.role == Role.COORDINATOR
    assert existing.email == "aino.koordinaattori@kansalliskirjasto.example"
    assert User.objects.filter(oidc_subject__isnull=False).count() == 1


def test_finance_group_gives_finance(browser_client, oidc_settings):
    sso_login(browser_client, "frans")
    assert User.objects.get(username="frans.talous@kansalliskirjasto.example").role == Role.FINANCE


def test_an_unmapped_group_is_refused_and_nothing_is_stored(browser_client, oidc_settings):
    before = snapshot()
    response = sso_login(browser_client, "ulla")
    refusal_shown(browser_client, response, "no_role")
    assert snapshot() == before
    assert "_auth_user_id" not in browser_client.session


def test_a_missing_role_claim_is_refused_with_its_message_and_nothing_is_stored(
    browser_client, oidc_settings
):
    before = snapshot()
    response = sso_login(browser_client, "noora")
    page = refusal_shown(browser_client, response, "no_claim")
    assert page.context["request"].LANGUAGE_CODE == "fi"
    assert snapshot() == before


def test_a_municipal_manager_with_the_same_email_is_never_made_staff(browser_client, oidc_settings):
    manager = UserFactory(
        manager=True, username="kalle", email="kalle.kunta@kansalliskirjasto.example"
    )
    before = snapshot()
    response = sso_login(browser_client, "kalle")
    refusal_shown(browser_client, response, "account")
    assert snapshot() == before
    manager.refresh_from_db()
    assert manager.role == Role.MANAGER and manager.oidc_subject is None


def test_an_expired_id_token_is_refused(browser_client, oidc_settings):
    """The provider issues a real token valid for 5 minutes; our clock is 20 minutes on
    (past the 60 s of allowed skew) when the callback checks it."""
    before = snapshot()
    callback = provider_login(start(browser_client), "aino")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=20), tick=True):
        response = back_at(browser_client, callback)
    refusal_shown(browser_client, response, "expired")
    assert snapshot() == before


def test_an_id_token_for_another_audience_is_refused(oidc_settings):
    """A real ID token the provider issued to another application of the organisation, with
    our nonce: signature, issuer and expiry are right, the audience is not ours."""
    nonce = secrets.token_urlsafe(16)
    query = urlencode(
        {
            "response_type": "code",
            "client_id": OTHER_CLIENT_ID,
            "redirect_uri": "http://localhost/oidc/callback/",
            "scope": "openid email groups",
            "state": "s",
            "nonce": nonce,
        }
    )
    callback = provider_login(oidc_settings.endpoint("/auth?") + query, "aino")
    code = parse_qs(urlsplit(callback).query)["code"][0]
    tokens = requests.post(
        oidc_settings.endpoint("/token"),
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "http://localhost/oidc/callback/",
            "client_id": OTHER_CLIENT_ID,
            "client_secret": OTHER_CLIENT_SECRET,
        },
        timeout=10,
    ).json()
    with pytest.raises(Refusal) as refused:
        StaffOIDCBackend().verify_token(tokens["id_token"], nonce=nonce)
    assert (refused.value.reason, refused.value.detail) == ("token", "aud")

    # The same token with one changed byte of its payload fails its signature.
    header, payload, signature = tokens["id_token"].split(".")
    tampered = ".".join(
        [header, payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1], signature]
    )
    with pytest.raises(Refusal) as refused:
        StaffOIDCBackend().verify_token(tampered, nonce=nonce)
    assert refused.value.reason == "token"


def test_a_code_issued_to_another_application_is_refused(browser_client, oidc_settings):
    """Our login started, but the code the browser brings back was issued to another client:
    the provider refuses our token request and nothing is stored."""
    before = snapshot()
    parts = urlsplit(start(browser_client))
    query = parse_qs(parts.query)
    query["client_id"] = [OTHER_CLIENT_ID]
    other = urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
    response = back_at(browser_client, provider_login(other, "aino"))
    refusal_shown(browser_client, response, "provider")
    assert snapshot() == before


def test_a_wrong_nonce_is_refused(oidc_settings, browser_client):
    callback = provider_login(start(browser_client), "aino")
    session = browser_client.session
    state = parse_qs(urlsplit(callback).query)["state"][0]
    session["oidc_states"][state]["nonce"] = "not-the-nonce-of-the-request"
    session.save()
    response = back_at(browser_client, callback)
    refusal_shown(browser_client, response, "token")
    assert not User.objects.filter(oidc_subject__isnull=False).exists()


def test_an_answer_naming_another_issuer_is_refused(browser_client, oidc_settings):
    callback = provider_login(start(browser_client), "aino")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    assert query["iss"] == [oidc_settings.issuer]  # RFC 9207: the provider names itself
    query["iss"] = ["https://other-provider.example"]
    response = back_at(
        browser_client, urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
    )
    refusal_shown(browser_client, response, "token")
    assert not User.objects.filter(oidc_subject__isnull=False).exists()


def test_a_replayed_or_unknown_state_is_refused(browser_client, oidc_settings):
    callback = provider_login(start(browser_client), "aino")
    assert back_at(browser_client, callback)["Location"] == "/"
    other = Client(SERVER_NAME="localhost")
    refusal_shown(other, back_at(other, callback), "state")
    refusal_shown(other, other.get("/oidc/callback/"), "state")


def test_the_provider_s_error_is_a_message(browser_client, oidc_settings):
    refusal_shown(
        browser_client,
        browser_client.get("/oidc/callback/?error=access_denied&state=x"),
        "cancelled",
    )


def test_next_is_kept_within_the_site(browser_client, oidc_settings):
    callback = provider_login(start(browser_client, "?next=/municipalities/"), "aino")
    assert back_at(browser_client, callback)["Location"] == "/municipalities/"
    client = Client(SERVER_NAME="localhost")
    callback = provider_login(start(client, "?next=https://evil.example/"), "aino")
    assert back_at(client, callback)["Location"] == "/"


def test_off_without_a_client_id(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=a&state=b").status_code == 404
    assert b"/oidc/authenticate/" not in client.get("/accounts/login/").content


def test_the_login_page_offers_the_organisation_account_when_on(client, oidc_settings):
    page = client.get("/accounts/login/?next=/municipalities/").content.decode()
    assert 'href="/oidc/authenticate/?next=/municipalities/"' in page


@pytest.mark.parametrize(
    "value, expected",
    [
        ("", {}),
        (
            f"{COORDINATORS}=coordinator, kk-talous=finance",
            {COORDINATORS: "coordinator", "kk-talous": "finance"},
        ),
        ('{"cn=ek,ou=groups": "coordinator"}', {"cn=ek,ou=groups": "coordinator"}),
        ({"g": "finance"}, {"g": "finance"}),
    ],
)
def test_group_roles_are_read_from_pairs_or_json(settings, value, expected):
    settings.OIDC_GROUP_ROLES = value
    assert group_roles() == expected


@pytest.mark.parametrize("value", ["g=manager", "g=integration", '{"g": "manager"}', "g", "{bad"])
def test_a_mapping_to_any_other_role_is_a_configuration_error(settings, value):
    settings.OIDC_GROUP_ROLES = value
    with pytest.raises(ImproperlyConfigured):
        group_roles()


def test_the_configuration_check_names_what_is_missing(settings):
    from onboarding.checks import single_sign_on_configured

    settings.OIDC_RP_CLIENT_ID = "x"
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    settings.OIDC_GROUP_ROLES = "g=manager"
    ids = {message.id for message in single_sign_on_configured(None)}
    assert {"onboarding.E010", "onboarding.E012"} <= ids
    settings.OIDC_RP_CLIENT_ID = ""
    assert single_sign_on_configured(None) == []


def test_a_password_login_never_reaches_the_oidc_backend(client, oidc_settings, coordinator):
    response = client.post(
        "/accounts/login/?code=x&state=y", {"username": coordinator.username, "password": "demo"}
    )
    assert response.status_code == 302
    # Half-way through the two-step login: the password was checked by the model backend.
    assert client.session["twofactor_pending"]["backend"] == (
        "django.contrib.auth.backends.ModelBackend"
    )


@pytest.mark.parametrize(
    "claims, outcome",
    [
        ({"groups": [COORDINATORS, "other"]}, Role.COORDINATOR),
        ({"groups": "kk-talous"}, Role.FINANCE),
        ({"groups": [COORDINATORS, "kk-talous"]}, "ambiguous_role"),
        ({"groups": ["other"]}, "no_role"),
        ({"groups": []}, "no_claim"),
        ({"groups": {"a": 1}}, "no_claim"),
        ({}, "no_claim"),
    ],
)
def test_the_role_comes_from_the_claim_through_the_mapping(oidc_settings, claims, outcome):
    if isinstance(outcome, Role):
        assert role_for_claims(claims) == outcome
    else:
        with pytest.raises(Refusal) as refused:
            role_for_claims(claims)
        assert refused.value.reason == outcome


def test_a_deactivated_user_stays_out(browser_client, oidc_settings):
    UserFactory(
        coordinator=True,
        username="aino",
        email="aino.koordinaattori@kansalliskirjasto.example",
        is_active=False,
    )
    before = snapshot()
    refusal_shown(browser_client, sso_login(browser_client, "aino"), "inactive")
    assert snapshot() == before
