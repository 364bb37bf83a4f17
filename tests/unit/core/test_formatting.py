"""The one formatting module: units, dates, counts and plurals read the same everywhere."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, strategies as st

from kneelog.core import formatting as fmt
from kneelog.core.units import DistanceUnit

FRIDAY = dt.date(2026, 12, 4)


def test_dates_have_one_long_and_one_short_form() -> None:
    assert fmt.long_date(FRIDAY) == "Fri 4 Dec 2026"
    assert fmt.short_date(FRIDAY) == "Fri 4 Dec"
    assert fmt.weekday_date(FRIDAY) == "Friday 4 Dec"
    assert fmt.axis_date(dt.date(2026, 11, 3)) == "3 Nov"
    assert (
        fmt.date_span(dt.date(2026, 4, 1), dt.date(2026, 4, 28)) == "Wed 1 Apr to Tue 28 Apr 2026"
    )
    assert fmt.date_span(dt.date(2025, 12, 29), FRIDAY) == "Mon 29 Dec 2025 to Fri 4 Dec 2026"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_the_short_form_is_the_long_form_without_the_year(day: dt.date) -> None:
    assert fmt.long_date(day) == f"{fmt.short_date(day)} {day.year}"
    assert fmt.short_date(day).endswith(fmt.axis_date(day))


def test_plurals() -> None:
    assert fmt.plural(1, "entry") == "1 entry"
    assert fmt.plural(2, "entry") == "2 entries"
    assert fmt.plural(0, "day") == "0 days"
    assert fmt.plural(1, "day") == "1 day"
    assert fmt.plural(3, "session") == "3 sessions"
    assert fmt.plural(2, "match") == "2 matches"
    assert fmt.plural(1.2, "session") == "1 session"
    assert fmt.plural(5, "person", "people") == "5 people"


def test_counts_are_whole_numbers() -> None:
    assert fmt.count(2.1) == "2"
    assert fmt.count(21.4) == "21"
    assert fmt.count(2.5) == "3"
    assert fmt.count_of(1, 2.1) == "1 of 2"
    assert fmt.count_of(15, 21.4) == "15 of 21"
    assert fmt.percent(0.476) == "48%"
    assert fmt.percent(None) == "–"


def test_distance_pace_and_speed_follow_the_runner_s_unit() -> None:
    km, mi = DistanceUnit.KM, DistanceUnit.MI
    assert fmt.distance(3400, km) == "3.4 km"
    assert fmt.distance(3400, mi) == "2.1 mi"
    assert fmt.distance_km(151, km, 0) == "151 km"
    assert fmt.distance_km(151, mi, 0) == "94 mi"
    assert fmt.distance(None, km) == ""
    assert fmt.pace(5000, 30 * 60 + 25, km) == "6:05 /km"
    assert fmt.pace(1609.344, 8 * 60, mi) == "8:00 /mi"
    assert fmt.pace(0, 100, km) == ""
    assert fmt.speed(30000, 3600, km) == "30.0 km/h"
    assert fmt.speed(1609.344 * 14, 3600, mi) == "14.0 mph"
    assert fmt.duration(43 * 60 + 26) == "43:26"
    assert fmt.duration(3600 + 10 * 60 + 23) == "1:10:23"


def test_numbers_never_show_minus_zero() -> None:
    assert fmt.number(-0.01) == "0.0"
    assert fmt.number(-0.2) == "-0.2"


def test_engine_evidence_reads_in_the_runner_s_dates_and_unit() -> None:
    line = "2026-11-23 to 2026-11-29: 24.0 km, up from 18.5 km"
    assert (
        fmt.in_words(line, DistanceUnit.KM, FRIDAY)
        == "Mon 23 Nov to Sun 29 Nov: 24.0 km, up from 18.5 km"
    )
    assert fmt.in_words(line, DistanceUnit.MI, FRIDAY) == (
        "Mon 23 Nov to Sun 29 Nov: 14.9 mi, up from 11.5 mi"
    )
    assert (
        fmt.in_words("2025-12-30 check-in", DistanceUnit.KM, FRIDAY) == "Tue 30 Dec 2025 check-in"
    )
    assert fmt.in_words("ratio 1.52 on 2026-13-01", DistanceUnit.MI) == "ratio 1.52 on 2026-13-01"


@example(5e-324, 1.0, DistanceUnit.KM)  # a distance that converts to 0.0 km
@example(1.0, 5e-324, DistanceUnit.KM)  # a time that converts to 0.0 hours
@given(
    st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    st.sampled_from(list(DistanceUnit)),
)
def test_pace_and_speed_never_fail_on_any_number(
    metres: float | None, seconds: float | None, unit: DistanceUnit
) -> None:
    for text in (fmt.pace(metres, seconds, unit), fmt.speed(metres, seconds, unit)):
        assert text == "" or text.endswith(("/km", "/mi", "km/h", "mph"))
