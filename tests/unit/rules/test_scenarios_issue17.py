"""Issue 17, one test per reported problem: what a sports PT would tell a runner with that journal.

Written from the clinical reference and spec/suggestion.md, not from the code. The plan under test
is the Tomorrow panel's: the plan for D, seen on D-1 ("today") after today's morning check-in and
today's sessions. The base journal (journal_builder) is a settled runner: 6 km every other day
D-28..D-2 at 1/10, and morning pain 1/10, stiffness 0/10 on D-20..D-1.
"""

from __future__ import annotations

import datetime as dt

from kneelog import DISCLAIMER
from kneelog.core.rules import Action, Plan, suggest
from kneelog.core.units import DistanceUnit
from kneelog.core.visits import ReturnPlan
from kneelog.services.plan_text import caps_line, restriction_span
from tests.unit.rules.journal_builder import (
    D,
    base_checkins,
    base_runs,
    checkin,
    day,
    exercise_log,
    journal,
    run,
    visit,
)

RUNNING = {Action.REDUCE, Action.HOLD, Action.CONTINUE, Action.PROGRESS}


def shaping(plan: Plan) -> set[str]:
    return {reason.rule for reason in plan.reasons}


def assert_no_running(plan: Plan) -> None:
    assert not plan.run_allowed
    assert plan.action not in RUNNING
    assert plan.max_run_km is None and plan.max_run_min is None
    assert "walk-run" not in plan.headline.lower()


# --------------------------------------------------------------------- Unsafe


def test_unsafe_cannot_bear_weight_this_morning_sends_to_care_tomorrow() -> None:
    plan = suggest(journal(checkins=[checkin(-1, symptoms=["cannot_bear_weight"])]), D)
    assert_no_running(plan)
    assert plan.action is Action.URGENT_CARE
    assert plan.episode is not None and plan.episode.urgent


def test_unsafe_hot_red_knee_with_fever_this_morning_sends_to_care_tomorrow() -> None:
    plan = suggest(journal(checkins=[checkin(-1, symptoms=["warm_red", "fever"])]), D)
    assert_no_running(plan)
    assert plan.action is Action.URGENT_CARE


def test_unsafe_morning_pain_8_this_morning_means_no_running_tomorrow() -> None:
    plan = suggest(journal(checkins=[checkin(-1, pain=8)]), D)
    assert_no_running(plan)
    assert "R9" in shaping(plan)


def test_unsafe_locking_four_days_ago_with_nothing_since_still_needs_a_clinician() -> None:
    # Locked on D-4, nothing logged since: the episode does not expire by time.
    checkins = [c for c in base_checkins() if c.date < day(-4)]
    for symptom in ("locking", "giving_way"):
        view = journal(
            runs=[],
            checkins=[*checkins, checkin(-4, symptoms=[symptom])],
            base=False,
        )
        view = view.updated(sessions=[r for r in base_runs() if r.date < day(-4)])
        plan = suggest(view, D)
        assert_no_running(plan)
        assert plan.action is Action.SEE_SPECIALIST, symptom
        assert plan.episode is not None and plan.episode.since == day(-4)
        assert "clears you to run" in plan.episode.closes_with
        # A week later, still nothing logged: still a referral, never a walk-run.
        later = suggest(view, day(7))
        assert_no_running(later)
        assert later.episode is not None and later.episode.since == day(-4)


def test_unsafe_a_no_running_day_does_not_start_the_walk_run_the_next_day() -> None:
    # A limp on D-2 (no running on D-2), walking normally on D-1: running resumes without the
    # walk-run (the walk-run needs 28 days off or a week kept from running).
    plan = suggest(journal(checkins=[checkin(-2, symptoms=["limp"]), checkin(-1)]), D)
    assert plan.run_allowed
    assert "walk-run" not in plan.headline.lower()
    assert "L5" not in shaping(plan)
    # A red-flag day is no start either: the knee gave way yesterday, so no running at all.
    flagged = suggest(journal(checkins=[checkin(-1, symptoms=["giving_way"])]), D)
    assert_no_running(flagged)
    assert flagged.episode is not None


def test_unsafe_pain_while_cycling_reaches_the_pain_rules() -> None:
    # A settled run on D-3, its next morning fine, then cycling on D-1 at 6/10.
    view = journal(
        runs=[run(-3, pain_during=0, pain_after=0), run(-1, activity="cycle", pain_during=6)]
    )
    plan = suggest(view, D)
    assert plan.action is not Action.PROGRESS
    assert "P1" not in shaping(plan)
    assert "P3" in shaping(plan)


