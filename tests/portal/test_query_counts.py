"""The map costs the same number of SQL queries at any registry size (the dashboard's:
test_dashboard.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.synthetic import add_synthetic_municipalities
from onboarding.models import Municipality

pytestmark = pytest.mark.django_db


def _map_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/map/")
    assert response.status_code == 200
    return len(queries)


def test_the_map_uses_the_same_queries_with_309_or_3000_municipalities(client_for, coordinator):
    client = client_for(coordinator)
    client.get("/map/")  # warm up the session and caches of the first request
    at_309 = _map_queries(client)
    assert Municipality.objects.count() == 309
    add_synthetic_municipalities(3000)
    assert Municipality.objects.count() == 3000
    at_3000 = _map_queries(client)
    assert at_309 == at_3000
    assert at_3000 <= 12
