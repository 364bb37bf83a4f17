"""Hypothesis strategies for journal records, shared by the services' property tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from kneelog.core.codes import Activity, PainTrend, Surface, Symptom
from kneelog.core.session_records import SessionRecord

dates = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
scores = st.none() | st.integers(0, 10)
"""A 0-10 score (pain, RPE) or none."""
symptom_lists = st.lists(st.sampled_from([s.value for s in Symptom]), unique=True, max_size=4)
training_sessions = st.builds(
    SessionRecord.new,
    date=dates,
    activity=st.sampled_from([a.value for a in Activity]),
    start_time=st.none() | st.sampled_from(["06:05", "18:30", "2026-05-01T07:15:00+02:00"]),
    distance_m=st.none() | st.floats(0, 100_000).map(lambda m: round(m, 3)),
    duration_s=st.none() | st.floats(1, 20_000).map(lambda s: round(s, 3)),
    rpe=scores,
    cadence_spm=st.none() | st.integers(100, 250),
    surface=st.none() | st.sampled_from([s.value for s in Surface]),
    pain_during=scores,
    pain_after=scores,
    pain_trend=st.none() | st.sampled_from([t.value for t in PainTrend]),
    symptoms=symptom_lists,
    source=st.none() | st.sampled_from(["gpx", "fit"]),
    notes=st.text(max_size=40).map(str.strip),
)
"""Any valid training session (no shoe)."""
