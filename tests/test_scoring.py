"""The scoring rules: every rule and edge case, by example and by property."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction as F

import pytest
from conftest import small_plan
from hypothesis import given, settings
from hypothesis import strategies as st

from dgsp.model import Direction, Grade, GradeRule, Return, ReturnedValue, Status
from dgsp.scoring import (
    competition_ranks,
    evaluate,
    grade_before_quota,
    is_exceeded,
    keep_excellent,
    points,
    quota_seats,
    ratio,
    round_half_up,
    score,
    tied_at_last_seat,
)

H, L, B = Direction.HIGHER, Direction.LOWER, Direction.BINARY
RULES = small_plan().grade_rules


# ----------------------------------------------------------------------------- ratio


def test_seed_figure_2100_of_2000_is_105_percent():
    assert ratio(H, D(2100), D(2000)) == F(105, 100)


@pytest.mark.parametrize(("direction", "actual", "target", "expected"), [
    (H, 0, 10, F(0)),                 # nothing done
    (H, 115, 100, F(115, 100)),       # Tam Đảo
    (L, 9, 10, F(11, 10)),            # 10% fewer accidents than allowed → 110%
    (L, 10, 10, F(1)),
    (L, 15, 10, F(1, 2)),
    (L, 25, 10, F(0)),                # floor at 0, never negative
    (L, 0, 10, F(2)),                 # no accidents at all → 200% (then capped)
    (L, 0, 0, F(1)),                  # zero tolerance kept
    (L, 1, 0, F(0)),                  # zero tolerance broken
    (B, 1, 1, F(1)),
    (B, 0, 1, F(0)),
])
def test_ratio_by_direction(direction, actual, target, expected):
    assert ratio(direction, D(actual), D(target)) == expected


def test_higher_target_zero_is_refused():
    with pytest.raises(ValueError):
        ratio(H, D(5), D(0))


def test_negative_values_are_refused():
    with pytest.raises(ValueError):
        ratio(H, D(-1), D(5))


def test_binary_never_exceeds():
    assert not is_exceeded(B, F(1))
    assert is_exceeded(H, F(101, 100))
    assert not is_exceeded(H, F(1))


# ----------------------------------------------------------------------------- points and score


def test_points_are_capped():
    assert points(D(2), F(150, 100), D("1.2")) == F(24, 10)
    assert points(D(2), F(90, 100), D("1.2")) == F(18, 10)
    assert points(D(1), F(2), D(1)) == F(1)


def test_score_is_weighted_mean_on_max_points():
    # weights 2 and 1; ratios 100% and 50% → (2 + 0.5) / 3 × 100 = 83.33
    assert score(D(100), [F(2), F(1, 2)], [D(2), D(1)]) == D("83.33")


def test_score_can_exceed_max_with_caps_above_100():
    assert score(D(100), [F(12, 10)], [D(1)]) == D("120.00")


@pytest.mark.parametrize(("exact", "shown"), [
    (F(89995, 1000), "90.00"),   # exactly half → up (a float would give 89.99)
    (F(89994, 1000), "89.99"),
    (F(1, 3) * 100, "33.33"),
    (F(2, 3) * 100, "66.67"),
    (F(0), "0.00"),
])
def test_round_half_up_is_exact(exact, shown):
    assert str(round_half_up(exact)) == shown


# ----------------------------------------------------------------------------- grades


@pytest.mark.parametrize(("s", "assigned", "achieved", "exceeded", "grade"), [
    ("90", 10, 10, 3, Grade.HTXSNV),      # exactly 90 and exactly 30% exceeded
    ("90", 10, 10, 2, Grade.HTTNV),       # 20% exceeded is not enough
    ("89.99", 10, 10, 10, Grade.HTTNV),
    ("95", 10, 9, 9, Grade.HTNV),          # not 100% achieved
    ("70", 10, 10, 0, Grade.HTTNV),
    ("69.99", 10, 10, 0, Grade.HTNV),
    ("50", 10, 8, 0, Grade.HTNV),          # exactly 80% achieved
    ("50", 10, 7, 0, Grade.KHTNV),
    ("49.99", 10, 10, 10, Grade.KHTNV),
    ("100", 18, 18, 6, Grade.HTXSNV),     # 6/18 = 33.3%
    ("100", 18, 18, 5, Grade.HTTNV),      # 5/18 = 27.8%
])
def test_grade_before_quota(s, assigned, achieved, exceeded, grade):
    assert grade_before_quota(D(s), assigned, achieved, exceeded, RULES) is grade


def test_grade_rules_from_plan_are_used():
    rules = (GradeRule(grade=Grade.HTXSNV, min_score=D(95), min_achieved_share=D(1)),
             GradeRule(grade=Grade.HTTNV, min_score=D(80)),
             GradeRule(grade=Grade.HTNV, min_score=D(60)))
    assert grade_before_quota(D(94), 4, 4, 4, rules) is Grade.HTTNV
    assert grade_before_quota(D(59), 4, 4, 4, rules) is Grade.KHTNV


# ----------------------------------------------------------------------------- quota and rank


def test_quota_seats_count_excellent_and_good():
    G = Grade
    assert quota_seats(D("0.2"), [G.HTXSNV] * 3 + [G.HTTNV] * 7 + [G.HTNV] * 5) == 2
    assert quota_seats(D("0.2"), [G.HTXSNV] * 4) == 0          # floor(0.8)
    assert quota_seats(D("0.2"), [G.HTXSNV] * 5) == 1
    assert quota_seats(None, [G.HTXSNV] * 5) is None
    assert quota_seats(D(0), [G.HTXSNV] * 5) is None


def test_quota_keeps_the_best():
    assert keep_excellent({"A": D(99), "B": D(98), "C": D(97)}, 2) == {"A", "B"}


def test_quota_tie_straddling_last_seat_lowers_all_tied():
    assert keep_excellent({"A": D(99), "B": D(98), "C": D(98)}, 2) == {"A"}
    assert keep_excellent({"A": D(98), "B": D(98)}, 1) == set()


def test_who_is_lowered_only_by_a_tie_across_the_last_seat():
    # candidate  score     seats  lowered by the tie
    assert tied_at_last_seat({"A": D(99), "B": D(98), "C": D(98)}, 2) == {"B", "C"}
    assert tied_at_last_seat({"A": D(99), "B": D(98), "C": D(97)}, 2) == set()  # C: the quota
    assert tied_at_last_seat({"A": D(98), "B": D(98)}, 1) == {"A", "B"}
    assert tied_at_last_seat({"A": D(98), "B": D(98)}, 0) == set()  # no seat at all
    assert tied_at_last_seat({"A": D(98), "B": D(98)}, None) == set()


@given(st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(95, 100).map(D), max_size=7),
       st.integers(0, 7))
def test_a_tie_lowers_exactly_those_tied_with_the_first_left_out(scores, seats):
    keep, tied = keep_excellent(scores, seats), tied_at_last_seat(scores, seats)
    assert len(keep) <= seats and not keep & tied
    if tied:
        lowest_kept = min((scores[c] for c in keep), default=None)
        (score,) = {scores[c] for c in tied}
        assert lowest_kept is None or lowest_kept > score
        assert len(keep) < seats < len(keep) + len(tied)  # the tie straddles the last seat


def test_quota_not_binding():
    assert keep_excellent({"A": D(99)}, 1) == {"A"}
    assert keep_excellent({"A": D(99), "B": D(90)}, None) == {"A", "B"}


def test_competition_ranking():
    ranks = competition_ranks({"A": D(90), "B": D(95), "C": D(90), "D": D(80)})
    assert ranks == {"B": 1, "A": 2, "C": 2, "D": 4}


# ----------------------------------------------------------------------------- evaluate


def _ret(unit: str, **values) -> Return:
    return Return(file=f"{unit}.xlsx", sha256="0" * 64, unit=unit,
                  values=tuple(ReturnedValue(indicator=k, value=D(v)) for k, v in values.items()))


def test_evaluate_scores_ranks_and_reports_missing_and_rejected():
    from dgsp.model import Problem

    plan = small_plan()
    bad = _ret("XC", I1=100, I2=10, I3=0, I4=1).model_copy(
        update={"problems": (Problem("DG210", unit="XC", file="XC.xlsx"),)})
    ev = evaluate(plan, {
        "XA": _ret("XA", I1=130, I2=8, I3=0, I4=1),   # all achieved, I1 capped at 120%
        "XB": _ret("XB", I1=90, I2=12, I3=1, I4=0),
        "XC": bad,
        "SA": _ret("SA", I1=50, I4=1),
    })
    by = {u.unit.code: u for u in ev.units}
    xa = by["XA"]
    # points: I1 2×1.2 = 2.4; I2 1×min(1.2, 1) = 1; I3 1; I4 1 → 5.4 / 5 × 100 = 108
    assert xa.score == D("108.00")
    assert (xa.assigned, xa.achieved, xa.exceeded) == (4, 4, 2)
    assert xa.indicators[0].capped and xa.indicators[0].ratio == D("1.3")
    # quota 20% of 1 good unit in "Xã" → 0 seats: XA is lowered
    assert xa.grade_before_quota is Grade.HTXSNV and xa.grade is Grade.HTTNV and xa.lowered_by_quota
    xb = by["XB"]
    # I1 2×0.9 = 1.8; I2 2−1.2 = 0.8; I3 0 (zero tolerance); I4 0 → 2.6 / 5 = 52
    assert xb.score == D("52.00") and xb.grade is Grade.KHTNV and xb.rank == 2
    assert by["XC"].status is Status.REJECTED and by["XC"].score is None and by["XC"].rank is None
    assert by["SB"].status is Status.MISSING
    assert [p.code for p in ev.problems] == ["DG210", "DG219"]
    assert [u.unit.code for u in ev.units] == ["XA", "XB", "XC", "SA", "SB"]
    totals = {t.indicator: t for t in ev.totals}
    assert totals["I1"].target == D(250) and totals["I1"].actual == D(270)   # XA, XB, SA
    assert totals["I1"].ratio == D("1.08")
    assert totals["I1"].units_assigned == 5 and totals["I1"].units_scored == 3
    assert totals["I1"].units_achieved == 2 and totals["I1"].units_exceeded == 1
    assert totals["I4"].target is None  # binary: not additive
    assert totals["I4"].units_achieved == 2
    assert not ev.clean


# ----------------------------------------------------------------------------- properties

values = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=D("0.01"), max_value=10**6, places=2)


@given(values, positive)
def test_higher_ratio_is_monotone_in_actual(a, t):
    assert ratio(H, a + 1, t) > ratio(H, a, t)


@given(values, positive)
def test_lower_ratio_never_negative_and_decreasing(a, t):
    r = ratio(L, a, t)
    assert 0 <= r <= 2
    assert ratio(L, a + 1, t) <= r


@given(st.sampled_from([H, L]), values, positive)
def test_achieved_iff_meeting_target(direction, a, t):
    r = ratio(direction, a, t)
    met = a >= t if direction is H else a <= t
    assert (r >= 1) == met


@given(st.lists(st.tuples(st.decimals(min_value=D("0.1"), max_value=10, places=1),
                          st.fractions(min_value=0, max_value=3)), min_size=1, max_size=25),
       st.decimals(min_value=1, max_value=2, places=2))
def test_score_bounds(rows, cap):
    weights = [w for w, _ in rows]
    pts = [points(w, r, cap) for w, r in rows]
    s = score(D(100), pts, weights)
    assert D(0) <= s <= D(100) * cap
    if all(r >= 1 for _, r in rows):
        assert s >= 100


@given(st.dictionaries(st.text("ABCDEFGH", min_size=1, max_size=3),
                       st.decimals(min_value=0, max_value=120, places=2), max_size=12),
       st.integers(min_value=0, max_value=12))
def test_quota_never_exceeded_and_keeps_best(scores, seats):
    kept = keep_excellent(scores, seats)
    assert len(kept) <= max(seats, 0) or len(scores) <= seats
    assert len(kept) <= max(len(scores), seats)
    if len(scores) > seats:
        assert len(kept) <= seats
    # everyone kept scores strictly above everyone lowered
    lowered = set(scores) - kept
    if kept and lowered:
        assert min(scores[k] for k in kept) > max(scores[x] for x in lowered)


@given(st.dictionaries(st.text("ABCDEFGH", min_size=1, max_size=3),
                       st.decimals(min_value=0, max_value=120, places=2), min_size=1, max_size=12))
def test_ranks_are_competition_ranks(scores):
    ranks = competition_ranks(scores)
    for code, s in scores.items():
        assert ranks[code] == 1 + sum(1 for other in scores.values() if other > s)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 20), st.integers(0, 2),
                          st.booleans()), min_size=3, max_size=3))
def test_evaluate_is_deterministic_and_quota_holds(results):
    plan = small_plan()
    returns = {u: _ret(u, I1=a, I2=b, I3=c, I4=int(d))
               for u, (a, b, c, d) in zip(["XA", "XB", "XC"], results)}
    ev1 = evaluate(plan, returns)
    ev2 = evaluate(plan, dict(reversed(list(returns.items()))))
    assert ev1 == ev2
    xa = [u for u in ev1.units if u.unit.group == "Xã"]
    good = sum(u.grade_before_quota in (Grade.HTXSNV, Grade.HTTNV) for u in xa)
    assert sum(u.grade is Grade.HTXSNV for u in xa) <= int(D("0.2") * good)


# ----------------------------------------------------------------------------- total arithmetic
# Issue 9, item 1: a result ≥ 10¹⁶ × its target made `to_decimal` raise InvalidOperation
# (quantize in the default 28-digit context), and the whole `score` run stopped.


@pytest.mark.parametrize("actual, target", [
    (D("1e16"), D(1)), (D("1e22"), D(1)), (D("1e308"), D(1)),
    (D("1234567890123456789012345678901"), D(1)), (D(5), D("1e-30")),
    (D("1e308"), D("1e-300")),
])
def test_huge_ratios_never_crash_and_stay_exact(actual, target):
    from dgsp.model import Indicator
    from dgsp.scoring.rules import result_for, to_decimal

    ind = Indicator(code="X", name="X", cap=D("1.2"))
    r = result_for(ind, target, actual)
    assert abs(F(r.ratio) - F(actual) / F(target)) <= F(1, 2 * 10**12)
    assert r.points == D("1.2") and r.capped and r.achieved
    assert F(to_decimal(F(actual) / F(target))) * 10**12 == round(F(actual) / F(target) * 10**12)
    ev = evaluate(small_plan(), {"XA": _ret("XA", I1=actual, I2=8, I3=0, I4=1)})
    assert ev.units[0].score is not None


@given(st.fractions(min_value=0, max_value=F(10**400)))
@settings(max_examples=200, deadline=None)
def test_to_decimal_is_total_and_rounds_half_even_to_12_places(x):
    from dgsp.scoring.rules import to_decimal

    d = to_decimal(x)
    assert abs(F(d) - x) <= F(1, 2 * 10**12)
    assert d == d.normalize(__import__("decimal").Context(prec=10**4))


@given(st.lists(st.tuples(st.sampled_from("ABCDE"), st.sampled_from([*Grade, None]),
                          st.sampled_from([Status.SCORED, Status.MISSING, Status.NOT_GRADED])),
                max_size=40),
       st.sampled_from([None, D("0.2"), D("0.5")]))
def test_the_seats_of_every_group_in_one_pass_are_each_groups_own(rows, quota):
    """group_seats groups the entities once (it went through them once per group): each
    group's seats are quota_seats of its own scored entities' grades before the quota."""
    from dgsp.model import Unit, UnitEvaluation
    from dgsp.scoring import group_seats, quota_seats

    plan = small_plan(excellent_quota=quota)
    entities = [UnitEvaluation(unit=Unit(code=f"U{i}", name="", group=g), status=status,
                               grade_before_quota=grade)
                for i, (g, grade, status) in enumerate(rows)]
    expected = {}
    for group in dict.fromkeys(g for g, _, _ in rows):
        n = quota_seats(quota, [grade for g, grade, status in rows
                                if g == group and status is Status.SCORED])
        if n is not None:
            expected[group] = n
    assert group_seats(plan, entities) == expected
