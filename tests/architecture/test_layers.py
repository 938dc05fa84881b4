"""The layers of README's Layout hold: import-linter keeps them (and fails a wrong import), and
no function-local import reaches into another app without a comment that says why."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "config",
    "portal",
    "billing",
    "eligibility",
    "scheduling",
    "contracts",
    "surveys",
    "onboarding",
)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_layers_are_kept():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    "where, imports",
    [
        ("onboarding/_probe.py", "import billing.models"),
        ("contracts/_probe.py", "def later():\n    from scheduling.models import Connection\n"),
        ("billing/_probe.py", "from eligibility import services"),
    ],
    ids=["registry imports billing", "function-local upward import", "billing imports a sibling"],
)
def test_a_wrong_import_breaks_the_contract(tmp_path, where, imports):
    ignore = shutil.ignore_patterns("__pycache__", "migrations")
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / where).write_text(imports + "\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "0 kept, 1 broken" in result.stdout
    assert where.removesuffix(".py").replace("/", ".") in result.stdout


def _local_cross_app_imports():
    """(file, line) of imports inside a function that name another app, with no comment on
    that line or the one above."""
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            source = path.read_text()
            lines = source.splitlines()
            for node in ast.walk(ast.parse(source)):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import):
                        names = [alias.name for alias in inner.names]
                    elif isinstance(inner, ast.ImportFrom) and inner.level == 0:
                        names = [inner.module or ""]
                    else:
                        continue
                    other = {n.split(".")[0] for n in names} & (set(APPS) - {app})
                    around = lines[inner.lineno - 2 : inner.end_lineno]
                    if other and not any("#" in line for line in around):
                        found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    return found


def test_no_function_local_import_crosses_apps_without_saying_why():
    assert _local_cross_app_imports() == []
