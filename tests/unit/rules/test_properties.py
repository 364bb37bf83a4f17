"""Properties: red flags never allow running; plans are deterministic and blind to later entries."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from kneelog.core.codes import RED_FLAG_SYMPTOMS, Symptom
from kneelog.core.rules import Action, RuleInputs, suggest
from kneelog.core.session_records import CheckInRecord, SessionRecord

D = dt.date(2026, 5, 4)
SYMPTOMS = [s.value for s in Symptom]
RED_FLAGS = sorted(s.value for s in RED_FLAG_SYMPTOMS)
pain = st.none() | st.integers(0, 10)


@st.composite
def sessions(draw: st.DrawFn, first: int = -40, last: int = 5) -> SessionRecord:
    return SessionRecord.new(
        date=D + dt.timedelta(days=draw(st.integers(first, last))),
        activity=draw(st.sampled_from(["run", "run", "walk_run", "cycle", "swim"])),
        distance_m=draw(st.none() | st.floats(500, 25000)),
        duration_s=draw(st.none() | st.floats(600, 9000)),
        rpe=draw(st.none() | st.integers(0, 10)),
        cadence_spm=draw(st.none() | st.integers(150, 190)),
        pain_during=draw(pain),
        pain_after=draw(pain),
        pain_trend=draw(st.none() | st.sampled_from(["better", "same", "worse"])),
        symptoms=draw(st.lists(st.sampled_from(SYMPTOMS), max_size=2, unique=True)),
    )


def checkins_strategy(first: int = -40, last: int = 5) -> st.SearchStrategy[list[CheckInRecord]]:
    one = st.builds(
        lambda offset, p, s, sy: CheckInRecord.new(
            date=D + dt.timedelta(days=offset), morning_pain=p, morning_stiffness=s, symptoms=sy
        ),
        st.integers(first, last),
        pain,
        pain,
        st.lists(st.sampled_from(SYMPTOMS), max_size=2, unique=True),
    )
    return st.lists(one, max_size=40, unique_by=lambda c: c.date)


def view(session_list: list[SessionRecord], checkin_list: list[CheckInRecord]) -> RuleInputs:
    return RuleInputs(
        sorted(session_list, key=lambda s: s.date), sorted(checkin_list, key=lambda c: c.date)
    )


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(
    st.lists(sessions(), max_size=40),
    checkins_strategy(),
    st.sampled_from(RED_FLAGS),
    st.booleans(),
)
def test_a_red_flag_in_the_last_day_never_allows_running(
    session_list: list[SessionRecord],
    checkin_list: list[CheckInRecord],
    flag: str,
    on_checkin: bool,
) -> None:
    # The relevant window: this morning's check-in, or the sessions of the day before when no
    # later check-in says the symptom is gone (spec: a symptom ends when a later entry lacks it).
    checkin_list = [c for c in checkin_list if c.date != D]  # nothing logged after the flag
    if on_checkin:
        checkin_list.append(CheckInRecord.new(date=D, morning_pain=0, symptoms=[flag]))
    else:
        session_list = [s for s in session_list if s.date != D - dt.timedelta(days=1)]
        session_list.append(
            SessionRecord.new(date=D - dt.timedelta(days=1), activity="run", symptoms=[flag])
        )
    plan = suggest(view(session_list, checkin_list), D)
    assert not plan.run_allowed
    assert plan.max_run_km is None
    assert plan.max_run_min is None


@FAST
@given(st.lists(sessions(), max_size=40), checkins_strategy())
def test_the_same_input_gives_the_same_plan(
    session_list: list[SessionRecord], checkin_list: list[CheckInRecord]
) -> None:
    first = suggest(view(session_list, checkin_list), D)
    again = suggest(view(list(session_list), list(checkin_list)), D)
    assert first == again
    assert first.to_json() == again.to_json()


@FAST
@given(
    st.lists(sessions(last=-1), max_size=40),
    checkins_strategy(last=0),
    st.lists(sessions(first=0, last=20), max_size=10),
    checkins_strategy(first=1, last=20),
)
def test_entries_after_the_day_do_not_change_its_plan(
    session_list: list[SessionRecord],
    checkin_list: list[CheckInRecord],
    later_sessions: list[SessionRecord],
    later_checkins: list[CheckInRecord],
) -> None:
    before = suggest(view(session_list, checkin_list), D)
    after = suggest(view(session_list + later_sessions, checkin_list + later_checkins), D)
    assert before.to_json() == after.to_json()


# --------------------------------------------------------------------- issue 17 properties

EPISODE_FLAGS = ["giving_way", "locking", "cannot_bear_weight"]


@FAST
@given(
    st.lists(sessions(), max_size=40),
    checkins_strategy(),
    st.sampled_from(RED_FLAGS),
    st.integers(-2, 0),
    st.booleans(),
)
def test_a_red_flag_reported_in_the_last_two_days_never_allows_running(
    session_list: list[SessionRecord],
    checkin_list: list[CheckInRecord],
    flag: str,
    offset: int,
    on_checkin: bool,
) -> None:
    # Spec "Look-back windows": the last 2 days are sessions D-2..D-1 and check-ins D-2..D,
    # whatever else was logged around them.
    when = D + dt.timedelta(days=offset)
    if on_checkin:
        checkin_list = [c for c in checkin_list if c.date != when]
        checkin_list.append(CheckInRecord.new(date=when, morning_pain=0, symptoms=[flag]))
    else:
        when = min(when, D - dt.timedelta(days=1))
        session_list.append(SessionRecord.new(date=when, activity="run", symptoms=[flag]))
    plan = suggest(view(session_list, checkin_list), D)
    assert not plan.run_allowed
    assert plan.max_run_km is None and plan.max_run_min is None


@FAST
@given(
    st.lists(sessions(), max_size=40),
    checkins_strategy(),
    st.sampled_from(EPISODE_FLAGS),
    st.integers(-60, -3),
)
def test_an_open_episode_never_allows_running(
    session_list: list[SessionRecord], checkin_list: list[CheckInRecord], flag: str, offset: int
) -> None:
    # A red flag long ago and no clinician visit since: the episode is still open.
    when = D + dt.timedelta(days=offset)
    checkin_list = [c for c in checkin_list if c.date != when]
    checkin_list.append(CheckInRecord.new(date=when, morning_pain=0, symptoms=[flag]))
    plan = suggest(view(session_list, checkin_list), D)
    assert plan.episode is not None
    assert not plan.run_allowed
    assert plan.action in (Action.URGENT_CARE, Action.SEE_SPECIALIST)


@st.composite
def pain_free_journal(draw: st.DrawFn) -> RuleInputs:
    """Runs (and cross-training) without pain or symptoms at most 4 days apart, and check-ins
    that never change: no pain anywhere, stable mornings."""
    sessions_: list[SessionRecord] = []
    offset = -draw(st.integers(30, 90))
    while offset < 0:
        if draw(st.booleans()):  # cross-training on the day too, also pain-free
            sessions_.append(
                SessionRecord.new(
                    date=D + dt.timedelta(days=offset),
                    activity=draw(st.sampled_from(["cycle", "swim", "elliptical"])),
                    duration_s=1800,
                    pain_during=0,
                    pain_after=0,
                )
            )
        sessions_.append(
            SessionRecord.new(
                date=D + dt.timedelta(days=offset),
                activity=draw(st.sampled_from(["run", "run", "walk_run"])),
                distance_m=draw(st.floats(3000, 12000)),
                duration_s=draw(st.floats(1200, 4800)),
                pain_during=0,
                pain_after=0,
                pain_trend=draw(st.none() | st.sampled_from(["same", "better"])),
            )
        )
        offset += draw(st.integers(1, 4))
    stiffness = draw(st.integers(0, 2))
    logged = draw(st.lists(st.integers(-40, 0), unique=True, max_size=40))
    checkins_ = [
        CheckInRecord.new(
            date=D + dt.timedelta(days=k), morning_pain=0, morning_stiffness=stiffness
        )
        for k in sorted(logged)
    ]
    return view(sessions_, checkins_)


@FAST
@given(pain_free_journal())
def test_no_pain_and_stable_mornings_never_give_a_plan_below_hold(journal: RuleInputs) -> None:
    plan = suggest(journal, D)
    assert plan.run_allowed
    assert plan.action.rank >= Action.HOLD.rank, plan.reasons
