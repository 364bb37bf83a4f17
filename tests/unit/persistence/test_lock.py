"""The journal lock: held by a live process only, never by a file a power cut left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kneelog.core.errors import JournalInUseError
from kneelog.persistence.lock import JournalLock, lock_path_for

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    path = tmp_path / "kneelog.sqlite3"
    path.write_bytes(b"")
    return path


def _holder(journal_path: Path) -> subprocess.Popen[str]:
    """Another process that takes the lock, says so and waits to be killed."""
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from kneelog.persistence.lock import JournalLock
        JournalLock(Path({str(journal_path)!r})).acquire()
        print("locked", flush=True)
        time.sleep(120)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    return process


@pytest.mark.parametrize(
    "content", [b"", b"\x00\xff garbage \xfe", b"not-a-pid\n\n", b"999999999\nKneeLog\nhost\n"]
)
def test_a_lock_file_left_with_any_content_does_not_lock_the_journal_out(
    journal_path: Path, content: bytes
) -> None:
    lock_path_for(journal_path).write_bytes(content)
    with JournalLock(journal_path) as lock:
        text = lock.path.read_text()
        assert text.splitlines()[0] == str(os.getpid())
    assert not lock_path_for(journal_path).exists()


def test_an_empty_folder_in_place_of_the_lock_is_removed(journal_path: Path) -> None:
    lock_path_for(journal_path).mkdir()
    with JournalLock(journal_path) as lock:
        assert lock.path.is_file()
    assert not lock_path_for(journal_path).exists()


def test_a_folder_with_content_in_place_of_the_lock_is_moved_aside_untouched(
    journal_path: Path,
) -> None:
    folder = lock_path_for(journal_path)
    folder.mkdir()
    (folder / "keep.txt").write_text("someone's file")
    with JournalLock(journal_path) as lock:
        assert lock.path.is_file()
    kept = [path for path in journal_path.parent.iterdir() if ".lock.folder-" in path.name]
    assert len(kept) == 1 and (kept[0] / "keep.txt").read_text() == "someone's file"


def test_a_live_holder_is_named_and_a_killed_one_frees_the_journal(journal_path: Path) -> None:
    process = _holder(journal_path)
    try:
        with pytest.raises(JournalInUseError, match=f"process {process.pid} on "):
            JournalLock(journal_path).acquire()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    # kill -9 left its lock file behind, with the dead process's id in it: not a lock any more.
    assert str(process.pid) in lock_path_for(journal_path).read_text()
    with JournalLock(journal_path):
        pass


def test_a_second_lock_in_the_same_process_is_refused(journal_path: Path) -> None:
    with JournalLock(journal_path), pytest.raises(JournalInUseError, match="already open"):
        JournalLock(journal_path).acquire()
    with JournalLock(journal_path):  # free again once the first is released
        pass


def test_the_lock_needs_no_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "import kneelog.persistence.lock, kneelog.services.safety\n"
        "print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr
