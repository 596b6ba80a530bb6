"""How long the scorer takes on a national round, in-process: `dgsp.scoring.evaluate` on
N units × K indicators (default 3,321 × 20; `synth.make_plan`, returns in memory), each a
median of ``--repeat`` runs, against building the same results' inputs (the returns), so the
figure is read as a ratio of one run. Beside it, the units' task scoring alone, in this process
and through a pool of 2 workers (`dgsp.parallel.run`, as evaluate did before issue 13): why
evaluate scores in this process.

    python benchmarks/bench_evaluate.py [--units 3321] [--indicators 20] [--repeat 3]

Run it on two commits (``git stash`` / ``git checkout``) to compare a change: the machine is
shared and noisy, so compare figures of the same session.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_year import national_args, returns_for, timed  # noqa: E402
from synth import make_plan  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    args = national_args(__doc__).parse_args(argv)

    from functools import partial

    from dgsp import parallel
    from dgsp.scoring import evaluate
    from dgsp.scoring.evaluate import _score_unit

    plan = make_plan(args.units, args.indicators)
    floor, returns = timed(lambda: returns_for(plan, seed=0), args.repeat)
    print(f"{args.units} units × {args.indicators} indicators; median of {args.repeat}")
    print(f"  {'returns built':<22} {floor:7.2f} s  1.00×")
    t, _ = timed(lambda: evaluate(plan, returns), args.repeat)
    print(f"  {'evaluate':<22} {t:7.2f} s  {t / floor:5.2f}×")
    jobs = [(code, ret, {}) for code, ret in returns.items()]
    for workers in (1, 2):
        t, _ = timed(lambda w=workers: parallel.run(partial(_score_unit, plan), jobs, workers=w),
                     args.repeat)
        print(f"  {f'units scored, {workers} worker(s)':<26} {t:7.2f} s  {t / floor:5.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
