"""The scoring rules, as pure functions over exact numbers.

Arithmetic is exact, from the decimals the user typed, so a share of exactly 30%
is 30% and a score of exactly 89.995 rounds half-up to 90.00 and not to 89.99.
Only the final values are turned into decimals for display and ranking. The
functions below state the rules in :class:`fractions.Fraction`; the scorer runs
the same rules in plain integers (``exact_*``: a number is a pair n/d, never
reduced), 2× faster, and the tests hold the two equal (``tests/test_exact_scoring.py``).

Rules (defaults from Quy định 366-QĐ/TW Art. 11 and Nghị định 335/2025/NĐ-CP;
the plan may change weights, caps, thresholds and the quota):

- ratio r: higher-is-better a/t; lower-is-better max(0, 2 − a/t), or for a
  zero-tolerance target (t = 0) 1 when a = 0 else 0; binary 1 when done else 0.
- achieved r ≥ 1; exceeded r > 1 (never for binary).
- points w × min(r, cap), × (1 − late deduction) for a task done after its due date.
- task points T = (max_points − G) × Σpoints / Σw; general points G_e: the sum of the
  criteria that apply (appraised, else self-assessed, else 0); score = round_half_up(G_e + T, 2).
- grade: the first rule whose conditions all hold (score, achieved, exceeded and behind
  shares), else KHTNV; then the conditions of 366 Điều 11 (:func:`apply_conditions`).
- quota: within a peer group at most floor(quota × base) entities keep HTXSNV, the base
  being #(HTXSNV or HTTNV) (or #HTTNV, and half-up rounding, as the plan says); a tie
  across the last seat lowers every tied entity.
- rank: standard competition ranking (1, 2, 2, 4) by rounded score, within the group.

The full statement, with examples, is ``docs/scoring.md``.
"""

from __future__ import annotations

import decimal
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from dgsp.model import (
    Conditions,
    Criterion,
    CriterionScoring,
    Direction,
    Grade,
    GradeRule,
    Indicator,
    IndicatorResult,
    QuotaBase,
    Reason,
    SeatRounding,
)
from dgsp.text import SHARED_DECIMALS, shared

ONE = Fraction(1)
ZERO = Fraction(0)
_DECIMALS = 12
_SCALE = 10**_DECIMALS
_CONTEXT = decimal.Context(prec=28)
_FAST_DIGITS = 10**27  # fewer digits than _CONTEXT's


# ----------------------------------------------------------------------------- one indicator


def ratio(direction: Direction, actual: Decimal | Fraction, target: Decimal | Fraction) -> Fraction:
    """The achievement ratio (tỷ lệ đạt) of one result against its target."""
    a, t = Fraction(actual), Fraction(target)
    if a < 0 or t < 0:
        raise ValueError("targets and results are never negative")
    if direction is Direction.HIGHER:
        if t == 0:
            raise ValueError("a higher-is-better target must be > 0")
        return a / t
    if direction is Direction.LOWER:
        if t == 0:  # zero tolerance
            return ONE if a == 0 else ZERO
        return max(ZERO, 2 - a / t)
    return ONE if a >= 1 else ZERO


def is_achieved(r: Fraction) -> bool:
    return r >= 1


def is_exceeded(direction: Direction, r: Fraction) -> bool:
    return direction is not Direction.BINARY and r > 1


def points(weight: Decimal | Fraction, r: Fraction, cap: Decimal | Fraction,
           late_deduction: Decimal | Fraction = 0) -> Fraction:
    """w × min(r, cap), × (1 − late deduction) for a late task (pass 0 when on time)."""
    return Fraction(weight) * min(r, Fraction(cap)) * (1 - Fraction(late_deduction))


def is_late(due: date | None, completed: date | None) -> bool:
    """Done after its due date (chậm tiến độ); a task with no due date, or not done, never is."""
    return due is not None and completed is not None and completed > due


