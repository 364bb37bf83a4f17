"""The rule settings page: every rule with its editable thresholds; emits the PT's overrides."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kneelog.core import (
    MAX_DURATION_DAYS,
    OVERRIDE_DURATION,
    OVERRIDE_ENABLED,
    ParamValue,
    Rule,
    RuleSet,
    default_rules,
    validate_overrides,
)

Editor = QSpinBox | QDoubleSpinBox | QCheckBox


def _decimals(step: float) -> int:
    text = f"{step:g}"
    return len(text.split(".")[1]) if "." in text else 0


class RuleSettingsPage(QWidget):
    """Lists every rule with spin boxes in the definition's ranges.

    `overrides_changed(dict)` carries `{rule_id: {name: value}}` for every value that differs from
    the default (an empty dict after "Reset to defaults"). The page stores nothing itself.
    """

    overrides_changed = Signal(dict)

    def __init__(
        self,
        rules: RuleSet | None = None,
        overrides: Mapping[str, Mapping[str, object]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._rules = rules if rules is not None else default_rules()
        self._editors: dict[tuple[str, str], Editor] = {}
        self._defaults: dict[tuple[str, str], ParamValue] = {}

        content = QWidget(self)
        column = QVBoxLayout(content)
        intro = QLabel(
            "Every threshold and duration is a default that your physical therapist can change.",
            content,
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        self._labels: list[QLabel] = []
        for rule in self._rules:
            column.addWidget(self._rule_box(rule, content))
        column.addStretch(1)
        # One label width in every box, so the editors line up down the whole page (each form
        # layout alone would size its label column to its own longest label).
        widest = max((label.sizeHint().width() for label in self._labels), default=0)
        for label in self._labels:
            label.setMinimumWidth(widest)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)

        self.reset_button = QPushButton("Reset to defaults", self)
        self.reset_button.clicked.connect(self.reset_to_defaults)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addLayout(buttons)
        if overrides:
            self.set_overrides(overrides)

    # ----------------------------------------------------------------- building

    def _rule_box(self, rule: Rule, parent: QWidget) -> QGroupBox:
        box = QGroupBox(f"{rule.id} · {rule.title}", parent)
        box.setToolTip(f"{rule.explanation}\n\nSource: {rule.source}")
        form = QFormLayout(box)
        # Same-width editors in every box, so the columns line up down the page.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        if rule.optional:
            self._add(
                rule,
                OVERRIDE_ENABLED,
                form,
                "Switched on",
                rule.enabled,
                self._checkbox(rule.enabled),
            )
        duration = QSpinBox()
        duration.setRange(1, MAX_DURATION_DAYS)
        duration.setValue(rule.duration_days)
        duration.setSuffix(" day" if rule.duration_days == 1 else " days")
        duration.valueChanged.connect(
            lambda days, spin=duration: spin.setSuffix(" day" if days == 1 else " days")
        )
        self._add(rule, OVERRIDE_DURATION, form, "Duration", rule.duration_days, duration)
        for spec in rule.params:
            editor: Editor
            if isinstance(spec.default, bool):
                editor = self._checkbox(spec.default)
            elif isinstance(spec.default, int):
                editor = QSpinBox()
                editor.setRange(int(spec.minimum or 0), int(spec.maximum or 0))
                editor.setValue(spec.default)
            else:
                editor = QDoubleSpinBox()
                step = spec.step or 0.1
                editor.setDecimals(max(2, _decimals(step)))
                editor.setSingleStep(step)
                editor.setRange(spec.minimum or 0.0, spec.maximum or 0.0)
                editor.setValue(float(spec.default))
            self._add(rule, spec.name, form, spec.label, spec.default, editor)
        return box

    @staticmethod
    def _checkbox(checked: bool) -> QCheckBox:
        box = QCheckBox()
        box.setChecked(checked)
        return box

    def _add(
        self,
        rule: Rule,
        name: str,
        form: QFormLayout,
        label: str,
        default: ParamValue,
        editor: Editor,
    ) -> None:
        editor.setObjectName(f"{rule.id}.{name}")
        if not isinstance(editor, QCheckBox):
            editor.setMinimumWidth(110)
        self._editors[(rule.id, name)] = editor
        self._defaults[(rule.id, name)] = default
        text = QLabel(label)
        text.setBuddy(editor)
        self._labels.append(text)
        form.addRow(text, editor)
        if isinstance(editor, QCheckBox):
            editor.toggled.connect(self._emit)
        else:
            editor.valueChanged.connect(self._emit)

    # ----------------------------------------------------------------- values

    def editor(self, rule_id: str, name: str) -> Editor:
        """The widget editing `name` of `rule_id` (`duration_days`, `enabled` or a parameter)."""
        return self._editors[(rule_id, name)]

    @staticmethod
    def _value(editor: Editor) -> ParamValue:
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        return editor.value()

    def overrides(self) -> dict[str, dict[str, ParamValue]]:
        """The values that differ from the defaults, as `{rule_id: {name: value}}`."""
        changed: dict[str, dict[str, ParamValue]] = {}
        for (rule_id, name), editor in self._editors.items():
            value = self._value(editor)
            default = self._defaults[(rule_id, name)]
            differs = abs(float(value) - float(default)) > 1e-9
            if differs:
                changed.setdefault(rule_id, {})[name] = value
        return changed

    def set_overrides(self, overrides: Mapping[str, Mapping[str, object]]) -> None:
        """Show `overrides` (validated) over the defaults without emitting a change."""
        clean = validate_overrides(self._rules, overrides)
        for key, editor in self._editors.items():
            value = clean.get(key[0], {}).get(key[1], self._defaults[key])
            with QSignalBlocker(editor):
                if isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                elif isinstance(editor, QSpinBox):
                    editor.setValue(int(value))
                else:
                    editor.setValue(float(value))

    def reset_to_defaults(self) -> None:
        self.set_overrides({})
        self.overrides_changed.emit({})

    def _emit(self, *_args: object) -> None:
        self.overrides_changed.emit(self.overrides())
