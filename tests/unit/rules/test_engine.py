"""Plan semantics: precedence, restriction windows, walk-run stages, empty journal, JSON shape."""

from __future__ import annotations

import datetime as dt

import pytest

from kneelog.core.rules import Action, Plan, RuleInputs, suggest
from tests.unit.rules.journal_builder import D, checkin, day, journal, run


def rules_of(plan: Plan) -> set[str]:
    """Every rule that fired: shaping the plan (`reasons`) or overridden by it."""
    return {reason.rule for reason in plan.reasons + plan.overridden}


def shaping(plan: Plan) -> set[str]:
    return {reason.rule for reason in plan.reasons}


def window(plan: Plan, rule: str) -> tuple[dt.date, dt.date] | None:
    for restriction in plan.restrictions:
        if restriction.rule == rule:
            return restriction.start, restriction.until
    return None


# --------------------------------------------------------------------- precedence


def test_most_severe_action_wins_and_every_rule_is_listed() -> None:
    view = journal(checkins=[checkin(0, stiffness=2, symptoms=["swelling", "fever"])])
    plan = suggest(view, D)
    assert plan.action is Action.URGENT_CARE
    assert {"R1", "RF", "P12"} <= shaping(plan)
    # S1's "run at half effort" cannot apply under "seek care": it is overridden, not a reason.
    assert "S1" in {r.rule for r in plan.overridden}
    assert not plan.run_allowed
    assert plan.reasons[0].rule == "R1"
    assert "seek care today" in plan.headline.lower()


def test_locked_knee_escalates_to_urgent_care() -> None:
    plan = suggest(journal(checkins=[checkin(0, symptoms=["locking", "reduced_rom"])]), D)
    assert plan.action is Action.URGENT_CARE
    plain = suggest(journal(checkins=[checkin(0, symptoms=["locking"])]), D)
    assert plain.action is Action.SEE_SPECIALIST
    assert not plain.run_allowed


def test_painful_run_escalates_to_rest_when_the_morning_also_fails() -> None:
    reduce = suggest(journal(runs=[run(-1, pain_during=6)], checkins=[checkin(0, pain=1)]), D)
    rest = suggest(journal(runs=[run(-1, pain_during=6)], checkins=[checkin(0, pain=3)]), D)
    assert reduce.action is Action.REDUCE
    assert reduce.run_allowed
    # P3 caps at the last run that stayed at 5/10 or less, and always below the painful run
    # (spec "Reference run for caps"): 0.75 x the painful 6 km.
    assert reduce.max_run_km == 4.5
    assert rest.action is Action.REST
    assert not rest.run_allowed


def test_severe_pain_that_does_not_settle_becomes_a_referral() -> None:
    once = suggest(journal(runs=[run(-1, pain_during=8)]), D)
    twice = suggest(journal(runs=[run(-2, pain_during=8)], checkins=[checkin(0, pain=8)]), D)
    r9 = {r.rule: r for r in twice.reasons}["R9"]
    # Spec: R9 is rest, or cross-training with an activity that did not hurt (the run hurt).
    assert {r.rule: r for r in once.reasons}["R9"].action is Action.CROSS_TRAIN
    assert not once.run_allowed
    assert r9.action is Action.SEE_SPECIALIST
    assert twice.action is Action.SEE_SPECIALIST
    assert not twice.run_allowed
    assert twice.episode is not None and twice.episode.rule == "R9"


def test_sharp_pain_suggests_swimming_or_cycling() -> None:
    plan = suggest(journal(runs=[run(-1, symptoms=["sharp_pain"])]), D)
    assert plan.action is Action.CROSS_TRAIN
    assert plan.cross_training[:2] == ("swim", "cycle")
    assert plan.max_run_km is None
    assert not plan.run_allowed


# --------------------------------------------------------------------- restriction windows


@pytest.mark.parametrize(
    ("rule", "build", "first", "last"),
    [
        ("S1", lambda: journal(checkins=[checkin(0, stiffness=3)]), 0, 2),
        ("S2", lambda: journal(runs=[run(-1, activity="cycle", symptoms=["sharp_pain"])]), 0, 6),
        ("P7", lambda: journal(runs=[run(-1, pain_trend="worse")]), 0, 1),
    ],
)
def test_restriction_window_start_and_end(rule: str, build, first: int, last: int) -> None:
    view = build()
    assert rule not in rules_of(suggest(view, day(first - 1)))
    for offset in range(first, last + 1):
        plan = suggest(view, day(offset))
        assert window(plan, rule) == (day(first), day(last)), offset
    assert rule not in rules_of(suggest(view, day(last + 1)))


