"""The exercise library and presets: loaded from `resources/*.toml`, validated, cached, searched.

The library is data, not code: a bad entry raises `ExerciseLibraryError` naming the entry and
field, so a broken resource file fails loudly at start-up and in the tests.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from kneelog.core.errors import KneelogError
from kneelog.core.ids import new_id
from kneelog.core.program import PER_WEEK_RANGE, PrescriptionRecord
from kneelog.core.toml_twins import read_toml
from kneelog.paths import resources_dir

LIBRARY_FILE = "exercises.toml"
PRESETS_FILE = "exercise_presets.toml"


class ExerciseCategory(StrEnum):
    STRENGTH = "strength"
    STRETCH = "stretch"
    MOBILITY = "mobility"
    BALANCE = "balance"
    ISOMETRIC = "isometric"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Target(StrEnum):
    QUADRICEPS = "quadriceps"
    GLUTES = "glutes"
    HIP_ABDUCTORS = "hip_abductors"
    HAMSTRINGS = "hamstrings"
    CALVES = "calves"
    CORE = "core"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class ExerciseLibraryError(KneelogError, ValueError):
    """A resource file of the exercise library or presets is missing or malformed."""


@dataclass(frozen=True)
class Dose:
    """A default dose: sets of reps, or sets of holds (or both, e.g. 10 reps of 10 s holds)."""

    sets: int
    reps: int | None = None
    hold_s: int | None = None
    per_leg: bool = False
    note: str | None = None

    def describe(self) -> str:
        """Human-readable, e.g. "3 × 10 per leg", "3 × 30 s hold per leg", "1 × 10 × 10 s hold"."""
        parts = [str(self.sets)]
        if self.reps is not None:
            parts.append(str(self.reps))
        if self.hold_s is not None:
            parts.append(f"{self.hold_s} s hold")
        text = " × ".join(parts)
        if self.note:
            return f"{text} {self.note}"
        return f"{text} per leg" if self.per_leg else text


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    category: ExerciseCategory
    targets: tuple[Target, ...]
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    dose: Dose
    per_week: int
    progression: str
    caution: str
    equipment: tuple[str, ...] = ()

    def match_rank(self, text: str) -> int | None:
        """How well `text` matches: 0 in the name or id, 1 in the category, targets or
        equipment, 2 in the steps or cues; None when some word of `text` is nowhere."""
        words = text.casefold().split()
        fields = (
            (self.id.replace("_", " "), self.name),
            (self.category.value, *(target.label for target in self.targets), *self.equipment),
            (*self.steps, *self.cues),
        )
        haystack = ""
        for rank, texts in enumerate(fields):
            haystack += " " + " ".join(texts).casefold()
            if all(word in haystack for word in words):
                return rank
        return None

    def matches(self, text: str) -> bool:
        """Whether every word of `text` appears somewhere in the exercise's text."""
        return self.match_rank(text) is not None


@dataclass(frozen=True)
class PresetItem:
    """One exercise of a preset with its dose resolved (the library default unless overridden)."""

    exercise: str
    sets: int
    reps: int | None
    hold_s: int | None
    load_kg: float | None
    per_week: int


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    description: str
    source: str
    items: tuple[PresetItem, ...]

    def prescriptions(self, start: dt.date) -> list[PrescriptionRecord]:
        """Fresh, independent prescriptions (new ids) starting on `start`, ready to save."""
        return [
            PrescriptionRecord(
                id=new_id(),
                exercise=item.exercise,
                sets=item.sets,
                reps=item.reps,
                hold_s=item.hold_s,
                load_kg=item.load_kg,
                per_week=item.per_week,
                start=start,
                end=None,
                paused=False,
                notes=f"From preset: {self.name}",
            )
            for item in self.items
        ]


