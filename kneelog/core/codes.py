"""The closed vocabularies of the journal: activities, surfaces, pain trends and symptom codes."""

from __future__ import annotations

from enum import StrEnum


class Activity(StrEnum):
    RUN = "run"
    WALK_RUN = "walk_run"
    WALK = "walk"
    CYCLE = "cycle"
    SWIM = "swim"
    POOL_RUN = "pool_run"
    ELLIPTICAL = "elliptical"
    STRENGTH = "strength"
    OTHER = "other"

    @property
    def label(self) -> str:
        return ACTIVITY_LABELS[self]

    @property
    def is_running(self) -> bool:
        """Whether the session loads the knee like running (counts towards running distance)."""
        return self in (Activity.RUN, Activity.WALK_RUN)


ACTIVITY_LABELS: dict[Activity, str] = {
    Activity.RUN: "Run",
    Activity.WALK_RUN: "Walk-run",
    Activity.WALK: "Walk",
    Activity.CYCLE: "Cycle",
    Activity.SWIM: "Swim",
    Activity.POOL_RUN: "Pool run",
    Activity.ELLIPTICAL: "Elliptical",
    Activity.STRENGTH: "Strength",
    Activity.OTHER: "Other",
}

CROSS_TRAINING: tuple[Activity, ...] = (
    Activity.SWIM,
    Activity.CYCLE,
    Activity.POOL_RUN,
    Activity.ELLIPTICAL,
)


class Surface(StrEnum):
    ROAD = "road"
    TRAIL = "trail"
    TRACK = "track"
    TREADMILL = "treadmill"
    GRASS = "grass"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class PainTrend(StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"

    @property
    def label(self) -> str:
        return {"better": "Got better", "same": "Stayed the same", "worse": "Got worse"}[self.value]


class Symptom(StrEnum):
    STIFFNESS = "stiffness"
    SWELLING = "swelling"
    SHARP_PAIN = "sharp_pain"
    CLICKING = "clicking"
    TENDERNESS = "tenderness"
    REDUCED_ROM = "reduced_rom"
    GIVING_WAY = "giving_way"
    LOCKING = "locking"
    LIMP = "limp"
    NIGHT_PAIN = "night_pain"
    WARM_RED = "warm_red"
    FEVER = "fever"
    TRAUMA = "trauma"
    CANNOT_BEAR_WEIGHT = "cannot_bear_weight"

    @property
    def label(self) -> str:
        return SYMPTOM_LABELS[self]


SYMPTOM_LABELS: dict[Symptom, str] = {
    Symptom.STIFFNESS: "Stiffness",
    Symptom.SWELLING: "Swelling",
    Symptom.SHARP_PAIN: "Sharp pain",
    Symptom.CLICKING: "Clicking",
    Symptom.TENDERNESS: "Tender spot around the kneecap",
    Symptom.REDUCED_ROM: "Cannot fully bend or straighten",
    Symptom.GIVING_WAY: "Giving way",
    Symptom.LOCKING: "Locking (knee stuck)",
    Symptom.LIMP: "Limping",
    Symptom.NIGHT_PAIN: "Pain at night or at rest",
    Symptom.WARM_RED: "Knee hot or red",
    Symptom.FEVER: "Fever or feeling unwell",
    Symptom.TRAUMA: 'Fall, twist or "pop"',
    Symptom.CANNOT_BEAR_WEIGHT: "Cannot bear weight",
}

# Symptoms that on their own call for a clinician: they are drawn as markers on charts and
# listed with dates on the report.
RED_FLAG_SYMPTOMS: frozenset[Symptom] = frozenset(
    {
        Symptom.SWELLING,
        Symptom.SHARP_PAIN,
        Symptom.GIVING_WAY,
        Symptom.LOCKING,
        Symptom.WARM_RED,
        Symptom.FEVER,
        Symptom.TRAUMA,
        Symptom.CANNOT_BEAR_WEIGHT,
    }
)

PAIN_ANCHORS = {0: "no pain", 10: "worst imaginable"}
