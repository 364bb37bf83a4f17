"""Which logged runs are incomplete: knee pain about an hour after is what the rules most miss.

Runners log right after the run, before the hour has passed, and then forget. The next-day rules
read "pain after" (see design/clinical-rules.md: pain that is higher an hour after than during is
the sign that the load was too much), so a run without it is marked in the journal and asked for
once, in one line, at the next start or check-in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

from kneelog.core.codes import Activity
from kneelog.core.session_records import SessionRecord

RUNNING = frozenset(a.value for a in Activity if a.is_running)
ASK_WITHIN_DAYS = 2
"""How far back the one-line question reaches: after two days nobody remembers an hour after."""


class _Scored(Protocol):
    @property
    def activity(self) -> str | None: ...
    @property
    def pain_after(self) -> int | None: ...


def lacks_pain_after(session: _Scored) -> bool:
    """Whether `session` is a run or walk-run without its "pain an hour after" score."""
    return session.activity in RUNNING and session.pain_after is None


def runs_missing_pain_after(sessions: Iterable[SessionRecord]) -> list[SessionRecord]:
    """Every run or walk-run without its "pain an hour after" score, in the given order."""
    return [s for s in sessions if lacks_pain_after(s)]


def pain_after_to_ask(
    sessions: Sequence[SessionRecord], today: dt.date, within_days: int = ASK_WITHIN_DAYS
) -> SessionRecord | None:
    """The latest run of the last `within_days` days (today included) still missing its pain
    an hour after, or None. `sessions` in date order, as the journal keeps them."""
    first = today - dt.timedelta(days=within_days)
    for session in reversed(sessions):
        if session.date > today:
            continue
        if session.date < first:
            return None
        if lacks_pain_after(session):
            return session
    return None
