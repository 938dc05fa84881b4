"""The job page says what runs, in the reader's language, counts what it makes, and links to
the results and back to where the person started; its JSON (polled by the page) says the same.
Only the person who started a job, and coordinators, see it."""

import datetime

import pytest
from django.utils import timezone

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
    assert "<h1>Laskutusajo 2025</h1>" in page
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


def _run_left_by_a_dead_worker(finance):
    """A run whose worker died after the first payer's invoice: running, no progress since."""
    from billing.selectors import fee_rows
    from billing.services.runs import invoice_run_payer, invoice_run_start, payer_groups
    from tests.factories import joined

    for code in ("091", "049", "092"):
        joined(code)
    programme = Programme.objects.get(slug="ekirjasto")
    run = invoice_run_start(programme=programme, year=2025, by=finance)  # tasks never ran
    payer, rows = next(iter(payer_groups(fee_rows(programme, 2025)).values()))
    invoice_run_payer(
        run_id=run.pk, payer_id=payer.pk, municipality_ids=[r.municipality.pk for r in rows]
    )
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Job.objects.filter(pk=run.job_id).update(
        status=Job.Status.RUNNING, done=1, heartbeat=an_hour_ago
    )
    return run


def test_a_job_whose_worker_died_is_shown_stopped_and_resumes_without_duplicates(
    finance, client_for, django_capture_on_commit_callbacks
):
    from billing.models import Invoice

    run = _run_left_by_a_dead_worker(finance)
    client = client_for(finance)
    page = client.get(f"/jobs/{run.job_id}/").content.decode()
    assert "Pysähtynyt: 1 / " in page and "Jatka" in page
    assert 'http-equiv="refresh"' not in page
    assert Job.objects.get(pk=run.job_id).status == Job.Status.RUNNING  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{run.job_id}/resume/")
    assert response.status_code == 302
    job = Job.objects.get(pk=run.job_id)
    invoices = Invoice.objects.filter(run=run)
    assert job.status == Job.Status.DONE and job.done == job.total == invoices.count()
    assert invoices.values("payer").distinct().count() == invoices.count()  # one per payer
    sequences = sorted(invoices.values_list("sequence", flat=True))
    assert sequences == list(range(sequences[0], sequences[0] + len(sequences)))  # gapless

    again = client.post(f"/jobs/{run.job_id}/resume/", follow=True).content.decode()
    assert "ei ole pysähtynyt" in again  # done: nothing to resume
    assert Invoice.objects.filter(run=run).count() == invoices.count()


def test_only_the_starter_or_a_coordinator_resumes(finance, client_for, helsinki_manager):
    run = _run_left_by_a_dead_worker(finance)
    assert client_for(helsinki_manager).post(f"/jobs/{run.job_id}/resume/").status_code == 404
    assert client_for(finance).get(f"/jobs/{run.job_id}/resume/").status_code == 405


def test_the_json_the_page_polls_costs_a_few_queries(
    run_job, client_for, finance, django_assert_max_num_queries
):
    client = client_for(finance)
    with django_assert_max_num_queries(4):  # session, user, job, run (once), nothing per link
        assert client.get(f"/jobs/{run_job.pk}/?format=json").status_code == 200


def test_an_agreement_deleted_before_its_turn_is_counted_with_a_message(coordinator, client_for):
    from contracts.models import Agreement
    from onboarding.services.jobs import job_run, job_start
    from tests.factories import AgreementFactory, ready_to_send

    for code in ("091", "049"):
        ready_to_send(code)
    drafts = [AgreementFactory(code=code) for code in ("091", "049")]
    job = job_start(
        kind="agreement_send", by=coordinator, params={"ids": [a.pk for a in drafts]}, total=2
    )
    Agreement.objects.filter(pk=drafts[1].pk).delete()  # between the click and the worker
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.done == job.total == 2
    assert Agreement.objects.get(pk=drafts[0].pk).status == "sent"
    page = client_for(coordinator).get(f"/jobs/{job.pk}/").content.decode()
    assert "Valmis: 2 / 2 sopimusta" in page
    assert "Tähän työhön valittu sopimus poistettiin ennen vuoroaan." in page


def test_a_job_started_from_a_swedish_page_lists_its_messages_in_swedish(coordinator, client_for):
    """The worker runs in Finnish (its default); the person reads the job in Swedish."""
    from django.utils import translation

    from contracts.models import Agreement
    from onboarding.services.jobs import job_run, job_start
    from tests.factories import AgreementFactory, ready_to_send
    from tests.pages import swedish_client

    ready_to_send("091")
    draft = AgreementFactory(code="091")
    with translation.override("sv"):  # the request that started it
        job = job_start(kind="agreement_send", by=coordinator, params={"ids": [draft.pk]}, total=1)
    Agreement.objects.filter(pk=draft.pk).delete()
    job_run(job_id=job.pk)
    page = swedish_client(coordinator, client_for).get(f"/jobs/{job.pk}/").content.decode()
    assert "Ett avtal som valts för det här jobbet raderades innan det var dess tur." in page
    assert "poistettiin" not in page


def test_a_run_deleted_before_its_job_ran_fails_with_a_message(finance, client_for):
    from onboarding.services.jobs import job_run

    job = Job.objects.create(kind="invoice_run", total=3, created_by=finance, params={"run": 0})
    job_run(job_id=job.pk)  # no run 0: deleted, as far as the job can tell
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    page = client_for(finance).get(f"/jobs/{job.pk}/").content.decode()
    assert "Se, jota tämä työ käsittelee, poistettiin ennen kuin työ ehti alkaa." in page
    assert "DoesNotExist" not in page and "matching query" not in page
