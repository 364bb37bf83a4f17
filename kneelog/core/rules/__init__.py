"""Symptom-to-action rules: the rule table as data, the condition registry and the engine.

A lazy face (`kneelog.lazy_face`): importing one module of the rules (a remembered plan's
`plan`) loads neither the engine nor its conditions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kneelog import lazy_face

if TYPE_CHECKING:
    from kneelog.core.rules.definitions import (
        Action,
        CapBasis,
        ParamSpec,
        Rule,
        RuleCategory,
        RuleDefinitionError,
        RuleSet,
        Severity,
        default_rules,
        load_rules,
        parse_rules,
    )
    from kneelog.core.rules.engine import suggest, suggest_days
    from kneelog.core.rules.inputs import ExerciseDue, ExerciseStatus, RuleInputs
    from kneelog.core.rules.overrides import (
        OverrideDifference,
        OverrideError,
        apply_overrides,
        differences,
        validate_overrides,
    )
    from kneelog.core.rules.plan import (
        Episode,
        Plan,
        Reason,
        Restriction,
        plan_from_memo,
        plan_memo_json,
    )

__all__ = [
    "Action",
    "CapBasis",
    "Episode",
    "ExerciseDue",
    "ExerciseStatus",
    "OverrideDifference",
    "OverrideError",
    "ParamSpec",
    "Plan",
    "Reason",
    "Restriction",
    "Rule",
    "RuleCategory",
    "RuleDefinitionError",
    "RuleInputs",
    "RuleSet",
    "Severity",
    "apply_overrides",
    "default_rules",
    "differences",
    "load_rules",
    "parse_rules",
    "plan_from_memo",
    "plan_memo_json",
    "suggest",
    "suggest_days",
    "validate_overrides",
]

# Where each name lives: its module and the names it gives the face.
_MODULES = {
    "kneelog.core.rules.definitions": (
        "Action CapBasis ParamSpec Rule RuleCategory RuleDefinitionError RuleSet Severity "
        "default_rules load_rules parse_rules"
    ),
    "kneelog.core.rules.engine": "suggest suggest_days",
    "kneelog.core.rules.inputs": "ExerciseDue ExerciseStatus RuleInputs",
    "kneelog.core.rules.overrides": (
        "OverrideDifference OverrideError apply_overrides differences validate_overrides"
    ),
    "kneelog.core.rules.plan": "Episode Plan Reason Restriction plan_from_memo plan_memo_json",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_face(__name__, _MODULES)
