"""The one place that turns distances, paces, dates, counts and plurals into words for people."""

from __future__ import annotations

import datetime as dt
import math
import re

from kneelog.core.units import DistanceUnit, format_duration

__all__ = [
    "DAY_MONTH_QT",
    "LONG_DATE_QT",
    "axis_date",
    "count",
    "count_of",
    "date_span",
    "distance",
    "distance_km",
    "duration",
    "in_words",
    "long_date",
    "month_name",
    "number",
    "pace",
    "percent",
    "plural",
    "short_date",
    "speed",
    "weekday_date",
]

# Fixed English names, not the C library's locale: every word of KneeLog is English, and a
# German LC_TIME must not make "Fr 4 Dez" appear in an English sentence.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAYS_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

LONG_DATE_QT = "ddd d MMM yyyy"
"""The long form as a Qt display format, for date editors (QDateEdit) and Qt-drawn labels."""

DAY_MONTH_QT = "d MMM"
"""A chart axis tick as a Qt format, the same as `axis_date`."""

_IRREGULAR = {"entry": "entries", "more day": "more days", "is": "are", "was": "were"}


# --- dates --------------------------------------------------------------------------------


def long_date(day: dt.date) -> str:
    """The long form, used wherever a date stands alone: "Fri 4 Dec 2026"."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """The short form, inside a sentence or a list about the same year: "Fri 4 Dec"."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def weekday_date(day: dt.date) -> str:
    """A heading with the full weekday (the plan's day, today's checklist): "Friday 4 Dec"."""
    return f"{_WEEKDAYS_LONG[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def axis_date(day: dt.date) -> str:
    """A chart's date tick: "4 Dec" (the weekday would crowd the axis; the tooltip has it)."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def month_name(day: dt.date) -> str:
    """The month's short name: "Dec"."""
    return _MONTHS[day.month - 1]


def date_span(first: dt.date, last: dt.date) -> str:
    """ "Wed 1 Apr to Tue 28 Apr 2026", with both years when the span crosses one."""
    start = short_date(first) if first.year == last.year else long_date(first)
    return f"{start} to {long_date(last)}"


# --- numbers ------------------------------------------------------------------------------


def number(value: float, decimals: int = 1) -> str:
    """A plain number with a fixed number of decimals and no "-0.0"."""
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def count(value: float) -> str:
    """A count as a whole number: sessions, days, entries are never fractional on screen."""
    if not math.isfinite(value):
        return "–"
    return str(math.floor(value + 0.5))


def plural(n: float, noun: str, plural_form: str | None = None) -> str:
    """ "1 entry", "2 entries", "0 days"; `n` is shown as a whole number."""
    shown = count(n)
    if shown == "1":
        return f"1 {noun}"
    word = plural_form or _IRREGULAR.get(noun) or _regular_plural(noun)
    return f"{shown} {word}"


def _regular_plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def count_of(done: float, due: float) -> str:
    """ "1 of 2": both as whole numbers (an expected 2.1 sessions reads as 2)."""
    return f"{count(done)} of {count(due)}"


def percent(fraction: float | None) -> str:
    """0.47 -> "47%"; None -> "–"."""
    if fraction is None or not math.isfinite(fraction):
        return "–"
    return f"{count(fraction * 100)}%"


# --- distance, pace, speed, time ----------------------------------------------------------


def distance(metres: float | None, unit: DistanceUnit, decimals: int = 1) -> str:
    """ "3.4 km" or "2.1 mi"; empty for an unknown distance."""
    if metres is None:
        return ""
    return f"{number(unit.from_metres(metres), decimals)} {unit.value}"


def distance_km(km: float | None, unit: DistanceUnit, decimals: int = 1) -> str:
    """The same as `distance` for a value kept in kilometres (caps, shoe mileage, load)."""
    return "" if km is None else distance(km * 1000.0, unit, decimals)


def _positive(value: float) -> bool:
    """A usable measurement: finite and above zero (a pasted "1e400" is neither)."""
    return math.isfinite(value) and value > 0


def pace(metres: float | None, seconds: float | None, unit: DistanceUnit) -> str:
    """Minutes per km or per mile: "6:05 /km"; empty without both a distance and a time."""
    if metres is None or seconds is None or not (_positive(metres) and _positive(seconds)):
        return ""
    distance = unit.from_metres(metres)
    if distance == 0:  # a distance so small its conversion rounds to nothing
        return ""
    per_unit = seconds / distance
    if not math.isfinite(per_unit):
        return ""
    minutes, secs = divmod(round(per_unit), 60)
    return f"{minutes}:{secs:02d} /{unit.value}"


def speed(metres: float | None, seconds: float | None, unit: DistanceUnit) -> str:
    """ "22.5 km/h" or "14.0 mph" (cycling, swimming); empty without both values."""
    if metres is None or seconds is None or not (_positive(metres) and _positive(seconds)):
        return ""
    hours = seconds / 3600.0
    if hours == 0:  # a time so small it rounds to nothing in hours
        return ""
    per_hour = unit.from_metres(metres) / hours
    if not math.isfinite(per_hour):
        return ""
    label = "km/h" if unit is DistanceUnit.KM else "mph"
    return f"{number(per_hour, 1)} {label}"


def duration(seconds: float | None) -> str:
    """ "43:26" or "1:10:23"; empty for an unknown time."""
    return format_duration(seconds)


# --- text from the rules engine -----------------------------------------------------------

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_KM = re.compile(r"\b(\d+(?:\.\d+)?) km\b")


def in_words(text: str, unit: DistanceUnit, today: dt.date | None = None) -> str:
    """The rules engine's evidence line for people: its ISO dates in the short (or, for another
    year than `today`'s, the long) form, and its kilometres in the runner's unit.

    The engine writes ISO dates and km because `suggest --json` and the suggestion spec use
    them; every screen, printout and CLI line passes the text through here instead.
    """

    def date(match: re.Match[str]) -> str:
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return match[0]
        return short_date(day) if today is not None and day.year == today.year else long_date(day)

    def km(match: re.Match[str]) -> str:
        decimals = len(match[1].partition(".")[2])
        return distance_km(float(match[1]), unit, decimals)

    text = _ISO_DATE.sub(date, text)
    return text if unit is DistanceUnit.KM else _KM.sub(km, text)
