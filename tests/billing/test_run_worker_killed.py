"""A worker killed in the middle of the 2025 invoice run, as a machine dies: a real Celery
worker process (prefork, as `make run` starts it) on the embedded file-system broker over a
SQLite file, and on Redis over the suite's database; SIGKILL to its whole process group.

Started again, the worker finishes what is left in the queue; the task it was running when
killed is lost with it (the file-system broker has no redelivery, Redis redelivers only after
an hour), so the run stays unfinished, its page shows it stopped after JOB_STALE_SECONDS, and
resuming finishes it. In the end every payer has exactly one invoice and the numbers have no
gap, whatever moment the kill hit."""

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from config.queues import document_queue
from tests.sqlite_server import (
    _copy_test_database,
    embedded_env,
    manage_shell,
    stop_process,
    worker_process,
)

STALE_SECONDS = 3
INVOICES_OF_RUN = "SELECT {} FROM contracts_invoice WHERE run_id = %s"
PAYERS = 24  # about: members of the smallest connection units, each its own payer


def _redis_up() -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 6379), 1):
        return True
    return False


class Installation:
    """The database, broker and environment a worker and `manage.py` share."""

    def __init__(self, broker: str, directory: Path):
        self.directory = directory
        queue = f"killed-worker-{uuid.uuid4().hex[:8]}"
        if connection.vendor == "sqlite":
            self.database = directory / "db.sqlite3"
            _copy_test_database(self.database)
            self.env = embedded_env(directory, self.database)
        else:
            self.database = None
            settings = connection.settings_dict
            self.env = embedded_env(directory, directory / "unused.sqlite3")
            self.env["DATABASE_URL"] = (
                f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
                f"{settings['PORT'] or 5432}/{settings['NAME']}"
            )
        self.env.update(TASK_QUEUE=queue, JOB_STALE_SECONDS=str(STALE_SECONDS))
        if broker == "redis":  # else the file-system broker of the embedded default
            self.env["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/13"
        self.worker: subprocess.Popen | None = None
        self.logs: list[Path] = []

    def manage(self, code: str) -> str:
        return manage_shell(self.env, code)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.database:
            with contextlib.closing(sqlite3.connect(self.database, timeout=30)) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def start_worker(self) -> None:
        log = self.directory / f"worker-{len(self.logs)}.log"
        self.logs.append(log)
        queue = self.env["TASK_QUEUE"]
        both = f"{queue},{document_queue(queue)}"
        self.worker = worker_process(self.env, both, f"{queue}-{len(self.logs)}", log)

    def kill_worker(self) -> None:
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait(timeout=30)

    def log_tail(self) -> str:
        return "\n".join(log.read_text()[-2000:] for log in self.logs)


def _wait(predicate, timeout: float, what: str, installation: Installation):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}\n{installation.log_tail()}")


@pytest.mark.parametrize("broker", ["filesystem", "redis"])
def test_a_killed_worker_leaves_every_payer_one_invoice_and_no_gap(broker, reference_db, tmp_path):
    if broker == "redis" and not _redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    from tests.factories import UserFactory, join_smallest_units

    join_smallest_units(PAYERS)
    UserFactory(finance=True, username="run-finance")
    site = Installation(broker, tmp_path)
    started = site.manage(
        "from billing.services.runs import invoice_run_start\n"
        "from onboarding.models import Programme, User\n"
        "run = invoice_run_start(programme=Programme.objects.get(slug='ekirjasto'), year=2025,"
        " by=User.objects.get(username='run-finance'))\n"
        "print(run.pk, run.job_id)"
    )
    run_id, job_id = map(int, started.split()[-2:])

    def invoices() -> int:
        return site.query(INVOICES_OF_RUN.format("COUNT(*)"), (run_id,))[0][0]

    def job() -> tuple[str, int, int]:
        sql = "SELECT status, done, total FROM onboarding_job WHERE id = %s"
        return site.query(sql, (job_id,))[0]

    try:
        site.start_worker()
        _wait(lambda: invoices() >= 3, 120, "the first invoices", site)
        site.kill_worker()
        killed_at = invoices()
        status, _done, total = job()
        assert status == "running" and total >= PAYERS * 2 // 3
        assert killed_at < total, "the kill came too late to test"

        site.start_worker()  # takes what is left in the queue

        def settled():
            before = (invoices(), job())
            time.sleep(STALE_SECONDS + 1)
            return before == (invoices(), job()) and before

        count, (status, done, total) = _wait(settled, 300, "the queue to drain", site)
        if status != "done":  # the task the kill interrupted was lost with the worker
            page = site.manage(
                "from onboarding.models import Job\n"
                "from onboarding.services.jobs import job_view\n"
                f"print(job_view(Job.objects.get(pk={job_id})).text)"
            )
            assert page.startswith("Pysähtynyt: "), page  # shown stopped, in Finnish
            site.manage(
                "from onboarding.models import Job\n"
                "from onboarding.services.jobs import job_resume\n"
                f"job_resume(job=Job.objects.get(pk={job_id}))"
            )
            _wait(lambda: job()[0] == "done", 300, "the resumed run", site)
    finally:
        stop_process(site.worker)

    status, done, total = job()
    assert status == "done" and done == total
    payers = site.query(
        "SELECT payer_id, COUNT(*) FROM contracts_invoice WHERE run_id = %s GROUP BY payer_id",
        (run_id,),
    )
    assert len(payers) == total and all(n == 1 for _payer, n in payers)
    sequences = sorted(n for (n,) in site.query(INVOICES_OF_RUN.format("sequence"), (run_id,)))
    assert sequences == list(range(sequences[0], sequences[0] + total))
    without_pdf = site.query(
        "SELECT COUNT(*) FROM contracts_invoice WHERE run_id = %s AND pdf = ''", (run_id,)
    )[0][0]
    assert without_pdf == 0
