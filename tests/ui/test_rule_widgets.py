"""The Tomorrow panel shows a plan; the rule settings page emits overrides that change the plan."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from kneelog import DISCLAIMER
from kneelog.core.rules import RuleInputs, suggest
from kneelog.core.units import DistanceUnit
from kneelog.ui.widgets.rule_settings import RuleSettingsPage
from kneelog.ui.widgets.tomorrow_panel import TomorrowPanel
from tests.unit.rules.journal_builder import D, checkin, journal, run


def stiff_plan():
    return suggest(journal(checkins=[checkin(0, stiffness=3)]), D)


def test_panel_shows_headline_caps_restrictions_and_reasons(qtbot) -> None:
    panel = TomorrowPanel()
    qtbot.addWidget(panel)
    plan = stiff_plan()
    panel.show_plan(plan)
    assert panel.headline_label.text() == plan.headline
    assert "6.0 km" in panel.caps_label.text()  # S1 halves the effort, not the distance
    assert "50%" in panel.caps_label.text()
    restrictions = panel.restrictions_label.text()
    assert "<b>Mild stiffness</b>: run less from Mon 4 May to Wed 6 May" in restrictions
    assert "S1" not in restrictions  # rule codes live in the rule settings, not on the panel
    assert panel.summary_label.text() == plan.summary
    assert "stiffer this morning" in plan.summary
    assert panel.level == "caution"
    assert "Run less" in panel.level_label.text()
    assert not panel.icon_label.pixmap().isNull()
    assert panel.disclaimer_label.text() == DISCLAIMER
    assert not panel.reasons_label.isVisibleTo(panel)
    panel.why_button.click()
    assert panel.reasons_label.isVisibleTo(panel)
    reasons = panel.reasons_label.text()
    assert "<b>Mild stiffness</b>" in reasons and "S1" not in reasons
    assert "Mon 4 May check-in: morning stiffness 3/10" in reasons
    assert "Source: KneeLog default rules (seed table)" in reasons


def test_panel_shows_no_running_for_a_red_flag(qtbot) -> None:
    panel = TomorrowPanel()
    qtbot.addWidget(panel)
    panel.show_plan(suggest(journal(checkins=[checkin(0, symptoms=["swelling", "fever"])]), D))
    assert panel.level == "urgent"
    assert panel.caps_label.text().startswith("No running")
    assert "Seek care today" in panel.level_label.text()


def test_panel_for_an_empty_journal(qtbot) -> None:
    panel = TomorrowPanel()
    qtbot.addWidget(panel)
    panel.show_plan(suggest(RuleInputs(), D))
    assert "log a few runs" in panel.headline_label.text().lower()
    assert not panel.why_button.isEnabled()


def test_editing_a_threshold_emits_overrides_that_change_the_plan(qtbot) -> None:
    page = RuleSettingsPage()
    qtbot.addWidget(page)
    view = journal(checkins=[checkin(0, stiffness=3)], base=False)
    editor = page.editor("S1", "no_baseline_level")
    assert isinstance(editor, QSpinBox)
    assert (editor.minimum(), editor.maximum()) == (1, 10)
    with qtbot.waitSignal(page.overrides_changed, timeout=1000) as blocker:
        editor.setValue(4)
    overrides = blocker.args[0]
    assert overrides == {"S1": {"no_baseline_level": 4}}
    assert "S1" in {r.rule for r in suggest(view, D).reasons}
    assert "S1" not in {r.rule for r in suggest(view, D, overrides).reasons}


def test_float_parameters_and_reset(qtbot) -> None:
    page = RuleSettingsPage(overrides={"L1": {"ratio": 1.3}})
    qtbot.addWidget(page)
    ratio = page.editor("L1", "ratio")
    assert isinstance(ratio, QDoubleSpinBox)
    assert ratio.value() == 1.3
    assert page.overrides() == {"L1": {"ratio": 1.3}}
    with qtbot.waitSignal(page.overrides_changed, timeout=1000) as blocker:
        page.reset_button.click()
    assert blocker.args[0] == {}
    assert ratio.value() == 1.1


def test_optional_rules_can_be_switched_on(qtbot) -> None:
    page = RuleSettingsPage()
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.overrides_changed, timeout=1000) as blocker:
        page.editor("T1", "enabled").setChecked(True)
    assert blocker.args[0] == {"T1": {"enabled": True}}
    view = journal(runs=[run(-2), run(-1)], base=False)
    assert "T1" in {r.rule for r in suggest(view, D, blocker.args[0]).reasons}


def test_the_spec_tolerances_and_return_thresholds_are_editable(qtbot) -> None:
    # Spec "Tolerances", "Reference run for caps" and "Walk-run return": PT-tunable parameters.
    page = RuleSettingsPage()
    qtbot.addWidget(page)
    for rule_id, name in (
        ("S1", "tolerance"),
        ("S1", "no_baseline_level"),
        ("P4", "tolerance"),
        ("P6", "min_increase"),
        ("L5", "reference_days"),
        ("L5", "entry_gap_days"),
        ("L5", "hold_gap_days"),
        ("L5", "stretch_days"),
    ):
        assert isinstance(page.editor(rule_id, name), QSpinBox | QDoubleSpinBox), name
    # Tuning P4's tolerance changes the plan the dialog previews.
    view = journal(checkins=[checkin(0, pain=3)])
    editor = page.editor("P4", "tolerance")
    with qtbot.waitSignal(page.overrides_changed, timeout=1000) as blocker:
        editor.setValue(2.0)
    overrides = blocker.args[0]
    assert "P4" in {r.rule for r in suggest(view, D).reasons}
    assert "P4" not in {r.rule for r in suggest(view, D, overrides).reasons}


def test_panel_speaks_the_runner_s_unit(qtbot) -> None:
    panel = TomorrowPanel()
    qtbot.addWidget(panel)
    panel.set_unit(DistanceUnit.MI)
    panel.show_plan(stiff_plan())
    assert "3.7 mi" in panel.caps_label.text() and "km" not in panel.caps_label.text()
    assert "Mon 4 May" in panel.reasons_label.text()
    assert "2026-05-04" not in panel.reasons_label.text()
