"""The year from its quarters (issue 11, the rules of `dgsp year`), by small tables and by
properties."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dgsp.model import Grade
from dgsp.scoring import competition_ranks, keep_excellent
from dgsp.scoring.year import (
    QUARTERS,
    annual_score,
    excellent_count,
    keep_excellent_year,
    quarter_ceiling,
    two_failed_in_a_row,
    year_ranks,
)

Q1, Q2, Q3, Q4 = QUARTERS
X, T, N, K = Grade.HTXSNV, Grade.HTTNV, Grade.HTNV, Grade.KHTNV


@pytest.mark.parametrize("quarters, score, reason", [
    # Q1      Q2      Q3      Q4       annual   why none
    ((90, 92, 94, 96), D("93.00"), None),
    ((90, None, 95, 96.5), D("93.83"), None),      # Q2 not graded: the mean of three
    ((88.005, 90, None, None), D("89.00"), None),  # 89.0025 rounds half up
    ((90, None, None, None), None, "too_few_quarters"),
    ((None, None, None, None), None, "too_few_quarters"),
])
def test_the_annual_score_is_the_mean_of_the_graded_quarters(quarters, score, reason):
    got, why = annual_score({q: None if s is None else D(str(s))
                             for q, s in zip(QUARTERS, quarters, strict=True)})
    assert got == score
    assert [r.code for r in why] == ([reason] if reason else [])


def test_the_final_rule_takes_the_years_round():
    assert annual_score({Q1: D(90), Q2: D(80)}, "final", year=D("85.5")) == (D("85.5"), ())
    assert annual_score({Q1: D(90), Q2: D(80)}, "final")[1][0].code == "no_year_round"
    with pytest.raises(ValueError):
        annual_score({}, "median")


@given(st.lists(st.none() | st.decimals(0, 100, places=2), min_size=4, max_size=4))
def test_property_the_mean_lies_between_the_graded_quarters(scores):
    got, why = annual_score(dict(zip(QUARTERS, scores, strict=True)))
    graded = [s for s in scores if s is not None]
    if len(graded) < 2:
        assert got is None and why
    else:
        assert min(graded) <= got <= max(graded) and not why


@pytest.mark.parametrize("grade, quarters, after, reason", [
    # by score   Q1 Q2 Q3 Q4          the year   reason
    (X, (X, X, K, X), T, "quarter_failed"),   # one KHTNV quarter: no HTXSNV for the year
    (X, (X, X, X, X), X, None),
    (T, (K, X, X, X), T, None),               # already HTTNV: nothing to record
    (X, (X, None, X, X), X, None),            # a quarter not graded is no failure
])
def test_one_failed_quarter_rules_out_excellent(grade, quarters, after, reason):
    got, why = quarter_ceiling(grade, dict(zip(QUARTERS, quarters, strict=True)))
    assert got is after and [r.code for r in why] == ([reason] if reason else [])


@pytest.mark.parametrize("quarters, flagged", [
    ((K, K, X, X), (Q1, Q2)),
    ((K, X, K, X), None),
    ((X, K, None, K), (Q2, Q4)),   # Q3 not graded: Q2 and Q4 are consecutive graded quarters
    ((K, None, None, None), None),
    ((N, N, N, N), None),
])
def test_two_failed_quarters_in_a_row_are_flagged(quarters, flagged):
    assert two_failed_in_a_row(dict(zip(QUARTERS, quarters, strict=True))) == flagged


@given(st.lists(st.none() | st.sampled_from(list(Grade)), min_size=4, max_size=4),
       st.sampled_from(list(Grade)))
def test_property_the_quarters_never_raise_a_grade(quarters, grade):
    order = list(Grade)
    got, _ = quarter_ceiling(grade, dict(zip(QUARTERS, quarters, strict=True)))
    assert order.index(got) >= order.index(grade)
    if K in quarters:
        assert got is not X


@pytest.mark.parametrize("scores, htxs, seats, keep", [
    # annual scores           HTXSNV quarters   seats  keep
    ({"A": 95, "B": 93, "C": 93}, {"B": 3, "C": 2}, 2, {"A", "B"}),   # B wins the tie on quarters
    ({"A": 95, "B": 93, "C": 93}, {"B": 2, "C": 2}, 2, {"A"}),        # still tied: both lowered
    ({"A": 95, "B": 93}, {}, None, {"A", "B"}),                       # no quota
])
def test_the_quota_tie_goes_to_more_excellent_quarters(scores, htxs, seats, keep):
    assert keep_excellent_year({c: D(s) for c, s in scores.items()}, htxs, seats) == keep


def test_ranks_break_ties_on_excellent_quarters():
    scores = {"A": D(93), "B": D(93), "C": D(93), "D": D(90)}
    assert year_ranks(scores, {"A": 1, "B": 3, "C": 1}) == {"B": 1, "A": 2, "C": 2, "D": 4}
    assert excellent_count([X, None, X, T]) == 2


codes = st.sampled_from("ABCDEFG")


@given(st.dictionaries(codes, st.integers(80, 100).map(D), max_size=7),
       st.dictionaries(codes, st.integers(0, 4), max_size=7), st.integers(0, 7))
def test_property_the_years_quota_is_the_quarters_rule_refined(scores, htxs, seats):
    kept = keep_excellent_year(scores, htxs, seats)
    assert len(kept) <= seats or len(scores) <= seats
    assert keep_excellent(scores, seats) <= kept  # the tie-break only ever keeps more
    ranks = year_ranks(scores, htxs)
    plain = competition_ranks(scores)
    assert all(ranks[c] >= plain[c] for c in scores)  # ties split, never jumped over
    assert all(ranks[a] < ranks[b] for a in scores for b in scores if scores[a] > scores[b])
