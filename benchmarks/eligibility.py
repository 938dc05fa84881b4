"""Throughput of the eligibility endpoint (cached) against a trivial Django view (/healthz,
one SELECT 1), through the full middleware stack with the test client.

    .venv/bin/python benchmarks/eligibility.py [--requests 2000]
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onboarding.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)


def rate(client, path, count, **headers):
    client.get(path, **headers)
    started = time.perf_counter()
    for _ in range(count):
        client.get(path, **headers)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    from django.test import Client

    from contracts.demo import agreement_demo_seed
    from onboarding.models import Programme
    from onboarding.services.accounts import integration_token_create

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("load_reference_data", verbosity=0)
        call_command("seed_demo", verbosity=0)
        agreement_demo_seed(programme=Programme.objects.get(slug="ekirjasto"))
        _token, key = integration_token_create(name="bench", scopes=["eligibility"])
        client = Client()
        auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/v1/eligibility/091/?on=2025-06-01", **auth)
        warm = len(queries)
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/v1/eligibility/091/?on=2025-06-01", **auth)
        print(f"queries: first request {warm}, cached request {len(queries)}")
        trivial = rate(client, "/healthz", args.requests)
        eligible = rate(client, "/api/v1/eligibility/091/?on=2025-06-01", args.requests, **auth)
        print(f"/healthz (trivial view): {trivial:.0f} requests/s")
        print(
            f"/api/v1/eligibility/091/ (cached): {eligible:.0f} requests/s "
            f"({eligible / trivial:.0%} of the trivial view)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
