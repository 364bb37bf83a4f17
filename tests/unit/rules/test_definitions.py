"""The rule table loads with every reference rule; bad data or overrides are named clearly."""

from __future__ import annotations

import re

import pytest

from kneelog.core.rules import (
    Action,
    OverrideError,
    RuleDefinitionError,
    apply_overrides,
    default_rules,
    differences,
    parse_rules,
    suggest,
    validate_overrides,
)
from kneelog.core.rules.conditions import REGISTRY
from kneelog.core.rules.definitions import DEFAULT_RULES_PATH
from tests.unit.rules.journal_builder import D, checkin, journal

REFERENCE_IDS = (
    ["S1", "S2", "S3", "W1", "W2", "W3", "W4", "W5", "RF"]
    + [f"P{i}" for i in range(1, 13)]
    + [f"R{i}" for i in range(1, 10)]
    + ["L1", "L2", "L3", "L4", "L5", "L6", "C1", "E1", "T1"]
)

GOOD = """
[[rule]]
id = "X1"
title = "Test"
category = "symptom"
condition = "stiffness_reported"
action = "reduce"
severity = "caution"
duration_days = 3
cap = "typical"
explanation = "x"
source = "y"
[rule.params]
min_level = { default = 1, min = 0, max = 10, label = "Level" }
"""


def test_every_reference_rule_is_defined_with_a_source() -> None:
    rules = default_rules()
    assert sorted(rules.ids) == sorted(REFERENCE_IDS)
    for rule in rules:
        assert rule.source
        assert rule.explanation
        assert rule.condition in REGISTRY


def test_seed_rules_are_as_written() -> None:
    rules = default_rules()
    s1, s2, s3 = rules.get("S1"), rules.get("S2"), rules.get("S3")
    assert (s1.action, s1.duration_days, s1.values["intensity_factor"]) == (Action.REDUCE, 3, 0.5)
    assert (s2.action, s2.duration_days, s2.cross_training) == (
        Action.CROSS_TRAIN,
        7,
        ("swim", "cycle"),
    )
    assert s3.action is Action.SEE_SPECIALIST
    assert not s3.allows_running


def test_referrals_use_the_agreed_wording() -> None:
    for rule in default_rules():
        if rule.action is Action.URGENT_CARE:
            assert "seek care today" in rule.explanation.lower(), rule.id
        if rule.action is Action.SEE_SPECIALIST:
            assert "physical therapist or sports-medicine doctor" in rule.explanation, rule.id


def test_the_data_file_holds_no_code() -> None:
    text = DEFAULT_RULES_PATH.read_text(encoding="utf-8")
    assert not re.search(r"\b(eval|exec|lambda|import)\b", text)


def test_a_good_table_parses() -> None:
    assert parse_rules(GOOD).get("X1").values == {"min_level": 1}


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (GOOD.replace('action = "reduce"', 'action = "sprint"'), "rule X1.action: 'sprint'"),
        (
            GOOD.replace('condition = "stiffness_reported"', 'condition = "magic"'),
            "rule X1.condition",
        ),
        (GOOD.replace("duration_days = 3", "duration_days = 0"), "rule X1.duration_days"),
        (
            GOOD.replace('cap = "typical"', 'cap = "typical"\ncolour = "red"'),
            "rule X1.colour: unknown key",
        ),
        (GOOD.replace("default = 1,", "default = 11,"), "rule X1.params.min_level.default"),
        (GOOD.replace('title = "Test"\n', ""), "rule X1.title: missing"),
        (GOOD + GOOD, "rule X1.id: defined twice"),
    ],
)
def test_a_bad_table_names_the_rule_and_key(broken: str, message: str) -> None:
    with pytest.raises(RuleDefinitionError, match=re.escape(message)):
        parse_rules(broken)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"Z9": {"x": 1}}, "Z9: no such rule"),
        ({"S1": {"colour": 1}}, "S1.colour"),
        ({"S1": {"no_baseline_level": 11}}, "S1.no_baseline_level: 11 is outside 1-10"),
        ({"S1": {"no_baseline_level": 1.5}}, "S1.no_baseline_level: must be a whole number"),
        ({"S1": {"no_baseline_level": "2"}}, "S1.no_baseline_level: must be a number"),
        ({"S1": {"enabled": False}}, "S1.enabled: only optional rules"),
        ({"S1": {"duration_days": 0}}, "S1.duration_days: 0 is outside"),
        ({"C1": {"gait_retraining": 1}}, "C1.gait_retraining: must be true or false"),
    ],
)
def test_bad_overrides_are_refused(overrides: dict, message: str) -> None:
    with pytest.raises(OverrideError, match=re.escape(message)):
        validate_overrides(default_rules(), overrides)


def test_overrides_merge_and_differences_list_only_changes() -> None:
    rules = default_rules()
    overrides = {
        "S1": {"no_baseline_level": 4, "duration_days": 5, "intensity_factor": 0.5},
        "T1": {"enabled": True},
    }
    merged = apply_overrides(rules, overrides)
    assert merged.get("S1").values["no_baseline_level"] == 4
    assert merged.get("S1").duration_days == 5
    assert merged.get("T1").enabled
    assert rules.get("S1").values["no_baseline_level"] == 3  # the defaults are untouched
    changed = [(d.rule, d.name, d.default, d.value) for d in differences(rules, overrides)]
    assert changed == [
        ("S1", "no_baseline_level", 3, 4),
        ("S1", "duration_days", 3, 5),
        ("T1", "enabled", False, True),
    ]
    assert differences(rules, {}) == []


def test_a_changed_duration_changes_the_restriction_window() -> None:
    view = journal(checkins=[checkin(0, stiffness=3)])
    plan = suggest(view, D, {"S1": {"duration_days": 5}})
    s1 = next(r for r in plan.restrictions if r.rule == "S1")
    assert (s1.until - s1.start).days == 4
    assert suggest(view, D, {}) == suggest(view, D)  # reset is the empty mapping
