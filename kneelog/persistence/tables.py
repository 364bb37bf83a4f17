"""The schema's definition: KneeLog's SQLModel table classes, one per table of the journal.

Only persistence imports this (SQLModel is slow to load and the start-up path never needs it):
the migrations are checked against these classes by a test, and `tools/make_columns.py` writes
their columns into `kneelog.persistence.columns` for the plain-SQL repositories. The rest of
KneeLog works with the frozen records of `kneelog.core`. Distances are stored in metres and
durations in seconds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DDL, JSON, CheckConstraint, Column, event
from sqlmodel import Field, SQLModel

from kneelog.core import (
    AKPS_INSTRUMENT,
    Aggravator,
    Condition,
    Knee,
    PainLocation,
    ProfileRecord,
    ReturnPlan,
    VisitRecord,
    new_id,
)
from kneelog.persistence.revision import REVISED_TABLES, TRIGGER_EVENTS, revision_trigger

PROFILE_ROW = 1


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


class PlanRecord(SQLModel, table=True):
    """One shown plan: the day it was for, the plan as `Plan.to_json()`, and when it was shown.

    One row per day: the last plan shown for a day replaces earlier ones (the advice the runner
    saw last is the advice that counts). Derived data: it is not part of the journal export.
    """

    __tablename__ = "plan_record"

    for_date: dt.date = Field(primary_key=True)
    plan: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    shown_at: str
    """Local date and time with offset, ISO 8601 (e.g. "2026-05-05T21:14:03+02:00")."""


class JournalRevision(SQLModel, table=True):
    """The journal's revision (kneelog.persistence.revision), a single row (id 1): moved on by
    a trigger on each table of the journal's data at every change to one of its rows."""

    __tablename__ = "journal_revision"
    __table_args__ = (CheckConstraint("id = 1", name="journal_revision_single_row"),)

    id: int = Field(default=1, primary_key=True)
    revision: int


class PlanMemo(SQLModel, table=True):
    """A plan worked out ahead, remembered with the journal revision it was made from and what
    made it (KeptHistory's version and rules): shown at start-up while both still hold.

    Derived data: not part of the journal export, and worked out again whenever it is stale.
    """

    __tablename__ = "plan_memo"

    for_date: dt.date = Field(primary_key=True)
    revision: int
    made_by: str
    plan: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class Prescription(SQLModel, table=True):
    """One exercise of the home program: its dose, how many days a week, and for how long."""

    __tablename__ = "prescription"

    id: str = Field(default_factory=new_id, primary_key=True)
    exercise: str = Field(index=True)
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    load_kg: float | None = None
    per_week: int = 3
    start: dt.date
    end: dt.date | None = None
    paused: bool = False
    notes: str = ""


class ExerciseLog(SQLModel, table=True):
    """One exercise done on one day, with the dose actually done and any knee pain."""

    __tablename__ = "exercise_log"

    id: str = Field(default_factory=new_id, primary_key=True)
    date: dt.date = Field(index=True)
    exercise: str = Field(index=True)
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    load_kg: float | None = None
    pain: int | None = None
    notes: str = ""
    prescription_id: str | None = Field(
        default=None, foreign_key="prescription.id", ondelete="SET NULL"
    )


class Assessment(SQLModel, table=True):
    """A questionnaire result, such as the Kujala Anterior Knee Pain Scale (AKPS)."""

    __tablename__ = "assessment"

    id: str = Field(default_factory=new_id, primary_key=True)
    date: dt.date = Field(index=True)
    instrument: str = AKPS_INSTRUMENT
    # Item number "1".."13" -> chosen option index (0 = first option); None when only a score
    # was recorded (e.g. copied from a clinic's paper form).
    answers: dict[str, int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    score: int


class Visit(SQLModel, table=True):
    """One clinician visit (journal format: a `visits` record)."""

    __tablename__ = "visit"

    id: str = Field(default_factory=new_id, primary_key=True)
    date: dt.date = Field(index=True)
    clinician: str = ""
    cleared_to_run: bool = False
    return_plan: str | None = None
    next_visit: dt.date | None = None
    notes: str = ""

    @classmethod
    def of(cls, record: VisitRecord) -> Visit:
        return cls(
            id=record.id,
            date=record.date,
            clinician=record.clinician,
            cleared_to_run=record.cleared_to_run,
            return_plan=None if record.return_plan is None else record.return_plan.value,
            next_visit=record.next_visit,
            notes=record.notes,
        )

    def record(self) -> VisitRecord:
        return VisitRecord(
            self.id,
            self.date,
            self.clinician,
            bool(self.cleared_to_run),
            None if self.return_plan is None else ReturnPlan(self.return_plan),
            self.next_visit,
            self.notes,
        )


class Profile(SQLModel, table=True):
    """The runner's profile (journal format: `profile`), a single row (id 1), absent while
    nothing has been filled in."""

    __tablename__ = "profile"
    __table_args__ = (CheckConstraint(f"id = {PROFILE_ROW}", name="profile_single_row"),)

    id: int = Field(default=PROFILE_ROW, primary_key=True)
    knee: str | None = None
    condition: str | None = None
    pain_location: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    aggravated_by: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    since: dt.date | None = None
    goal: str = ""
    goal_date: dt.date | None = None
    clinician: str = ""
    notes: str = ""

    @classmethod
    def of(cls, record: ProfileRecord) -> Profile:
        return cls(
            id=PROFILE_ROW,
            knee=None if record.knee is None else record.knee.value,
            condition=None if record.condition is None else record.condition.value,
            pain_location=[p.value for p in record.pain_location],
            aggravated_by=[a.value for a in record.aggravated_by],
            since=record.since,
            goal=record.goal,
            goal_date=record.goal_date,
            clinician=record.clinician,
            notes=record.notes,
        )

    def record(self) -> ProfileRecord:
        return ProfileRecord(
            knee=None if self.knee is None else Knee(self.knee),
            condition=None if self.condition is None else Condition(self.condition),
            pain_location=tuple(PainLocation(p) for p in self.pain_location),
            aggravated_by=tuple(Aggravator(a) for a in self.aggravated_by),
            since=self.since,
            goal=self.goal,
            goal_date=self.goal_date,
            clinician=self.clinician,
            notes=self.notes,
        )


# The revision's triggers, as the migrations make them (a test compares the two schemas).
for _table in REVISED_TABLES:
    for _event in TRIGGER_EVENTS:
        event.listen(
            SQLModel.metadata.tables[_table], "after_create", DDL(revision_trigger(_table, _event))
        )
