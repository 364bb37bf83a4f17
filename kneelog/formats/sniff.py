"""Recognise a single activity file by its content (FIT, GPX or TCX) and read it."""

from __future__ import annotations

import re

from kneelog.formats.activity import ImportedActivity
from kneelog.formats.errors import ImportRefused
from kneelog.formats.fit import looks_like_fit, read_fit
from kneelog.formats.gpx import read_gpx
from kneelog.formats.payload import Payload
from kneelog.formats.tcx import read_tcx

_ROOT_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(gpx|TrainingCenterDatabase)[\s>/]")


def xml_kind(data: bytes) -> str | None:
    """ "gpx" or "tcx" when the head of the data opens such a root element."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    found = _ROOT_ELEMENT.search(head)
    if found is None:
        return None
    return "gpx" if found.group(1) == b"gpx" else "tcx"


def payload_kind(payload: Payload) -> str | None:
    """ "fit", "gpx" or "tcx" by content, or None."""
    if looks_like_fit(payload.data):
        return "fit"
    return xml_kind(payload.data)


def read_single_file(payload: Payload) -> list[ImportedActivity]:
    """The activities in one FIT, GPX or TCX payload, whatever its file name says."""
    kind = payload_kind(payload)
    if kind == "fit":
        return read_fit(payload)
    if kind == "gpx":
        return read_gpx(payload)
    if kind == "tcx":
        return read_tcx(payload)
    raise ImportRefused(
        payload.name,
        "not a recognised activity file (expected FIT, GPX, TCX, a Strava export or a Garmin "
        "Connect CSV)",
    )
