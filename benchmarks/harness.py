"""What every benchmark starts with: Django set up with the test settings (or those of
DJANGO_SETTINGS_MODULE), and a throwaway test database holding the real reference data and,
unless told otherwise, the demo programme. SQLite in memory by default; with DATABASE_URL a
`test_` database on that server, dropped at the end.

A benchmark run as `python benchmarks/x.py` imports this first (`from harness import ...`):
it puts the project's root on the path before Django is set up."""

import contextlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()


@contextlib.contextmanager
def test_database(*, demo: bool = True):
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("load_reference_data", verbosity=0)
        if demo:
            call_command("seed_demo", verbosity=0)
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


_missed: list[str] = []


def target(name: str, value: float, baseline: float, at_most: float) -> None:
    """Print `name`'s ratio to its baseline against the target (issue 13), e.g.
    "invoice PDF / minimal one-page PDF/A: 19.5x (target <= 2x) MISSED"."""
    ratio = value / baseline if baseline else float("inf")
    verdict = "met" if ratio <= at_most else "MISSED"
    print(f"{name}: {ratio:.1f}x (target <= {at_most:g}x) {verdict}")
    if verdict == "MISSED":
        _missed.append(name)


def exit_with_targets() -> None:
    """Exit non-zero when a target was missed, naming them."""
    if _missed:
        print(f"targets missed: {', '.join(_missed)}")
        sys.exit(1)
