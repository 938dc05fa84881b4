"""STAFF_PASSWORD_LOGIN off: coordinators and finance log in through the organisation's
provider only (onboarding/oidc.py); municipal managers keep their password, and so does a
superuser, the way in when the provider is down. Every password entry point follows it."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from onboarding.oidc import STAFF_PASSWORD_LOGIN_OFF
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_password_off(settings):
    settings.STAFF_PASSWORD_LOGIN = False


def log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": "demo"})


@pytest.mark.parametrize("role", ["coordinator", "finance"])
def test_staff_password_login_can_be_switched_off(client, staff_password_off, role):
    user = UserFactory(**{role: True})
    response = log_in(client, user)
    assert response.status_code == 200
    assert escape(str(STAFF_PASSWORD_LOGIN_OFF)) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_municipal_managers_and_superusers_keep_password_login(
    client, staff_password_off, helsinki_manager
):
    assert log_in(client, helsinki_manager)["Location"] == "/"
    client.post(reverse("logout"))
    superuser = UserFactory(coordinator=True, is_superuser=True, is_staff=True)
    # The password is taken; the second step follows (a superuser always gives a code).
    assert log_in(client, superuser)["Location"] == "/accounts/two-factor/setup/"


def test_staff_password_login_is_on_by_default(client, coordinator):
    # The password is taken, and the two-step login goes on to the code (its first set-up).
    assert log_in(client, coordinator)["Location"] == "/accounts/two-factor/setup/"


def test_the_admin_login_and_the_api_token_follow_the_switch(client, staff_password_off):
    staff = UserFactory(coordinator=True, is_staff=True)
    # The admin's own login form is not served: it sends people to the login page.
    response = client.post(reverse("admin:login"), {"username": staff.username, "password": "demo"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session

    response = client.post(
        reverse("api-token"),
        {"username": staff.username, "password": "demo"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "token" not in response.json()
