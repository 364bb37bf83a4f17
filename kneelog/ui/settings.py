"""UI state kept between runs (window geometry, table layout, last folder), behind one wrapper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_VERSION = 1


class AppSettings:
    """A thin, typed view over an injected QSettings (tests pass an INI file in a temp folder)."""

    def __init__(self, store: QSettings) -> None:
        self.store = store
        if int(str(store.value("settings_version", 0))) != SETTINGS_VERSION:
            store.setValue("settings_version", SETTINGS_VERSION)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.store.setValue("window/state", value)

    @property
    def journal_header(self) -> QByteArray | None:
        return self._bytes("journal/header")

    @journal_header.setter
    def journal_header(self, value: QByteArray) -> None:
        self.store.setValue("journal/header", value)

    @property
    def last_folder(self) -> str:
        folder = str(self.store.value("files/last_folder", "") or "")
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self.store.setValue("files/last_folder", folder)

    @property
    def last_journal(self) -> str:
        """The journal file the window opened last (to notice when it has gone)."""
        return str(self.store.value("journal/last_opened", "") or "")

    @last_journal.setter
    def last_journal(self, path: str) -> None:
        self.store.setValue("journal/last_opened", path)

    @property
    def trends_range(self) -> str:
        """The Trends tab's range preset ("4w", "12w", "6m", "1y" or "all")."""
        return str(self.store.value("trends/range", "12w") or "12w")

    @trends_range.setter
    def trends_range(self, value: str) -> None:
        self.store.setValue("trends/range", value)

    @property
    def journal_mode(self) -> str:
        """How the journal is shown: "week" (the default), "month" or "list"."""
        mode = str(self.store.value("journal/mode", "week") or "week")
        return mode if mode in ("week", "month", "list") else "week"

    @journal_mode.setter
    def journal_mode(self, value: str) -> None:
        self.store.setValue("journal/mode", value)

    def sync(self) -> None:
        self.store.sync()
