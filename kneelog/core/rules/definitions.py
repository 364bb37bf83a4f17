"""Load and validate the rule table (resources/rules.toml) into frozen dataclasses.

The file is data only: every condition is a name looked up in the condition registry, never code.
A bad file raises `RuleDefinitionError` naming the rule and the key that is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from kneelog.core.codes import Activity, Symptom
from kneelog.core.errors import KneelogError
from kneelog.core.toml_twins import parse_toml, read_toml
from kneelog.paths import resources_dir

DEFAULT_RULES_PATH = resources_dir() / "rules.toml"

MAX_DURATION_DAYS = 60

ParamValue = int | float | bool


class RuleDefinitionError(KneelogError, ValueError):
    """The rule table is malformed; the message names the rule and the key."""


class Action(StrEnum):
    """What to do on the plan's day, most severe first (the order is the severity ranking)."""

    URGENT_CARE = "urgent_care"
    SEE_SPECIALIST = "see_specialist"
    REST = "rest"
    CROSS_TRAIN = "cross_train"
    REDUCE = "reduce"
    HOLD = "hold"
    CONTINUE = "continue"
    PROGRESS = "progress"

    @property
    def rank(self) -> int:
        """0 is the most severe."""
        return _ACTION_ORDER.index(self)

    @property
    def runs(self) -> bool:
        """Whether this action by itself lets the runner run."""
        return self in (Action.REDUCE, Action.HOLD, Action.CONTINUE, Action.PROGRESS)


_ACTION_ORDER: tuple[Action, ...] = tuple(Action)


class Severity(StrEnum):
    INFO = "info"
    CAUTION = "caution"
    STOP = "stop"
    REFER = "refer"
    URGENT = "urgent"


class CapBasis(StrEnum):
    """What a rule's running caps are computed from."""

    NONE = "none"
    TYPICAL = "typical"  # a fraction of the runner's typical recent run
    RECENT = "recent"  # the longest run of the last 14 days (the recent level)
    SPIKE = "spike"  # a multiple of the longest run of the last 30 days
    LAST_OK = "last_ok"  # the last run that stayed at 5/10 or less
    WALK_RUN = "walk_run"  # the current walk-run phase


class RuleCategory(StrEnum):
    SEED = "seed"
    SYMPTOM = "symptom"
    RED_FLAG = "red_flag"
    LOAD = "load"
    RETURN = "return"
    PROGRAM = "program"
    PROFILE = "profile"


@dataclass(frozen=True)
class ParamSpec:
    """One editable threshold: its default and allowed range (bools have no range)."""

    name: str
    default: ParamValue
    label: str
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None

    @property
    def kind(self) -> type:
        return type(self.default)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    category: RuleCategory
    condition: str
    action: Action
    severity: Severity
    duration_days: int
    cap: CapBasis
    explanation: str
    source: str
    escalate_to: Action | None = None
    allows_running: bool = False
    cross_training: tuple[str, ...] = ()
    optional: bool = False
    enabled: bool = True
    args: Mapping[str, Any] = field(default_factory=dict)
    params: tuple[ParamSpec, ...] = ()
    values: Mapping[str, ParamValue] = field(default_factory=dict)
    # Whether a firing opens a red-flag episode: "always", "escalated" (only its escalation
    # case, e.g. R9 not settling), or None.
    episode: str | None = None
    # The reason in plain words for the plan's summary, e.g. "your knee was stiffer this morning".
    because: str = ""

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def running_allowed_by(self, action: Action) -> bool:
        """Whether a firing of this rule with `action` still lets the runner run."""
        if action is Action.SEE_SPECIALIST:
            return self.allows_running
        return action.runs


@dataclass(frozen=True)
class RuleSet:
    """The rules in file order, with their effective parameter values."""

    rules: tuple[Rule, ...]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)