@dataclass(frozen=True)
class ExerciseLibrary:
    exercises: tuple[Exercise, ...]
    presets: tuple[Preset, ...] = ()

    @functools.cached_property
    def _by_id(self) -> dict[str, Exercise]:
        return {exercise.id: exercise for exercise in self.exercises}

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self._by_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; `KeyError` naming the id if there is none."""
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise KeyError(f'"{exercise_id}" is not in the exercise library') from None

    def name_of(self, exercise_id: str) -> str:
        """The display name, or the raw id for an exercise no longer in the library."""
        exercise = self._by_id.get(exercise_id)
        return exercise.name if exercise is not None else exercise_id

    def search(
        self,
        text: str = "",
        category: ExerciseCategory | str | None = None,
        target: Target | str | None = None,
    ) -> list[Exercise]:
        """Exercises matching all given filters: name matches first, then library order."""
        wanted_category = ExerciseCategory(category) if category is not None else None
        wanted_target = Target(target) if target is not None else None
        ranked: list[tuple[int, int, Exercise]] = []
        for position, exercise in enumerate(self.exercises):
            if wanted_category is not None and exercise.category is not wanted_category:
                continue
            if wanted_target is not None and wanted_target not in exercise.targets:
                continue
            rank = exercise.match_rank(text)
            if rank is not None:
                ranked.append((rank, position, exercise))
        return [exercise for _, _, exercise in sorted(ranked, key=lambda r: r[:2])]

    def preset(self, preset_id: str) -> Preset:
        for preset in self.presets:
            if preset.id == preset_id:
                return preset
        raise KeyError(f'"{preset_id}" is not an exercise preset')


# ------------------------------------------------------------------ parsing


class _Entry:
    """Typed access to one TOML table, raising errors that name the entry and field."""

    def __init__(self, table: Any, where: str) -> None:
        if not isinstance(table, Mapping):
            raise ExerciseLibraryError(f"{where}: expected a table")
        self.table = table
        self.where = where

    def fail(self, key: str, message: str) -> ExerciseLibraryError:
        return ExerciseLibraryError(f"{self.where}.{key}: {message}")

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        unknown = sorted(set(self.table) - set(allowed))
        if unknown:
            raise self.fail(unknown[0], "unknown key")

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        return value.strip()

    def texts(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.table.get(key, None if required else [])
        if not isinstance(value, list) or (required and not value):
            raise self.fail(key, "must be a non-empty list of strings")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(key, "must contain only non-empty strings")
        return tuple(item.strip() for item in value)

    def integer(self, key: str, bounds: tuple[int, int], *, required: bool = True) -> int | None:
        value = self.table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(key, "must be an integer")
        if not bounds[0] <= value <= bounds[1]:
            raise self.fail(key, f"{value} is outside {bounds[0]}-{bounds[1]}")
        return value

    def number(self, key: str) -> float | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise self.fail(key, "must be a number ≥ 0")
        return float(value)


_EXERCISE_KEYS = (
    "id",
    "name",
    "category",
    "targets",
    "equipment",
    "steps",
    "cues",
    "dose",
    "per_week",
    "progression",
    "caution",
)


def _parse_dose(table: Any, where: str) -> Dose:
    entry = _Entry(table, where)
    entry.reject_unknown(("sets", "reps", "hold_s", "per_leg", "note"))
    per_leg = entry.table.get("per_leg", False)
    if not isinstance(per_leg, bool):
        raise entry.fail("per_leg", "must be true or false")
    dose = Dose(
        sets=entry.integer("sets", (1, 20)) or 1,
        reps=entry.integer("reps", (1, 500), required=False),
        hold_s=entry.integer("hold_s", (1, 3600), required=False),
        per_leg=per_leg,
        note=entry.text("note", required=False),
    )
    if dose.reps is None and dose.hold_s is None:
        raise entry.fail("reps", "a dose needs reps, hold_s or both")
    return dose


def _parse_exercise(table: Any, index: int) -> Exercise:
    raw_id = table.get("id") if isinstance(table, Mapping) else None
    where = f"exercise[{index}]" + (f" ({raw_id})" if isinstance(raw_id, str) else "")
    entry = _Entry(table, where)
    entry.reject_unknown(_EXERCISE_KEYS)
    exercise_id = entry.text("id") or ""
    if not exercise_id.replace("_", "").isalnum() or not exercise_id.islower():
        raise entry.fail("id", f'"{exercise_id}" must be lower_snake_case')
    category = entry.text("category") or ""
    if category not in ExerciseCategory.__members__.values():
        raise entry.fail("category", f'"{category}" is not one of {", ".join(ExerciseCategory)}')
    targets = entry.texts("targets")
    for target in targets:
        if target not in Target.__members__.values():
            raise entry.fail("targets", f'"{target}" is not one of {", ".join(Target)}')
    return Exercise(
        id=exercise_id,
        name=entry.text("name") or "",
        category=ExerciseCategory(category),
        targets=tuple(Target(target) for target in targets),
        steps=entry.texts("steps"),
        cues=entry.texts("cues"),
        dose=_parse_dose(entry.table.get("dose"), f"{where}.dose"),
        per_week=entry.integer("per_week", (1, 7)) or 1,
        progression=entry.text("progression") or "",
        caution=entry.text("caution") or "",
        equipment=entry.texts("equipment", required=False),
    )


def _parse_preset(table: Any, index: int, exercises: Mapping[str, Exercise]) -> Preset:
    raw_id = table.get("id") if isinstance(table, Mapping) else None
    where = f"preset[{index}]" + (f" ({raw_id})" if isinstance(raw_id, str) else "")
    entry = _Entry(table, where)
    entry.reject_unknown(("id", "name", "description", "source", "item"))
    raw_items = entry.table.get("item")
    if not isinstance(raw_items, list) or not raw_items:
        raise entry.fail("item", "a preset needs at least one item")
    items: list[PresetItem] = []
    for item_index, raw_item in enumerate(raw_items):
        item = _Entry(raw_item, f"{where}.item[{item_index}]")
        item.reject_unknown(("exercise", "sets", "reps", "hold_s", "load_kg", "per_week"))
        exercise_id = item.text("exercise") or ""
        if exercise_id not in exercises:
            raise item.fail("exercise", f'"{exercise_id}" is not in the exercise library')
        default = exercises[exercise_id]
        items.append(
            PresetItem(
                exercise=exercise_id,
                sets=item.integer("sets", (1, 20), required=False) or default.dose.sets,
                reps=item.integer("reps", (1, 500), required=False) or default.dose.reps,
                hold_s=item.integer("hold_s", (1, 3600), required=False) or default.dose.hold_s,
                load_kg=item.number("load_kg"),
                per_week=item.integer("per_week", PER_WEEK_RANGE, required=False)
                or default.per_week,
            )
        )
    return Preset(
        id=entry.text("id") or "",
        name=entry.text("name") or "",
        description=entry.text("description") or "",
        source=entry.text("source") or "",
        items=tuple(items),
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except FileNotFoundError:
        raise ExerciseLibraryError(f"file not found ({path})") from None
    except ValueError as error:  # tomllib.TOMLDecodeError, or not UTF-8
        raise ExerciseLibraryError(f"not valid TOML: {error}") from None


def _parse_exercises(library_data: Mapping[str, Any]) -> dict[str, Exercise]:
    raw_exercises = library_data.get("exercise")
    if not isinstance(raw_exercises, list) or not raw_exercises:
        raise ExerciseLibraryError("exercise: the library needs at least one [[exercise]]")
    by_id: dict[str, Exercise] = {}
    for index, table in enumerate(raw_exercises):
        exercise = _parse_exercise(table, index)
        if exercise.id in by_id:
            raise ExerciseLibraryError(f'exercise[{index}].id: "{exercise.id}" is used twice')
        by_id[exercise.id] = exercise
    return by_id


def _parse_presets(
    presets_data: Mapping[str, Any], exercises: Mapping[str, Exercise]
) -> tuple[Preset, ...]:
    raw_presets = presets_data.get("preset", [])
    if not isinstance(raw_presets, list):
        raise ExerciseLibraryError("preset: expected an array of tables")
    presets: list[Preset] = []
    for index, table in enumerate(raw_presets):
        preset = _parse_preset(table, index, exercises)
        if any(existing.id == preset.id for existing in presets):
            raise ExerciseLibraryError(f'preset[{index}].id: "{preset.id}" is used twice')
        presets.append(preset)
    return tuple(presets)


def parse_library(
    library_data: Mapping[str, Any], presets_data: Mapping[str, Any] | None = None
) -> ExerciseLibrary:
    """Build and validate a library from already-parsed TOML documents."""
    exercises = _parse_exercises(library_data)
    presets = _parse_presets(presets_data or {}, exercises)
    return ExerciseLibrary(exercises=tuple(exercises.values()), presets=presets)


def load_library(
    library_file: Path | None = None, presets_file: Path | None = None
) -> ExerciseLibrary:
    """Read and validate the library and presets files (defaults: the bundled resources).

    Raises `ExerciseLibraryError` whose message starts with the file name and names the entry,
    e.g. `exercises.toml: exercise[4] (step_up).dose.sets: 30 is outside 1-20`.
    """
    library_path = library_file or resources_dir() / LIBRARY_FILE
    presets_path = presets_file or resources_dir() / PRESETS_FILE
    try:
        exercises = _parse_exercises(_read_toml(library_path))
    except ExerciseLibraryError as error:
        raise ExerciseLibraryError(f"{library_path.name}: {error}") from None
    try:
        presets = _parse_presets(_read_toml(presets_path), exercises)
    except ExerciseLibraryError as error:
        raise ExerciseLibraryError(f"{presets_path.name}: {error}") from None
    return ExerciseLibrary(exercises=tuple(exercises.values()), presets=presets)


@functools.cache
def default_library() -> ExerciseLibrary:
    """The bundled library, loaded once per process."""
    return load_library()
