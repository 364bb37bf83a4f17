"""SQLModel, SQLAlchemy's query helpers and KneeLog's tables, loaded the first time one is used.

Importing SQLAlchemy and SQLModel and building the tables takes longer than everything else
KneeLog does before its window is ready, and the start-up path reads with plain SQL. Modules on
that path write `orm.select(orm.TrainingSession)` and the import happens at the first write.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import func
    from sqlmodel import Session, SQLModel, col, select

    from kneelog.core.entities import CheckIn, JournalSetting, Shoe, TrainingSession
    from kneelog.core.plan_record import PlanRecord
    from kneelog.core.rehab import Assessment, ExerciseLog, Prescription
    from kneelog.core.visit_tables import Profile, Visit

__all__ = [
    "Assessment",
    "CheckIn",
    "ExerciseLog",
    "JournalSetting",
    "PlanRecord",
    "Prescription",
    "Profile",
    "SQLModel",
    "Session",
    "Shoe",
    "TrainingSession",
    "Visit",
    "col",
    "func",
    "select",
]

_HOMES = {
    "func": "sqlalchemy",
    "SQLModel": "sqlmodel",
    "Session": "sqlmodel",
    "col": "sqlmodel",
    "select": "sqlmodel",
    "CheckIn": "kneelog.core.entities",
    "JournalSetting": "kneelog.core.entities",
    "Shoe": "kneelog.core.entities",
    "TrainingSession": "kneelog.core.entities",
    "PlanRecord": "kneelog.core.plan_record",
    "Assessment": "kneelog.core.rehab",
    "ExerciseLog": "kneelog.core.rehab",
    "Prescription": "kneelog.core.rehab",
    "Profile": "kneelog.core.visit_tables",
    "Visit": "kneelog.core.visit_tables",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later uses find it directly
    return value


def load() -> None:
    """Import everything now (when the program is idle), so the first save does not wait."""
    for name in _HOMES:
        __getattr__(name)
