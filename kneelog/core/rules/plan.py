"""The next-day plan (Plan, Reason, Restriction) and its JSON form from spec/suggestion.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kneelog.core.rules.definitions import Action, Severity
from kneelog.core.rules.inputs import ExerciseDue


@dataclass(frozen=True)
class Reason:
    """One fired rule with the dated journal facts that made it fire."""

    rule: str
    title: str
    action: Action
    evidence: tuple[str, ...]
    source: str
    severity: Severity = Severity.INFO
    explanation: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "action": self.action.value,
            "evidence": list(self.evidence),
            "source": self.source,
        }


@dataclass(frozen=True)
class Restriction:
    """A rule's restriction in force on the plan's day, from and until both included."""

    rule: str
    action: Action
    start: dt.date
    until: dt.date

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "action": self.action.value,
            "from": self.start.isoformat(),
            "until": self.until.isoformat(),
        }


@dataclass(frozen=True)
class Episode:
    """An open red-flag episode: opened by `rule` on `since`, closed only by a clearing visit."""

    rule: str
    since: dt.date
    urgent: bool
    closes_with: str

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "since": self.since.isoformat(),
            "urgent": self.urgent,
            "closes_with": self.closes_with,
        }


@dataclass(frozen=True)
class Plan:
    for_date: dt.date
    action: Action
    run_allowed: bool
    max_run_km: float | None
    max_run_min: int | None
    intensity_factor: float | None
    cross_training: tuple[str, ...]
    headline: str
    reasons: tuple[Reason, ...]
    restrictions: tuple[Restriction, ...]
    exercises: tuple[ExerciseDue, ...]
    # Why, in one or two plain sentences without rule codes (panel, CLI and report say the same).
    summary: str = ""
    overridden: tuple[Reason, ...] = ()
    notices: tuple[str, ...] = ()
    episode: Episode | None = None

    @property
    def severity(self) -> Severity:
        """The most serious severity among the reasons (info when nothing fired)."""
        order = (Severity.URGENT, Severity.REFER, Severity.STOP, Severity.CAUTION, Severity.INFO)
        present = {reason.severity for reason in self.reasons}
        return next((level for level in order if level in present), Severity.INFO)

    def to_json(self) -> dict[str, Any]:
        """Exactly the object of `kneelog suggest --json` (spec/suggestion.md)."""
        return {
            "for_date": self.for_date.isoformat(),
            "action": self.action.value,
            "run_allowed": self.run_allowed,
            "max_run_km": self.max_run_km,
            "max_run_min": self.max_run_min,
            "intensity_factor": self.intensity_factor,
            "cross_training": list(self.cross_training),
            "headline": self.headline,
            "reasons": [reason.to_json() for reason in self.reasons],
            "restrictions": [restriction.to_json() for restriction in self.restrictions],
            "exercises": [
                {"exercise": item.exercise, "dose": item.dose} for item in self.exercises
            ],
            "summary": self.summary,
            "overridden": [reason.to_json() for reason in self.overridden],
            "notices": list(self.notices),
            "episode": None if self.episode is None else self.episode.to_json(),
        }


def plan_memo_json(plan: Plan) -> dict[str, Any]:
    """The whole plan as JSON, for remembering it: `to_json()` and what the spec's object
    leaves out (each reason's severity and explanation). `plan_from_memo` reads it back."""
    data = plan.to_json()
    data["reasons"] = [_reason_memo(reason) for reason in plan.reasons]
    data["overridden"] = [_reason_memo(reason) for reason in plan.overridden]
    return data


def plan_from_memo(data: Any) -> Plan:
    """The plan `plan_memo_json` wrote; ValueError when `data` is not one (a damaged memo)."""
    try:
        episode = data["episode"]
        return Plan(
            for_date=dt.date.fromisoformat(_typed(data["for_date"], str)),
            action=Action(data["action"]),
            run_allowed=_typed(data["run_allowed"], bool),
            max_run_km=_optional(data["max_run_km"], float),
            max_run_min=_optional(data["max_run_min"], int),
            intensity_factor=_optional(data["intensity_factor"], float),
            cross_training=_texts(data["cross_training"]),
            headline=_typed(data["headline"], str),
            reasons=tuple(_reason_of(item) for item in _typed(data["reasons"], list)),
            restrictions=tuple(
                Restriction(
                    rule=_typed(item["rule"], str),
                    action=Action(item["action"]),
                    start=dt.date.fromisoformat(_typed(item["from"], str)),
                    until=dt.date.fromisoformat(_typed(item["until"], str)),
                )
                for item in _typed(data["restrictions"], list)
            ),
            exercises=tuple(
                ExerciseDue(_typed(item["exercise"], str), _typed(item["dose"], str))
                for item in _typed(data["exercises"], list)
            ),
            summary=_typed(data["summary"], str),
            overridden=tuple(_reason_of(item) for item in _typed(data["overridden"], list)),
            notices=_texts(data["notices"]),
            episode=None
            if episode is None
            else Episode(
                rule=_typed(episode["rule"], str),
                since=dt.date.fromisoformat(_typed(episode["since"], str)),
                urgent=_typed(episode["urgent"], bool),
                closes_with=_typed(episode["closes_with"], str),
            ),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not a remembered plan: {error!r}") from None


def _reason_memo(reason: Reason) -> dict[str, Any]:
    return {
        **reason.to_json(),
        "severity": reason.severity.value,
        "explanation": reason.explanation,
    }


def _reason_of(item: Any) -> Reason:
    return Reason(
        rule=_typed(item["rule"], str),
        title=_typed(item["title"], str),
        action=Action(item["action"]),
        evidence=_texts(item["evidence"]),
        source=_typed(item["source"], str),
        severity=Severity(item["severity"]),
        explanation=_typed(item["explanation"], str),
    )


def _typed(value: Any, kind: type) -> Any:
    # bool is an int to Python: a memo's `true` is never taken for a number, nor 1 for `true`.
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise TypeError(f"{value!r} is not {kind.__name__}")
    return value


def _optional(value: Any, kind: type) -> Any:
    if value is None:
        return None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # JSON writes 5.0 as 5.0, but a hand-made 5 means the same
    return _typed(value, kind)


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(_typed(item, str) for item in _typed(value, list))
