"""A browsable, searchable view of the exercise library and its presets (Qt; no data access).

Takes an `ExerciseLibrary` and emits intents: `prescribe_requested(exercise_id)` to add an
exercise to the program, `preset_apply_requested(preset_id)` to apply a preset.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import Exercise, ExerciseCategory, ExerciseLibrary, Preset, Target

ExerciseIdRole = Qt.ItemDataRole.UserRole + 1


def per_week_text(per_week: int) -> str:
    if per_week == 7:
        return "every day"
    if per_week == 14:
        return "twice a day"
    return f"{per_week} day{'s' if per_week != 1 else ''} a week"


def exercise_html(exercise: Exercise) -> str:
    """The exercise's full card: dose, numbered steps, form cues, progression and caution."""
    targets = ", ".join(target.label for target in exercise.targets)
    equipment = (
        f"<p><b>You need:</b> {escape(', '.join(exercise.equipment))}</p>"
        if exercise.equipment
        else ""
    )
    steps = "".join(f"<li>{escape(step)}</li>" for step in exercise.steps)
    cues = "".join(f"<li>{escape(cue)}</li>" for cue in exercise.cues)
    return (
        f"<h2>{escape(exercise.name)}</h2>"
        f"<p><i>{escape(exercise.category.label)} · {escape(targets)}</i></p>"
        f"<p><b>Usual dose:</b> {escape(exercise.dose.describe())}, "
        f"{escape(per_week_text(exercise.per_week))}</p>"
        f"{equipment}"
        f"<h3>How to do it</h3><ol>{steps}</ol>"
        f"<h3>Form cues</h3><ul>{cues}</ul>"
        f"<h3>How it progresses</h3><p>{escape(exercise.progression)}</p>"
        f"<h3>Caution</h3><p>{escape(exercise.caution)}</p>"
        "<p><small>General guidance, not a prescription: your physical therapist's dose comes "
        "first.</small></p>"
    )


def preset_html(preset: Preset, library: ExerciseLibrary) -> str:
    """A preset's card: what it is for, its exercises with their dose, and its source."""
    rows = []
    for item in preset.items:
        exercise = library.get(item.exercise)
        dose = replace(exercise.dose, sets=item.sets, reps=item.reps, hold_s=item.hold_s)
        rows.append(
            f"<li>{escape(exercise.name)}: {escape(dose.describe())}, "
            f"{escape(per_week_text(item.per_week))}</li>"
        )
    return (
        f"<h2>{escape(preset.name)}</h2><p>{escape(preset.description)}</p>"
        f"<ul>{''.join(rows)}</ul><p><small>Source: {escape(preset.source)}</small></p>"
    )


class ExerciseLibraryView(QWidget):
    """Search and filters on the left, the selected exercise's card on the right."""

    exercise_selected = Signal(str)
    prescribe_requested = Signal(str)
    preset_apply_requested = Signal(str)

    def __init__(self, library: ExerciseLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library

        self.search_edit = QLineEdit(placeholderText="Search exercises…", clearButtonEnabled=True)
        self.category_combo = QComboBox()
        self.category_combo.addItem("All kinds", None)
        for category in ExerciseCategory:
            self.category_combo.addItem(category.label, category.value)
        self.target_combo = QComboBox()
        self.target_combo.addItem("All muscles", None)
        for target in Target:
            self.target_combo.addItem(target.label, target.value)
        self.exercise_list = QListWidget()
        self.count_label = QLabel()

        self.preset_combo = QComboBox()
        for preset in library.presets:
            self.preset_combo.addItem(preset.name, preset.id)
        self.preset_button = QPushButton("Apply preset…")
        self.preset_button.setEnabled(bool(library.presets))
        self.preset_button.setToolTip("Add this preset's exercises to your program")

        self.details = QTextBrowser(openExternalLinks=False)
        self.prescribe_button = QPushButton("Add to my program…")

        filters = QHBoxLayout()
        filters.addWidget(self.category_combo)
        filters.addWidget(self.target_combo)
        presets_row = QHBoxLayout()
        presets_row.addWidget(self.preset_combo, 1)
        presets_row.addWidget(self.preset_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_edit)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.exercise_list, 1)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(QLabel("<b>Presets</b>"))
        left_layout.addLayout(presets_row)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.prescribe_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.search_edit.textChanged.connect(self._search_changed)
        self.category_combo.currentIndexChanged.connect(self._refilter)
        self.target_combo.currentIndexChanged.connect(self._refilter)
        self.exercise_list.currentItemChanged.connect(self._show_current)
        self.exercise_list.itemActivated.connect(self._prescribe_current)
        self.prescribe_button.clicked.connect(self._prescribe_current)
        self.preset_button.clicked.connect(self._apply_preset)
        self.preset_combo.currentIndexChanged.connect(self._show_preset)
        self._refilter()

    def visible_ids(self) -> list[str]:
        return [
            self.exercise_list.item(row).data(ExerciseIdRole)
            for row in range(self.exercise_list.count())
        ]

    def current_exercise_id(self) -> str | None:
        item = self.exercise_list.currentItem()
        return None if item is None else str(item.data(ExerciseIdRole))

    def select_exercise(self, exercise_id: str) -> None:
        """Show one exercise, clearing filters that would hide it."""
        if exercise_id not in self.visible_ids():
            self.search_edit.clear()
            self.category_combo.setCurrentIndex(0)
            self.target_combo.setCurrentIndex(0)
        for row, visible_id in enumerate(self.visible_ids()):
            if visible_id == exercise_id:
                self.exercise_list.setCurrentRow(row)

    @Slot()
    def _search_changed(self) -> None:
        # Typing asks for the best match; changing a filter keeps the reader's place.
        self._refilter(keep_selection=False)

    @Slot()
    def _refilter(self, keep_selection: bool = True) -> None:
        previous = self.current_exercise_id() if keep_selection else None
        matches = self._library.search(
            self.search_edit.text(),
            category=self.category_combo.currentData(),
            target=self.target_combo.currentData(),
        )
        self.exercise_list.blockSignals(True)
        self.exercise_list.clear()
        for exercise in matches:
            item = QListWidgetItem(exercise.name)
            item.setData(ExerciseIdRole, exercise.id)
            item.setToolTip(f"{exercise.category.label} · {exercise.dose.describe()}")
            self.exercise_list.addItem(item)
        self.exercise_list.blockSignals(False)
        self.count_label.setText(f"{len(matches)} of {len(self._library.exercises)} exercises")
        ids = [exercise.id for exercise in matches]
        row = ids.index(previous) if previous in ids else (0 if ids else -1)
        self.exercise_list.setCurrentRow(row)
        if row == 0 or row == -1:
            self._show_current()

    @Slot()
    def _show_current(self) -> None:
        exercise_id = self.current_exercise_id()
        self.prescribe_button.setEnabled(exercise_id is not None)
        if exercise_id is None:
            self.details.setHtml("<p>No exercise matches the search.</p>")
            return
        self.details.setHtml(exercise_html(self._library.get(exercise_id)))
        self.exercise_selected.emit(exercise_id)

    @Slot()
    def _show_preset(self) -> None:
        preset_id = self.preset_combo.currentData()
        if preset_id is not None:
            self.details.setHtml(preset_html(self._library.preset(preset_id), self._library))

    @Slot()
    def _prescribe_current(self) -> None:
        exercise_id = self.current_exercise_id()
        if exercise_id is not None:
            self.prescribe_requested.emit(exercise_id)

    @Slot()
    def _apply_preset(self) -> None:
        preset_id = self.preset_combo.currentData()
        if preset_id is not None:
            self.preset_apply_requested.emit(preset_id)
