"""Every table's columns in order, as (name, kind, nullable); generated, do not edit by hand.

Written by tools/make_columns.py from the SQLModel tables in kneelog/persistence/tables.py (after
changing a table, run `python tools/make_columns.py`); a test fails when the two disagree. The
kinds say how a value is stored: "date" as ISO text, "json" as JSON text, "bool" as 0/1.
"""

from __future__ import annotations

from typing import Final

COLUMNS: Final[dict[str, tuple[tuple[str, str, bool], ...]]] = {
    "assessment": (
        ("id", "text", False),
        ("date", "date", False),
        ("instrument", "text", False),
        ("answers", "json", True),
        ("score", "int", False),
    ),
    "checkin": (
        ("id", "text", False),
        ("date", "date", False),
        ("morning_pain", "int", True),
        ("morning_stiffness", "int", True),
        ("symptoms", "json", False),
        ("notes", "text", False),
    ),
    "exercise_log": (
        ("id", "text", False),
        ("date", "date", False),
        ("exercise", "text", False),
        ("sets", "int", True),
        ("reps", "int", True),
        ("hold_s", "int", True),
        ("load_kg", "float", True),
        ("pain", "int", True),
        ("notes", "text", False),
        ("prescription_id", "text", True),
    ),
    "journal_revision": (
        ("id", "int", False),
        ("revision", "int", False),
    ),
    "journal_setting": (
        ("key", "text", False),
        ("value", "json", False),
    ),
    "plan_memo": (
        ("for_date", "date", False),
        ("revision", "int", False),
        ("made_by", "text", False),
        ("plan", "json", False),
    ),
    "plan_record": (
        ("for_date", "date", False),
        ("plan", "json", False),
        ("shown_at", "text", False),
    ),
    "prescription": (
        ("id", "text", False),
        ("exercise", "text", False),
        ("sets", "int", True),
        ("reps", "int", True),
        ("hold_s", "int", True),
        ("load_kg", "float", True),
        ("per_week", "int", False),
        ("start", "date", False),
        ("end", "date", True),
        ("paused", "bool", False),
        ("notes", "text", False),
    ),
    "profile": (
        ("id", "int", False),
        ("knee", "text", True),
        ("condition", "text", True),
        ("pain_location", "json", False),
        ("aggravated_by", "json", False),
        ("since", "date", True),
        ("goal", "text", False),
        ("goal_date", "date", True),
        ("clinician", "text", False),
        ("notes", "text", False),
    ),
    "shoe": (
        ("id", "text", False),
        ("name", "text", False),
        ("started", "date", True),
        ("retired", "date", True),
        ("initial_km", "float", False),
        ("retire_at_km", "float", True),
    ),
    "training_session": (
        ("id", "text", False),
        ("date", "date", False),
        ("start_time", "text", True),
        ("activity", "text", False),
        ("distance_m", "float", True),
        ("duration_s", "float", True),
        ("rpe", "int", True),
        ("cadence_spm", "int", True),
        ("surface", "text", True),
        ("shoe_id", "text", True),
        ("pain_during", "int", True),
        ("pain_after", "int", True),
        ("pain_trend", "text", True),
        ("symptoms", "json", False),
        ("source", "text", True),
        ("notes", "text", False),
        ("speed_confirmed", "bool", False),
    ),
    "visit": (
        ("id", "text", False),
        ("date", "date", False),
        ("clinician", "text", False),
        ("cleared_to_run", "bool", False),
        ("return_plan", "text", True),
        ("next_visit", "date", True),
        ("notes", "text", False),
    ),
}
"""Table name -> its columns, in the order the table defines them."""

PRIMARY_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "assessment": ("id",),
    "checkin": ("id",),
    "exercise_log": ("id",),
    "journal_revision": ("id",),
    "journal_setting": ("key",),
    "plan_memo": ("for_date",),
    "plan_record": ("for_date",),
    "prescription": ("id",),
    "profile": ("id",),
    "shoe": ("id",),
    "training_session": ("id",),
    "visit": ("id",),
}
