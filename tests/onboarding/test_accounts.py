"""Invitations with a one-time link, login rate limiting, password reset."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Invitation, Municipality, Role, User
from onboarding.services.accounts import invitation_create, invitation_link

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Lainaa-kirjoja-2024"


def _link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/invitation/\S+/)", message.body).group(1)


def test_coordinator_invites_a_manager_who_sets_a_password_once(
    client_for, client, coordinator, django_capture_on_commit_callbacks
):
    page = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = page.post(
            reverse("invitation_list"),
            {
                "email": "kirjasto@kauniainen.example",
                "first_name": "Kaisa",
                "last_name": "Kirjasto",
                "role": Role.MANAGER,
                "municipalities": ["235"],
                "language": "",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kirjasto@kauniainen.example"]
    assert "Kauniainen" in message.body  # Finnish-majority municipality: Finnish e-mail
    path = _link_path(message)

    client.logout()
    response = client.post(path, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(username="kirjasto@kauniainen.example")
    assert user.role == Role.MANAGER
    assert list(user.municipalities.values_list("code", flat=True)) == ["235"]
    assert client.get(reverse("municipality_list")).status_code == 200

    client.logout()
    again = client.get(path)
    assert again.status_code == 410
    assert "käytetty" in again.content.decode()  # "already been used", in Finnish


def test_invitation_email_is_in_swedish_for_a_swedish_majority_municipality(
    coordinator, django_capture_on_commit_callbacks
):
    narpes = Municipality.objects.get(code="545")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            invited_by=coordinator, email="bibliotek@narpes.example", municipalities=[narpes]
        )
    body = mail.outbox[0].body
    assert "Närpes" in body
    assert "Hej" in body


def test_invitation_refuses_a_weak_password_and_keeps_the_link_usable(client, coordinator):
    invitation = invitation_create(
        invited_by=coordinator,
        email="a@b.example",
        municipalities=[Municipality.objects.get(code="905")],
    )
    path = invitation_link(invitation).split("8000", 1)[-1]
    response = client.post(path, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not User.objects.filter(username="a@b.example").exists()
    assert client.get(path).status_code == 200


def test_expired_and_tampered_invitation_links_are_refused(client, coordinator):
    invitation = invitation_create(
        invited_by=coordinator,
        email="old@example.invalid",
        municipalities=[Municipality.objects.get(code="905")],
    )
    path = invitation_link(invitation).split("8000", 1)[-1]
    assert client.get(path[:-3] + "xx/").status_code == 410
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(path)
    assert response.status_code == 410
    assert not User.objects.filter(username="old@example.invalid").exists()


def test_manager_invitation_needs_a_municipality(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("invitation_list"),
        {
            "email": "x@example.invalid",
            "role": Role.MANAGER,
            "municipalities": [],
        },
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    assert len(mail.outbox) == 0


def test_only_coordinators_reach_invitations(client_for, helsinki_manager, finance):
    assert client_for(helsinki_manager).get(reverse("invitation_list")).status_code == 403
    assert client_for(finance).get(reverse("invitation_list")).status_code == 403


def test_login_is_rate_limited_after_repeated_failures(client, helsinki_manager):
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": "t-helsinki", "password": "wrong"})
    locked = client.post(url, {"username": "t-helsinki", "password": "demo"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_api_token_endpoint_is_rate_limited_too(client, helsinki_manager):
    url = reverse("api-token")
    for _ in range(5):
        client.post(url, {"username": "t-helsinki", "password": "wrong"})
    response = client.post(url, {"username": "t-helsinki", "password": "demo"})
    assert response.status_code == 429
    assert "token" not in response.json()
    assert response.json()["detail"]


def test_login_and_logout(client, helsinki_manager):
    response = client.post(reverse("login"), {"username": "t-helsinki", "password": "demo"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_a_working_link(client, helsinki_manager):
    client.post(reverse("password_reset"), {"email": "t-helsinki@example.invalid"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": GOOD_PASSWORD,
            "new_password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302
    login = client.post(reverse("login"), {"username": "t-helsinki", "password": GOOD_PASSWORD})
    assert login.status_code == 302


def test_password_change_applies_the_validators(client_for, helsinki_manager):
    page = client_for(helsinki_manager)
    response = page.post(
        reverse("password_change"),
        {
            "old_password": "demo",
            "new_password1": "password",
            "new_password2": "password",
        },
    )
    assert response.status_code == 200
    helsinki_manager.refresh_from_db()
    assert helsinki_manager.check_password("demo")


def test_sessions_expire(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