def test_unsafe_pain_on_the_elliptical_reaches_the_pain_rules() -> None:
    view = journal(
        runs=[run(-3, pain_during=0, pain_after=0), run(-1, activity="elliptical", pain_during=4)]
    )
    plan = suggest(view, D)
    assert plan.action is not Action.PROGRESS
    assert "P2" in shaping(plan)


def test_unsafe_pain_in_the_home_exercises_reaches_the_pain_rules() -> None:
    view = journal(
        runs=[run(-3, pain_during=0, pain_after=0)],
        exercise_logs=[exercise_log(-1, pain=7)],
    )
    plan = suggest(view, D)
    assert plan.action is not Action.PROGRESS
    assert "P3" in shaping(plan)


def test_unsafe_7_of_10_an_hour_after_a_run_is_not_may_increase() -> None:
    view = journal(runs=[run(-2, pain_during=1, pain_after=7)], checkins=[checkin(-1, pain=1)])
    plan = suggest(view, D)
    assert plan.action is not Action.PROGRESS
    assert "P3" in shaping(plan)
    assert plan.max_run_km is not None and plan.max_run_km < 6.0


def test_unsafe_night_pain_on_three_of_four_mornings_one_not_logged_refers() -> None:
    checkins = [c for c in base_checkins() if c.date < day(-4)]
    checkins += [checkin(k, symptoms=["night_pain"]) for k in (-4, -3, -1)]  # D-2 not logged
    view = journal(checkins=checkins, base=False).updated(sessions=base_runs())
    plan = suggest(view, D)
    assert_no_running(plan)
    assert plan.action is Action.SEE_SPECIALIST
    assert plan.episode is not None and plan.episode.rule == "R4"


def test_unsafe_swelling_after_two_runs_in_ten_days_refers_though_gone_each_morning() -> None:
    view = journal(
        runs=[run(-10, symptoms=["swelling"]), run(-2, symptoms=["swelling"])],
        checkins=[checkin(-9), checkin(-1)],  # gone by the next morning each time
    )
    plan = suggest(view, D)
    assert_no_running(plan)
    assert plan.action is Action.SEE_SPECIALIST
    assert plan.episode is not None and plan.episode.rule == "S3"


def test_unsafe_a_limp_during_a_run_means_no_running() -> None:
    plan = suggest(journal(runs=[run(-1, symptoms=["limp"], pain_during=3)]), D)
    assert_no_running(plan)
    assert "P11" in shaping(plan)


# --------------------------------------------------------------------- Noisy


def good_day_view(days_before: int = 0) -> Plan:
    """A recovering runner on a good day: 0/10 during and after, stiffness 1/10 (usually 0),
    morning pain 1 (usually 0), weekly mornings 0.2 against 0.2."""
    runs = [run(-k, pain_during=0, pain_after=0) for k in range(28, 1, -2)]
    mornings = [checkin(-k, pain=1 if k in (3, 10) else 0, stiffness=0) for k in range(20, 1, -1)]
    mornings.append(checkin(-1, pain=1, stiffness=1))
    return suggest(journal(runs=runs, checkins=mornings, base=False), D)


def test_noisy_good_day_with_stiffness_1_is_not_told_to_halve_running() -> None:
    plan = good_day_view()
    assert plan.action in RUNNING and plan.action is not Action.REDUCE
    assert plan.intensity_factor is None
    assert not {"S1", "P4", "P6"} & {r.rule for r in plan.reasons + plan.overridden}
    assert plan.max_run_km is None or plan.max_run_km >= 6.0


def test_noisy_every_other_day_runner_never_gets_the_weekly_30_percent_warning() -> None:
    runs = [run(-k, km=6.0, pain_during=0, pain_after=0) for k in range(70, 0, -2)]
    view = journal(runs=runs, base=False)
    for offset in range(-30, 1):
        plan = suggest(view, day(offset))
        assert "L2" not in {r.rule for r in plan.reasons + plan.overridden}, offset


def test_noisy_following_run_less_for_four_weeks_does_not_shrink_the_cap() -> None:
    # Morning pain 2/10 every day from D-28 (W4: two days of discomfort, run 75 %); the runner
    # runs exactly the cap every other day for four weeks.
    runs = [run(-k) for k in range(60, 28, -2)]
    mornings = [checkin(-k) for k in range(60, 28, -1)] + [checkin(-k, pain=2) for k in range(28)]
    caps: list[float] = []
    for offset in range(-26, 1, 2):
        plan = suggest(journal(runs=runs, checkins=mornings, base=False), day(offset))
        assert plan.max_run_km is not None
        caps.append(plan.max_run_km)
        runs.append(run(offset, km=plan.max_run_km))
    assert caps[0] == 4.5
    assert caps[-1] == caps[0], caps


