"""Shared fixtures: offscreen Qt, real SQLite journals in temporary folders, isolated QSettings."""

from __future__ import annotations

import os

# Before any Qt import: tests never open real windows and never read the user's settings.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
os.environ.pop("KNEELOG_DB", None)

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kneelog.persistence.db import Database
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal

# A shared two-core machine makes wall-clock deadlines flaky; hangs are caught by faulthandler.
settings.register_profile(
    "kneelog", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("kneelog")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "kneelog.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_journal(db_path)
    yield database
    database.close()


@pytest.fixture
def journal(db: Database) -> EntryService:
    return EntryService(db)


class NetworkAccessError(AssertionError):
    """KneeLog makes no network connection of any kind; a test that tries one fails."""


_NETWORK_ATTEMPTS: list[str] = []


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every test runs with connect, create_connection and name lookups refused and recorded.

    The attempt is recorded as well as refused, so code that swallows the exception still fails
    the test at teardown.
    """
    import socket

    _NETWORK_ATTEMPTS.clear()

    def refuse(name: str) -> object:
        def refused(*args: object, **kwargs: object) -> object:
            _NETWORK_ATTEMPTS.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise NetworkAccessError(f"KneeLog must not use the network: {name} was called")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield _NETWORK_ATTEMPTS
    attempts = list(_NETWORK_ATTEMPTS)
    _NETWORK_ATTEMPTS.clear()
    if attempts:
        pytest.fail(f"a code path tried to use the network: {attempts}")


@pytest.fixture(autouse=True)
def private_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own data, state (logs) and config folders: never the user's own."""
    from kneelog.logs import stop_logging

    home = tmp_path_factory.mktemp("home")
    for variable, folder in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(variable, str(home / folder))
    yield home
    stop_logging()


@pytest.fixture(scope="session")
def activity_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The activity files the tests write themselves (tests/activity_files.py), written once."""
    from tests.activity_files import write_activity_folder

    return write_activity_folder(tmp_path_factory.mktemp("activities"))
