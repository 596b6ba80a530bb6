"""How fast `dgsp score` reads returns, against the read limit, measured in one run.

Generates a plan of N units x K indicators (mixed directions), assigns it, fills every
template the way a unit office would, then times on the same files:

- calamine-read: a bare python-calamine loop reading the result column (the read limit);
- gather: dgsp's intake of every return (zip preflight, hash, metadata, all checks);
- score: the whole `dgsp score --no-sheets` command, as a subprocess.

Prints each figure and the ratios gather / calamine-read and score / calamine-read.
Timings vary with the machine's load: compare ratios from one run, not absolute seconds.

    python benchmarks/bench_intake.py [N] [K]
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from dgsp.model import Direction, Indicator, Plan, Target, Unit


def synth_plan(n: int, k: int, seed: int = 1) -> Plan:
    rng = random.Random(seed)
    dirs = [Direction.HIGHER] * 6 + [Direction.LOWER] * 3 + [Direction.BINARY]
    indicators = tuple(
        Indicator(code=f"C{j:02d}", name=f"Chỉ tiêu {j}", task_group=f"Nhóm {j % 4 + 1}",
                  measure="", direction=dirs[j % len(dirs)], weight=Decimal(1 + j % 2),
                  cap=Decimal("1.2"), additive=dirs[j % len(dirs)] is not Direction.BINARY)
        for j in range(k))
    units = tuple(Unit(code=f"XA{i:05d}", name=f"Xã {i}", group=f"Nhóm {i % 3}") for i in range(n))
    targets = tuple(
        Target(unit=u.code, indicator=ind.code,
               value=Decimal(1) if ind.direction is Direction.BINARY else Decimal(rng.randint(5, 500)))
        for u in units for ind in indicators)
    return Plan(title="Benchmark", year=2025, units=units, indicators=indicators, targets=targets)


def fill_all(plan: Plan, templates: Path, returns: Path, seed: int = 2) -> None:
    from dgsp.templates import fill_template

    rng = random.Random(seed)
    returns.mkdir()
    for unit in plan.units:
        values = {}
        for ind, target in plan.assignments(unit.code):
            if ind.direction is Direction.BINARY:
                values[ind.code] = rng.choice(["Đạt", "Đạt", "Không đạt"])
            else:
                values[ind.code] = int(target.value * Decimal(rng.uniform(0.8, 1.2)))
        fill_template(templates / f"{unit.code}.xlsx", values, returns / f"{unit.code}.xlsx")


def calamine_read(files: list[Path]) -> float:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    total = 0
    for f in files:
        rows = CalamineWorkbook.from_path(str(f)).get_sheet_by_index(0).to_python(skip_empty_area=False)
        total += sum(1 for r in rows[10:] if len(r) > 7 and r[7] != "")
    assert total
    return time.perf_counter() - start


def best(fn, repeat: int = 3) -> float:
    return min(fn() for _ in range(repeat))


def main(n: int = 300, k: int = 20) -> None:
    from dgsp.intake import gather
    from dgsp.plan import write_plan
    from dgsp.templates import write_templates

    tmp = Path(tempfile.mkdtemp(prefix="dgsp-bench-"))
    try:
        plan = synth_plan(n, k)
        write_plan(tmp / "plan.xlsx", plan)
        t0 = time.perf_counter()
        write_templates(plan, tmp / "templates")
        t_assign = time.perf_counter() - t0
        fill_all(plan, tmp / "templates", tmp / "returns")
        files = sorted((tmp / "returns").glob("*.xlsx"))

        t_read = best(lambda: calamine_read(files))

        def run_gather() -> float:
            start = time.perf_counter()
            intake = gather(plan, [tmp / "returns"])
            assert len(intake.by_unit) == n and all(r.ok for r in intake.by_unit.values())
            return time.perf_counter() - start

        t_gather = best(run_gather)
        dgsp = Path(sys.executable).parent / "dgsp"

        def run_score() -> float:
            start = time.perf_counter()
            subprocess.run([str(dgsp), "score", str(tmp / "plan.xlsx"), str(tmp / "returns"),
                            "--out", str(tmp / "report.xlsx"), "--no-sheets", "--force"],
                           check=True, capture_output=True)
            return time.perf_counter() - start

        t_score = best(run_score, repeat=2)
        print(f"{n} returns x {k} indicators")
        print(f"  assign (write_templates): {t_assign:7.3f} s  ({t_assign / n * 1000:.1f} ms/unit)")
        print(f"  calamine-read (limit):    {t_read:7.3f} s  ({t_read / n * 1000:.2f} ms/file)")
        print(f"  gather (dgsp intake):     {t_gather:7.3f} s  ({t_gather / n * 1000:.2f} ms/file)")
        print(f"  dgsp score --no-sheets:   {t_score:7.3f} s")
        print(f"  ratio gather / calamine-read: {t_gather / t_read:5.2f}")
        print(f"  ratio score / calamine-read:  {t_score / t_read:5.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
