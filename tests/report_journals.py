"""Fixture journals for the report tests and its benchmark: a small one with known figures and a
generated year of running with symptoms, exercises and AKPS scores."""

from __future__ import annotations

import datetime as dt
import random

from kneelog.core.program import ExerciseLogRecord
from kneelog.core.session_records import CheckInRecord, SessionRecord, ShoeRecord
from kneelog.persistence.db import Database
from kneelog.services.entries import EntryService
from kneelog.services.planning import PlanningService
from kneelog.services.rehab import RehabService

SMALL_FIRST = dt.date(2026, 4, 1)
SMALL_LAST = dt.date(2026, 4, 28)


def fill_small(db: Database) -> None:
    """Four weeks, 1-28 April 2026, with figures a test can work out by hand.

    Runs every even day: 5 km in 30 min (the 20th: 9.5 km), pain during 4 in the first two weeks
    and 1 in the last two, pain after 3 then 2. Check-ins every day with morning pain 2 (swelling
    on the 10th). Two swims; AKPS 60 on 1 March and 72 on 25 April; one shoe.
    """
    journal = EntryService(db)
    journal.set_setting("runner_name", "Test Runner")
    journal.set_setting("pt_name", "Dr Pat Therapist")
    shoe = journal.save_shoe(
        ShoeRecord.new(name="Trainer X", initial_km=100.0, retire_at_km=600.0)
    ).record
    for offset in range(28):
        day = SMALL_FIRST + dt.timedelta(days=offset)
        journal.save_checkin(
            CheckInRecord.new(
                date=day,
                morning_pain=2,
                morning_stiffness=1,
                symptoms=["swelling"] if day.day == 10 else [],
                notes="Knee a little puffy." if day.day == 10 else "",
            )
        )
        if day.day % 2 == 0:
            early = day.day <= 14
            journal.save_session(
                SessionRecord.new(
                    date=day,
                    start_time="07:00",
                    activity="run",
                    distance_m=9500.0 if day.day == 20 else 5000.0,
                    duration_s=3420.0 if day.day == 20 else 1800.0,
                    rpe=4,
                    shoe_id=shoe.id,
                    pain_during=4 if early else 1,
                    pain_after=3 if early else 2,
                    pain_trend="same",
                )
            )
    for day in (dt.date(2026, 4, 9), dt.date(2026, 4, 23)):
        journal.save_session(
            SessionRecord.new(
                date=day, activity="swim", distance_m=1500.0, duration_s=2400.0, rpe=3
            )
        )
    rehab = RehabService(db)
    rehab.record_akps(dt.date(2026, 3, 1), given_score=60)
    rehab.record_akps(dt.date(2026, 4, 25), given_score=72)


def fill_year(
    db: Database, last: dt.date, *, seed: int = 3, keep_plans: bool = False, days: int = 365
) -> None:
    """A year (or `days`) of running ending on `last`: runs 4 days a week, daily check-ins, a few
    symptom days, an exercise program done about 75 % of the time and an AKPS every 6 weeks."""
    rng = random.Random(seed)
    journal = EntryService(db)
    rehab = RehabService(db)
    journal.set_setting("runner_name", "Jordan Yearlong")
    first = last - dt.timedelta(days=days - 1)
    shoe = journal.save_shoe(
        ShoeRecord.new(name="Daily trainer", initial_km=0.0, retire_at_km=800.0)
    ).record
    program = rehab.apply_preset("hip_knee_strength_later", first).record
    logs: list[ExerciseLogRecord] = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        symptoms = (
            [rng.choice(["swelling", "sharp_pain", "night_pain", "reduced_rom", "stiffness"])]
            if rng.random() < 0.04
            else []
        )
        journal.save_checkin(
            CheckInRecord.new(
                date=day,
                morning_pain=rng.choice([0, 1, 1, 2, 2, 3]),
                morning_stiffness=rng.choice([0, 1, 2]),
                symptoms=symptoms,
                notes=rng.choice(["", "", "", "", "Slept badly.", "Stairs fine today."]),
            )
        )
        if day.weekday() in (1, 3, 5, 6):
            km = rng.uniform(4, 9) * (1.5 if day.weekday() == 6 else 1.0)
            journal.save_session(
                SessionRecord.new(
                    date=day,
                    start_time="07:00",
                    activity="run",
                    distance_m=round(km * 1000, 1),
                    duration_s=round(km * 360),
                    rpe=rng.randint(3, 6),
                    shoe_id=shoe.id,
                    pain_during=rng.choice([0, 1, 1, 2, 3]),
                    pain_after=rng.choice([0, 1, 2, 2, 3]),
                    pain_trend=rng.choice(["better", "same", "same", "worse"]),
                    notes=rng.choice(["", "", "Hilly route.", "Easy and relaxed."]),
                )
            )
        for prescription in program:
            if day.weekday() in (0, 2, 4) and rng.random() < 0.75:
                logs.append(
                    ExerciseLogRecord.new(
                        date=day,
                        exercise=prescription.exercise,
                        sets=prescription.sets,
                        reps=prescription.reps,
                        hold_s=prescription.hold_s,
                        prescription_id=prescription.id,
                    )
                )
        if offset % 42 == 0:
            rehab.record_akps(day, given_score=min(100, 60 + offset // 20))
    for log in logs:
        rehab.log_exercise(log)
    if keep_plans:
        planning = PlanningService(db)
        for offset in range(days):
            day = first + dt.timedelta(days=offset)
            planning.keep_shown_plan(day, planning.plan_for(day))
