"""List pages and API lists cost the same number of SQL queries at any registry size. The
map's: tests/portal/test_query_counts.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.synthetic import add_synthetic_municipalities
from onboarding.models import Municipality

pytestmark = pytest.mark.django_db

URLS = [
    "/municipalities/",
    "/municipalities/?consortium=helmet&sort=-population",
    "/municipalities/?_export=csv",
    "/api/v1/municipalities/",
    "/api/v1/consortia/",
    "/consortia/",
]


def _query_counts(client):
    counts = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_list_pages_and_api_use_the_same_queries_with_309_or_3000_municipalities(
    client_for, coordinator
):
    client = client_for(coordinator)
    client.get("/municipalities/")  # warm up the session and caches of the first request
    at_309 = _query_counts(client)
    assert Municipality.objects.count() == 309
    add_synthetic_municipalities(3000)
    assert Municipality.objects.count() == 3000
    at_3000 = _query_counts(client)
    assert at_309 == at_3000
    assert max(at_3000.values()) <= 12


def test_a_managers_list_costs_a_constant_handful_of_queries(client_for, helmet_manager):
    client = client_for(helmet_manager)
    client.get("/municipalities/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/municipalities/").status_code == 200
    assert len(queries) <= 8
