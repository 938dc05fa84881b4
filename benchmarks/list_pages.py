"""Query counts and server time of the municipality list page and API list, and of the
coordinators' dashboard ("/"), at 309 and 3,000 municipalities.

    .venv/bin/python benchmarks/list_pages.py [--repeat 30]

The first request after the cache is emptied computes the dashboard's and the map's figures
("first ms"); the median and p95 are of the requests after it, which take them from the cache
while nothing changes (portal/cache.py): the targets compare those.

Runs against a throwaway test database (SQLite in memory, or the DATABASE_URL server with a
test_ prefix), loads the real reference data and the demo programme with its demo agreements
and connections (for the dashboard's figures), measures, adds synthetic municipalities up to
3,000 and measures again. Server time is the time of the Django test client's full request
(routing, middleware, queries, template), without network.
"""

import argparse
import statistics
import time

from django.core.cache import cache
from django.db import connection
from django.test.utils import (
    CaptureQueriesContext,
)
from harness import exit_with_targets, target, test_database  # sets Django up

URLS = ["/municipalities/", "/api/v1/municipalities/", "/map/", "/consortia/", "/"]


def measure(client, url: str, repeat: int) -> tuple[int, float, float, float]:
    """Queries and time of a first request after the cache is emptied (the dashboard and the
    map compute their figures), then the median and p95 of `repeat` more (from the cache while
    nothing changes: portal/cache.py)."""
    cache.clear()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    cold = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    query_count = len(queries)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return query_count, cold, statistics.median(times), statistics.quantiles(times, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    from django.test import Client

    from benchmarks.synthetic import add_synthetic_municipalities
    from onboarding.models import Municipality, Programme, Role, User
    from scheduling.demo import history_seed

    with test_database():
        for programme in Programme.objects.all():
            history_seed(programme=programme)
        user = User.objects.create_user("bench", password="x", role=Role.COORDINATOR)
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        print(f"database: {connection.vendor}; {args.repeat} requests per row")
        print(
            f"{'municipalities':>14}  {'url':<28} {'queries':>7} {'first ms':>9} "
            f"{'median ms':>10} {'p95 ms':>8}"
        )
        medians: dict[tuple[int, str], float] = {}
        for total in (309, 3000):
            add_synthetic_municipalities(total)
            count = Municipality.objects.count()
            for url in URLS:
                queries, cold, median, p95 = measure(client, url, args.repeat)
                medians[total, url] = median
                print(
                    f"{count:>14}  {url:<28} {queries:>7} {cold:>9.1f} {median:>10.1f} {p95:>8.1f}"
                )
        for name, url in (("dashboard", "/"), ("map", "/map/")):
            target(f"{name} at 3,000 / at 309", medians[3000, url], medians[309, url], 1.5)
    exit_with_targets()


if __name__ == "__main__":
    main()
