"""The persisted domain objects: shoes, training sessions, morning check-ins and journal settings.

SQLModel table classes are plain Python objects outside a database session, so the rules and
statistics take them directly. Distances are stored in metres and durations in seconds.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


def new_id() -> str:
    """A fresh, stable record id (the journal format's `id`)."""
    return uuid.uuid4().hex


class Shoe(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    name: str
    started: dt.date | None = None
    retired: dt.date | None = None
    initial_km: float = 0.0
    retire_at_km: float | None = None


class TrainingSession(SQLModel, table=True):
    """One run, walk-run or cross-training session (named so as not to clash with a DB session)."""

    __tablename__ = "training_session"

    id: str = Field(default_factory=new_id, primary_key=True)
    date: dt.date = Field(index=True)
    start_time: str | None = None
    activity: str
    distance_m: float | None = None
    duration_s: float | None = None
    rpe: int | None = None
    cadence_spm: int | None = None
    surface: str | None = None
    shoe_id: str | None = Field(default=None, foreign_key="shoe.id", ondelete="SET NULL")
    pain_during: int | None = None
    pain_after: int | None = None
    pain_trend: str | None = None
    symptoms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source: str | None = None
    notes: str = ""
    speed_confirmed: bool = False
    """The runner said an implausible speed is right: the session counts in the load figures."""

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / 1000.0

    @property
    def duration_min(self) -> float | None:
        return None if self.duration_s is None else self.duration_s / 60.0


class CheckIn(SQLModel, table=True):
    """The morning knee check: at most one per date."""

    __tablename__ = "checkin"

    id: str = Field(default_factory=new_id, primary_key=True)
    date: dt.date = Field(index=True, unique=True)
    morning_pain: int | None = None
    morning_stiffness: int | None = None
    symptoms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str = ""


class JournalSetting(SQLModel, table=True):
    """A setting that belongs to the journal (units, the runner's name, rule thresholds)."""

    __tablename__ = "journal_setting"

    key: str = Field(primary_key=True)
    value: Any = Field(sa_column=Column(JSON, nullable=False))
