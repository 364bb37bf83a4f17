"""Preferences: distance unit, first day of the week, and the names printed on reports."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Preferences:
    units: str
    week_start: str
    runner_name: str
    pt_name: str


class PreferencesDialog(QDialog):
    def __init__(self, current: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.units = QComboBox()
        self.units.addItem("Kilometres (km)", "km")
        self.units.addItem("Miles (mi)", "mi")
        self.units.setCurrentIndex(max(0, self.units.findData(current.units)))
        self.week_start = QComboBox()
        self.week_start.addItem("Monday", "monday")
        self.week_start.addItem("Sunday", "sunday")
        self.week_start.setCurrentIndex(max(0, self.week_start.findData(current.week_start)))
        self.runner_name = QLineEdit(current.runner_name)
        self.runner_name.setPlaceholderText("printed on the report for your PT")
        self.pt_name = QLineEdit(current.pt_name)
        self.pt_name.setPlaceholderText("optional")
        form = QFormLayout()
        form.addRow("&Distances in", self.units)
        form.addRow("&Weeks start on", self.week_start)
        form.addRow("&Your name", self.runner_name)
        form.addRow("Your &physical therapist", self.pt_name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def preferences(self) -> Preferences:
        return Preferences(
            units=self.units.currentData(),
            week_start=self.week_start.currentData(),
            runner_name=self.runner_name.text().strip(),
            pt_name=self.pt_name.text().strip(),
        )