def test_noisy_nine_pain_free_days_of_holiday_resume_at_hold_not_walk_run() -> None:
    runs = [run(-k) for k in range(37, 9, -2)]  # last run D-11: nine days off D-10..D-2, D-1
    plan = suggest(journal(runs=runs, base=False, checkins=[checkin(-k) for k in range(20)]), D)
    assert plan.action is Action.HOLD
    assert "walk-run" not in plan.headline.lower()
    assert plan.max_run_km == 6.0


# --------------------------------------------------------------------- Unclear


def test_unclear_an_urgent_plan_never_lists_may_increase_among_its_reasons() -> None:
    view = journal(
        runs=[run(-2, pain_during=0, pain_after=0)],
        checkins=[checkin(-1, pain=1), checkin(0, symptoms=["swelling", "fever"])],
    )
    plan = suggest(view, D)
    assert plan.action is Action.URGENT_CARE
    assert all(r.action is not Action.PROGRESS for r in plan.reasons)
    assert "may increase" not in plan.headline.lower() + plan.summary.lower()


def test_unclear_a_locked_knee_says_seek_care_not_swim_or_cycle() -> None:
    plan = suggest(journal(checkins=[checkin(-1, symptoms=["locking", "reduced_rom"])]), D)
    assert plan.action is Action.URGENT_CARE
    assert plan.cross_training == ()
    line = caps_line(plan)
    assert "swim" not in line and "cycle" not in line
    assert "seek care" in (line + plan.headline).lower()


def test_unclear_the_plan_for_saturday_does_not_say_no_running_until_saturday() -> None:
    saturday = dt.date(2026, 5, 9)
    assert saturday.weekday() == 5
    # Pain kept rising during Thursday's run: P7, two days off running (Fri and Sat).
    view = journal(runs=[run(-16 + k * 2) for k in range(6)] + [run(3, pain_trend="worse")])
    plan = suggest(view, saturday)
    assert plan.action is Action.REST
    assert "until" not in plan.headline
    assert "on Sat 9 May" in plan.headline
    p7 = next(r for r in plan.restrictions if r.rule == "P7")
    assert restriction_span(p7.start, p7.until) == "from Fri 8 May to Sat 9 May"


def test_unclear_after_sharp_pain_while_cycling_cycling_is_not_suggested() -> None:
    view = journal(runs=[run(-3, activity="cycle", symptoms=["sharp_pain"], pain_during=5)])
    plan = suggest(view, D)
    assert plan.action is Action.CROSS_TRAIN
    assert "cycle" not in plan.cross_training
    assert plan.cross_training  # something that did not hurt is still offered
    assert "Cycling is left out: it hurt in the last week." in plan.summary
    assert "cycling" not in plan.headline.lower()


def test_unclear_every_plan_has_a_plain_summary_without_rule_codes() -> None:
    import re

    views = [
        journal(),
        journal(checkins=[checkin(0, stiffness=4)]),
        journal(checkins=[checkin(-1, symptoms=["giving_way"])]),
        journal(runs=[run(-1, symptoms=["sharp_pain"])]),
    ]
    for view in views:
        plan = suggest(view, D)
        assert plan.summary
        assert plan.summary.count(".") <= 2
        assert not re.search(r"\b[SPRLWCET]\d+\b", plan.summary), plan.summary
        assert plan.to_json()["summary"] == plan.summary


def test_unclear_a_walk_run_headline_never_sits_next_to_a_km_cap() -> None:
    # 30 days without running, then a settled walk-run session: progress (P1) would cap km.
    runs = [run(-k) for k in range(60, 31, -2)]
    runs.append(run(-2, km=2.0, minutes=30, activity="walk_run", pain_during=0, pain_after=0))
    plan = suggest(journal(runs=runs, base=False, checkins=[checkin(-1, pain=0)]), D)
    assert plan.headline.startswith("Walk-run phase")
    assert plan.max_run_km is None
    assert plan.max_run_min == 30
    assert "P1" not in shaping(plan)


def test_unclear_caps_are_in_miles_for_a_runner_who_chose_miles() -> None:
    view = journal(checkins=[checkin(0, stiffness=3)])
    plan = suggest(view, D, unit=DistanceUnit.MI)
    assert plan.max_run_km == 6.0  # the JSON stays in km (spec)
    assert "3.7 mi" in plan.headline and "km" not in plan.headline
    assert "3.7 mi" in caps_line(plan, DistanceUnit.MI)


def test_unclear_the_disclaimer_does_not_send_giving_way_to_care_today() -> None:
    assert "giving way" not in DISCLAIMER.lower() and "gives way" not in DISCLAIMER.lower()
    for words in ("cannot bear weight", "fever", "locked", "pop"):
        assert words in DISCLAIMER


# --------------------------------------------------------------------- episodes and the return


