"""Render the application icon SVG to the PNG, ICO and ICNS files packaging needs."""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
APP_ICON_DIR = REPO_ROOT / "resources" / "app"
SVG_PATH = APP_ICON_DIR / "kneelog.svg"
PNG_DIR = APP_ICON_DIR / "png"
ICO_PATH = APP_ICON_DIR / "kneelog.ico"
ICNS_PATH = APP_ICON_DIR / "kneelog.icns"

# The sizes the freedesktop hicolor theme and the in-app window icon use.
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# Windows shell sizes (Explorer, taskbar, Start menu at 100-200 % scaling).
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# macOS iconset sizes; 1024 is the 512@2x slot.
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def png_path(size: int) -> Path:
    """Path of the committed PNG rendering at `size` pixels."""
    return PNG_DIR / f"kneelog-{size}.png"


def render_png(svg_path: Path, size: int) -> bytes:
    """Render the SVG into a transparent square PNG of `size` pixels with Qt's SVG renderer."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg_path))
    if not renderer.isValid():
        raise ValueError(f"{svg_path} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs type the format as bytes, but PySide6 6.12 only accepts a str at run time.
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise OSError(f"Qt could not encode a {size} px PNG")
    buffer.close()
    return bytes(data.data())


def write_ico(renders: dict[int, bytes], target: Path) -> None:
    """Write a multi-resolution .ico from the per-size renders (no downscaling of one big image)."""
    from PIL import Image

    images = [Image.open(io.BytesIO(renders[size])) for size in ICO_SIZES]
    largest = images[-1]
    largest.save(
        target,
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=images[:-1],
    )


def write_icns(renders: dict[int, bytes], target: Path) -> None:
    """Write a macOS .icns from the per-size renders."""
    from PIL import Image

    images = [Image.open(io.BytesIO(renders[size])) for size in ICNS_SIZES]
    images[-1].save(target, format="ICNS", append_images=images[:-1])


def make_icons(svg_path: Path = SVG_PATH) -> list[Path]:
    """Render every icon file from `svg_path`; return the paths written."""
    # Rendering needs no display; the offscreen platform keeps this runnable on build servers.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    all_sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    renders = {size: render_png(svg_path, size) for size in all_sizes}

    PNG_DIR.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for size in PNG_SIZES:
        path = png_path(size)
        path.write_bytes(renders[size])
        written.append(path)
    write_ico(renders, ICO_PATH)
    write_icns(renders, ICNS_PATH)
    written += [ICO_PATH, ICNS_PATH]
    del app
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: regenerate the icon files from resources/app/kneelog.svg."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--svg", type=Path, default=SVG_PATH, help="source SVG (%(default)s)")
    args = parser.parse_args(argv)
    for path in make_icons(args.svg):
        print(path.relative_to(REPO_ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
