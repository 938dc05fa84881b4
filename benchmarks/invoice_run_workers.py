"""Wall time of the yearly invoice run with 1 and with 2 real Celery workers, on PostgreSQL
and Redis (the production setup), over the demo history.

    .venv/bin/python benchmarks/invoice_run_workers.py [--workers 1 2]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379. Creates and
drops its own database; the workers are separate processes, as in production.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = f"onboarding_bench_{os.getpid()}"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "on",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
    "PRIVATE_ROOT": tempfile.mkdtemp(prefix="bench-private-"),
    "EMAIL_URL": "dummymail://",
}


def manage(*args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB}"], check=True
    )
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    try:
        manage("migrate", "-v0")
        manage("load_reference_data")
        import django

        django.setup()
        from billing.models import Invoice, InvoiceCounter, InvoiceLine, InvoiceRun
        from billing.services.runs import invoice_run_start
        from onboarding.demo import programme_seed
        from onboarding.models import Job, Role, User
        from scheduling.demo import history_seed

        programme = programme_seed()
        from contracts.services.documents import agreement_template_create

        agreement_template_create(programme=programme)
        history_seed(programme=programme)
        finance = User.objects.create_user("bench", password="x", role=Role.FINANCE)
        subprocess.run(["redis-cli", "-n", "14", "FLUSHDB"], check=True, stdout=subprocess.DEVNULL)
        for count in args.workers:
            InvoiceLine.objects.all().delete()
            Invoice.objects.all().delete()
            InvoiceRun.objects.all().delete()
            Job.objects.all().delete()
            InvoiceCounter.objects.all().delete()
            workers = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "onboarding",
                        "worker",
                        "-c",
                        "1",
                        "-P",
                        "prefork",
                        "-n",
                        f"bench{i}@%h",
                        "--without-gossip",
                        "--without-mingle",
                        "-l",
                        "WARNING",
                    ],
                    cwd=ROOT,
                    env=ENV,
                )
                for i in range(count)
            ]
            time.sleep(6)  # let them connect
            started = time.perf_counter()
            run = invoice_run_start(programme=programme, year=2025, by=finance)
            while True:
                job = Job.objects.get(pk=run.job_id)
                if job.status in (Job.Status.DONE, Job.Status.FAILED):
                    break
                if time.perf_counter() - started > 900:
                    raise SystemExit("the run did not finish in 15 minutes")
                time.sleep(0.5)
            elapsed = time.perf_counter() - started
            numbers = sorted(Invoice.objects.values_list("sequence", flat=True))
            gapless = numbers == list(range(1, len(numbers) + 1))
            print(
                f"{count} worker(s): {len(numbers)} invoices with PDFs in {elapsed:.1f} s "
                f"({len(numbers) / elapsed:.1f}/s), job {job.status}, "
                f"{len(job.errors)} errors, numbers gapless: {gapless}"
            )
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.wait(timeout=30)
    finally:
        from django.db import connections

        connections.close_all()
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"],
            check=False,
        )


if __name__ == "__main__":
    main()
