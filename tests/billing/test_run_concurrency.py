"""Two invoice runs at the same moment on PostgreSQL: one invoice per payer, no gaps."""

import pytest
from django.db import connection

from billing.models import Invoice
from billing.selectors import fee_rows
from billing.services.invoicing import invoice_issue
from billing.services.runs import payer_groups
from onboarding.models import Municipality, Programme
from tests.concurrency import at_once
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

    def run():
        for payer, rows in groups:
            invoice_issue(programme=programme, year=2025, payer=payer, rows=rows, by=finance)

    assert at_once([run, run]) == [None, None]
    invoices = Invoice.objects.filter(fee_year=2025, kind="invoice")
    assert invoices.count() == len(CODES)
    assert sorted(invoices.values_list("sequence", flat=True)) == list(range(1, len(CODES) + 1))
