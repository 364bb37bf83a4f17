"""Record ids: the journal format's `id`, a random hex string made when a record is created."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A fresh, stable record id (the journal format's `id`)."""
    return uuid.uuid4().hex
