"""Decode XML activity files to text safely: declared encodings, BOMs, and no DTDs or entities."""

from __future__ import annotations

import codecs
import re
from collections.abc import Collection
from xml.parsers import expat

from kneelog.formats.errors import ImportRefused

# Real activity files nest eight or nine levels deep (gpx/trk/trkseg/trkpt/extensions/...); a
# file nested thousands deep is an attack on the parsers' recursion (gpxpy copies recursively and
# a deep enough file overflows the C stack), so the shape is checked first with a streaming pass
# that keeps nothing but counters.
MAX_XML_DEPTH = 64
# What the readers (gpxpy holds about 3 KB a point) import in under 400 MB, as
# bench/import_limits.py measures: a day recorded every second with heart rate and cadence.
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_XML_POINTS = 100_000
MAX_XML_ELEMENTS = 7 * MAX_XML_POINTS

_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
_DECLARATION_ENCODING_TEXT = re.compile(r"""(^\s*<\?xml[^>]*?)\sencoding\s*=\s*["'][^"']*["']""")
_UNSAFE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_UNSAFE_TEXT = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def refuse_unsafe_xml(data: bytes, name: str) -> None:
    """Activity files never need a DTD; one is a sign of an entity-expansion attack. A file
    larger than MAX_XML_BYTES is refused too, before it is decoded or parsed."""
    if len(data) > MAX_XML_BYTES:
        raise ImportRefused(
            name, f"too large to read safely ({len(data) // 2**20} MB; at most 64 MB of XML)"
        )
    if _UNSAFE.search(data):
        raise ImportRefused(name, "unsafe XML (contains a document type or entity declaration)")


def decode_xml(data: bytes, name: str) -> str:
    """The XML as text, decoded as its BOM or declaration says, with the declaration's encoding
    removed so that parsers do not decode it a second time."""
    encoding = "utf-8"
    body = data
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            encoding, body = bom_encoding, data[len(bom) :]
            break
    else:
        declared = _DECLARED_ENCODING.match(data[:400])
        if declared:
            encoding = declared.group(1).decode("ascii")
    try:
        text = body.decode(encoding)
    except LookupError as exc:
        raise ImportRefused(name, f"declares an unknown text encoding '{encoding}'") from exc
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            name, f"is not valid {encoding} text (wrong encoding or damaged)"
        ) from exc
    if _UNSAFE_TEXT.search(text):
        raise ImportRefused(name, "unsafe XML (contains a document type or entity declaration)")
    return _DECLARATION_ENCODING_TEXT.sub(r"\1", text, count=1)


def local_name(tag: object) -> str:
    """An element's tag without its namespace or prefix, in lower case."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def check_xml_shape(text: str, name: str, point_tags: Collection[str]) -> None:
    """Refuse, before any tree is built, XML nested deeper than MAX_XML_DEPTH or with more
    elements or points (elements whose local name is in `point_tags`) than the readers can hold
    in bounded memory. Streams through the text once with expat; memory stays flat."""
    if len(text) > MAX_XML_BYTES:
        raise ImportRefused(
            name, f"too large to read safely ({len(text) // 2**20} MB; at most 64 MB of XML)"
        )
    depth = elements = points = 0

    def start(tag: str, _attributes: object) -> None:
        nonlocal depth, elements, points
        depth += 1
        elements += 1
        if depth > MAX_XML_DEPTH:
            raise ImportRefused(
                name, f"nested more than {MAX_XML_DEPTH} levels deep (damaged or hostile XML)"
            )
        if elements > MAX_XML_ELEMENTS:
            raise ImportRefused(name, f"more than {MAX_XML_ELEMENTS:,} XML elements, too many")
        if tag.rsplit(":", 1)[-1].lower() in point_tags:
            points += 1
            if points > MAX_XML_POINTS:
                raise ImportRefused(
                    name, f"more than {MAX_XML_POINTS:,} recorded points, too many to read"
                )

    def end(_tag: str) -> None:
        nonlocal depth
        depth -= 1

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise ImportRefused(name, f"not readable XML ({exc})") from exc
