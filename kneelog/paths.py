"""Where KneeLog keeps its files: the platformdirs data, config, log and backup folders."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kneelog import APP_NAME

if TYPE_CHECKING:
    from platformdirs import PlatformDirs

DB_FILENAME = "kneelog.sqlite3"
DB_ENV = "KNEELOG_DB"


@cache
def _dirs() -> PlatformDirs:
    # On first use: a start with --db (or KNEELOG_DB) shows its window without importing it.
    from platformdirs import PlatformDirs

    return PlatformDirs(appname=APP_NAME, appauthor=False, roaming=False)


def data_dir() -> Path:
    return Path(_dirs().user_data_dir)


def log_dir() -> Path:
    return Path(_dirs().user_log_dir)


def backup_dir_for(db_path: Path) -> Path:
    """Backups sit beside the journal they copy, in a private `backups` folder."""
    return db_path.parent / "backups"


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def resolve_db_path(cli_value: str | None) -> Path:
    """`--db PATH` wins over the KNEELOG_DB environment variable, which wins over the default."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


PACKAGED_RESOURCES = "_resources"


def resources_dir() -> Path:
    """KneeLog's `resources/` folder, wherever KneeLog runs from.

    An installed wheel carries it inside the package (`kneelog/_resources`, see pyproject.toml);
    a checkout and the PyInstaller bundle have it beside the package (`_internal/resources`).
    Every resource is found through this one function.
    """
    package = Path(__file__).resolve().parent
    packaged = package / PACKAGED_RESOURCES
    if packaged.is_dir():
        return packaged
    return package.parent / "resources"
