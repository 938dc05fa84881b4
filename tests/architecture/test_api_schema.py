"""schemathesis against the API's own OpenAPI schema, in-process (WSGI), as a coordinator:
whatever it generates from the schema, the API answers no 5xx, with a status the schema
documents and a body of the documented shape. Run on PostgreSQL in CI too."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from onboarding.models import Programme
from onboarding.services.accounts import api_token_create
from scheduling.demo import history_seed
from tests.factories import UserFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)

pytestmark = pytest.mark.django_db


@pytest.fixture
def _keep_the_test_connection():
    """Django's WSGI handler closes the database connection when a request ends; the test
    client turns that off, schemathesis' WSGI transport does not. On PostgreSQL the closing
    would end the test's transaction (a 500: "the connection is closed")."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def headers(db, _keep_the_test_connection):
    history_seed(programme=Programme.objects.get(slug="ekirjasto"))
    user = UserFactory(coordinator=True, username="schemathesis")
    _token, key = api_token_create(user=user, name="schemathesis")
    return {"Authorization": f"Token {key}"}


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case, headers):
    case.call_and_validate(
        headers=headers,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
