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
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False  # tasks go to the broker, so it must answer
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


LEAKED = (
    "DEBUG",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "CELERY_BROKER_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "INVOICE_SELLER_IBAN",
    "DATABASE_URL",
    "CACHE_URL",
)
PRODUCTION = {
    "DEBUG": "off",
    "SECRET_KEY": "x" * 20 + "production-like-secret-key-0123456789-abcdef",
    "ALLOWED_HOSTS": "onboarding.kansalliskirjasto.fi",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "rediscache://127.0.0.1:6379/1",
    # A syntactically valid Finnish IBAN that is not the documentation example.
    "INVOICE_SELLER_IBAN": "FI4250001510000023",
}


def _run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in LEAKED}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def _manage(*args, **env):
    return _run(["manage.py", *args], **env)


def test_production_refuses_to_serve_without_a_secret_key():
    for entry in ("config.wsgi", "config.asgi"):
        result = _run(["-c", f"import {entry}"], DEBUG="off")
        assert result.returncode != 0
        assert "The SECRET_KEY setting must not be empty" in result.stderr
    result = _run(
        [
            "-c",
            "from config.celery import _ready_to_work; import django; django.setup(); "
            "_ready_to_work()",
        ],
        DEBUG="off",
    )
    assert result.returncode != 0, "a worker must not start without a secret key either"
    assert "SECRET_KEY" in result.stderr
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", "--deploy", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_commands_that_do_not_serve_need_no_secret_key():
    """As the README writes them: no SECRET_KEY, no DEBUG."""
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    result = _manage("import_population", "--help")
    assert result.returncode == 0, result.stderr


def test_check_deploy_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "change, check_id",
    [
        ({"INVOICE_SELLER_IBAN": "FI21 1234 5600 0007 85"}, "billing.E001"),
        ({"CELERY_TASK_ALWAYS_EAGER": "on"}, "onboarding.E001"),
        ({"CELERY_BROKER_URL": "filesystem://"}, "onboarding.W001"),
        ({"CACHE_URL": "locmemcache://"}, "onboarding.W002"),
    ],
    ids=["example IBAN", "eager tasks", "one-machine broker", "per-process cache"],
)
def test_check_deploy_refuses_what_production_must_not_run_with(change, check_id):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, **change})
    assert result.returncode != 0
    assert check_id in result.stdout + result.stderr


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