def test_a_later_more_severe_rule_cuts_in_and_the_milder_one_stays() -> None:
    # S1 (reduce) from D; a run on D that worsened gives P7 (rest) on D+1.
    view = journal(runs=[run(0, pain_trend="worse")], checkins=[checkin(0, stiffness=3)])
    plan = suggest(view, day(1))
    assert plan.action is Action.REST
    assert window(plan, "S1") == (D, day(2))
    assert window(plan, "P7") == (day(1), day(2))


def test_a_milder_rule_cannot_shorten_a_restriction() -> None:
    # Sharp pain on D-1 (S2: a week of cross-training); an easy, settled run on D+1 anyway.
    view = journal(
        runs=[run(-1, activity="cycle", symptoms=["sharp_pain"]), run(1, pain_during=0)],
        checkins=[checkin(k, pain=0) for k in range(0, 4)],
    )
    plan = suggest(view, day(3))
    assert "P1" in rules_of(plan)
    assert "P1" not in shaping(plan)  # "you may increase" is overridden by the cross-training
    assert plan.action is Action.CROSS_TRAIN
    assert window(plan, "S2") == (D, day(6))


# --------------------------------------------------------------------- caps and headline


def test_s1_halves_effort_not_distance() -> None:
    # Spec "Tolerances": S1 halves intensity (effort), not distance: the reference run stays.
    plan = suggest(journal(checkins=[checkin(0, stiffness=3)]), D)
    assert plan.action is Action.REDUCE
    assert (plan.max_run_km, plan.max_run_min, plan.intensity_factor) == (6.0, 40, 0.5)
    assert plan.headline.startswith("Easy run, at most 6.0 km or 40 minutes at half your usual")


def test_progress_is_capped_within_the_spike_limit() -> None:
    view = journal(runs=[run(-1, pain_during=0)], checkins=[checkin(0, pain=1)])
    plan = suggest(view, D)
    assert plan.action is Action.PROGRESS
    assert plan.max_run_km == 6.6  # 1.10 x the 6 km longest run of the last 30 days


def test_hold_is_capped_at_the_reference_run() -> None:
    # Spec: a hold cap never exceeds the reference run (the median 6 km, not the 6.5 km run).
    view = journal(runs=[run(-1, km=6.5, pain_during=4)], checkins=[checkin(0, pain=1)])
    plan = suggest(view, D)
    assert plan.action is Action.HOLD
    assert plan.max_run_km == 6.0


# --------------------------------------------------------------------- walk-run return


def walk_runs(*entries: tuple[int, int]) -> RuleInputs:
    """Runs until D-46, nothing D-45..D-13 (32 days: spec walk-run entry after 28 days or more),
    then walk-run sessions (offset, pain)."""
    runs = [run(-k) for k in range(70, 45, -2)]
    runs += [
        run(offset, km=3.0, minutes=30, activity="walk_run", pain_during=pain, pain_after=pain)
        for offset, pain in entries
    ]
    return journal(runs=runs, base=False)


def walk_state(plan: Plan) -> str:
    reason = next(r for r in plan.reasons if r.rule == "L5")
    return reason.evidence[-1]


def test_walk_run_entry_after_four_weeks_without_running() -> None:
    plan = suggest(walk_runs(), D)
    assert "L5" in rules_of(plan)
    assert plan.max_run_min == 30
    assert plan.max_run_km is None
    assert walk_state(plan).startswith("phase 1 of 5")
    assert plan.headline.startswith("Walk-run phase 1: 6 rounds of walk 4 min / run 1 min")
    # 27 days without running: a shorter break, so hold at the usual run instead.
    shorter = suggest(walk_runs(), day(-19))
    assert shorter.action is Action.HOLD
    assert "walk-run" not in shorter.headline.lower()
    assert shorter.max_run_km == 6.0


def test_walk_run_advances_after_the_required_sessions() -> None:
    plan = suggest(walk_runs((-12, 0), (-10, 1)), D)
    assert walk_state(plan).startswith("phase 2 of 5")
    assert "walk 3 min / run 2 min" in plan.headline


def test_walk_run_holds_on_some_pain() -> None:
    plan = suggest(walk_runs((-12, 0), (-10, 3)), D)
    assert walk_state(plan).startswith("phase 1 of 5")
    assert "1 of 2 sessions" in walk_state(plan)


def test_walk_run_regresses_on_pain_above_5() -> None:
    plan = suggest(walk_runs((-12, 0), (-10, 0), (-8, 0), (-6, 6)), D)
    evidence = [
        line for r in plan.reasons + plan.overridden if r.rule == "L5" for line in r.evidence
    ]
    assert any("back to phase 1" in line for line in evidence)


def test_walk_run_needs_a_rest_day_between_sessions() -> None:
    plan = suggest(walk_runs((-1, 0)), D)
    assert plan.action is Action.REST
    assert "rest day" in walk_state(plan)


