"""The whole program for one open journal: its services and every controller, wired to a window.

The Trends tab's charts (pyqtgraph and its numpy plots) can be made after the rest: start-up
shows the journal and the Tomorrow panel first (`build(..., charts_later=True)`), then
`Application.make_charts` fills the Trends tab from the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from kneelog.persistence import Database
from kneelog.services import (
    EVERYTHING,
    Changes,
    EntryService,
    KeptHistory,
    PlanningService,
    RehabService,
    WeeklyAdherence,
)
from kneelog.ui.actions import ActionId
from kneelog.ui.change_feed import ChangeFeed
from kneelog.ui.controllers.help_controller import HelpController
from kneelog.ui.controllers.journal_controller import JournalController
from kneelog.ui.controllers.plan_controller import PlanController
from kneelog.ui.controllers.rehab_controller import RehabController
from kneelog.ui.controllers.report_controller import ReportController
from kneelog.ui.controllers.safety_controller import SafetyController
from kneelog.ui.main_window import MainWindow
from kneelog.ui.qtmodels.journal_model import JournalTableModel
from kneelog.ui.settings import AppSettings
from kneelog.ui.widgets.charts_page import ChartsPage
from kneelog.ui.widgets.journal_view import JournalMode
from kneelog.ui.widgets.tomorrow_panel import TomorrowPanel

if TYPE_CHECKING:
    from kneelog.ui.controllers.trends_controller import TrendsController


@dataclass
class Application:
    """Everything the running program holds: built once, torn down with the window."""

    db: Database
    journal: EntryService
    window: MainWindow
    controller: JournalController
    settings: AppSettings
    exercises: RehabController
    plans: PlanController
    reports: ReportController
    safety: SafetyController | None = None
    trends: TrendsController | None = None
    help: HelpController | None = None
    feed: ChangeFeed | None = None
    listeners: list[Callable[[Changes[Any]], None]] = field(default_factory=list)
    """What `window.changed` is connected to, one per screen (the charts' once made)."""
    # Makes the Trends tab's charts (once); None when they were made with the rest.
    charts_maker: Callable[[], TrendsController] | None = field(default=None, repr=False)

    def make_charts(self) -> TrendsController:
        """The Trends controller, making the charts first if they wait (see `build`)."""
        if self.trends is None:
            assert self.charts_maker is not None
            self.trends = self.charts_maker()
        return self.trends

    def restore_layout(self) -> None:
        if (geometry := self.settings.window_geometry) is not None:
            self.window.restoreGeometry(geometry)
        if (state := self.settings.window_state) is not None:
            self.window.restoreState(state)
        if (header := self.settings.journal_header) is not None:
            self.window.journal.table.horizontalHeader().restoreState(header)
        self.window.journal.set_mode(JournalMode(self.settings.journal_mode))

    def save_layout(self) -> None:
        self.settings.window_geometry = self.window.saveGeometry()
        self.settings.window_state = self.window.saveState()
        self.settings.journal_header = self.window.journal.table.horizontalHeader().saveState()
        self.settings.journal_mode = self.window.journal.mode.value
        self.settings.sync()


def build(
    db: Database,
    settings: QSettings,
    title: str,
    window: MainWindow | None = None,
    *,
    example_data: bool = False,
    charts_later: bool = False,
) -> Application:
    """Wire every controller to the journal `db`, into `window` (the bare frame shown at
    start-up while the journal opened) or into a new one. `example_data`: the demo journal,
    not saved (Help's Explore with example data is then off). `charts_later`: the Trends tab
    says "Loading charts…" until `Application.make_charts` (or showing the tab) makes them,
    so nothing here imports pyqtgraph, and the journal shows its last weeks until
    `JournalController.load_whole`."""
    journal = EntryService(db)
    if window is None:
        window = MainWindow(JournalTableModel(), QUndoStack())
    elif not window.is_furnished:
        window.furnish(JournalTableModel(), QUndoStack())
    model, undo_stack = window.journal_model, window.undo_stack
    undo_stack.setParent(window)
    model.setParent(window)
    app_settings = AppSettings(settings)
    # One copy of the history for the table, the rules and the charts, owned by the change
    # feed: every change set reaches it before any screen hears of the change.
    records = KeptHistory(db)
    feed = ChangeFeed(window, records)
    controller = JournalController(
        window, journal, model, undo_stack, app_settings, records=records, publish=feed.publish
    )
    # Through the journal controller's clock, so a test that sets one day sets it for both.
    exercises = RehabController(
        window, RehabService(db), undo_stack, feed.publish, today=lambda: controller.today()
    )
    plans = PlanController(
        window,
        PlanningService(db, records=records),
        TomorrowPanel(),
        today=lambda: controller.today(),
        publish=feed.publish,
    )
    plans.panel.record_visit_requested.connect(lambda: controller.log_visit())
    plans.panel.set_unit(controller.journal.unit)
    # The week and month views' exercise figures, read a screenful of weeks at a time.
    weekly_adherence = WeeklyAdherence(db, today=lambda: controller.today())
    controller.weekly_adherence = weekly_adherence
    window.journal.set_adherence(weekly_adherence.ratio)
    # Each screen updates from the one change signal on its own: the order does not matter.
    listeners: list[Callable[[Changes[Any]], None]] = [
        controller.apply_changes,
        exercises.apply_changes,
        plans.apply_changes,
    ]
    for listener in listeners:
        window.changed.connect(listener)
    window.set_journal_title(title)
    made: list[TrendsController] = []

    def make_trends() -> TrendsController:
        if not made:
            made.append(
                _make_trends(window, db, records, controller, listeners, app_settings, page)
            )
        return made[0]

    # In a page that says "Loading charts…" until they are made, when they are made later.
    page = ChartsPage(needed=lambda: application.make_charts()) if charts_later else None
    if page is not None:
        window.add_tab(page, "&Trends")
        export = window.action(ActionId.EXPORT_CHARTS)

        def export_first() -> None:
            export.triggered.disconnect(export_first)
            # Once made, the charts' own controller answers the action.
            if not made:
                application.make_charts().export_charts()

        export.triggered.connect(export_first)
    if charts_later:
        controller.load_recent()  # the whole journal follows, from the event loop
    else:
        controller.load()
    exercises.load()
    plans.show_at_start()
    trends = None if charts_later else make_trends()

    def reload_everything() -> None:
        # After a restore every record may differ: no undo step may point at the old ones.
        undo_stack.clear()
        feed.publish(EVERYTHING)

    safety = SafetyController(window, db, reload_everything)
    help_controller = HelpController(
        window, today=lambda: controller.today(), example_data=example_data
    )
    reports = ReportController(
        window,
        db,
        app_settings,
        today=lambda: controller.today(),
        planning=plans.planning,
        publish=feed.publish,
    )
    application = Application(
        db,
        journal,
        window,
        controller,
        app_settings,
        exercises=exercises,
        plans=plans,
        safety=safety,
        reports=reports,
        trends=trends,
        help=help_controller,
        feed=feed,
        listeners=listeners,
    )
    if charts_later:
        application.charts_maker = make_trends
    window.closing.connect(application.save_layout)
    return application


def _make_trends(
    window: MainWindow,
    db: Database,
    records: KeptHistory,
    controller: JournalController,
    listeners: list[Callable[[Changes[Any]], None]],
    app_settings: AppSettings,
    page: ChartsPage | None,
) -> TrendsController:
    """The Trends view and its controller, wired and filled: in `page` or as its own tab."""
    import pyqtgraph as pg

    from kneelog.services import TrendsService
    from kneelog.ui.controllers.trends_controller import TrendsController
    from kneelog.ui.widgets.trends_view import TrendsView

    pg.setConfigOptions(antialias=True)
    trends_view = TrendsView()
    if page is None:
        window.add_tab(trends_view, "&Trends")
    else:
        page.set_view(trends_view)
    trends = TrendsController(
        window,
        trends_view,
        TrendsService(db, records),
        app_settings,
        today=lambda: controller.today(),
        page=page,
    )
    # Made later than the other screens, it hears of changes from then on (and reads the
    # current journal when it loads).
    window.changed.connect(trends.apply_changes)
    listeners.append(trends.apply_changes)
    trends.load()
    return trends
