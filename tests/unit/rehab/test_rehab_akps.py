"""AKPS scoring against the clinical-rules.md b.1 table, validation, change and reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from kneelog.core import akps
from kneelog.core.program import AssessmentRecord

# The b.1 table, typed in again from the design document: item -> points of each option in order.
TABLE: dict[int, list[int]] = {
    1: [5, 3, 0],
    2: [5, 3, 0],
    3: [5, 3, 2, 0],
    4: [10, 8, 5, 0],
    5: [5, 4, 3, 2, 0],
    6: [10, 8, 6, 3, 0],
    7: [10, 7, 2, 0],
    8: [10, 8, 6, 4, 0],
    9: [10, 8, 6, 3, 0],
    10: [10, 8, 6, 4, 0],
    11: [10, 6, 4, 2, 0],
    12: [5, 3, 0],
    13: [5, 3, 0],
}
FIRST_LABELS = {
    1: ("Limp", "None", "Constant"),
    5: ("Squatting", "No difficulty", "Unable"),
    8: ("Prolonged sitting with knees flexed", "No difficulty", "Unable"),
    11: (
        "Abnormal painful kneecap (patellar) movements / subluxations",
        "None",
        "More than two dislocations",
    ),
}


def all_at(index_of: dict[int, int]) -> dict[str, int]:
    return {str(number): index_of.get(number, 0) for number in TABLE}


@pytest.mark.parametrize("number", sorted(TABLE))
def test_item_points_match_the_table(number: int) -> None:
    item = akps.AKPS_ITEMS[number - 1]
    assert item.number == number
    assert [option.points for option in item.options] == TABLE[number]
    for index, points in enumerate(TABLE[number]):
        others_best = all_at({number: index})
        expected = 100 - TABLE[number][0] + points
        assert akps.akps_score(others_best) == expected


@pytest.mark.parametrize(("number", "labels"), sorted(FIRST_LABELS.items()))
def test_item_titles_and_option_order(number: int, labels: tuple[str, str, str]) -> None:
    item = akps.AKPS_ITEMS[number - 1]
    assert (item.title, item.options[0].label, item.options[-1].label) == labels


def test_all_best_is_100_and_all_worst_is_0() -> None:
    assert akps.akps_score(all_at({})) == 100
    assert akps.akps_score({str(n): len(points) - 1 for n, points in TABLE.items()}) == 0


def test_mixed_answers_by_hand() -> None:
    # 3+5+3+8+3+6+7+8+8+10+10+3+5 = 79
    answers = all_at({1: 1, 3: 1, 4: 1, 5: 2, 6: 2, 7: 1, 8: 1, 9: 1, 12: 1})
    assert akps.akps_score(answers) == 79
    # Every item at its second option: 3+3+3+8+4+8+7+8+8+8+6+3+3 = 72
    assert akps.akps_score({str(n): 1 for n in TABLE}) == 72
    # Walking 1-2 km (2), squatting partial weight bearing (2), jumping constant pain (2),
    # the rest best: 100 - 3 - 3 - 8 = 86
    assert akps.akps_score(all_at({3: 2, 5: 3, 7: 2})) == 86


answers_strategy = st.fixed_dictionaries(
    {str(n): st.integers(0, len(points) - 1) for n, points in TABLE.items()}
)


@given(answers_strategy)
def test_score_is_the_sum_of_table_points(answers: dict[str, int]) -> None:
    total = akps.akps_score(answers)
    assert total == sum(TABLE[int(key)][index] for key, index in answers.items())
    assert 0 <= total <= 100
    assert akps.akps_partial_score(answers) == (total, 13)


@given(answers_strategy, st.sampled_from(sorted(TABLE)))
def test_a_later_option_never_scores_higher(answers: dict[str, int], number: int) -> None:
    key = str(number)
    if answers[key] + 1 < len(TABLE[number]):
        worse = answers | {key: answers[key] + 1}
        assert akps.akps_score(worse) < akps.akps_score(answers)


def test_validation_messages() -> None:
    answers: dict[str, object] = {**all_at({}), "5": 7, "14": 0, "3": True}
    del answers["7"]
    assert akps.answer_problems(answers) == [
        "'14' is not an AKPS item (1-13)",
        "'3': true is not an option index",
        "'5': 7 is outside 0-4",
        "'7': not answered",
    ]
    assert akps.answer_problems([1, 2]) == ["expected an object from item number to option index"]
    with pytest.raises(akps.AkpsError, match="'7': not answered"):
        akps.akps_score(answers)  # type: ignore[arg-type]


def test_partial_score_while_filling_in() -> None:
    assert akps.akps_partial_score({}) == (0, 0)
    assert akps.akps_partial_score({"1": 0, "4": 1, "9": 99}) == (13, 2)


def test_check_score() -> None:
    answers = all_at({4: 2})  # 95
    assert akps.check_score(answers, None) == 95
    assert akps.check_score(answers, 95) == 95
    assert akps.check_score(None, 70) == 70
    with pytest.raises(akps.AkpsError, match=r"score 70 does not match the answers \(95\)"):
        akps.check_score(answers, 70)
    with pytest.raises(akps.AkpsError, match="needs answers or a score"):
        akps.check_score(None, None)
    with pytest.raises(akps.AkpsError, match="outside 0-100"):
        akps.check_score(None, 101)
    assessment = akps.make_assessment(dt.date(2026, 5, 4), answers)
    assert (assessment.score, assessment.instrument, assessment.answers) == (95, "akps", answers)


def _assessment(day: int, score: int, instrument: str = "akps") -> AssessmentRecord:
    return AssessmentRecord.new(date=dt.date(2026, 5, day), instrument=instrument, score=score)


def test_change_from_first_and_mcid() -> None:
    assert akps.MCID == 10
    assert akps.change_from_first([]) is None
    assert akps.change_from_first([_assessment(1, 60)]) is None
    history = [
        _assessment(29, 72),
        _assessment(1, 60),
        _assessment(15, 65),
        _assessment(30, 5, "x"),
    ]
    change = akps.change_from_first(history)
    assert change is not None
    assert (change.first_score, change.latest_score, change.change) == (60, 72, 12)
    assert change.improved_by_mcid
    assert not change.worsened_by_mcid
    almost = akps.change_from_first([_assessment(1, 60), _assessment(29, 69)])
    assert almost is not None
    assert not almost.improved_by_mcid
    worse = akps.change_from_first([_assessment(1, 80), _assessment(29, 70)])
    assert worse is not None
    assert worse.worsened_by_mcid
    assert worse.change == -10


def test_reminder_every_four_weeks() -> None:
    history = [_assessment(1, 60), _assessment(3, 62)]
    assert akps.next_due(history) == dt.date(2026, 5, 31)
    assert not akps.reminder_due(history, dt.date(2026, 5, 30))
    assert akps.reminder_due(history, dt.date(2026, 5, 31))
    assert akps.reminder_due([], dt.date(2026, 5, 1))
    assert akps.next_due([]) is None
