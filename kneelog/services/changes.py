"""What one user change did: the records added, changed and removed, and the figures now stale.

Every write a user can make (a session saved, a check-in deleted, a prescription paused, the
units switched, an import) returns a `Changes`, after the idea of Anki's `OpChanges`: the window
passes it on in one signal, and each screen updates only what it says is stale, in any order. A
saved record travels inside it (`records`), as the write stored it, so no screen reads it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
U = TypeVar("U")


class RecordKind(StrEnum):
    """What a changed record is."""

    SESSION = "session"
    CHECKIN = "check-in"
    SHOE = "shoe"
    VISIT = "visit"
    PROFILE = "profile"
    PRESCRIPTION = "prescription"
    EXERCISE_LOG = "exercise log"
    ASSESSMENT = "assessment"


class Derived(StrEnum):
    """A figure computed from the records, which a change can make stale."""

    HISTORY = "history"
    """The sessions and check-ins kept in memory for the rules, the charts and the table."""
    PLAN = "plan"
    TRENDS = "trends"
    ADHERENCE = "adherence"
    """Exercise adherence and what is due (the Exercises tab, the week rows)."""
    WEEK_TOTALS = "week totals"
    """The journal's week and month totals and the status line's week."""
    SHOE_MILEAGE = "shoe mileage"
    AKPS = "akps"
    """The knee questionnaire's history and its reminder."""


STALE_BY_KIND: Mapping[RecordKind, frozenset[Derived]] = {
    RecordKind.SESSION: frozenset(
        {Derived.HISTORY, Derived.PLAN, Derived.TRENDS, Derived.WEEK_TOTALS, Derived.SHOE_MILEAGE}
    ),
    RecordKind.CHECKIN: frozenset({Derived.HISTORY, Derived.PLAN, Derived.TRENDS}),
    RecordKind.VISIT: frozenset({Derived.PLAN}),
    RecordKind.SHOE: frozenset({Derived.SHOE_MILEAGE}),
    RecordKind.PROFILE: frozenset(),  # read by the report when it is made
    RecordKind.PRESCRIPTION: frozenset(
        {Derived.PLAN, Derived.TRENDS, Derived.ADHERENCE, Derived.WEEK_TOTALS}
    ),
    RecordKind.EXERCISE_LOG: frozenset(
        {Derived.PLAN, Derived.TRENDS, Derived.ADHERENCE, Derived.WEEK_TOTALS}
    ),
    RecordKind.ASSESSMENT: frozenset({Derived.PLAN, Derived.TRENDS, Derived.AKPS}),
}
"""Which figures read which records: the one table every screen relies on."""

STALE_BY_SETTING: Mapping[str, frozenset[Derived]] = {
    # Distances are shown in the unit, and the plan's words give its caps in it.
    "units": frozenset({Derived.PLAN, Derived.TRENDS, Derived.WEEK_TOTALS, Derived.SHOE_MILEAGE}),
    "week_start": frozenset({Derived.PLAN, Derived.TRENDS, Derived.ADHERENCE, Derived.WEEK_TOTALS}),
    # The PT's rule settings: the plan, and the thresholds drawn on the charts.
    "rules": frozenset({Derived.PLAN, Derived.TRENDS}),
}
"""Journal settings that change figures; the others (names for the report) change none."""

HISTORY_KINDS = (RecordKind.SESSION, RecordKind.CHECKIN)
"""The records of the kept history (`Derived.HISTORY`)."""
PROGRAM_KINDS = (RecordKind.PRESCRIPTION, RecordKind.EXERCISE_LOG, RecordKind.ASSESSMENT)
"""The records of the home-exercise program."""

Key = tuple[RecordKind, str]


class _Identified(Protocol):
    @property
    def id(self) -> Any: ...


R = TypeVar("R")


