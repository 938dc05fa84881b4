"""Two invoice runs at the same moment on PostgreSQL: one invoice per payer, no gaps."""

import threading

import pytest
from django.db import connection

from billing.models import Invoice
from billing.selectors import fee_rows
from billing.services.invoicing import invoice_issue
from billing.services.runs import payer_groups
from onboarding.models import Municipality, Programme
from tests.factories import UserFactory, joined

pytestmark = pytest.mark.django_db(transaction=True)

CODES = ("091", "049", "092", "235", "905", "837", "853", "564")


def test_two_simultaneous_runs_issue_each_invoice_once_with_gapless_numbers(reference_db):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks; CI runs this on PostgreSQL")
    for code in CODES:
        joined(code)  # billed by joined months: in force and live all of 2025
    programme = Programme.objects.get(slug="ekirjasto")
    finance = UserFactory(finance=True, username="run-finance")
    ours = Municipality.objects.filter(code__in=CODES)
    groups = list(payer_groups(fee_rows(programme, 2025, municipalities=ours)).values())
    assert len(groups) == len(CODES)
    barrier = threading.Barrier(2)
    failures = []

    def run():
        try:
            barrier.wait()
            for payer, rows in groups:
                invoice_issue(programme=programme, year=2025, payer=payer, rows=rows, by=finance)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    invoices = Invoice.objects.filter(fee_year=2025, kind="invoice")
    assert invoices.count() == len(CODES)
    assert sorted(invoices.values_list("sequence", flat=True)) == list(range(1, len(CODES) + 1))
