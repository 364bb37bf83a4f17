"""The application's actions: one registry of text, shortcut, icon and tip for menus and bars."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from kneelog.ui.icons import bundled, themed

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyle, QWidget


class ActionId(StrEnum):
    LOG_SESSION = "log_session"
    CHECKIN = "checkin"
    LOG_VISIT = "log_visit"
    PROFILE = "profile"
    EDIT_ENTRY = "edit_entry"
    DELETE_ENTRY = "delete_entry"
    SHOES = "shoes"
    IMPORT = "import"
    IMPORT_FOLDER = "import_folder"
    EXPORT_JSON = "export_json"
    EXPORT_CHARTS = "export_charts"
    PREFERENCES = "preferences"
    QUIT = "quit"
    ABOUT = "about"
    USER_GUIDE = "user_guide"
    SHORTCUTS = "shortcuts"
    EXPLORE_DEMO = "explore_demo"
    FIND = "find"
    EXERCISES_TODAY = "exercises_today"
    PRESCRIBE = "prescribe"
    APPLY_PRESET = "apply_preset"
    EXERCISE_LIBRARY = "exercise_library"
    AKPS = "akps"
    RULE_SETTINGS = "rule_settings"
    BACKUP_NOW = "backup_now"
    RESTORE_BACKUP = "restore_backup"
    PRINT_PREVIEW = "print_preview"
    PRINT = "print"
    EXPORT_PDF = "export_pdf"


@dataclass(frozen=True)
class ActionSpec:
    text: str
    tip: str
    shortcut: QKeySequence.StandardKey | str | None = None
    # A bundled icon's name, or a freedesktop theme name with the style's fallback.
    icon: str | tuple[str, QStyle.StandardPixmap] | None = None
    role: QAction.MenuRole | None = None  # None: no special menu role


@cache
def specs() -> dict[ActionId, ActionSpec]:
    """Every action's text, tip, shortcut and icon.

    Built on first use, not at import: the Qt enums it names cost start-up time before the
    window's frame is on screen, and only the furnished window needs them.
    """
    from PySide6.QtWidgets import QStyle

    return {
        ActionId.LOG_SESSION: ActionSpec(
            "&Log session…",
            "Log a run or cross-training session",
            QKeySequence.StandardKey.New,
            "log-session",
        ),
        ActionId.CHECKIN: ActionSpec(
            "&Morning check-in…",
            "Log this morning's knee pain and stiffness",
            "Ctrl+M",
            "checkin",
        ),
        ActionId.LOG_VISIT: ActionSpec(
            "Clinician &visit…",
            "Log a visit to a PT or doctor, and whether it cleared you to run",
        ),
        ActionId.EDIT_ENTRY: ActionSpec(
            "&Edit entry…",
            "Edit the selected entry",
            None,
            ("document-edit", QStyle.StandardPixmap.SP_FileDialogDetailedView),
        ),
        ActionId.DELETE_ENTRY: ActionSpec(
            "&Delete entry",
            "Delete the selected entries (undo brings them back)",
            QKeySequence.StandardKey.Delete,
            ("edit-delete", QStyle.StandardPixmap.SP_TrashIcon),
        ),
        ActionId.SHOES: ActionSpec(
            "&Shoes…",
            "Your shoes and their mileage",
            "Ctrl+Shift+S",
        ),
        ActionId.IMPORT: ActionSpec(
            "&Import…",
            "Import activity files (FIT, GPX, TCX, zips, Strava or Garmin exports) "
            "or KneeLog files",
            "Ctrl+I",
            ("document-import", QStyle.StandardPixmap.SP_DialogOpenButton),
        ),
        ActionId.IMPORT_FOLDER: ActionSpec(
            "Import &folder…",
            "Import every activity file in a folder and its subfolders (or a Strava export folder)",
            "Ctrl+Shift+I",
        ),
        ActionId.EXPORT_JSON: ActionSpec(
            "&Export journal…",
            "Save the whole journal as a KneeLog journal (JSON) file",
            "Ctrl+E",
            ("document-export", QStyle.StandardPixmap.SP_DialogSaveButton),
        ),
        ActionId.PROFILE: ActionSpec(
            "Pro&file…",
            "Your knee, the condition, what makes it worse and your goal (printed on the report)",
        ),
        ActionId.EXPORT_CHARTS: ActionSpec(
            "Export &charts…",
            "Save the Trends charts as a PNG image or an SVG drawing",
        ),
        ActionId.PREFERENCES: ActionSpec(
            "&Preferences…",
            "Units, week start and your names for the report",
            QKeySequence.StandardKey.Preferences,
            None,
            QAction.MenuRole.PreferencesRole,
        ),
        ActionId.QUIT: ActionSpec(
            "&Quit", "Quit KneeLog", QKeySequence.StandardKey.Quit, None, QAction.MenuRole.QuitRole
        ),
        ActionId.ABOUT: ActionSpec(
            "&About KneeLog",
            "Version and medical disclaimer",
            None,
            None,
            QAction.MenuRole.AboutRole,
        ),
        ActionId.USER_GUIDE: ActionSpec(
            "&User guide",
            "How to use KneeLog: logging, the journal's views, the plan, the report",
            QKeySequence.StandardKey.HelpContents,
            ("help-contents", QStyle.StandardPixmap.SP_DialogHelpButton),
        ),
        ActionId.SHORTCUTS: ActionSpec(
            "&Keyboard shortcuts",
            "Every keyboard shortcut of the menus and the journal",
            "Ctrl+/",
        ),
        ActionId.EXPLORE_DEMO: ActionSpec(
            "&Explore with example data",
            "Open a 16-week example journal in its own window: nothing in it is saved, "
            "and your own journal stays as it is",
        ),
        ActionId.FIND: ActionSpec("&Find…", "Search the journal", QKeySequence.StandardKey.Find),
        ActionId.EXERCISES_TODAY: ActionSpec(
            "&Today's exercises",
            "Tick off today's home exercises (Space ticks, a digit sets the pain, Enter logs)",
            "Ctrl+T",
        ),
        ActionId.PRESCRIBE: ActionSpec(
            "&Prescribe an exercise…",
            "Add an exercise from your physical therapist to the program",
            "Ctrl+Shift+P",
        ),
        ActionId.APPLY_PRESET: ActionSpec(
            "Apply an exercise pre&set…",
            "Add a ready-made set of exercises to the program, then adjust it",
        ),
        ActionId.EXERCISE_LIBRARY: ActionSpec(
            "Exercise &library…",
            "Every exercise with its steps, form cues, usual dose and cautions",
            "Ctrl+L",
        ),
        ActionId.AKPS: ActionSpec(
            "&Knee questionnaire (AKPS)…",
            "Fill in the Kujala Anterior Knee Pain Scale (every 4 weeks)",
            "Ctrl+K",
        ),
        ActionId.RULE_SETTINGS: ActionSpec(
            "&Rule settings…",
            "The thresholds and durations of the next-day rules, "
            "as your physical therapist sets them",
            "Ctrl+Shift+R",
        ),
        ActionId.BACKUP_NOW: ActionSpec(
            "&Back up now",
            "Save a copy of the whole journal in the backup folder now",
            None,
            ("document-save", QStyle.StandardPixmap.SP_DriveHDIcon),
        ),
        ActionId.RESTORE_BACKUP: ActionSpec(
            "&Restore from backup…",
            "Replace the journal with one of its backups (the current journal is backed up first)",
            None,
            ("document-revert", QStyle.StandardPixmap.SP_BrowserReload),
        ),
        ActionId.PRINT_PREVIEW: ActionSpec(
            "Print pre&view…",
            "See the progress report for your physical therapist before printing it",
            None,
            ("document-print-preview", QStyle.StandardPixmap.SP_FileDialogContentsView),
        ),
        ActionId.PRINT: ActionSpec(
            "&Print report…",
            "Print the progress report for your physical therapist",
            QKeySequence.StandardKey.Print,
            ("document-print", QStyle.StandardPixmap.SP_FileIcon),
        ),
        ActionId.EXPORT_PDF: ActionSpec(
            "Export report as P&DF…",
            "Save the progress report for your physical therapist as a PDF file",
            "Ctrl+Shift+E",
            ("application-pdf", QStyle.StandardPixmap.SP_FileIcon),
        ),
    }


def make_action(action_id: ActionId, parent: QWidget) -> QAction:
    spec = specs()[action_id]
    action = QAction(spec.text, parent)
    action.setObjectName(f"action_{action_id.value}")
    action.setToolTip(spec.tip)
    action.setStatusTip(spec.tip)
    if spec.shortcut is not None:
        action.setShortcut(QKeySequence(spec.shortcut))
    if isinstance(spec.icon, str):
        action.setIcon(bundled(spec.icon))
    elif spec.icon is not None:
        action.setIcon(themed(*spec.icon))
    if spec.role is not None:
        action.setMenuRole(spec.role)
    return action
