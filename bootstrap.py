#!/usr/bin/env python3
"""Set up KneeLog from a checkout with nothing but Python 3.11+, then start it or test it.

    python3 bootstrap.py start [kneelog arguments]   # the app, on your default journal
    python3 bootstrap.py test  [pytest arguments]    # the whole test suite, headless

It creates `.venv/` beside this file, installs the pinned dependencies of `requirements.lock`
(with their hashes), checks the system libraries Qt needs on Linux, and then
runs the command. Re-running it is fast: the environment is rebuilt only when the lock changes.
Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".kneelog-lock"
MINIMUM_PYTHON = (3, 11)

# Qt's wheels carry Qt itself but link against these system libraries (Debian/Ubuntu names).
QT_SYSTEM_PACKAGES = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libpng16.so.16": "libpng16-16",
    "libexpat.so.1": "libexpat1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libOpenGL.so.0": "libopengl0",
}
FONT_PACKAGE = "fonts-dejavu-core"


def say(message: str) -> None:
    print(f"bootstrap: {message}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def lock_digest() -> str:
    return hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    """A project-local virtual environment with exactly the locked dependencies."""
    python = venv_python()
    digest = lock_digest()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == digest:
        return python
    if not python.exists():
        say(f"creating the virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    say("installing the pinned dependencies (first run only; a few minutes)")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "--no-input"]
    # KneeLog itself runs from this checkout (`python -m kneelog`), so only the lock is installed.
    subprocess.run([*pip, "install", "--quiet", "--require-hashes", "-r", str(LOCK)], check=True)
    STAMP.write_text(digest + "\n")
    return python


def _qt_libraries(python: Path) -> list[Path]:
    """Qt's own shared libraries and the platform plugins inside the installed wheel."""
    found = subprocess.run(
        [
            str(python),
            "-c",
            "import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    qt = Path(found) / "Qt"
    libraries = [qt / "lib" / name for name in ("libQt6Gui.so.6", "libQt6Widgets.so.6")]
    libraries += sorted((qt / "plugins" / "platforms").glob("libq*.so"))
    return [lib for lib in libraries if lib.exists()]


def missing_system_packages(python: Path, need_display: bool) -> list[str]:
    """Debian packages that Qt needs and this machine lacks (Linux only)."""
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return []
    wanted = ["offscreen", "xcb"] if need_display else ["offscreen"]
    missing: set[str] = set()
    for library in _qt_libraries(python):
        plugin = library.name.removeprefix("libq").removesuffix(".so")
        if library.parent.name == "platforms" and plugin not in wanted:
            continue
        output = subprocess.run(["ldd", str(library)], capture_output=True, text=True).stdout
        for line in output.splitlines():
            if "not found" in line:
                soname = line.split()[0]
                # An unknown library is shown by its file name; apt is not asked for it.
                missing.add(QT_SYSTEM_PACKAGES.get(soname, soname))
    if not _has_fonts():
        missing.add(FONT_PACKAGE)
    return sorted(missing)


def _has_fonts() -> bool:
    if shutil.which("fc-list"):
        result = subprocess.run(["fc-list"], capture_output=True, text=True)
        return bool(result.stdout.strip())
    return any(
        Path(folder).rglob("*.ttf")
        for folder in ("/usr/share/fonts", "/usr/local/share/fonts")
        if Path(folder).is_dir()
    )


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _apt_install(packages: list[str]) -> None:
    """apt-get update, then install `packages` without recommends (as root)."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=True,
        env=env,
    )


def install_hint(
    packages: list[str], is_root: bool | None = None, has_sudo: bool | None = None
) -> str:
    """The one shell line that installs `packages` on Debian/Ubuntu as this user can run it.

    The package lists of a fresh system are empty, so `apt-get update` comes first. Root runs it
    as it is; other users go through sudo when there is one, else through `su -c` (a minimal
    Debian has no sudo, but always has su).
    """
    is_root = _is_root() if is_root is None else is_root
    has_sudo = shutil.which("sudo") is not None if has_sudo is None else has_sudo
    install = f"apt-get install -y --no-install-recommends {' '.join(packages)}"
    if is_root:
        return f"apt-get update && {install}"
    if has_sudo:
        return f"sudo apt-get update && sudo {install}"
    return f"su -c 'apt-get update && {install}'"


def ensure_system_libraries(python: Path, need_display: bool) -> None:
    packages = missing_system_packages(python, need_display)
    if not packages:
        return
    # A library this script cannot name a package for is shown by its file name.
    unknown = [p for p in packages if ".so" in p]
    known = [p for p in packages if ".so" not in p]
    if known and _is_root() and shutil.which("apt-get"):
        say(f"installing the system libraries Qt needs: {' '.join(known)}")
        _apt_install(known)
        known = []
    if not known and not unknown:
        return
    say("Qt needs system libraries that are missing. Install them, then run this again:")
    if known:
        print(f"    {install_hint(known)}", file=sys.stderr)
    if unknown:
        print(
            f"    (install the packages that provide: {' '.join(unknown)})",
            file=sys.stderr,
        )
    raise SystemExit(3)


def missing_build_tools() -> list[str]:
    """Debian packages PyInstaller needs on Linux: objdump, and Python's shared library."""
    if not sys.platform.startswith("linux"):
        return []
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    missing = [] if shutil.which("objdump") else ["binutils"]
    if ctypes.util.find_library(f"python{version}") is None:
        missing.append(f"libpython{version}")
    return missing


def ensure_build_tools() -> None:
    """The frozen-bundle test builds with PyInstaller; without these tools it skips."""
    packages = missing_build_tools()
    if not packages:
        return
    if _is_root() and shutil.which("apt-get"):
        say(f"installing what PyInstaller needs for the frozen-bundle test: {' '.join(packages)}")
        _apt_install(packages)
        return
    say(f"the frozen-bundle test will be skipped: it needs {' '.join(packages)}; to run it:")
    print(f"    {install_hint(packages)}", file=sys.stderr)


def main(argv: list[str]) -> int:
    if sys.version_info < MINIMUM_PYTHON:
        say(f"KneeLog needs Python {'.'.join(map(str, MINIMUM_PYTHON))} or newer")
        return 2
    if not argv or argv[0] not in ("start", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = ensure_environment()
    if command == "start":
        ensure_system_libraries(python, need_display=True)
        return subprocess.call([str(python), "-m", "kneelog", *rest], cwd=ROOT)
    ensure_system_libraries(python, need_display=False)
    ensure_build_tools()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