@dataclass(frozen=True)
class Changes(Generic[T]):
    """One user change. `result` is what the call was about (the record saved, or removed, which
    undo needs); `records` holds every added or changed record as it is stored now."""

    added: frozenset[Key] = frozenset()
    changed: frozenset[Key] = frozenset()
    removed: frozenset[Key] = frozenset()
    records: Mapping[Key, Any] = field(default_factory=dict)
    settings: frozenset[str] = frozenset()
    """The journal settings (by key) that changed."""
    everything: bool = False
    """The whole journal may differ (an import, a restore, another journal opened)."""
    result: T | None = None

    # --- reading -------------------------------------------------------------------------

    @property
    def record(self) -> T:
        """The record the call was about; ValueError for a change that names none."""
        if self.result is None:
            raise ValueError("this change names no single record")
        return self.result

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.added or self.changed or self.removed or self.settings)

    @property
    def kinds(self) -> frozenset[RecordKind]:
        """The kinds of record added, changed or removed."""
        return frozenset(kind for kind, _ in self.added | self.changed | self.removed)

    @property
    def stale(self) -> frozenset[Derived]:
        """The derived figures this change makes stale (all of them for `everything`)."""
        if self.everything:
            return frozenset(Derived)
        figures: set[Derived] = set()
        for kind in self.kinds:
            figures |= STALE_BY_KIND[kind]
        for key in self.settings:
            figures |= STALE_BY_SETTING.get(key, frozenset())
        return frozenset(figures)

    def touches(self, kind: RecordKind) -> bool:
        """Whether any record of `kind` may have changed."""
        return self.everything or kind in self.kinds

    def is_stale(self, figure: Derived) -> bool:
        return figure in self.stale

    def setting_changed(self, key: str) -> bool:
        return self.everything or key in self.settings

    def added_ids(self, kind: RecordKind) -> frozenset[str]:
        return frozenset(ident for k, ident in self.added if k is kind)

    def changed_ids(self, kind: RecordKind) -> frozenset[str]:
        return frozenset(ident for k, ident in self.changed if k is kind)

    def removed_ids(self, kind: RecordKind) -> frozenset[str]:
        return frozenset(ident for k, ident in self.removed if k is kind)

    def saved(self, kind: RecordKind) -> tuple[Any, ...]:
        """The records of `kind` added or changed that the change carries, as stored (in the
        order of their ids)."""
        return tuple(
            self.records[key]
            for key in sorted(self.added | self.changed)
            if key[0] is kind and key in self.records
        )

    # --- combining -----------------------------------------------------------------------

    def __or__(self, other: Changes[Any]) -> Changes[None]:
        """Both changes, made one after the other (this one first)."""
        added = (self.added | other.added) - other.removed
        removed = (self.removed | other.removed) - other.added - other.changed
        # Removed and then added again: the record is back, but it may differ.
        changed = ((self.changed | other.changed) | (self.removed & other.added)) - removed
        added -= self.removed & other.added
        changed -= added
        records = {**self.records, **other.records}
        return Changes(
            added=frozenset(added),
            changed=frozenset(changed),
            removed=frozenset(removed),
            records={key: records[key] for key in added | changed if key in records},
            settings=self.settings | other.settings,
            everything=self.everything or other.everything,
        )

    def with_result(self, result: U) -> Changes[U]:
        """The same change, about `result`."""
        return Changes(
            self.added,
            self.changed,
            self.removed,
            self.records,
            self.settings,
            self.everything,
            result,
        )


# --- making them -------------------------------------------------------------------------

NO_CHANGE: Changes[None] = Changes()
EVERYTHING: Changes[None] = Changes(everything=True)


def saved(kind: RecordKind, record: R, *, is_new: bool, ident: str | None = None) -> Changes[R]:
    """`record` stored (its id is `ident`, or its own `id`): added when `is_new`, else changed."""
    key: Key = (kind, _id_of(record) if ident is None else ident)
    return Changes(
        added=frozenset({key}) if is_new else frozenset(),
        changed=frozenset() if is_new else frozenset({key}),
        records={key: record},
        result=record,
    )


def saved_many(
    kind: RecordKind, records: Iterable[_Identified], *, new_ids: Iterable[str]
) -> Changes[None]:
    """Several records of one kind stored; those whose id is in `new_ids` were added."""
    new = set(new_ids)
    stored = {(kind, _id_of(r)): r for r in records}
    return Changes(
        added=frozenset(key for key in stored if key[1] in new),
        changed=frozenset(key for key in stored if key[1] not in new),
        records=stored,
    )


def touched(kind: RecordKind, ids: Iterable[str]) -> Changes[None]:
    """Records of `kind` changed in the database's own way (a link cleared or set again), not
    carried: whoever needs them reads them."""
    return Changes(changed=frozenset((kind, str(ident)) for ident in ids))


def removed(kind: RecordKind, ids: Iterable[str], result: T | None = None) -> Changes[T]:
    """Records of `kind` deleted; `result` is what undo needs (the record as it was)."""
    return Changes(removed=frozenset((kind, str(ident)) for ident in ids), result=result)


def settings_changed(keys: Iterable[str]) -> Changes[None]:
    return Changes(settings=frozenset(keys))


def combined(changes: Iterable[Changes[Any]]) -> Changes[None]:
    """Several changes made one after the other, as one."""
    total: Changes[None] = NO_CHANGE
    for change in changes:
        total = total | change
    return total


def _id_of(record: object) -> str:
    if not isinstance(ident := getattr(record, "id", None), str):
        raise TypeError(f"{type(record).__name__} has no id: name it")
    return ident
