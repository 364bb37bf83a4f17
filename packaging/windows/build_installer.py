"""Build the Windows installer: PyInstaller bundle, then Inno Setup with the package's version."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app_identity import REPO_ROOT, app_identity  # after the path insert above

ISS_FILE = REPO_ROOT / "packaging" / "windows" / "kneelog.iss"
DEFAULT_ISCC = (
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    / "Inno Setup 6"
    / "ISCC.exe"
)


def find_iscc(explicit: Path | None) -> Path:
    """ISCC.exe: the one given, the one on PATH, or Inno Setup 6's default location."""
    for candidate in (explicit, shutil.which("ISCC"), DEFAULT_ISCC):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise SystemExit("ISCC.exe not found: install Inno Setup 6 or pass --iscc PATH")


def main(argv: list[str] | None = None) -> int:
    """Build dist\\kneelog\\ (unless --skip-bundle), then dist\\KneeLog-<version>-setup.exe."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iscc", type=Path, help="path of ISCC.exe")
    parser.add_argument("--skip-bundle", action="store_true", help="reuse dist\\kneelog")
    args = parser.parse_args(argv)
    identity = app_identity()
    dist = REPO_ROOT / "dist"
    if not args.skip_bundle:
        subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
             "--distpath", str(dist), "--workpath", str(REPO_ROOT / "build" / "pyinstaller"),
             str(REPO_ROOT / "packaging" / "kneelog.spec")],
            check=True,
            cwd=REPO_ROOT,
        )  # fmt: skip
    subprocess.run(
        [
            str(find_iscc(args.iscc)),
            f"/DAppVersion={identity.version}",
            f"/DAppNumericVersion={identity.numeric_version}",
            f"/DAppUserModelId={identity.app_id}",
            f"/DSourceDir={dist / 'kneelog'}",
            f"/DOutputDir={dist}",
            str(ISS_FILE),
        ],
        check=True,
    )
    print(dist / f"{identity.name}-{identity.version}-setup.exe")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
