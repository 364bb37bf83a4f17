"""Journal use cases on a real SQLite file: saving, one check-in per date, shoes, the status line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kneelog.core.errors import NotFoundError, ValidationError
from kneelog.core.session_records import CheckInRecord, SessionRecord, ShoeRecord
from kneelog.core.values import EntryKind
from kneelog.services.entries import EntryService, week_start_of
from kneelog.services.opening import open_journal

DAY = dt.date(2026, 5, 6)  # a Wednesday


def test_saved_session_survives_reopening(journal: EntryService, db_path: Path) -> None:
    saved = journal.save_session(
        SessionRecord.new(
            date=DAY,
            activity="run",
            distance_m=5000,
            duration_s=1800,
            pain_during=2,
            symptoms=["stiffness", "clicking"],
            notes="easy",
        )
    ).record
    journal.db.close()
    reopened = EntryService(open_journal(db_path))
    again = reopened.get_session(saved.id)
    assert again == saved
    assert again.symptoms == ("stiffness", "clicking")
    reopened.db.close()


def test_invalid_values_are_refused_with_every_field_named(journal: EntryService) -> None:
    with pytest.raises(ValidationError) as caught:
        journal.save_session(SessionRecord.new(date=DAY, activity="run", pain_during=11, rpe=-1))
    assert caught.value.problems == ["rpe: -1 is outside 0-10", "pain_during: 11 is outside 0-10"]
    assert journal.entries() == []


def test_a_session_cannot_name_an_unknown_shoe(journal: EntryService) -> None:
    with pytest.raises(ValidationError, match="not a known shoe"):
        journal.save_session(SessionRecord.new(date=DAY, activity="run", shoe_id="nope"))


def test_editing_replaces_the_record_in_place(journal: EntryService) -> None:
    saved = journal.save_session(
        SessionRecord.new(date=DAY, activity="run", distance_m=5000)
    ).record
    journal.save_session(saved._replace(distance_m=6000))
    assert [r.distance_m for r in journal.entries()] == [6000]


def test_one_checkin_per_date(journal: EntryService) -> None:
    journal.save_checkin(CheckInRecord.new(date=DAY, morning_pain=2))
    with pytest.raises(ValidationError, match="already a check-in for 2026-05-06"):
        journal.save_checkin(CheckInRecord.new(date=DAY, morning_pain=3))


def test_deleting_returns_what_undo_needs(journal: EntryService) -> None:
    saved = journal.save_checkin(
        CheckInRecord.new(date=DAY, morning_pain=4, symptoms=["swelling"])
    ).record
    removed = journal.delete_checkin(saved.id).record
    assert journal.entries() == []
    journal.save_checkin(removed)
    assert journal.get_checkin(saved.id) == saved
    with pytest.raises(NotFoundError):
        journal.delete_session("missing")


def test_entries_are_newest_first_with_checkin_before_that_days_sessions(
    journal: EntryService,
) -> None:
    journal.save_session(SessionRecord.new(date=DAY, activity="run", start_time="07:00"))
    journal.save_checkin(CheckInRecord.new(date=DAY, morning_pain=1))
    journal.save_session(SessionRecord.new(date=DAY - dt.timedelta(days=1), activity="cycle"))
    kinds = [(r.date, r.kind) for r in journal.entries()]
    assert kinds == [
        (DAY, EntryKind.SESSION),
        (DAY, EntryKind.CHECKIN),
        (DAY - dt.timedelta(days=1), EntryKind.SESSION),
    ]


def test_shoe_mileage_is_derived_and_warns_past_retirement(journal: EntryService) -> None:
    shoe = journal.save_shoe(ShoeRecord.new(name="Ghost", initial_km=680, retire_at_km=700)).record
    journal.save_session(
        SessionRecord.new(date=DAY, activity="run", distance_m=12500, shoe_id=shoe.id)
    )
    journal.save_session(
        SessionRecord.new(date=DAY, activity="walk", distance_m=10000, shoe_id=shoe.id)
    )
    (mileage,) = journal.shoes()
    assert mileage.km == pytest.approx(702.5)
    assert mileage.past_retirement
    assert journal.last_shoe_id() == shoe.id
    journal.save_shoe(shoe._replace(retired=DAY))
    assert journal.last_shoe_id() is None


def test_shoe_validation(journal: EntryService) -> None:
    with pytest.raises(ValidationError, match="a shoe needs a name"):
        journal.save_shoe(ShoeRecord.new(name="  "))


def test_status_sums_this_week_by_running_and_cross_training(journal: EntryService) -> None:
    monday = dt.date(2026, 5, 4)
    journal.save_session(
        SessionRecord.new(date=monday - dt.timedelta(days=1), activity="run", distance_m=9000)
    )
    journal.save_session(
        SessionRecord.new(date=monday, activity="run", distance_m=5000, pain_during=3, pain_after=2)
    )
    journal.save_session(
        SessionRecord.new(date=DAY, activity="walk_run", distance_m=3000, pain_during=1)
    )
    journal.save_session(SessionRecord.new(date=DAY, activity="cycle", distance_m=20000))
    journal.save_checkin(CheckInRecord.new(date=DAY, morning_pain=2))
    status = journal.status(DAY)
    assert status.week_start == monday
    assert status.week_running_m == 8000
    assert status.week_cross_training_m == 20000
    assert (status.last_pain_during, status.last_morning_pain) == (1, 2)


def test_week_start_follows_the_preference() -> None:
    assert week_start_of(DAY, "monday") == dt.date(2026, 5, 4)
    assert week_start_of(DAY, "sunday") == dt.date(2026, 5, 3)
    assert week_start_of(dt.date(2026, 5, 3), "sunday") == dt.date(2026, 5, 3)


def test_settings_have_defaults_and_persist(journal: EntryService) -> None:
    assert journal.setting("units") == "km"
    journal.set_setting("units", "mi")
    assert journal.settings()["units"] == "mi"
    journal.set_setting("units", None)
    assert journal.setting("units") == "km"


def test_deleting_several_entries_is_one_transaction(journal: EntryService) -> None:
    kept = journal.save_session(SessionRecord.new(date=DAY, activity="run", distance_m=5000)).record
    checkin = journal.save_checkin(CheckInRecord.new(date=DAY, morning_pain=2)).record
    with pytest.raises(NotFoundError):
        journal.delete_entries([kept.id, "gone"], [checkin.id])
    assert len(journal.entries()) == 2  # nothing was deleted
    journal.delete_entries([kept.id], [checkin.id])
    assert journal.entries() == []
    journal.restore_entries([kept], [checkin])
    assert journal.get_session(kept.id) == kept
    assert journal.get_checkin(checkin.id) == checkin
