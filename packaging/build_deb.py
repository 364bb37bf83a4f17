"""Build dist/kneelog_<version>_<arch>.deb: the PyInstaller bundle in /opt plus menu files."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app_identity import REPO_ROOT, AppIdentity, app_identity

PACKAGE_NAME = "kneelog"
INSTALL_DIR = Path("/opt") / PACKAGE_NAME
LINUX_DIR = REPO_ROOT / "packaging" / "linux"
ICON_DIR = REPO_ROOT / "resources" / "app"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

# Packages no ELF file names but the bundle needs: Qt finds fonts through fontconfig, ships none.
EXTRA_DEPENDS = ("fonts-dejavu-core",)

# Debian 12 packages of libraries that Qt plugins load but a build machine may lack (so `dpkg -S`
# cannot name them there). Any other unresolved library stops the build: add it here knowingly.
DEBIAN_PACKAGE_OF_SONAME = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    # Qt's CUPS print-support plugin (plugins/printsupport/libcupsprintersupport.so): it is what
    # lists the system's printers in the report's print dialog, so the package depends on CUPS's
    # client library rather than printing only to PDF. Nothing else in a fresh system brings it.
    "libcups.so.2": "libcups2",
}

# Qt loads the GTK 3 platform theme (native dialogs and palette) only inside GTK desktops
# (GNOME, Cinnamon, Xfce...), which always have GTK 3 and its libraries; elsewhere, or when
# they are missing, Qt skips it. So its libraries are not dependencies of the package.
DESKTOP_PROVIDED_PLUGINS = frozenset({"libqgtk3.so"})


@dataclass
class DependencyReport:
    """What the bundle's ELF files need from the system, and from which Debian packages."""

    packages: dict[str, set[str]] = field(default_factory=dict)  # package -> sonames
    desktop_provided: set[str] = field(default_factory=set)  # plugins left to the desktop
    unresolved: dict[str, set[str]] = field(default_factory=dict)  # soname -> needing files


def run(command: list[str], cwd: Path | None = None, capture: bool = False) -> str:
    """Run a command, echoing it, and fail loudly; return its output when captured."""
    print("+", " ".join(command), flush=True)
    result = subprocess.run(command, check=True, text=True, cwd=cwd, capture_output=capture)
    return result.stdout if capture else ""


def build_bundle(dist_dir: Path, work_dir: Path) -> Path:
    """Run PyInstaller on packaging/kneelog.spec; return the one-folder bundle."""
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(dist_dir),
            "--workpath",
            str(work_dir),
            str(REPO_ROOT / "packaging" / "kneelog.spec"),
        ],
        cwd=REPO_ROOT,
    )
    return dist_dir / PACKAGE_NAME


def is_elf(path: Path) -> bool:
    """True for ELF executables and shared objects."""
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def needed_sonames(elf: Path) -> list[str]:
    """The DT_NEEDED entries of one ELF file (its direct library dependencies)."""
    output = subprocess.run(
        ["objdump", "-p", str(elf)], check=True, capture_output=True, text=True
    ).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)", output, flags=re.MULTILINE)


def ldd_paths(elf: Path, library_path: str) -> dict[str, str | None]:
    """Where the dynamic loader finds each library of `elf` (None when it finds none)."""
    env = {**os.environ, "LD_LIBRARY_PATH": library_path}
    result = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env)
    found: dict[str, str | None] = {}
    for line in result.stdout.splitlines():
        match = re.match(r"\s*(\S+)\s+=>\s+(not found|\S+)", line)
        if match:
            soname, target = match.groups()
            found[soname] = None if target == "not found" else target
        elif interpreter := re.match(r"\s*(/\S+)\s+\(0x", line):
            # the program interpreter is listed by path only
            found[Path(interpreter.group(1)).name] = interpreter.group(1)
    return found


@functools.cache
def owning_package(library: str) -> str | None:
    """The Debian package that installed `library` (trying its merged-/usr aliases)."""
    path = Path(library)
    candidates = {str(path), str(path.resolve())}
    for candidate in list(candidates):
        if candidate.startswith("/usr/"):
            candidates.add(candidate.removeprefix("/usr"))
        else:
            candidates.add("/usr" + candidate)
    for candidate in sorted(candidates):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            package = result.stdout.split(":", 1)[0].strip()
            return package.split(",")[0].strip()
    return None


