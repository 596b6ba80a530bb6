"""How long `dgsp compare --sensitivity 1000` takes on a province-sized report, measured in one run.

Builds in memory two synthetic score reports (a previous year and the reference) of
N units × K indicators (default 3,321 communes, the whole country's count after the
2025 merger, × 20 indicators; mixed directions; three peer groups), then times:

- compare: `compare(reports)` without sensitivity (league tables, indicator leagues, audit);
- sensitivity: `compare(reports, sensitivity=RUNS)` (the same, plus RUNS re-scorings);
- rank_stability: the re-scoring alone.

Prints each figure and the ratio sensitivity / compare. Timings vary with the machine's
load: compare ratios from one run, not absolute seconds.

    python benchmarks/bench_compare.py [N] [K] [RUNS]
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal

from dgsp.compare.build import compare, rank_stability
from dgsp.compare.model import (
    ReportGradeRule,
    ReportIndicator,
    ReportIndicatorDef,
    ReportPlan,
    ReportUnit,
    ScoreReport,
)
from dgsp.scoring.rules import competition_ranks

RULES = (ReportGradeRule(grade="HTXSNV", min_score=Decimal(90)),
         ReportGradeRule(grade="HTTNV", min_score=Decimal(70)),
         ReportGradeRule(grade="HTNV", min_score=Decimal(50)))


def synth_report(n: int, k: int, year: int, seed: int) -> ScoreReport:
    """A consistent report: ratios drawn around 100%, scores and ranks computed from them."""
    rng = random.Random(seed)
    dirs = ["higher"] * 6 + ["lower"] * 3 + ["binary"]
    defs = tuple(ReportIndicatorDef(code=f"C{j:02d}", name=f"Chỉ tiêu {j}",
                                    direction=dirs[j % len(dirs)], weight=Decimal(1 + j % 2),
                                    cap=Decimal("1.2")) for j in range(k))
    total_w = sum(d.weight for d in defs)
    drafts = []
    for i in range(n):
        results, points = [], Decimal(0)
        for d in defs:
            if d.direction == "binary":
                r = Decimal(rng.random() < 0.8)
            else:
                r = Decimal(round(rng.uniform(0.6, 1.4), 6)).quantize(Decimal("1e-6"))
            p = d.weight * min(r, d.cap)
            points += p
            results.append(ReportIndicator(code=d.code, target=Decimal(100), actual=r * 100,
                                           ratio=r, points=p, achieved=r >= 1,
                                           exceeded=r > 1 and d.direction != "binary",
                                           weight=d.weight, capped=r > d.cap))
        score = (100 * points / total_w).quantize(Decimal("0.01"))
        drafts.append((f"XA{i:05d}", f"Nhóm {i % 3}", score, tuple(results)))
    ranks: dict[str, int] = {}
    for g in ("Nhóm 0", "Nhóm 1", "Nhóm 2"):
        ranks.update(competition_ranks({c: s for c, grp, s, _ in drafts if grp == g}))
    units = []
    for code, group, score, results in drafts:
        grade = next((r.grade for r in RULES if score >= r.min_score), "KHTNV")
        units.append(ReportUnit(code=code, name=f"Xã {code}", group=group, status="scored",
                                score=score, grade=grade, grade_before_quota=grade,
                                rank=ranks[code], assigned=k,
                                achieved=sum(r.achieved for r in results),
                                exceeded=sum(r.exceeded for r in results), indicators=results))
    return ScoreReport(plan=ReportPlan(title="Benchmark", year=year, fingerprint=f"fp{year}",
                                       indicators=defs, grade_rules=RULES),
                       units=tuple(units), file=f"bench-{year}.json", sha256=f"sha{year}")


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3321
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    build, reports = timed(lambda: [synth_report(n, k, 2024, 1), synth_report(n, k, 2025, 2)])
    print(f"{n} units × {k} indicators, 2 reports, {runs} runs (built in {build:.2f} s)")
    plain, _ = timed(lambda: compare(reports))
    sens, result = timed(lambda: compare(reports, sensitivity=runs))
    alone, _ = timed(lambda: rank_stability(reports[-1], runs))
    close = sum(r.not_clearly_different for g in result.groups for r in g.rows)
    print(f"compare:                 {plain:6.2f} s")
    print(f"compare --sensitivity:   {sens:6.2f} s  ({sens / plain:.1f} × compare)")
    print(f"rank_stability alone:    {alone:6.2f} s")
    print(f"units not clearly different from a neighbour: {close} of {n}")


if __name__ == "__main__":
    main()
