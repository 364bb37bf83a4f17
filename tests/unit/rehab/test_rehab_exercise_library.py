"""The bundled exercise library and presets: every id, complete fields, search and bad entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kneelog.core.exercises import (
    Dose,
    ExerciseCategory,
    ExerciseLibraryError,
    Target,
    default_library,
    load_library,
    parse_library,
)

REQUIRED_IDS = {
    "hamstring_stretch_standing",
    "hamstring_stretch_seated",
    "quad_stretch_standing",
    "calf_stretch_wall",
    "step_up",
    "wall_sit",
    "clamshell",
    "clamshell_banded",
    "glute_bridge",
    "glute_bridge_single_leg",
    "lateral_band_walk",
    "single_leg_deadlift",
    "straight_leg_raise",
    "leg_extension_seated",
    "lunge_forward",
    "lunge_lateral",
    "squat",
    "squat_banded",
    "dead_bug",
    "bird_dog",
    "single_leg_balance",
    "calf_raise",
    "quad_set_isometric",
    "foam_roll",
    "leg_swing",
    "side_lying_hip_abduction",
    "step_down",
    "plank",
}


def test_library_holds_exactly_the_required_ids() -> None:
    assert default_library().ids == REQUIRED_IDS


@pytest.mark.parametrize("exercise_id", sorted(REQUIRED_IDS))
def test_every_exercise_is_complete(exercise_id: str) -> None:
    exercise = default_library().get(exercise_id)
    assert exercise.name
    assert isinstance(exercise.category, ExerciseCategory)
    assert exercise.targets
    assert all(isinstance(target, Target) for target in exercise.targets)
    assert len(exercise.steps) >= 4
    assert all(step.endswith(".") for step in exercise.steps)
    assert len(exercise.cues) >= 2
    assert exercise.dose.sets >= 1
    assert exercise.dose.reps is not None or exercise.dose.hold_s is not None
    assert 1 <= exercise.per_week <= 7
    assert len(exercise.progression) > 20
    assert len(exercise.caution) > 20


def test_categories_and_targets_are_those_of_the_brief() -> None:
    assert {c.value for c in ExerciseCategory} == {
        "strength",
        "stretch",
        "mobility",
        "balance",
        "isometric",
    }
    assert {t.value for t in Target} == {
        "quadriceps",
        "glutes",
        "hip_abductors",
        "hamstrings",
        "calves",
        "core",
    }
    used = {exercise.category for exercise in default_library().exercises}
    assert used == set(ExerciseCategory)


def test_library_is_cached() -> None:
    assert default_library() is default_library()


def test_lookup_of_an_unknown_id_names_it() -> None:
    with pytest.raises(KeyError, match='"foo" is not in the exercise library'):
        default_library().get("foo")
    assert "foo" not in default_library()
    assert default_library().name_of("foo") == "foo"
    assert default_library().name_of("step_up") == "Step-up"


def test_search_by_text_category_and_target() -> None:
    library = default_library()
    banded = {exercise.id for exercise in library.search("band")}
    assert {"clamshell_banded", "squat_banded", "lateral_band_walk"} <= banded
    assert "clamshell" not in banded
    stretches = {exercise.id for exercise in library.search(category="stretch")}
    assert stretches == {
        "hamstring_stretch_standing",
        "hamstring_stretch_seated",
        "quad_stretch_standing",
        "calf_stretch_wall",
    }
    calves = {exercise.id for exercise in library.search(target=Target.CALVES)}
    assert {"calf_raise", "calf_stretch_wall"} <= calves
    assert library.search("STEP UP")[0].id == "step_up"
    assert library.search("")[0].id == library.exercises[0].id
    assert library.search("hamstring", category="stretch", target="quadriceps") == []


@pytest.mark.parametrize(
    ("dose", "text"),
    [
        (Dose(sets=3, reps=10, per_leg=True), "3 × 10 per leg"),
        (Dose(sets=3, hold_s=30, per_leg=True), "3 × 30 s hold per leg"),
        (Dose(sets=1, reps=10, hold_s=10), "1 × 10 × 10 s hold"),
        (Dose(sets=3, reps=8, note="each side"), "3 × 8 each side"),
    ],
)
def test_dose_description(dose: Dose, text: str) -> None:
    assert dose.describe() == text


def test_presets_reference_library_exercises_and_resolve_defaults() -> None:
    library = default_library()
    assert len(library.presets) >= 3
    for preset in library.presets:
        assert preset.name
        assert preset.description
        assert preset.source
        for item in preset.items:
            assert item.exercise in library
    early = library.preset("hip_knee_strength_early")
    assert early.name == "Hip and knee strength, weeks 1-4"
    step_up = next(item for item in early.items if item.exercise == "step_up")
    assert (step_up.sets, step_up.reps, step_up.per_week) == (3, 10, 3)
    tendon = library.preset("tendon_isometrics")
    wall_sit = next(item for item in tendon.items if item.exercise == "wall_sit")
    assert (wall_sit.sets, wall_sit.hold_s, wall_sit.per_week) == (4, 45, 4)


def test_applying_a_preset_gives_independent_prescriptions() -> None:
    preset = default_library().preset("stretch_mobility")
    start = dt.date(2026, 5, 4)
    first = preset.prescriptions(start)
    second = preset.prescriptions(start)
    assert [p.exercise for p in first] == [item.exercise for item in preset.items]
    assert all(p.start == start and p.end is None and not p.paused for p in first)
    assert {p.id for p in first}.isdisjoint({p.id for p in second})
    # Frozen records: an edit is a new record, the preset's own values never change.
    edited = first[0]._replace(sets=99)
    assert edited.sets == 99 and first[0].sets == second[0].sets == preset.items[0].sets


def test_unknown_preset_is_named() -> None:
    with pytest.raises(KeyError, match="nope"):
        default_library().preset("nope")


VALID_ENTRY = """
[[exercise]]
id = "thing"
name = "Thing"
category = "strength"
targets = ["glutes"]
steps = ["One.", "Two."]
cues = ["Cue"]
dose = { sets = 3, reps = 10 }
per_week = 3
progression = "More."
caution = "Careful."
"""


def _write(tmp_path: Path, library_text: str, presets_text: str = "") -> tuple[Path, Path]:
    library_file = tmp_path / "exercises.toml"
    presets_file = tmp_path / "exercise_presets.toml"
    library_file.write_text(library_text, encoding="utf-8")
    presets_file.write_text(presets_text, encoding="utf-8")
    return library_file, presets_file


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('category = "strength"', 'category = "cardio"'), r"exercise\[0\] \(thing\)\.category"),
        (("sets = 3", "sets = 30"), r"exercise\[0\] \(thing\)\.dose\.sets: 30 is outside 1-20"),
        (('targets = ["glutes"]', 'targets = ["toes"]'), r"\.targets: \"toes\""),
        (('caution = "Careful."', 'caution = ""'), r"\.caution: must be a non-empty string"),
        (('name = "Thing"', 'name = "Thing"\ncolour = "red"'), r"\.colour: unknown key"),
        (("reps = 10", "per_leg = true"), r"\.dose\.reps: a dose needs reps, hold_s or both"),
    ],
)
def test_a_bad_entry_is_named(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    library_file, presets_file = _write(tmp_path, VALID_ENTRY.replace(*change))
    with pytest.raises(ExerciseLibraryError, match=r"^exercises\.toml: .*" + message):
        load_library(library_file, presets_file)


def test_duplicate_ids_and_bad_presets_are_named(tmp_path: Path) -> None:
    library_file, presets_file = _write(tmp_path, VALID_ENTRY + VALID_ENTRY)
    with pytest.raises(ExerciseLibraryError, match=r'exercise\[1\]\.id: "thing" is used twice'):
        load_library(library_file, presets_file)
    library_file, presets_file = _write(
        tmp_path,
        VALID_ENTRY,
        '[[preset]]\nid = "p"\nname = "P"\ndescription = "D"\nsource = "S"\n'
        '[[preset.item]]\nexercise = "other"\n',
    )
    with pytest.raises(
        ExerciseLibraryError,
        match=r'^exercise_presets\.toml: preset\[0\] \(p\)\.item\[0\]\.exercise: "other"',
    ):
        load_library(library_file, presets_file)


def test_unreadable_files_are_reported(tmp_path: Path) -> None:
    library_file, presets_file = _write(tmp_path, "[[exercise]\n")
    with pytest.raises(ExerciseLibraryError, match="not valid TOML"):
        load_library(library_file, presets_file)
    with pytest.raises(ExerciseLibraryError, match="file not found"):
        load_library(tmp_path / "missing.toml", presets_file)


def test_parse_library_from_data() -> None:
    import tomllib

    library = parse_library(tomllib.loads(VALID_ENTRY))
    assert library.ids == {"thing"}
    assert library.presets == ()
    with pytest.raises(ExerciseLibraryError, match="at least one"):
        parse_library({})
