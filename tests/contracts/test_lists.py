"""The coordinators' agreement list: every municipality with its agreement, filters, CSV and
XLSX exports of exactly the filtered rows; bulk send and bulk remind with a preview; the ZIP
of the signed PDFs built by a job with progress; what managers may see; and the signing
reminders 14, 7 and 1 days before the deadline."""

import csv
import datetime
import hashlib
import io
import zipfile

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from lxml import html

from contracts.models import Agreement, AgreementStatus
from contracts.services.agreements import agreement_decline
from contracts.services.reminders import agreement_reminders_due
from contracts.views.agreements import EXPORT_HEADER
from onboarding.models import Job, Notification, Programme
from tests.contracts.conftest import fresh
from tests.factories import AgreementFactory, ready_to_send

pytestmark = pytest.mark.django_db

HELMET = ["049", "091", "092", "235"]


def listed(response) -> list[str]:
    """The municipality codes of the agreement list, in order."""
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.content.decode()).xpath("//tbody/tr/@data-code")


def every_listed(client, params=None) -> list[str]:
    """The codes of every page of the list, following its "next page" links."""
    codes, url = [], "/agreements/"
    response = client.get(url, params or {})
    while True:
        codes += listed(response)
        following = html.fromstring(response.content.decode()).xpath("//li[@class='next']/a/@href")
        if not following:
            return codes
        response = client.get(url + following[0])


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


@pytest.fixture
def coordinator_client(coordinator, client_for):
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def landscape(coordinator, helmet_manager, helsinki_manager, narpes_manager):
    """Helsinki in force in the launch cohort, Espoo signed late, Vantaa sent, Kauniainen a
    draft, Närpes declined, Vaasa in force (its own unit, complete). Written directly by the
    factories (no documents); Närpes declines through the service (there is no such trait)."""
    today = timezone.localdate()
    helsinki = AgreementFactory(code="091", in_force=True, signed_on=datetime.date(2024, 3, 1))
    espoo = AgreementFactory(code="049", signed=True, sent_on=today, signed_on=today)
    vantaa = AgreementFactory(code="092", sent=True, sent_on=today)
    kauniainen = AgreementFactory(code="235")
    narpes = agreement_decline(
        agreement=AgreementFactory(code="545", sent=True, sent_on=today),
        by=narpes_manager,
        reason="Ei nyt",
    )
    vaasa = AgreementFactory(code="905", in_force=True, sent_on=today, signed_on=today)
    return {
        "091": fresh(helsinki),
        "049": fresh(espoo),
        "092": vantaa,
        "235": kauniainen,
        "545": narpes,
        "905": vaasa,
    }


# --- the list and its filters --------------------------------------------------------------


def test_the_list_has_every_municipality_valid_today(coordinator_client):
    codes = every_listed(coordinator_client)
    assert len(codes) == len(set(codes)) == 308
    assert "588" not in codes  # Pertunmaa merged into Mäntyharju on 1.1.2025
    page = coordinator_client.get("/agreements/").content.decode()
    assert "308 municipalities" in page


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "in_force"}, ["091", "905"]),
        ({"status": "signed"}, ["049"]),
        ({"status": "sent"}, ["092"]),
        ({"status": "draft"}, ["235"]),
        ({"status": "declined"}, ["545"]),
        ({"cohort": "yes"}, ["091"]),
        ({"complete": "yes"}, ["905"]),
        ({"consortium": "helmet"}, HELMET),
        ({"consortium": "helmet", "status": "sent"}, ["092"]),
        ({"region": "15", "status": "declined"}, ["545"]),
        ({"region": "Pohjanmaa", "complete": "yes"}, ["905"]),
    ],
)
def test_the_list_filters(params, expected, landscape, coordinator_client):
    codes = listed(coordinator_client.get("/agreements/", params))
    assert sorted(codes) == sorted(expected)


def test_the_list_filters_municipalities_without_an_agreement(landscape, coordinator_client):
    codes = every_listed(coordinator_client, {"status": "none"})
    assert len(codes) == 308 - 6
    assert not set(codes) & set(landscape)


