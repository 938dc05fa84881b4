"""The payment import: dates a year or more away only when the user has checked them, dates that
cannot be payments never; the same number of queries for 50 rows as for 500; and a file
imported twice (or by two people at once) is refused with "already imported", not a 500."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from benchmarks.synthetic import add_synthetic_invoices
from billing.models import Invoice, Payment
from billing.services.payments import PaymentImportError, payments_import
from onboarding.models import TransitionLog
from onboarding.services.audit import transitions_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day")]

TODAY = datetime.date(2026, 12, 3)  # tests/conftest.py FROZEN_DAY


@pytest.fixture
def invoices(programme):
    return add_synthetic_invoices(3, programme=programme)


def payment_file(rows) -> bytes:
    lines = ["reference,amount,date"]
    lines += [f"{invoice.rf_reference},{invoice.gross_total},{day}" for invoice, day in rows]
    return ("\n".join(lines) + "\n").encode()


def import_english(data: bytes, by, **options):
    with translation.override("en"):
        return payments_import(data=data, by=by, source="bank.csv", **options)


def errors_of(data: bytes, by, **options) -> list[str]:
    with pytest.raises(PaymentImportError) as caught:
        import_english(data, by, **options)
    return caught.value.errors


def unchanged(invoices) -> bool:
    pks = [i.pk for i in invoices]
    return (
        set(Invoice.objects.filter(pk__in=pks).values_list("status", flat=True)) == {"issued"}
        and not Payment.objects.filter(invoice__in=pks).exists()
        and not TransitionLog.objects.filter(transition="pay", object_id__in=pks).exists()
    )


# --- dates ---------------------------------------------------------------------------------


def test_dates_within_a_year_of_today_either_way_are_imported(finance, invoices):
    a_year_ago, in_a_year = datetime.date(2025, 12, 3), datetime.date(2027, 12, 3)
    data = payment_file([(invoices[0], a_year_ago), (invoices[1], TODAY), (invoices[2], in_a_year)])
    assert import_english(data, finance) == [i.number for i in invoices]
    paid = dict(
        Invoice.objects.filter(pk__in=[i.pk for i in invoices]).values_list("pk", "paid_on")
    )
    assert paid == {invoices[0].pk: a_year_ago, invoices[1].pk: TODAY, invoices[2].pk: in_a_year}
    payment = Payment.objects.get(invoice=invoices[0])
    assert (payment.amount, payment.paid_on, payment.source) == (
        invoices[0].gross_total,
        a_year_ago,
        "bank.csv",
    )
    assert payment.imported_by == finance and payment.reference == invoices[0].rf_reference
    (logged,) = transitions_of(invoices[0])
    assert (logged.transition, logged.from_state, logged.to_state) == ("pay", "issued", "paid")
    assert (logged.by, logged.reason) == (finance, "bank.csv")


@pytest.mark.parametrize("day", ["2025-12-02", "2027-12-04"], ids=["a year ago", "in a year"])
def test_a_date_more_than_a_year_away_needs_the_dates_checked(finance, invoices, day):
    data = payment_file([(invoices[0], TODAY), (invoices[1], day)])

    errors = errors_of(data, finance)

    assert errors == [
        f"Line 3: the payment date {day} is more than a year before or after today. If it is "
        "right, confirm that the dates are checked and import the file again."
    ]
    assert unchanged(invoices)
    import_english(data, finance, dates_checked=True)
    stored = Invoice.objects.get(pk=invoices[1].pk)
    assert (stored.status, stored.paid_on) == ("paid", datetime.date.fromisoformat(day))


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2021-12-02", "2031-12-04"])
def test_a_date_that_cannot_be_a_payment_is_refused_by_line_even_when_checked(
    finance, invoices, day
):
    data = payment_file([(invoices[0], TODAY), (invoices[1], day), (invoices[2], TODAY)])

    for checked in (False, True):
        errors = errors_of(data, finance, dates_checked=checked)
        assert errors == [
            f"Line 3: {day} cannot be a payment date: it is more than 5 years from today."
        ]
    assert unchanged(invoices)


def test_the_page_asks_to_check_the_dates_and_imports_them_when_ticked(
    finance, invoices, client_for
):
    page = client_for(finance)
    data = payment_file([(invoices[0], "2024-06-28")])

    refused = page.post(
        "/billing/payments/", {"file": SimpleUploadedFile("bank.csv", data, "text/csv")}
    )
    assert refused.status_code == 400
    assert b'id="payments-dates-checked"' in refused.content
    assert b"2024-06-28" in refused.content
    assert unchanged(invoices)

    ticked = page.post(
        "/billing/payments/",
        {"file": SimpleUploadedFile("bank.csv", data, "text/csv"), "dates_checked": "on"},
    )
    assert ticked.status_code == 200
    assert Invoice.objects.get(pk=invoices[0].pk).paid_on == datetime.date(2024, 6, 28)


def test_the_api_takes_dates_checked(finance, invoices, api_for):
    api = api_for(finance)
    data = payment_file([(invoices[0], "2024-06-28")])

    refused = api.post(
        "/api/v1/payments/import/",
        {"file": SimpleUploadedFile("bank.csv", data, "text/csv")},
        format="multipart",
    )
    assert refused.status_code == 400
    assert len(refused.json()["errors"]) == 1 and "2024-06-28" in refused.json()["errors"][0]

    answer = api.post(
        "/api/v1/payments/import/",
        {"file": SimpleUploadedFile("bank.csv", data, "text/csv"), "dates_checked": "true"},
        format="multipart",
    )
    assert answer.status_code == 200
    assert answer.json() == {"paid": [invoices[0].number]}


# --- a file imported twice ------------------------------------------------------------------


def test_importing_the_same_file_again_is_a_409_already_imported(finance, invoices, api_for):
    api = api_for(finance)
    data = payment_file([(invoice, TODAY) for invoice in invoices])

    def send():
        upload = SimpleUploadedFile("bank.csv", data, "text/csv")
        return api.post(
            "/api/v1/payments/import/",
            {"file": upload},
            format="multipart",
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert send().status_code == 200
    again = send()
    assert again.status_code == 409
    assert again.json()["detail"] == (
        "This file has already been imported: its 3 payments were recorded on 3.12.2026 from "
        "bank.csv."
    )
    assert Payment.objects.filter(invoice__in=invoices).count() == 3


def test_the_page_says_the_file_was_already_imported(finance, invoices, client_for):
    page = client_for(finance)
    data = payment_file([(invoices[0], TODAY)])
    for expected in (200, 409):
        answer = page.post(
            "/billing/payments/", {"file": SimpleUploadedFile("bank.csv", data, "text/csv")}
        )
        assert answer.status_code == expected
    assert b"bank.csv" in answer.content and b"3.12.2026" in answer.content


def test_a_file_partly_imported_before_names_each_paid_line(finance, invoices):
    import_english(payment_file([(invoices[0], TODAY)]), finance)
    data = payment_file([(invoices[0], TODAY), (invoices[1], TODAY)])
    errors = errors_of(data, finance)
    assert errors == [f"Line 2: invoice {invoices[0].number} is already paid."]
    assert not Payment.objects.filter(invoice=invoices[1]).exists()


# --- the cost does not grow with the file ---------------------------------------------------


def _queries_to_import(count: int, programme, finance, from_year: int) -> int:
    invoices = add_synthetic_invoices(
        count, programme=programme, series=f"Q{count}", from_year=from_year
    )
    data = payment_file([(invoice, TODAY) for invoice in invoices])
    ContentType.objects.clear_cache()  # both counts include the transition log's type lookup
    with CaptureQueriesContext(connection) as queries:
        paid = payments_import(data=data, by=finance, source="bank.csv")
    assert paid == [i.number for i in invoices]
    assert Invoice.objects.filter(pk__in=[i.pk for i in invoices], status="paid").count() == count
    return len(queries)


def test_the_import_makes_as_many_queries_for_500_rows_as_for_50(programme, finance):
    small = _queries_to_import(50, programme, finance, from_year=1900)
    large = _queries_to_import(500, programme, finance, from_year=1950)
    assert large == small
    assert small <= 12, small


# --- files the csv module alone would trip on (a 500 before) -------------------------------


def test_a_file_with_old_mac_line_endings_is_read(finance, invoices):
    data = payment_file([(invoice, TODAY) for invoice in invoices]).replace(b"\n", b"\r")
    assert sorted(import_english(data, finance)) == sorted(i.number for i in invoices)


def test_a_field_longer_than_the_csv_module_reads_is_a_line_error(finance, invoices):
    data = payment_file([(invoices[0], TODAY)]) + b"RF1," + b"9" * 200_000 + b",2026-12-01\n"
    errors = errors_of(data, finance)
    assert errors == [
        "Line 3 cannot be read as CSV: a quote is not closed or a field is longer than "
        "131072 characters."
    ]
    assert unchanged(invoices)


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f"])
def test_a_control_character_anywhere_is_refused_with_its_line(finance, invoices, character):
    rows = [(invoice, TODAY) for invoice in invoices]
    text = payment_file(rows).decode().replace(invoices[1].rf_reference, "RF" + character + "1")
    errors = errors_of(text.encode(), finance)
    assert errors == [
        f"Line 3: the file holds a control character (U+{ord(character):04X}), so it is not a "
        "text CSV file."
    ]
    assert unchanged(invoices)


def test_a_reference_longer_than_its_column_is_a_line_error(finance, invoices):
    # Leading zeros would match the Finnish reference; the bank's text does not fit the column.
    data = (
        "reference,amount,date\n"
        f"{'0' * 30}{invoices[0].reference},{invoices[0].gross_total},{TODAY}\n"
    ).encode()
    errors = errors_of(data, finance)
    assert len(errors) == 1 and errors[0].startswith("Line 2: the reference 0000")
    assert errors[0].endswith("is longer than 25 characters.")
    assert unchanged(invoices)


def test_a_file_over_the_import_limit_is_refused_before_it_is_read(finance, invoices, settings):
    settings.MAX_IMPORT_BYTES = 1024 * 1024
    data = payment_file([(invoices[0], TODAY)]) + b"#" * (1024 * 1024)
    assert errors_of(data, finance) == ["The file is larger than 1 MB."]
    assert unchanged(invoices)
