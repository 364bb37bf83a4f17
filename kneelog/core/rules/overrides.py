"""A physical therapist's changes to the rule defaults: validate, merge, and list what differs.

Overrides are `{rule_id: {name: value}}` where `name` is one of the rule's parameters,
`duration_days`, or `enabled` (optional rules only). Resetting to the defaults is the empty mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from kneelog.core.errors import KneelogError
from kneelog.core.rules.definitions import MAX_DURATION_DAYS, ParamValue, Rule, RuleSet

OVERRIDE_DURATION = "duration_days"
OVERRIDE_ENABLED = "enabled"

Overrides = Mapping[str, Mapping[str, object]]


class OverrideError(KneelogError, ValueError):
    """An override names an unknown rule or setting, or its value is of the wrong type or range."""


@dataclass(frozen=True)
class OverrideDifference:
    """One setting that differs from the default, for the PT report."""

    rule: str
    title: str
    name: str
    label: str
    default: ParamValue
    value: ParamValue


def _checked(rule: Rule, name: str, value: object) -> ParamValue:
    where = f"{rule.id}.{name}"
    if name == OVERRIDE_ENABLED:
        if not rule.optional:
            raise OverrideError(f"{where}: only optional rules can be switched on or off")
        if not isinstance(value, bool):
            raise OverrideError(f"{where}: must be true or false")
        return value
    if name == OVERRIDE_DURATION:
        if isinstance(value, bool) or not isinstance(value, int):
            raise OverrideError(f"{where}: must be a whole number of days")
        if not 1 <= value <= MAX_DURATION_DAYS:
            raise OverrideError(f"{where}: {value} is outside 1-{MAX_DURATION_DAYS}")
        return value
    try:
        spec = rule.param(name)
    except KeyError:
        raise OverrideError(f"{where}: {rule.id} has no setting {name!r}") from None
    if isinstance(spec.default, bool):
        if not isinstance(value, bool):
            raise OverrideError(f"{where}: must be true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OverrideError(f"{where}: must be a number")
    if isinstance(spec.default, int) and not float(value).is_integer():
        raise OverrideError(f"{where}: must be a whole number")
    assert spec.minimum is not None
    assert spec.maximum is not None
    if not spec.minimum <= value <= spec.maximum:
        raise OverrideError(f"{where}: {value:g} is outside {spec.minimum:g}-{spec.maximum:g}")
    return int(value) if isinstance(spec.default, int) else float(value)


def validate_overrides(rules: RuleSet, overrides: Overrides) -> dict[str, dict[str, ParamValue]]:
    """The overrides with checked, normalised values; `OverrideError` names a bad entry."""
    clean: dict[str, dict[str, ParamValue]] = {}
    for rule_id, changes in overrides.items():
        try:
            rule = rules.get(rule_id)
        except KeyError:
            raise OverrideError(f"{rule_id}: no such rule") from None
        if not isinstance(changes, Mapping):
            raise OverrideError(f"{rule_id}: must map setting names to values")
        clean[rule_id] = {name: _checked(rule, name, value) for name, value in changes.items()}
    return clean


def apply_overrides(rules: RuleSet, overrides: Overrides | None) -> RuleSet:
    """The rules with the overrides merged over their defaults."""
    if not overrides:
        return rules
    clean = validate_overrides(rules, overrides)
    merged = []
    for rule in rules:
        changes = clean.get(rule.id)
        if not changes:
            merged.append(rule)
            continue
        values = dict(rule.values)
        values.update(
            {k: v for k, v in changes.items() if k not in (OVERRIDE_DURATION, OVERRIDE_ENABLED)}
        )
        merged.append(
            replace(
                rule,
                values=values,
                duration_days=int(changes.get(OVERRIDE_DURATION, rule.duration_days)),
                enabled=bool(changes.get(OVERRIDE_ENABLED, rule.enabled)),
            )
        )
    return RuleSet(tuple(merged))


def differences(rules: RuleSet, overrides: Overrides | None) -> list[OverrideDifference]:
    """Every setting whose overridden value differs from the default, in rule-table order."""
    if not overrides:
        return []
    clean = validate_overrides(rules, overrides)
    found: list[OverrideDifference] = []
    for rule in rules:
        for name, value in clean.get(rule.id, {}).items():
            if name == OVERRIDE_DURATION:
                default: ParamValue = rule.duration_days
                label = "Duration (days)"
            elif name == OVERRIDE_ENABLED:
                default, label = rule.enabled, "Switched on"
            else:
                spec = rule.param(name)
                default, label = spec.default, spec.label
            if value != default:
                found.append(OverrideDifference(rule.id, rule.title, name, label, default, value))
    return found