def system_dependencies(bundle: Path) -> DependencyReport:
    """Map every library the bundle's ELF files need, and do not carry, to a Debian package."""
    elves = [path for path in sorted(bundle.rglob("*")) if path.is_file() and is_elf(path)]
    bundled = {path.name for path in elves}
    # The bootloader puts _internal on the library path; Qt's own libraries use $ORIGIN rpaths.
    library_path = str(bundle / "_internal")
    report = DependencyReport()
    for elf in elves:
        if elf.name in DESKTOP_PROVIDED_PLUGINS:
            report.desktop_provided.add(str(elf.relative_to(bundle)))
            continue
        missing = [name for name in needed_sonames(elf) if name not in bundled]
        if not missing:
            continue
        located = ldd_paths(elf, library_path)
        for soname in missing:
            package = None
            target = located.get(soname)
            if target is not None:
                package = owning_package(target)
            package = package or DEBIAN_PACKAGE_OF_SONAME.get(soname)
            if package is not None:
                report.packages.setdefault(package, set()).add(soname)
            else:
                relative = str(elf.relative_to(bundle))
                report.unresolved.setdefault(soname, set()).add(relative)
    return report


def depends_field(report: DependencyReport) -> str:
    """The Depends: value, sorted for stable output."""
    return ", ".join(sorted(set(report.packages) | set(EXTRA_DEPENDS)))


def install_file(source: Path, target: Path, mode: int = 0o644) -> None:
    """Copy one file into the package tree with Debian's usual permissions."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def release_date() -> str:
    """Date of this build: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


def metainfo_with_release(source: Path, version: str, date: str) -> str:
    """The AppStream file with this build's version added as its newest release."""
    text = source.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    if root.find("releases") is not None:
        raise ValueError(f"{source} must not list releases; the build adds them")
    release = f'  <releases>\n    <release version="{version}" date="{date}"/>\n  </releases>\n'
    return text.replace("</component>", release + "</component>")


def copyright_text(identity: AppIdentity) -> str:
    """/usr/share/doc/<package>/copyright in the machine-readable format."""
    return (
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {identity.name}\n\n"
        "Files: *\n"
        f"Copyright: {identity.organization} contributors\n"
        "License: GPL-3.0-or-later\n"
        " On Debian systems, the complete text of the GNU General Public License\n"
        " version 3 can be found in /usr/share/common-licenses/GPL-3.\n\n"
        "Files: opt/kneelog/_internal/*\n"
        "Copyright: the authors of Python, Qt, PySide6, pyqtgraph, NumPy, platformdirs,\n"
        " fitdecode, gpxpy, defusedxml, tzlocal and typing-extensions\n"
        "License: various-free\n"
        " The bundled runtime libraries keep their own licences (LGPL-3 for Qt and PySide6,\n"
        " PSF for Python, MIT or BSD for the others); their licence files are in the\n"
        " bundle's *.dist-info folders.\n"
    )


def control_text(identity: AppIdentity, arch: str, depends: str, installed_kib: int) -> str:
    """The DEBIAN/control file."""
    maintainer_name = os.environ.get("DEBFULLNAME", identity.organization)
    maintainer_mail = os.environ.get("DEBEMAIL", f"packages@{identity.organization_domain}")
    return (
        f"Package: {PACKAGE_NAME}\n"
        f"Version: {identity.debian_version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {maintainer_name} <{maintainer_mail}>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {depends}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: training log for runners coming back from knee pain\n"
        " KneeLog logs runs and cross-training with knee pain during, after and the\n"
        " next morning, morning check-ins, symptoms and physical-therapy exercises,\n"
        " says what to do tomorrow and why, plots pain against load and prints a\n"
        " report for the physical therapist. It works offline; the journal stays in\n"
        " the user's data folder (~/.local/share/KneeLog), which uninstalling keeps.\n"
    )


def tree_size_kib(root: Path) -> int:
    """Installed-Size: the payload's size in KiB."""
    total = sum(path.lstat().st_size for path in root.rglob("*") if not path.is_dir())
    return (total + 1023) // 1024


