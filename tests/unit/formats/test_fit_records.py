"""The FIT reader's record rows equal what fitdecode's own `get_value` gives, message by message."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable

import fitdecode
import pytest
from formats_support import find_samples

from kneelog.formats.fit import _RECORD_SLOTS, _record
from tests.activity_files import FILES

RECORD_MESSAGE = 20


def _fit_payloads() -> dict[str, Callable[[], bytes]]:
    payloads: dict[str, Callable[[], bytes]] = {}
    for name, write in FILES.items():
        if ".fit" in name:
            payloads[name] = lambda write=write: _bytes(write())  # type: ignore[misc]
    samples = find_samples()
    if samples is not None:
        for path in sorted(samples.rglob("*.fit*")):
            payloads[f"samples/{path.name}"] = lambda path=path: _bytes(path.read_bytes())  # type: ignore[misc]
    return payloads


def _bytes(data: bytes | str) -> bytes:
    raw = data.encode() if isinstance(data, str) else data
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


PAYLOADS = _fit_payloads()


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_each_record_row_matches_get_value(name: str) -> None:
    compared = 0
    try:
        with fitdecode.FitReader(
            io.BytesIO(PAYLOADS[name]()),
            check_crc=fitdecode.CrcCheck.DISABLED,
            error_handling=fitdecode.ErrorHandling.IGNORE,
        ) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.def_mesg.global_mesg_num != RECORD_MESSAGE:
                    continue
                row = _record(frame)
                for field_name, slot in _RECORD_SLOTS.items():
                    assert row[slot] == frame.get_value(field_name, fallback=None), field_name
                compared += 1
    except fitdecode.FitError:
        # A damaged sample ends early, as in the importer: what was read before is compared.
        pass
    if compared == 0:
        pytest.skip(f"{name} holds no record message")
