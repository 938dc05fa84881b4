"""Rows made before waves, connections and checklists moved to `scheduling` and fees and
invoices to `billing` survive the state-only migrations: the test database goes back to the
old leaf migrations, gets rows through the models of that state, and comes forward again.

scripts/check_migration_path.py does the same with the old commit's own code and demo data.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The leaves before the moves (b83a22e): the new apps do not exist yet.
BEFORE_THE_MOVES = [
    ("onboarding", "0004_waves_connection_states"),
    ("contracts", "0002_historicalfeerate_historicalpayerassignment_invoice_and_more"),
    ("surveys", "0001_initial"),
    ("scheduling", None),
    ("billing", None),
]
NOW = timezone.make_aware(datetime.datetime(2025, 1, 15, 12, 0))


def migrate(targets):
    """Migrate to the targets with a fresh executor (it reads what is applied now); return
    the state afterwards. Nothing to do costs nothing."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets)
    if not plan:
        return None
    state = executor.migrate(targets, plan=plan)
    ContentType.objects.clear_cache()  # content type rows were renamed under the cache
    return state


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def make_old_rows(apps) -> dict:
    """One of everything that moved, through the models of the old state."""
    model = apps.get_model
    content_type = model("contenttypes", "ContentType").objects
    user = model("onboarding", "User").objects.create(
        username="migration-check", password="!", email="check@example.invalid"
    )
    programme = model("onboarding", "Programme").objects.create(
        slug="migration-check",
        name_fi="Siirtotesti",
        name_sv="Flyttest",
        name_en="Migration check",
        launch_date=datetime.date(2024, 4, 23),
        signing_deadline=datetime.date(2024, 3, 15),
        fee_per_resident=Decimal("0.70"),
    )
    municipalities = [
        model("onboarding", "Municipality").objects.create(
            code=code,
            name_fi=f"Testikunta {code}",
            name_sv=f"Testkommun {code}",
            region="Testimaakunta",
            region_code="99",
            language_status="fi",
        )
        for code in ("X01", "X02")
    ]
    wave = model("onboarding", "Wave").objects.create(
        programme=programme, date=datetime.date(2025, 2, 3), capacity_units=5, created_by=user
    )
    connection_row = model("onboarding", "Connection").objects.create(
        programme=programme, unit_key="X01", wave=wave, status="in_progress"
    )
    model("onboarding", "HistoricalConnection").objects.create(
        id=connection_row.pk,
        unit_key="X01",
        programme=programme,
        wave=wave,
        history_date=NOW,
        history_type="+",
        history_user=user,
    )
    item = model("onboarding", "ChecklistItem").objects.create(
        programme=programme,
        key="library_setup",
        label_fi="Kirjasto",
        label_sv="Bibliotek",
        label_en="Library",
    )
    tick = model("onboarding", "ChecklistTick").objects.create(
        connection=connection_row, item=item, done_by=user
    )
    connection_type, _created = content_type.get_or_create(
        app_label="onboarding", model="connection"
    )
    logs = [
        model("onboarding", "TransitionLog").objects.create(
            content_type=connection_type,
            object_id=connection_row.pk,
            transition=transition,
            from_state=before,
            to_state=after,
            by=user,
            at=NOW,
        )
        for transition, before, after in (
            ("schedule", "", "scheduled"),
            ("start", "scheduled", "in_progress"),
        )
    ]
    rate = model("contracts", "FeeRate").objects.create(
        programme=programme,
        rate=Decimal("0.70"),
        from_year=2025,
        basis="Kustannusanalyysi",
        decided_by="Kansalliskirjasto",
        decided_on=datetime.date(2024, 11, 1),
    )
    job = model("onboarding", "Job").objects.create(
        kind="invoice_run", created_by=user, params={}, total=1
    )
    run = model("contracts", "InvoiceRun").objects.create(
        programme=programme, year=2025, created_by=user, job=job
    )
    # A series of its own: the database may still hold the demo data and other tests' rows.
    model("contracts", "InvoiceCounter").objects.create(series="CHECK", year=2025, last_number=7)
    invoice = model("contracts", "Invoice").objects.create(
        series="CHECK",
        year=2025,
        sequence=7,
        number="CHECK-2025-00007",
        fee_year=2025,
        language="fi",
        issue_date=datetime.date(2025, 1, 15),
        due_date=datetime.date(2025, 2, 5),
        reference="2025000071",
        rf_reference="RF332025000071",
        seller={"name": "Kansalliskirjasto"},
        buyer={"name": "Testikunta X01"},
        vat_rate=Decimal("0"),
        net_total=Decimal("700.00"),
        vat_total=Decimal("0.00"),
        gross_total=Decimal("700.00"),
        payer=municipalities[0],
        programme=programme,
        run=run,
        created_by=user,
    )
    line = model("contracts", "InvoiceLine").objects.create(
        invoice=invoice,
        position=1,
        municipality_code="X01",
        municipality_name="Testikunta X01",
        description="E-kirjasto 2025",
        net_amount=Decimal("700.00"),
        vat_amount=Decimal("0.00"),
    )
    payment = model("contracts", "Payment").objects.create(
        invoice=invoice,
        reference="2025000071",
        amount=Decimal("700.00"),
        paid_on=datetime.date(2025, 2, 1),
        source="bank.csv",
        imported_by=user,
    )
    invoice_type, _created = content_type.get_or_create(app_label="contracts", model="invoice")
    invoice_log = model("onboarding", "TransitionLog").objects.create(
        content_type=invoice_type,
        object_id=invoice.pk,
        transition="pay",
        from_state="sent",
        to_state="paid",
        by=user,
        at=NOW,
    )
    return {
        "programme": programme.pk,
        "wave": wave.pk,
        "connection": connection_row.pk,
        "item": item.pk,
        "tick": tick.pk,
        "logs": [log.pk for log in logs],
        "rate": rate.pk,
        "job": job.pk,
        "run": run.pk,
        "invoice": invoice.pk,
        "line": line.pk,
        "payment": payment.pk,
        "invoice_log": invoice_log.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_rows_made_before_the_app_moves_are_read_by_the_current_models():
    leaves = latest()
    try:
        old_state = migrate(BEFORE_THE_MOVES)
        assert "scheduling" not in old_state.apps.app_configs
        made = make_old_rows(old_state.apps)
        migrate(leaves)
        assert_rows_intact(made)
    finally:
        # Whatever happened, the next tests get the database at the current migrations.
        migrate(leaves)


def assert_rows_intact(made: dict) -> None:
    from billing.models import FeeRate, Invoice, InvoiceCounter, InvoiceLine, InvoiceRun, Payment
    from onboarding.models import Job, TransitionLog
    from scheduling.models import ChecklistItem, ChecklistTick, Connection, Wave

    connection_row = Connection.objects.get(pk=made["connection"])
    assert connection_row.unit_key == "X01"
    assert connection_row.status == "in_progress"
    assert connection_row.wave == Wave.objects.get(pk=made["wave"])
    assert connection_row.programme_id == made["programme"]
    assert [h.history_type for h in connection_row.history.all()] == ["+"]
    tick = ChecklistTick.objects.get(pk=made["tick"])
    assert tick.connection == connection_row
    assert tick.item == ChecklistItem.objects.get(pk=made["item"])

    logs = TransitionLog.objects.filter(pk__in=made["logs"]).order_by("pk")
    assert [log.record for log in logs] == [connection_row, connection_row]
    assert all(isinstance(log.record, Connection) for log in logs)
    assert {log.content_type.app_label for log in logs} == {"scheduling"}

    invoice = Invoice.objects.get(pk=made["invoice"])
    assert invoice.number == "CHECK-2025-00007"
    assert (invoice.series, invoice.year, invoice.sequence) == ("CHECK", 2025, 7)
    assert invoice.gross_total == Decimal("700.00")
    assert invoice.run == InvoiceRun.objects.get(pk=made["run"])
    assert invoice.run.job == Job.objects.get(pk=made["job"])
    assert list(invoice.lines.all()) == [InvoiceLine.objects.get(pk=made["line"])]
    assert list(invoice.payments.all()) == [Payment.objects.get(pk=made["payment"])]
    assert InvoiceCounter.objects.get(series="CHECK", year=2025).last_number == 7
    assert FeeRate.objects.get(pk=made["rate"]).rate == Decimal("0.70")
    assert TransitionLog.objects.get(pk=made["invoice_log"]).record == invoice
