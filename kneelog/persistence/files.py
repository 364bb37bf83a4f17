"""Writing files the safe way: private (0600) and atomic, so a crash never leaves half a file.

Every output (exports, reports, charts, backups to a chosen file) is checked before any work
(its folder exists, it is not a folder, not a symbolic link), written to a temporary file in the
same folder, synced, and renamed over the target only when whole. A full disk or a file size
limit leaves the target as it was and no temporary file behind, and says which file failed.

A symbolic link as the target is refused rather than written through: the link may point
anywhere (another user may have planted it in a shared folder, or it may lead to a file the
user never meant to replace), and replacing the link itself would silently break it. Naming the
real file is a small cost for the user; an overwritten file elsewhere is not.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kneelog.core import OutputError


def check_output(path: Path, *, folder: bool = False) -> None:
    """Raise OutputError, before any work is done, for a target that cannot be written safely.

    `folder`: the target is a folder to write files into (created if its parent exists).
    """
    if path.is_symlink():
        raise OutputError(
            f"{path}: is a symbolic link; KneeLog does not write through links (the file it "
            "points to could be one you did not mean to replace). Give the real path instead"
        )
    parent = path.parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise OutputError(f"{path}: the folder {parent} {what}; nothing was written")
    if folder:
        if path.exists() and not path.is_dir():
            raise OutputError(f"{path}: is a file, not a folder; nothing was written")
    elif path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name; nothing was written")


def output_folder(path: Path) -> Path:
    """The folder `path`, checked and created (0700) if missing: for outputs of several files."""
    check_output(path, folder=True)
    try:
        path.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: the folder could not be made ({exc.strerror or exc})") from exc
    return path


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op on Windows, where NTFS journals renames)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path`, for the user only; the old file stays until the new is whole."""
    check_output(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _not_written(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, path)
        fsync_folder(path.parent)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise _not_written(path, exc) from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _not_written(path: Path, exc: OSError) -> OutputError:
    kept = "the file as it was is kept" if path.exists() else "nothing was written"
    return OutputError(f"{path}: could not be written ({exc.strerror or exc}); {kept}")


def write_private_text(path: Path, text: str) -> None:
    write_private_bytes(path, text.encode("utf-8"))
