"""The whole plan scored: every unit (a collective) and every official, graded, put
through the conditions and the quota, ranked, and decided.

Pure over the values of :mod:`dgsp.model`: the returns as read, and the Board's
appraisal when there is one. Units are scored in this process: scoring one (0.35 ms for
20 indicators, in integers) costs less than sending its results back from another process
would (0.5 ms: pickling its decimals), so a pool only made it slower (1.9 s against 1.2 s at
3,321 units on 2 cores; benchmarks/bench_evaluate.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

from dgsp.model import (
    GRADE_COUNT_KEYS,
    Appraisal,
    Conditions,
    CriterionResult,
    Evaluation,
    Grade,
    GradeCount,
    IndicatorResult,
    OfficialEvaluation,
    Plan,
    Problem,
    Reason,
    Return,
    Source,
    Status,
    Total,
    UnitEvaluation,
    VerifiedResult,
)
from dgsp.scoring.rules import (
    Exact,
    apply_conditions,
    competition_ranks,
    exact,
    exact_decimal,
    exact_general,
    exact_ratio,
    exact_result,
    exact_round,
    exact_sum,
    exact_task_points,
    grade_by_rules,
    keep_excellent,
    quota_reason,
    quota_seats,
    tied_at_last_seat,
)
from dgsp.text import safe_filename

_ORDER = {Status.SCORED: 0, Status.NOT_GRADED: 1, Status.REJECTED: 2, Status.MISSING: 3}
_GRADED = (Status.SCORED,)


def evaluate(
    plan: Plan,
    returns: Mapping[str, Return],
    problems: Sequence[Problem] = (),
    sources: Sequence[Source] = (),
    dgsp_version: str = "",
    workers: int | None = None,
    appraisal: Appraisal | None = None,
) -> Evaluation:
    """Score every unit of the plan from its return (unit code → Return), and every official.

    A unit with no return is ``missing`` (and a DG219 problem is added); a unit
    whose return has any error is ``rejected``. Neither is scored, graded or
    ranked, and neither stops the others; their officials share their status.
    ``problems`` are those not attached to a unit's return (skipped files,
    duplicates, returns of unknown units); the returns' own problems are added in
    plan order. ``appraisal`` (the Board's verified results, general-criteria
    scores and conditions) is applied when given; without it, scoring uses the
    self-reported values and self-scores, with no conditions. ``workers`` is accepted as the
    other steps take it, and not used: units are scored in this process (see the module).
    """
    board = _Board(appraisal)
    all_problems: list[Problem] = list(problems)
    drafts: list[dict] = []
    to_score: list[tuple[str, Return, dict[str, VerifiedResult]]] = []
    pending: list[dict] = []
    for unit in plan.units:
        ret = returns.get(unit.code)
        draft: dict = {"unit": unit, "status": Status.MISSING, "appraised": board.given}
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
        to_score.append((unit.code, ret, board.verified.get(unit.code, {})))
        pending.append(draft)
    scored = [_score_unit(plan, job) for job in to_score]
    for draft, result in zip(pending, scored, strict=True):
        draft.update(result)

    by_unit = {d["unit"].code: d for d in drafts}
    self_scores = {code: _self_scores(ret) for code, ret, _ in to_score}
    for d in drafts:
        if "task" in d:
            _grade(plan, d, board, self_scores[d["unit"].code].get(d["unit"].code, {}),
                   individual=False, unit_grade=None, problems=all_problems)
    people: list[dict] = []
    for o in plan.officials:
        ud = by_unit[o.unit]
        scored = "task" in ud  # the unit's results were scored, graded or not
        d = {"unit": ud["unit"], "official": o,
             "status": Status.SCORED if scored else ud["status"],
             "file": ud.get("file", ""), "appraised": board.given}
        if scored:
            d.update({k: ud[k] for k in _SHARED})
            _grade(plan, d, board, self_scores[o.unit].get(o.code, {}), individual=True,
                   unit_grade=ud.get("grade_before_quota"), problems=all_problems)
        people.append(d)

    _quota_rank_decide(plan, drafts, lambda d: d["unit"].group, board, all_problems)
    _quota_rank_decide(plan, people, lambda d: d["official"].group, board, all_problems)
    units = tuple(UnitEvaluation(**_public(d)) for d in _ordered(plan.units, drafts,
                                                                 lambda d: d["unit"]))
    officials = tuple(OfficialEvaluation(**_public(d)) for d in _ordered(
        plan.officials, people, lambda d: d["official"]))
    return Evaluation(
        plan=plan,
        units=units,
        officials=officials,
        totals=tuple(province_totals(plan, units)),
        grade_counts=(*grade_counts(((u.group, u.grade, u.status) for u in units), "units"),
                      *grade_counts(((o.group, o.grade, o.status) for o in officials),
                                    "officials")),
        problems=tuple(all_problems),
        sources=tuple(sources),
        dgsp_version=dgsp_version,
        appraised=board.given,
    )


class _Board:
    """The appraisal, indexed: verified results by unit, scores and conditions by entity."""

    def __init__(self, appraisal: Appraisal | None):
        self.given = appraisal is not None
        self.verified: dict[str, dict[str, VerifiedResult]] = {}
        self.scores: dict[str, dict[str, Decimal]] = {}
        self.notes: dict[tuple[str, str], str] = {}  # (entity, criterion) → the Board's note
        self.conditions: dict[str, Conditions] = {}
        if appraisal is None:
            return
        for v in appraisal.results:
            self.verified.setdefault(v.unit, {})[v.indicator] = v
        for s in appraisal.scores:
            self.scores.setdefault(s.entity, {})[s.criterion] = s.value
            self.notes[s.entity, s.criterion] = s.note
        self.conditions = {c.entity: c for c in appraisal.conditions}

    def condition(self, entity: str) -> Conditions:
        return self.conditions.get(entity) or Conditions(entity=entity)


# Fields an official takes from their unit: the task side of the evaluation.
_SHARED = ("task", "self_task", "assigned", "achieved", "exceeded", "late", "behind",
           "indicators", "critical_missed", "self_counts")
_PRIVATE = ("task", "self_task", "critical_missed", "self_counts")


def _public(d: dict) -> dict:
    return {k: v for k, v in d.items() if k not in _PRIVATE}


def _self_scores(ret: Return) -> dict[str, dict[str, Decimal | None]]:
    out: dict[str, dict[str, Decimal | None]] = {}
    for s in ret.self_scores:
        out.setdefault(s.entity, {})[s.criterion] = s.value
    return out


def _score_unit(plan: Plan, job: tuple[str, Return, dict[str, VerifiedResult]]) -> dict:
    """The task side of one unit: each indicator's result (verified values where given),
    T_u, the counts the grade rules use, and the same on the unit's own figures."""
    code, ret, verified = job
    values = {v.indicator: v for v in ret.values}
    results: list[IndicatorResult] = []
    used: list[Exact] = []
    own: list[Exact] = []
    weights: list[Decimal] = []
    own_counts = [0, 0, 0]  # achieved, exceeded, behind on the unit's own figures
    for indicator, target in plan.assignments(code):
        got = values.get(indicator.code)
        if got is None:  # intake reports DG207; an "ok" return always has every row
            raise ValueError(f"return for {code} has no value for {indicator.code}")
        check = verified.get(indicator.code)
        result, pts = exact_result(
            indicator, target.value, got.value if check is None else check.value, got.note,
            due=target.due, completed=got.completed, reported=got.value,
            verified=None if check is None else check.value,
            ground="" if check is None else check.ground)
        mine, mine_pts = (result, pts) if check is None else exact_result(
            indicator, target.value, got.value, due=target.due, completed=got.completed)
        results.append(result)
        used.append(pts)
        own.append(mine_pts)
        weights.append(indicator.weight)
        own_counts[0] += mine.achieved
        own_counts[1] += mine.exceeded
        own_counts[2] += (not mine.achieved) or mine.late
    block = plan.task_points
    return {
        "status": Status.SCORED,
        "task": exact_task_points(block, used, weights),
        "self_task": exact_task_points(block, own, weights),
        "assigned": len(results),
        "achieved": sum(r.achieved for r in results),
        "exceeded": sum(r.exceeded for r in results),
        "late": sum(r.late for r in results),
        "behind": sum((not r.achieved) or r.late for r in results),
        "indicators": tuple(results),
        "critical_missed": [r.indicator for r in results
                            if not r.achieved and plan.indicator(r.indicator).critical],
        "self_counts": tuple(own_counts),
    }


