"""The last check before anything is written: every dated field of every record in range."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from kneelog.core.errors import ValidationError
from kneelog.core.validation import date_problem, start_time_problem


def dated_field_problems(record: Any) -> list[str]:
    """ "table.field: problem" for each date, datetime or session start of `record` that is
    outside the range KneeLog stores (core.validation.date_problem), whatever the table."""
    state = inspect(record, raiseerr=False)
    if state is None:
        return []
    table = getattr(record, "__tablename__", type(record).__name__)
    problems: list[str] = []
    for attribute in state.mapper.column_attrs:
        value = getattr(record, attribute.key, None)
        problem = None
        if isinstance(value, dt.date):
            problem = date_problem(value)
        elif attribute.key == "start_time" and isinstance(value, str):
            problem = start_time_problem(value)
        if problem is not None:
            problems.append(f"{table}.{attribute.key}: {problem}")
    return problems


def refuse_bad_dates(session: Session, _context: Any, _instances: Any) -> None:
    """A `before_flush` hook: nothing reaches the database with a date the app cannot handle,
    whichever reader, dialog or service made the record (the readers check first, with better
    messages; this is the guard for every path they do not cover)."""
    problems = [
        problem
        for record in (*session.new, *session.dirty)
        for problem in dated_field_problems(record)
    ]
    if problems:
        raise ValidationError(problems)
