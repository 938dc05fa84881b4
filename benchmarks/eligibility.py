"""Throughput and latency of the eligibility endpoint under gunicorn (2 sync workers), side by
side with a trivial view that returns a fixed JSON body through the same middleware.

    .venv/bin/python benchmarks/eligibility.py [--seconds 10] [--concurrency 4] [--rounds 4]

The database is a fresh SQLite file under var/ (deleted at the end), or DATABASE_URL if set: a
PostgreSQL database that does not exist yet, which the script creates and drops (e.g.
postgres://postgres@127.0.0.1:5432/bench_eligibility). The cache is CACHE_URL if set (e.g.
rediscache://127.0.0.1:6379/5, shared by the workers), else locmem (one per worker process).
CONN_MAX_AGE is passed through as in production (default 0: a connection per request).

Each URL gets a steady closed-loop load: `--concurrency` client processes, each sending its
next request as soon as the last one is answered, for `--seconds` in all, split into
`--rounds` alternating slices (trivial, eligibility, eligibility, trivial, ...) so that
other load on the machine falls on both alike. Every response is checked (status 200 and the
exact body) and every latency recorded. Target: eligibility at least 80 % of the trivial view's
requests per second; the exit status is 1 below it (or on any error).

Load generator and server share this machine's cores; the table also shows the gunicorn
workers' CPU time per request, which does not depend on how the client competes for CPU.
"""

import argparse
import http.client
import io
import logging
import math
import multiprocessing
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLITE = ROOT / "var" / "bench-eligibility.sqlite3"
GUNICORN_LOG = ROOT / "var" / "bench-eligibility-gunicorn.log"
TRIVIAL = "/bench/trivial/"
DAY = "2025-06-01"  # Helsinki (launch cohort) is joined in the demo agreements
ELIGIBILITY = f"/api/v1/eligibility/091/?on={DAY}"
TARGET = 0.80
# Production sits behind a TLS proxy with SECURE_SSL_REDIRECT on; the benchmark does the same.
PROXY_HEADERS = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}


# --- load generator: runs in spawned processes, so nothing here may need Django ------------


def _load(port, path, headers, expected, seconds, barrier, results):
    """Requests one after another for `seconds`; every latency, the errors, own CPU time."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies = array("d")
    errors = 0
    first_error = None
    barrier.wait()
    cpu = time.process_time()
    started = time.perf_counter()
    stop = started + seconds
    now = started
    while now < stop:
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read()
            ok = response.status == 200 and body == expected
            if not ok and first_error is None:
                first_error = f"{response.status} {body[:300]!r}"
        except (OSError, http.client.HTTPException) as error:
            conn.close()
            ok = False
            first_error = first_error or repr(error)
        end = time.perf_counter()
        latencies.append(end - now)
        errors += not ok
        now = end
    conn.close()
    results.put(
        (latencies.tobytes(), errors, first_error, time.process_time() - cpu, now - started)
    )


def _worker_cpu(master_pid: int) -> float:
    """CPU seconds used so far by gunicorn's workers (children of the master)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master_pid:  # ppid; utime and stime follow at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / tick


class Run:
    """What the load on one URL gave, added up over the rounds."""

    def __init__(self, label):
        self.label = label
        self.latencies = array("d")
        self.errors = 0
        self.first_error = None
        self.rates = []
        self.client_cpu = 0.0
        self.server_cpu = 0.0

    def add(self, results, server_cpu):
        rate = 0.0
        for raw, errors, first_error, cpu, elapsed in results:
            latencies = array("d")
            latencies.frombytes(raw)
            self.latencies.extend(latencies)
            self.errors += errors
            self.first_error = self.first_error or first_error
            self.client_cpu += cpu
            rate += len(latencies) / elapsed
        self.rates.append(rate)
        self.server_cpu += server_cpu

    @property
    def requests(self):
        return len(self.latencies)

    @property
    def rate(self):
        return sum(self.rates) / len(self.rates)

    def percentile(self, p):
        ordered = sorted(self.latencies)
        return ordered[max(math.ceil(p * len(ordered)) - 1, 0)] * 1000


def load(*, port, master_pid, path, headers, expected, seconds, concurrency):
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(concurrency + 1)
    results = ctx.Queue()
    clients = [
        ctx.Process(
            target=_load,
            args=(port, path, headers, expected, seconds, barrier, results),
            daemon=True,
        )
        for _ in range(concurrency)
    ]
    for client in clients:
        client.start()
    barrier.wait()
    cpu = _worker_cpu(master_pid)
    collected = [results.get(timeout=seconds + 60) for _ in clients]
    cpu = _worker_cpu(master_pid) - cpu
    for client in clients:
        client.join()
    return collected, cpu


