"""The payment import of a bank file of 20,000 rows (each paying one issued invoice in full):
the wall time and the number of SQL queries, in this process.

    .venv/bin/python benchmarks/payment_import.py [--rows 20000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python benchmarks/payment_import.py

A test database is created and dropped (SQLite in memory by default, a `test_` database on
PostgreSQL). Before the bulk import (a query per row to find its invoice and five writes per
payment) 20,000 rows took 21 s. BENCH_QUERIES=1 prints each SQL query with its time.
"""

import argparse
import os
import time

from django.db import connection
from django.test.utils import (
    CaptureQueriesContext,
)
from harness import test_database  # sets Django up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    rows = parser.parse_args().rows

    from django.utils import timezone

    from benchmarks.synthetic import add_synthetic_invoices
    from billing.models import Invoice
    from billing.services.payments import payments_import
    from onboarding.models import Programme, Role, User

    with test_database():
        programme = Programme.objects.get(slug="ekirjasto")
        finance = User.objects.create_user("bench", password="x", role=Role.FINANCE)
        invoices = add_synthetic_invoices(rows, programme=programme)
        today = timezone.localdate()
        data = (
            "reference,amount,date\n"
            + "".join(
                f"{invoice.rf_reference},{invoice.gross_total},{today}\n" for invoice in invoices
            )
        ).encode()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            created = payments_import(data=data, by=finance, source="bench.csv")
        elapsed = time.perf_counter() - started
        paid = Invoice.objects.filter(series="SY", status="paid").count()
        if os.environ.get("BENCH_QUERIES"):
            for q in queries.captured_queries:
                print(q["time"], q["sql"][:150])
        print(
            f"payment import on {connection.vendor}: {len(created)} rows "
            f"({len(data) / 1e6:.1f} MB) in {elapsed:.2f} s, {len(queries)} SQL queries; "
            f"{paid} invoices paid"
        )


if __name__ == "__main__":
    main()
