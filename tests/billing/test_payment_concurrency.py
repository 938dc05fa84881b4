"""Four people import the same payment file at the same moment: one import records the
payments; the three others are told that the file has already been imported (409), never a
500. On PostgreSQL (CI) the invoices' row locks decide; on the embedded SQLite default,
`make run`'s server over a SQLite file, its IMMEDIATE transactions do."""

import functools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from benchmarks.synthetic import add_synthetic_invoices
from billing.models import Invoice, Payment
from onboarding.models import Programme, TransitionLog
from onboarding.services.accounts import api_token_create
from tests.concurrency import at_once
from tests.factories import UserFactory
from tests.sqlite_server import api_post, multipart, post_at_once, sqlite_server

pytestmark = pytest.mark.django_db(transaction=True)

IMPORTS = 4
ALREADY = "This file has already been imported: its 20 payments were recorded on "


@pytest.fixture
def payments(reference_db):
    """Twenty issued invoices, the file that pays them, and a finance token per importer."""
    invoices = add_synthetic_invoices(20, programme=Programme.objects.get(slug="ekirjasto"))
    today = timezone.localdate()
    data = "reference,amount,date\n" + "".join(
        f"{i.reference},{i.gross_total},{today}\n" for i in invoices
    )
    finance = UserFactory(finance=True, username="t-pay-finance")
    keys = [api_token_create(user=finance, name=f"importer {n}")[1] for n in range(IMPORTS)]
    return invoices, data.encode(), keys


def assert_one_success_and_the_rest_already_imported(answers, invoices):
    statuses = sorted(status for status, _body in answers)
    assert statuses == [200] + [409] * (IMPORTS - 1), answers
    paid = next(body for status, body in answers if status == 200)["paid"]
    assert sorted(paid) == sorted(i.number for i in invoices)
    for status, body in answers:
        if status == 409:
            assert body["detail"].startswith(ALREADY), body


def test_four_simultaneous_imports_on_postgresql(payments):
    if connection.vendor == "sqlite":
        pytest.skip("needs row locks; the SQLite default has its own test below")
    invoices, data, keys = payments

    def run(key):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
        upload = SimpleUploadedFile("bank.csv", data, "text/csv")
        response = api.post("/api/v1/payments/import/", {"file": upload}, format="multipart")
        return response.status_code, response.json()

    answers = [
        (500, {"error": repr(result)}) if isinstance(result, Exception) else result  # a 500 raises
        for result in at_once([functools.partial(run, key) for key in keys])
    ]
    assert_one_success_and_the_rest_already_imported(answers, invoices)
    pks = [i.pk for i in invoices]
    assert Payment.objects.filter(invoice__in=pks).count() == len(invoices)
    assert Invoice.objects.filter(pk__in=pks, status="paid").count() == len(invoices)
    assert TransitionLog.objects.filter(transition="pay", object_id__in=pks).count() == len(pks)


def test_four_simultaneous_imports_on_the_sqlite_default(payments, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded SQLite default; PostgreSQL has the test above")
    invoices, data, keys = payments
    body, content_type = multipart({"file": ("bank.csv", data)})
    with sqlite_server(tmp_path) as server:
        answers = post_at_once(
            [api_post(server, "/api/v1/payments/import/", key, body, content_type) for key in keys]
        )
        ids = ",".join(str(i.pk) for i in invoices)
        stored = server.query(
            f"SELECT (SELECT count(*) FROM contracts_payment WHERE invoice_id IN ({ids})), "
            f"(SELECT count(*) FROM contracts_invoice WHERE id IN ({ids}) AND status = 'paid')"
        )

    assert_one_success_and_the_rest_already_imported(
        [(a.status, a.body) for a in answers], invoices
    )
    assert stored == [(len(invoices), len(invoices))]
