"""The job page says what runs, in the reader's language, counts what it makes, and links to
the results and back to where the person started; its JSON (polled by the page) says the same.
Only the person who started a job, and coordinators, see it."""

import pytest

from billing.models import InvoiceRun
from onboarding.models import Job, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_job(finance):
    programme = Programme.objects.get(slug="ekirjasto")
    job = Job.objects.create(
        kind="invoice_run", total=281, done=120, status=Job.Status.RUNNING, created_by=finance
    )
    run = InvoiceRun.objects.create(programme=programme, year=2025, created_by=finance, job=job)
    job.params = {"run": run.pk}
    job.save(update_fields=["params"])
    return job


def test_the_invoice_run_page_names_the_run_and_counts_invoices_in_finnish(
    run_job, client_for, finance
):
    page = client_for(finance).get(f"/jobs/{run_job.pk}/").content.decode()
    assert "<h1>Laskuajo 2025</h1>" in page
    assert "Käynnissä: 120 / 281 laskua" in page
    assert (
        'href="/billing/invoices/?programme=ekirjasto&amp;year=2025">Vuoden 2025 laskut</a>' in page
    )
    assert 'href="/billing/fees/?programme=ekirjasto&amp;year=2025">Takaisin maksuihin</a>' in page
    assert 'http-equiv="refresh"' in page  # reloads itself without JavaScript while it runs
    assert "running" not in page and "Taustatyö" not in page


def test_the_json_says_the_same_in_swedish(run_job, client_for, finance):
    client = client_for(finance)
    client.cookies["django_language"] = "sv"
    data = client.get(f"/jobs/{run_job.pk}/?format=json").json()
    assert data["text"] == "Pågår: 120 / 281 fakturor"
    assert data["status_label"] == "Pågår" and data["finished"] is False
    assert data["results"] == [
        {"label": "Fakturorna för 2025", "url": "/billing/invoices/?programme=ekirjasto&year=2025"}
    ]


def test_a_finished_job_stops_reloading(run_job, client_for, finance):
    Job.objects.filter(pk=run_job.pk).update(status=Job.Status.DONE, done=281)
    page = client_for(finance).get(f"/jobs/{run_job.pk}/").content.decode()
    assert "Valmis: 281 / 281 laskua" in page
    assert 'http-equiv="refresh"' not in page


def test_a_manager_never_sees_someone_elses_job(run_job, client_for, helsinki_manager):
    client = client_for(helsinki_manager)
    assert client.get(f"/jobs/{run_job.pk}/").status_code == 404
    assert client.get(f"/jobs/{run_job.pk}/?format=json").status_code == 404


def test_a_run_counts_the_invoices_it_makes_not_every_payer(
    finance, client_for, django_capture_on_commit_callbacks
):
    from billing.models import Invoice
    from billing.services.runs import invoice_run_start
    from tests.factories import joined

    for code in ("091", "049", "092"):
        joined(code)  # billed for 2025; the other 300-odd payers have nothing to pay
    programme = Programme.objects.get(slug="ekirjasto")
    with django_capture_on_commit_callbacks(execute=True):
        run = invoice_run_start(programme=programme, year=2025, by=finance)
    job = Job.objects.get(pk=run.job_id)
    invoices = Invoice.objects.filter(run=run).count()
    assert 3 <= invoices < 10  # Helmet's members, not the 309 municipalities
    assert job.total == job.done == invoices
    page = client_for(finance).get(f"/jobs/{job.pk}/").content.decode()
    assert f"Valmis: {invoices} / {invoices} laskua" in page
