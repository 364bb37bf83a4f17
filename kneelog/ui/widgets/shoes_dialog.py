"""The shoe manager: add, edit and retire shoes, with mileage and a warning past retirement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import (
    LONG_DATE_QT,
    DistanceUnit,
    ShoeMileage,
    ShoeRecord,
    distance_km,
    long_date,
    shoe_problems,
)
from kneelog.ui.widgets.fit import fit_to_screen
from kneelog.ui.widgets.form_fields import ErrorLabel, date_edit

if TYPE_CHECKING:
    pass


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class ShoeEditor(QDialog):
    """Add or edit one shoe."""

    def __init__(
        self,
        initial: ShoeRecord,
        *,
        is_new: bool,
        unit: DistanceUnit = DistanceUnit.KM,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add shoe" if is_new else "Edit shoe")
        self._initial = initial
        self._unit = unit
        suffix = f" {unit.value}"
        self.name = QLineEdit(initial.name)
        self.name.setPlaceholderText("e.g. Pegasus 40")
        self.started = date_edit()
        self.started.setDisplayFormat(LONG_DATE_QT)
        self.started.setDate(_qdate(initial.started or dt.date.today()))
        self.initial_km = QDoubleSpinBox()
        self.initial_km.setRange(0, 10_000)
        self.initial_km.setSuffix(suffix)
        self.initial_km.setValue(self._from_km(initial.initial_km))
        self.initial_km.setToolTip("Distance the shoe already had before you started logging it")
        self.retire_at = QDoubleSpinBox()
        self.retire_at.setRange(50, 5_000)
        self.retire_at.setSingleStep(50)
        self.retire_at.setSuffix(suffix)
        self.retire_at.setValue(self._from_km(initial.retire_at_km or 700.0))
        self.retire_at.setToolTip(
            "Most running shoes are replaced somewhere between "
            f"{distance_km(500, unit, 0)} and {distance_km(800, unit, 0)}"
        )
        self.is_retired = QCheckBox("Retired on")
        self.retired = date_edit()
        self.retired.setDisplayFormat(LONG_DATE_QT)
        self.retired.setDate(_qdate(initial.retired or dt.date.today()))
        self.is_retired.setChecked(initial.retired is not None)
        self.retired.setEnabled(initial.retired is not None)
        self.is_retired.toggled.connect(self.retired.setEnabled)
        self.error = ErrorLabel()

        retired_row = QHBoxLayout()
        retired_row.addWidget(self.is_retired)
        retired_row.addWidget(self.retired, 1)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("In use &since", self.started)
        form.addRow("&Distance before logging", self.initial_km)
        form.addRow("&Replace at", self.retire_at)
        form.addRow("", retired_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for signal in (
            self.name.textChanged,
            self.started.dateChanged,
            self.retired.dateChanged,
            self.is_retired.toggled,
        ):
            signal.connect(self._revalidate)
        self._revalidate()

    def shoe(self) -> ShoeRecord:
        return ShoeRecord.new(
            id=self._initial.id,
            name=self.name.text().strip(),
            started=_pydate(self.started.date()),
            retired=_pydate(self.retired.date()) if self.is_retired.isChecked() else None,
            initial_km=self._to_km(self.initial_km.value()),
            retire_at_km=self._to_km(self.retire_at.value()),
        )

    def _from_km(self, km: float) -> float:
        return self._unit.from_metres(km * 1000.0)

    def _to_km(self, value: float) -> float:
        return self._unit.to_metres(value) / 1000.0

    def _revalidate(self) -> None:
        problems = shoe_problems(self.shoe())
        self.error.show_problem("; ".join(problems.values()) or None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)


class ShoesDialog(QDialog):
    """Lists shoes with their mileage; emits intents for the controller to carry out."""

    add_requested = Signal()
    edit_requested = Signal(str)
    retire_requested = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None, unit: DistanceUnit = DistanceUnit.KM) -> None:
        super().__init__(parent)
        self.unit = unit
        self.setWindowTitle("Shoes")
        fit_to_screen(self, 640, 320)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Shoe", "Since", "Distance", "Replace at", "Status"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        hint = QLabel(
            "New shoes are a classic trigger for knee pain: KneeLog tracks each pair's "
            "distance so you can spot it."
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.retire_button = QPushButton("&Retire")
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._edit)
        self.retire_button.clicked.connect(self._retire)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._shoes: list[ShoeMileage] = []
        self._update_buttons()

    def set_shoes(self, shoes: Sequence[ShoeMileage]) -> None:
        selected = self.selected_id()
        self._shoes = sorted(shoes, key=lambda s: (s.is_retired, s.name.casefold()))
        self.table.setRowCount(len(self._shoes))
        warn = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for row, shoe in enumerate(self._shoes):
            cells = [
                shoe.name,
                long_date(shoe.started) if shoe.started else "",
                distance_km(shoe.km, self.unit, 0),
                distance_km(shoe.retire_at_km, self.unit, 0),
                "Retired " + long_date(shoe.retired)
                if shoe.retired
                else ("Past its replacement distance" if shoe.past_retirement else "In use"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 4 and shoe.past_retirement and not shoe.is_retired:
                    item.setIcon(warn)
                if shoe.is_retired:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, item)
            if shoe.id == selected:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._update_buttons()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self._shoes[rows[0].row()].id if rows else None

    def _selected(self) -> ShoeMileage | None:
        shoe_id = self.selected_id()
        return next((s for s in self._shoes if s.id == shoe_id), None)

    def _edit(self) -> None:
        if (shoe_id := self.selected_id()) is not None:
            self.edit_requested.emit(shoe_id)

    def _retire(self) -> None:
        if (shoe := self._selected()) is not None:
            self.retire_requested.emit(shoe.id, not shoe.is_retired)

    def _update_buttons(self) -> None:
        shoe = self._selected()
        self.edit_button.setEnabled(shoe is not None)
        self.retire_button.setEnabled(shoe is not None)
        self.retire_button.setText("Put back in &use" if shoe and shoe.is_retired else "&Retire")
