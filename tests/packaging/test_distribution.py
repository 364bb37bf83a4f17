"""Build the wheel and the sdist, install the wheel in a fresh venv and run KneeLog from it (slow)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from packaging_support import REPO_ROOT

import kneelog

pytest.importorskip("hatchling", reason="the dev extra's hatchling builds the wheel offline")

pytestmark = pytest.mark.slow

RESOURCE_FILES = (
    "rules.toml",
    "exercises.toml",
    "exercise_presets.toml",
    # Their JSON twins: without them every start parses the TOML again.
    "rules.toml.json",
    "exercises.toml.json",
    "exercise_presets.toml.json",
    "app/kneelog.svg",
    "user-guide.md",
)
DOCS = ("journal-format.md", "suggestion.md", "rules.md")


def _build(*command: str, out: Path) -> Path:
    subprocess.run(
        [sys.executable, *command], cwd=REPO_ROOT, check=True, capture_output=True, timeout=300
    )
    (built,) = out.iterdir()
    return built


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: the backend comes from this environment, so no download is needed.
    pip = ("-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index")
    return _build(*pip, "--wheel-dir", str(out), ".", out=out)


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv holding only the wheel; its dependencies are seen through a .pth file that
    points at this environment's site-packages (KneeLog itself is not installed there)."""
    target = tmp_path_factory.mktemp("venv") / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(site) / "_kneelog_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def _kneelog(venv_dir: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed `kneelog` script, run outside the checkout so nothing of it is imported."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(venv_dir / "bin" / "kneelog"), "--db", str(tmp_path / "j.sqlite3"), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_wheel_carries_the_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for resource in RESOURCE_FILES:
        assert f"kneelog/_resources/{resource}" in names
    assert not any(name.startswith("resources/") for name in names)


def test_installed_wheel_runs_selftest_suggest_and_exercises(
    installed: Path, tmp_path: Path
) -> None:
    selftest = _kneelog(installed, tmp_path, "selftest")
    assert selftest.returncode == 0, selftest.stderr
    # the resources came from the installed package, not from this checkout
    assert str(installed) in selftest.stdout
    assert str(REPO_ROOT) not in selftest.stdout

    suggest = _kneelog(installed, tmp_path, "suggest", "--json")
    assert suggest.returncode == 0, suggest.stderr
    plan = json.loads(suggest.stdout)
    assert {"for_date", "action", "headline", "reasons", "summary", "episode"} <= set(plan)
    assert plan["action"] == "continue"  # an empty journal: run as planned

    exercises = _kneelog(installed, tmp_path, "exercises", "--json")
    assert exercises.returncode == 0, exercises.stderr
    library = json.loads(exercises.stdout)
    assert len(library) >= 20
    assert {"id", "name", "category", "default_dose"} <= set(library[0])


def test_sdist_holds_resources_docs_and_tests(tmp_path: Path) -> None:
    sdist = _build(
        "-m", "hatchling", "build", "--target", "sdist", "-d", str(tmp_path), out=tmp_path
    )
    top = f"kneelog-{kneelog.__version__}"
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
    for resource in RESOURCE_FILES:
        assert f"{top}/resources/{resource}" in names
    for doc in DOCS:
        assert f"{top}/docs/{doc}" in names
    assert f"{top}/kneelog/paths.py" in names
    assert f"{top}/tests/conftest.py" in names
    assert not any("/.venv/" in name or "__pycache__" in name for name in names)