# --- database, data and server -----------------------------------------------------------


def _environment() -> dict:
    env = {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "on",
        "LOG_LEVEL": "WARNING",
        "BENCH_CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
    }
    if not os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{SQLITE}"
    os.environ.update(env)
    return dict(os.environ)


def _postgres_admin(config):
    import psycopg

    params = {
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
    }
    return psycopg.connect(
        dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}
    )


def database_create() -> tuple[str, object]:
    """A fresh database; returns a description and what database_drop needs."""
    import environ

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "sqlite" in config["ENGINE"]:
        if Path(config["NAME"]) != SQLITE:
            sys.exit("With SQLite the benchmark uses its own file; unset DATABASE_URL.")
        for path in _sqlite_files():
            path.unlink(missing_ok=True)
        SQLITE.parent.mkdir(parents=True, exist_ok=True)
        return f"SQLite file {SQLITE.relative_to(ROOT)} (WAL)", ("sqlite", None)
    if "postgresql" not in config["ENGINE"]:
        sys.exit("DATABASE_URL: only PostgreSQL or no DATABASE_URL (SQLite) is supported.")
    from psycopg import sql

    name = config["NAME"]
    with _postgres_admin(config) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            sys.exit(
                f"Database {name} exists. The benchmark creates and drops its own database: "
                "give the name of one that does not exist."
            )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"PostgreSQL database {name} (created for this run)", ("postgres", config)


def database_drop(created) -> None:
    from django.db import connections

    connections.close_all()
    kind, config = created
    if kind == "sqlite":
        for path in _sqlite_files():
            path.unlink(missing_ok=True)
        return
    from psycopg import sql

    with _postgres_admin(config) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(config["NAME"])
            )
        )


def _sqlite_files():
    return [SQLITE, SQLITE.with_name(SQLITE.name + "-wal"), SQLITE.with_name(SQLITE.name + "-shm")]


def seed() -> str:
    """Migrations, the real reference data, the demo agreements; returns a token's key."""
    from django.core.management import call_command
    from django.db import connection

    from onboarding.models import Programme
    from onboarding.services.accounts import integration_token_create
    from scheduling.demo import history_seed

    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    call_command("migrate", interactive=False, **quiet)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # readers go on while a worker writes
            cursor.execute("PRAGMA journal_mode=WAL")
    call_command("load_reference_data", **quiet)
    call_command("seed_demo", **quiet)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # font notes of the demo PDF
    history_seed(programme=Programme.objects.get(slug="ekirjasto"))
    _token, key = integration_token_create(name="bench", scopes=["eligibility"])
    return key


def cache_description() -> str:
    from django.conf import settings

    from onboarding.api.authentication import cache_seconds

    backend = settings.CACHES["default"]["BACKEND"]
    if "locmem" in backend:
        where = "locmem (one per process: each worker fills its own)"
    else:
        where = f"{backend.rsplit('.', 1)[-1]} at {os.environ.get('CACHE_URL')} (shared)"
    seconds = cache_seconds()
    tokens = f"token lookups cached up to {seconds} s" if seconds else "token lookups not cached"
    return f"{where}; {tokens}"


def cache_cleanup() -> None:
    """Remove this run's keys from a shared cache (they carry the run's own prefix)."""
    from django.conf import settings
    from django.core.cache import cache

    if "redis" not in settings.CACHES["default"]["BACKEND"]:
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)


