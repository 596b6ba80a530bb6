"""The rounds of a year's score reports → the year (``dgsp year``): each entity's rounds side by
side, its annual score and grade by :mod:`dgsp.scoring.year`, the quota and the rank.

Pure over the reports as read (:class:`~dgsp.compare.model.ScoreReport`); nothing here reads or
writes a file. The thresholds are those of the latest round's plan (the year's own round when
given, else the last quarter).
"""

from __future__ import annotations

from collections.abc import Sequence

from dgsp.compare.model import (
    ReportRef,
    ReportUnit,
    ScoreReport,
    YearEntity,
    YearEvaluation,
    YearRound,
)
from dgsp.compare.rounds import check_rounds
from dgsp.model import (
    Conditions,
    Grade,
    GradeRule,
    Period,
    Problem,
    QuotaBase,
    Reason,
    SeatRounding,
)
from dgsp.problems import CompareError
from dgsp.scoring import (
    apply_conditions,
    grade_by_rules,
    quota_reason,
    quota_seats,
    tied_at_last_seat,
)
from dgsp.scoring.year import (
    QUARTERS,
    annual_score,
    keep_excellent_year,
    quarter_ceiling,
    two_failed_in_a_row,
    year_keys,
    year_ranks,
)

_ORDER = {p.value: i for i, p in enumerate((*QUARTERS, Period.YEAR))}
_QUARTER_CODES = {q.value for q in QUARTERS}


def build_year(reports: Sequence[ScoreReport], rule: str = "mean") -> YearEvaluation:
    """The year from its rounds' reports, in any order (see the module).

    CompareError, naming the files, for: no report (DG429), a report of another year than the
    latest's (DG430), two reports of one period (DG432), a report sharing no unit with the
    latest (DG433).
    """
    if not reports:
        raise CompareError(Problem("DG429", {}))
    rounds = sorted(reports, key=lambda r: _ORDER.get(r.plan.period, len(_ORDER)))
    _check(rounds)
    latest = rounds[-1]
    return YearEvaluation(
        year=latest.plan.year, title=latest.plan.title, rule=rule,
        issued_by=latest.plan.issued_by, document=latest.plan.document,
        reports=tuple(ReportRef(title=r.plan.title, year=r.plan.year, file=r.file,
                                sha256=r.sha256, fingerprint=r.plan.fingerprint)
                      for r in rounds),
        periods=tuple(r.plan.period for r in rounds),
        units=(units := tuple(_entities(rounds, rule, lookup := _Lookup(rounds)))),
        officials=tuple(_entities(rounds, rule, lookup,
                                  {u.code: u.grade_before_quota for u in units})),
    )


def for_the_year(report: ScoreReport) -> ScoreReport:
    """What :func:`build_year` reads of a round's report, and nothing more: of each unit's
    results only its critical targets missed, no official's results, and the year to date of
    the fourth quarter alone. ``build_year`` gives the same year from it as from the whole."""
    critical = {i.code for i in report.plan.indicators if i.critical}
    units = tuple(u.model_copy(update={"indicators": tuple(
        i for i in u.indicators if i.code in critical and not i.achieved)})
        for u in report.units)
    officials = tuple(o.model_copy(update={"indicators": ()}) for o in report.officials)
    to_date = report.to_date if report.plan.period == Period.Q4.value else ()
    return report.model_copy(update={"units": units, "officials": officials,
                                     "to_date": to_date})


def year_content(data: object) -> object:
    """A round's report content (its JSON, not yet validated) cut before it is validated, to
    no more than :func:`for_the_year` keeps of it: validating a national round's year to date
    and every unit's results took most of ``dgsp year``. It never drops what ``for_the_year``
    would keep: an entry it cannot tell about (a field of the wrong type, say) stays, for the
    validation to judge, and ``for_the_year`` is applied after it."""
    if not isinstance(data, dict) or not isinstance(data.get("plan"), dict):
        return data
    plan = data["plan"]
    defs = plan.get("indicators")
    if not isinstance(defs, list):
        return data
    critical = {i.get("code") for i in defs if isinstance(i, dict)
                and i.get("critical", False) is not False}  # critical, or unsure: kept

    def kept(result: object) -> bool:
        return not isinstance(result, dict) or (
            result.get("code") in critical and result.get("achieved") is not True)

    def cut(entities: object, keep) -> object:
        if not isinstance(entities, list):
            return entities
        return [{**e, "indicators": [i for i in e["indicators"] if keep(i)]}
                if isinstance(e, dict) and isinstance(e.get("indicators"), list) else e
                for e in entities]

    out = {**data, "units": cut(data.get("units"), kept),
           "officials": cut(data.get("officials"), lambda _: False)}
    if "units" not in data:
        del out["units"]
    if "officials" not in data:
        del out["officials"]
    period = plan.get("period", Period.YEAR.value)
    if isinstance(period, str) and period != Period.Q4.value and "to_date" in data:
        out["to_date"] = []
    return out


