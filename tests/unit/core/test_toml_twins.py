"""The bundled TOML files' JSON twins: up to date, the same data, and never used for other text."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kneelog.core.toml_twins import read_toml, twin_of, twin_text

REPO = Path(__file__).resolve().parents[3]
BUNDLED = sorted((REPO / "resources").glob("*.toml"))


def test_every_bundled_file_has_a_twin_made_from_its_text() -> None:
    assert [path.name for path in BUNDLED] == [
        "exercise_presets.toml",
        "exercises.toml",
        "rules.toml",
    ]
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_toml_twins.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_a_twin_gives_the_data_the_toml_parser_gives(path: Path) -> None:
    twin = json.loads(twin_of(path).read_text(encoding="utf-8"))
    parsed = tomllib.loads(path.read_text(encoding="utf-8"))
    assert twin["source"] == path.read_text(encoding="utf-8")
    assert read_toml(path) == parsed
    assert parsed  # a twin of an empty file would prove nothing


def test_an_edited_file_is_read_as_toml_until_its_twin_is_made_again(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[[rule]]\nid = "old"\n', encoding="utf-8")
    twin_of(path).write_text(twin_text(path), encoding="utf-8")
    assert read_toml(path) == {"rule": [{"id": "old"}]}
    path.write_text('[[rule]]\nid = "new"\n', encoding="utf-8")
    assert read_toml(path) == {"rule": [{"id": "new"}]}


def test_a_damaged_or_missing_twin_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "exercises.toml"
    path.write_text("[[exercise]]\nid = 'squat'\n", encoding="utf-8")
    assert read_toml(path) == {"exercise": [{"id": "squat"}]}
    for damaged in ("{not json", '["a list"]', '{"source": "[[exercise]]\\nid = \'squat\'\\n"}'):
        twin_of(path).write_text(damaged, encoding="utf-8")
        assert read_toml(path) == {"exercise": [{"id": "squat"}]}


def test_a_twin_never_hides_a_file_that_is_not_valid_toml(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[[rule]]\nid = 'ok'\n", encoding="utf-8")
    twin_of(path).write_text(twin_text(path), encoding="utf-8")
    path.write_text("[[rule]\nid = ", encoding="utf-8")
    with pytest.raises(tomllib.TOMLDecodeError):
        read_toml(path)
