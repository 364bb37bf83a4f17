"""The one error every activity-file reader raises: a refusal a person can act on."""

from __future__ import annotations


class ImportRefused(Exception):
    """A file (or one row or member of it) that cannot be imported, and why.

    `str(error)` reads "<source>: <reason>", e.g. "route.gpx: a route/course, not a recorded
    activity".
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
