"""The packaging sources: valid desktop metadata, one identity, no hard-coded version, fresh icons."""

from __future__ import annotations

import ast
import configparser
import io
import re
import shutil
import string
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from packaging_support import (
    LINUX_DIR,
    PACKAGING_DIR,
    REPO_ROOT,
    WINDOWS_DIR,
    load_packaging_script,
)

import kneelog

DESKTOP_FILE = LINUX_DIR / f"{kneelog.APP_ID}.desktop"
METAINFO_FILE = LINUX_DIR / f"{kneelog.APP_ID}.metainfo.xml"
SPEC_FILE = PACKAGING_DIR / "kneelog.spec"
ISS_FILE = WINDOWS_DIR / "kneelog.iss"
VERSION_TEMPLATE = WINDOWS_DIR / "version_info.txt.in"
APP_ICON_DIR = REPO_ROOT / "resources" / "app"

# Files that ship with every release: a version written into any of them would go stale.
VERSIONLESS_FILES = [SPEC_FILE, ISS_FILE, VERSION_TEMPLATE, METAINFO_FILE, DESKTOP_FILE]
THREE_PART_VERSION = re.compile(r"(?<![\d.])\d+\.\d+\.\d+(?![\d.])")


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils"
)
def test_desktop_file_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="needs appstream")
def test_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO_FILE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_names_the_app_its_icon_and_its_command() -> None:
    entry = desktop_entry()
    scripts = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert entry["Icon"] == kneelog.APP_ID
    assert entry["Name"] == kneelog.APP_NAME
    assert entry["Exec"].split()[0] in scripts
    # Qt's xcb back end sets the window class to the application name.
    assert entry["StartupWMClass"] == kneelog.APP_NAME


def test_metainfo_carries_the_app_id_and_launches_the_desktop_entry() -> None:
    root = ET.parse(METAINFO_FILE).getroot()
    assert root.findtext("id") == kneelog.APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.find("releases") is None, "releases are added at build time from __version__"


@pytest.mark.parametrize("path", VERSIONLESS_FILES, ids=lambda path: path.name)
def test_no_hard_coded_version(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert kneelog.__version__ not in text
    assert THREE_PART_VERSION.findall(text) == []


def test_installer_keeps_a_fixed_app_id_and_takes_the_version_from_the_command_line() -> None:
    text = ISS_FILE.read_text(encoding="utf-8")
    assert re.search(r"^AppId=\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}$", text, re.MULTILINE)
    assert "#ifndef AppVersion" in text
    assert "AppVersion={#AppVersion}" in text
    assert "PrivilegesRequired=lowest" in text


def test_spec_reads_the_identity_from_the_package() -> None:
    text = SPEC_FILE.read_text(encoding="utf-8")
    assert "from app_identity import app_identity" in text
    assert "__version__" not in text


@pytest.mark.parametrize(
    ("version", "debian", "windows"),
    [
        ("0.1.0", "0.1.0", (0, 1, 0, 0)),
        ("1.2", "1.2", (1, 2, 0, 0)),
        ("2.0.1rc1", "2.0.1~rc1", (2, 0, 1, 0)),
        ("1.0.0.dev3", "1.0.0~dev3", (1, 0, 0, 0)),
        ("1.4.0.post2", "1.4.0+post2", (1, 4, 0, 0)),
    ],
)
def test_version_forms(version: str, debian: str, windows: tuple[int, int, int, int]) -> None:
    identity_module = load_packaging_script("app_identity")
    identity = identity_module.AppIdentity(
        name="KneeLog",
        app_id="x.y.Z",
        organization="O",
        organization_domain="o.org",
        version=version,
    )
    assert identity.debian_version == debian
    assert identity.version_tuple == windows
    assert identity.numeric_version == ".".join(map(str, windows))


def test_identity_comes_from_the_package() -> None:
    identity = load_packaging_script("app_identity").app_identity()
    assert (identity.name, identity.app_id, identity.version) == (
        kneelog.APP_NAME,
        kneelog.APP_ID,
        kneelog.__version__,
    )


def test_windows_version_template_renders_to_a_version_resource() -> None:
    identity = load_packaging_script("app_identity").app_identity()
    rendered = string.Template(VERSION_TEMPLATE.read_text("utf-8")).substitute(
        version=identity.version,
        version_tuple=repr(identity.version_tuple),
        app_name=identity.name,
        organization=identity.organization,
        exe_name="kneelog",
    )
    # PyInstaller evaluates the file as one Python expression of its VSVersionInfo classes.
    tree = ast.parse(rendered, mode="eval")
    calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call)}  # type: ignore[attr-defined]
    assert {"VSVersionInfo", "FixedFileInfo", "StringStruct"} <= calls
    strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)}
    assert identity.version in strings
    assert f"filevers={identity.version_tuple!r}" in rendered


