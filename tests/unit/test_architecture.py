"""The layers hold: Qt stays in kneelog.ui, kneelog.core imports no database library, and each
package's face names what the others import."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "kneelog"
QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")
# The packages with a public face (__init__.py's __all__); pyproject's "*-face" contracts keep
# the code outside each from importing its modules.
FACES = ("core", "formats", "persistence", "services", "ui")


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


# What the core, the file formats and the widgets may not import (the database layer, SQL, Qt),
# and that code outside a package imports its face, are pyproject's [tool.importlinter] contracts,
# checked here with the layers.
def test_import_linter_contracts_hold() -> None:
    """The contracts in pyproject's [tool.importlinter]: layers, database, plain core, faces."""
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
    assert "8 kept, 0 broken" in result.stdout


def _face_imports(package: str) -> dict[str, str]:
    """name -> module, from the face's `if TYPE_CHECKING:` imports (what mypy sees)."""
    tree = ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8"))
    blocks = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    return {
        alias.name: statement.module
        for block in blocks
        for statement in block.body
        if isinstance(statement, ast.ImportFrom) and statement.module
        for alias in statement.names
    }


@pytest.mark.parametrize("package", FACES)
def test_each_face_name_is_its_modules_own(package: str) -> None:
    """Every name in a face's __all__ is typed, loaded and found as the object its module defines."""
    face = importlib.import_module(f"kneelog.{package}")
    typed = _face_imports(package)
    loaded = {name: module for module, names in face._MODULES.items() for name in names.split()}
    assert sorted(face.__all__) == sorted(typed) == sorted(loaded)
    assert typed == loaded
    # Every module loaded first: a face name that is also a submodule's name would then be the
    # submodule (the import system sets it on the package), not the object.
    for info in pkgutil.walk_packages(face.__path__, f"{face.__name__}."):
        importlib.import_module(info.name)
    for name in face.__all__:
        got, own = getattr(face, name), getattr(importlib.import_module(typed[name]), name)
        # Equal, not the same: kneelog.core.load makes its array type aliases on each look-up.
        assert got is own or got == own, name
    assert dir(face) == sorted(face.__all__)
