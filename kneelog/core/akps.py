"""The Kujala Anterior Knee Pain Scale (AKPS): items, scoring, validation, change and reminders.

Item scoring as tabulated in clinical-rules.md section b.1, reproduced there from *J Orthop*
2023;42:54-62 (PMC10362729) after Kujala et al. 1993, *Arthroscopy* 9:159-163. Published variants
differ (e.g. Limp "Constant" = 2 elsewhere); KneeLog pins this one. Options are in table order and
an answer is the option's index (0 = first option). MCID 10 points: Crossley et al. 2004,
*Arch Phys Med Rehabil* 85:815-822.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from kneelog.core.ids import new_id
from kneelog.core.program import AKPS_INSTRUMENT, AssessmentRecord

AssessedT = TypeVar("AssessedT", bound=AssessmentRecord)

AKPS_SOURCE = (
    "Kujala et al. 1993 (Arthroscopy 9:159-163), item points as tabulated in J Orthop "
    "2023;42:54-62 (PMC10362729); MCID 10 points: Crossley et al. 2004 (Arch Phys Med Rehabil "
    "85:815-822)"
)
MCID = 10
REMINDER_INTERVAL = dt.timedelta(weeks=4)


class AkpsError(ValueError):
    """Answers that cannot be scored, or a score that disagrees with its answers."""


@dataclass(frozen=True)
class AkpsOption:
    label: str
    points: int


@dataclass(frozen=True)
class AkpsItem:
    number: int
    title: str
    options: tuple[AkpsOption, ...]

    @property
    def key(self) -> str:
        """The item's key in an answers mapping ("1".."13")."""
        return str(self.number)

    @property
    def max_points(self) -> int:
        return max(option.points for option in self.options)


def _item(number: int, title: str, *options: tuple[str, int]) -> AkpsItem:
    return AkpsItem(number, title, tuple(AkpsOption(label, points) for label, points in options))


AKPS_ITEMS: tuple[AkpsItem, ...] = (
    _item(1, "Limp", ("None", 5), ("Slight or periodical", 3), ("Constant", 0)),
    _item(
        2,
        "Support",
        ("Full support without pain", 5),
        ("Painful", 3),
        ("Weight-bearing impossible", 0),
    ),
    _item(
        3,
        "Walking",
        ("Unlimited", 5),
        ("More than 2 km", 3),
        ("1–2 km", 2),
        ("Unable", 0),
    ),
    _item(
        4,
        "Stairs",
        ("No difficulty", 10),
        ("Slight pain when descending", 8),
        ("Pain both when descending and ascending", 5),
        ("Unable", 0),
    ),
    _item(
        5,
        "Squatting",
        ("No difficulty", 5),
        ("Repeated squatting painful", 4),
        ("Painful each time", 3),
        ("Possible with partial weight bearing", 2),
        ("Unable", 0),
    ),
    _item(
        6,
        "Running",
        ("No difficulty", 10),
        ("Pain after more than 2 km", 8),
        ("Slight pain from start", 6),
        ("Severe pain", 3),
        ("Unable", 0),
    ),
    _item(
        7,
        "Jumping",
        ("No difficulty", 10),
        ("Slight difficulty", 7),
        ("Constant pain", 2),
        ("Unable", 0),
    ),
    _item(
        8,
        "Prolonged sitting with knees flexed",
        ("No difficulty", 10),
        ("Pain after exercise", 8),
        ("Constant pain", 6),
        ("Pain forces to extend knees temporarily", 4),
        ("Unable", 0),
    ),
    _item(
        9,
        "Pain",
        ("None", 10),
        ("Slight and occasional", 8),
        ("Interferes with sleep", 6),
        ("Occasionally severe", 3),
        ("Constant and severe", 0),
    ),
    _item(
        10,
        "Swelling",
        ("None", 10),
        ("After severe exertion", 8),
        ("After daily activities", 6),
        ("Every evening", 4),
        ("Constant", 0),
    ),
    _item(
        11,
        "Abnormal painful kneecap (patellar) movements / subluxations",
        ("None", 10),
        ("Occasionally in sports activities", 6),
        ("Occasionally in daily activities", 4),
        ("At least one documented dislocation", 2),
        ("More than two dislocations", 0),
    ),
    _item(12, "Atrophy of thigh", ("None", 5), ("Slight", 3), ("Severe", 0)),
    _item(13, "Flexion deficiency", ("None", 5), ("Slight", 3), ("Severe", 0)),
)
AKPS_ITEM_KEYS: tuple[str, ...] = tuple(item.key for item in AKPS_ITEMS)
_ITEMS_BY_KEY: dict[str, AkpsItem] = {item.key: item for item in AKPS_ITEMS}


