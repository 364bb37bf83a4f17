"""The CLI import tests' zone (DST-aware), and the public samples' expectations filed in it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from tests.unit.formats import formats_support
from tests.unit.formats.formats_support import (
    Leg,
    Refused,
    Rows,
    Totals,
    sample_files,
)

# Chicago is behind UTC (by 5 or 6 hours with DST), so evening UTC starts land on the previous
# day and an importer that ignored the zone, or DST, would be caught.
ZONE_NAME = "America/Chicago"
ZONE = ZoneInfo(ZONE_NAME)

__all__ = ["ZONE", "ZONE_NAME", "Leg", "Refused", "Rows", "Totals", "sample_files"]


def expectation(key: str) -> list[Leg] | Totals | Rows | Refused:
    return formats_support.expectation(key, ZONE)
