"""Generate a heavy user's journal (default twenty years) for benchmarks. Not a test.

Usage: python bench/make_dataset.py OUT.sqlite3 [--years 20] [--seed 1] [--end 2026-06-30]

Seeded and deterministic (ids included): about 6,000 runs, 2,000 cross-training sessions,
7,300 check-ins, 25,000 exercise logs, 40 shoes and 250 AKPS assessments for twenty years, with
a knee flare-up every eight months or so (a long-run spike with sharp pain, swollen and stiff
mornings, a fortnight of cycling and swimming, then a walk-run rebuild). Records are KneeLog's own
entities written through its database layer, one transaction per chunk of a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kneelog.core.program import AKPS_INSTRUMENT
from kneelog.persistence.db import Database
from kneelog.persistence.repositories import (
    ASSESSMENTS,
    CHECKINS,
    EXERCISE_LOGS,
    PRESCRIPTIONS,
    SESSIONS,
    SHOES,
)
from kneelog.persistence.tables import (
    Assessment,
    CheckIn,
    ExerciseLog,
    Prescription,
    Shoe,
    TrainingSession,
)
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal

CHUNK = 5000
TABLES = {
    repository.table: repository
    for repository in (SESSIONS, CHECKINS, SHOES, PRESCRIPTIONS, EXERCISE_LOGS, ASSESSMENTS)
}
EXERCISES = (
    "step_up",
    "step_down",
    "wall_sit",
    "straight_leg_raise",
    "squat",
    "lunge_forward",
    "lunge_lateral",
    "clamshell",
    "quad_set_isometric",
    "calf_stretch_wall",
)
CROSS = ("cycle", "swim", "elliptical", "pool_run")
FLARE_EVERY_DAYS = (200, 290)


class Ids:
    """Deterministic record ids from the seeded generator (uuid4 would differ run to run)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"


def _write(db: Database, records: Sequence[Any]) -> None:
    """Records of one table, through its repository (which takes any object with its fields)."""
    if not records:
        return
    repository = TABLES[type(records[0]).__tablename__]
    for start in range(0, len(records), CHUNK):
        with db.writing() as connection:
            repository.put_all(connection, records[start : start + CHUNK])


