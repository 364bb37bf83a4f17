"""Typed readers for JSON record fields that collect every problem under its JSON path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from kneelog.core import date_problem


class FieldReader:
    """Reads the fields of one JSON object, recording problems as `path.key: message`."""

    def __init__(self, record: Mapping[str, Any], path: str, problems: list[str]) -> None:
        self.record = record
        self.path = path
        self.problems = problems
        self.failed_keys: set[str] = set()
        self.failed = False

    def problem(self, key: str | None, message: str) -> None:
        """Record a problem with one key (or with the whole record when `key` is None)."""
        self.failed = True
        if key is not None:
            self.failed_keys.add(key)
        where = self.path if key is None else f"{self.path}.{key}"
        self.problems.append(f"{where}: {message}")

    def reject_unknown(self, allowed: Collection[str]) -> None:
        self.check_keys(allowed)

    def _missing(self, key: str, required: bool) -> bool:
        """True when the key is absent or null (a problem if it is required)."""
        if self.record.get(key) is None:
            if required:
                self.problem(key, "is required")
            return True
        return False

    def boolean(self, key: str) -> bool:
        value = self.record.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(key, f"{show_value(value)} is not true or false")
            return False
        return value

    def check_keys(self, allowed: Collection[str], required: Collection[str] = ()) -> None:
        for key in self.record:
            if key not in allowed:
                self.problem(key, "unknown key")
        for key in required:
            if key not in self.record or self.record[key] is None:
                self.problem(key, "is required")

    def string(
        self, key: str, *, choices: Collection[str] | None = None, required: bool = False
    ) -> str | None:
        if self._missing(key, required):
            return None
        value = self.record[key]
        if not isinstance(value, str):
            self.problem(key, f"{show_value(value)} is not a string")
            return None
        if choices is not None and value not in choices:
            self.problem(key, f"{show_value(value)} is not one of {', '.join(sorted(choices))}")
            return None
        return value

    def integer(
        self, key: str, low: int | None = None, high: int | None = None, *, required: bool = False
    ) -> int | None:
        if self._missing(key, required):
            return None
        value = self.record[key]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"{show_value(value)} is not a whole number")
            return None
        return value if self._in_range(key, value, low, high) else None

    def number(
        self,
        key: str,
        low: float | None = None,
        high: float | None = None,
        *,
        above: bool = False,
        required: bool = False,
    ) -> float | None:
        if self._missing(key, required):
            return None
        value = self.record[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(key, f"{show_value(value)} is not a number")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.problem(key, f"{show_value(value)} is not a finite number")
            return None
        if above and low is not None and value <= low:
            self.problem(key, f"{value:g} must be above {low:g}")
            return None
        if not above and not self._in_range(key, value, low, high):
            return None
        if above and high is not None and value > high:
            self.problem(key, f"{value:g} is above {high:g}")
            return None
        return float(value)

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        if self._missing(key, required):
            return None
        value = self.record[key]
        if not isinstance(value, str):
            self.problem(key, f"{show_value(value)} is not a date (YYYY-MM-DD)")
            return None
        try:
            if len(value) != 10:
                raise ValueError(value)
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.problem(key, f"{show_value(value)} is not a date (YYYY-MM-DD)")
            return None
        if (problem := date_problem(day)) is not None:
            self.problem(key, problem)
            return None
        return day

    def string_list(self, key: str, *, choices: Collection[str]) -> list[str]:
        value = self.record.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, "is not a list of strings")
            return []
        unknown = [v for v in value if v not in choices]
        if unknown:
            self.problem(key, f"unknown code(s) {', '.join(map(show_value, unknown))}")
            return []
        # Keep the order given but drop repeats: a symptom is either there or not.
        return list(dict.fromkeys(value))

    def _in_range(self, key: str, value: float, low: float | None, high: float | None) -> bool:
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = (
                f"{_fmt(low)}-{_fmt(high)}"
                if low is not None and high is not None
                else (f"at least {_fmt(low)}" if low is not None else f"at most {_fmt(high)}")
            )
            self.problem(key, f"{_fmt(value)} is outside {bounds}")
            return False
        return True


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def show_value(value: Any) -> str:
    """A value as a problem message quotes it: strings in quotes, long ones cut."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
