"""Where KneeLog's data files live: the repository's top-level `resources/` folder."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a file under `resources/`, e.g. `resource_path("exercises.toml")`."""
    return RESOURCES_DIR.joinpath(*parts)
