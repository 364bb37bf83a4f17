"""Record ids: the journal format's `id`, a random hex string made when a record is created."""

from __future__ import annotations


def new_id() -> str:
    """A fresh, stable record id (the journal format's `id`)."""
    # Imported on the first new record: uuid brings `platform` with it, and showing a journal
    # makes no record.
    import uuid

    return uuid.uuid4().hex
