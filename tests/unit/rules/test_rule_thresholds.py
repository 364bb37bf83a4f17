"""Every rule fires at and just past its threshold and not just before it (table-driven)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kneelog.core.rules import ExerciseStatus, RuleInputs, suggest
from tests.unit.rules.journal_builder import D, checkin, day, journal, run


def fired(view: RuleInputs, overrides: dict[str, dict[str, Any]] | None = None) -> set[str]:
    """Every rule that fired: those shaping the plan and those whose advice it overrides."""
    plan = suggest(view, D, overrides)
    return {reason.rule for reason in plan.reasons + plan.overridden}


def stiff(level: int) -> RuleInputs:
    return journal(checkins=[checkin(0, stiffness=level)])


def runs_then(*extra: Any) -> RuleInputs:
    return journal(runs=list(extra))


def swelling_days(*offsets: int) -> RuleInputs:
    # No base runs: a session logged without swelling would end the episode (spec "Symptom ends").
    return journal(checkins=[checkin(o, symptoms=["swelling"]) for o in offsets], base=False)


def pain_mornings(level: int, days: int) -> RuleInputs:
    return journal(checkins=[checkin(-k, pain=level) for k in range(days)])


def p5(morning: int) -> RuleInputs:
    return journal(
        runs=[run(-1, pain_after=3)], checkins=[checkin(-1, pain=1), checkin(0, pain=morning)]
    )


def p6(now: int) -> RuleInputs:
    # Spec "Tolerances": the week's mean must rise by at least 1 point (base mornings are 1/10).
    return journal(checkins=[checkin(-k, pain=now) for k in range(7)])


def night(mornings: int) -> RuleInputs:
    return journal(checkins=[checkin(-k, symptoms=["night_pain"]) for k in range(mornings)])


def rom(mornings: int) -> RuleInputs:
    return journal(checkins=[checkin(-k, symptoms=["reduced_rom"]) for k in range(mornings)])


def improvement(now: int) -> RuleInputs:
    """Worst pain 5/10 two weeks to 8 weeks ago and `now` over the last two weeks."""
    old = [checkin(-k, pain=5) for k in range(56, 70)]
    recent = [checkin(-k, pain=now if k < 14 else 1) for k in range(0, 56)]
    return journal(checkins=old + recent, base=False)


def spike(km: float) -> RuleInputs:
    return journal(runs=[run(-20, km=10.0), run(-1, km=km)])


def weekly(km_now: float) -> RuleInputs:
    """10 km a week over D-28..D-8 (a usual week, one usual run) and `km_now` in D-7..D-1."""
    runs = [run(-25, km=10.0), run(-18, km=10.0), run(-11, km=10.0), run(-3, km=km_now)]
    return journal(runs=runs, base=False)


def acwr(km_now: float) -> RuleInputs:
    # chronic = (30 + k) / 4 over D-28..D-1; acute = k, the D-3 run: 20 km gives 1.6, 10 km 1.0.
    return journal(
        runs=[run(-28, km=10), run(-20, km=10), run(-13, km=10), run(-3, km=km_now)], base=False
    )


def deload(last_week_km: float) -> RuleInputs:
    runs = [run(-7 * k - 3, km=10.0) for k in range(1, 7)] + [run(-3, km=last_week_km)]
    return journal(runs=runs, base=False)


def cadence(latest: int) -> RuleInputs:
    runs = [run(-k, cadence_spm=170) for k in (9, 7, 5, 3)] + [run(-1, cadence_spm=latest)]
    return journal(runs=runs, base=False)


def exercise(done: float) -> RuleInputs:
    return journal(exercise=ExerciseStatus(done, 3.0))


def t1(gap: int) -> RuleInputs:
    return journal(runs=[run(-gap), run(-1)], base=False)


T1_ON = {"T1": {"enabled": True}}
P9_ON = {"P9": {"enabled": True}}

Case = tuple[str, Callable[[], RuleInputs], bool, dict[str, dict[str, Any]] | None]

CASES: list[Any] = [
    # seed table
    # Spec "Tolerances": above the usual (0 here) by more than 1 point.
    pytest.param("S1", lambda: stiff(2), True, None, id="S1 usual+2"),
    pytest.param("S1", lambda: stiff(3), True, None, id="S1 past"),
    pytest.param("S1", lambda: stiff(1), False, None, id="S1 usual+1 is noise"),
    pytest.param("S1", lambda: stiff(2), False, {"S1": {"tolerance": 2.0}}, id="S1 tolerance 2"),
    pytest.param(
        "S1",
        lambda: journal(checkins=[checkin(0, stiffness=3)], base=False),
        True,
        None,
        id="S1 3/10 without a baseline",
    ),
    pytest.param(
        "S1",
        lambda: journal(checkins=[checkin(0, stiffness=2)], base=False),
        False,
        None,
        id="S1 2/10 without a baseline",
    ),
    pytest.param(
        "S2",
        lambda: runs_then(run(-1, activity="cycle", symptoms=["sharp_pain"])),
        True,
        None,
        id="S2 yesterday",
    ),
    pytest.param(
        "S2",
        lambda: runs_then(run(0, symptoms=["sharp_pain"])),
        False,
        None,
        id="S2 same day unseen",
    ),
    pytest.param("S3", lambda: swelling_days(-2, -1, 0), True, None, id="S3 three days"),
    pytest.param("S3", lambda: swelling_days(-3, 0), True, None, id="S3 beyond 72 h"),
    pytest.param("S3", lambda: swelling_days(-1, 0), False, None, id="S3 two days"),
    pytest.param(
        "S3",
        lambda: runs_then(run(-5, symptoms=["swelling"]), run(-1, symptoms=["swelling"])),
        True,
        None,
        id="S3 two runs",
    ),
    pytest.param(
        "S3", lambda: runs_then(run(-1, symptoms=["swelling"])), False, None, id="S3 one run"
    ),
    # seed warnings
    pytest.param("W1", lambda: runs_then(run(-1, pain_trend="worse")), True, None, id="W1 worse"),
    pytest.param("W1", lambda: runs_then(run(-1, pain_trend="same")), False, None, id="W1 same"),
    pytest.param(
        "W2",
        lambda: journal(checkins=[checkin(0, symptoms=["clicking", "tenderness"])]),
        True,
        None,
        id="W2 both",
    ),
    pytest.param(
        "W2",
        lambda: journal(checkins=[checkin(0, symptoms=["clicking"])]),
        False,
        None,
        id="W2 clicking only",
    ),
    pytest.param(
        "W3",
        lambda: journal(checkins=[checkin(0, symptoms=["reduced_rom"])]),
        True,
        None,
        id="W3 today",
    ),
    pytest.param(
        "W3",
        lambda: journal(checkins=[checkin(-1, symptoms=["reduced_rom"]), checkin(0)]),
        False,
        None,
        id="W3 gone",
    ),
    pytest.param("W4", lambda: pain_mornings(2, 2), True, None, id="W4 two days at 2"),
    pytest.param("W4", lambda: pain_mornings(3, 2), True, None, id="W4 past"),
    pytest.param(
        "W4",
        lambda: journal(checkins=[checkin(-1, pain=2), checkin(0, pain=1)]),
        False,
        None,
        id="W4 one day",
    ),
    pytest.param("W5", lambda: pain_mornings(2, 7), True, None, id="W5 seven days"),
    pytest.param("W5", lambda: pain_mornings(2, 6), False, None, id="W5 six days"),
    # pain monitoring
    pytest.param(
        "P1",
        lambda: journal(runs=[run(-1, pain_during=2)], checkins=[checkin(0, pain=1)]),
        True,
        None,
        id="P1 at 2",
    ),
    pytest.param(
        "P1",
        lambda: journal(runs=[run(-1, pain_during=0)], checkins=[checkin(0, pain=1)]),
        True,
        None,
        id="P1 below",
    ),
    pytest.param(
        "P1",
        lambda: journal(runs=[run(-1, pain_during=3)], checkins=[checkin(0, pain=1)]),
        False,
        None,
        id="P1 at 3",
    ),
    pytest.param(
        "P1",
        lambda: journal(runs=[run(-1, pain_during=1)], checkins=[checkin(0, pain=2)]),
        False,
        None,
        id="P1 morning worse",
    ),
    pytest.param(
        "P2",
        lambda: journal(runs=[run(-1, pain_during=3)], checkins=[checkin(0, pain=1)]),
        True,
        None,
        id="P2 at 3",
    ),
    pytest.param(
        "P2",
        lambda: journal(runs=[run(-1, pain_during=5)], checkins=[checkin(0, pain=1)]),
        True,
        None,
        id="P2 at 5",
    ),
    pytest.param(
        "P2",
        lambda: journal(runs=[run(-1, pain_during=2)], checkins=[checkin(0, pain=1)]),
        False,
        None,
        id="P2 at 2",
    ),
    pytest.param(
        "P2",
        lambda: journal(runs=[run(-1, pain_during=6)], checkins=[checkin(0, pain=1)]),
        False,
        None,
        id="P2 at 6",
    ),
    pytest.param("P3", lambda: runs_then(run(-1, pain_during=6)), True, None, id="P3 at 6"),
    pytest.param("P3", lambda: runs_then(run(-1, pain_during=7)), True, None, id="P3 past"),
    pytest.param("P3", lambda: runs_then(run(-1, pain_during=5)), False, None, id="P3 at 5"),
    # Spec "Tolerances": more than 1 point above the baseline (1/10 here).
    pytest.param("P4", lambda: journal(checkins=[checkin(0, pain=2)]), False, None, id="P4 +1"),
    pytest.param("P4", lambda: journal(checkins=[checkin(0, pain=3)]), True, None, id="P4 +2"),
    pytest.param(
        "P4", lambda: journal(checkins=[checkin(0, pain=1)]), False, None, id="P4 at baseline"
    ),
    pytest.param(
        "P4",
        lambda: journal(checkins=[checkin(0, pain=3)]),
        False,
        {"P4": {"tolerance": 2.0}},
        id="P4 tolerance 2",
    ),
    pytest.param("P5", lambda: p5(2), True, None, id="P5 not settled"),
    pytest.param("P5", lambda: p5(1), False, None, id="P5 settled"),
    pytest.param("P6", lambda: p6(2), True, None, id="P6 rising by 1"),
    pytest.param(
        "P6",
        lambda: journal(checkins=[checkin(-k, pain=2 if k % 2 else 1) for k in range(7)]),
        False,
        None,
        id="P6 rising by half a point",
    ),
    pytest.param("P6", lambda: p6(1), False, None, id="P6 flat"),
    pytest.param("P7", lambda: runs_then(run(-1, pain_trend="worse")), True, None, id="P7 worse"),
    pytest.param(
        "P7",
        lambda: runs_then(run(-1, pain_trend="better", pain_during=2)),
        False,
        None,
        id="P7 better",
    ),
    pytest.param(
        "P8",
        lambda: runs_then(run(-1, pain_trend="better", pain_during=3)),
        True,
        None,
        id="P8 settled",
    ),
    pytest.param(
        "P8",
        lambda: runs_then(run(-1, pain_trend="better", pain_during=0)),
        False,
        None,
        id="P8 no pain",
    ),
    pytest.param(
        "P9", lambda: runs_then(run(-1, pain_after=1)), False, None, id="P9 off by default"
    ),
    pytest.param("P9", lambda: runs_then(run(-1, pain_after=1)), True, P9_ON, id="P9 on at 1"),
    pytest.param(
        "P9",
        lambda: journal(runs=[run(-1, pain_after=0)], checkins=[checkin(0, pain=0)]),
        False,
        P9_ON,
        id="P9 on no soreness",
    ),
    pytest.param(
        "P10", lambda: runs_then(run(-1, symptoms=["sharp_pain"])), True, None, id="P10 run"
    ),
    # Spec "Pain from every loading activity": P10 reads every session.
    pytest.param(
        "P10",
        lambda: runs_then(run(-1, activity="swim", symptoms=["sharp_pain"])),
        True,
        None,
        id="P10 swim",
    ),
    pytest.param(
        "P10", lambda: runs_then(run(-2, symptoms=["sharp_pain"])), False, None, id="P10 gone"
    ),
    pytest.param(
        "P11", lambda: journal(checkins=[checkin(0, symptoms=["limp"])]), True, None, id="P11 limp"
    ),
    pytest.param(
        "P11",
        lambda: journal(checkins=[checkin(-1, symptoms=["limp"]), checkin(0)]),
        False,
        None,
        id="P11 gone",
    ),
    pytest.param("P12", lambda: swelling_days(0), True, None, id="P12 swelling"),
    pytest.param(
        "P12",
        lambda: journal(checkins=[checkin(-1, symptoms=["swelling"]), checkin(0)]),
        False,
        None,
        id="P12 gone",
    ),
    # red flags and referrals
    pytest.param(
        "RF",
        lambda: journal(checkins=[checkin(0, symptoms=["warm_red"])]),
        True,
        None,
        id="RF warm",
    ),
    pytest.param(
        "RF",
        lambda: journal(checkins=[checkin(0, symptoms=["clicking"])]),
        False,
        None,
        id="RF none",
    ),
    pytest.param(
        "R1",
        lambda: journal(checkins=[checkin(0, symptoms=["swelling", "fever"])]),
        True,
        None,
        id="R1 fever",
    ),
    pytest.param(
        "R1",
        lambda: journal(
            checkins=[checkin(-1, symptoms=["warm_red"]), checkin(0, symptoms=["swelling"])]
        ),
        True,
        None,
        id="R1 two days",
    ),
    pytest.param("R1", lambda: swelling_days(0), False, None, id="R1 swelling alone"),
    pytest.param(
        "R2",
        lambda: journal(checkins=[checkin(0, symptoms=["cannot_bear_weight"])]),
        True,
        None,
        id="R2 weight",
    ),
    pytest.param(
        "R2",
        lambda: journal(
            runs=[run(-1, symptoms=["trauma"])], checkins=[checkin(0, symptoms=["swelling"])]
        ),
        True,
        None,
        id="R2 trauma swelling",
    ),
    pytest.param(
        "R2", lambda: runs_then(run(-1, symptoms=["trauma"])), False, None, id="R2 trauma alone"
    ),
    pytest.param(
        "R3",
        lambda: journal(checkins=[checkin(0, symptoms=["giving_way"])]),
        True,
        None,
        id="R3 giving way",
    ),
    pytest.param(
        "R3",
        lambda: journal(checkins=[checkin(0, symptoms=["clicking"])]),
        False,
        None,
        id="R3 none",
    ),
    pytest.param("R4", lambda: night(3), True, None, id="R4 three"),
    pytest.param("R4", lambda: night(2), False, None, id="R4 two"),
    pytest.param("R5", lambda: rom(2), True, None, id="R5 two"),
    pytest.param("R5", lambda: rom(1), False, None, id="R5 one"),
    pytest.param(
        "R6",
        lambda: journal(checkins=[checkin(0, symptoms=["clicking"])]),
        True,
        None,
        id="R6 alone",
    ),
    pytest.param(
        "R6",
        lambda: journal(checkins=[checkin(0, symptoms=["clicking", "tenderness"])]),
        False,
        None,
        id="R6 tender",
    ),
    pytest.param("R8", lambda: improvement(4), True, None, id="R8 dropped 1"),
    pytest.param("R8", lambda: improvement(3), False, None, id="R8 dropped 2"),
    pytest.param("R9", lambda: runs_then(run(-1, pain_during=8)), True, None, id="R9 at 8"),
    pytest.param("R9", lambda: runs_then(run(-1, pain_during=9)), True, None, id="R9 past"),
    pytest.param("R9", lambda: runs_then(run(-1, pain_during=7)), False, None, id="R9 at 7"),
    # load
    pytest.param("L1", lambda: spike(11.1), True, None, id="L1 x1.11"),
    pytest.param("L1", lambda: spike(11.0), False, None, id="L1 x1.10"),
    pytest.param("L2", lambda: weekly(13.1), True, None, id="L2 x1.31"),
    pytest.param("L2", lambda: weekly(13.0), False, None, id="L2 x1.30"),
    pytest.param("L3", lambda: weekly(11.1), True, None, id="L3 x1.11"),
    pytest.param("L3", lambda: weekly(11.0), False, None, id="L3 x1.10"),
    pytest.param("L4", lambda: acwr(20.0), True, None, id="L4 high"),
    pytest.param("L4", lambda: acwr(10.0), False, None, id="L4 inside"),
    pytest.param("L6", lambda: deload(10.0), True, None, id="L6 six even weeks"),
    pytest.param("L6", lambda: deload(7.9), False, None, id="L6 easier week"),
    pytest.param("C1", lambda: cadence(165), True, None, id="C1 below"),
    pytest.param("C1", lambda: cadence(170), False, None, id="C1 at baseline"),
    pytest.param(
        "C1", lambda: cadence(170), True, {"C1": {"gait_retraining": True}}, id="C1 opted in"
    ),
    pytest.param("E1", lambda: exercise(1.5), True, None, id="E1 below"),
    pytest.param("E1", lambda: exercise(2.0), False, None, id="E1 at 2"),
    pytest.param("E1", lambda: journal(), False, None, id="E1 no program"),
    pytest.param("T1", lambda: t1(2), False, None, id="T1 off by default"),
    pytest.param("T1", lambda: t1(2), True, T1_ON, id="T1 consecutive"),
    pytest.param("T1", lambda: t1(3), False, T1_ON, id="T1 a day between"),
]


@pytest.mark.parametrize(("rule", "build", "fires", "overrides"), CASES)
def test_rule_threshold(
    rule: str, build: Callable[[], RuleInputs], fires: bool, overrides: Any
) -> None:
    assert (rule in fired(build(), overrides)) is fires


def test_r7_from_the_seventh_restricted_day() -> None:
    # Swelling every morning forbids running (P12); R7 joins on the 7th consecutive restricted day.
    seven = journal(checkins=[checkin(-k, symptoms=["swelling"]) for k in range(7)])
    six = journal(checkins=[checkin(-k, symptoms=["swelling"]) for k in range(6)])
    assert "R7" in fired(seven)
    assert "R7" not in fired(six)


def test_r7_referral_outlasts_the_restriction_and_allows_walk_run() -> None:
    # Limping every morning D-8..D-2 (P11, a week without running), gone on D-1: running is
    # allowed again on D through the walk-run return (spec: a P11 stretch of 7 days or more);
    # R7 still refers. (Swelling here would be a red-flag episode, S3, and keep running off.)
    view = journal(
        checkins=[checkin(-k, symptoms=["limp"]) for k in range(2, 9)] + [checkin(-1), checkin(0)]
    )
    plan = suggest(view, D)
    rules = {r.rule for r in plan.reasons}
    assert {"R7", "L5"} <= rules
    assert plan.action == "see_specialist"
    assert plan.run_allowed
    assert plan.max_run_min == 30
    assert plan.max_run_km is None


def test_akps_gain_below_mcid_fires_r8() -> None:
    view = journal(akps=[(day(-70), 60.0), (day(-1), 65.0)])
    assert "R8" in fired(view)
    assert "R8" not in fired(journal(akps=[(day(-70), 60.0), (day(-1), 72.0)]))
