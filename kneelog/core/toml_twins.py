"""Bundled TOML files read through their JSON twins: the same data, parsed in a tenth of the time.

The rule table and the exercise library are TOML, which a PT can read and review; Python's TOML
parser is pure Python and took a dozen milliseconds of every start-up for them. Each bundled
file has a twin beside it (`rules.toml.json`, written by tools/make_toml_twins.py) holding the
TOML text it was made from and its data. The twin is used only when that text is exactly the
file's text, so an edited TOML file is read as TOML until its twin is made again (a test fails
meanwhile), and a file without a twin (a PT's own rule table) is read as TOML too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def twin_of(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def read_toml(path: Path) -> dict[str, Any]:
    """The data of the TOML file at `path`, from its twin when the twin was made from this text.

    Raises OSError when the file cannot be read and `tomllib.TOMLDecodeError` when it is not
    valid TOML (the twin is never used to hide either)."""
    text = path.read_text(encoding="utf-8")
    try:
        twin = json.loads(twin_of(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        twin = None
    if isinstance(twin, dict) and twin.get("source") == text and isinstance(twin.get("data"), dict):
        return twin["data"]
    return parse_toml(text)


def parse_toml(text: str) -> dict[str, Any]:
    import tomllib  # only when there is no twin: the parser is a few milliseconds to load

    return tomllib.loads(text)


def twin_text(path: Path) -> str:
    """The twin of the TOML file at `path`, as tools/make_toml_twins.py writes it."""
    text = path.read_text(encoding="utf-8")
    return json.dumps({"source": text, "data": parse_toml(text)}, ensure_ascii=False) + "\n"
