"""Prove that a database made by an older commit migrates to this code with every row intact.

    .venv/bin/python scripts/check_migration_path.py              # from b83a22e, on SQLite
    .venv/bin/python scripts/check_migration_path.py --postgres   # a fresh PostgreSQL database
    .venv/bin/python scripts/check_migration_path.py --from REV   # another starting commit

Run it from anywhere inside the clone; the code checked is the working tree the script is in.

1. A temporary `git worktree` of the old commit (default b83a22e, the last one before waves,
   connections and checklists moved to `scheduling` and fees and invoices to `billing`).
2. The OLD code builds a database there: `migrate`, `load_reference_data`, `seed_demo`, then a
   2025 invoice run (tasks in-process), one invoice sent and paid, one sent and credited, and
   a unit scheduled into a wave ahead (a transition log row and a notification on a connection).
3. Every table's row count, the invoice numbers and, for every transition log and notification
   row, the table and id its generic link points at (and whether that row exists) are recorded.
4. THIS code's `manage.py migrate` runs on the same database; the same is recorded again, and the
   moved rows are read back through this code's models.
5. The two records are compared: the same tables with the same counts (django_migrations grows
   by exactly the migrations that are new), the same invoice numbers in the same order, every
   link still resolving to the same row. Any difference prints and exits 1.

If the old commit is not in the clone because the clone is shallow (CI), the check says so and
exits 0 as skipped: a missing commit says nothing about the code. Exit 1: a difference, or this
code's migrate failed on the old database. Exit 2: the check could not run (the old code failed
to build its database, git or PostgreSQL refused).

Invoice PDFs are a placeholder in the old run (WeasyPrint would take two more minutes; the
database rows are the same either way); --real-pdfs renders them.
"""

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FROM = "b83a22e"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
STEP_TIMEOUT = 30 * 60  # seconds; no step takes more than a minute on SQLite
MARKER = "MIGRATION-PATH-JSON "
MIGRATIONS_TABLE = "django_migrations"
INVOICE_TABLE = "contracts_invoice"
LINK_TABLES = ("onboarding_transitionlog", "onboarding_notification")

# Runs manage.py with the old (or the new) tree as the only source of the project's packages.
# The virtualenv holds an editable install of the main checkout, whose import finder would
# serve any package missing from the tree being run (billing/, config/ ... are missing from
# the old one) out of that checkout: drop the finder, its path hook and its sys.path entry,
# then refuse to start if a project package would still come from anywhere but this tree.
BOOTSTRAP = r"""
import importlib.util, os, runpy, sys

def _editable(thing):
    names = (getattr(thing, "__module__", None), type(thing).__module__,
             getattr(thing, "__name__", None))
    return any("__editable__" in (name or "") for name in names)

hidden = set()
for finder in sys.meta_path:
    if _editable(finder):
        module = sys.modules.get(getattr(finder, "__module__", "") or "")
        hidden |= set(getattr(module, "MAPPING", {}))
        hidden |= {n.partition(".")[0] for n in getattr(module, "NAMESPACES", {})}
sys.meta_path[:] = [f for f in sys.meta_path if not _editable(f)]
sys.path_hooks[:] = [h for h in sys.path_hooks if not _editable(h)]
sys.path[:] = [p for p in sys.path if "__editable__" not in p]
sys.path_importer_cache.clear()
here = os.getcwd()
if sys.path[:1] not in ([""], [here]):
    sys.path.insert(0, here)
local = {n for n in os.listdir(here) if os.path.isfile(os.path.join(here, n, "__init__.py"))}
for name in sorted(hidden | local):
    spec = importlib.util.find_spec(name)
    if spec is None:
        continue
    origin = spec.origin or next(iter(spec.submodule_search_locations or []), "")
    if not os.path.abspath(origin).startswith(here + os.sep):
        sys.exit(f"bootstrap: {name} would be imported from {origin}, not from {here}")
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""

# The old code (b83a22e layout), mostly through its own services: a fee rate decision and a
# payer assignment (no service: the admin's way), a 2025 invoice run (eager tasks), an invoice
# sent and paid, one sent and credited, a unit scheduled (a log row and a notification).
OLD_ACTIVITY = r"""
import datetime
import os

