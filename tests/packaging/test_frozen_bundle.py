"""Freeze KneeLog with packaging/kneelog.spec and run the frozen app's selftest (slow)."""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging_support import PACKAGING_DIR, REPO_ROOT

import kneelog

pytest.importorskip("PyInstaller")
if sys.platform.startswith("linux"):
    _VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"
    if shutil.which("objdump") is None or ctypes.util.find_library(f"python{_VERSION}") is None:
        pytest.skip(
            "PyInstaller needs objdump and Python's shared library (Debian: binutils, "
            f"libpython{_VERSION}); `bootstrap.py test` installs them when it runs as root",
            allow_module_level=True,
        )

pytestmark = pytest.mark.slow

# Things a bundle must not carry: development tools, the schema's ORM (the program reads and
# writes with plain SQL), and on Linux the desktop stack's libraries, which come from the system
# (the .deb's Depends).
UNWANTED_TOP_LEVEL = ("mypy", "hypothesis", "pytest", "_pytest", "tkinter", "PySide6/QtQml.abi3.so",
                      "sqlalchemy", "pydantic_core")  # fmt: skip
SYSTEM_LIBRARIES = (
    "libxcb-cursor.so.0",
    "libfontconfig.so.1",
    "libglib-2.0.so.0",
    "libdbus-1.so.3",
)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(PACKAGING_DIR / "kneelog.spec"),
        ],
        cwd=REPO_ROOT,
        check=True,
        timeout=1800,
    )
    return work / "dist" / "kneelog"


def frozen_command(bundle: Path) -> Path:
    # On Windows the windowed kneelog.exe has no console; its console twin runs commands.
    return bundle / ("kneelog-cli.exe" if sys.platform == "win32" else "kneelog")


def test_frozen_selftest_builds_the_window(bundle: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        # a throw-away home: the selftest must not need (or touch) the user's folders
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    env.pop("KNEELOG_DB", None)
    result = subprocess.run(
        [str(frozen_command(bundle)), "selftest"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"KneeLog {kneelog.__version__} selftest ok" in result.stdout
    # The package finds resources/ beside itself, which in a one-folder bundle is _internal/.
    resources = (bundle / "_internal" / "resources").resolve()
    assert f"resources in {resources}" in result.stdout
    assert "Traceback" not in result.stderr


def test_frozen_version_matches_the_package(bundle: Path) -> None:
    result = subprocess.run(
        [str(frozen_command(bundle)), "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"kneelog {kneelog.__version__}"


def test_bundle_carries_resources_and_qt_plugins(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "resources" / "app" / "kneelog.svg").is_file()
    assert (internal / "resources" / "app" / "png" / "kneelog-256.png").is_file()
    assert (internal / "resources" / "exercises.toml").is_file()
    assert (internal / "resources" / "exercises.toml.json").is_file()
    assert not (internal / "resources" / "screenshots").exists()
    plugins = internal / "PySide6" / "Qt" / "plugins"
    if sys.platform.startswith("linux"):
        for plugin in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqwayland.so",
                       "imageformats/libqsvg.so", "iconengines/libqsvgicon.so",
                       "printsupport/libcupsprintersupport.so"):  # fmt: skip
            assert (plugins / plugin).is_file(), plugin


def test_bundle_leaves_out_tools_and_system_libraries(bundle: Path) -> None:
    internal = bundle / "_internal"
    present = [name for name in UNWANTED_TOP_LEVEL if (internal / name).exists()]
    assert present == []
    if sys.platform.startswith("linux"):
        copied = [name for name in SYSTEM_LIBRARIES if list(internal.rglob(name))]
        assert copied == []
