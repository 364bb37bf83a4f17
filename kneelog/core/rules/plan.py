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
