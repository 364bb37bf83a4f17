"""Time `suggest` on a 20-year journal (about 6,000 runs and 7,300 check-ins). Not a test."""

from __future__ import annotations

import datetime as dt
import random
import time

from kneelog.core.entities import CheckIn, TrainingSession
from kneelog.core.rules import JournalView, suggest


def journal(seed: int = 1, symptom_rate: float = 0.03) -> JournalView:
    rng = random.Random(seed)
    start = dt.date(2006, 1, 1)
    sessions, checkins = [], []
    for k in range(7300):
        day = start + dt.timedelta(days=k)
        symptoms = (
            [rng.choice(["stiffness", "clicking", "swelling", "sharp_pain"])]
            if rng.random() < symptom_rate
            else []
        )
        checkins.append(
            CheckIn(
                date=day,
                morning_pain=rng.randint(0, 3),
                morning_stiffness=rng.randint(0, 3),
                symptoms=symptoms,
            )
        )
        if rng.random() < 0.82:
            sessions.append(
                TrainingSession(
                    date=day,
                    activity="run",
                    distance_m=rng.uniform(3000, 15000),
                    duration_s=rng.uniform(1200, 5000),
                    rpe=rng.randint(2, 7),
                    cadence_spm=rng.randint(160, 180),
                    pain_during=rng.randint(0, 6),
                    pain_after=rng.randint(0, 4),
                    pain_trend=rng.choice(["better", "same", "same", "worse"]),
                    symptoms=[],
                )
            )
    return JournalView(sessions, checkins)


def main() -> None:
    for rate in (0.0, 0.03, 0.5):
        run_for(journal(symptom_rate=rate), rate)


def run_for(view: JournalView, rate: float) -> None:
    print(f"symptom rate {rate}:", end=" ")
    print(len(view.sessions), "sessions", len(view.checkins), "check-ins", end=" ")
    days = [dt.date(2025, 12, 1) + dt.timedelta(days=k) for k in range(60)]
    suggest(view, days[0])  # warm the indexes
    times = []
    for day in days:
        t0 = time.perf_counter()
        suggest(view, day)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(f"median {times[len(times) // 2]:.1f} ms, max {times[-1]:.1f} ms")


if __name__ == "__main__":
    main()
