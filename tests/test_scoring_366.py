"""The rules of Quy định 366's evaluation: 30 + 70 points, deadlines, conditions, officials,
the quota's base and rounding, decisions. Each rule by a small table and by a property."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from fractions import Fraction

import pytest
from conftest import small_plan
from hypothesis import given, settings
from hypothesis import strategies as st

from dgsp.model import (
    DEFAULT_GRADE_RULES,
    Appraisal,
    AppraisedScore,
    Conditions,
    Criterion,
    CriterionScoring,
    Direction,
    Grade,
    GradeRule,
    Indicator,
    Official,
    Plan,
    QuotaBase,
    Return,
    ReturnedValue,
    SeatRounding,
    SelfScore,
    Status,
    Target,
    Unit,
    VerifiedResult,
)
from dgsp.scoring import (
    apply_conditions,
    competition_ranks,
    evaluate,
    general_points,
    grade_before_quota,
    grade_by_rules,
    is_late,
    points,
    quota_seats,
    result_for,
    round_half_up,
    score,
    task_points,
    valid_criterion_score,
)

G = list(Grade)
grades = st.sampled_from(G)
nothing = Conditions(entity="X")


def worse_or_equal(a: Grade | None, b: Grade) -> bool:
    return a is None or G.index(a) >= G.index(b)


# ============================================================================= 1. task and general points


@pytest.mark.parametrize("max_points, g, general, pts, weights, expected", [
    # max  G   G_e        points          weights    score
    (100, 0, 0, [Fraction(1), Fraction(1)], [1, 1], D("100.00")),  # today's plans: G = 0
    (100, 30, 30, [Fraction(1), Fraction(1)], [1, 1], D("100.00")),
    (100, 30, D("27.5"), [Fraction(1), Fraction(1, 2)], [1, 1], D("80.00")),  # 27.5 + 70×0.75
    (100, 30, D("22.25"), [Fraction(2), Fraction(2, 3)], [2, 1], D("84.47")),  # 22.25 + 70×8/9
    (100, 30, 0, [Fraction(0)], [1], D("0.00")),
])
def test_score_is_general_plus_task_points(max_points, g, general, pts, weights, expected):
    assert score(D(max_points) - D(g), pts, weights, general) == expected


@given(st.lists(st.tuples(st.fractions(0, 3), st.integers(1, 5)), min_size=1, max_size=8),
       st.integers(0, 60), st.integers(0, 240))
def test_property_score_rounds_the_exact_sum_once(rows, g, quarters):
    pts, weights = [p for p, _ in rows], [w for _, w in rows]
    general = D(min(quarters, 4 * g)) / 4  # general points step by 0.25, up to G
    t = task_points(100 - g, pts, weights)
    assert t == Fraction(100 - g) * sum(pts) / sum(weights)
    assert score(D(100 - g), pts, weights, general) == round_half_up(Fraction(general) + t)
    assert score(D(100 - g), pts, weights) == round_half_up(t)  # G_e = 0: today's score


CRITERIA = (
    Criterion(code="C1", name="Chính trị", max_points=D(5)),
    Criterion(code="C2", name="Kỷ luật", max_points=D("2.5"), scoring=CriterionScoring.BINARY),
    Criterion(code="C3", name="Đoàn kết", max_points=D(10), individual=False),
)


@pytest.mark.parametrize("appraised, own, total, unscored", [
    # appraised         self-scores                    G_e    not scored
    ({}, {"C1": D(4), "C2": D("2.5"), "C3": D(9)}, 15.5, []),
    ({"C1": D(3)}, {"C1": D(5), "C2": D("2.5"), "C3": D(9)}, 14.5, []),  # appraised wins
    ({}, {"C1": D(5), "C2": None}, 5, ["C2", "C3"]),  # not assessed: counts 0
    ({"C2": D(0)}, {}, 0, ["C1", "C3"]),
])
def test_general_points_appraised_else_self_else_zero(appraised, own, total, unscored):
    got, missing = general_points(CRITERIA, appraised, own)
    assert (got, missing) == (Fraction(D(str(total))), unscored)


@given(st.dictionaries(st.sampled_from(["C1", "C2", "C3"]), st.integers(0, 20).map(lambda n: D(n) / 4)),
       st.dictionaries(st.sampled_from(["C1", "C2", "C3"]),
                       st.none() | st.integers(0, 20).map(lambda n: D(n) / 4)))
def test_property_general_points_take_each_criterion_once(appraised, own):
    got, missing = general_points(CRITERIA, appraised, own)
    expected = Fraction(0)
    for c in CRITERIA:
        v = appraised.get(c.code, own.get(c.code))
        if v is None:
            assert c.code in missing
        else:
            expected += Fraction(v)
    assert got == expected


@pytest.mark.parametrize("criterion, value, ok", [
    (CRITERIA[0], D("4.75"), True),
    (CRITERIA[0], D("4.7"), False),  # scale: steps of 0.25
    (CRITERIA[0], D("5.25"), False),  # above max
    (CRITERIA[0], D("-0.25"), False),
    (CRITERIA[1], D("2.5"), True),
    (CRITERIA[1], D(0), True),
    (CRITERIA[1], D("1.25"), False),  # binary: full points or 0
])
def test_valid_criterion_score(criterion, value, ok):
    assert valid_criterion_score(criterion, value) is ok


# ============================================================================= 2. deadlines


LATE = Indicator(code="K", name="Đề án", direction=Direction.BINARY, late_deduction=D("0.25"))


@pytest.mark.parametrize("due, completed, late, pts", [
    # due               completed          late   points (weight 1)
    (None, date(2026, 12, 1), False, 1),
    (date(2026, 6, 30), date(2026, 6, 30), False, 1),  # on the day: on time
    (date(2026, 6, 30), date(2026, 7, 1), True, D("0.75")),  # NĐ 335's 25%
    (date(2026, 6, 30), None, False, 1),
])
def test_a_late_task_loses_its_deduction(due, completed, late, pts):
    r = result_for(LATE, D(1), D(1), due=due, completed=completed)
    assert (r.late, r.points, r.achieved) == (late, D(pts), True)


@given(st.fractions(0, 3), st.fractions(1, 2), st.integers(1, 4).map(D),
       st.integers(0, 100).map(lambda n: D(n) / 100), st.dates(), st.dates())
def test_property_lateness_only_ever_takes_points_off(r, cap, w, deduction, due, completed):
    on_time = points(w, r, cap)
    late = points(w, r, cap, deduction)
    assert late == on_time * (1 - Fraction(deduction)) <= on_time
    assert is_late(due, completed) == (completed > due)
    assert not is_late(None, completed) and not is_late(due, None)


# ============================================================================= 3. grade by the rules, with behind


@pytest.mark.parametrize("score_, assigned, achieved, exceeded, behind, grade, reason", [
    # score  tasks achieved exceeded behind  grade       first reason
    (95, 6, 6, 2, 0, Grade.HTXSNV, "met"),
    (95, 6, 6, 1, 0, Grade.HTTNV, "below_exceeded"),  # 1/6 < 30%
    (95, 6, 6, 2, 1, Grade.HTNV, "over_behind"),  # one done late: not HTTNV
    (99.31, 6, 4, 0, 2, Grade.KHTNV, "below_achieved"),  # the seed's 4/6 (66.7%) < 80%
    (80, 5, 4, 0, 1, Grade.HTNV, "below_achieved"),  # behind = 1 − achieved: one reason
    (80, 5, 4, 0, 2, Grade.KHTNV, "over_behind"),  # 4 achieved, one of them late: 40% behind
    (45, 6, 6, 6, 0, Grade.KHTNV, "below_score"),
])
def test_grade_by_rules_and_its_reason(score_, assigned, achieved, exceeded, behind, grade, reason):
    got, reasons = grade_by_rules(D(str(score_)), assigned, achieved, exceeded,
                                  DEFAULT_GRADE_RULES, behind)
    assert got is grade and reasons[0].code == reason
    if reason == "below_achieved" and behind == assigned - achieved:
        assert [r.code for r in reasons] == ["below_achieved"]


def test_the_seeds_reason_has_its_figures():
    _, (reason,) = grade_by_rules(D("99.31"), 6, 4, 0, DEFAULT_GRADE_RULES)
    assert reason.params == {"grade": "HTNV", "count": 4, "assigned": 6,
                             "share": D("0.666666666667"), "limit": D("0.8")}


def test_max_behind_share_from_the_plan():
    rules = tuple(r.model_copy(update={"max_behind_share": D("0.4")})
                  if r.grade is Grade.HTNV else r for r in DEFAULT_GRADE_RULES)
    rules = (*rules[:2], GradeRule(grade=Grade.HTNV, min_score=D(50),
                                   min_achieved_share=D("0.5"), max_behind_share=D("0.4")))
    assert grade_by_rules(D(80), 5, 3, 0, rules, 2)[0] is Grade.HTNV  # 40% behind allowed
    assert grade_by_rules(D(80), 5, 3, 0, rules, 3)[0] is Grade.KHTNV


@given(st.decimals(0, 100, places=2), st.integers(1, 12).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(0, n), st.integers(0, n))))
def test_property_without_deadlines_the_grade_is_todays(score_, counts):
    n, achieved, exceeded = counts
    exceeded = min(exceeded, achieved)
    old = Grade.KHTNV
    for rule in DEFAULT_GRADE_RULES:  # today's rule, written out
        if (score_ >= rule.min_score and Fraction(achieved, n) >= Fraction(rule.min_achieved_share)
                and Fraction(exceeded, n) >= Fraction(rule.min_exceeded_share)):
            old = rule.grade
            break
    assert grade_before_quota(score_, n, achieved, exceeded, DEFAULT_GRADE_RULES) is old
    assert grade_by_rules(score_, n, achieved, exceeded, DEFAULT_GRADE_RULES)[1]


@given(st.decimals(0, 100, places=2), st.integers(1, 12).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(0, n), st.integers(0, n))))
def test_property_a_late_task_never_raises_a_grade(score_, counts):
    n, achieved, late = counts
    late = min(late, achieved)
    on_time = grade_by_rules(score_, n, achieved, 0, DEFAULT_GRADE_RULES)[0]
    with_late = grade_by_rules(score_, n, achieved, 0, DEFAULT_GRADE_RULES, n - achieved + late)[0]
    assert worse_or_equal(with_late, on_time)


# ============================================================================= 4. the conditions


@pytest.mark.parametrize("grade, cond, critical, individual, unit, expected, codes", [
    # grade        conditions                                   critical  person  unit grade    result        reasons
    (Grade.HTXSNV, {}, [], False, None, Grade.HTXSNV, []),
    (Grade.HTXSNV, {"not_graded": "Dưới 2 tháng"}, [], True, None, None, ["not_graded"]),
    (Grade.HTXSNV, {"disciplined": True}, [], True, None, Grade.KHTNV, ["disciplined"]),
    (Grade.HTTNV, {}, ["KT01"], False, None, Grade.KHTNV, ["critical_missed"]),
    (Grade.HTXSNV, {"remedied": False}, [], False, None, Grade.HTTNV, ["not_remedied"]),
    (Grade.HTNV, {"remedied": False}, [], False, None, Grade.HTNV, []),  # a ceiling above: silent
    (Grade.HTXSNV, {"sub_disciplined": True}, [], False, None, Grade.HTTNV, ["sub_disciplined"]),
    (Grade.HTXSNV, {"sub_disciplined": True}, [], True, None, Grade.HTXSNV, []),  # collectives only
    (Grade.HTXSNV, {}, [], True, Grade.HTNV, Grade.HTNV, ["unit_ceiling"]),
    (Grade.HTNV, {}, [], True, Grade.HTTNV, Grade.HTNV, []),
    (Grade.KHTNV, {"disciplined": True}, [], True, None, Grade.KHTNV, ["disciplined"]),  # always said
])
def test_conditions_in_order(grade, cond, critical, individual, unit, expected, codes):
    got, reasons = apply_conditions(grade, Conditions(entity="X", **cond), critical, individual, unit)
    assert got is expected and [r.code for r in reasons] == codes


@given(grades, st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans(),
       st.none() | grades)
def test_property_conditions_never_raise_a_grade(grade, disciplined, remedied, sub, critical,
                                                 individual, unit):
    cond = Conditions(entity="X", disciplined=disciplined, remedied=remedied, sub_disciplined=sub)
    got, reasons = apply_conditions(grade, cond, ["K"] if critical else [], individual, unit)
    assert worse_or_equal(got, grade)
    if disciplined or critical:
        assert got is Grade.KHTNV
    if not remedied or (sub and not individual):
        assert worse_or_equal(got, Grade.HTTNV)
    if individual and unit is not None:
        assert worse_or_equal(got, unit)
    if got is not grade:
        assert reasons  # every change has its reason


# ============================================================================= 5. the quota's base and rounding


@pytest.mark.parametrize("base, rounding, grades_, seats", [
    # 3 HTXSNV and 4 HTTNV, quota 20%
    (QuotaBase.GOOD_OR_BETTER, SeatRounding.FLOOR, "XXXTTTT", 1),  # 20% × 7 = 1.4
    (QuotaBase.GOOD_OR_BETTER, SeatRounding.HALF_UP, "XXXTTTT", 1),
    (QuotaBase.GOOD_OR_BETTER, SeatRounding.HALF_UP, "XXXTTTTTNK", 2),  # 20% × 8 = 1.6
    (QuotaBase.GOOD, SeatRounding.FLOOR, "XXXTTTTT", 1),  # 20% × 5 = 1
    (QuotaBase.GOOD, SeatRounding.HALF_UP, "XXXTTTTTT", 1),  # 20% × 6 = 1.2
    (QuotaBase.GOOD_OR_BETTER, SeatRounding.HALF_UP, "XXTTTTTTTTTTT", 3),  # 2.5 rounds up
])
def test_quota_seats_by_base_and_rounding(base, rounding, grades_, seats):
    letter = {"X": Grade.HTXSNV, "T": Grade.HTTNV, "N": Grade.HTNV, "K": Grade.KHTNV}
    assert quota_seats(D("0.2"), [letter[c] for c in grades_], base, rounding) == seats


@given(st.lists(grades, max_size=40), st.integers(1, 100).map(lambda n: D(n) / 100))
def test_property_seats_by_base_and_rounding(gs, quota):
    floor_all = quota_seats(quota, gs)
    assert floor_all == quota_seats(quota, gs, QuotaBase.GOOD_OR_BETTER, SeatRounding.FLOOR)
    assert floor_all <= quota_seats(quota, gs, rounding=SeatRounding.HALF_UP) <= floor_all + 1
    assert quota_seats(quota, gs, QuotaBase.GOOD) <= floor_all
    n = sum(g in (Grade.HTXSNV, Grade.HTTNV) for g in gs)
    assert floor_all <= quota * n < floor_all + 1


# ============================================================================= 6. the whole round


def round_plan(**overrides) -> Plan:
    """Two communes of one group with two officials each, 30 general points, one critical
    indicator, one Đạt task due 30/06 with a 25% deduction."""
    indicators = (
        Indicator(code="I1", name="Kết nạp đảng viên", weight=D(2)),
        Indicator(code="I2", name="Thu ngân sách", critical=True),
        Indicator(code="I3", name="Đề án", direction=Direction.BINARY, additive=False,
                  late_deduction=D("0.25")),
    )
    targets = tuple(
        t for u in ("XA", "XB") for t in (
            Target(unit=u, indicator="I1", value=D(100)),
            Target(unit=u, indicator="I2", value=D(50)),
            Target(unit=u, indicator="I3", value=D(1), due=date(2026, 6, 30))))
    criteria = (
        Criterion(code="T1", name="Lãnh đạo, đoàn kết", max_points=D(15), individual=False),
        Criterion(code="T2", name="Kỷ luật", max_points=D(15), individual=False),
        Criterion(code="P1", name="Chính trị", max_points=D(20), collective=False),
        Criterion(code="P2", name="Đạo đức", max_points=D(10), collective=False,
                  scoring=CriterionScoring.BINARY),
    )
    officials = (
        Official(code="XA-BT", name="Nguyễn Văn An", position="Bí thư", unit="XA", group="Bí thư"),
        Official(code="XA-CT", name="Trần Thị Bình", position="Chủ tịch", unit="XA", group="Chủ tịch"),
        Official(code="XB-BT", name="Lê Văn Cường", position="Bí thư", unit="XB", group="Bí thư"),
        Official(code="XB-CT", name="Phạm Thị Dung", position="Chủ tịch", unit="XB", group="Chủ tịch"),
    )
    data = dict(year=2026, units=(Unit(code="XA", name="Xã A", group="Xã"),
                                  Unit(code="XB", name="Xã B", group="Xã")),
                indicators=indicators, targets=targets, general_points=D(30), criteria=criteria,
                officials=officials, excellent_quota=D(1))
    data.update(overrides)
    return Plan(**data)


def a_return(unit: str, i1, i2, done=True, completed=date(2026, 6, 1), self_=None) -> Return:
    values = (ReturnedValue(indicator="I1", value=D(i1)), ReturnedValue(indicator="I2", value=D(i2)),
              ReturnedValue(indicator="I3", value=D(int(done)), completed=completed if done else None))
    scores = self_ if self_ is not None else {unit: {"T1": 15, "T2": 15},
                                              f"{unit}-BT": {"P1": 20, "P2": 10},
                                              f"{unit}-CT": {"P1": 20, "P2": 10}}
    return Return(file=f"{unit}.xlsx", sha256="0" * 64, unit=unit, values=values,
                  self_scores=tuple(SelfScore(entity=e, criterion=c, value=None if v is None else D(str(v)))
                                    for e, cs in scores.items() for c, v in cs.items()))


def by_code(ev):
    return {e.code: e for e in (*ev.units, *ev.officials)}


def test_a_round_of_collectives_and_officials():
    plan = round_plan()
    ev = evaluate(plan, {"XA": a_return("XA", 130, 60), "XB": a_return("XB", 90, 40)}, workers=1)
    e = by_code(ev)
    #   entity   general task    score    grade          (XA: all achieved, 2 exceeded of 3)
    table = {
        "XA":    (D(30), D(70), D(100), Grade.HTXSNV),
        "XA-BT": (D(30), D(70), D(100), Grade.HTXSNV),
        "XA-CT": (D(30), D(70), D(100), Grade.HTXSNV),
        "XB":    (D(30), D(63), D(93), Grade.KHTNV),  # 70 × 3.6/4; I2, critical, not achieved
        "XB-BT": (D(30), D(63), D(93), Grade.KHTNV),
    }
    for code, (general, task, total, grade) in table.items():
        got = e[code]
        assert (got.general_points, got.task_points, got.score, got.grade) == (
            general, task, total, grade), code
    assert [r.code for r in e["XB"].reasons] == ["below_achieved", "critical_missed"]
    assert e["XB-BT"].unit.code == "XB" and e["XB-BT"].official.position == "Bí thư"
    assert ev.officials[0].code == "XA-BT"  # officials ordered by their own groups
    assert [o.group for o in ev.officials] == ["Bí thư", "Bí thư", "Chủ tịch", "Chủ tịch"]


def test_a_late_task_is_behind_and_loses_its_deduction():
    plan = round_plan()
    ev = evaluate(plan, {"XA": a_return("XA", 130, 60, completed=date(2026, 7, 15)),
                         "XB": a_return("XB", 100, 50)}, workers=1)
    xa = by_code(ev)["XA"]
    i3 = next(r for r in xa.indicators if r.indicator == "I3")
    assert (i3.late, i3.points, xa.late, xa.behind) == (True, D("0.75"), 1, 1)
    # points 2×1 (capped) + 1 + 0.75 of weight 4 → 70 × 3.75 / 4 = 65.625
    assert (xa.task_points, xa.score) == (D("65.63"), D("95.63"))
    # 1 of 3 tasks behind is 33% > HTNV's 20%
    assert xa.grade is Grade.KHTNV and [r.code for r in xa.reasons] == ["over_behind"]


def test_the_appraisal_corrects_scores_and_sets_the_conditions():
    plan = round_plan()
    returns = {"XA": a_return("XA", 130, 60), "XB": a_return("XB", 100, 50)}
    appraisal = Appraisal(
        results=(VerifiedResult(unit="XB", indicator="I2", value=D(45), ground="Báo cáo KBNN"),),
        scores=(AppraisedScore(entity="XA", criterion="T1", value=D(10)),),
        conditions=(Conditions(entity="XA-CT", disciplined=True),
                    Conditions(entity="XA-BT", not_graded="Giữ chức vụ dưới 2 tháng"),
                    Conditions(entity="XB-CT", decision=Grade.HTTNV, decision_ground="QĐ 12")))
    ev = evaluate(plan, returns, appraisal=appraisal, workers=1)
    e = by_code(ev)
    assert ev.appraised and all(x.appraised for x in e.values())
    xb_i2 = next(r for r in e["XB"].indicators if r.indicator == "I2")
    assert (xb_i2.reported, xb_i2.verified, xb_i2.actual, xb_i2.ground, xb_i2.achieved) == (
        D(50), D(45), D(45), "Báo cáo KBNN", False)
    assert e["XB"].grade is Grade.KHTNV and e["XB"].self_grade is not Grade.KHTNV
    assert (e["XA"].general_points, e["XA"].self_score, e["XA"].score) == (D(25), D(100), D(95))
    assert e["XA-CT"].grade is Grade.KHTNV and "disciplined" in [r.code for r in e["XA-CT"].reasons]
    assert e["XA-BT"].status is Status.NOT_GRADED and e["XA-BT"].grade is None
    assert e["XA-BT"].rank is None and e["XB-BT"].rank == 1  # ranked among graded only
    assert (e["XB-CT"].grade, e["XB-CT"].grade_before_decision, e["XB-CT"].decision_ground) == (
        Grade.HTTNV, Grade.KHTNV, "QĐ 12")
    assert e["XB-CT"].reasons[-1].code == "decided"


def test_an_official_is_never_graded_above_the_unit():
    plan = round_plan()
    appraisal = Appraisal(conditions=(Conditions(entity="XA", remedied=False),))
    ev = evaluate(plan, {"XA": a_return("XA", 130, 60), "XB": a_return("XB", 100, 50)},
                  appraisal=appraisal, workers=1)
    e = by_code(ev)
    assert e["XA"].grade is Grade.HTTNV
    assert e["XA-BT"].grade is Grade.HTTNV and e["XA-BT"].reasons[-1].code == "unit_ceiling"


def test_unscored_criteria_count_zero_with_a_warning():
    plan = round_plan()
    own = {"XA": {"T1": 15, "T2": None}, "XA-BT": {"P1": 20, "P2": 10}, "XA-CT": {}}
    ev = evaluate(plan, {"XA": a_return("XA", 100, 50, self_=own),
                         "XB": a_return("XB", 100, 50)}, workers=1)
    e = by_code(ev)
    assert (e["XA"].general_points, e["XA-CT"].general_points) == (D(15), D(0))
    warned = {p.params["entity"]: p.params["criteria"] for p in ev.problems if p.code == "DG640"}
    assert warned == {"XA": "T2", "XA-CT": "P1, P2"}


def test_quota_applies_to_collectives_and_officials_apart():
    plan = round_plan(excellent_quota=D("0.5"))
    ev = evaluate(plan, {"XA": a_return("XA", 130, 60), "XB": a_return("XB", 130, 60)}, workers=1)
    e = by_code(ev)
    # two HTXSNV in each pool of two, tied: 50% × 2 = 1 seat, the tie lowers both
    for code in ("XA", "XB", "XA-BT", "XB-BT", "XA-CT", "XB-CT"):
        assert e[code].grade is Grade.HTTNV and e[code].lowered_by_quota, code
        assert e[code].reasons[-1].code == "quota"


def test_a_decision_over_the_quota_is_a_warning():
    plan = round_plan(excellent_quota=D("0.5"))
    appraisal = Appraisal(conditions=(Conditions(entity="XA", decision=Grade.HTXSNV,
                                                 decision_ground="NQ 5"),
                                      Conditions(entity="XB", decision=Grade.HTXSNV,
                                                 decision_ground="NQ 5")))
    ev = evaluate(plan, {"XA": a_return("XA", 130, 60), "XB": a_return("XB", 130, 60)},
                  appraisal=appraisal, workers=1)
    assert by_code(ev)["XA"].grade is Grade.HTXSNV
    assert [(p.code, p.params) for p in ev.problems if p.code == "DG641"] == [
        ("DG641", {"group": "Xã", "seats": 1, "count": 2})]


def test_officials_of_a_unit_not_graded_are_graded_on_its_results():
    plan = round_plan()
    appraisal = Appraisal(conditions=(Conditions(entity="XA", not_graded="Đơn vị mới thành lập"),))
    ev = evaluate(plan, {"XA": a_return("XA", 130, 60), "XB": a_return("XB", 100, 50)},
                  appraisal=appraisal, workers=1)
    e = by_code(ev)
    assert (e["XA"].status, e["XA"].grade, e["XA"].score) == (Status.NOT_GRADED, None, D(100))
    assert (e["XA-BT"].status, e["XA-BT"].grade) == (Status.SCORED, Grade.HTXSNV)
    assert "unit_ceiling" not in [r.code for r in e["XA-BT"].reasons]  # no unit grade: no ceiling


def test_officials_share_a_missing_or_rejected_units_status():
    plan = round_plan()
    ev = evaluate(plan, {"XA": a_return("XA", 130, 60)}, workers=1)
    e = by_code(ev)
    assert e["XB-BT"].status is Status.MISSING and e["XB-BT"].score is None


def test_a_plan_without_the_new_parts_scores_as_before():
    plan = small_plan()
    assert plan.general_points == 0 and not plan.officials
    ret = Return(file="XA.xlsx", sha256="0" * 64, unit="XA", values=(
        ReturnedValue(indicator="I1", value=D(110)), ReturnedValue(indicator="I2", value=D(12)),
        ReturnedValue(indicator="I3", value=D(0)), ReturnedValue(indicator="I4", value=D(1))))
    ev = evaluate(plan, {"XA": ret}, workers=1)
    xa = ev.units[0]
    # (2 × 1.1 + 0.8 + 1 + 1) / 5 × 100 = 100.00
    assert (xa.score, xa.task_points, xa.general_points, ev.officials) == (D(100), D(100), D(0), ())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 100), st.booleans(),
                          st.integers(-10, 10)), min_size=2, max_size=2),
       st.lists(st.sampled_from(["disciplined", "remedied", "not_graded", None]), min_size=6,
                max_size=6))
def test_property_one_entitys_conditions_never_change_another_units_score(rows, flags):
    plan = round_plan()
    returns = {u: a_return(u, i1, i2, done, date(2026, 6, 30) if late == 0 else
                           date(2026, 7, 1 + min(late, 9)) if late > 0 else date(2026, 6, 1))
               for u, (i1, i2, done, late) in zip(("XA", "XB"), rows, strict=True)}
    entities = ["XA", "XB", "XA-BT", "XA-CT", "XB-BT", "XB-CT"]
    conds = []
    for code, flag in zip(entities, flags, strict=True):
        if flag == "disciplined":
            conds.append(Conditions(entity=code, disciplined=True))
        elif flag == "remedied":
            conds.append(Conditions(entity=code, remedied=False))
        elif flag == "not_graded":
            conds.append(Conditions(entity=code, not_graded="x"))
    plain = by_code(evaluate(plan, returns, workers=1))
    judged = by_code(evaluate(plan, returns, appraisal=Appraisal(conditions=tuple(conds)),
                              workers=1))
    for code in entities:
        assert plain[code].score == judged[code].score  # conditions decide grades, not scores
        assert worse_or_equal(judged[code].grade_before_quota, plain[code].grade_before_quota) \
            or judged[code].grade_before_quota is None


def test_dg642_a_decision_on_an_entity_not_scored_is_not_applied():
    plan = round_plan()
    appraisal = Appraisal(conditions=(Conditions(entity="XB", decision=Grade.HTTNV,
                                                 decision_ground="QĐ 7"),))
    ev = evaluate(plan, {"XA": a_return("XA", 130, 60)}, appraisal=appraisal, workers=1)
    xb = by_code(ev)["XB"]
    assert (xb.status, xb.grade) == (Status.MISSING, None)
    assert [(p.code, p.params) for p in ev.problems if p.code == "DG642"] == [
        ("DG642", {"entity": "XB", "status": "missing"})]


def test_the_general_criteria_behind_each_entity():
    plan = round_plan()
    appraisal = Appraisal(scores=(AppraisedScore(entity="XA-BT", criterion="P1", value=D(18)),))
    own = {"XA": {"T1": 15, "T2": 15}, "XA-BT": {"P1": 20, "P2": None}, "XA-CT": {}}
    ev = evaluate(plan, {"XA": a_return("XA", 130, 60, self_=own), "XB": a_return("XB", 100, 50)},
                  appraisal=appraisal, workers=1)
    rows = [(c.criterion, c.max_points, c.self_score, c.appraised, c.points)
            for c in by_code(ev)["XA-BT"].criteria]
    #        criterion max    self    appraised  used
    assert rows == [("P1", D(20), D(20), D(18), D(18)),
                    ("P2", D(10), None, None, D(0))]
    assert by_code(ev)["XA-BT"].general_points == D(18)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(50, 150), st.integers(30, 70)), min_size=2, max_size=2),
       st.dictionaries(st.sampled_from(["XA", "XB", "XA-BT", "XA-CT", "XB-BT", "XB-CT"]),
                       grades, max_size=4),
       st.sets(st.sampled_from(["XA-BT", "XA-CT", "XB-BT", "XB-CT"]), max_size=2))
def test_property_decisions_replace_grades_and_ranks_count_the_graded(rows, decisions, ungraded):
    plan = round_plan()
    returns = {u: a_return(u, i1, i2) for u, (i1, i2) in zip(("XA", "XB"), rows, strict=True)}
    not_graded = tuple(Conditions(entity=e, not_graded="mới bổ nhiệm") for e in ungraded)
    decided = tuple(Conditions(entity=e, decision=g, decision_ground="QĐ")
                    for e, g in decisions.items() if e not in ungraded)
    plain = by_code(evaluate(plan, returns, appraisal=Appraisal(conditions=not_graded), workers=1))
    judged_ev = evaluate(plan, returns, appraisal=Appraisal(conditions=not_graded + decided),
                         workers=1)
    judged = by_code(judged_ev)
    for code, e in judged.items():
        if code in ungraded:
            assert (e.status, e.grade, e.rank) == (Status.NOT_GRADED, None, None)
        elif code in decisions:  # the decision replaces the grade after the quota
            assert e.grade is decisions[code] and e.decision_ground == "QĐ"
            assert e.grade_before_decision is plain[code].grade
        else:
            assert e.grade is plain[code].grade
        assert e.score == plain[code].score  # decisions never change a score
    for pool in (judged_ev.units, judged_ev.officials):
        for group in {e.group for e in pool}:
            graded = {e.code: e.score for e in pool if e.group == group
                      and e.status is Status.SCORED}
            assert {e.code: e.rank for e in pool if e.code in graded} == competition_ranks(graded)
