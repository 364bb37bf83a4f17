"""Record-level helpers shared by the services: upsert by id, fetch or fail, delete with a copy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from kneelog.core.errors import NotFoundError

if TYPE_CHECKING:
    from sqlmodel import Session, SQLModel

RecordT = TypeVar("RecordT", bound="SQLModel")


def detached(record: RecordT) -> RecordT:
    """A fresh copy that no database session tracks, safe to hand out and to change."""
    return type(record)(**record.model_dump())


def store(s: Session, record: RecordT) -> RecordT:
    """Insert, or overwrite the stored record with the same id (add, edit and undo all use it)."""
    return upsert(s, record)[0]


def upsert(s: Session, record: RecordT) -> tuple[RecordT, bool]:
    """`store`, and whether the record was new (from the one look `store` takes anyway)."""
    model = type(record)
    values = record.model_dump()
    stored = s.get(model, _key(record))
    is_new = stored is None
    if stored is None:
        stored = model(**values)
    else:
        for key, value in values.items():
            # Lists are copied so the stored record never shares one with the caller.
            setattr(stored, key, list(value) if isinstance(value, list) else value)
    s.add(stored)
    s.flush()
    return detached(stored), is_new


def fetch(s: Session, model: type[RecordT], record_id: Any, what: str) -> RecordT:
    """The stored record, or NotFoundError naming `what` ("session", "check-in", ...)."""
    found = s.get(model, record_id)
    if found is None:
        raise NotFoundError(f"{what} {record_id} no longer exists")
    return found


def remove(s: Session, model: type[RecordT], record_id: Any, what: str) -> RecordT:
    """Delete the record; returns a detached copy of it for undo."""
    found = fetch(s, model, record_id, what)
    copy = detached(found)
    s.delete(found)
    return copy


def _key(record: SQLModel) -> Any:
    mapper = record.__mapper__  # type: ignore[attr-defined]
    return tuple(getattr(record, column.key) for column in mapper.primary_key)