def round_half_up(x: Fraction, places: int = 2) -> Decimal:
    """Round a non-negative exact number half-up: 89.995 → 90.00."""
    scale = 10**places
    n = math.floor(x * scale + Fraction(1, 2))
    return (Decimal(n) / scale).quantize(Decimal(1).scaleb(-places))


def task_points(block: Decimal | Fraction, pts: Iterable[Fraction],
                weights: Iterable[Decimal | Fraction]) -> Fraction:
    """T = block × Σ points ÷ Σ weights, exact (block: ``Điểm tối đa`` − G)."""
    total_w = sum((Fraction(w) for w in weights), ZERO)
    if total_w == 0:
        raise ValueError("a unit must have at least one weighted indicator")
    return Fraction(block) * sum(pts, ZERO) / total_w


def score(max_points: Decimal | Fraction, pts: Iterable[Fraction],
          weights: Iterable[Decimal | Fraction], general: Decimal | Fraction = 0) -> Decimal:
    """round_half_up(G_e + (max_points − G) × Σ points ÷ Σ weights, 2); ``max_points`` is the
    task block here, and ``general`` the entity's general points (0 in a plan without them)."""
    return round_half_up(Fraction(general) + task_points(max_points, pts, weights))


def general_points(criteria: Iterable[Criterion], appraised: Mapping[str, Decimal],
                   self_scores: Mapping[str, Decimal | None]) -> tuple[Fraction, list[str]]:
    """G_e: per criterion the appraised score if given, else the self-score, else 0.

    Returns the sum and the codes of the criteria scored by neither (a warning each entity).
    A sum of typed decimals: :func:`exact_general`'s, as a fraction.
    """
    total, unscored = exact_general(criteria, appraised, self_scores)
    return Fraction(*total), unscored


def valid_criterion_score(criterion: Criterion, value: Decimal) -> bool:
    """0 ≤ value ≤ max; a binary (Đạt/Không) criterion is max or 0; a scale one steps by 0.25."""
    if value < 0 or value > criterion.max_points:
        return False
    if criterion.scoring is CriterionScoring.BINARY:
        return value in (0, criterion.max_points)
    return (value * 4) % 1 == 0


def to_decimal(x: Fraction) -> Decimal:
    """An exact fraction as a decimal to 12 places, rounded half-even (for display and JSON).

    Total: integer arithmetic, then a decimal built from its digits, so no context
    precision can round or refuse it (a ratio of 10^30 has 43 digits).
    """
    return _digits_decimal(round(x * _SCALE))  # Fraction rounds half to even


# ----------------------------------------------------------------------------- exact integers
# The same rules in integers (issue 13): an exact number is a pair (n, d), d > 0, never reduced,
# so no step pays for a gcd as Fraction does on each. A typed decimal is its integer ratio
# (n over a divisor of a power of ten). These are what :func:`evaluate` runs; the Fraction
# functions above state the rules, and the tests hold the two equal on adversarial numbers.

Exact = tuple[int, int]
_ONE_E: Exact = (1, 1)
_ZERO_E: Exact = (0, 1)


def exact(x: Decimal | int) -> Exact:
    """A typed decimal (or an integer) as an exact pair."""
    return x.as_integer_ratio()


def exact_ratio(direction: Direction, actual: Exact, target: Exact) -> Exact:
    """:func:`ratio` in integers."""
    (an, ad), (tn, td) = actual, target
    if an < 0 or tn < 0:
        raise ValueError("targets and results are never negative")
    if direction is Direction.HIGHER:
        if tn == 0:
            raise ValueError("a higher-is-better target must be > 0")
        return an * td, ad * tn
    if direction is Direction.LOWER:
        if tn == 0:  # zero tolerance
            return _ONE_E if an == 0 else _ZERO_E
        n = 2 * ad * tn - an * td
        return (n, ad * tn) if n > 0 else _ZERO_E
    return _ONE_E if an >= ad else _ZERO_E


