"""The plan the app showed for a day (table `plan_record`), kept for the report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


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
