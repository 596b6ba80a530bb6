"""How fast `dgsp score` reads returns, against the read limit, measured in one run.

Generates a plan of N units x K indicators with benchmarks/synth.py (peer groups, mixed
directions), assigns it, fills every template, then times on the same files:

- calamine-read: a bare python-calamine loop reading the result column (the read limit);
- gather: dgsp's intake of every return (zip preflight, hash, metadata, all checks);
- score: the whole `dgsp score --no-sheets` command, as a subprocess.

Prints each figure and the ratios gather / calamine-read and score / calamine-read.
Timings vary with the machine's load: compare ratios from one run, not absolute seconds.

    python benchmarks/bench_intake.py [N] [K]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import write_workload  # noqa: E402


def calamine_read(files: list[Path]) -> float:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    total = 0
    for f in files:
        rows = CalamineWorkbook.from_path(str(f)).get_sheet_by_index(0) \
            .to_python(skip_empty_area=False)
        total += sum(1 for r in rows[10:] if len(r) > 7 and r[7] != "")
    assert total
    return time.perf_counter() - start


def best(fn, repeat: int = 3) -> float:
    return min(fn() for _ in range(repeat))


def main(n: int = 300, k: int = 20) -> None:
    from dgsp.intake.returns import gather
    from dgsp.plan.workbook import read_plan

    tmp = Path(tempfile.mkdtemp(prefix="dgsp-bench-"))
    try:
        t0 = time.perf_counter()
        plan_path, _, returns = write_workload(tmp, n, k, seed=1)
        t_assign = time.perf_counter() - t0  # plan, templates and returns
        plan, _ = read_plan(plan_path)
        files = sorted(returns.glob("*.xlsx"))

        t_read = best(lambda: calamine_read(files))

        def run_gather() -> float:
            start = time.perf_counter()
            intake = gather(plan, [returns])
            assert len(intake.by_unit) == n and all(r.ok for r in intake.by_unit.values())
            return time.perf_counter() - start

        t_gather = best(run_gather)
        dgsp = Path(sys.executable).parent / "dgsp"

        def run_score() -> float:
            start = time.perf_counter()
            subprocess.run([str(dgsp), "score", str(tmp / "plan.xlsx"), str(returns),
                            "--out", str(tmp / "report.xlsx"), "--no-sheets", "--force"],
                           check=True, capture_output=True)
            return time.perf_counter() - start

        t_score = best(run_score, repeat=2)
        print(f"{n} returns x {k} indicators")
        print(f"  workload (plan, assign, fill): {t_assign:7.3f} s  "
              f"({t_assign / n * 1000:.1f} ms/unit)")
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