def _check(rounds: Sequence[ScoreReport]) -> None:
    latest = rounds[-1]
    problems = check_rounds(rounds, latest.plan.year, {u.code for u in latest.units},
                            latest.file or "—")
    if problems:
        raise CompareError(problems)


class _Lookup:
    """Each round's units by code and year-to-date rows by unit, indexed once for the year
    (a national year has thousands of units in each round)."""

    def __init__(self, rounds: Sequence[ScoreReport]) -> None:
        self.units = {id(r): {u.code: u for u in r.units} for r in rounds}
        self.to_date: dict[int, dict[str, list]] = {}
        for r in rounds:
            rows = self.to_date[id(r)] = {}
            for d in r.to_date:
                rows.setdefault(d.unit, []).append(d)


def _entities(rounds: Sequence[ScoreReport], rule: str, lookup: _Lookup,
              unit_grades: dict[str, str | None] | None = None) -> list[YearEntity]:
    """The year's collectives, or (given the collectives' grades before quota, their ceiling)
    its officials."""
    officials = unit_grades is not None
    latest = rounds[-1]
    plan = latest.plan
    rules = tuple(GradeRule(grade=Grade(g.grade), min_score=g.min_score,
                            min_achieved_share=g.min_achieved_share,
                            min_exceeded_share=g.min_exceeded_share,
                            max_behind_share=g.max_behind_share) for g in plan.grade_rules)
    by_round = [{e.code: e for e in (r.officials if officials else r.units)} for r in rounds]
    codes = list(dict.fromkeys(c for index in reversed(by_round) for c in index))
    first_seen = {c: i for i, c in enumerate(codes)}
    drafts = []
    for code in codes:
        seen = [(r, index[code]) for r, index in zip(rounds, by_round, strict=True)
                if code in index]
        last = seen[-1][1]
        draft = _entity(code, last, seen, rounds, rules, rule, unit_grades, lookup)
        drafts.append(draft)
    for group in dict.fromkeys(d["group"] for d in drafts):
        members = [d for d in drafts if d["group"] == group and d["grade"] is not None]
        seats = quota_seats(plan.excellent_quota, (Grade(d["grade"]) for d in members),
                            QuotaBase(plan.quota_base), SeatRounding(plan.seat_rounding))
        excellent = {d["code"]: d["annual_score"] for d in members if d["grade"] == "HTXSNV"}
        quarters = {d["code"]: d["excellent_quarters"] for d in members}
        keep = keep_excellent_year(excellent, quarters, seats)
        tied = tied_at_last_seat(year_keys(excellent, quarters), seats)
        ranks = year_ranks({d["code"]: d["annual_score"] for d in members}, quarters)
        for d in members:
            if d["code"] in excellent and d["code"] not in keep:
                d.update(grade="HTTNV", lowered_by_quota=True, reasons=(*d["reasons"], quota_reason(
                    seats, group, d["code"], tied, d["annual_score"])))
            d["rank"] = ranks[d["code"]]
    order = {g: i for i, g in enumerate(dict.fromkeys(d["group"] for d in drafts))}
    drafts.sort(key=lambda d: (order[d["group"]], d["rank"] is None, d["rank"] or 0,
                               first_seen[d["code"]]))
    return [YearEntity(**d) for d in drafts]


