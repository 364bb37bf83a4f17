"""The layers hold: Qt stays in kneelog.ui, and kneelog.core imports no database library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "kneelog"
QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")


def _imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            # `from package import module` imports package.module
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_module_outside_ui_imports_qt() -> None:
    offenders = []
    for source in PACKAGE.rglob("*.py"):
        if "ui" in source.relative_to(PACKAGE).parts[:1]:
            continue
        for name in _imported_modules(source):
            if name.split(".")[0] in QT_MODULES:
                offenders.append(f"{source.relative_to(PACKAGE.parent)} imports {name}")
    assert offenders == []


def test_every_ui_module_lives_under_ui() -> None:
    qt_users = {
        source.relative_to(PACKAGE).parts[0]
        for source in PACKAGE.rglob("*.py")
        if any(n.split(".")[0] in QT_MODULES for n in _imported_modules(source))
    }
    assert qt_users <= {"ui"}


def _load_in_a_fresh_process(modules: list[str], forbidden: tuple[str, ...]) -> None:
    """Import `modules` in a new interpreter; fail naming any `forbidden` package that loaded."""
    script = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {forbidden!r}]\n"
        "print(loaded)\n"
        "raise SystemExit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_services_and_cli_load_without_qt() -> None:
    modules = [
        f"kneelog.{p.relative_to(PACKAGE).with_suffix('').as_posix().replace('/', '.')}"
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] != "ui" and p.name != "__main__.py"
    ]
    _load_in_a_fresh_process(modules, QT_MODULES)


def test_core_loads_without_sqlalchemy() -> None:
    modules = [
        f"kneelog.{p.relative_to(PACKAGE).with_suffix('').as_posix().replace('/', '.')}"
        for p in (PACKAGE / "core").rglob("*.py")
    ]
    _load_in_a_fresh_process(modules, ("sqlalchemy", "sqlmodel"))


# What the core, the file formats and the widgets may not import (the database layer, SQL, Qt)
# is in pyproject's [tool.importlinter] contracts, checked here with the layers.
def test_import_linter_contracts_hold() -> None:
    """The layer contracts in pyproject's [tool.importlinter] (layers, database, plain core)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command;"
            " sys.exit(lint_imports_command(['--no-cache', '--config', 'pyproject.toml']))",
        ],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout
