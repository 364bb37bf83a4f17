"""A realistic, generated 16-week recovery story for `--demo`: runs, cross-training, a flare-up."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from kneelog.core import CheckInRecord, ExerciseLogRecord, SessionRecord, ShoeRecord
from kneelog.persistence import Database
from kneelog.services.entries import EntryService
from kneelog.services.rehab import RehabService

if TYPE_CHECKING:
    from kneelog.core import PrescriptionRecord

WEEKS = 16
# What a recreational runner covers in 40 minutes of each (metres): about 24 km/h on the bike,
# 2:00 /100 m in the pool, 9 km/h on the elliptical. Inside `kneelog.core.plausibility`'s ranges.
_CROSS_TRAINING_40_MIN_M = {
    "cycle": (13000.0, 19000.0),
    "swim": (1600.0, 2200.0),
    "elliptical": (5000.0, 7000.0),
}


def _pace_s_per_km(rng: random.Random, easy: bool) -> float:
    return (395 if easy else 360) + rng.uniform(-15, 20)


def populate_demo(db: Database, today: dt.date, seed: int = 7) -> None:
    """Fill an empty journal with sixteen weeks that end yesterday.

    The story: an easy walk-run return, steady progress, a long-run spike in week 7 that flares
    the knee (sharp pain, swelling, stiff mornings), a week of cycling and swimming, then a careful
    rebuild with new shoes. Morning check-ins on most days, rest days included; the last run's
    pain an hour after is not logged yet. Every speed is plausible for its activity. The home
    exercises: the early hip-and-knee preset from week 1, the later one from week 5, done on
    roughly 70-85% of the prescribed days with a dip around the flare-up, and the AKPS filled in
    at weeks 0, 6 and 12.
    """
    rng = random.Random(seed)
    journal = EntryService(db)
    journal.set_setting("runner_name", "Alex Demo")
    journal.set_setting("pt_name", "Sam Rivera, PT")
    _save_profile(db, today)
    start = today - dt.timedelta(weeks=WEEKS)
    old = journal.save_shoe(
        ShoeRecord.new(
            name="Ghost 14",
            started=start - dt.timedelta(days=300),
            initial_km=610.0,
            retire_at_km=700.0,
            retired=start + dt.timedelta(days=55),
        )
    ).record
    new = journal.save_shoe(
        ShoeRecord.new(name="Pegasus 40", started=start + dt.timedelta(days=56), retire_at_km=750.0)
    ).record
    flare = start + dt.timedelta(days=46)
    _populate_exercises(db, start, today, flare, random.Random(seed + 1))
    for offset in range(WEEKS * 7):
        day = start + dt.timedelta(days=offset)
        if day >= today:
            break
        week = offset // 7
        weekday = day.weekday()
        shoe = old if day < new.started else new  # type: ignore[operator]
        days_from_flare = (day - flare).days
        # --- morning check-in (skipped now and then, as real people do)
        if rng.random() < 0.88 or 0 <= days_from_flare <= 6:
            base = 3 if week < 3 else 2 if week < 6 else 1 if week < 12 else 0
            pain = max(0, base + rng.choice([-1, 0, 0, 0, 1]))
            # Stiffness fades as the knee settles: by the last weeks most mornings are free.
            stiff = max(0, pain + rng.choice([-1, 0, 1]) - (1 if week >= 10 else 0))
            symptoms: list[str] = []
            notes = ""
            if 1 <= days_from_flare <= 3:
                pain, stiff = 5 - days_from_flare // 2, 6 - days_from_flare
                symptoms = ["stiffness", "swelling"] if days_from_flare <= 2 else ["stiffness"]
                notes = "Knee puffy under the kneecap, stairs hurt." if days_from_flare == 1 else ""
            elif 4 <= days_from_flare <= 9:
                pain, stiff = 3, 3
                symptoms = ["stiffness"]
            elif stiff >= 3:
                symptoms = ["stiffness"]
            journal.save_checkin(
                CheckInRecord.new(
                    date=day,
                    morning_pain=min(pain, 10),
                    morning_stiffness=min(stiff, 10),
                    symptoms=symptoms,
                    notes=notes,
                )
            )
        # --- training
        if 1 <= days_from_flare <= 7:
            if weekday in (1, 3, 5):
                journal.save_session(
                    SessionRecord.new(
                        date=day,
                        start_time="18:00",
                        activity="cycle" if weekday != 3 else "swim",
                        distance_m=(18000 if weekday != 3 else 1500) + rng.uniform(-500, 500),
                        duration_s=45 * 60 + rng.uniform(-300, 300),
                        rpe=3,
                        pain_during=1,
                        pain_after=1,
                        pain_trend="same",
                        notes="Cross-training while the knee settles.",
                    )
                )
            continue
        if day == flare:
            journal.save_session(
                SessionRecord.new(
                    date=day,
                    start_time="08:30",
                    activity="run",
                    distance_m=11200,
                    duration_s=11.2 * 390,
                    rpe=7,
                    cadence_spm=164,
                    surface="road",
                    shoe_id=shoe.id,
                    pain_during=6,
                    pain_after=6,
                    pain_trend="worse",
                    symptoms=["sharp_pain"],
                    notes=(
                        "Felt great, so went long. Sharp pain on the downhill at 8 km; walked home."
                    ),
                )
            )
            continue
        if weekday in (1, 3, 6):
            walk_run = week < 3 or 8 <= week < 9
            if walk_run:
                minutes = 20 + 5 * (week % 3)
                distance = minutes * 60 / 480 * 1000
                activity = "walk_run"
            else:
                rebuild = 1.0 if week < 7 else 0.75 + 0.06 * (week - 9)
                long_run = weekday == 6
                distance = (3500 + 450 * min(week, 6)) * (1.45 if long_run else 1.0) * rebuild
                distance += rng.uniform(-300, 300)
                activity = "run"
            pace = _pace_s_per_km(rng, easy=True) + (90 if activity == "walk_run" else 0)
            during = max(0, (3 if week < 4 else 2 if week < 12 else 1) + rng.choice([-1, 0, 0, 1]))
            after: int | None = max(0, during + rng.choice([-1, 0, 0, 1]))
            if (today - day).days <= 2:
                # Logged straight after the run, as runners do: the hour-after score is still
                # to come, and KneeLog asks for it.
                after = None
            journal.save_session(
                SessionRecord.new(
                    date=day,
                    start_time="07:15",
                    activity=activity,
                    distance_m=round(distance, 1),
                    duration_s=round(distance / 1000 * pace),
                    rpe=rng.choice([3, 4, 4, 5]),
                    cadence_spm=int(160 + min(week, 12) * 0.8 + rng.uniform(-2, 2)),
                    surface=rng.choice(["road", "road", "trail", "track"]),
                    shoe_id=shoe.id,
                    pain_during=during,
                    pain_after=after,
                    pain_trend=rng.choice(["better", "same", "same"]),
                    symptoms=["clicking"] if rng.random() < 0.05 else [],
                    notes=rng.choice(
                        ["", "", "", "Easy and relaxed.", "Hilly route, felt it on the descents."]
                    ),
                )
            )
        elif weekday == 4 and week >= 2:
            activity = rng.choice(["cycle", "swim", "elliptical"])
            low, high = _CROSS_TRAINING_40_MIN_M[activity]
            journal.save_session(
                SessionRecord.new(
                    date=day,
                    start_time="12:30",
                    activity=activity,
                    distance_m=None if rng.random() < 0.3 else round(rng.uniform(low, high), -1),
                    duration_s=40 * 60,
                    rpe=3,
                    pain_during=0,
                    pain_after=1,
                )
            )


# Weekdays (Monday 0) on which a prescription of N days a week is usually done.
_USUAL_DAYS = {1: (2,), 2: (1, 4), 3: (0, 2, 4), 4: (0, 1, 3, 5), 5: (0, 1, 2, 3, 4)}
# Loads the demo runner adds as the later program progresses: (start kg, kg added per week).
_LOADED = {"single_leg_deadlift": (4.0, 0.5), "calf_raise": (0.0, 1.0), "lunge_forward": (0.0, 1.0)}
# AKPS answers (option indexes, item "1".."13") scoring 62, 74 and 84 at weeks 0, 6 and 12.
_AKPS_STORY = (
    (0, (0, 1, 1, 2, 2, 3, 2, 2, 2, 1, 0, 1, 0)),
    (6, (0, 0, 0, 1, 1, 3, 2, 1, 1, 1, 0, 1, 0)),
    (12, (0, 0, 0, 1, 1, 2, 1, 1, 1, 1, 0, 0, 0)),
)


def _save_profile(db: Database, today: dt.date) -> None:
    """What the PT asked at the first visit (the profile changes no plan)."""
    from kneelog.core import Aggravator, Condition, Knee, PainLocation, ProfileRecord
    from kneelog.services.visits import VisitService

    VisitService(db).save_profile(
        ProfileRecord(
            knee=Knee.RIGHT,
            condition=Condition.PATELLOFEMORAL,
            pain_location=(PainLocation.AROUND_KNEECAP, PainLocation.FRONT),
            aggravated_by=(Aggravator.STAIRS, Aggravator.DOWNHILL, Aggravator.SITTING_LONG),
            since=today - dt.timedelta(weeks=WEEKS + 3),
            goal="Run a 10 km race pain-free",
            goal_date=today + dt.timedelta(weeks=10),
            clinician="Sam Rivera, PT",
        )
    )


def _is_usual_day(prescription: PrescriptionRecord, day: dt.date) -> bool:
    if prescription.per_week >= 6:
        return True
    return day.weekday() in _USUAL_DAYS[prescription.per_week]


def _demo_log(
    prescription: PrescriptionRecord, day: dt.date, pain: int, weeks_in: int
) -> ExerciseLogRecord:
    reps = prescription.reps
    if reps is not None and weeks_in >= 2:
        reps += 2  # comfortable now: a couple more each time
    load = None
    if prescription.exercise in _LOADED:
        first_kg, per_week_kg = _LOADED[prescription.exercise]
        load = first_kg + per_week_kg * weeks_in or None
    return ExerciseLogRecord.new(
        date=day,
        exercise=prescription.exercise,
        sets=prescription.sets,
        reps=reps,
        hold_s=prescription.hold_s,
        load_kg=load,
        pain=pain,
        prescription_id=prescription.id,
    )


def _populate_exercises(
    db: Database, start: dt.date, today: dt.date, flare: dt.date, rng: random.Random
) -> None:
    rehab = RehabService(db)
    # The PT visits are on Mondays: week 1 and week 5 of the story.
    early_start = start + dt.timedelta(days=7 + (7 - start.weekday()) % 7)
    later_start = early_start + dt.timedelta(weeks=4)
    early = rehab.apply_preset("hip_knee_strength_early", early_start).record
    for prescription in early:
        rehab.end_prescription(prescription.id, later_start - dt.timedelta(days=1))
    later = rehab.apply_preset("hip_knee_strength_later", later_start).record
    program = [rehab.get_prescription(p.id) for p in early] + later
    logs: list[ExerciseLogRecord] = []
    day = early_start
    while day < today:
        days_from_flare = (day - flare).days
        flaring = 0 <= days_from_flare <= 10
        chance = 0.45 if flaring else 0.7 if day.weekday() >= 5 else 0.8
        for prescription in program:
            active = prescription.start <= day and (
                prescription.end is None or day <= prescription.end
            )
            if not active or not _is_usual_day(prescription, day) or rng.random() > chance:
                continue
            pain = 3 if flaring else 2 if day < later_start else rng.choice([0, 0, 1, 1, 2])
            weeks_in = (day - prescription.start).days // 7
            logs.append(_demo_log(prescription, day, pain, weeks_in))
        day += dt.timedelta(days=1)
    for log in logs:
        rehab.log_exercise(log)
    for week, options in _AKPS_STORY:
        answers = {str(item): option for item, option in enumerate(options, start=1)}
        rehab.record_akps(start + dt.timedelta(weeks=week), answers)
