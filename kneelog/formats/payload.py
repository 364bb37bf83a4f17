"""Bounded reading of input files: size limits, gzip and zip members, and content hashes."""

from __future__ import annotations

import gzip
import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from kneelog.formats.errors import ImportRefused

# The largest real activity files (a 24-hour ultra recorded every second) stay well below these;
# anything bigger is treated as hostile or not an activity rather than read into memory.
MAX_INPUT_BYTES = 128 * 1024 * 1024
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
MAX_ZIP_MEMBERS = 200_000

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


def read_file_bytes(path: Path, name: str | None = None) -> bytes:
    """The raw bytes of a file, refusing anything unreadable or larger than MAX_INPUT_BYTES."""
    label = name or path.name
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ImportRefused(label, f"too large to be an activity file ({size // 2**20} MB)")
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except ImportRefused:
        raise
    except OSError as exc:
        raise ImportRefused(label, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_INPUT_BYTES:
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


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open a zip archive for reading, refusing damaged archives and absurd member counts."""
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise ImportRefused(path.name, "too large to be an activity export")
        archive = zipfile.ZipFile(path)
    except ImportRefused:
        raise
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise ImportRefused(path.name, f"not a readable zip archive ({exc})") from exc
    if len(archive.infolist()) > MAX_ZIP_MEMBERS:
        archive.close()
        raise ImportRefused(path.name, "too many files inside to be an activity export")
    return archive
