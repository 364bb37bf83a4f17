"""The "Log session" dialog: keyboard-first, with inline validation and OK only when valid."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QTime
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import (
    ACTIVITY_LABELS,
    LONG_DATE_QT,
    Activity,
    DistanceUnit,
    PainTrend,
    SessionRecord,
    ShoeMileage,
    Surface,
    distance_km,
    format_duration,
    pace,
    parse_distance,
    parse_duration,
    session_problems,
    speed,
    speed_problem,
)
from kneelog.ui.widgets.fit import make_room
from kneelog.ui.widgets.form_fields import ErrorLabel, PainScale, ScaleSpin, SymptomBoxes, date_edit

if TYPE_CHECKING:
    pass


SPEED_ACTIVITIES = frozenset({Activity.CYCLE.value})
"""Activities whose average reads as a speed (km/h, mph) rather than a pace."""

SPEED_WARNING_COLOUR = "#b34700"


class SessionDialog(QDialog):
    """Edits one session; `session()` returns the draft once the dialog is accepted."""

    def __init__(
        self,
        unit: DistanceUnit,
        shoes: Sequence[ShoeMileage],
        initial: SessionRecord,
        *,
        is_new: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log session" if is_new else "Edit session")
        self._unit = unit
        self._initial = initial
        self._draft: SessionRecord | None = None
        self.log_another = False
        """True when the dialog closed with "Save and log another"."""

        self.date = date_edit()
        self.date.setDisplayFormat(LONG_DATE_QT)
        self.date.setMaximumDate(QDate.currentDate().addDays(1))
        self.has_time = QCheckBox("at")
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.activity = QComboBox()
        for activity in Activity:
            self.activity.addItem(ACTIVITY_LABELS[activity], activity.value)
        self.distance = QLineEdit()
        self.distance.setPlaceholderText(f"e.g. 5.2 ({unit.value})")
        self.duration = QLineEdit()
        self.duration.setPlaceholderText("minutes, mm:ss or h:mm:ss")
        self.pace = QLabel()
        self.pace.setObjectName("livePace")
        self.pace.setEnabled(False)  # drawn muted: it is worked out, not entered
        self.rpe = ScaleSpin()
        self.rpe.setToolTip("How hard the session felt: 0 = rest, 10 = maximal (CR-10)")
        self.cadence = ScaleSpin(100, 250)
        self.cadence.setToolTip("Average steps per minute, if your watch shows it")
        self.surface = QComboBox()
        self.surface.addItem("–", None)
        for surface in Surface:
            self.surface.addItem(surface.label, surface.value)
        self.shoe = QComboBox()
        self.shoe.addItem("–", None)
        for shoe in shoes:
            if shoe.retired is None or shoe.id == initial.shoe_id:
                label = f"{shoe.name} ({distance_km(shoe.km, unit, 0)})"
                self.shoe.addItem(label, shoe.id)
        self.pain_during = PainScale()
        self.pain_after = PainScale()
        self.pain_trend = QComboBox()
        self.pain_trend.addItem("–", None)
        for trend in PainTrend:
            self.pain_trend.addItem(trend.label, trend.value)
        self.symptoms = SymptomBoxes()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("How did it go? Anything your PT should know?")
        self.notes.setFixedHeight(70)

        self._errors = {
            name: ErrorLabel()
            for name in (
                "date",
                "distance_km",
                "duration_min",
                "rpe",
                "cadence_spm",
                "notes",
                "start_time",
            )
        }

        # A warning, not an error: the session can be saved, but it is left out of the load
        # figures until the distance or the time is corrected, or the runner confirms the speed
        # (a treadmill's wrong calibration, a race downhill: rare, but theirs to say).
        self.speed_warning = QLabel()
        self.speed_warning.setObjectName("speed_warning")
        self.speed_warning.setWordWrap(True)
        self.speed_warning.setStyleSheet(f"color: {SPEED_WARNING_COLOUR};")
        self.speed_warning.setVisible(False)
        self.speed_confirmed = QCheckBox("The speed is &right: count this session")
        self.speed_confirmed.setObjectName("speed_confirmed")
        self.speed_confirmed.setToolTip(
            "Count the session's distance and time in the weekly totals, the charts and the "
            "report although its speed is unusual"
        )
        self.speed_confirmed.setVisible(False)

        when = QHBoxLayout()
        when.addWidget(self.date, 1)
        when.addWidget(self.has_time)
        when.addWidget(self.time)

        training = QFormLayout()
        self._add_row(training, "&Date", when, "date")
        training.addRow("&Activity", self.activity)
        self._add_row(training, f"Dis&tance ({unit.value})", self.distance, "distance_km")
        moving = QHBoxLayout()
        moving.addWidget(self.duration, 1)
        moving.addWidget(self.pace)
        self._add_row(training, "&Moving time", moving, "duration_min")
        # Across the whole form, as the error messages: in the field column alone the warning
        # was squeezed to its width and cut off.
        training.addRow(self.speed_warning)
        training.addRow("", self.speed_confirmed)
        self._add_row(training, "&Effort (0-10)", self.rpe, "rpe")
        self._add_row(training, "Cade&nce (steps/min)", self.cadence, "cadence_spm")
        training.addRow("Sur&face", self.surface)
        training.addRow("S&hoe", self.shoe)
        training_box = QGroupBox("Training")
        training_box.setLayout(training)

        knee = QFormLayout()
        knee.addRow("Pain &during", self.pain_during)
        knee.addRow("Pain an hour a&fter", self.pain_after)
        knee.addRow("As it went on, pain", self.pain_trend)
        knee.addRow("Symptoms", self.symptoms)
        knee_box = QGroupBox("Your knee")
        knee_box.setLayout(knee)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.another_button = self.buttons.addButton(
            "Save and log &another", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.another_button.setToolTip("Save this session and start the next one on the same day")
        self.another_button.setVisible(is_new)
        self.another_button.clicked.connect(self._save_and_log_another)

        columns = QHBoxLayout()
        columns.addWidget(training_box, 1)
        columns.addWidget(knee_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        notes_label = QLabel("N&otes")
        notes_label.setBuddy(self.notes)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes)
        layout.addWidget(self._errors["notes"])
        layout.addWidget(self.buttons)

        self._load(initial)
        for signal in (
            self.date.dateChanged,
            self.has_time.toggled,
            self.time.timeChanged,
            self.activity.currentIndexChanged,
            self.distance.textChanged,
            self.duration.textChanged,
            self.rpe.valueChanged,
            self.cadence.valueChanged,
            self.notes.textChanged,
            self.speed_confirmed.toggled,
        ):
            signal.connect(self._revalidate)
        self.has_time.toggled.connect(self.time.setEnabled)
        # A confirmation is of the speed shown: a new distance, time or activity asks again.
        for changed in (
            self.activity.currentIndexChanged,
            self.distance.textChanged,
            self.duration.textChanged,
        ):
            changed.connect(lambda *_: self.speed_confirmed.setChecked(False))
        # Notes before the fourteen symptom boxes in the tab order: a run is logged from the
        # keyboard without tabbing through them; they are one click (or Alt+letter) away.
        chain: list[QWidget] = [
            self.distance,
            self.duration,
            self.speed_confirmed,
            self.rpe,
            self.pain_during.spin,
            self.pain_after.spin,
            self.pain_trend,
            self.notes,
            self.buttons.button(QDialogButtonBox.StandardButton.Ok),
            self.another_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
            self.date,
            self.has_time,
            self.time,
            self.activity,
            self.cadence,
            self.surface,
            self.shoe,
            *self.symptoms.boxes(),
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._revalidate()
        # The activity and date are usually right already: the distance is the first thing to type.
        self.distance.setFocus()

    def _add_row(
        self, form: QFormLayout, label: str, field: QWidget | QHBoxLayout, name: str
    ) -> None:
        """The field, and under it its message across the whole form: a message in the field
        column alone was squeezed to its width and cut off."""
        if isinstance(field, QHBoxLayout):
            # A label beside a layout gets no buddy by itself: the mnemonic goes to its first field.
            text = QLabel(label)
            item = field.itemAt(0)
            first = item.widget() if item is not None else None
            if first is not None:
                text.setBuddy(first)
            form.addRow(text, field)
        else:
            form.addRow(label, field)
        form.addRow(self._errors[name])

    def _load(self, s: SessionRecord) -> None:
        self.date.setDate(QDate(s.date.year, s.date.month, s.date.day))
        self.has_time.setChecked(s.start_time is not None)
        self.time.setEnabled(s.start_time is not None)
        if s.start_time:
            hhmm = s.start_time[11:16] if len(s.start_time) > 5 else s.start_time
            self.time.setTime(QTime.fromString(hhmm, "HH:mm"))
        else:
            self.time.setTime(QTime.currentTime())
        self.activity.setCurrentIndex(max(0, self.activity.findData(s.activity)))
        if s.distance_m is not None:
            self.distance.setText(
                f"{self._unit.from_metres(s.distance_m):.2f}".rstrip("0").rstrip(".")
            )
        self.duration.setText(format_duration(s.duration_s))
        self.rpe.set_score(s.rpe)
        self.cadence.set_score(s.cadence_spm)
        self.surface.setCurrentIndex(max(0, self.surface.findData(s.surface)))
        self.shoe.setCurrentIndex(max(0, self.shoe.findData(s.shoe_id)))
        self.pain_during.set_score(s.pain_during)
        self.pain_after.set_score(s.pain_after)
        self.pain_trend.setCurrentIndex(max(0, self.pain_trend.findData(s.pain_trend)))
        self.symptoms.set_codes(s.symptoms)
        self.notes.setPlainText(s.notes)
        self.speed_confirmed.setChecked(s.speed_confirmed)

    def _start_time(self) -> str | None:
        if not self.has_time.isChecked():
            return None
        hhmm = self.time.time().toString("HH:mm")
        original = self._initial.start_time
        # Keep an imported ISO start time (with its offset) when only other fields changed.
        if original and len(original) > 5 and original[11:16] == hhmm:
            return original
        return hhmm

    def _build(self) -> tuple[SessionRecord | None, dict[str, str]]:
        problems: dict[str, str] = {}
        try:
            distance = parse_distance(self.distance.text(), self._unit)
        except ValueError as exc:
            problems["distance_km"], distance = str(exc), None
        try:
            duration = parse_duration(self.duration.text())
        except ValueError as exc:
            problems["duration_min"], duration = str(exc), None
        qdate = self.date.date()
        draft = SessionRecord.new(
            id=self._initial.id,
            date=dt.date(qdate.year(), qdate.month(), qdate.day()),
            start_time=self._start_time(),
            activity=self.activity.currentData(),
            distance_m=None if distance is None else round(distance, 3),
            duration_s=None if duration is None else round(duration, 3),
            rpe=self.rpe.score(),
            cadence_spm=self.cadence.score(),
            surface=self.surface.currentData(),
            shoe_id=self.shoe.currentData(),
            pain_during=self.pain_during.score(),
            pain_after=self.pain_after.score(),
            pain_trend=self.pain_trend.currentData(),
            symptoms=self.symptoms.codes(),
            source=self._initial.source,
            notes=self.notes.toPlainText().strip(),
        )
        # Stored only while the speed is implausible: corrected, there is nothing to confirm.
        draft = draft._replace(
            speed_confirmed=self.speed_confirmed.isChecked()
            and bool(speed_problem(draft.activity, draft.distance_m, draft.duration_s))
        )
        problems = {**session_problems(draft), **problems}
        return (None if problems else draft), problems

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        make_room(self)  # a session opened with its speed warning already shown

    def _revalidate(self) -> None:
        draft, problems = self._build()
        for name, label in self._errors.items():
            label.show_problem(problems.get(name))
        problem = (
            ""
            if draft is None
            else speed_problem(draft.activity, draft.distance_m, draft.duration_s)
        )
        if not problem:
            text = ""
        elif self.speed_confirmed.isChecked():
            text = f"⚠ The speed is {problem} You confirmed it: the session counts in the load."
        else:
            text = (
                f"⚠ The speed is {problem} Until you correct it or confirm it below, the "
                "session is left out of the load figures (weekly totals, charts, report)."
            )
        self.speed_warning.setText(text)
        showing = self.speed_warning.isVisibleTo(self)
        self.speed_warning.setVisible(bool(problem))
        self.speed_confirmed.setVisible(bool(problem))
        if problem and not showing and self.isVisible():
            # Four lines of warning and a check box more: the dialog grows rather than cut them.
            make_room(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(draft is not None)
        self.another_button.setEnabled(draft is not None)
        self._show_pace()

    def _show_pace(self) -> None:
        """Pace while typing (speed for cycling and swimming), so a typo shows at once."""
        try:
            metres = parse_distance(self.distance.text(), self._unit)
            seconds = parse_duration(self.duration.text())
        except ValueError:
            metres = seconds = None
        if self.activity.currentData() in SPEED_ACTIVITIES:
            text = speed(metres, seconds, self._unit)
        else:
            text = pace(metres, seconds, self._unit)
        self.pace.setText(text)
        self.pace.setToolTip("Average pace over the moving time" if text else "")

    def _save_and_log_another(self) -> None:
        self.log_another = True
        self.accept()
        if self.result() != QDialog.DialogCode.Accepted:
            self.log_another = False

    def accept(self) -> None:
        draft, _problems = self._build()
        if draft is None:
            return
        self._draft = draft
        super().accept()

    def session(self) -> SessionRecord:
        assert self._draft is not None, "session() is only meaningful after accept()"
        return self._draft