def in_process(auth) -> tuple[bytes, bytes, int, int]:
    """The expected bodies, and the SQL queries of a first and a cached eligibility request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    with CaptureQueriesContext(connection) as first:
        client.get(ELIGIBILITY, HTTP_AUTHORIZATION=auth)
    with CaptureQueriesContext(connection) as cached:
        response = client.get(ELIGIBILITY, HTTP_AUTHORIZATION=auth)
    counts = len(first), len(cached)  # before the next request resets the query log
    answer = response.json()
    if response.status_code != 200 or answer["municipality"] != "091" or not answer["joined"]:
        sys.exit(f"Unexpected eligibility answer: {response.status_code} {answer}")
    trivial = client.get(TRIVIAL)
    if trivial.status_code != 200:
        sys.exit(f"Unexpected trivial answer: {trivial.status_code}")
    return response.content, trivial.content, *counts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_start(env, port, log):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers=2",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        f"--chdir={ROOT}",
    ]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def gunicorn_wait(server, port, timeout=30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}); see {GUNICORN_LOG}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", TRIVIAL, headers=PROXY_HEADERS)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in {timeout:.0f} s; see {GUNICORN_LOG}")


def gunicorn_stop(server) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # graceful: workers finish their request
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- the run -------------------------------------------------------------------------------


def report(runs, *, concurrency, seconds, rounds, queries) -> bool:
    trivial, eligibility = runs
    width = max(len(run.label) for run in runs)
    header = (
        f"{'URL':<{width}}  {'requests':>8}  {'req/s':>7}  {'p50 ms':>7}  {'p99 ms':>7}  "
        f"{'errors':>6}  {'server CPU ms/req':>17}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        print(
            f"{run.label:<{width}}  {run.requests:>8}  {run.rate:>7.0f}  "
            f"{run.percentile(0.50):>7.2f}  {run.percentile(0.99):>7.2f}  {run.errors:>6}  "
            f"{1000 * run.server_cpu / max(run.requests, 1):>17.3f}"
        )
    print()
    ratio = eligibility.rate / trivial.rate
    cpu_ratio = (trivial.server_cpu / trivial.requests) / (
        eligibility.server_cpu / eligibility.requests
    )
    verdict = "PASS" if ratio >= TARGET else "BELOW TARGET"
    per_round = ", ".join(
        f"{e / t:.0%}" for t, e in zip(trivial.rates, eligibility.rates, strict=True)
    )
    print(
        f"eligibility / trivial throughput: {ratio:.0%} (target {TARGET:.0%}): {verdict}"
        f" (rounds: {per_round})"
    )
    print(f"trivial / eligibility server CPU per request: {cpu_ratio:.0%}")
    client_cpu = sum(run.client_cpu for run in runs) / (2 * seconds)
    print(
        f"load generator: {concurrency} processes, {client_cpu:.0%} of one core on average "
        f"({os.cpu_count()} cores shared with the 2 workers); {rounds} rounds of "
        f"{seconds / rounds:.1f} s per URL"
    )
    print(f"SQL queries: first eligibility request {queries[0]}, cached request {queries[1]}")
    for run in runs:
        if run.first_error:
            print(f"first error on {run.label}: {run.first_error}")
    return ratio >= TARGET and not (trivial.errors or eligibility.errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="load per URL (default 10)")
    parser.add_argument("--concurrency", type=int, default=4, help="client processes (4)")
    parser.add_argument("--rounds", type=int, default=4, help="alternating slices (4)")
    args = parser.parse_args()
    if args.seconds <= 0 or args.concurrency < 1 or args.rounds < 1:
        parser.error("--seconds, --concurrency and --rounds must be positive")

    sys.path.insert(0, str(ROOT))
    env = _environment()
    import django

    django.setup()
    from django.db import connections

    database, created = database_create()
    server = None
    log = None
    try:
        key = seed()
        auth = f"Token {key}"
        expected, trivial_body, *queries = in_process(auth)
        cache = cache_description()
        connections.close_all()  # the workers open their own

        port = free_port()
        log = GUNICORN_LOG.open("wb")
        server = gunicorn_start(env, port, log)
        gunicorn_wait(server, port)
        print(f"gunicorn: 2 sync workers on 127.0.0.1:{port}, settings benchmarks.settings")
        print(f"database: {database}; CONN_MAX_AGE={os.environ.get('CONN_MAX_AGE', '0')}")
        print(f"cache: {cache}")
        print("trivial view: fixed JSON, no authentication, same middleware")
        print(f"eligibility: integration token, answer {expected.decode()}")
        print()

        targets = [
            (f"{TRIVIAL} (no auth)", TRIVIAL, PROXY_HEADERS, trivial_body),
            (ELIGIBILITY, ELIGIBILITY, {**PROXY_HEADERS, "Authorization": auth}, expected),
        ]
        common = {"port": port, "master_pid": server.pid, "concurrency": args.concurrency}
        for _label, path, headers, body in targets:  # both workers fill caches, import code
            results, _cpu = load(path=path, headers=headers, expected=body, seconds=1, **common)
            for _raw, errors, first_error, *_rest in results:
                if errors:
                    raise RuntimeError(f"warm-up of {path} failed: {first_error}")
        runs = [Run(label) for label, *_rest in targets]
        for round_ in range(args.rounds):
            order = [0, 1] if round_ % 2 == 0 else [1, 0]
            for index in order:
                _label, path, headers, body = targets[index]
                runs[index].add(
                    *load(
                        path=path,
                        headers=headers,
                        expected=body,
                        seconds=args.seconds / args.rounds,
                        **common,
                    )
                )
        passed = report(
            runs,
            concurrency=args.concurrency,
            seconds=args.seconds,
            rounds=args.rounds,
            queries=queries,
        )
    finally:
        if server is not None:
            gunicorn_stop(server)
        if log is not None:
            log.close()
        cache_cleanup()
        database_drop(created)
    GUNICORN_LOG.unlink(missing_ok=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