RULE_KEYS = {
    "id",
    "title",
    "category",
    "condition",
    "args",
    "params",
    "action",
    "escalate_to",
    "allows_running",
    "severity",
    "duration_days",
    "cap",
    "cross_training",
    "optional",
    "enabled",
    "explanation",
    "source",
    "episode",
    "because",
}
_REQUIRED = ("id", "title", "category", "condition", "action", "severity", "duration_days", "cap")
_PARAM_KEYS = {"default", "min", "max", "step", "label"}


def _enum(kind: type[StrEnum], value: object, where: str) -> Any:
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise RuleDefinitionError(f"{where}: {value!r} is not one of {allowed}") from None


def _text(raw: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise RuleDefinitionError(f"{where}.{key}: must be a non-empty string")
    return value


def _bool(raw: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise RuleDefinitionError(f"{where}.{key}: must be true or false")
    return value


def _param(name: str, raw: object, where: str) -> ParamSpec:
    at = f"{where}.params.{name}"
    if not isinstance(raw, Mapping):
        raise RuleDefinitionError(f"{at}: must be a table with default, min, max and label")
    unknown = set(raw) - _PARAM_KEYS
    if unknown:
        raise RuleDefinitionError(f"{at}.{sorted(unknown)[0]}: unknown key")
    if "default" not in raw:
        raise RuleDefinitionError(f"{at}.default: missing")
    default = raw["default"]
    label = _text(raw, "label", at)
    if isinstance(default, bool):
        if "min" in raw or "max" in raw:
            raise RuleDefinitionError(f"{at}.min: a true/false parameter has no range")
        return ParamSpec(name, default, label)
    if not isinstance(default, int | float):
        raise RuleDefinitionError(f"{at}.default: must be a number or true/false")
    bounds: list[float] = []
    for key in ("min", "max"):
        bound = raw.get(key)
        if isinstance(bound, bool) or not isinstance(bound, int | float):
            raise RuleDefinitionError(f"{at}.{key}: must be a number")
        bounds.append(float(bound))
    low, high = bounds
    if not low <= default <= high:
        raise RuleDefinitionError(f"{at}.default: {default} is outside {low:g}-{high:g}")
    step = raw.get("step")
    if step is not None and (
        isinstance(step, bool) or not isinstance(step, int | float) or step <= 0
    ):
        raise RuleDefinitionError(f"{at}.step: must be a positive number")
    return ParamSpec(name, default, label, low, high, None if step is None else float(step))


def _check_args(args: Mapping[str, Any], where: str) -> None:
    codes = {member.value for member in Symptom}
    for key, value in args.items():
        if key in ("symptom",) and value not in codes:
            raise RuleDefinitionError(f"{where}.args.{key}: {value!r} is not a symptom code")
        if key == "groups":
            value = [code for group in value for code in group]
        if key in ("symptoms", "checkin_symptoms", "all", "any", "groups"):
            bad = [code for code in value if code not in codes]
            if bad:
                raise RuleDefinitionError(f"{where}.args.{key}: {bad[0]!r} is not a symptom code")


def parse_rule(raw: Mapping[str, Any], index: int, known_conditions: Sequence[str]) -> Rule:
    """One `[[rule]]` table to a `Rule`; raises naming `rule[index]` or the rule id and the key."""
    where = f"rule[{index}]"
    if isinstance(raw.get("id"), str):
        where = f"rule {raw['id']}"
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise RuleDefinitionError(f"{where}.{sorted(unknown)[0]}: unknown key")
    for key in _REQUIRED:
        if key not in raw:
            raise RuleDefinitionError(f"{where}.{key}: missing")
    condition = _text(raw, "condition", where)
    if condition not in known_conditions:
        raise RuleDefinitionError(f"{where}.condition: {condition!r} is not a registered condition")
    duration = raw["duration_days"]
    if isinstance(duration, bool) or not isinstance(duration, int):
        raise RuleDefinitionError(f"{where}.duration_days: must be a whole number of days")
    if not 1 <= duration <= MAX_DURATION_DAYS:
        raise RuleDefinitionError(
            f"{where}.duration_days: {duration} is outside 1-{MAX_DURATION_DAYS}"
        )
    cross = raw.get("cross_training", [])
    activities = {member.value for member in Activity}
    if not isinstance(cross, list) or any(code not in activities for code in cross):
        raise RuleDefinitionError(f"{where}.cross_training: must list activity codes")
    args = raw.get("args", {})
    if not isinstance(args, Mapping):
        raise RuleDefinitionError(f"{where}.args: must be a table")
    _check_args(args, where)
    params_raw = raw.get("params", {})
    if not isinstance(params_raw, Mapping):
        raise RuleDefinitionError(f"{where}.params: must be a table")
    params = tuple(_param(name, spec, where) for name, spec in params_raw.items())
    escalate = raw.get("escalate_to")
    episode = raw.get("episode")
    if episode is not None and episode not in ("always", "escalated"):
        raise RuleDefinitionError(f'{where}.episode: must be "always" or "escalated"')
    optional = _bool(raw, "optional", where, False)
    enabled = _bool(raw, "enabled", where, True)
    if not optional and not enabled:
        raise RuleDefinitionError(f"{where}.enabled: only optional rules can be switched off")
    return Rule(
        id=_text(raw, "id", where),
        title=_text(raw, "title", where),
        category=_enum(RuleCategory, raw["category"], f"{where}.category"),
        condition=condition,
        action=_enum(Action, raw["action"], f"{where}.action"),
        severity=_enum(Severity, raw["severity"], f"{where}.severity"),
        duration_days=duration,
        cap=_enum(CapBasis, raw["cap"], f"{where}.cap"),
        explanation=" ".join(_text(raw, "explanation", where).split()),
        source=_text(raw, "source", where),
        escalate_to=None if escalate is None else _enum(Action, escalate, f"{where}.escalate_to"),
        allows_running=_bool(raw, "allows_running", where, False),
        cross_training=tuple(cross),
        optional=optional,
        enabled=enabled,
        args=dict(args),
        params=params,
        values={spec.name: spec.default for spec in params},
        episode=episode,
        because=_text(raw, "because", where, required=False),
    )


def parse_rules(text: str, known_conditions: Sequence[str] | None = None) -> RuleSet:
    """Parse rule-table TOML text."""
    try:
        data = parse_toml(text)
    except ValueError as error:  # tomllib.TOMLDecodeError
        raise RuleDefinitionError(f"rules.toml: {error}") from None
    return rules_of(data, known_conditions)


def rules_of(data: Mapping[str, Any], known_conditions: Sequence[str] | None = None) -> RuleSet:
    """The rule table of a parsed rule-table file."""
    if known_conditions is None:
        from kneelog.core.rules.conditions import REGISTRY

        known_conditions = tuple(REGISTRY)
    unknown = set(data) - {"rule"}
    if unknown:
        raise RuleDefinitionError(f"{sorted(unknown)[0]}: unknown top-level key")
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RuleDefinitionError("rule: the file defines no [[rule]] tables")
    rules = tuple(parse_rule(raw, i, known_conditions) for i, raw in enumerate(raw_rules))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleDefinitionError(f"rule {rule.id}.id: defined twice")
        seen.add(rule.id)
    return RuleSet(rules)


def load_rules(path: Path | None = None) -> RuleSet:
    """The rule table from `path`, or KneeLog's default table (cached)."""
    if path is None:
        return default_rules()
    return parse_rules(path.read_text(encoding="utf-8"))


@cache
def default_rules() -> RuleSet:
    try:
        data = read_toml(DEFAULT_RULES_PATH)
    except ValueError as error:  # not valid TOML (or not UTF-8)
        raise RuleDefinitionError(f"rules.toml: {error}") from None
    return rules_of(data)
