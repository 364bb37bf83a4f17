"""Shared parsing for exported activity tables: decoding, CSV rows, locale numbers, durations."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import math
import re
from collections.abc import Generator, Iterable
from typing import BinaryIO

from kneelog.formats.errors import ImportRefused

MISSING = frozenset({"", "--", "-", "—", "n/a", "na", "null", "none", "#error#"})

_DECIMAL_COMMA = re.compile(r"^-?\d+,(\d{1,2}|\d{4,})$")
_DECIMAL_POINT = re.compile(r"^-?\d+\.(\d{1,2}|\d{4,})$")
_GROUPING_SPACES = re.compile(r"[\s\u00a0\u202f']")


def decode_table(data: bytes, name: str) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (as
    written by Excel when it re-saves an export)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise ImportRefused(name, "binary data, not a CSV table")
        return text
    raise ImportRefused(name, "not readable text (unknown encoding)")


_CHUNK = 1024 * 1024
# An exported activity list is held as one small record per row until each is imported; this
# bounds it (bench/import_limits.py measures the largest), far above any real account's list.
MAX_TABLE_ROWS = 100_000


def table_encoding(handle: BinaryIO, name: str) -> tuple[str, str]:
    """The encoding of a seekable CSV file (as `decode_table` decides it) and the SHA-256 of its
    bytes, found in one streaming pass; the handle is left at the start."""
    handle.seek(0)
    head = handle.read(2)
    handle.seek(0)
    utf16 = head in (b"\xff\xfe", b"\xfe\xff")
    encodings = ("utf-16",) if utf16 else ("utf-8-sig", "cp1252")
    digest = hashlib.sha256()
    decoders = {encoding: codecs.getincrementaldecoder(encoding)() for encoding in encodings}
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
        for encoding in list(decoders):
            try:
                text = decoders[encoding].decode(chunk)
            except UnicodeDecodeError:
                del decoders[encoding]
                continue
            if "\x00" in text:
                raise ImportRefused(name, "binary data, not a CSV table")
    for encoding in list(decoders):
        try:
            decoders[encoding].decode(b"", final=True)
        except UnicodeDecodeError:
            del decoders[encoding]
    handle.seek(0)
    found = next((encoding for encoding in encodings if encoding in decoders), None)
    if found is None:
        raise ImportRefused(name, "not readable text (unknown encoding)")
    return found, digest.hexdigest()


def stream_rows(handle: BinaryIO, encoding: str, name: str) -> Generator[list[str]]:
    """The rows of a CSV file read one at a time (comma or semicolon separated, judged from the
    first line); the caller keeps the handle open while iterating."""
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        first_line = text.readline()
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        lines = itertools.chain([first_line], text)
        yield from csv.reader(lines, delimiter=delimiter, strict=False)
    except csv.Error as exc:
        raise ImportRefused(name, f"damaged CSV table ({exc})") from exc
    finally:
        if not handle.closed:
            text.detach()  # the caller owns the file: closing the wrapper must not close it


class DecimalVotes:
    """Counts, cell by cell, whether a table writes decimals with a comma (see
    `uses_decimal_comma`), so a streamed table decides as a whole one would."""

    def __init__(self) -> None:
        self.commas = 0
        self.points = 0

    def add(self, values: Iterable[str]) -> None:
        for value in values:
            text = value.strip()
            if _DECIMAL_COMMA.match(text):
                self.commas += 1
            elif _DECIMAL_POINT.match(text):
                self.points += 1

    @property
    def decimal_comma(self) -> bool:
        return self.commas > self.points


def read_rows(text: str, name: str) -> list[list[str]]:
    """All rows of a CSV text (quoted fields may span lines); comma or semicolon separated."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
    except csv.Error as exc:
        raise ImportRefused(name, f"damaged CSV table ({exc})") from exc


def clean_header(text: str) -> str:
    """A header cell without HTML markup (Strava's "translation missing" spans), lower case."""
    plain = re.sub(r"<[^>]*>", "", text)
    return " ".join(plain.replace("\ufeff", "").split()).lower()


def is_missing(text: str | None) -> bool:
    return text is None or text.strip().lower() in MISSING


def uses_decimal_comma(values: Iterable[str]) -> bool:
    """Whether a table writes decimals with a comma ("3,40"), judged from all of its cells.

    A separator followed by exactly three digits is ambiguous ("1.195" kcal or 1.195 km), so only
    one, two or four-plus decimal digits decide.
    """
    votes = DecimalVotes()
    votes.add(values)
    return votes.decimal_comma


def parse_number(text: str | None, decimal_comma: bool = False) -> float | None:
    """A locale-formatted number, or None for blanks, "--" and anything unreadable."""
    if is_missing(text):
        return None
    assert text is not None
    plain = _GROUPING_SPACES.sub("", text.strip())
    plain = plain.replace(".", "").replace(",", ".") if decimal_comma else plain.replace(",", "")
    try:
        value = float(plain)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_duration(text: str | None, decimal_comma: bool = False) -> float | None:
    """Seconds from "HH:MM:SS", "MM:SS", "00:01:39,6" or a plain number of seconds."""
    if is_missing(text):
        return None
    assert text is not None
    plain = text.strip()
    if ":" not in plain:
        return parse_number(plain, decimal_comma)
    parts = plain.split(":")
    if len(parts) > 3:
        return None
    seconds = parse_number(parts[-1], decimal_comma=("," in parts[-1]))
    if seconds is None:
        return None
    total = seconds
    for factor, part in zip((60, 3600), reversed(parts[:-1]), strict=False):
        digits = part.strip()
        if not (digits.isascii() and digits.isdigit()):  # "²5" passes isdigit() alone
            return None
        total += factor * int(digits)
    return total
