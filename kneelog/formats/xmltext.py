"""Decode XML activity files to text safely: declared encodings, BOMs, and no DTDs or entities."""

from __future__ import annotations

import codecs
import re

from kneelog.formats.errors import ImportRefused

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
    """Activity files never need a DTD; one is a sign of an entity-expansion attack."""
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