def _show(value: Any) -> str:
    """A value as it would appear in JSON, for messages."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def akps_item_problems(answers: Any) -> list[tuple[str | None, str]]:
    """Every reason `answers` cannot be scored as (item key or None for the whole, message)."""
    if not isinstance(answers, Mapping):
        return [(None, "expected an object from item number to option index")]
    problems: list[tuple[str | None, str]] = [
        (None, f"{key!r} is not an AKPS item (1-13)")
        for key in answers
        if not isinstance(key, str) or key not in _ITEMS_BY_KEY
    ]
    for item in AKPS_ITEMS:
        if item.key not in answers:
            problems.append((item.key, "not answered"))
            continue
        choice = answers[item.key]
        if not isinstance(choice, int) or isinstance(choice, bool):
            problems.append((item.key, f"{_show(choice)} is not an option index"))
        elif not 0 <= choice < len(item.options):
            problems.append((item.key, f"{choice} is outside 0-{len(item.options) - 1}"))
    return problems


def answer_problems(answers: Any) -> list[str]:
    """Every reason `answers` cannot be scored (empty when it can), in item order.

    Messages name the item key, e.g. `"5": 7 is outside 0-4` or `"7": not answered`.
    """
    return [
        message if key is None else f"{key!r}: {message}"
        for key, message in akps_item_problems(answers)
    ]


def akps_score(answers: Mapping[str, int]) -> int:
    """The AKPS total (0-100, higher is better); `AkpsError` listing the problems if invalid."""
    problems = answer_problems(answers)
    if problems:
        raise AkpsError("; ".join(problems))
    return sum(item.options[answers[item.key]].points for item in AKPS_ITEMS)


def akps_partial_score(answers: Mapping[str, int]) -> tuple[int, int]:
    """(points so far, items answered) for a form being filled in; invalid answers are skipped."""
    points = answered = 0
    for item in AKPS_ITEMS:
        choice = answers.get(item.key)
        if isinstance(choice, int) and 0 <= choice < len(item.options):
            points += item.options[choice].points
            answered += 1
    return points, answered


def check_score(answers: Mapping[str, int] | None, given: int | None) -> int:
    """The score to store: computed from `answers` when given, else `given` (0-100).

    Raises `AkpsError` when neither is present, the answers are invalid, the score is out of
    range, or the given score disagrees with the answers.
    """
    if answers is None:
        if given is None:
            raise AkpsError("needs answers or a score")
        if not 0 <= given <= 100:
            raise AkpsError(f"score {given} is outside 0-100")
        return given
    computed = akps_score(answers)
    if given is not None and given != computed:
        raise AkpsError(f"score {given} does not match the answers ({computed})")
    return computed


def make_assessment(
    date: dt.date, answers: Mapping[str, int] | None = None, given_score: int | None = None
) -> AssessmentRecord:
    """A validated AKPS result with a new id (see `check_score` for the errors)."""
    total = check_score(answers, given_score)
    return AssessmentRecord(
        id=new_id(),
        date=date,
        instrument=AKPS_INSTRUMENT,
        answers=dict(answers) if answers is not None else None,
        score=total,
    )


@dataclass(frozen=True)
class AkpsChange:
    """Change from the first AKPS score to the latest; positive = better."""

    first_date: dt.date
    first_score: int
    latest_date: dt.date
    latest_score: int

    @property
    def change(self) -> int:
        return self.latest_score - self.first_score

    @property
    def improved_by_mcid(self) -> bool:
        """Improved by at least the minimal clinically important difference (10 points)."""
        return self.change >= MCID

    @property
    def worsened_by_mcid(self) -> bool:
        return self.change <= -MCID


def akps_history(assessments: Iterable[AssessedT]) -> list[AssessedT]:
    """The AKPS assessments in date order (other instruments left out)."""
    return sorted((a for a in assessments if a.instrument == AKPS_INSTRUMENT), key=lambda a: a.date)


def change_from_first(assessments: Iterable[AssessmentRecord]) -> AkpsChange | None:
    """Change between the first and latest AKPS scores; None with fewer than two."""
    history = akps_history(assessments)
    if len(history) < 2:
        return None
    first, latest = history[0], history[-1]
    return AkpsChange(first.date, first.score, latest.date, latest.score)


def next_due(assessments: Iterable[AssessmentRecord]) -> dt.date | None:
    """When the next AKPS is due (4 weeks after the last); None if there is none yet."""
    history = akps_history(assessments)
    return history[-1].date + REMINDER_INTERVAL if history else None


def reminder_due(assessments: Iterable[AssessmentRecord], today: dt.date) -> bool:
    """Whether to prompt for an AKPS: none recorded yet, or 4 weeks or more since the last."""
    due = next_due(assessments)
    return due is None or today >= due