import contracts.invoice_documents as documents
from contracts.billing_models import Invoice, InvoiceRun, PayerAssignment
from contracts.services.invoicing import (
    fee_rate_decide,
    invoice_credit,
    invoice_mark_sent,
    invoice_run_start,
)
from contracts.services.payments import payments_import
from onboarding import selectors as registry
from onboarding.models import Job, Municipality, Programme, Role, User, Wave
from scheduling import selectors
from scheduling.services import schedule_confirm

if not os.environ.get("CHECK_REAL_PDFS"):
    def placeholder(invoice):
        return b"%PDF-1.4 placeholder of " + invoice.number.encode()

    documents.render_invoice_pdf = placeholder
programme = Programme.objects.get(slug="ekirjasto")
finance = User.objects.get(username="finance")
coordinator = User.objects.get(username="coordinator")
fee_rate_decide(
    programme=programme, rate=programme.fee_per_resident, from_year=2025,
    basis="migration path check", cost_analysis_url="", decided_by="check",
    decided_on=datetime.date(2024, 11, 1), by=finance,
)
paid_for = PayerAssignment(
    programme=programme,
    municipality=Municipality.objects.get(code="235"),  # Kauniainen, paid for by
    payer=Municipality.objects.get(code="049"),  # Espoo
)
paid_for._history_user = finance
paid_for.save()
run = invoice_run_start(programme=programme, year=2025, by=finance)  # runs on commit, eagerly
run = InvoiceRun.objects.get(pk=run.pk)
job = Job.objects.get(pk=run.job_id)
if run.status != InvoiceRun.Status.DONE or job.errors:
    raise SystemExit(f"invoice run {run.status}, job {job.status}: {job.errors}")
first, second = Invoice.objects.filter(run=run).order_by("sequence")[:2]
for invoice in (first, second):
    invoice_mark_sent(invoice=invoice, by=finance)
first = Invoice.objects.get(pk=first.pk)
payments_import(
    data=f"reference,amount,date\n{first.reference},{first.gross_total},2025-03-31\n".encode(),
    by=finance,
    source="migration path check",
)
invoice_credit(invoice=second, by=finance, amount=None, reason="migration path check")
row = next(r for r in selectors.unit_rows(programme) if r.complete and r.connection is None)
manager = User.objects.create_user(
    "check-manager", email="check-manager@example.invalid", role=Role.MANAGER
)
manager.municipalities.set(Municipality.objects.filter(code__in=[c for c, _n in row.members]))
wave = Wave.objects.filter(programme=programme, date__gt=registry.today()).order_by("date")[0]
schedule_confirm(programme=programme, assignments={row.key: wave.pk}, by=coordinator)
print(f"{Invoice.objects.count()} invoices; unit {row.key} scheduled on {wave.date}")
"""

# Plain SQL plus the app registry of whichever code runs it: works on the old and new layout.
# (MARKER, INVOICE_TABLE, LINK_TABLES and MIGRATIONS_TABLE are set in front: see snippet().)
RECORD = r"""
import json

from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

def model_of(app_label, model_name):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None

quote = connection.ops.quote_name
with connection.cursor() as cursor:
    def rows(sql):
        cursor.execute(sql)
        return cursor.fetchall()

    tables = sorted(connection.introspection.table_names(cursor))
    counts = {t: rows(f"SELECT COUNT(*) FROM {quote(t)}")[0][0] for t in tables}
    numbers = []
    if INVOICE_TABLE in tables:
        numbers = [n for (n,) in rows(f"SELECT number FROM {quote(INVOICE_TABLE)} ORDER BY id")]
    content_types = {
        pk: (a, m) for pk, a, m in rows("SELECT id, app_label, model FROM django_content_type")
    }
    stale = sorted(f"{a}.{m}" for a, m in content_types.values() if model_of(a, m) is None)
    existing = {}
    links = []
    for table in LINK_TABLES:
        if table not in tables:
            continue
        for pk, type_id, object_id in rows(
            f"SELECT id, content_type_id, object_id FROM {quote(table)} "
            "WHERE content_type_id IS NOT NULL ORDER BY id"
        ):
            app_label, model_name = content_types[type_id]
            model = model_of(app_label, model_name)
            target = model._meta.db_table if model else None
            if target and target not in existing:
                column = model._meta.pk.column
                ids = rows(f"SELECT {quote(column)} FROM {quote(target)}")
                existing[target] = {i for (i,) in ids}
            found = bool(target) and object_id in existing[target]
            links.append([table, pk, f"{app_label}.{model_name}", target, object_id, found])
    applied = sorted(f"{a}.{n}" for a, n in rows(f"SELECT app, name FROM {MIGRATIONS_TABLE}"))