def _grade(plan: Plan, d: dict, board: _Board, own: Mapping[str, Decimal | None],
           individual: bool, unit_grade: Grade | None, problems: list[Problem]) -> None:
    """General points, score, grade by the rules, then the conditions, for one entity."""
    code = d["official"].code if individual else d["unit"].code
    criteria = plan.criteria_for(individual)
    appraised = board.scores.get(code, {})
    general, unscored = exact_general(criteria, appraised, own)
    if unscored:
        problems.append(Problem("DG640", {"entity": code, "criteria": ", ".join(unscored)},
                                unit=d["unit"].code))
    score = exact_round(exact_sum((general, d["task"])))
    grade, reasons = grade_by_rules(score, d["assigned"], d["achieved"], d["exceeded"],
                                    plan.grade_rules, d["behind"])
    final, conditions = apply_conditions(grade, board.condition(code), d["critical_missed"],
                                         individual, unit_grade)
    own_general, _ = exact_general(criteria, {}, own)
    self_score = exact_round(exact_sum((own_general, d["self_task"])))
    achieved, exceeded, behind = d["self_counts"]
    d.update({
        "score": score,
        "general_points": exact_round(general),
        "criteria": tuple(CriterionResult(
            criterion=c.code, max_points=c.max_points, self_score=own.get(c.code),
            appraised=appraised.get(c.code),
            points=next((v for v in (appraised.get(c.code), own.get(c.code)) if v is not None),
                        Decimal(0)),
            note=board.notes.get((code, c.code), "")) for c in criteria),
        "task_points": exact_round(d["task"]),
        "grade": final,
        "grade_before_quota": final,
        "reasons": reasons + conditions if final is not None else conditions,
        "self_score": self_score,
        "self_grade": grade_by_rules(self_score, d["assigned"], achieved, exceeded,
                                     plan.grade_rules, behind)[0],
    })
    if final is None:
        d["status"] = Status.NOT_GRADED


