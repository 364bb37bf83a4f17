"""Bounded reading of input files: size limits, gzip and zip members, and content hashes."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import stat
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kneelog.formats.errors import ImportRefused

# The largest real activity files (a 24-hour ultra recorded every second) stay well below these;
# anything bigger is treated as hostile or not an activity rather than read into memory.
MAX_INPUT_BYTES = 128 * 1024 * 1024
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
# A Strava export of fifteen years holds a few thousand activity files; the archive is read
# through once for its directory, so these bound the time and memory a hostile zip can take.
MAX_ZIP_MEMBERS = 50_000
MAX_ZIP_TOTAL_UNPACKED = 4 * 1024 * 1024 * 1024

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Payload:
    """The bytes of one input (unpacked if gzip-compressed) and the hash of the stored file."""

    name: str
    data: bytes
    sha256: str
    was_gzip: bool = False


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_input(path: Path, label: str | None = None) -> BinaryIO:
    """`path` opened for reading if it is a regular file; a pipe, device or socket is refused at
    once (opened without blocking, then checked), never waited on."""
    name = label or path.name
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ImportRefused(name, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ImportRefused(name, "a folder where a file was expected")
        if not stat.S_ISREG(mode):
            raise ImportRefused(
                name, "not a regular file (a pipe, device or socket); only files can be imported"
            )
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_file_bytes(path: Path, name: str | None = None, limit: int | None = None) -> bytes:
    """The raw bytes of a regular file, refusing anything unreadable or larger than `limit`
    (MAX_INPUT_BYTES by default)."""
    label = name or path.name
    limit = MAX_INPUT_BYTES if limit is None else limit
    with open_input(path, label) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise ImportRefused(label, f"too large to be an activity file ({size // 2**20} MB)")
            data = handle.read(limit + 1)
        except OSError as exc:
            raise ImportRefused(label, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise ImportRefused(label, "too large to be an activity file")
    return data


def gunzip_bounded(data: bytes, name: str) -> bytes:
    """Decompress gzip data, refusing corrupt streams and ones that unpack beyond the limit."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            unpacked = stream.read(MAX_UNPACKED_BYTES + 1)
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        raise ImportRefused(name, f"damaged gzip compression ({exc})") from exc
    if len(unpacked) > MAX_UNPACKED_BYTES:
        raise ImportRefused(name, "unpacks to more than 128 MB (a zip bomb or not an activity)")
    return unpacked


def payload_from_bytes(raw: bytes, name: str) -> Payload:
    """A payload for stored bytes, unpacking gzip (recognised by its magic number, not its name)."""
    digest = sha256_hex(raw)
    if raw.startswith(GZIP_MAGIC):
        return Payload(name, gunzip_bounded(raw, name), digest, was_gzip=True)
    return Payload(name, raw, digest)


def read_payload(path: Path) -> Payload:
    return payload_from_bytes(read_file_bytes(path), path.name)


def read_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bytes:
    """One member of a zip archive, bounded by the declared and the actual unpacked size."""
    if info.file_size > MAX_UNPACKED_BYTES:
        raise ImportRefused(label, "unpacks to more than 128 MB (a zip bomb or not an activity)")
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_UNPACKED_BYTES + 1)
    except (
        OSError,
        EOFError,
        zlib.error,
        zipfile.BadZipFile,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        raise ImportRefused(label, f"cannot be unpacked ({exc})") from exc
    if len(data) > MAX_UNPACKED_BYTES:
        raise ImportRefused(label, "unpacks to more than 128 MB (a zip bomb or not an activity)")
    return data


class _OwningZipFile(zipfile.ZipFile):
    """A ZipFile over a file object it closes with itself (ZipFile leaves a passed one open)."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle  # first: a failing __init__ still ends in close()
        super().__init__(handle)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._handle.close()


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open a zip archive for reading, refusing damaged archives, absurd member counts and
    archives that declare more than MAX_ZIP_TOTAL_UNPACKED in all."""
    handle = open_input(path)
    try:
        if os.fstat(handle.fileno()).st_size > MAX_INPUT_BYTES:
            raise ImportRefused(path.name, "too large to be an activity export")
        archive = _OwningZipFile(handle)
    except ImportRefused:
        handle.close()
        raise
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
        handle.close()
        raise ImportRefused(path.name, f"not a readable zip archive ({exc})") from exc
    infos = archive.infolist()
    problem = None
    if len(infos) > MAX_ZIP_MEMBERS:
        problem = f"more than {MAX_ZIP_MEMBERS:,} files inside, too many for an activity export"
    elif sum(info.file_size for info in infos) > MAX_ZIP_TOTAL_UNPACKED:
        problem = "unpacks to more than 4 GB in all (a zip bomb or not an activity export)"
    if problem is not None:
        archive.close()
        raise ImportRefused(path.name, problem)
    return archive


class ZipArchive:
    """One zip archive opened once for all the members read from it: each member is found by
    name in O(1), and the bytes unpacked in all stay within MAX_ZIP_TOTAL_UNPACKED.

    Reopening the archive per member would parse its whole directory each time, which is
    quadratic in the member count."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._archive: zipfile.ZipFile | None = None
        self._unpacked = 0
        self._lock = threading.Lock()

    def archive(self) -> zipfile.ZipFile:
        with self._lock:
            if self._archive is None:
                self._archive = open_zip(self.path)
            return self._archive

    def read(self, member: str, label: str) -> bytes:
        """The unpacked bytes of `member`; ImportRefused if it is missing or too large."""
        archive = self.archive()
        try:
            info = archive.getinfo(member)  # a dictionary lookup
        except KeyError as exc:
            raise ImportRefused(label, "the referenced activity file is missing") from exc
        with self._lock:
            if self._unpacked + info.file_size > MAX_ZIP_TOTAL_UNPACKED:
                raise ImportRefused(label, "the archive has unpacked more than 4 GB in all")
            data = read_zip_member(archive, info, label)
            self._unpacked += len(data)
        return data

    def close(self) -> None:
        with self._lock:
            if self._archive is not None:
                self._archive.close()
                self._archive = None