def test_the_list_filters_those_outside_the_cohort_and_the_incomplete(
    landscape, coordinator_client
):
    assert len(every_listed(coordinator_client, {"cohort": "no"})) == 307
    incomplete = every_listed(coordinator_client, {"complete": "no"})
    assert len(incomplete) == 307
    assert "905" not in incomplete and "091" in incomplete


def test_the_list_shows_state_dates_cohort_and_consortium_completeness(
    landscape, coordinator_client
):
    response = coordinator_client.get("/agreements/", {"consortium": "helmet"})
    tree = html.fromstring(response.content.decode())
    row = tree.xpath("//tr[@data-code='091']")[0]
    cells = [" ".join(td.text_content().split()) for td in row.xpath("td")]
    assert cells == [
        "091",
        "Helsinki",
        "In force",
        "15.1.2024",
        "1.3.2024",
        "yes",
        "Helmet: 2 of 4 signed",
    ]


# --- exports -------------------------------------------------------------------------------


def test_the_csv_export_has_the_header_and_exactly_the_filtered_rows(landscape, coordinator_client):
    rows = csv_rows(
        coordinator_client.get("/agreements/", {"consortium": "helmet", "format": "csv"})
    )
    assert rows[0] == EXPORT_HEADER
    assert rows[0][:3] == ["code", "municipality", "status"]
    by_code = {row[0]: dict(zip(EXPORT_HEADER, row, strict=True)) for row in rows[1:]}
    assert sorted(by_code) == HELMET
    assert by_code["091"]["status"] == "in_force"
    assert by_code["091"]["signed_on"] == "2024-03-01"
    assert by_code["091"]["launch_cohort"] == "yes"
    assert by_code["091"]["unit"] == "Helmet"
    assert (by_code["091"]["unit_signed"], by_code["091"]["unit_members"]) == ("2", "4")
    assert by_code["091"]["unit_complete"] == "no"
    assert by_code["091"]["blocking"] == "092 235"
    assert by_code["235"]["status"] == "draft"
    assert by_code["049"]["launch_cohort"] == "no"


def test_the_csv_export_of_everything_has_308_rows(coordinator_client):
    rows = csv_rows(coordinator_client.get("/agreements/", {"format": "csv"}))
    assert len(rows) == 1 + 308
    assert {row[2] for row in rows[1:]} == {""}  # no agreements yet


def test_the_xlsx_export_has_the_same_rows_as_the_csv(landscape, coordinator_client):
    params = {"status": "in_force"}
    rows = xlsx_rows(coordinator_client.get("/agreements/", {**params, "format": "xlsx"}))
    assert rows[0] == EXPORT_HEADER
    assert sorted(row[0] for row in rows[1:]) == ["091", "905"]
    as_text = [[("" if v is None else str(v)) for v in row] for row in rows]
    assert as_text == csv_rows(coordinator_client.get("/agreements/", {**params, "format": "csv"}))


# --- bulk send -----------------------------------------------------------------------------


def test_bulk_send_previews_then_a_job_sends_them_and_each_manager_hears_once(
    coordinator_client,
    helsinki_manager,
    helmet_manager,
    django_capture_on_commit_callbacks,
):
    for code in HELMET:
        ready_to_send(code)
    preview = coordinator_client.get("/agreements/bulk/send/", {"consortium": "helmet"})
    tree = html.fromstring(preview.content.decode())
    assert sorted(tree.xpath("//tbody/tr/td[1]/text()")) == HELMET
    assert "4 municipalities in this selection" in preview.content.decode()
    assert not Agreement.objects.exists()  # a preview changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            "/agreements/bulk/send/", {"consortium": "helmet", "confirm": "1"}
        )
    job = Job.objects.get(kind="agreement_send")
    assert response.status_code == 302
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert job.status == Job.Status.DONE
    assert (job.done, job.total, job.errors) == (4, 4, [])
    agreements = Agreement.objects.filter(municipality__code__in=HELMET)
    assert sorted(a.status for a in agreements) == ["sent"] * 4
    assert all(a.documents.count() == 2 for a in agreements)

    # One e-mail per agreement to each of its managers: Helsinki's manager once; Helmet's
    # manager once for each of the four municipalities.
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert recipients == ["t-helmet@example.invalid"] * 4 + ["t-helsinki@example.invalid"]

    # Confirming again finds nothing to send and sends nothing.
    mail.outbox.clear()
    again = coordinator_client.get("/agreements/bulk/send/", {"consortium": "helmet"})
    assert "Nothing to do in this selection." in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post("/agreements/bulk/send/", {"consortium": "helmet", "confirm": "1"})
    assert mail.outbox == []
    assert Notification.objects.filter(kind="agreement_sent").count() == 5