def exact_sum(values: Iterable[Exact]) -> Exact:
    """Σ values, over the least common multiple of their denominators."""
    values = list(values)
    if not values:
        return _ZERO_E
    common = math.lcm(*(d for _, d in values))
    return sum(n * (common // d) for n, d in values), common


def exact_task_points(block: Decimal, pts: Sequence[Exact], weights: Sequence[Decimal]) -> Exact:
    """:func:`task_points` in integers: block × Σ points ÷ Σ weights."""
    wn, wd = exact_sum(exact(w) for w in weights)
    if wn == 0:
        raise ValueError("a unit must have at least one weighted indicator")
    (pn, pd), (bn, bd) = exact_sum(pts), exact(block)
    return bn * pn * wd, bd * pd * wn


def exact_round(x: Exact, places: int = 2) -> Decimal:
    """:func:`round_half_up` in integers: floor(x × 10^places + ½)."""
    n, d = x
    return _scaled((2 * n * 10**places + d) // (2 * d), places)


@functools.lru_cache(maxsize=SHARED_DECIMALS)
def _scaled(q: int, places: int) -> Decimal:
    """q × 10^-places, with its places (one object per number: :func:`dgsp.text.shared`)."""
    return shared(Decimal(q).scaleb(-places))


def exact_decimal(x: Exact) -> Decimal:
    """:func:`to_decimal` in integers: to 12 places, half to even."""
    n, d = x
    q, r = divmod(n * _SCALE, d)
    if 2 * r > d or (2 * r == d and q % 2):
        q += 1
    return _digits_decimal(q)


@functools.lru_cache(maxsize=SHARED_DECIMALS)
def _digits_decimal(n: int) -> Decimal:
    """``n`` × 10⁻¹², trailing zeros dropped: by the decimal module where its own context's
    28 digits hold ``n`` exactly (7× faster), else built from the digits, which no context
    precision rounds (a ratio of 10^30 has 43 digits). One object per number, as
    :func:`dgsp.text.shared` (most units' ratios and points are a few thousand numbers)."""
    if -_FAST_DIGITS < n < _FAST_DIGITS:
        return shared(Decimal(n).scaleb(-_DECIMALS, _CONTEXT).normalize(_CONTEXT))
    text = str(abs(n))
    digits = text.rstrip("0")
    return shared(Decimal((int(n < 0), tuple(map(int, digits)),
                           len(text) - len(digits) - _DECIMALS)))


def exact_general(criteria: Iterable[Criterion], appraised: Mapping[str, Decimal],
                  self_scores: Mapping[str, Decimal | None]) -> tuple[Exact, list[str]]:
    """:func:`general_points` (its statement) in integers."""
    values, unscored = [], []
    for c in criteria:
        value = appraised.get(c.code)
        if value is None:
            value = self_scores.get(c.code)
        if value is None:
            unscored.append(c.code)
            continue
        values.append(exact(value))
    return exact_sum(values), unscored


def result_for(indicator: Indicator, target: Decimal, actual: Decimal,
               note: str = "", **extra) -> IndicatorResult:
    """Everything about one indicator of one unit: ratio, points, achieved, exceeded."""
    return exact_result(indicator, target, actual, note, **extra)[0]


def exact_result(indicator: Indicator, target: Decimal, actual: Decimal, note: str = "",
                 due: date | None = None, completed: date | None = None,
                 reported: Decimal | None = None, verified: Decimal | None = None,
                 ground: str = "") -> tuple[IndicatorResult, Exact]:
    """:func:`result_for`, and the exact points (the unit's score sums them unrounded), in
    integers (:func:`exact_ratio`).

    ``actual`` is the value scored: the verified one where the Board gave it.
    """
    r = rn, rd = exact_ratio(indicator.direction, exact(actual), exact(target))
    cn, cd = exact(indicator.cap)
    capped = rn * cd > cn * rd
    achieved = rn >= rd
    late = is_late(due, completed) and achieved
    mn, md = (cn, cd) if capped else r
    wn, wd = exact(indicator.weight)
    if late:  # × (1 − deduction)
        ln, ld = exact(indicator.late_deduction)
        pts = (wn * mn * (ld - ln), wd * md * ld)
    else:
        pts = (wn * mn, wd * md)
    return IndicatorResult(
        indicator=indicator.code,
        target=target,
        actual=actual,
        ratio=exact_decimal(r),
        points=exact_decimal(pts),
        weight=indicator.weight,
        achieved=achieved,
        exceeded=indicator.direction is not Direction.BINARY and rn > rd,
        capped=capped,
        note=note,
        reported=actual if reported is None else reported,
        verified=verified,
        ground=ground,
        due=due,
        completed=completed,
        late=late,
    ), pts


# ----------------------------------------------------------------------------- one unit


def grade_before_quota(score_: Decimal, assigned: int, achieved: int, exceeded: int,
                       rules: Sequence[GradeRule], behind: int | None = None) -> Grade:
    """The first grade whose conditions all hold, in order best first; else KHTNV."""
    return grade_by_rules(score_, assigned, achieved, exceeded, rules, behind)[0]


def grade_by_rules(score_: Decimal, assigned: int, achieved: int, exceeded: int,
                   rules: Sequence[GradeRule], behind: int | None = None
                   ) -> tuple[Grade, tuple[Reason, ...]]:
    """The first grade whose conditions all hold (best first, else KHTNV), and why.

    ``behind`` counts the tasks not achieved or done late (default: those not achieved).
    The reasons are the conditions of the grade just above that fail (why not higher),
    or, for the best grade of the plan, ``met``.
    """
    if behind is None:
        behind = assigned - achieved
    order = list(Grade)
    ranked = sorted(rules, key=lambda g: order.index(g.grade))
    above: GradeRule | None = None
    for rule in ranked:
        failing = _failing(rule, score_, assigned, achieved, exceeded, behind)
        if not failing:
            if above is None:
                return rule.grade, (Reason(code="met", params={
                    "grade": rule.grade.value, "score": score_, "achieved": achieved,
                    "exceeded": exceeded, "assigned": assigned}),)
            return rule.grade, tuple(_failing(above, score_, assigned, achieved, exceeded, behind))
        above = rule
    if above is None:  # a plan with no grade rules: everything is KHTNV
        return Grade.KHTNV, ()
    return Grade.KHTNV, tuple(_failing(above, score_, assigned, achieved, exceeded, behind))


def _failing(rule: GradeRule, score_: Decimal, assigned: int, achieved: int, exceeded: int,
             behind: int) -> list[Reason]:
    """The conditions of one grade that do not hold, as reasons."""
    if assigned <= 0:
        return [Reason(code="no_tasks", params={"grade": rule.grade.value})]
    out = []
    shares = (("below_achieved", achieved, rule.min_achieved_share, False),
              ("below_exceeded", exceeded, rule.min_exceeded_share, False),
              ("over_behind", behind, rule.behind_limit, True))
    if score_ < rule.min_score:
        out.append(Reason(code="below_score", params={
            "grade": rule.grade.value, "score": score_, "min": rule.min_score}))
    if rule.max_behind_share is None and behind == assigned - achieved:
        shares = shares[:2]  # behind is 1 − achieved here: the achieved reason says it already
    for code, n, limit, at_most in shares:
        ln, ld = exact(limit)  # n / assigned against ln / ld, in integers
        if (n * ld > ln * assigned) if at_most else (n * ld < ln * assigned):
            out.append(Reason(code=code, params={
                "grade": rule.grade.value, "count": n, "assigned": assigned,
                "share": exact_decimal((n, assigned)), "limit": limit}))
    return out


def apply_conditions(grade: Grade, cond: Conditions, critical_missed: Sequence[str],
                     individual: bool, unit_grade: Grade | None = None
                     ) -> tuple[Grade | None, tuple[Reason, ...]]:
    """The conditions of 366 Điều 11, in order, on a grade found by the rules.

    1. not graded (``None``, with its reason); 2. disciplined, or a critical indicator of the
    unit not achieved: KHTNV; 3. shortcomings not all remedied, or (a collective) a sub-unit
    or leadership member disciplined: at most HTTNV; 4. an official: at most their unit's
    grade before quota (``unit_grade``; None when the unit has none).
    A condition of 1–2 is always recorded; a ceiling of 3–4 only when it lowers the grade.
    """
    if cond.not_graded:
        return None, (Reason(code="not_graded", params={"reason": cond.not_graded}),)
    reasons: list[Reason] = []
    if cond.disciplined:
        grade = Grade.KHTNV
        reasons.append(Reason(code="disciplined"))
    if critical_missed:
        grade = Grade.KHTNV
        reasons.append(Reason(code="critical_missed",
                              params={"indicators": ", ".join(critical_missed)}))
    ceilings = []
    if not cond.remedied:
        ceilings.append(("not_remedied", Grade.HTTNV))
    if cond.sub_disciplined and not individual:
        ceilings.append(("sub_disciplined", Grade.HTTNV))
    if individual and unit_grade is not None:
        ceilings.append(("unit_ceiling", unit_grade))
    for code, ceiling in ceilings:
        if _better(grade, ceiling):
            reasons.append(Reason(code=code, params={"grade": ceiling.value,
                                                     "was": grade.value}))
            grade = ceiling
    return grade, tuple(reasons)


def _better(a: Grade, b: Grade) -> bool:
    order = list(Grade)
    return order.index(a) < order.index(b)


def quota_seats(quota: Decimal | None, grades: Iterable[Grade],
                base: QuotaBase = QuotaBase.GOOD_OR_BETTER,
                rounding: SeatRounding = SeatRounding.FLOOR) -> int | None:
    """How many entities of a group may keep HTXSNV; None when there is no quota.

    The base is the number graded HTXSNV or HTTNV before the quota (or HTTNV only);
    quota × base is rounded down (or half up).
    """
    if quota is None or quota == 0:
        return None
    counted = (Grade.HTXSNV, Grade.HTTNV) if base is QuotaBase.GOOD_OR_BETTER else (Grade.HTTNV,)
    n = sum(1 for g in grades if g in counted)
    seats = Fraction(quota) * n
    if rounding is SeatRounding.HALF_UP:
        return math.floor(seats + Fraction(1, 2))
    return math.floor(seats)


def keep_excellent(scores: Mapping[str, Any], seats: int | None) -> set[str]:
    """Which of the HTXSNV candidates (code → rounded score, or any key that orders them, such
    as the year's (score, HTXSNV quarters)) keep the grade.

    The best-scored keep it; when a tie straddles the last seat, every tied
    unit is lowered, because the quota must never be exceeded.
    """
    if seats is None or len(scores) <= seats:
        return set(scores)
    ordered = sorted(scores.values(), reverse=True)
    first_out = ordered[seats]
    return {code for code, s in scores.items() if s > first_out}


def tied_at_last_seat(scores: Mapping[str, Any], seats: int | None) -> set[str]:
    """The candidates :func:`keep_excellent` lowers only because they tie across the last seat
    (their reason says so); none when no tie straddles it."""
    if not seats or len(scores) <= seats:
        return set()
    ordered = sorted(scores.values(), reverse=True)
    if ordered[seats - 1] != ordered[seats]:
        return set()
    return {code for code, s in scores.items() if s == ordered[seats]}


def quota_reason(seats: int | None, group: str, code: str, tied: set[str],
                 score_: Decimal) -> Reason:
    """Why a candidate was lowered by the quota: the group's seats, and, when it lost only by a
    tie across the last seat, how many tied and at what score."""
    params: dict = {"seats": seats, "group": group}
    if code in tied:
        params.update(tied=len(tied), score=score_)
    return Reason(code="quota", params=params)


def competition_ranks(scores: Mapping[str, Any]) -> dict[str, int]:
    """Standard competition ranking (1, 2, 2, 4) by score (or any ordering key), descending."""
    ordered = sorted(scores.values(), reverse=True)
    first_at: dict[Any, int] = {}
    for i, s in enumerate(ordered):
        first_at.setdefault(s, i + 1)
    return {code: first_at[s] for code, s in scores.items()}


