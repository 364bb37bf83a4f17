"""Plans worked out ahead and remembered in the journal, so the window shows tomorrow's at once.

A plan reads the whole journal: a red-flag episode never expires by time and a walk-run return
is replayed from its start, so working one out means reading every session, check-in and
exercise log first (most of a twenty-year journal's start-up). Once the window is ready, and
again when it closes, the plans for tomorrow and the six days after are worked out from what the
window holds and kept in `plan_memo`, each with the journal revision it was made from
(kneelog.persistence.revision) and what made it (`plan_maker`). At the next start a remembered
plan is shown only while both still hold: any change to the journal since, by KneeLog or any
other program, moves the revision on and the plan is worked out afresh. Once the charts are
made the window works the plan out again anyway and shows that one if it differs (it never
should; the log says so).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import zlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from kneelog import __version__
from kneelog.core import Plan, RememberedPlan, plan_from_memo, plan_memo_json
from kneelog.paths import resources_dir
from kneelog.persistence import REMEMBERED_PLANS, Database, outside_commits, read_revision

log = logging.getLogger(__name__)

DAYS_AHEAD = 7
"""Tomorrow and the six days after: a week of starts without a change need no plan worked out."""

_PACKAGE = Path(__file__).resolve().parents[1]
_BUNDLED = ("rules.toml", "exercises.toml", "exercise_presets.toml")


@cache
def plan_maker() -> str:
    """What makes the plans, as remembered with them: KneeLog's version, a checksum of its rule
    table and exercise library, and, when it runs from its source files (not a bundle), their
    sizes and times, so a changed rule or line of code never shows a plan made before it."""
    parts = [__version__.encode()]
    for name in _BUNDLED:
        path = resources_dir() / name
        parts.append(path.read_bytes() if path.is_file() else b"-")
    if not getattr(sys, "frozen", False):
        for package in ("core", "persistence", "services"):
            for source in sorted((_PACKAGE / package).rglob("*.py")):
                status = source.stat()
                parts.append(f"{source.name}:{status.st_size}:{status.st_mtime_ns}".encode())
    return f"kneelog {__version__} {zlib.crc32(b'|'.join(parts)):08x}"


def remembered_plan(db: Database, day: dt.date) -> Plan | None:
    """The plan remembered for `day`, when the journal is still at the revision it was made from
    and this KneeLog made it (`plan_maker`); else None: work it out."""
    if not _keeps_plans(db):
        return None
    with db.reading() as connection:
        revision = read_revision(connection)
        memo = REMEMBERED_PLANS.get(connection, day)
    if memo is None or revision is None or memo.revision != revision:
        return None
    if memo.made_by != plan_maker():
        return None
    try:
        plan = plan_from_memo(memo.plan)
    except ValueError as error:
        log.warning("the plan remembered for %s is damaged (%s): working it out", day, error)
        return None
    return plan if plan.for_date == day else None


def plans_remembered(db: Database, first: dt.date) -> bool:
    """Whether the plans for `first` and the days after (`DAYS_AHEAD` in all) are remembered
    from the journal as it is now."""
    if not _keeps_plans(db):
        return True  # nothing to remember
    wanted = {first + dt.timedelta(days=offset) for offset in range(DAYS_AHEAD)}
    with db.reading() as connection:
        revision = read_revision(connection)
        kept = REMEMBERED_PLANS.select(connection)
    maker = plan_maker()
    current = {
        memo.for_date for memo in kept if memo.revision == revision and memo.made_by == maker
    }
    return revision is not None and wanted <= current


def remember_plans(db: Database, plans: Sequence[Plan], read_after: tuple[int, int] | None) -> bool:
    """Keep `plans` in place of every plan remembered before; False (nothing written) when the
    journal may hold what they were not made from.

    `read_after` is `outside_commits` as the history the plans were made from was first read
    (KeptHistory.read_after). The plans are stored with the journal's current revision only
    while the connection still says the same: then no other program wrote since that read, and
    KneeLog's own changes reached the history through their change sets.
    """
    if not _keeps_plans(db) or not plans or read_after is None:
        return False
    maker = plan_maker()
    with db.writing() as connection:
        if outside_commits(connection) != read_after:
            log.info("the journal changed outside KeptHistory: no plans remembered this time")
            return False
        revision = read_revision(connection)
        if revision is None:
            return False
        memos = [
            RememberedPlan(plan.for_date, revision, maker, plan_memo_json(plan)) for plan in plans
        ]
        if sorted(REMEMBERED_PLANS.select(connection)) != sorted(memos):
            REMEMBERED_PLANS.clear(connection)
            REMEMBERED_PLANS.put_all(connection, memos)
    return True


def _keeps_plans(db: Database) -> bool:
    # A throw-away journal (the demo, an in-memory one) starts from nothing each time.
    return db.durable and not db.is_memory and not db.read_only