def test_a_retried_send_job_does_not_send_twice(
    coordinator_client, helsinki_manager, django_capture_on_commit_callbacks
):
    from onboarding.services.jobs import job_run

    ready_to_send("091")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post("/agreements/bulk/send/", {"search": "091", "confirm": "1"})
    job = Job.objects.get(kind="agreement_send")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED)  # as if it had crashed
    with django_capture_on_commit_callbacks(execute=True):
        job_run(job_id=job.pk)
    assert Job.objects.get(pk=job.pk).status == Job.Status.DONE
    assert len(mail.outbox) == 1
    assert Agreement.objects.get(municipality__code="091").documents.count() == 2


# --- bulk remind ---------------------------------------------------------------------------


def test_bulk_remind_reminds_only_sent_unsigned_ones_once_a_day(
    landscape, coordinator_client, django_capture_on_commit_callbacks
):
    preview = coordinator_client.get("/agreements/bulk/remind/", {"consortium": "helmet"})
    tree = html.fromstring(preview.content.decode())
    assert tree.xpath("//tbody/tr/td[1]/text()") == ["092"]  # Vantaa: sent, unsigned

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            "/agreements/bulk/remind/", {"consortium": "helmet", "confirm": "1"}, follow=True
        )
    assert "1 reminder was queued." in response.content.decode()
    reminders = Notification.objects.filter(kind="agreement_reminder")
    assert list(reminders.values_list("recipient", "object_id")) == [
        ("t-helmet@example.invalid", landscape["092"].pk)
    ]
    assert [m.to for m in mail.outbox] == [["t-helmet@example.invalid"]]
    assert "Vantaa" in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            "/agreements/bulk/remind/", {"consortium": "helmet", "confirm": "1"}, follow=True
        )
    assert "0 reminders were queued." in response.content.decode()
    assert mail.outbox == []
    assert reminders.count() == 1


# --- the ZIP of signed PDFs ----------------------------------------------------------------


def test_the_zip_job_packs_the_signed_pdfs_with_their_hashes(
    landscape, coordinator_client, django_capture_on_commit_callbacks
):
    preview = coordinator_client.get("/agreements/bulk/zip/", {"consortium": "helmet"})
    tree = html.fromstring(preview.content.decode())
    assert sorted(tree.xpath("//tbody/tr/td[1]/text()")) == ["049", "091"]

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            "/agreements/bulk/zip/", {"consortium": "helmet", "confirm": "1"}
        )
    job = Job.objects.get(kind="signed_zip")
    assert response["Location"] == reverse("job_detail", args=[job.pk])

    progress = coordinator_client.get(f"/jobs/{job.pk}/", {"format": "json"}).json()
    assert progress["status"] == "done"
    assert progress["percent"] == 100
    assert (progress["done"], progress["total"]) == (2, 2)
    assert progress["errors"] == []
    assert progress["download"] == f"/jobs/{job.pk}/download/"

    page = coordinator_client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'value="100"' in page

    download = coordinator_client.get(progress["download"])
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert names == ["049-Espoo.pdf", "091-Helsinki.pdf", "SHA256SUMS.txt"]
    sums = archive.read("SHA256SUMS.txt").decode().splitlines()
    assert sums == [
        f"{landscape['049'].evidence.sha256}  049-Espoo.pdf",
        f"{landscape['091'].evidence.sha256}  091-Helsinki.pdf",
    ]
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest


