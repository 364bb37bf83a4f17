"""The journal table's lines: the entries in their order, each made only when asked for, and kept
in order through inserts and deletes whether its lines are made yet or not."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kneelog.core.session_records import CheckInRecord, SessionRecord, ShoeRecord
from kneelog.core.values import EntryKind, EntryRow
from kneelog.services.entries import EntryService
from kneelog.services.entry_lines import EntryLines
from kneelog.services.opening import open_journal
from tests.unit.services.journal_strategies import dates, scores, symptom_lists, training_sessions

DAY = dt.date(2026, 5, 6)


def _journal_of(
    journal: EntryService,
    sessions: list[SessionRecord],
    checkins: dict[dt.date, tuple[int | None, int | None, list[str]]],
) -> list[EntryRow]:
    """Save them; the entries as `EntryService.entry` makes them one by one, in table order."""
    made = [journal.entry(EntryKind.SESSION, journal.save_session(s).record.id) for s in sessions]
    for day, (pain, stiffness, symptoms) in checkins.items():
        saved = journal.save_checkin(
            CheckInRecord.new(
                date=day, morning_pain=pain, morning_stiffness=stiffness, symptoms=symptoms
            )
        ).record
        made.append(journal.entry(EntryKind.CHECKIN, saved.id))
    return sorted(made, key=lambda row: row.sort_key)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sessions=st.lists(training_sessions, max_size=12),
    checkins=st.dictionaries(dates, st.tuples(scores, scores, symptom_lists), max_size=6),
    edits=st.lists(
        st.tuples(st.integers(0, 30), st.booleans(), training_sessions | st.none()), max_size=6
    ),
)
def test_lines_are_the_entries_in_order_before_and_after_inserts_and_deletes(
    tmp_path_factory: pytest.TempPathFactory,
    sessions: list[SessionRecord],
    checkins: dict[dt.date, tuple[int | None, int | None, list[str]]],
    edits: list[tuple[int, bool, SessionRecord | None]],
) -> None:
    db = open_journal(tmp_path_factory.mktemp("lines") / "journal.sqlite3")
    journal = EntryService(db)
    expected = _journal_of(journal, sessions, checkins)
    lines = journal.lines()
    assert len(lines) == len(expected)
    for position, make_first, wanted in edits:
        # Some lines made before the change, most left as read: both kinds are kept in order.
        if make_first and lines:
            lines[position % len(lines)]
        if wanted is None:
            if not expected:
                continue
            gone = expected.pop(position % len(expected))
            if gone.kind is EntryKind.SESSION:
                journal.delete_session(gone.id)
            else:
                journal.delete_checkin(gone.id)
            at = lines.position_of(gone.kind, gone.id)
            assert at >= 0
            del lines[at]
        else:
            new = journal.entry(EntryKind.SESSION, journal.save_session(wanted).record.id)
            expected.append(new)
            expected.sort(key=lambda row: row.sort_key)
            lines.insert(lines.position_for(new), new)
    assert list(lines) == expected
    assert list(journal.lines()) == expected  # as a fresh read has them
    assert journal.entries() == expected[::-1]
    db.close()


def test_a_line_is_made_only_when_asked_for(journal: EntryService) -> None:
    shoe = journal.save_shoe(ShoeRecord.new(name="Ghost")).record
    run = journal.save_session(
        SessionRecord.new(
            date=DAY,
            activity="run",
            start_time="07:00",
            distance_m=5000,
            shoe_id=shoe.id,
            symptoms=["stiffness"],
            notes="easy\nloop",
            source="run.fit",
        )
    ).record
    checkin = journal.save_checkin(
        CheckInRecord.new(date=DAY, morning_pain=2, notes="stiff")
    ).record
    journal.save_session(SessionRecord.new(date=DAY - dt.timedelta(days=1), activity="swim"))

    lines = journal.lines()
    assert [lines.is_made(p) for p in range(3)] == [False, False, False]
    assert lines[2] == journal.entry(EntryKind.SESSION, run.id)
    assert lines[2].shoe_name == "Ghost"
    assert [lines.is_made(p) for p in range(3)] == [False, False, True]
    assert lines[1] == journal.entry(EntryKind.CHECKIN, checkin.id)
    assert [lines.is_made(p) for p in range(3)] == [False, True, True]
    assert lines.position_of(EntryKind.SESSION, run.id) == 2
    assert lines.position_of(EntryKind.CHECKIN, run.id) == -1  # same id, other kind: none


def test_a_session_without_a_start_time_comes_first_on_its_day(journal: EntryService) -> None:
    timed = journal.save_session(
        SessionRecord.new(date=DAY, activity="run", start_time="06:00")
    ).record
    untimed = journal.save_session(SessionRecord.new(date=DAY, activity="cycle")).record
    checkin = journal.save_checkin(CheckInRecord.new(date=DAY)).record
    assert [line.id for line in journal.lines()] == [checkin.id, untimed.id, timed.id]
    lines = journal.lines()
    late = journal.entry(EntryKind.SESSION, untimed.id)
    del lines[lines.position_of(EntryKind.SESSION, untimed.id)]
    # Between the check-in and the timed run, found among lines not made yet.
    assert lines.position_for(late) == 1
    assert not lines.is_made(0) and not lines.is_made(1)


def test_lines_of_made_entries_are_put_in_order() -> None:
    run = EntryRow(EntryKind.SESSION, "r", DAY, start_time="07:00", activity="run")
    morning = EntryRow(EntryKind.CHECKIN, "c", DAY)
    before = EntryRow(EntryKind.SESSION, "b", DAY - dt.timedelta(days=1), activity="swim")
    lines = EntryLines.of_entries([run, morning, before])
    assert list(lines) == [before, morning, run]
    assert lines.is_made(0)


def test_a_session_and_a_checkin_with_one_id_are_told_apart_by_kind(
    journal: EntryService,
) -> None:
    run = journal.save_session(SessionRecord.new(date=DAY, activity="run")).record
    journal.save_checkin(
        CheckInRecord.new(id=run.id, date=DAY - dt.timedelta(days=1))
    )  # another table
    lines = journal.lines()
    assert lines.position_of(EntryKind.SESSION, run.id) == 1
    assert lines.position_of(EntryKind.CHECKIN, run.id) == 0
    assert not lines.is_made(0) and not lines.is_made(1)  # found among the lines as read
    assert (lines[1].kind, lines[0].kind) == (EntryKind.SESSION, EntryKind.CHECKIN)
    assert lines.position_of(EntryKind.SESSION, run.id) == 1  # and once made
    assert lines.position_of(EntryKind.CHECKIN, run.id) == 0