def _quota_rank_decide(plan: Plan, drafts: list[dict], group_of: Callable[[dict], str],
                       board: _Board, problems: list[Problem]) -> None:
    """Within each peer group: the quota on HTXSNV, the ranks, then the decisions."""
    groups: dict[str, list[dict]] = {}
    for d in drafts:  # each peer group's members, in one pass
        groups.setdefault(group_of(d), []).append(d)
    for group, members in groups.items():
        graded = [d for d in members if d["status"] in _GRADED]
        seats = quota_seats(plan.excellent_quota, (d["grade"] for d in graded),
                            plan.quota_base, plan.seat_rounding)
        excellent = {_code(d): d["score"] for d in graded if d["grade"] is Grade.HTXSNV}
        keep = keep_excellent(excellent, seats)
        tied = tied_at_last_seat(excellent, seats)
        ranks = competition_ranks({_code(d): d["score"] for d in graded})
        for d in graded:
            code = _code(d)
            if code in excellent and code not in keep:
                d["grade"] = Grade.HTTNV
                d["lowered_by_quota"] = True
                d["reasons"] = (*d["reasons"], quota_reason(seats, group, code, tied,
                                                            d["score"]))
            d["rank"] = ranks[code]
        decided = False
        for d in members:
            cond = board.conditions.get(_code(d))
            if cond is None or cond.decision is None:
                continue
            if d["status"] not in _GRADED:
                problems.append(Problem("DG642", {"entity": _code(d),
                                                  "status": d["status"].value},
                                        unit=d["unit"].code))
                continue
            decided = True
            d["grade_before_decision"] = d["grade"]
            d["grade"] = cond.decision
            d["decision_ground"] = cond.decision_ground
            d["reasons"] = (*d["reasons"], Reason(code="decided", params={
                "grade": cond.decision.value, "ground": cond.decision_ground,
                "was": d["grade_before_decision"].value}))
        excellent_now = sum(d["grade"] is Grade.HTXSNV for d in graded)
        if decided and seats is not None and excellent_now > seats:
            problems.append(Problem("DG641", {"group": group, "seats": seats,
                                              "count": excellent_now}))


def _code(d: dict) -> str:
    return d["official"].code if "official" in d else d["unit"].code


def _ordered(order: Sequence, drafts: list[dict], key: Callable[[dict], object]) -> list[dict]:
    """By peer group (in plan order), then graded first, by rank, then plan order."""
    position = {x.code: i for i, x in enumerate(order)}
    groups = {g: i for i, g in enumerate(dict.fromkeys(x.group for x in order))}
    return sorted(drafts, key=lambda d: (
        groups[key(d).group],
        _ORDER[d["status"]],
        d.get("rank") or 0,
        position[key(d).code],
    ))


def group_seats(plan: Plan, entities: Sequence[UnitEvaluation]) -> dict[str, int]:
    """The quota seats of each peer group of ``entities`` (units, or officials), from the
    grades before quota (for notes), in one pass; groups without a quota are absent."""
    grades: dict[str, list[Grade | None]] = {}
    for e in entities:
        graded = grades.setdefault(e.group, [])
        if e.status is Status.SCORED:
            graded.append(e.grade_before_quota)
    seats = {group: quota_seats(plan.excellent_quota, graded, plan.quota_base,
                                plan.seat_rounding) for group, graded in grades.items()}
    return {group: n for group, n in seats.items() if n is not None}
def grade_counts(entities: Iterable[tuple[str, Grade | None, Status]], kind: str
                 ) -> list[GradeCount]:
    """Per peer group, in order of first appearance: the entities' (group, grade, status)
    counted by grade; scored without a grade is not graded; missing or rejected, no result."""
    counts: dict[str, dict[str, int]] = {}
    for group, grade, status in entities:
        row = counts.setdefault(group, dict.fromkeys(GRADE_COUNT_KEYS, 0))
        if grade is not None:
            row[grade.value] += 1
        elif status in (Status.MISSING, Status.REJECTED):
            row["no_result"] += 1
        else:
            row["not_graded"] += 1
    return [GradeCount(kind=kind, group=group, total=sum(row.values()), counts=row)
            for group, row in counts.items()]


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
                rt = exact_decimal(exact_ratio(ind.direction, exact(a), exact(t)))
            except ValueError:
                rt = None
            total = total.model_copy(update={"target": t, "actual": a, "ratio": rt})
        totals.append(total)
    return totals
