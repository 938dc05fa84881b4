"""Eight coordinators countersign the same signed agreement at the same moment on the embedded
default: `make run`'s threaded server over a SQLite file. Exactly one succeeds; the seven
others are told, with a 409, that it is in force already. None gets a 500 ("database is
locked"), which is what SQLite's default transactions gave (config/settings.py, SQLITE_OPTIONS).

The PostgreSQL pass of CI has the row-lock test beside this one (test_concurrency.py)."""

import pytest
from django.db import connection

from onboarding.services.accounts import api_token_create
from tests.factories import AgreementFactory, UserFactory
from tests.sqlite_server import api_post, post_at_once, sqlite_server

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATORS = 8


@pytest.fixture
def signed_agreement(reference_db):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded SQLite default; PostgreSQL has test_concurrency.py")
    return AgreementFactory(code="091", signed=True)


def test_eight_simultaneous_countersigns_on_sqlite_give_one_200_and_seven_409(
    signed_agreement, tmp_path
):
    keys = [
        api_token_create(
            user=UserFactory(coordinator=True, username=f"t-sqlite-coordinator-{n}"), name="t"
        )[1]
        for n in range(COORDINATORS)
    ]
    path = f"/api/v1/agreements/{signed_agreement.pk}/countersign/"
    with sqlite_server(tmp_path) as server:
        answers = post_at_once([api_post(server, path, key) for key in keys])
        stored = server.query(
            "SELECT status FROM contracts_agreement WHERE id = ?", (signed_agreement.pk,)
        )
        countersigns = server.query(
            "SELECT count(*) FROM onboarding_transitionlog "
            "WHERE transition = 'countersign' AND object_id = ?",
            (signed_agreement.pk,),
        )

    statuses = sorted(answer.status for answer in answers)
    assert statuses == [200] + [409] * (COORDINATORS - 1), answers
    assert next(a for a in answers if a.status == 200).body["state"] == "in_force"
    for refused in (a for a in answers if a.status == 409):
        assert "is in force, so it cannot be countersigned" in refused.body["detail"], refused
    assert stored == [("in_force",)]
    assert countersigns == [(1,)]