def generate(db: Database, years: int, seed: int, end: dt.date) -> dict[str, int]:
    rng = random.Random(seed)
    new_id = Ids(random.Random(seed + 1000))
    start = end - dt.timedelta(days=round(365 * years))
    days = (end - start).days

    # Flare-ups: day offsets, each with its story (spike day, then ~3 weeks of recovery).
    flares: list[int] = []
    offset = rng.randint(*FLARE_EVERY_DAYS)
    while offset < days - 30:
        flares.append(offset)
        offset += rng.randint(*FLARE_EVERY_DAYS)

    def since_flare(k: int) -> int | None:
        recent = [k - f for f in flares if 0 <= k - f <= 28]
        return recent[0] if recent else None

    shoes: list[Shoe] = []
    shoe_days = max(1, days // 40)
    for n in range(40):
        first = start + dt.timedelta(days=n * shoe_days)
        shoes.append(
            Shoe(
                id=new_id(),
                name=f"Trainer {n + 1}",
                started=first,
                retired=first + dt.timedelta(days=shoe_days) if n < 39 else None,
                retire_at_km=rng.choice([600.0, 700.0, 800.0]),
            )
        )

    sessions: list[TrainingSession] = []
    checkins: list[CheckIn] = []
    fitness = 1.0  # slowly varying weekly volume factor
    for k in range(days):
        day = start + dt.timedelta(days=k)
        if day.weekday() == 0:
            fitness = min(1.6, max(0.6, fitness + rng.uniform(-0.06, 0.065)))
        flare_age = since_flare(k)
        shoe = shoes[min(39, k // shoe_days)]
        # --- morning check-in, every day
        base = rng.choice([0, 0, 1, 1, 1, 2])
        symptoms: list[str] = []
        if flare_age is not None and flare_age >= 1:
            base = max(base, 6 - flare_age // 3)
            if flare_age <= 3:
                symptoms = ["swelling", "stiffness"]
            elif flare_age <= 8:
                symptoms = ["stiffness"]
        elif rng.random() < 0.01:
            symptoms = [rng.choice(["clicking", "stiffness", "giving_way"])]
        checkins.append(
            CheckIn(
                id=new_id(),
                date=day,
                morning_pain=min(10, base),
                morning_stiffness=min(10, base + rng.choice([-1, 0, 1]) if base else 0),
                symptoms=symptoms,
            )
        )
        # --- training
        if flare_age == 0:
            km = 12 + 10 * fitness
            sessions.append(_run(new_id, day, km, shoe, rng, during=7, after=7, sharp=True))
            continue
        if flare_age is not None and flare_age <= 14:
            if day.weekday() in (1, 3, 5):
                sessions.append(_cross(new_id, day, rng, pain=1))
            continue
        rebuild = 1.0 if flare_age is None else 0.5 + flare_age / 56
        if rng.random() < 0.88:
            long_run = day.weekday() == 6
            km = (6.0 + rng.uniform(-1.5, 3.0)) * fitness * rebuild * (1.8 if long_run else 1.0)
            pain = max(0, rng.choice([0, 0, 1, 1, 2, 3]) - (0 if flare_age is None else -1))
            sessions.append(_run(new_id, day, km, shoe, rng, during=pain, after=pain))
        if rng.random() < 0.28:
            sessions.append(_cross(new_id, day, rng, pain=0))

    prescriptions: list[Prescription] = []
    logs: list[ExerciseLog] = []
    block = 182
    for b, block_start in enumerate(range(0, days, block)):
        first = start + dt.timedelta(days=block_start)
        last = min(end - dt.timedelta(days=1), first + dt.timedelta(days=block - 1))
        chosen = random.Random(seed * 31 + b).sample(EXERCISES, 5)
        block_program = [
            Prescription(
                id=new_id(),
                exercise=exercise,
                sets=3,
                reps=rng.choice([10, 12, 15]),
                per_week=5,
                start=first,
                end=last,
            )
            for exercise in chosen
        ]
        prescriptions += block_program
        for k in range((last - first).days + 1):
            day = first + dt.timedelta(days=k)
            if day.weekday() == 6:
                continue
            flare_age = since_flare((day - start).days)
            rate = 0.97 if flare_age is None else 0.6
            if day.weekday() == 5:
                rate *= 0.12  # a Saturday session now and then
            for p in block_program:
                if rng.random() < rate:
                    logs.append(
                        ExerciseLog(
                            id=new_id(),
                            date=day,
                            exercise=p.exercise,
                            sets=3,
                            reps=p.reps,
                            pain=rng.choice([0, 0, 0, 1, 2]),
                            prescription_id=p.id,
                        )
                    )

    assessments: list[Assessment] = []
    score = 60
    for k in range(0, days, 29):
        day = start + dt.timedelta(days=k)
        flare_age = since_flare(k)
        if flare_age is not None:
            score = max(40, score - rng.randint(5, 15))
        else:
            score = min(100, score + rng.randint(-2, 5))
        assessments.append(
            Assessment(id=new_id(), date=day, instrument=AKPS_INSTRUMENT, score=score)
        )

    EntryService(db).set_setting("runner_name", "Bench Runner")
    for records in (shoes, sessions, checkins, prescriptions, logs, assessments):
        _write(db, records)
    running = sum(1 for s in sessions if s.activity == "run")
    return {
        "runs": running,
        "cross_training": len(sessions) - running,
        "checkins": len(checkins),
        "exercise_logs": len(logs),
        "prescriptions": len(prescriptions),
        "shoes": len(shoes),
        "assessments": len(assessments),
        "flare_ups": len(flares),
    }


def _run(
    new_id: Ids,
    day: dt.date,
    km: float,
    shoe: Shoe,
    rng: random.Random,
    during: int,
    after: int,
    sharp: bool = False,
) -> TrainingSession:
    pace = rng.uniform(300, 380)
    return TrainingSession(
        id=new_id(),
        date=day,
        start_time="07:00",
        activity="run",
        distance_m=round(km * 1000, 1),
        duration_s=round(km * pace),
        rpe=7 if sharp else rng.choice([3, 4, 4, 5, 6]),
        cadence_spm=rng.randint(160, 178),
        surface=rng.choice(["road", "road", "trail", "track"]),
        shoe_id=shoe.id,
        pain_during=during,
        pain_after=after,
        pain_trend="worse" if sharp else rng.choice(["better", "same", "same"]),
        symptoms=["sharp_pain"] if sharp else [],
    )


def _cross(new_id: Ids, day: dt.date, rng: random.Random, pain: int) -> TrainingSession:
    activity = rng.choice(CROSS)
    distance = {"cycle": 25000.0, "swim": 1800.0, "elliptical": 8000.0, "pool_run": 4000.0}
    return TrainingSession(
        id=new_id(),
        date=day,
        start_time="18:00",
        activity=activity,
        distance_m=round(distance[activity] * rng.uniform(0.7, 1.3), 1),
        duration_s=rng.randint(30, 70) * 60,
        rpe=rng.choice([3, 4, 5]),
        pain_during=pain,
        pain_after=pain,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--years", type=float, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2026, 6, 30))
    args = parser.parse_args()
    if args.output.exists():
        parser.error(f"{args.output} exists; remove it first")
    began = time.perf_counter()
    db = open_journal(args.output)
    try:
        counts = generate(db, args.years, args.seed, args.end)
    finally:
        db.close()
    summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
    print(f"{args.output}: {summary} in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
