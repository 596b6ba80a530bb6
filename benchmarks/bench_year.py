"""How long `dgsp year` takes on a national year: N units × 4 quarterly rounds, measured in one run.

Builds the four quarters' score reports the way a Board's runs would make them: a synthetic
plan of N units × K indicators (default 3,321 communes, the country's count after the 2025
merger, × 20; `synth.make_plan`) made quarterly, with annual targets, each quarter scored by
`dgsp.scoring.evaluate` on in-memory returns and written as its ``dgsp.score/2`` JSON (with the
year to date of the quarters before it). Then it times, on those four files:

- read_json: parsing the four JSON files (the standard library's json), the floor of any
  reader;
- read_reports: dgsp's reader, parsing and validating them (`dgsp.compare.read_reports`);
- build_year: the year built from the reports as read (`dgsp.compare.year.build_year`);
- year_cmd: the whole command, ``dgsp year Q1.json … Q4.json --out YEAR.xlsx --json YEAR.json
  --no-sheets``, as a subprocess, with its peak memory (``/usr/bin/time -f %M``);
- year_cmd_sheets (``--sheets``): the same with the year phiếu, one workbook per unit.

Prints each figure and its ratio to read_json. Timings vary with the machine's load: compare
the ratios of one run, not absolute seconds.

    python benchmarks/bench_year.py [--units 3321] [--indicators 20] [--repeat 3] [--sheets]
                                    [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import DGSP, run  # noqa: E402
from synth import make_plan, results_for  # noqa: E402

from dgsp.model import Period, Return, ReturnedValue  # noqa: E402

QUARTERS = (Period.Q1, Period.Q2, Period.Q3, Period.Q4)
LIMIT_MIB = 1024  # the bound on memory


def quarter_plan(base, period: Period):
    """``base`` as one quarter's round: its targets are the quarter's milestones (a quarter of
    an additive indicator's annual target, the same rate otherwise), the annual targets kept."""
    by_code = {i.code: i for i in base.indicators}
    targets = []
    for t in base.targets:
        additive = by_code[t.indicator].additive and by_code[t.indicator].direction.value != "binary"
        milestone = (t.value / 4).quantize(Decimal("0.1")) if additive else t.value
        targets.append(t.model_copy(update={"value": max(milestone, Decimal("0.1")),
                                            "annual": t.value}))
    return base.model_copy(update={"period": period, "targets": tuple(targets),
                                   "title": f"{base.title}, {period.value}"})


def returns_for(plan, seed: int) -> dict[str, Return]:
    rng = random.Random(seed)
    out = {}
    for u in plan.units:
        values = []
        for code, value in results_for(plan, u.code, rng).items():
            number = Decimal(value == "Đạt") if isinstance(value, str) else Decimal(value)
            values.append(ReturnedValue(indicator=code, value=number))
        out[u.code] = Return(file=f"{u.code}.xlsx", sha256="0" * 64, unit=u.code,
                             values=tuple(values))
    return out


def write_quarters(directory: Path, n: int, k: int) -> list[Path]:
    """The four quarters' JSON reports in ``directory`` (reused when they are there)."""
    from dgsp.compare import read_reports
    from dgsp.compare.rounds import earlier_results
    from dgsp.report import json_text, to_json
    from dgsp.scoring import evaluate
    from dgsp.scoring.to_date import year_to_date

    paths = [directory / f"report-{q.value}.json" for q in QUARTERS]
    if all(p.exists() for p in paths):
        return paths
    directory.mkdir(parents=True, exist_ok=True)
    base = make_plan(n, k)
    for i, (period, path) in enumerate(zip(QUARTERS, paths, strict=True)):
        plan = quarter_plan(base, period)
        ev = evaluate(plan, returns_for(plan, seed=i), workers=1)
        earlier = earlier_results(plan, read_reports(paths[:i])) if i else {}
        ev = ev.model_copy(update={"to_date": tuple(year_to_date(plan, ev.units, earlier))})
        path.write_text(json_text(to_json(ev)), encoding="utf-8")
        print(f"  wrote {path} ({path.stat().st_size / 2**20:.1f} MiB)", file=sys.stderr)
    return paths


def national_args(doc: str) -> argparse.ArgumentParser:
    """The options every in-process benchmark takes: --units, --indicators, --repeat."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--units", type=int, default=3321)
    ap.add_argument("--indicators", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    return ap


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    ap = national_args(__doc__)
    ap.add_argument("--sheets", action="store_true", help="also time the year phiếu")
    ap.add_argument("--keep", type=Path, help="write (or reuse) the four reports here")
    args = ap.parse_args(argv)

    import json

    from dgsp.compare import read_reports
    from dgsp.compare.year import build_year

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "reports"
        print(f"{args.units} units × {args.indicators} indicators × 4 quarters", file=sys.stderr)
        paths = write_quarters(folder, args.units, args.indicators)
        size = sum(p.stat().st_size for p in paths) / 2**20
        rows: list[tuple[str, float, int | None]] = []
        floor, _ = timed(lambda: [json.loads(p.read_bytes()) for p in paths], args.repeat)
        rows.append(("read_json", floor, None))
        t, reports = timed(lambda: read_reports(paths), args.repeat)
        rows.append(("read_reports", t, None))
        t, built = timed(lambda: build_year(reports), args.repeat)
        rows.append(("build_year", t, None))
        graded = sum(e.grade is not None for e in built.units)
        out = Path(tmp) / "out"
        out.mkdir()
        for name, extra in (("year_cmd", ["--no-sheets"]),
                            *((("year_cmd_sheets", []),) if args.sheets else ())):
            times, peaks = [], []
            for i in range(args.repeat if extra else 1):  # the phiếu: one run (minutes)
                target = out / f"{name}-{i}.xlsx"
                seconds, _, peak = run([DGSP, "year", *map(str, paths), "--out", str(target),
                                        "--json", str(target.with_suffix(".json")), *extra])
                times.append(seconds)
                peaks.append(peak)
            rows.append((name, statistics.median(times), max(peaks)))

    print(f"\n{args.units} units × {args.indicators} indicators × 4 rounds "
          f"({size:.1f} MiB of JSON; {graded} units graded for the year); "
          f"median of {args.repeat}")
    print(f"{'step':<16} {'seconds':>8} {'× read_json':>12} {'peak MiB':>9}")
    worst = 0
    for name, seconds, peak in rows:
        mib = "" if peak is None else f"{peak / 1024:.0f}"
        worst = max(worst, (peak or 0) / 1024)
        print(f"{name:<16} {seconds:>8.2f} {seconds / floor:>12.1f} {mib:>9}")
    if worst >= LIMIT_MIB:
        print(f"peak memory {worst:.0f} MiB is over the {LIMIT_MIB} MiB bound", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
