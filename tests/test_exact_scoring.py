"""The integer scorer (issue 13) against the Fraction rules it replaced, kept in
``dgsp.scoring.rules`` as the statement of the rules and the oracle here: the same ratios,
points, flags and 12-place decimals for any typed numbers, and the same rounded score on units
built so that their exact score is a tie at the third decimal (x.xx5), where any binary float
or too-short decimal rounds the wrong way."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dgsp.model import Direction, Indicator
from dgsp.scoring.rules import (
    exact,
    exact_decimal,
    exact_result,
    exact_round,
    exact_sum,
    exact_task_points,
    is_late,
    points,
    ratio,
    round_half_up,
    task_points,
    to_decimal,
)


def decimals(places: int = 4, high: int = 10**7) -> st.SearchStrategy[D]:
    """A number as a unit types it: up to ``places`` decimals, never negative."""
    return st.builds(lambda n, p: D(n).scaleb(-p), st.integers(0, high), st.integers(0, places))


indicators = st.builds(
    Indicator, code=st.just("I"), name=st.just("I"),
    direction=st.sampled_from(list(Direction)),
    weight=decimals(2, 500).filter(lambda w: w > 0),
    cap=st.sampled_from([D(1), D("1.1"), D("1.2"), D("1.5"), D(2), D("1.25")]),
    late_deduction=st.sampled_from([D(0), D("0.25"), D("0.5"), D("0.333"), D(1)]))
days = st.none() | st.dates(date(2026, 1, 1), date(2026, 12, 31))


def oracle(ind: Indicator, target: D, actual: D, due, completed):
    """The Fraction rules: ratio, points, and the flags."""
    r = ratio(ind.direction, actual, target)
    late = is_late(due, completed) and r >= 1
    pts = points(ind.weight, r, ind.cap, ind.late_deduction if late else 0)
    return r, pts, late


@given(indicators, decimals(), decimals(), days, days)
def test_one_result_is_the_fraction_rules(ind, target, actual, due, completed):
    assume(target > 0 or ind.direction is not Direction.HIGHER)
    r, pts, late = oracle(ind, target, actual, due, completed)
    res, exact_pts = exact_result(ind, target, actual, due=due, completed=completed)
    assert Fraction(*exact_pts) == pts
    assert (res.ratio, res.points) == (to_decimal(r), to_decimal(pts))
    assert (res.achieved, res.exceeded, res.capped, res.late) == (
        r >= 1, ind.direction is not Direction.BINARY and r > 1, r > ind.cap, late)


@given(st.integers(-10**30, 10**30), st.integers(1, 10**30))
def test_twelve_places_half_to_even_as_fractions_round(n, d):
    assert exact_decimal((n, d)) == to_decimal(Fraction(n, d))
    assert str(exact_decimal((n, d))) == str(to_decimal(Fraction(n, d)))


@given(st.integers(-10**15, 10**15), st.integers(1, 10**6))
def test_a_half_at_the_twelfth_place_goes_to_even_as_fractions_round(q, scale):
    n, d = (2 * q + 1) * scale, 2 * 10**12 * scale  # q + ½ units of the 12th place, unreduced
    assert str(exact_decimal((n, d))) == str(to_decimal(Fraction(n, d)))


@given(st.integers(0, 10**12), st.integers(1, 10**9), st.integers(0, 4))
def test_half_up_rounding_is_the_fraction_rules(n, d, places):
    mine, theirs = exact_round((n, d), places), round_half_up(Fraction(n, d), places)
    assert mine == theirs and str(mine) == str(theirs)


@st.composite
def tied_units(draw):
    """A unit whose exact score is x.xx5: general points G, then k indicators whose targets
    are 1 (so a ratio is the result typed), the last one's result moved by less than a
    hundredth of a point so that the score lands on the nearest tie below it. The block and
    the weights divide powers of ten, so that result is a decimal too."""
    block = draw(st.sampled_from([D(100), D(50), D(80), D(64), D(25), D(40)]))
    general = D(100) - block
    k = draw(st.integers(1, 6))
    weights = [D(draw(st.sampled_from([1, 2, 4, 5, 8]))) for _ in range(k)]
    ratios = [D(draw(st.integers(0, 1500))).scaleb(-3) for _ in range(k)]  # 0 to 150%
    total = Fraction(sum(weights))
    exact_score = Fraction(general) + Fraction(block) * sum(
        Fraction(w) * Fraction(r) for w, r in zip(weights, ratios)) / total
    score = D(math.floor(exact_score * 100 - Fraction(1, 2))) / 100 + D("0.005")
    last = Fraction(ratios[-1]) + (Fraction(score) - exact_score) * total / (
        Fraction(block) * Fraction(weights[-1]))
    assume(last >= 0)
    r_last = D(last.numerator) / D(last.denominator)
    assert Fraction(r_last) == last  # the division ends
    return block, general, weights, [*ratios[:-1], r_last], score


@given(tied_units())
def test_a_tie_at_the_third_decimal_rounds_up_as_the_fraction_rules_do(unit):
    block, general, weights, ratios, score = unit
    ind = [Indicator(code=f"I{i}", name="I", weight=w, cap=D(100)) for i, w in enumerate(weights)]
    pts = [exact_result(i, D(1), r)[1] for i, r in zip(ind, ratios)]
    task = exact_task_points(block, pts, weights)
    mine = exact_round(exact_sum((exact(general), task)))
    fraction_pts = [points(w, Fraction(r), D(100)) for w, r in zip(weights, ratios)]
    theirs = round_half_up(Fraction(general) + task_points(block, fraction_pts, weights))
    assert Fraction(*task) + Fraction(general) == Fraction(score)  # the tie, exactly
    assert mine == theirs == score + D("0.005")


@pytest.mark.parametrize("block, weights, ratios, score", [
    # block  weights     ratios (targets 1)       score: the tie, rounded up
    (D(100), [D(1), D(1)], [D("0.9"), D("0.4341")], D("66.71")),  # 66.705 exactly
    (D(100), [D(1)], [D("0.89995")], D("90.00")),                   # 89.995 → 90.00
    (D(100), [D(3)], [D("0.00005")], D("0.01")),                    # 0.005 → 0.01
])
def test_ties_written_out(block, weights, ratios, score):
    ind = [Indicator(code=f"I{i}", name="I", weight=w, cap=D(2)) for i, w in enumerate(weights)]
    pts = [exact_result(i, D(1), r)[1] for i, r in zip(ind, ratios)]
    assert exact_round(exact_task_points(block, pts, weights)) == score


@given(st.integers(1, 60), st.data(),
       st.sampled_from([D("0.8"), D("0.5"), D("0.2"), D("0.3"), D("0.25"), D("0.6667"), D(1)]))
def test_a_share_exactly_on_its_threshold_is_judged_as_fractions_judge_it(assigned, data, limit):
    """A share of achieved tasks, of exceeded ones and of those behind, at the limit, one
    under and one over: the grade's reasons are the Fraction comparison's."""
    from dgsp.model import Grade, GradeRule
    from dgsp.scoring.rules import grade_by_rules

    on = int(Fraction(limit) * assigned)
    n = data.draw(st.sampled_from(sorted({max(on - 1, 0), on, min(on + 1, assigned)})))
    rule = GradeRule(grade=Grade.HTTNV, min_score=D(0), min_achieved_share=limit,
                     min_exceeded_share=limit, max_behind_share=limit)
    _, reasons = grade_by_rules(D(90), assigned, n, n, [rule], assigned - n)
    share = Fraction(n, assigned)
    expected = {"below_achieved": share < limit, "below_exceeded": share < limit,
                "over_behind": Fraction(assigned - n, assigned) > limit}
    failing = [r for r in reasons if r.code != "met"]
    assert {r.code for r in failing} == {k for k, v in expected.items() if v}
    for r in failing:
        assert r.params["share"] == to_decimal(Fraction(r.params["count"], assigned))
