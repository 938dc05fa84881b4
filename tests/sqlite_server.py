"""The embedded default as `make run` serves it: `manage.py runserver` (threaded) with the
production settings module and DEBUG on, over a SQLite *file* database.

The test settings keep SQLite in memory, which says nothing about how the file database of
`make run` behaves when several requests write at once. `sqlite_server(directory)` copies the
test database as it is now (reference data and whatever the test committed: use it from a
transactional test) into a file and serves that file from a separate process, so every request
runs on its own connection with the options of config/settings.py. `post(...)` sends many
requests at the same moment from threads.
"""

import contextlib
import functools
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from tests.concurrency import at_once

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 90  # seconds; system checks take a few


@dataclass
class Answer:
    status: int
    body: dict


@dataclass
class Server:
    url: str
    database: Path
    env: dict

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read the served file database directly (the test's own connection is elsewhere)."""
        with contextlib.closing(sqlite3.connect(self.database, timeout=30)) as db:
            return db.execute(sql, params).fetchall()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _copy_test_database(target: Path) -> None:
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)


def embedded_env(directory: Path, database: Path) -> dict:
    """The environment of `make run` over `database`, with its files and broker in `directory`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "on",
        "DATABASE_URL": f"sqlite:///{database}",
        # The file-system broker of `make run`: tasks queue there for a worker (embedded_workers).
        "CELERY_BROKER_DIR": str(directory / "broker"),
        "PRIVATE_ROOT": str(directory / "private"),
        "MEDIA_ROOT": str(directory / "media"),
        "LOG_LEVEL": "WARNING",
    }
    for name in ("CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "CACHE_URL", "TASK_QUEUE"):
        env.pop(name, None)
    return env


def worker_process(env: dict, queues: str, name: str, log: Path) -> subprocess.Popen:
    """A real Celery worker as `make run` starts one (prefork, one child), in a process group
    of its own so that a test can kill it with its child."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-n",
            f"{name}@%h",
            "-Q",
            queues,
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def manage_shell(env: dict, code: str) -> str:
    """Run Python in `manage.py shell` with `env`; its last line of output."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return (done.stdout.strip().splitlines() or [""])[-1]


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def sqlite_server(directory: Path):
    if connection.vendor != "sqlite":
        raise RuntimeError("sqlite_server copies the SQLite test database")
    database = directory / "db.sqlite3"
    _copy_test_database(database)
    port = _free_port()
    env = embedded_env(directory, database)
    log_path = directory / "server.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start:\n" + log_path.read_text())
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.2)
        yield Server(url=f"http://127.0.0.1:{port}", database=database, env=env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def embedded_workers(server: Server):
    """The two workers of `make run` beside the server: jobs and documents (config/queues.py)."""
    directory = server.database.parent
    workers = [
        worker_process(server.env, "celery", "jobs", directory / "jobs.log"),
        worker_process(server.env, "celery.documents", "documents", directory / "documents.log"),
    ]
    try:
        yield workers
    finally:
        for worker in workers:
            stop_process(worker)


def _send(request: urllib.request.Request) -> Answer:
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        body = {"raw": raw.decode("utf-8", "replace")[:2000]}
    return Answer(status, body)


def post_at_once(requests: list[urllib.request.Request]) -> list[Answer]:
    """Send every request from its own thread, released together; the answers in order."""
    return [
        Answer(0, {"error": str(result)}) if isinstance(result, OSError) else result  # no answer
        for result in at_once([functools.partial(_send, r) for r in requests], timeout=180)
    ]


def api_post(
    server: Server, path: str, token: str, data: bytes = b"", content_type: str = ""
) -> urllib.request.Request:
    headers = {"Authorization": f"Token {token}", "Accept-Language": "en"}
    if content_type:
        headers["Content-Type"] = content_type
    return urllib.request.Request(server.url + path, data=data, headers=headers, method="POST")


def multipart(files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body of files and its content type, for api_post."""
    boundary = "----sqlite-server-test-boundary"
    parts = []
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
