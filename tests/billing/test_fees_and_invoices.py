"""Fees with the real figures, the yearly invoice run, credit notes and payments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from stdnum import iso11649

from billing.fees import annual_fee
from billing.models import FrozenInvoice, Invoice, PayerAssignment
from billing.selectors import fee_rows
from billing.services.invoicing import invoice_credit, invoice_issue
from billing.services.payments import PaymentImportError, payments_import
from billing.services.runs import invoice_run_start, payer_groups
from onboarding.business_days import business_day_on_or_after
from onboarding.models import Job, Municipality
from onboarding.services.population_import import population_import
from tests.factories import AgreementFactory, ConnectionFactory, joined

pytestmark = pytest.mark.django_db
RATE = Decimal("0.70")


def _fee(programme, year, code):
    rows = fee_rows(programme, year, municipalities=Municipality.objects.filter(code=code))
    return rows[0].fee


def test_helsinki_2025_fee_is_070_times_684018(programme):
    joined("091")
    fee = _fee(programme, 2025, "091")
    assert fee.amount == Decimal("478812.60")
    assert fee.months == 12 and fee.inputs.population == 684018
    assert fee.inputs.population_date == datetime.date(2024, 12, 31)


def test_a_unit_going_live_on_15_june_2025_pays_six_twelfths(programme):
    AgreementFactory(code="905", in_force=True, signed_on=datetime.date(2025, 3, 1))  # Vaasa
    ConnectionFactory(unit="905", live_on=datetime.date(2025, 6, 15))  # its own unit
    fee = _fee(programme, 2025, "905")
    assert fee.months == 6
    assert fee.amount == annual_fee(RATE, 70361, 6)
    assert fee.amount == (annual_fee(RATE, 70361, 12) * 6 / 12).quantize(Decimal("0.01"))


def test_the_2024_fee_needs_the_2023_population_and_is_eight_twelfths(programme):
    joined("091")
    blocked = _fee(programme, 2024, "091")
    assert blocked.blocked and "31.12.2023" in blocked.blocked_reason
    # The 31.12.2023 figures imported as the population import does it (a test figure).
    population_import(
        data=b"code,population\n091,674500\n", date=datetime.date(2023, 12, 31), source="test file"
    )
    fee = _fee(programme, 2024, "091")
    assert fee.months == 8
    assert fee.amount == annual_fee(RATE, 674500, 8)
    assert fee.amount == (RATE * 674500 * 8 / 12).quantize(Decimal("0.01"))


def test_no_fee_without_an_agreement_in_force(programme):
    fee = _fee(programme, 2025, "091")
    assert fee.blocked and fee.amount == 0


def test_the_run_creates_one_invoice_per_payer_with_gapless_numbers_and_never_twice(
    programme, finance, django_capture_on_commit_callbacks
):
    for code in ("091", "905"):  # Helmet (Helsinki, Espoo, Vantaa, Kauniainen) and Vaasa
        joined(code)
    PayerAssignment.objects.create(
        programme=programme,
        municipality=Municipality.objects.get(code="235"),
        payer=Municipality.objects.get(code="049"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = invoice_run_start(programme=programme, year=2025, by=finance)
    assert Job.objects.get(pk=run.job_id).status == Job.Status.DONE
    invoices = list(Invoice.objects.filter(fee_year=2025).order_by("sequence"))
    assert sorted(i.payer.code for i in invoices) == ["049", "091", "092", "905"]  # one each
    assert len(invoices) == 4  # Espoo pays for Kauniainen
    assert [i.sequence for i in invoices] == [1, 2, 3, 4]
    espoo = next(i for i in invoices if i.payer.code == "049")
    assert sorted(espoo.lines.values_list("municipality_code", flat=True)) == ["049", "235"]
    for invoice in invoices:
        assert iso11649.is_valid(invoice.rf_reference)
        assert invoice.due_date.weekday() < 5
    with django_capture_on_commit_callbacks(execute=True):
        invoice_run_start(programme=programme, year=2025, by=finance)
    assert Invoice.objects.filter(fee_year=2025).count() == 4


def test_a_second_run_while_one_is_running_is_refused(programme, finance):
    joined("091")
    invoice_run_start(programme=programme, year=2025, by=finance)  # not executed: running
    with translation.override("en"), pytest.raises(ValidationError, match="already running"):
        invoice_run_start(programme=programme, year=2025, by=finance)


def test_due_dates_move_over_weekends_and_finnish_holidays():
    assert business_day_on_or_after(datetime.date(2025, 12, 6)) == datetime.date(2025, 12, 8)
    assert business_day_on_or_after(datetime.date(2025, 12, 24)) == datetime.date(2025, 12, 29)
    assert business_day_on_or_after(datetime.date(2025, 6, 20)) == datetime.date(2025, 6, 23)


def _issue(programme, finance, code="091"):
    rows = fee_rows(programme, 2025, municipalities=Municipality.objects.filter(code=code))
    ((payer, group),) = payer_groups(rows).values()
    return invoice_issue(programme=programme, year=2025, payer=payer, rows=group, by=finance)


def test_credit_notes_partial_then_the_rest_and_never_more(programme, finance):
    joined("091")
    invoice = _issue(programme, finance)
    note = invoice_credit(
        invoice=invoice, by=finance, amount=Decimal("100.00"), reason="Väestöluku korjattu"
    )
    assert note.kind == "credit_note" and note.gross_total == Decimal("-100.00")
    assert note.credit_of == invoice and note.number != invoice.number
    with pytest.raises(ValidationError):
        invoice_credit(invoice=invoice, by=finance, amount=Decimal("478712.61"), reason="x")
    invoice_credit(invoice=invoice, by=finance, amount=None, reason="Loput")
    assert Invoice.objects.get(pk=invoice.pk).status == "credited"


def test_an_issued_invoice_changes_only_its_payment_state_and_pdf(programme, finance):
    joined("091")
    invoice = _issue(programme, finance)
    total, buyer = invoice.gross_total, dict(invoice.buyer)
    invoice.gross_total = Decimal("1")
    invoice.buyer = {**buyer, "name": "Someone else"}
    for attempt in (
        lambda: invoice.save(),
        lambda: invoice.save(update_fields=["gross_total"]),
        lambda: invoice.save(update_fields=["status", "buyer"]),
        lambda: Invoice.objects.filter(pk=invoice.pk).update(gross_total=Decimal("1")),
        lambda: Invoice.objects.filter(pk=invoice.pk).update(status="paid", net_total=0),
    ):
        with pytest.raises(FrozenInvoice):
            attempt()
    stored = Invoice.objects.get(pk=invoice.pk)
    assert (stored.gross_total, stored.buyer) == (total, buyer)
    # What may change after issuing: the payment state and dates, and the PDF.
    Invoice.objects.filter(pk=invoice.pk).update(pdf_error="renderer crashed")
    stored.paid_on = datetime.date(2026, 1, 20)
    stored.save(update_fields=["paid_on"])
    stored = Invoice.objects.get(pk=invoice.pk)
    assert (stored.paid_on, stored.pdf_error) == (datetime.date(2026, 1, 20), "renderer crashed")


def test_payment_import_marks_paid_and_reports_every_mismatch(programme, finance):
    joined("091")
    joined("905")
    helsinki = _issue(programme, finance, "091")
    vaasa = _issue(programme, finance, "905")
    bad = (
        f"reference,amount,date\n{helsinki.reference},1.00,2026-01-20\n"
        f"999999999,10.00,2026-01-20\n{vaasa.reference},{vaasa.gross_total},2026-01-21\n"
    )
    with translation.override("en"), pytest.raises(PaymentImportError) as error:
        payments_import(data=bad.encode(), by=finance, source="bank.csv")
    assert len(error.value.errors) == 2
    assert any("Line 2" in e for e in error.value.errors)
    assert Invoice.objects.get(pk=vaasa.pk).status == "issued"  # nothing half done
    with pytest.raises(PaymentImportError):
        payments_import(
            data="reference,amount,date\nä,1,2026-01-01\n".encode("latin-1"), by=finance, source="x"
        )
    good = f"reference,amount,date\n{helsinki.rf_reference},{helsinki.gross_total},2026-01-20\n"
    payments_import(data=good.encode(), by=finance, source="bank.csv")
    assert Invoice.objects.get(pk=helsinki.pk).status == "paid"


def test_api_fees_and_invoices_are_scoped(programme, finance, helsinki_manager, api_for):
    joined("091")  # Helmet: Espoo too
    body = api_for(finance).get("/api/v1/fees/?programme=ekirjasto&year=2025").json()
    helsinki = next(f for f in body["fees"] if f["municipality"] == "091")
    assert helsinki["amount"] == "478812.60" and helsinki["billable_months"] == 12
    own = api_for(helsinki_manager).get("/api/v1/fees/?programme=ekirjasto&year=2025").json()
    assert [f["municipality"] for f in own["fees"]] == ["091"]
    _issue(programme, finance, "091")
    espoo = _issue(programme, finance, "049")
    listed = api_for(helsinki_manager).get("/api/v1/invoices/?programme=ekirjasto").json()
    assert [i["payer"] for i in listed] == ["091"]
    response = api_for(helsinki_manager).post(
        f"/api/v1/invoices/{espoo.number}/credit/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 404
    assert not Invoice.objects.filter(credit_of=espoo).exists()
    assert api_for(finance).get("/api/v1/fees/?programme=nope&year=x").status_code == 400


def test_finance_marks_an_invoice_sent_and_managers_see_only_their_invoices(
    programme, finance, helsinki_manager, client_for
):
    joined("091")  # Helmet: Espoo too
    helsinki = _issue(programme, finance, "091")
    espoo = _issue(programme, finance, "049")
    page = client_for(finance)
    page.post(f"/billing/invoices/{helsinki.number}/", {"mark_sent": "1"})
    assert Invoice.objects.get(pk=helsinki.pk).status == "sent"
    manager = client_for(helsinki_manager)
    listing = manager.get("/billing/invoices/?programme=ekirjasto").content.decode()
    assert helsinki.number in listing and espoo.number not in listing
    assert manager.get(f"/billing/invoices/{espoo.number}/").status_code == 404
    assert manager.get(f"/billing/invoices/{espoo.number}/pdf/").status_code == 404
    assert (
        manager.post(f"/billing/invoices/{helsinki.number}/", {"mark_sent": "1"}).status_code == 403
    )
    fees = manager.get("/billing/fees/?programme=ekirjasto&year=2025").content.decode()
    assert "Helsinki" in fees and "Espoo" not in fees
    assert manager.get("/billing/payments/").status_code == 403
    assert manager.get("/billing/rates/").status_code == 403


def test_a_year_without_population_data_cannot_be_run(programme, finance):
    joined("091")
    with pytest.raises(ValidationError):
        invoice_run_start(programme=programme, year=2024, by=finance)  # no 31.12.2023 figures
    assert not Invoice.objects.exists()


def test_a_rate_of_zero_or_below_is_refused_and_nothing_saved(client_for, finance):
    from billing.models import FeeRate

    page = client_for(finance)
    for rate in ("0", "-0.10", "abc"):
        page.post(
            "/billing/rates/",
            {
                "programme": "ekirjasto",
                "rate": rate,
                "from_year": "2026",
                "basis": "x",
                "decided_by": "y",
                "decided_on": "2025-11-01",
            },
        )
    assert not FeeRate.objects.exists()
    page.post(
        "/billing/rates/",
        {
            "programme": "ekirjasto",
            "rate": "0,75",
            "from_year": "2026",
            "basis": "Cost analysis 2025",
            "decided_by": "Steering group",
            "decided_on": "2025-11-01",
        },
    )
    decision = FeeRate.objects.get()
    assert decision.rate == Decimal("0.75") and decision.history.count() == 1


def test_fee_preview_exports_exactly_the_filtered_rows(programme, client_for, finance):
    import csv
    import io

    from openpyxl import load_workbook

    joined("091")  # Helmet
    AgreementFactory(code="905", in_force=True)  # Vaasa: in force, its unit not live yet
    page = client_for(finance)
    text = page.get(
        "/billing/fees/?programme=ekirjasto&year=2025&consortium=helmet&format=csv"
    ).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["code"] for r in rows) == ["049", "091", "092", "235"]
    assert next(r for r in rows if r["code"] == "091")["amount"] == "478812.60"
    assert not any(r["blocked_reason"] for r in rows)
    book = load_workbook(
        io.BytesIO(
            page.get("/billing/fees/?programme=ekirjasto&year=2025&blocked=no&format=xlsx").content
        )
    )
    codes = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == ["049", "091", "092", "235"]
    text = page.get(
        "/billing/fees/?programme=ekirjasto&year=2025&blocked=yes&format=csv"
    ).content.decode("utf-8-sig")
    vaasa = next(r for r in csv.DictReader(io.StringIO(text)) if r["code"] == "905")
    assert vaasa["amount"] in ("", "0.00") and vaasa["blocked_reason"]