def _entity(code: str, last: ReportUnit, seen, rounds, rules, rule: str,
            unit_grades: dict[str, str | None] | None, lookup: _Lookup) -> dict:
    in_round = {r.plan.period: u for r, u in seen}
    graded = {Period(p): (u.score if u.status == "scored" else None)
              for p, u in in_round.items() if p != Period.YEAR.value}
    grades = {Period(p): (Grade(u.grade) if u.status == "scored" and u.grade else None)
              for p, u in in_round.items() if p != Period.YEAR.value}
    year_unit = in_round.get(Period.YEAR.value)
    year_score = year_unit.score if year_unit is not None and year_unit.status == "scored" \
        else None
    score, why = annual_score(graded, rule, year_score)
    draft = {
        "code": code, "name": last.name, "group": last.group,
        "official": last.official is not None, "unit": last.unit or "",
        "rounds": tuple(_round(r.plan.period, next((u for rr, u in seen if rr is r), None))
                        for r in rounds),
        "annual_score": score, "grade_before_quota": None, "grade": None, "rank": None,
        "lowered_by_quota": False,
        "excellent_quarters": sum(g is Grade.HTXSNV for g in grades.values()),
        "flags": ("two_failed_in_a_row",) if two_failed_in_a_row(grades) else (),
        "reasons": why,
    }
    if score is None:  # and why its quarters were not graded, as their reports say
        draft["reasons"] = (*why, *_not_graded_quarters(draft["rounds"]))
        return draft
    assigned, achieved, exceeded, behind, critical = _year_results(seen, last.unit or code, lookup)
    grade, reasons = grade_by_rules(score, assigned, achieved, exceeded, rules, behind)
    grade, conditions = apply_conditions(grade, _year_conditions(code, year_unit), critical,
                                         individual=unit_grades is not None)
    grade, ceiling = quarter_ceiling(grade, grades)
    unit_grade = (unit_grades or {}).get(last.unit or "")
    if unit_grade:  # an official: never above their unit's year (after their own record)
        grade, above = apply_conditions(grade, Conditions(entity=code), (), individual=True,
                                        unit_grade=Grade(unit_grade))
        ceiling = (*ceiling, *above)
    draft.update(grade=grade.value, grade_before_quota=grade.value,
                 reasons=(*reasons, *conditions, *ceiling))
    return draft


def _not_graded_quarters(rounds: Sequence[YearRound]) -> tuple[Reason, ...]:
    """One reason per distinct ground the quarters were not graded on, with their periods."""
    grounds: dict[str, list[str]] = {}
    for r in rounds:
        if r.period in _QUARTER_CODES and r.status == "not_graded" and r.reason:
            grounds.setdefault(r.reason, []).append(r.period)
    return tuple(Reason(code="quarters_not_graded",
                        params={"periods": ", ".join(ps), "reason": text})
                 for text, ps in grounds.items())


def _year_conditions(code: str, year_unit: ReportUnit | None) -> Conditions:
    """The Board's conditions for the year, as its appraisal of the year's own round found them
    (read back from that round's reasons); none without that round."""
    found = {r.code for r in year_unit.reasons} if year_unit is not None else set()
    return Conditions(entity=code, disciplined="disciplined" in found,
                      remedied="not_remedied" not in found,
                      sub_disciplined="sub_disciplined" in found)


def _year_results(seen, unit: str, lookup: _Lookup
                  ) -> tuple[int, int, int, int | None, list[str]]:
    """(assigned, achieved, exceeded, behind, critical targets missed) over the year's results:
    the year's own round where given, else the Q4 round's year to date (on track at year end is
    achieved, and anything else behind; a share past the annual target is exceeded), else the
    last round the entity was scored in. An official's are their unit's."""
    scored = [(r, u) for r, u in seen if u.status == "scored" and u.assigned]
    own = [(r, u) for r, u in scored if r.plan.period == Period.YEAR.value]
    q4 = next((r for r, _ in seen if r.plan.period == Period.Q4.value), None)
    rows = lookup.to_date[id(q4)].get(unit, []) if q4 else []
    if rows and not own:
        critical = {i.code for i in q4.plan.indicators if i.critical}
        lower = {i.code for i in q4.plan.indicators if i.direction == "lower"}
        exceeded = sum(d.share is not None and (d.share < 1 if d.indicator in lower
                                                else d.share > 1) for d in rows)
        achieved = sum(d.pace == "on_track" for d in rows)
        return (len(rows), achieved, exceeded, len(rows) - achieved,
                [d.indicator for d in rows if d.indicator in critical and d.pace != "on_track"])
    r, u = (own or scored)[-1]
    critical = {i.code for i in r.plan.indicators if i.critical}
    results = lookup.units[id(r)][unit].indicators if unit in lookup.units[id(r)] else ()
    return (u.assigned or 0, u.achieved or 0, u.exceeded or 0, u.behind,
            [i.code for i in results if i.code in critical and not i.achieved])


def _round(period: str, u: ReportUnit | None) -> YearRound:
    if u is None:
        return YearRound(period=period)
    counted = u.status in ("scored", "not_graded")
    return YearRound(period=period, status=u.status,
                     score=u.score if counted else None,
                     grade=u.grade if u.status == "scored" else None,
                     reason=next((r.text for r in u.reasons if r.code == "not_graded"), ""))
