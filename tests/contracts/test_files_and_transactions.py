"""A file in the private storage exists only with the row that points to it: when the
database refuses the row (here a trigger the test adds, so the failure is a real database
error, not a stand-in), the file written for it is removed again. `manage.py orphan_files`
lists the files no row points to and removes them with --delete, never one a row names.

Runs on SQLite and on PostgreSQL."""

import io
from contextlib import contextmanager

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import DatabaseError, connection

from contracts.models import AgreementStatus, SignatureEvidence
from onboarding.models import Job
from tests.contracts.conftest import fresh, private_files, stored_bytes
from tests.contracts.test_bad_input import api_sign, assert_nothing_recorded, page_post
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@contextmanager
def database_refuses(table: str, event: str = "INSERT"):
    """The database refuses `event` ("INSERT", "UPDATE OF result") on `table` while inside."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER test_refuse BEFORE {event} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION test_refuse()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER test_refuse BEFORE {event} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER test_refuse ON {table}")
                cursor.execute("DROP FUNCTION test_refuse()")
            else:
                cursor.execute("DROP TRIGGER test_refuse")


# --- a failed save leaves no file -------------------------------------------------------------


@pytest.mark.parametrize(
    "table",
    [
        "contracts_signatureevidence",  # the row that points to the file
        "onboarding_transitionlog",  # a later step of the same signing
    ],
)
def test_a_signature_the_database_refuses_leaves_no_file_behind(
    table, helsinki_manager, client_for, signed_pdf
):
    agreement = AgreementFactory(code="091", sent=True)
    client = client_for(helsinki_manager)
    client.raise_request_exception = False
    before = private_files("signed")
    with database_refuses(table):
        response = page_post(client, agreement, signed_pdf)
    assert response.status_code == 500
    assert_nothing_recorded(agreement, before)


def test_after_the_failure_the_same_signature_goes_through(
    helsinki_manager, client_for, api_for, signed_pdf
):
    agreement = AgreementFactory(code="091", sent=True)
    client = client_for(helsinki_manager)
    client.raise_request_exception = False
    before = private_files("signed")
    with database_refuses("contracts_signatureevidence"):
        assert page_post(client, agreement, signed_pdf).status_code == 500
    response = api_sign(api_for(helsinki_manager), agreement, signed_pdf)
    assert response.status_code == 200, response.content
    evidence = fresh(agreement).evidence
    assert private_files("signed") == before | {evidence.file.name.removeprefix("signed/")}
    assert stored_bytes(evidence.file) == signed_pdf


def test_a_zip_whose_job_cannot_be_saved_is_not_kept(
    coordinator, client_for, django_capture_on_commit_callbacks
):
    AgreementFactory(code="091", signed=True)
    AgreementFactory(code="049", signed=True)
    client = client_for(coordinator)
    before = private_files("jobs")
    with database_refuses("onboarding_job", "UPDATE OF result"), pytest.raises(DatabaseError):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/agreements/bulk/zip/", {"consortium": "helmet", "confirm": "1"})
    job = Job.objects.get(kind="signed_zip")
    progress = client.get(f"/jobs/{job.pk}/", {"format": "json"}).json()
    assert progress["status"] == "failed"
    assert progress["download"] is None
    assert private_files("jobs") == before


# --- manage.py orphan_files -------------------------------------------------------------------


def orphan_files(*options) -> str:
    out = io.StringIO()
    call_command("orphan_files", *options, stdout=out)
    return out.getvalue()


@pytest.fixture
def signed_and_planted(helsinki_manager, api_for, signed_pdf):
    """A signed agreement (its PDF has a row) and two files no row points to: one in the
    private storage, where the app writes, and one in the media storage, where it never does
    (what operations staff keep there is not the app's to remove)."""
    agreement = AgreementFactory(code="091", sent=True)
    assert api_sign(api_for(helsinki_manager), agreement, signed_pdf).status_code == 200
    private, media = storages["private"], storages["default"]
    orphan = private.save("signed/ekirjasto-091-signed-orphan.pdf", ContentFile(signed_pdf))
    stray = media.save("uploads/stray.txt", ContentFile(b"left behind"))
    yield fresh(agreement).evidence, orphan, stray
    for storage, name in ((private, orphan), (media, stray)):
        storage.delete(name)


def test_the_command_lists_the_files_no_row_points_to(signed_and_planted):
    evidence, orphan, stray = signed_and_planted
    report = orphan_files("--min-age", "0")
    assert f"private: {orphan}" in report
    assert stray not in report  # no FileField writes to the media storage
    assert evidence.file.name not in report
    assert "(poista valitsimella --delete)" in report  # in Finnish, the default
    assert storages["private"].exists(orphan)  # only listed
    assert storages["default"].exists(stray)


def test_the_command_removes_them_with_delete_and_keeps_what_rows_point_to(
    signed_and_planted, helsinki_manager, client_for, signed_pdf
):
    evidence, orphan, stray = signed_and_planted
    report = orphan_files("--delete", "--min-age", "0")
    assert f"private: {orphan}" in report
    assert "Poistettiin" in report
    assert not storages["private"].exists(orphan)
    assert storages["default"].exists(stray)
    # Every file a row names is still there: the signed PDF, and the agreement templates.
    assert storages["private"].exists(evidence.file.name)
    for evidence_row in SignatureEvidence.objects.all():
        assert evidence_row.file.storage.exists(evidence_row.file.name)
    agreement = fresh(evidence.agreement)
    assert agreement.status == AgreementStatus.SIGNED
    for template_file in agreement.template.files.all():
        assert template_file.file.storage.exists(template_file.file.name)
    download = client_for(helsinki_manager).get(f"/agreements/{agreement.pk}/files/signed/")
    assert b"".join(download.streaming_content) == signed_pdf
    assert orphan_files("--min-age", "0").count(orphan) == 0


def test_a_file_just_written_is_left_alone(signed_and_planted):
    """Its row may be in a transaction that has not committed yet."""
    _evidence, orphan, stray = signed_and_planted
    report = orphan_files("--delete")  # the default: only files an hour old
    assert orphan not in report
    assert storages["private"].exists(orphan)
    assert storages["default"].exists(stray)
    assert "jätettiin ennalleen (alle 60 minuuttia vanhoja)" in report
