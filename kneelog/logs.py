"""The one place logging is set up, for the window and the command line alike.

Logs go to a rotating, private file in the platformdirs log folder. At INFO they name operations,
files and counts, never a note, a pain score or any other health value (a test checks this).
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path

from kneelog.paths import log_dir

LOG_FILENAME = "kneelog.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
_HANDLER_NAME = "kneelog-file"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files (the current one and each new one) are 0600."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return io.TextIOWrapper(io.FileIO(fd, "a"), encoding=self.encoding or "utf-8")


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send KneeLog's log records to `<log folder>/kneelog.log`; returns the file, or None.

    Idempotent. If the folder cannot be created (read-only home, full disk) KneeLog runs
    without a log file rather than not at all.
    """
    logger = logging.getLogger("kneelog")
    logger.setLevel(level)
    for handler in logger.handlers:
        if handler.get_name() == _HANDLER_NAME:
            return Path(getattr(handler, "baseFilename", ""))
    target = (folder or log_dir()) / LOG_FILENAME
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = PrivateRotatingFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    return target


def stop_logging() -> None:
    """Remove and close KneeLog's file handler (tests, and before the log folder goes away)."""
    logger = logging.getLogger("kneelog")
    for handler in list(logger.handlers):
        if handler.get_name() == _HANDLER_NAME:
            logger.removeHandler(handler)
            handler.close()
