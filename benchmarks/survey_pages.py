"""Query count and server time of the survey overview and the cost analysis at the real 309
municipalities with the demo survey data.

    .venv/bin/python benchmarks/survey_pages.py [--repeat 20]
"""

import argparse
import statistics
import time

from django.db import connection
from django.test.utils import (
    CaptureQueriesContext,
)
from harness import test_database  # sets Django up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from django.test import Client

    from onboarding.models import Municipality, Role, User
    from portal.demo import demo_seed

    with test_database(demo=False):
        demo_seed(with_users=True)
        user = User.objects.create_user("bench", password="x", role=Role.COORDINATOR)
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        urls = [
            "/surveys/overview/",
            "/surveys/overview/?status=submitted",
            "/surveys/overview/export.csv",
            "/surveys/cost-analysis/",
        ]
        print(
            f"database: {connection.vendor}; {Municipality.objects.count()} municipalities; "
            f"{args.repeat} requests per row"
        )
        print(f"{'url':<38} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            count = len(queries)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(f"{url:<38} {count:>7} {statistics.median(times):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
