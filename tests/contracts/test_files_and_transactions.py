"""A file in the private storage exists only with the row that points to it: when the
database refuses the row (here a trigger the test adds, so the failure is a real database
error, not a stand-in), the file written for it is removed again.

Runs on SQLite and on PostgreSQL."""

from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection

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
