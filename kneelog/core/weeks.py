"""A week of the journal in figures: running distance, cross-training time and mean knee pain."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kneelog.core.codes import CROSS_TRAINING, Activity
from kneelog.core.plausibility import counts_in_load
from kneelog.core.values import EntryKind, EntryRow

_RUNNING = frozenset(a.value for a in Activity if a.is_running)
_CROSS = frozenset(a.value for a in CROSS_TRAINING)


@dataclass(frozen=True, slots=True)
class WeekTotals:
    """The figures at the end of a week's row. Sessions whose speed is implausible for their
    activity (see `kneelog.core.plausibility`) are left out of the distance and time until the
    runner confirms it."""

    running_m: float = 0.0
    cross_training_s: float = 0.0
    pain_sum: int = 0
    pain_count: int = 0
    sessions: int = 0
    left_out: int = 0

    @property
    def mean_pain(self) -> float | None:
        """The mean of every knee pain score of the week (during, an hour after, mornings)."""
        return None if self.pain_count == 0 else self.pain_sum / self.pain_count


def week_totals(entries: Iterable[EntryRow]) -> WeekTotals:
    running = cross = 0.0
    pain_sum = pain_count = sessions = left_out = 0
    for entry in entries:
        if entry.kind is EntryKind.VISIT:
            continue  # a clinician visit: no training, no pain score
        if entry.kind is EntryKind.CHECKIN:
            scores: tuple[int | None, ...] = (entry.morning_pain,)
        else:
            sessions += 1
            scores = (entry.pain_during, entry.pain_after)
            if not counts_in_load(entry):
                left_out += 1
            elif entry.activity in _RUNNING:
                running += entry.distance_m or 0.0
            elif entry.activity in _CROSS:
                cross += entry.duration_s or 0.0
        for score in scores:
            if score is not None:
                pain_sum += score
                pain_count += 1
    return WeekTotals(running, cross, pain_sum, pain_count, sessions, left_out)