loader = MigrationLoader(None, ignore_no_migrations=True)
on_disk = sorted(f"{a}.{n}" for a, n in loader.disk_migrations)
record = {
    "counts": counts,
    "numbers": numbers,
    "content_types": {str(pk): f"{a}.{m}" for pk, (a, m) in content_types.items()},
    "stale_content_types": stale,
    "links": links,
    "applied": applied,
    "on_disk": on_disk,
}
print(MARKER + json.dumps(record))
"""

# The new code reads the moved rows through its own models: every row loads (with its
# non-null foreign keys joined), every generic link resolves to an instance.
NEW_READ_BACK = r"""
import json

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from billing.models import Invoice
from onboarding.models import Notification, TransitionLog

models = {}
for app_label in ("scheduling", "billing"):
    for model in apps.get_app_config(app_label).get_models():
        loaded = len(list(model.objects.select_related()))
        models[model._meta.label] = [model._meta.db_table, loaded]
links = {}
for model, field in ((TransitionLog, "record"), (Notification, "concerning")):
    resolved = {}
    for content_type in ContentType.objects.filter(pk__in=model.objects.values("content_type")):
        rows = model.objects.filter(content_type=content_type)
        if content_type.model_class() is None:  # a content type of no model: cannot resolve
            resolved["(unresolved)"] = resolved.get("(unresolved)", 0) + rows.count()
            continue
        for row in rows.prefetch_related(field):
            target = getattr(row, field)
            key = target._meta.label if target is not None else "(unresolved)"
            resolved[key] = resolved.get(key, 0) + 1
    links[model._meta.label] = resolved
