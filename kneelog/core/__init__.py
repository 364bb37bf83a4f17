"""The domain core: records, validation, rules and statistics. Pure Python: no Qt, no database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneelog import lazy_face

if TYPE_CHECKING:
    from kneelog.core.adherence import (
        E1_WINDOW_DAYS,
        MONDAY,
        SUNDAY,
        Adherence,
        DueItem,
        ProgressPoint,
        RecentAdherence,
        WeekAdherence,
        active_on,
        adherence_by_exercise,
        adherence_by_prescription,
        due_on,
        overall_adherence,
        progression_series,
        recent_adherence,
        week_start_of,
        weekly_adherence,
        weekly_totals,
    )
    from kneelog.core.akps import (
        AKPS_ITEM_KEYS,
        AKPS_ITEMS,
        AKPS_SOURCE,
        AkpsChange,
        AkpsError,
        akps_history,
        akps_item_problems,
        akps_partial_score,
        akps_score,
        change_from_first,
        check_score,
        make_assessment,
        next_due,
        reminder_due,
    )
    from kneelog.core.codes import (
        ACTIVITY_LABELS,
        CROSS_TRAINING,
        RED_FLAG_SYMPTOMS,
        SYMPTOM_LABELS,
        Activity,
        PainTrend,
        Surface,
        Symptom,
    )
    from kneelog.core.completeness import lacks_pain_after, pain_after_to_ask
    from kneelog.core.errors import (
        BackupError,
        DamagedDatabaseError,
        DatabaseError,
        JournalFileError,
        JournalGoneError,
        JournalInUseError,
        JournalMissingError,
        KneelogError,
        NotAJournalError,
        NotFoundError,
        OutputError,
        SchemaTooNewError,
        ValidationError,
        WriteFailedError,
    )
    from kneelog.core.exercises import (
        Exercise,
        ExerciseCategory,
        ExerciseLibrary,
        Preset,
        Target,
        default_library,
    )
    from kneelog.core.formatting import (
        LONG_DATE_QT,
        axis_date,
        count_of,
        date_span,
        distance_km,
        in_words,
        long_date,
        month_name,
        pace,
        percent,
        plural,
        short_date,
        speed,
        weekday_date,
    )
    from kneelog.core.ids import new_id
    from kneelog.core.load import RUNNING_ACTIVITIES, FloatArray, IntArray
    from kneelog.core.plausibility import (
        counts_in_load,
        is_implausible,
        load_sessions,
        speed_problem,
        unconfirmed_speed_problem,
    )
    from kneelog.core.program import (
        AKPS_INSTRUMENT,
        HOLD_S_RANGE,
        INSTRUMENTS,
        LOAD_KG_RANGE,
        PAIN_RANGE,
        PER_WEEK_RANGE,
        REPS_RANGE,
        SCORE_RANGE,
        SETS_RANGE,
        AssessmentRecord,
        ExerciseLogRecord,
        PrescriptionRecord,
        dose_text,
        exercise_log_problems,
        prescription_problems,
    )
    from kneelog.core.rules.definitions import (
        MAX_DURATION_DAYS,
        Action,
        ParamValue,
        Rule,
        RuleSet,
        Severity,
        default_rules,
    )
    from kneelog.core.rules.engine import suggest, suggest_days
    from kneelog.core.rules.inputs import ExerciseDue, ExerciseStatus, RuleInputs
    from kneelog.core.rules.overrides import (
        OVERRIDE_DURATION,
        OVERRIDE_ENABLED,
        OverrideDifference,
        OverrideError,
        apply_overrides,
        differences,
        validate_overrides,
    )
    from kneelog.core.rules.plan import Episode, Plan, Reason, plan_from_memo, plan_memo_json
    from kneelog.core.series import (
        EPOCH_ORDINAL,
        EntryRef,
        EntryRefs,
        ProgramSeries,
        Thresholds,
        TrendSeries,
        compute_trends,
        journal_span,
    )
    from kneelog.core.session_records import CheckInRecord, SessionRecord, ShoeRecord
    from kneelog.core.units import (
        DistanceUnit,
        format_duration,
        format_pace,
        parse_distance,
        parse_duration,
    )
    from kneelog.core.validation import (
        CADENCE_LIMITS,
        MAX_NOTES_CHARS,
        PAIN_SCALE,
        RPE_SCALE,
        checkin_problems,
        date_problem,
        session_problems,
        shoe_problems,
        start_time_problem,
    )
    from kneelog.core.values import (
        EntryKind,
        EntryRow,
        RememberedPlan,
        ShoeMileage,
        ShownPlan,
        StatusSummary,
    )
    from kneelog.core.visit_checks import MAX_NAME, profile_problems, visit_problems
    from kneelog.core.visits import (
        Aggravator,
        Condition,
        Knee,
        PainLocation,
        ProfileRecord,
        ReturnPlan,
        VisitRecord,
    )
    from kneelog.core.weeks import WeekTotals, week_totals

# What code outside the package may import from it. Each name is imported from its module
# on first use (PEP 562), so importing the package costs nothing and one name loads one module.
__all__ = [
    "ACTIVITY_LABELS",
    "AKPS_INSTRUMENT",
    "AKPS_ITEMS",
    "AKPS_ITEM_KEYS",
    "AKPS_SOURCE",
    "CADENCE_LIMITS",
    "CROSS_TRAINING",
    "E1_WINDOW_DAYS",
    "EPOCH_ORDINAL",
    "HOLD_S_RANGE",
    "INSTRUMENTS",
    "LOAD_KG_RANGE",
    "LONG_DATE_QT",
    "MAX_DURATION_DAYS",
    "MAX_NAME",
    "MAX_NOTES_CHARS",
    "MONDAY",
    "OVERRIDE_DURATION",
    "OVERRIDE_ENABLED",
    "PAIN_RANGE",
    "PAIN_SCALE",
    "PER_WEEK_RANGE",
    "RED_FLAG_SYMPTOMS",
    "REPS_RANGE",
    "RPE_SCALE",
    "RUNNING_ACTIVITIES",
    "SCORE_RANGE",
    "SETS_RANGE",
    "SUNDAY",
    "SYMPTOM_LABELS",
    "Action",
    "Activity",
    "Adherence",
    "Aggravator",
    "AkpsChange",
    "AkpsError",
    "AssessmentRecord",
    "BackupError",
    "CheckInRecord",
    "Condition",
    "DamagedDatabaseError",
    "DatabaseError",
    "DistanceUnit",
    "DueItem",
    "EntryKind",
    "EntryRef",
    "EntryRefs",
    "EntryRow",
    "Episode",
    "Exercise",
    "ExerciseCategory",
    "ExerciseDue",
    "ExerciseLibrary",
    "ExerciseLogRecord",
    "ExerciseStatus",
    "FloatArray",
    "IntArray",
    "JournalFileError",
    "JournalGoneError",
    "JournalInUseError",
    "JournalMissingError",
    "Knee",
    "KneelogError",
    "NotAJournalError",
    "NotFoundError",
    "OutputError",
    "OverrideDifference",
    "OverrideError",
    "PainLocation",
    "PainTrend",
    "ParamValue",
    "Plan",
    "PrescriptionRecord",
    "Preset",
    "ProfileRecord",
    "ProgramSeries",
    "ProgressPoint",
    "Reason",
    "RecentAdherence",
    "RememberedPlan",
    "ReturnPlan",
    "Rule",
    "RuleInputs",
    "RuleSet",
    "SchemaTooNewError",
    "SessionRecord",
    "Severity",
    "ShoeMileage",
    "ShoeRecord",
    "ShownPlan",
    "StatusSummary",
    "Surface",
    "Symptom",
    "Target",
    "Thresholds",
    "TrendSeries",
    "ValidationError",
    "VisitRecord",
    "WeekAdherence",
    "WeekTotals",
    "WriteFailedError",
    "active_on",
    "adherence_by_exercise",
    "adherence_by_prescription",
    "akps_history",
    "akps_item_problems",
    "akps_partial_score",
    "akps_score",
    "apply_overrides",
    "axis_date",
    "change_from_first",
    "check_score",
    "checkin_problems",
    "compute_trends",
    "count_of",
    "counts_in_load",
    "date_problem",
    "date_span",
    "default_library",
    "default_rules",
    "differences",
    "distance_km",
    "dose_text",
    "due_on",
    "exercise_log_problems",
    "format_duration",
    "format_pace",
    "in_words",
    "is_implausible",
    "journal_span",
    "lacks_pain_after",
    "load_sessions",
    "long_date",
    "make_assessment",
    "month_name",
    "new_id",
    "next_due",
    "overall_adherence",
    "pace",
    "pain_after_to_ask",
    "parse_distance",
    "parse_duration",
    "percent",
    "plan_from_memo",
    "plan_memo_json",
    "plural",
    "prescription_problems",
    "profile_problems",
    "progression_series",
    "recent_adherence",
    "reminder_due",
    "session_problems",
    "shoe_problems",
    "short_date",
    "speed",
    "speed_problem",
    "start_time_problem",
    "suggest",
    "suggest_days",
    "unconfirmed_speed_problem",
    "validate_overrides",
    "visit_problems",
    "week_start_of",
    "week_totals",
    "weekday_date",
    "weekly_adherence",
    "weekly_totals",
]

# Where each name lives: its module and the names it gives the face.
_MODULES = {
    "kneelog.core.adherence": (
        "Adherence DueItem E1_WINDOW_DAYS MONDAY ProgressPoint RecentAdherence SUNDAY "
        "WeekAdherence active_on adherence_by_exercise adherence_by_prescription due_on "
        "overall_adherence progression_series recent_adherence week_start_of "
        "weekly_adherence weekly_totals"
    ),
    "kneelog.core.akps": (
        "AkpsChange AkpsError AKPS_ITEMS AKPS_ITEM_KEYS AKPS_SOURCE akps_history change_from_first "
        "check_score akps_item_problems make_assessment next_due akps_partial_score reminder_due "
        "akps_score"
    ),
    "kneelog.core.codes": (
        "ACTIVITY_LABELS Activity CROSS_TRAINING PainTrend RED_FLAG_SYMPTOMS "
        "SYMPTOM_LABELS Surface Symptom"
    ),
    "kneelog.core.completeness": "lacks_pain_after pain_after_to_ask",
    "kneelog.core.errors": (
        "BackupError DamagedDatabaseError DatabaseError JournalFileError "
        "JournalGoneError JournalInUseError JournalMissingError KneelogError "
        "NotAJournalError NotFoundError OutputError SchemaTooNewError "
        "ValidationError WriteFailedError"
    ),
    "kneelog.core.exercises": (
        "Exercise ExerciseCategory ExerciseLibrary Preset Target default_library"
    ),
    "kneelog.core.formatting": (
        "LONG_DATE_QT axis_date count_of date_span distance_km in_words "
        "long_date month_name pace percent plural short_date speed "
        "weekday_date"
    ),
    "kneelog.core.ids": "new_id",
    "kneelog.core.load": "FloatArray IntArray RUNNING_ACTIVITIES",
    "kneelog.core.plausibility": (
        "counts_in_load is_implausible load_sessions speed_problem unconfirmed_speed_problem"
    ),
    "kneelog.core.program": (
        "AKPS_INSTRUMENT AssessmentRecord ExerciseLogRecord HOLD_S_RANGE "
        "INSTRUMENTS LOAD_KG_RANGE PAIN_RANGE PER_WEEK_RANGE "
        "PrescriptionRecord REPS_RANGE SCORE_RANGE SETS_RANGE dose_text "
        "exercise_log_problems prescription_problems"
    ),
    # Each rule name from its own module: showing a remembered plan loads no engine.
    "kneelog.core.rules.definitions": (
        "MAX_DURATION_DAYS Action ParamValue Rule RuleSet Severity default_rules"
    ),
    "kneelog.core.rules.engine": "suggest suggest_days",
    "kneelog.core.rules.inputs": "ExerciseDue ExerciseStatus RuleInputs",
    "kneelog.core.rules.overrides": (
        "OVERRIDE_DURATION OVERRIDE_ENABLED OverrideDifference OverrideError apply_overrides "
        "differences validate_overrides"
    ),
    "kneelog.core.rules.plan": "Episode Plan Reason plan_from_memo plan_memo_json",
    "kneelog.core.series": (
        "EPOCH_ORDINAL EntryRef EntryRefs ProgramSeries Thresholds TrendSeries "
        "compute_trends journal_span"
    ),
    "kneelog.core.session_records": "CheckInRecord SessionRecord ShoeRecord",
    "kneelog.core.units": (
        "DistanceUnit format_duration format_pace parse_distance parse_duration"
    ),
    "kneelog.core.validation": (
        "CADENCE_LIMITS MAX_NOTES_CHARS PAIN_SCALE RPE_SCALE checkin_problems date_problem "
        "session_problems shoe_problems start_time_problem"
    ),
    "kneelog.core.values": "EntryKind EntryRow RememberedPlan ShoeMileage ShownPlan StatusSummary",
    "kneelog.core.visit_checks": "MAX_NAME profile_problems visit_problems",
    "kneelog.core.visits": (
        "Aggravator Condition Knee PainLocation ProfileRecord ReturnPlan VisitRecord"
    ),
    "kneelog.core.weeks": "WeekTotals week_totals",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_face(__name__, _MODULES)