def test_walk_run_entry_after_a_week_kept_from_running_by_a_limp() -> None:
    view = journal(
        checkins=[checkin(-k, symptoms=["limp"]) for k in range(3, 10)]
        + [checkin(-2), checkin(-1), checkin(0)]
    )
    plan = suggest(view, D)
    assert plan.run_allowed
    assert "L5" in rules_of(plan)
    assert any("walk-run return started" in line for r in plan.reasons for line in r.evidence)


def test_one_no_running_day_does_not_start_the_walk_run() -> None:
    view = journal(checkins=[checkin(-3, symptoms=["limp"]), checkin(-2), checkin(-1), checkin(0)])
    plan = suggest(view, D)
    assert plan.run_allowed
    assert "L5" not in rules_of(plan)


def test_walk_run_completes_and_ends() -> None:
    sessions = [(-12 + 2 * k, 0) for k in range(11)]  # 2+2+2+2+3 pain-free sessions, D-12..D+8
    assert "L5" not in rules_of(suggest(walk_runs(*sessions), day(10)))
    last_phase = suggest(walk_runs(*sessions[:10]), day(8))
    assert walk_state(last_phase).startswith("phase 5 of 5 (run 30 minutes easy): 2 of 3")


# --------------------------------------------------------------------- data visibility


def test_empty_journal() -> None:
    plan = suggest(RuleInputs(), D)
    assert plan.action in (Action.CONTINUE, Action.HOLD)
    assert plan.run_allowed
    assert plan.reasons == ()
    assert "log a few runs" in plan.headline.lower()


def test_entries_after_the_plan_day_are_ignored() -> None:
    base = journal(checkins=[checkin(0, stiffness=2)])
    later = journal(
        runs=[run(0, symptoms=["sharp_pain"]), run(3, pain_during=9)],
        checkins=[checkin(0, stiffness=2), checkin(1, symptoms=["swelling", "fever"])],
    )
    assert suggest(base, D).to_json() == suggest(later, D).to_json()


def test_morning_check_in_of_the_day_counts_but_that_days_session_does_not() -> None:
    assert "P12" in rules_of(
        suggest(journal(checkins=[checkin(0, symptoms=["swelling"])], base=False), D)
    )
    assert "P12" not in rules_of(
        suggest(journal(runs=[run(0, symptoms=["swelling"])], base=False), D)
    )


# --------------------------------------------------------------------- JSON shape


def test_json_has_exactly_the_spec_keys_and_types() -> None:
    from kneelog.core.rules import ExerciseDue, ExerciseStatus

    status = ExerciseStatus(1.0, 3.0, (ExerciseDue("step_up", "2 x 10 per leg"),))
    data = suggest(journal(checkins=[checkin(0, stiffness=3)], exercise=status), D).to_json()
    assert list(data) == [
        "for_date",
        "action",
        "run_allowed",
        "max_run_km",
        "max_run_min",
        "intensity_factor",
        "cross_training",
        "headline",
        "reasons",
        "restrictions",
        "exercises",
        "summary",
        "overridden",
        "notices",
        "episode",
    ]
    assert isinstance(data["summary"], str) and data["summary"]
    assert data["overridden"] == [] or all(
        list(r) == list(data["reasons"][0]) for r in data["overridden"]
    )
    assert all(isinstance(line, str) for line in data["notices"])
    assert data["episode"] is None
    assert data["for_date"] == "2026-05-04"
    assert isinstance(data["action"], str)
    assert type(data["action"]) is str
    assert data["run_allowed"] is True
    assert isinstance(data["max_run_km"], float)
    assert isinstance(data["max_run_min"], int)
    assert isinstance(data["intensity_factor"], float)
    assert data["cross_training"] == []
    assert isinstance(data["headline"], str)
    for reason in data["reasons"]:
        assert list(reason) == ["rule", "title", "action", "evidence", "source"]
        assert all(isinstance(line, str) for line in reason["evidence"])
    s1 = next(r for r in data["reasons"] if r["rule"] == "S1")
    assert s1["evidence"] == ["2026-05-04 check-in: morning stiffness 3/10 (usual 0/10)"]
    for restriction in data["restrictions"]:
        assert list(restriction) == ["rule", "action", "from", "until"]
    assert {"rule": "S1", "action": "reduce", "from": "2026-05-04", "until": "2026-05-06"} in data[
        "restrictions"
    ]
    assert data["exercises"] == [{"exercise": "step_up", "dose": "2 x 10 per leg"}]
    import json

    assert json.loads(json.dumps(data)) == data


def test_a_spike_does_not_raise_its_own_ceiling() -> None:
    # 6 km two weeks ago, then an 8 km spike yesterday: hold within 1.10 x the 6 km, not the 8.
    view = journal(runs=[run(-14, km=6.0, pain_during=1), run(-1, km=8.0, pain_during=1)])
    plan = suggest(view, D)
    assert "L1" in rules_of(plan)
    # Within 1.10 x 6 km, and a hold never above the reference run (median 6 km).
    assert plan.max_run_km == 6.0