numbers = list(Invoice.objects.order_by("pk").values_list("number", flat=True))
print(MARKER + json.dumps({"models": models, "links": links, "numbers": numbers}))
"""


class CheckError(Exception):
    """The check could not run (as opposed to: it ran and found a difference)."""


class MigrationFailed(Exception):
    """This code failed on the old database: a finding, not a broken check."""


class Skipped(Exception):
    """The check cannot say anything about this clone (the old commit is not in it)."""


# --- running things ---------------------------------------------------------------------------


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def resolve_commit(rev: str) -> str:
    if git("rev-parse", "--is-inside-work-tree").returncode != 0:
        raise Skipped(f"{ROOT} is not a git clone, so commit {rev} cannot be checked out.")
    found = git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if found.returncode == 0:
        return found.stdout.strip()
    if git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        raise Skipped(
            f"commit {rev} is not in this shallow clone (fetch more history, e.g. "
            f"`git fetch --unshallow`, to run the check)."
        )
    raise CheckError(f"commit {rev} is not in this clone, which has its full history.")


@contextlib.contextmanager
def old_worktree(commit: str, parent: Path):
    path = parent / "old"
    added = git("worktree", "add", "--detach", str(path), commit)
    if added.returncode != 0:
        raise CheckError(f"git worktree add failed: {added.stderr.strip()}")
    try:
        yield path
    finally:
        if git("worktree", "remove", "--force", str(path)).returncode != 0:
            shutil.rmtree(path, ignore_errors=True)
            git("worktree", "prune")


@contextlib.contextmanager
def database(postgres: bool, server: str, directory: Path, keep: bool):
    if not postgres:
        path = directory / "old-main.sqlite3"
        yield f"sqlite:///{path}", f"SQLite ({path.name})"
        return
    import psycopg
    from psycopg import sql

    name = f"migration_path_{uuid.uuid4().hex[:12]}"
    admin = f"{server.rstrip('/')}/postgres"
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise CheckError(f"cannot create a PostgreSQL database at {server}: {error}") from None
    try:
        yield f"{server.rstrip('/')}/{name}", f"PostgreSQL ({name})"
    finally:
        if keep:
            print(f"kept the database {name}")
        else:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def django_env(*, settings: str, database_url: str, scratch: Path, real_pdfs: bool) -> dict:
    """A clean environment: no broker (so the old code runs its tasks in-process), no
    PYTHONPATH, nothing of the caller's database or settings."""
    dropped = {"PYTHONPATH", "PYTHONSAFEPATH", "PYTHONSTARTUP", "DJANGO_SETTINGS_MODULE"}
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in dropped and not key.startswith(("CELERY_", "DATABASE_", "CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DEBUG="on",
        DATABASE_URL=database_url,
        EMAIL_URL="dummymail://",
        PRIVATE_ROOT=str(scratch / "private"),
        MEDIA_ROOT=str(scratch / "media"),
        STATIC_ROOT=str(scratch / "static"),
        CELERY_BROKER_DIR=str(scratch / "broker"),  # new code: never used by migrate
        CELERY_TASK_ALWAYS_EAGER="on",
        LOG_LEVEL="WARNING",
    )
    if real_pdfs:
        env["CHECK_REAL_PDFS"] = "1"
    return env


def manage(code: Path, env: dict, *argv: str, label: str, verbose: bool) -> str:
    """Run manage.py in `code`; a step of this code (code is ROOT) that fails is a finding."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", BOOTSTRAP, *argv],
            cwd=code,
            env=env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise CheckError(f"{label}: no answer in {STEP_TIMEOUT} s") from None
    print(f"  {time.monotonic() - started:5.1f} s  {label}", flush=True)
    if verbose or done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        print("\n".join(f"        | {line}" for line in output[-40:]))
    if done.returncode != 0:
        failed = MigrationFailed if code == ROOT else CheckError
        raise failed(f"{label} failed (exit {done.returncode}); its output is above")
    return done.stdout


def snippet(script: str) -> str:
    """The script with the constants it shares with this file defined in front."""
    constants = {
        "MARKER": MARKER,
        "INVOICE_TABLE": INVOICE_TABLE,
        "LINK_TABLES": LINK_TABLES,
        "MIGRATIONS_TABLE": MIGRATIONS_TABLE,
    }
    return "".join(f"{name} = {value!r}\n" for name, value in constants.items()) + script


def shell(code: Path, env: dict, script: str, *, label: str, verbose: bool) -> dict:
    """Run a recording script in `manage.py shell`; return the record it prints."""
    out = manage(
        code, env, "shell", "--no-imports", "-c", snippet(script), label=label, verbose=verbose
    )
    for line in out.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    raise CheckError(f"{label}: no record in its output")


# --- comparing --------------------------------------------------------------------------------


# Rows that migrate adds for models that are new since the old main; every old content type
# is still checked to point at its model (below).
GROW_WITH_NEW_MODELS = ("auth_permission", "django_content_type")


def compare(before: dict, after: dict, read_back: dict) -> list[str]:
    """Print the report; return the differences (empty: the path is clean)."""
    problems = []

    print("\nRows per table (before = old code's database, after = this code's migrate):")
    print(f"  {'table':<44} {'before':>8} {'after':>8}")
    tables = sorted(set(before["counts"]) | set(after["counts"]))
    for table in tables:
        old, new = before["counts"].get(table), after["counts"].get(table)
        note = ""
        if table == MIGRATIONS_TABLE:
            note = "  (see below)"
        elif old is None and new == 0:
            note = "  (a new model's table, empty)"
        elif table in GROW_WITH_NEW_MODELS and old is not None and new is not None and new > old:
            note = "  (new models' rows added; the old ones are compared below)"
        elif old != new:
            note = "  <-- DIFFERENT"
            problems.append(f"table {table}: {old} rows before, {new} after")
        shown = [("-" if n is None else str(n)) for n in (old, new)]
        print(f"  {table:<44} {shown[0]:>8} {shown[1]:>8}{note}")
    others = [t for t in tables if t != MIGRATIONS_TABLE]
    total_before = sum(before["counts"].get(t, 0) for t in others)
    total_after = sum(after["counts"].get(t, 0) for t in others)
    print(
        f"  {f'total without {MIGRATIONS_TABLE} ({len(others)} tables)':<44} "
        f"{total_before:>8} {total_after:>8}"
    )

    applied_before, applied_after = set(before["applied"]), set(after["applied"])
    expected = set(after["on_disk"]) - applied_before
    added = applied_after - applied_before
    print(
        f"\n{MIGRATIONS_TABLE}: {len(before['applied'])} -> {len(after['applied'])} rows, "
        f"{len(added)} new: {', '.join(sorted(added)) or 'none'}"
    )
    if applied_before - applied_after:
        problems.append(f"migrations no longer recorded: {sorted(applied_before - applied_after)}")
    if added != expected:
        problems.append(f"migrations applied {sorted(added)}, expected {sorted(expected)}")
    if before["counts"].get(MIGRATIONS_TABLE, 0) + len(added) != after["counts"].get(
        MIGRATIONS_TABLE
    ):
        problems.append(f"{MIGRATIONS_TABLE} did not grow by exactly the new migrations")

    numbers_before, numbers_after = before["numbers"], after["numbers"]
    same = numbers_before == numbers_after == read_back["numbers"]
    span = f" ({numbers_before[0]} ... {numbers_before[-1]})" if numbers_before else ""
    print(
        f"\nInvoice numbers: {len(numbers_before)} before, {len(numbers_after)} after, "
        f"{len(read_back['numbers'])} through billing.Invoice: "
        f"{'identical, same order' if same else 'DIFFERENT'}{span}"
    )
    if not same:
        problems.append("the invoice numbers differ")
    if not numbers_before:
        problems.append("the old database has no invoices: nothing was compared")

    renamed = {
        pk: (label, after["content_types"].get(pk))
        for pk, label in before["content_types"].items()
        if after["content_types"].get(pk) != label
    }
    print(
        f"\nContent types: {len(before['content_types'])} before, "
        f"{len(after['content_types'])} after, {len(renamed)} moved to their new app:"
    )
    for old, new in sorted(renamed.values(), key=str):
        print(f"  {old} -> {new}")
        if new is None:
            problems.append(f"content type {old} disappeared")
    if after["stale_content_types"]:
        problems.append(f"content types of no model: {after['stale_content_types']}")

    problems += compare_links(before["links"], after["links"], read_back["links"])
    problems += compare_models(after["counts"], read_back["models"])
    return problems


def compare_links(before: list, after: list, read_back: dict) -> list[str]:
    problems = []
    old = {(row[0], row[1]): row for row in before}
    new = {(row[0], row[1]): row for row in after}
    if set(old) != set(new):
        problems.append("the transition log / notification rows with links differ")
    moved, by_type = 0, {}
    for key in sorted(set(old) & set(new)):
        table, pk, old_type, old_target, old_id, old_found = old[key]
        _t, _p, new_type, new_target, new_id, new_found = new[key]
        group = by_type.setdefault(
            (table, old_type, new_type),
            {"rows": 0, "resolve": 0, "elsewhere": [], "missing before": [], "unresolved": []},
        )
        group["rows"] += 1
        group["resolve"] += new_found
        moved += old_type != new_type
        if (old_target, old_id) != (new_target, new_id):
            group["elsewhere"].append(pk)
        if not old_found:
            group["missing before"].append(pk)
        elif not new_found:
            group["unresolved"].append(pk)
    print(
        f"\nGeneric links: {len(new)} rows ({moved} through a moved content type), "
        "same table and id before and after:"
    )
    what = {
        "elsewhere": "point at another table or id than before",
        "missing before": "did not resolve in the old database either",
        "unresolved": "no longer resolve",
    }
    for (table, old_type, new_type), group in sorted(by_type.items()):
        arrow = old_type if old_type == new_type else f"{old_type} -> {new_type}"
        print(f"  {table:<26} {arrow:<52} {group['rows']:>5} rows, {group['resolve']:>5} resolve")
        for kind, text in what.items():
            if group[kind]:
                examples = ", ".join(f"#{pk}" for pk in group[kind][:3])
                problems.append(
                    f"{table} through {arrow}: {len(group[kind])} rows {text} (e.g. {examples})"
                )
    print("Read back through this code's models:")
    for label, resolved in sorted(read_back.items()):
        parts = ", ".join(f"{model} {n}" for model, n in sorted(resolved.items())) or "no rows"
        print(f"  {label}: {parts}")
        if "(unresolved)" in resolved:
            problems.append(f"{label}: {resolved['(unresolved)']} links do not resolve")
    resolved_total = sum(n for r in read_back.values() for m, n in r.items() if m != "(unresolved)")
    if resolved_total != sum(1 for row in after if row[5]):
        problems.append("the models resolve a different number of links than the tables hold")
    return problems


def compare_models(counts: dict, models: dict) -> list[str]:
    problems = []
    print("Moved models read through this code (rows loaded / rows in the table):")
    for label, (table, loaded) in sorted(models.items()):
        ok = loaded == counts.get(table)
        print(
            f"  {label:<36} {table:<38} {loaded:>6} / {counts.get(table, '-')}"
            f"{'' if ok else '  <-- DIFFERENT'}"
        )
        if not ok:
            problems.append(f"{label}: {loaded} rows load, {table} has {counts.get(table)}")
    return problems


# --- the check --------------------------------------------------------------------------------


def check(args) -> int:
    commit = resolve_commit(args.rev)
    head = git("rev-parse", "--short", "HEAD").stdout.strip()
    dirty = " + uncommitted changes" if git("status", "--porcelain").stdout.strip() else ""
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="migration-path-"))
    try:
        with (
            old_worktree(commit, scratch) as old_code,
            database(args.postgres, args.postgres_server, scratch, args.keep) as (url, where),
        ):
            print(f"Migration path {args.rev} ({commit[:10]}) -> {head}{dirty}, on {where}")
            old_env = django_env(
                settings="onboarding.settings",
                database_url=url,
                scratch=scratch / "old-files",
                real_pdfs=args.real_pdfs,
            )
            new_env = django_env(
                settings="config.settings",
                database_url=url,
                scratch=scratch / "new-files",
                real_pdfs=False,
            )
            say = {"verbose": args.verbose}
            manage(old_code, old_env, "migrate", "--noinput", label="old: migrate", **say)
            manage(
                old_code, old_env, "load_reference_data", label="old: load_reference_data", **say
            )
            manage(old_code, old_env, "seed_demo", label="old: seed_demo", **say)
            out = manage(
                old_code,
                old_env,
                "shell",
                "--no-imports",
                "-c",
                OLD_ACTIVITY,
                label="old: invoice run 2025, payment, credit note, scheduling",
                **say,
            )
            print(f"        {out.strip().splitlines()[-1]}")
            before = shell(old_code, old_env, RECORD, label="old: record", **say)
            manage(ROOT, new_env, "migrate", "--noinput", label="new: migrate", **say)
            after = shell(ROOT, new_env, RECORD, label="new: record", **say)
            read_back = shell(ROOT, new_env, NEW_READ_BACK, label="new: read back", **say)
            problems = compare(before, after, read_back)
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.monotonic() - started
    if problems:
        print(f"\nFAILED in {elapsed:.0f} s: {len(problems)} differences")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(
        f"\nOK in {elapsed:.0f} s: every table has the same rows, the invoice numbers are the "
        "same, every link resolves."
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Build a database with an old commit and migrate it with this code.",
    )
    parser.add_argument(
        "--from",
        dest="rev",
        default=DEFAULT_FROM,
        help=f"the old commit (default {DEFAULT_FROM}, before the app moves)",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="a fresh PostgreSQL database instead of a SQLite file",
    )
    parser.add_argument(
        "--postgres-server",
        default=POSTGRES_SERVER,
        help=f"where to create it (default {POSTGRES_SERVER})",
    )
    parser.add_argument(
        "--real-pdfs",
        action="store_true",
        help="render the old run's invoice PDFs with WeasyPrint (slow)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and the scratch folder to look at"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show the output of every step"
    )
    args = parser.parse_args()
    try:
        return check(args)
    except Skipped as reason:
        print(f"Migration path check skipped: {reason}")
        return 0
    except MigrationFailed as failure:
        print(f"\nFAILED: this code cannot take over the old database: {failure}")
        return 1
    except CheckError as error:
        print(f"Migration path check could not run: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
