"""Use cases over the journal: one short database session per user operation. No Qt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneelog import lazy_face

if TYPE_CHECKING:
    from kneelog.services.activity_import import (
        ImportReport,
        ImportResultError,
        ItemResult,
        ItemStatus,
        import_paths,
    )
    from kneelog.services.changes import (
        EVERYTHING,
        HISTORY_KINDS,
        PROGRAM_KINDS,
        Changes,
        Derived,
        RecordKind,
        combined,
    )
    from kneelog.services.demo import populate_demo
    from kneelog.services.entries import (
        RECENT_ENTRIES,
        RECENT_WEEKS,
        EntryService,
    )
    from kneelog.services.entry_lines import EntryLines, checkin_row, session_row, visit_row
    from kneelog.services.kept_history import KeptHistory
    from kneelog.services.opening import (
        FileCheck,
        may_write,
        open_journal,
        open_journal_read_only,
    )
    from kneelog.services.plan_text import ACTION_WORDS, caps_line, plan_lines, restriction_span
    from kneelog.services.planning import PlanningService
    from kneelog.services.profile_text import (
        AGGRAVATOR_LABELS,
        CONDITION_LABELS,
        KNEE_LABELS,
        PAIN_LOCATION_LABELS,
        profile_headline,
        profile_rows,
        visit_text,
    )
    from kneelog.services.rehab import (
        DeletedPrescription,
        ProgramStatus,
        RehabService,
        program_status,
    )
    from kneelog.services.remembered_plans import (
        DAYS_AHEAD,
        plans_remembered,
        remember_plans,
        remembered_plan,
    )
    from kneelog.services.report import (
        AKPS_MCID_SOURCE,
        DEFAULT_WEEKS,
        MIN_WEEK_DAYS,
        PAIN_MCID_SOURCE,
        SUMMARY_SYMPTOM_DAYS,
        DayAdvice,
        Paper,
        RedFlagEpisode,
        ReportData,
        ReportOptions,
        ReportSection,
        ReportWeek,
        ShoeLine,
        Tone,
        build_report,
        last_visit_date,
        paper_for_territory,
        report_period,
    )
    from kneelog.services.safety import (
        BackupInfo,
        backup_to,
        backups_of,
        ensure_daily_backup,
        make_backup,
        missing_journal,
        restore_backup,
        set_aside,
    )
    from kneelog.services.transfer import export_csv, export_journal
    from kneelog.services.trends import TrendInputs, TrendsService, trend_series
    from kneelog.services.visits import VisitService, new_visit
    from kneelog.services.week_summary import WeeklyAdherence

# What code outside the package may import from it. Each name is imported from its module
# on first use (PEP 562), so importing the package costs nothing and one name loads one module.
__all__ = [
    "ACTION_WORDS",
    "AGGRAVATOR_LABELS",
    "AKPS_MCID_SOURCE",
    "CONDITION_LABELS",
    "DAYS_AHEAD",
    "DEFAULT_WEEKS",
    "EVERYTHING",
    "HISTORY_KINDS",
    "KNEE_LABELS",
    "MIN_WEEK_DAYS",
    "PAIN_LOCATION_LABELS",
    "PAIN_MCID_SOURCE",
    "PROGRAM_KINDS",
    "RECENT_ENTRIES",
    "RECENT_WEEKS",
    "SUMMARY_SYMPTOM_DAYS",
    "BackupInfo",
    "Changes",
    "DayAdvice",
    "DeletedPrescription",
    "Derived",
    "EntryLines",
    "EntryService",
    "FileCheck",
    "ImportReport",
    "ImportResultError",
    "ItemResult",
    "ItemStatus",
    "KeptHistory",
    "Paper",
    "PlanningService",
    "ProgramStatus",
    "RecordKind",
    "RedFlagEpisode",
    "RehabService",
    "ReportData",
    "ReportOptions",
    "ReportSection",
    "ReportWeek",
    "ShoeLine",
    "Tone",
    "TrendInputs",
    "TrendsService",
    "VisitService",
    "WeeklyAdherence",
    "backup_to",
    "backups_of",
    "build_report",
    "caps_line",
    "checkin_row",
    "combined",
    "ensure_daily_backup",
    "export_csv",
    "export_journal",
    "import_paths",
    "last_visit_date",
    "make_backup",
    "may_write",
    "missing_journal",
    "new_visit",
    "open_journal",
    "open_journal_read_only",
    "paper_for_territory",
    "plan_lines",
    "plans_remembered",
    "populate_demo",
    "profile_headline",
    "profile_rows",
    "program_status",
    "remember_plans",
    "remembered_plan",
    "report_period",
    "restore_backup",
    "restriction_span",
    "session_row",
    "set_aside",
    "trend_series",
    "visit_row",
    "visit_text",
]

# Where each name lives: its module and the names it gives the face.
_MODULES = {
    "kneelog.services.activity_import": (
        "ImportReport ImportResultError ItemResult ItemStatus import_paths"
    ),
    "kneelog.services.changes": (
        "Changes Derived EVERYTHING HISTORY_KINDS PROGRAM_KINDS RecordKind combined"
    ),
    "kneelog.services.demo": "populate_demo",
    "kneelog.services.entries": "EntryService RECENT_ENTRIES RECENT_WEEKS",
    "kneelog.services.entry_lines": "EntryLines checkin_row session_row visit_row",
    "kneelog.services.kept_history": "KeptHistory",
    "kneelog.services.opening": "FileCheck may_write open_journal open_journal_read_only",
    "kneelog.services.plan_text": "ACTION_WORDS caps_line plan_lines restriction_span",
    "kneelog.services.planning": "PlanningService",
    "kneelog.services.remembered_plans": (
        "DAYS_AHEAD plans_remembered remember_plans remembered_plan"
    ),
    "kneelog.services.profile_text": (
        "AGGRAVATOR_LABELS CONDITION_LABELS KNEE_LABELS "
        "PAIN_LOCATION_LABELS profile_headline profile_rows "
        "visit_text"
    ),
    "kneelog.services.rehab": "DeletedPrescription ProgramStatus RehabService program_status",
    "kneelog.services.report": (
        "AKPS_MCID_SOURCE DEFAULT_WEEKS DayAdvice MIN_WEEK_DAYS "
        "PAIN_MCID_SOURCE Paper RedFlagEpisode ReportData ReportOptions "
        "ReportSection ReportWeek SUMMARY_SYMPTOM_DAYS ShoeLine Tone "
        "build_report last_visit_date paper_for_territory "
        "report_period"
    ),
    "kneelog.services.safety": (
        "BackupInfo backup_to backups_of ensure_daily_backup make_backup "
        "missing_journal restore_backup set_aside"
    ),
    "kneelog.services.transfer": "export_csv export_journal",
    "kneelog.services.trends": "TrendInputs TrendsService trend_series",
    "kneelog.services.visits": "VisitService new_visit",
    "kneelog.services.week_summary": "WeeklyAdherence",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_face(__name__, _MODULES)
