"""/healthz, production settings and the management commands around them."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError

from onboarding.models import ApiToken, Programme, User

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_configured_broker_is_unreachable(client, settings):
    from onboarding.celery import app

    settings.CELERY_BROKER_CONFIGURED = True
    original = app.conf.broker_url, app.conf.broker_write_url
    # Nothing listens on port 1.
    app.conf.broker_url = app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url, app.conf.broker_write_url = original
    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def _manage(*args, **env):
    leaked = ("DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in leaked}
    clean.update(env, DJANGO_SETTINGS_MODULE="onboarding.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DEBUG="off")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_passes_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="off",
        SECRET_KEY="x" * 20 + "production-like-secret-key-0123456789-abcdef",
        ALLOWED_HOSTS="onboarding.kansalliskirjasto.fi",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_creates_demo_users_only_with_debug(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())
    assert Programme.objects.filter(slug="ekirjasto").count() == 1
    assert not User.objects.filter(username="helsinki").exists()

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert Programme.objects.filter(slug="ekirjasto").count() == 1
    helmet = User.objects.get(username="helmet")
    assert sorted(helmet.municipalities.values_list("code", flat=True)) == [
        "049",
        "091",
        "092",
        "235",
    ]
    assert helmet.check_password("demo")
    assert User.objects.get(username="narpes").municipalities.get().name_sv == "Närpes"
    assert User.objects.get(username="vaasa").municipalities.get().code == "905"
    ekirjasto = Programme.objects.get(slug="ekirjasto")
    assert str(ekirjasto.launch_date) == "2024-04-23"
    assert str(ekirjasto.signing_deadline) == "2024-03-15"
    assert str(ekirjasto.fee_per_resident) == "0.7000"


@pytest.mark.django_db
def test_create_integration_token_prints_a_key_limited_to_its_scope(client):
    out = StringIO()
    call_command("create_integration_token", "login-service", "--scope", "eligibility", stdout=out)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(name="login-service")
    assert token.scopes == ["eligibility"]
    assert key not in (token.digest, token.prefix)  # only the digest is stored
    response = client.get("/api/v1/municipalities/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 403
