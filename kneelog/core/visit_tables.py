"""The tables of journal format 2: clinician visits (`visit`) and the runner's profile (`profile`).

The rest of KneeLog works with the plain records of `kneelog.core.visits`; these SQLModel tables
are what the services and the journal import write through, and each converts to and from its
record. The profile is one row (id 1), absent while nothing has been filled in.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Column
from sqlmodel import Field, SQLModel

from kneelog.core.entities import new_id
from kneelog.core.visits import (
    Aggravator,
    Condition,
    Knee,
    PainLocation,
    ProfileRecord,
    ReturnPlan,
    VisitRecord,
)

PROFILE_ROW = 1


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
    """The runner's profile (journal format: `profile`), a single row."""

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
