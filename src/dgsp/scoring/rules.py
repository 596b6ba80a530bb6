"""The scoring rules, as pure functions over exact numbers.

Arithmetic is done in :class:`fractions.Fraction`, from the decimals the user
typed, so a share of exactly 30% is 30% and a score of exactly 89.995 rounds
half-up to 90.00 and not to 89.99. Only the final values are turned into
decimals for display and ranking.

Rules (defaults from Quy định 366-QĐ/TW Art. 11 and Nghị định 335/2025/NĐ-CP;
the plan may change weights, caps, thresholds and the quota):

- ratio r: higher-is-better a/t; lower-is-better max(0, 2 − a/t), or for a
  zero-tolerance target (t = 0) 1 when a = 0 else 0; binary 1 when done else 0.
- achieved r ≥ 1; exceeded r > 1 (never for binary).
- points w × min(r, cap); score max_points × Σpoints / Σw, rounded half-up to 2 places.
- grade: the first rule whose conditions all hold, else KHTNV.
- quota: within a peer group at most floor(quota × #(HTXSNV or HTTNV)) units keep
  HTXSNV; a tie across the last seat lowers every tied unit.
- rank: standard competition ranking (1, 2, 2, 4) by rounded score, within the group.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import partial

from dgsp.model import (
    Direction,
    Evaluation,
    Grade,
    GradeRule,
    Indicator,
    IndicatorResult,
    Plan,
    Problem,
    Return,
    Source,
    Status,
    Total,
    UnitEvaluation,
)
from dgsp.text import safe_filename

ONE = Fraction(1)
ZERO = Fraction(0)
_DECIMALS = 12
_SCALE = 10**_DECIMALS


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


def points(weight: Decimal | Fraction, r: Fraction, cap: Decimal | Fraction) -> Fraction:
    """w × min(r, cap)."""
    return Fraction(weight) * min(r, Fraction(cap))


def round_half_up(x: Fraction, places: int = 2) -> Decimal:
    """Round a non-negative exact number half-up: 89.995 → 90.00."""
    scale = 10**places
    n = math.floor(x * scale + Fraction(1, 2))
    return (Decimal(n) / scale).quantize(Decimal(1).scaleb(-places))


def score(max_points: Decimal | Fraction, pts: Iterable[Fraction],
          weights: Iterable[Decimal | Fraction]) -> Decimal:
    """max_points × Σ points ÷ Σ weights, rounded half-up to 2 places."""
    total_w = sum((Fraction(w) for w in weights), ZERO)
    if total_w == 0:
        raise ValueError("a unit must have at least one weighted indicator")
    return round_half_up(Fraction(max_points) * sum(pts, ZERO) / total_w)


def to_decimal(x: Fraction) -> Decimal:
    """An exact fraction as a decimal to 12 places, rounded half-even (for display and JSON).

    Total: integer arithmetic, then a decimal built from its digits, so no context
    precision can round or refuse it (a ratio of 10^30 has 43 digits).
    """
    n = round(x * _SCALE)  # Fraction rounds half to even
    if n == 0:
        return Decimal(0)
    digits = str(abs(n)).rstrip("0")
    exponent = len(str(abs(n))) - len(digits) - _DECIMALS
    return Decimal((int(n < 0), tuple(map(int, digits)), exponent))


def result_for(indicator: Indicator, target: Decimal, actual: Decimal,
               note: str = "") -> IndicatorResult:
    """Everything about one indicator of one unit: ratio, points, achieved, exceeded."""
    return _result(indicator, target, actual, note)[0]


def _result(indicator: Indicator, target: Decimal, actual: Decimal,
            note: str = "") -> tuple[IndicatorResult, Fraction]:
    """:func:`result_for`, and the exact points (the unit's score sums them unrounded)."""
    r = ratio(indicator.direction, _fraction(actual), _fraction(target))
    cap = _fraction(indicator.cap)
    pts = points(_fraction(indicator.weight), r, cap)
    return IndicatorResult(
        indicator=indicator.code,
        target=target,
        actual=actual,
        ratio=to_decimal(r),
        points=to_decimal(pts),
        weight=indicator.weight,
        achieved=is_achieved(r),
        exceeded=is_exceeded(indicator.direction, r),
        capped=r > cap,
        note=note,
    ), pts


def _fraction(d: Decimal) -> Fraction:
    """``Fraction(d)``, by its faster two-integer path (the same value)."""
    return Fraction(*d.as_integer_ratio())


# ----------------------------------------------------------------------------- one unit


def grade_before_quota(score_: Decimal, assigned: int, achieved: int, exceeded: int,
                       rules: Sequence[GradeRule]) -> Grade:
    """The first grade whose conditions all hold, in order best first; else KHTNV."""
    if assigned <= 0:
        return Grade.KHTNV
    achieved_share = Fraction(achieved, assigned)
    exceeded_share = Fraction(exceeded, assigned)
    order = list(Grade)
    for rule in sorted(rules, key=lambda g: order.index(g.grade)):
        if (score_ >= rule.min_score
                and achieved_share >= Fraction(rule.min_achieved_share)
                and exceeded_share >= Fraction(rule.min_exceeded_share)):
            return rule.grade
    return Grade.KHTNV


def quota_seats(quota: Decimal | None, grades: Iterable[Grade]) -> int | None:
    """How many units of a group may keep HTXSNV; None when there is no quota."""
    if quota is None or quota == 0:
        return None
    good = sum(1 for g in grades if g in (Grade.HTXSNV, Grade.HTTNV))
    return math.floor(Fraction(quota) * good)


def keep_excellent(scores: Mapping[str, Decimal], seats: int | None) -> set[str]:
    """Which of the HTXSNV candidates (code → rounded score) keep the grade.

    The best-scored keep it; when a tie straddles the last seat, every tied
    unit is lowered, because the quota must never be exceeded.
    """
    if seats is None or len(scores) <= seats:
        return set(scores)
    ordered = sorted(scores.values(), reverse=True)
    first_out = ordered[seats]
    return {code for code, s in scores.items() if s > first_out}


def competition_ranks(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Standard competition ranking (1, 2, 2, 4) by score, descending."""
    ordered = sorted(scores.values(), reverse=True)
    first_at: dict[Decimal, int] = {}
    for i, s in enumerate(ordered):
        first_at.setdefault(s, i + 1)
    return {code: first_at[s] for code, s in scores.items()}


# ----------------------------------------------------------------------------- the whole plan


def evaluate(
    plan: Plan,
    returns: Mapping[str, Return],
    problems: Sequence[Problem] = (),
    sources: Sequence[Source] = (),
    dgsp_version: str = "",
    workers: int | None = None,
) -> Evaluation:
    """Score every unit of the plan from its return (unit code → Return).

    A unit with no return is ``missing`` (and a DG219 problem is added); a unit
    whose return has any error is ``rejected``. Neither is scored, graded or
    ranked, and neither stops the others. ``problems`` are those not attached
    to a unit's return (skipped files, duplicates, returns of unknown units);
    the returns' own problems are added in plan order. Units are scored by
    :func:`dgsp.parallel.run` (``workers``: None chooses); the result is the
    same whatever the number of workers.
    """
    from dgsp import parallel

    all_problems: list[Problem] = list(problems)
    drafts: list[dict] = []
    to_score: list[tuple[str, Return]] = []  # with their drafts, filled in below
    pending: list[dict] = []
    for unit in plan.units:
        ret = returns.get(unit.code)
        draft: dict = {"unit": unit, "status": Status.MISSING}
        drafts.append(draft)
        if ret is None:
            all_problems.append(Problem("DG219", {"unit": unit.code,
                                                  "file": safe_filename(unit.code) + ".xlsx"},
                                        unit=unit.code))
            continue
        all_problems.extend(ret.problems)
        draft["file"] = ret.file
        if not ret.ok:
            draft["status"] = Status.REJECTED
            continue
        to_score.append((unit.code, ret))
        pending.append(draft)
    scored = parallel.run(partial(_score_unit, plan), to_score, workers=workers)
    for draft, result in zip(pending, scored, strict=True):
        draft.update(result)

    _apply_quota_and_rank(plan, drafts)
    units = tuple(UnitEvaluation(**d) for d in _ordered(plan, drafts))
    return Evaluation(
        plan=plan,
        units=units,
        totals=tuple(province_totals(plan, units)),
        problems=tuple(all_problems),
        sources=tuple(sources),
        dgsp_version=dgsp_version,
    )


def _score_unit(plan: Plan, job: tuple[str, Return]) -> dict:
    code, ret = job
    values = {v.indicator: v for v in ret.values}
    results: list[IndicatorResult] = []
    exact_points: list[Fraction] = []
    weights: list[Decimal] = []
    for indicator, target in plan.assignments(code):
        got = values.get(indicator.code)
        if got is None:  # intake reports DG207; an "ok" return always has every row
            raise ValueError(f"return for {code} has no value for {indicator.code}")
        result, pts = _result(indicator, target.value, got.value, got.note)
        results.append(result)
        exact_points.append(pts)
        weights.append(indicator.weight)
    s = score(plan.max_points, exact_points, weights)
    achieved = sum(r.achieved for r in results)
    exceeded = sum(r.exceeded for r in results)
    g = grade_before_quota(s, len(results), achieved, exceeded, plan.grade_rules)
    return {
        "status": Status.SCORED,
        "score": s,
        "grade": g,
        "grade_before_quota": g,
        "assigned": len(results),
        "achieved": achieved,
        "exceeded": exceeded,
        "indicators": tuple(results),
    }


def _groups(plan: Plan) -> list[str]:
    return list(dict.fromkeys(u.group for u in plan.units))


def _apply_quota_and_rank(plan: Plan, drafts: list[dict]) -> None:
    for group in _groups(plan):
        scored = [d for d in drafts if d["unit"].group == group and d["status"] is Status.SCORED]
        seats = quota_seats(plan.excellent_quota, (d["grade"] for d in scored))
        excellent = {d["unit"].code: d["score"] for d in scored if d["grade"] is Grade.HTXSNV}
        keep = keep_excellent(excellent, seats)
        ranks = competition_ranks({d["unit"].code: d["score"] for d in scored})
        for d in scored:
            code = d["unit"].code
            if code in excellent and code not in keep:
                d["grade"] = Grade.HTTNV
                d["lowered_by_quota"] = True
            d["rank"] = ranks[code]


def group_seats(plan: Plan, units: Sequence[UnitEvaluation], group: str) -> int | None:
    """The quota seats of one group, from the grades before quota (for notes)."""
    return quota_seats(plan.excellent_quota,
                       (u.grade_before_quota for u in units
                        if u.unit.group == group and u.status is Status.SCORED))


def _ordered(plan: Plan, drafts: list[dict]) -> list[dict]:
    position = {u.code: i for i, u in enumerate(plan.units)}
    status_order = {Status.SCORED: 0, Status.REJECTED: 1, Status.MISSING: 2}
    group_order = {g: i for i, g in enumerate(_groups(plan))}
    return sorted(drafts, key=lambda d: (
        group_order[d["unit"].group],
        status_order[d["status"]],
        d.get("rank") or 0,
        position[d["unit"].code],
    ))


def province_totals(plan: Plan, units: Sequence[UnitEvaluation]) -> list[Total]:
    """Per indicator: units assigned, scored, achieved, exceeded; sums for additive ones."""
    assigned: dict[str, int] = {}
    for t in plan.targets:
        assigned[t.indicator] = assigned.get(t.indicator, 0) + 1
    scored: dict[str, list[IndicatorResult]] = {}
    for u in units:
        if u.status is Status.SCORED:
            for r in u.indicators:
                scored.setdefault(r.indicator, []).append(r)
    totals = []
    for ind in plan.indicators:
        rows = scored.get(ind.code, [])
        total = Total(
            indicator=ind.code,
            additive=ind.additive,
            units_assigned=assigned.get(ind.code, 0),
            units_scored=len(rows),
            units_achieved=sum(r.achieved for r in rows),
            units_exceeded=sum(r.exceeded for r in rows),
        )
        if ind.additive and rows:
            t = sum((r.target for r in rows), Decimal(0))
            a = sum((r.actual for r in rows), Decimal(0))
            try:
                rt = to_decimal(ratio(ind.direction, a, t))
            except ValueError:
                rt = None
            total = total.model_copy(update={"target": t, "actual": a, "ratio": rt})
        totals.append(total)
    return totals