def episode_view(*visits: object, days: int = 3) -> object:
    """The knee gave way on D-`days` (a check-in); the runner ran before that."""
    runs = [r for r in base_runs() if r.date < day(-days)]
    checkins = [c for c in base_checkins() if c.date < day(-days)]
    checkins.append(checkin(-days, symptoms=["giving_way"]))
    return journal(runs=runs, checkins=checkins, base=False, visits=list(visits))


def test_urgent_for_two_days_then_a_referral() -> None:
    view = journal(checkins=[checkin(-3, symptoms=["cannot_bear_weight"])])
    assert suggest(view, day(-2)).action is Action.URGENT_CARE
    assert suggest(view, day(-1)).action is Action.URGENT_CARE
    later = suggest(view, D)
    assert later.action is Action.SEE_SPECIALIST
    assert later.episode is not None and not later.episode.urgent
    assert "since" in later.summary


def test_a_visit_that_does_not_clear_running_leaves_the_episode_open() -> None:
    plan = suggest(episode_view(visit(-1, cleared=False)), D)
    assert_no_running(plan)
    assert plan.episode is not None


def test_a_visit_before_the_episode_does_not_close_it() -> None:
    plan = suggest(episode_view(visit(-5)), D)
    assert plan.episode is not None


def test_a_clearing_visit_after_a_short_episode_returns_at_hold() -> None:
    plan = suggest(episode_view(visit(-1)), D)
    assert plan.episode is None
    assert plan.run_allowed
    assert plan.action is Action.HOLD
    assert plan.max_run_km == 6.0


def test_a_clearing_visit_after_a_week_long_episode_returns_with_the_walk_run() -> None:
    plan = suggest(episode_view(visit(-1), days=9), D)
    assert plan.episode is None
    assert plan.run_allowed
    assert plan.headline.startswith("Walk-run phase 1")
    assert plan.max_run_km is None


def test_the_visits_return_plan_wins_over_the_default() -> None:
    walk = suggest(episode_view(visit(-1, return_plan=ReturnPlan.WALK_RUN)), D)
    assert walk.headline.startswith("Walk-run phase 1")
    before = suggest(episode_view(visit(-1, return_plan=ReturnPlan.AS_BEFORE), days=9), D)
    assert before.run_allowed and "walk-run" not in before.headline.lower()


def test_a_new_red_flag_after_the_visit_opens_a_new_episode() -> None:
    view = episode_view(visit(-2))
    view = view.updated(checkins=[*view.checkins, checkin(-1, symptoms=["giving_way"])])
    plan = suggest(view, D)
    assert plan.episode is not None and plan.episode.since == day(-1)


def test_missing_data_is_named_in_notices() -> None:
    runs = [r for r in base_runs()] + [run(-1, pain_during=None, pain_after=None)]
    old = [c for c in base_checkins() if c.date < day(-5)]
    plan = suggest(journal(runs=runs, checkins=old, base=False), D)
    assert any(n.startswith("No morning check-in since") for n in plan.notices)
    assert any("has no pain score for during or an hour after" in n for n in plan.notices)


def test_may_progress_needs_the_next_morning_check_in() -> None:
    view = journal(runs=[run(-1, pain_during=0, pain_after=0)])
    plan = suggest(view, D)  # the morning after the run (D) is not logged yet
    assert plan.action is Action.CONTINUE
    assert any("check-in" in notice for notice in plan.notices)
    logged = suggest(journal(runs=[run(-1, pain_during=0, pain_after=0)], checkins=[checkin(0)]), D)
    assert logged.action is Action.PROGRESS


def test_what_the_clearing_visit_saw_does_not_reopen_the_episode() -> None:
    # Gave way on D-2 (inside every 2-day window of D), cleared on D-1: running may resume.
    view = episode_view(visit(-1), days=2)
    plan = suggest(view, D)
    assert plan.episode is None
    assert plan.run_allowed


def test_an_imported_run_without_symptoms_does_not_end_a_limp() -> None:
    # Spec "Symptom ends": an imported run has no symptoms field, so it says nothing; a run
    # logged by hand without the limp (its symptoms filled in) ends it.
    mornings = [c for c in base_checkins() if c.date < day(-2)] + [checkin(-2, symptoms=["limp"])]
    before = [r for r in base_runs() if r.date < day(-2)]
    imported = journal(runs=[*before, run(-1, source="garmin.fit")], checkins=mornings, base=False)
    by_hand = journal(runs=[*before, run(-1)], checkins=mornings, base=False)
    assert "P11" in shaping(suggest(imported, D))
    assert not suggest(imported, D).run_allowed
    assert "P11" not in {r.rule for r in suggest(by_hand, D).reasons}