def test_finance_may_build_the_zip_but_a_manager_may_not(
    landscape, finance, helsinki_manager, client_for
):
    assert client_for(finance).get("/agreements/bulk/zip/").status_code == 200
    assert client_for(helsinki_manager).get("/agreements/bulk/zip/").status_code == 403


def test_another_users_job_is_not_found(
    landscape, coordinator_client, helsinki_manager, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post("/agreements/bulk/zip/", {"consortium": "helmet", "confirm": "1"})
    job = Job.objects.get(kind="signed_zip")
    manager = client_for(helsinki_manager)
    assert manager.get(f"/jobs/{job.pk}/", {"format": "json"}).status_code == 404
    assert manager.get(f"/jobs/{job.pk}/download/").status_code == 404


# --- managers ------------------------------------------------------------------------------


def test_managers_may_not_bulk_send_or_remind(landscape, helmet_manager, client_for):
    client = client_for(helmet_manager)
    for action in ("send", "remind"):
        assert client.get(f"/agreements/bulk/{action}/").status_code == 403
        response = client.post(f"/agreements/bulk/{action}/", {"confirm": "1"})
        assert response.status_code == 403
    assert not Job.objects.exists()
    assert not Notification.objects.filter(kind="agreement_reminder").exists()
    assert fresh(landscape["235"]).status == AgreementStatus.DRAFT


def test_finance_may_not_bulk_send(finance, client_for):
    assert client_for(finance).post("/agreements/bulk/send/", {"confirm": "1"}).status_code == 403
    assert not Agreement.objects.exists()


def test_a_manager_sees_only_their_own_agreements(landscape, helsinki_manager, client_for):
    response = client_for(helsinki_manager).get("/agreements/")
    tree = html.fromstring(response.content.decode())
    links = tree.xpath("//tbody/tr/td[1]/a/@href")
    assert links == [f"/agreements/{landscape['091'].pk}/"]
    for code in ("049", "545", "905"):
        assert (
            client_for(helsinki_manager).get(f"/agreements/{landscape[code].pk}/").status_code
            == 404
        )


def test_a_manager_s_api_list_has_only_their_agreements(landscape, helmet_manager, api_for):
    api = api_for(helmet_manager)
    rows = api.get("/api/v1/agreements/", {"programme": "ekirjasto", "page_size": 500}).json()
    # A draft is not shown to managers until it is sent.
    sent = sorted(
        Agreement.objects.filter(municipality__code__in=HELMET, sent_on__isnull=False).values_list(
            "municipality__code", flat=True
        )
    )
    assert sent and len(sent) < len(HELMET)
    assert sorted(r["municipality"] for r in rows["results"]) == sent
    sent = api.get("/api/v1/agreements/", {"state": "sent"}).json()["results"]
    assert [r["municipality"] for r in sent] == ["092"]


def test_the_coordinator_s_api_list_filters_by_programme_and_state(landscape, coordinator, api_for):
    api = api_for(coordinator)
    rows = api.get("/api/v1/agreements/", {"programme": "ekirjasto", "page_size": 500}).json()
    assert sorted(r["municipality"] for r in rows["results"]) == sorted(landscape)
    in_force = api.get("/api/v1/agreements/", {"state": "in_force"}).json()["results"]
    assert sorted(r["municipality"] for r in in_force) == ["091", "905"]
    helsinki = next(r for r in in_force if r["municipality"] == "091")
    assert helsinki["launch_cohort"] is True
    assert [t["to_state"] for t in helsinki["timeline"]] == ["sent", "signed", "in_force"]


# --- periodic reminders --------------------------------------------------------------------


@pytest.fixture
def deadline_in_14_days(programme, frozen_day):
    """A programme whose signing deadline is 14 days after `now` (noon, Helsinki time, the
    clock pinned)."""
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    Programme.objects.filter(pk=programme.pk).update(
        signing_deadline=now.date() + datetime.timedelta(days=14)
    )
    return now


def test_reminders_go_14_7_and_1_days_before_the_deadline_once_each(
    deadline_in_14_days,
    helmet_manager,
    narpes_manager,
    django_capture_on_commit_callbacks,
):
    now = deadline_in_14_days
    vantaa = AgreementFactory(code="092", sent=True)
    narpes = AgreementFactory(code="545", sent=True)
    AgreementFactory(code="091", signed=True)  # signed: never reminded

    def run(days_later: int) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return agreement_reminders_due(now=now + datetime.timedelta(days=days_later))

    schedule = {}
    for days_later in range(0, 16):
        for _repeat in range(2):  # the daily task runs twice: nothing is sent twice
            schedule[days_later] = schedule.get(days_later, 0) + run(days_later)
    assert {day: count for day, count in schedule.items() if count} == {0: 2, 7: 2, 13: 2}

    reminders = Notification.objects.filter(kind="agreement_reminder")
    assert reminders.count() == 6
    assert sorted(set(reminders.values_list("object_id", flat=True))) == sorted(
        [vantaa.pk, narpes.pk]
    )
    assert sorted(r for m in mail.outbox for r in m.to) == sorted(
        ["t-helmet@example.invalid"] * 3 + ["t-narpes@example.invalid"] * 3
    )
    swedish = reminders.filter(recipient="t-narpes@example.invalid")
    assert set(swedish.values_list("language", flat=True)) == {"sv"}
    assert all("Närpes" in n.subject for n in swedish)


def test_no_reminders_after_signing(
    deadline_in_14_days, helmet_manager, django_capture_on_commit_callbacks
):
    AgreementFactory(code="092", signed=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert agreement_reminders_due(now=deadline_in_14_days) == 0
    assert not Notification.objects.filter(kind="agreement_reminder").exists()


def test_reminders_stop_at_the_cap(
    deadline_in_14_days, helmet_manager, settings, django_capture_on_commit_callbacks
):
    settings.AGREEMENT_REMINDER_CAP = 2
    AgreementFactory(code="092", sent=True)
    now = deadline_in_14_days
    with django_capture_on_commit_callbacks(execute=True):
        for days_later in (0, 7, 13):
            agreement_reminders_due(now=now + datetime.timedelta(days=days_later))
    assert Notification.objects.filter(kind="agreement_reminder").count() == 2


def test_the_list_shows_fifty_a_page_and_its_links_keep_the_filters(coordinator_client):
    wanted = {"status": "none", "cohort": "no"}
    first = coordinator_client.get("/agreements/", wanted)
    tree = html.fromstring(first.content.decode())
    assert len(listed(first)) == 50
    assert "Page 1 of 7" in first.content.decode()  # 308 rows; the client reads English
    [following] = tree.xpath("//li[@class='next']/a/@href")
    assert "status=none" in following and "cohort=no" in following and "page=2" in following
    [csv_link] = tree.xpath("//a[text()='CSV']/@href")
    assert "status=none" in csv_link and "cohort=no" in csv_link and "page" not in csv_link
    exported = csv_rows(coordinator_client.get("/agreements/" + csv_link))
    assert len(exported) - 1 == len(every_listed(coordinator_client, wanted)) == 308


def test_the_list_sorts_by_status_in_the_order_of_the_workflow(landscape, coordinator_client):
    codes = listed(coordinator_client.get("/agreements/", {"sort": "-status"}))
    # declined, in force (Vaasa, Helsinki: names descending too), signed, sent, a draft
    assert codes[:6] == ["545", "905", "091", "049", "092", "235"]
    ascending = listed(coordinator_client.get("/agreements/", {"sort": "status"}))
    assert not set(ascending) & set(landscape)  # no agreement yet comes first
    header = html.fromstring(
        coordinator_client.get("/agreements/", {"sort": "status"}).content.decode()
    ).xpath("//th[@aria-sort]")
    assert [th.get("aria-sort") for th in header] == ["ascending"]


def test_a_page_past_the_end_or_not_a_number_shows_a_page_that_exists(coordinator_client):
    assert len(listed(coordinator_client.get("/agreements/", {"page": "999"}))) == 308 - 6 * 50
    assert len(listed(coordinator_client.get("/agreements/", {"page": "x"}))) == 50