def stage_package(bundle: Path, root: Path, identity: AppIdentity, depends: str, arch: str) -> None:
    """Lay out the package tree under `root` (the future /)."""
    if root.exists():
        shutil.rmtree(root)
    opt = root / INSTALL_DIR.relative_to("/")
    shutil.copytree(bundle, opt, symlinks=True)

    usr_bin = root / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    # The bootloader resolves /proc/self/exe, so a symlink finds its _internal folder.
    (usr_bin / PACKAGE_NAME).symlink_to(INSTALL_DIR / PACKAGE_NAME)

    share = root / "usr" / "share"
    app_id = identity.app_id
    install_file(LINUX_DIR / f"{app_id}.desktop", share / "applications" / f"{app_id}.desktop")
    metainfo = share / "metainfo" / f"{app_id}.metainfo.xml"
    metainfo.parent.mkdir(parents=True)
    metainfo.write_text(
        metainfo_with_release(
            LINUX_DIR / f"{app_id}.metainfo.xml", identity.version, release_date()
        ),
        encoding="utf-8",
    )
    metainfo.chmod(0o644)
    hicolor = share / "icons" / "hicolor"
    for size in ICON_SIZES:
        install_file(
            ICON_DIR / "png" / f"kneelog-{size}.png",
            hicolor / f"{size}x{size}" / "apps" / f"{app_id}.png",
        )
    install_file(ICON_DIR / "kneelog.svg", hicolor / "scalable" / "apps" / f"{app_id}.svg")
    doc = share / "doc" / PACKAGE_NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(copyright_text(identity), encoding="utf-8")

    for path in root.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    # No maintainer scripts: the hicolor and desktop-database caches are refreshed by dpkg
    # triggers, and nothing may touch the user's journal on removal or purge.
    debian = root / "DEBIAN"
    debian.mkdir(mode=0o755)
    (debian / "control").write_text(
        control_text(identity, arch, depends, tree_size_kib(root)), encoding="utf-8"
    )


def validate_metadata(root: Path, app_id: str) -> None:
    """Run the freedesktop validators on the staged files when they are installed."""
    share = root / "usr" / "share"
    if shutil.which("desktop-file-validate"):
        run(["desktop-file-validate", str(share / "applications" / f"{app_id}.desktop")])
    if shutil.which("appstreamcli"):
        run(
            [
                "appstreamcli",
                "validate",
                "--no-net",
                str(share / "metainfo" / f"{app_id}.metainfo.xml"),
            ]
        )


def print_report(report: DependencyReport) -> None:
    """Show which sonames led to which package."""
    for package in sorted(report.packages):
        print(f"  {package}: {', '.join(sorted(report.packages[package]))}")
    for plugin in sorted(report.desktop_provided):
        print(f"  (not counted: {plugin}, whose libraries GTK desktops provide)")


def unresolved_message(unresolved: dict[str, set[str]]) -> str:
    """Explain which libraries could not be mapped to a package."""
    lines = ["Cannot name the Debian package of these libraries the bundle needs:"]
    for soname, users in sorted(unresolved.items()):
        lines.append(f"  {soname} (needed by {', '.join(sorted(users)[:3])})")
    lines.append("Install them on this machine or add them to DEBIAN_PACKAGE_OF_SONAME.")
    return "\n".join(lines)


def parse_args(argv: Iterable[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--dist", type=Path, default=REPO_ROOT / "dist", help="output folder (%(default)s)"
    )
    parser.add_argument(
        "--build", type=Path, default=REPO_ROOT / "build", help="work folder (%(default)s)"
    )
    parser.add_argument(
        "--skip-bundle", action="store_true", help="reuse the bundle already in --dist"
    )
    return parser.parse_args(list(argv) if argv is not None else None)


def main(argv: Iterable[str] | None = None) -> int:
    """Build the bundle (unless told not to), then the .deb."""
    args = parse_args(argv)
    identity = app_identity()
    dist: Path = args.dist.resolve()
    build: Path = args.build.resolve()
    bundle = dist / PACKAGE_NAME
    if not args.skip_bundle:
        bundle = build_bundle(dist, build / "pyinstaller")
    if not (bundle / PACKAGE_NAME).is_file():
        print(f"no bundle at {bundle}", file=sys.stderr)
        return 1

    report = system_dependencies(bundle)
    if report.unresolved:
        print(unresolved_message(report.unresolved), file=sys.stderr)
        return 1
    print("Depends, from the bundle's libraries:")
    print_report(report)

    arch = run(["dpkg", "--print-architecture"], capture=True).strip()
    root = build / "deb" / "root"
    stage_package(bundle, root, identity, depends_field(report), arch)
    validate_metadata(root, identity.app_id)
    deb = dist / f"{PACKAGE_NAME}_{identity.debian_version}_{arch}.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(deb)])
    print(f"{deb} ({deb.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