def test_build_deb_adds_this_version_as_the_newest_release() -> None:
    build_deb = load_packaging_script("build_deb")
    text = build_deb.metainfo_with_release(METAINFO_FILE, "9.8.7", "2030-01-02")
    releases = ET.fromstring(text).find("releases")
    assert releases is not None
    assert [(r.get("version"), r.get("date")) for r in releases] == [("9.8.7", "2030-01-02")]


def test_control_file_fields() -> None:
    build_deb = load_packaging_script("build_deb")
    identity = load_packaging_script("app_identity").app_identity()
    control = build_deb.control_text(identity, "amd64", "libc6, fonts-dejavu-core", 1234)
    fields = dict(line.split(": ", 1) for line in control.splitlines() if not line.startswith(" "))
    assert fields["Package"] == "kneelog"
    assert fields["Version"] == identity.debian_version
    assert fields["Architecture"] == "amd64"
    assert fields["Installed-Size"] == "1234"
    assert fields["Depends"] == "libc6, fonts-dejavu-core"
    assert "fonts-dejavu-core" in build_deb.depends_field(build_deb.DependencyReport())


@pytest.mark.skipif(
    not (shutil.which("dpkg") and shutil.which("objdump") and shutil.which("ldd")),
    reason="needs a Debian system with binutils",
)
def test_dependencies_of_an_elf_file_map_to_debian_packages(tmp_path: Path) -> None:
    build_deb = load_packaging_script("build_deb")
    bundle = tmp_path / "kneelog"
    (bundle / "_internal").mkdir(parents=True)
    dpkg = shutil.which("dpkg")
    assert dpkg is not None
    shutil.copy(dpkg, bundle / "kneelog")
    report = build_deb.system_dependencies(bundle)
    assert report.unresolved == {}
    assert "libc.so.6" in report.packages["libc6"]


ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icons_have_their_size(size: int) -> None:
    image_module = pytest.importorskip("PIL.Image")
    with image_module.open(APP_ICON_DIR / "png" / f"kneelog-{size}.png") as image:
        assert image.size == (size, size)
        assert image.mode == "RGBA"


def test_ico_and_icns_hold_the_small_and_large_sizes() -> None:
    image_module = pytest.importorskip("PIL.Image")
    with image_module.open(APP_ICON_DIR / "kneelog.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= ico.info["sizes"]
    with image_module.open(APP_ICON_DIR / "kneelog.icns") as icns:
        assert (512, 512, 2) in icns.info["sizes"]


def test_committed_pngs_match_the_svg() -> None:
    """The PNGs are generated: re-render one and compare, so a changed SVG cannot ship stale."""
    image_module = pytest.importorskip("PIL.Image")
    make_icons = load_packaging_script("make_icons")
    rendered = image_module.open(io.BytesIO(make_icons.render_png(make_icons.SVG_PATH, 48)))
    with image_module.open(APP_ICON_DIR / "png" / "kneelog-48.png") as committed:
        difference = [
            abs(a - b) for a, b in zip(rendered.tobytes(), committed.tobytes(), strict=True)
        ]
    assert sum(difference) / len(difference) < 1.0
