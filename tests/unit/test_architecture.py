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


def test_core_services_and_cli_load_without_qt() -> None:
    modules = [
        f"kneelog.{p.relative_to(PACKAGE).with_suffix('').as_posix().replace('/', '.')}"
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] != "ui" and p.name != "__main__.py"
    ]
    script = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\n"
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


DATABASE_MODULES = ("sqlalchemy", "sqlmodel", "sqlite3")


def test_core_imports_no_database_library() -> None:
    """The core's records are plain Python: the schema and its SQL live in kneelog.persistence."""
    offenders = [
        f"{source.relative_to(PACKAGE.parent)} imports {name}"
        for source in (PACKAGE / "core").rglob("*.py")
        for name in _imported_modules(source)
        if name.split(".")[0] in DATABASE_MODULES or name.startswith("kneelog.persistence")
    ]
    assert offenders == []


def test_core_loads_without_sqlalchemy() -> None:
    modules = [
        f"kneelog.{p.relative_to(PACKAGE).with_suffix('').as_posix().replace('/', '.')}"
        for p in (PACKAGE / "core").rglob("*.py")
    ]
    script = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {DATABASE_MODULES[:2]!r}]\n"
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


# The schema, the ORM, the connections and the repositories: what only persistence and the
# services touch. (Backups and private file writing are persistence too, and not data access.)
DATA_ACCESS = (
    "kneelog.persistence.tables",
    "kneelog.persistence.orm",
    "kneelog.persistence.repositories",
    "kneelog.persistence.columns",
    "kneelog.persistence.plain",
    "kneelog.persistence.db",
)


def test_formats_and_widgets_work_with_records_not_the_database() -> None:
    """The file formats and the dialogs build and read the core's records; only the services
    store them."""
    sources = [*(PACKAGE / "formats").rglob("*.py"), *(PACKAGE / "ui" / "widgets").rglob("*.py")]
    offenders = [
        f"{source.relative_to(PACKAGE.parent)} imports {name}"
        for source in sources
        for name in _imported_modules(source)
        if name.startswith(DATA_ACCESS) or name.split(".")[0] in DATABASE_MODULES[:2]
    ]
    offenders += [
        f"{source.relative_to(PACKAGE.parent)} imports kneelog.persistence"
        for source in (PACKAGE / "formats").rglob("*.py")
        if any(name.startswith("kneelog.persistence") for name in _imported_modules(source))
    ]
    assert offenders == []


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
