"""Home-exercise adherence per calendar week for the journal's week and month views.

The views ask for the weeks they paint, a screenful at a time; twenty years of exercise logs are
25,000 rows, so they are read half a year at a time around the week asked for, never all at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kneelog.core import MONDAY, PrescriptionRecord, week_start_of, weekly_totals
from kneelog.persistence import Database, read_program

BLOCK_WEEKS = 26


class WeeklyAdherence:
    """`ratio(week)`: the share of the week's prescribed exercise sessions done (0-1), None where
    nothing was prescribed or the week has not begun; kept until `invalidate`."""

    def __init__(self, db: Database, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.db = db
        self.today = today
        self.week_start = MONDAY
        self._program: tuple[PrescriptionRecord, ...] | None = None
        self._ratios: dict[dt.date, float | None] = {}

    def set_week_start(self, week_start: int) -> None:
        if week_start != self.week_start:
            self.week_start = week_start
            self.invalidate()

    def invalidate(self) -> None:
        """Forget what was read: the program or the exercise logs changed."""
        self._program = None
        self._ratios.clear()

    def ratio(self, week: dt.date) -> float | None:
        if week not in self._ratios:
            self._read_block(week)
        return self._ratios.get(week)

    def _read_block(self, week: dt.date) -> None:
        from kneelog.services.rehab import read_log_records

        today = self.today()
        first = week_start_of(week, self.week_start) - dt.timedelta(weeks=BLOCK_WEEKS // 2)
        weeks = [first + dt.timedelta(weeks=k) for k in range(BLOCK_WEEKS)]
        last = min(weeks[-1] + dt.timedelta(days=6), today)
        with self.db.reading() as connection:
            if self._program is None:
                self._program = tuple(read_program(connection))
            logs = read_log_records(connection, first, last) if self._program else []
        figures = (
            weekly_totals(self._program, logs, first, last, self.week_start)
            if self._program and first <= last
            else []
        )
        for position, start in enumerate(weeks):
            total = figures[position] if position < len(figures) else None
            self._ratios[start] = None if total is None else total.ratio
        self._ratios.setdefault(week, None)
