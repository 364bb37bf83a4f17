"""The home-exercise use cases on real SQLite files: program, logs, adherence, progression, AKPS."""

from __future__ import annotations

import datetime as dt

import pytest

from kneelog.core import akps
from kneelog.core.errors import NotFoundError, ValidationError
from kneelog.core.program import ExerciseLogRecord, PrescriptionRecord
from kneelog.persistence.db import Database
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal
from kneelog.services.rehab import ProgramStatus, RehabService, program_status

MONDAY = dt.date(2026, 5, 4)
BEST_ANSWERS = {key: 0 for key in akps.AKPS_ITEM_KEYS}


@pytest.fixture
def rehab(db: Database) -> RehabService:
    return RehabService(db)


def _bridge(**changes: object) -> PrescriptionRecord:
    values: dict[str, object] = {
        "exercise": "glute_bridge",
        "sets": 3,
        "reps": 12,
        "per_week": 3,
        "start": MONDAY,
    }
    values.update(changes)
    return PrescriptionRecord.new(**values)  # type: ignore[arg-type]


def test_a_saved_prescription_survives_reopening_the_file(db_path, rehab: RehabService) -> None:
    saved = rehab.save_prescription(_bridge(notes="green band")).record
    rehab.db.close()
    reopened = open_journal(db_path)
    (only,) = RehabService(reopened).prescriptions()
    assert only == saved
    reopened.close()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"exercise": "moonwalk"}, "exercise: 'moonwalk' is not in the exercise library"),
        ({"per_week": 15}, "per_week: 15 is outside 1-14"),
        ({"sets": 0}, "sets: 0 is outside 1-20"),
        (
            {"end": MONDAY - dt.timedelta(days=1)},
            "end: Sun 3 May 2026 is before the start, Mon 4 May 2026",
        ),
    ],
)
def test_an_invalid_prescription_is_refused_and_nothing_is_stored(
    rehab: RehabService, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        rehab.save_prescription(_bridge(**changes))
    assert caught.value.problems == [message]
    assert rehab.prescriptions() == []


def test_editing_keeps_the_id_and_pause_resume_end_change_only_their_fields(
    rehab: RehabService,
) -> None:
    saved = rehab.save_prescription(_bridge()).record
    saved = rehab.save_prescription(saved._replace(reps=15)).record
    assert rehab.get_prescription(saved.id).reps == 15
    assert rehab.set_paused(saved.id, True).record.paused
    assert not rehab.set_paused(saved.id, False).record.paused
    ended = rehab.end_prescription(saved.id, MONDAY + dt.timedelta(days=20)).record
    assert ended.end == MONDAY + dt.timedelta(days=20) and ended.reps == 15
    with pytest.raises(ValidationError):
        rehab.end_prescription(saved.id, MONDAY - dt.timedelta(days=1))
    with pytest.raises(NotFoundError):
        rehab.set_paused("ghost", True)


def test_program_status_on_a_day() -> None:
    plan = _bridge(end=MONDAY + dt.timedelta(days=27))
    assert program_status(plan, MONDAY - dt.timedelta(days=1)) is ProgramStatus.PLANNED
    assert program_status(plan, MONDAY) is ProgramStatus.ACTIVE
    assert program_status(_bridge(paused=True), MONDAY) is ProgramStatus.PAUSED
    assert program_status(plan, MONDAY + dt.timedelta(days=28)) is ProgramStatus.ENDED


def test_applying_a_preset_creates_editable_prescriptions_in_one_go(rehab: RehabService) -> None:
    preset = rehab.library.presets[0]
    created = rehab.apply_preset(preset.id, MONDAY).record
    assert [p.exercise for p in created] == [item.exercise for item in preset.items]
    assert {p.id for p in rehab.prescriptions()} == {p.id for p in created}
    first = rehab.save_prescription(created[0]._replace(sets=5)).record
    assert rehab.get_prescription(first.id).sets == 5
    rehab.delete_prescriptions([p.id for p in created])
    assert rehab.prescriptions() == []
    with pytest.raises(NotFoundError):
        rehab.apply_preset("no_such_preset", MONDAY)


def test_deleting_a_prescription_keeps_its_logs_and_undo_relinks_them(
    rehab: RehabService,
) -> None:
    plan = rehab.save_prescription(_bridge()).record
    log = rehab.log_exercise(
        ExerciseLogRecord.new(date=MONDAY, exercise="glute_bridge", sets=3, prescription_id=plan.id)
    ).record
    deleted = rehab.delete_prescription(plan.id).record
    assert deleted.log_ids == (log.id,)
    (kept,) = rehab.exercise_logs()
    assert kept.prescription_id is None
    rehab.restore_prescription(deleted)
    (relinked,) = rehab.exercise_logs()
    assert relinked.prescription_id == plan.id


def test_a_log_is_checked_and_can_be_deleted(rehab: RehabService) -> None:
    with pytest.raises(ValidationError) as caught:
        rehab.log_exercise(
            ExerciseLogRecord.new(
                date=MONDAY, exercise="glute_bridge", pain=11, prescription_id="ghost"
            )
        )
    assert caught.value.problems == [
        "pain: 11 is outside 0-10",
        "prescription: is not in the program any more",
    ]
    log = rehab.log_exercise(
        ExerciseLogRecord.new(date=MONDAY, exercise="glute_bridge", pain=2)
    ).record
    assert rehab.delete_exercise_log(log.id).record == log
    assert rehab.exercise_logs() == []
    with pytest.raises(NotFoundError):
        rehab.delete_exercise_log(log.id)


def test_ticking_today_changes_what_is_due_and_a_missed_day_stays_missed(
    rehab: RehabService,
) -> None:
    plan = rehab.save_prescription(_bridge(per_week=7)).record
    (item,) = rehab.due_on(MONDAY)
    assert (item.due_today, item.done_today) == (1, 0)
    rehab.log_exercise(
        ExerciseLogRecord.new(date=MONDAY, exercise="glute_bridge", prescription_id=plan.id)
    )
    (item,) = rehab.due_on(MONDAY)
    assert item.remaining_today == 0
    # Tuesday missed; two logs on Wednesday count once.
    wednesday = MONDAY + dt.timedelta(days=2)
    for _ in range(2):
        rehab.log_exercise(
            ExerciseLogRecord.new(date=wednesday, exercise="glute_bridge", prescription_id=plan.id)
        )
    figure = rehab.adherence(MONDAY, wednesday)
    assert (figure.done, figure.ratio) == (2, pytest.approx(2 / 3))


def test_weekly_and_per_exercise_adherence_and_recent_adherence(rehab: RehabService) -> None:
    bridge = rehab.save_prescription(_bridge(per_week=2)).record
    clam = rehab.save_prescription(
        PrescriptionRecord.new(exercise="clamshell", sets=3, reps=15, per_week=2, start=MONDAY)
    ).record
    for offset, plan in ((0, bridge), (2, bridge), (1, clam), (8, bridge)):
        rehab.log_exercise(
            ExerciseLogRecord.new(
                date=MONDAY + dt.timedelta(days=offset),
                exercise=plan.exercise,
                prescription_id=plan.id,
            )
        )
    sunday = MONDAY + dt.timedelta(days=13)
    weeks = rehab.weekly_adherence(MONDAY, sunday)
    assert [w.week_start for w in weeks] == [MONDAY, MONDAY + dt.timedelta(days=7)]
    assert [w.total.ratio for w in weeks] == [pytest.approx(3 / 4), pytest.approx(1 / 4)]
    per_exercise = rehab.adherence_by_exercise(MONDAY, sunday)
    assert per_exercise["glute_bridge"].ratio == pytest.approx(3 / 4)
    assert per_exercise["clamshell"].ratio == pytest.approx(1 / 4)
    recent = rehab.recent_adherence(sunday)
    assert recent.adherence.ratio == pytest.approx(4 / 8)
    assert recent.exercise_days == 4


def test_the_week_start_setting_moves_the_weekly_cap(db: Database, rehab: RehabService) -> None:
    rehab.save_prescription(_bridge(per_week=1, start=MONDAY - dt.timedelta(days=7)))
    sunday = MONDAY - dt.timedelta(days=1)
    rehab.log_exercise(ExerciseLogRecord.new(date=sunday, exercise="glute_bridge"))
    assert rehab.due_on(MONDAY)[0].is_due  # Monday weeks: Sunday was last week
    EntryService(db).set_setting("week_start", "sunday")
    assert not rehab.due_on(MONDAY)[0].is_due  # Sunday weeks: this week's one is done


def test_progression_follows_the_logged_dose(rehab: RehabService) -> None:
    for offset, load in ((0, 5.0), (7, 7.5), (14, 10.0)):
        rehab.log_exercise(
            ExerciseLogRecord.new(
                date=MONDAY + dt.timedelta(days=offset),
                exercise="step_up",
                sets=3,
                reps=10,
                load_kg=load,
            )
        )
    assert [p.load_kg for p in rehab.progression("step_up")] == [5.0, 7.5, 10.0]
    assert list(rehab.progression_by_exercise()) == ["step_up"]


def test_akps_history_change_and_the_four_weekly_reminder(rehab: RehabService) -> None:
    assert rehab.akps_reminder(MONDAY).due
    assert "starting score" in rehab.akps_reminder(MONDAY).text(MONDAY)
    first = rehab.record_akps(MONDAY, given_score=62).record
    later = MONDAY + dt.timedelta(weeks=6)
    latest = rehab.record_akps(later, BEST_ANSWERS).record
    assert latest.score == 100 and latest.answers == BEST_ANSWERS
    assert [a.id for a in rehab.akps_history()] == [first.id, latest.id]
    change = rehab.akps_change()
    assert change is not None and change.change == 38 and change.improved_by_mcid
    reminder = rehab.akps_reminder(later + dt.timedelta(weeks=3))
    assert not reminder.due and reminder.text(later) == ""
    reminder = rehab.akps_reminder(later + dt.timedelta(weeks=4))
    assert reminder.due and reminder.next_due == later + dt.timedelta(weeks=4)
    assert "4 weeks since your last" in reminder.text(later + dt.timedelta(weeks=4))


def test_an_akps_that_cannot_be_scored_is_refused(rehab: RehabService) -> None:
    with pytest.raises(ValidationError):
        rehab.record_akps(MONDAY, {"1": 0})
    with pytest.raises(ValidationError):
        rehab.record_akps(MONDAY, BEST_ANSWERS, given_score=90)
    deleted = rehab.record_akps(MONDAY, given_score=70).record
    assert rehab.delete_assessment(deleted.id).record.score == 70
    assert rehab.assessments() == []
