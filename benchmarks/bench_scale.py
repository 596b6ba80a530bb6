"""Where dgsp stands at national scale (issues 5 and 13), measured in one run on the same files.

Generates N units x K indicators (benchmarks/synth.py: plan, templates, filled returns), then
times whole commands, each a subprocess of the installed ``dgsp`` next to sys.executable:

- ``dgsp --help``;
- ``dgsp assign`` (into a separate folder; templates per second);
- ``dgsp check`` (the dry run, every intake check);
- ``dgsp score --json`` (the full report, the per-unit evaluation sheets and the JSON);
- ``dgsp score --no-sheets --json``;

and two in-process baselines over the same returns:

- calamine-read: a bare python-calamine loop reading only the result values (the read limit);
- openpyxl-read: a plain openpyxl loop reading the same values (what a user would write:
  ``load_workbook(f, read_only=True, data_only=True)``, then the result column).

Each figure is the median of ``--repeat`` runs (default 3) for the commands and of
``--repeat-read`` runs (default 3) for the read loops. Peak RSS is each command's own
(``/usr/bin/time -f %M``). Timings on a shared machine are noisy: compare the ratios of one run;
the load average is printed before and after. ``--workers N`` is passed on to ``dgsp check``
and ``dgsp score`` (default: theirs, auto). ``--officials N``: N officials per unit (0–2) in
the timed workload (default 0, as issue 5 and 13 measured).

``--year``: ``dgsp year`` over the four quarterly rounds of N units (``bench_year.py``'s
reports, written by dgsp's scorer), against parsing the four JSON files.

``--rss 3321,10000,20000``: for each size, a workload with two officials per unit, and the peak
RSS of one ``dgsp score --no-sheets --json`` on it (issue 13: under 1 GiB at 20,000).

    python benchmarks/bench_scale.py [--units 3321] [--indicators 20] [--keep DIR] [--workers N]
                                     [--year] [--rss 3321,10000,20000]

``--smoke`` (CI) times nothing: on one workload (N = 200 unless ``--units`` says otherwise)
with a duplicate, a broken file and a missing return mixed in, it runs ``dgsp score --json``
(report and evaluation sheets) and ``dgsp check --json`` with ``--workers 1`` and with
``--workers 2``, and exits 1 unless each pair of JSON files is identical byte for byte and
every command exits 1 (some unit rejected or missing), as it should.

    python benchmarks/bench_scale.py --smoke [--units 200]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import NATIONAL, write_workload  # noqa: E402

DGSP = str(Path(sys.executable).parent / "dgsp")
RESULT_COL = 7  # column H of the results sheet
FIRST_ROW = 10  # 0-based: the row after the table's header


TIME = "/usr/bin/time"


def run(args: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, int, int]:
    """Run a command; return (seconds, exit code, peak RSS in KiB).

    Peak RSS comes from ``/usr/bin/time -f %M`` when it exists: a child forked from
    this process would otherwise report this process's own RSS as its peak.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        timer = [TIME, "-q", "-f", "%M", "-o", rss_file.name] if os.path.exists(TIME) else []
        start = time.perf_counter()
        proc = subprocess.run([*timer, *args], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if proc.returncode not in ok:
            sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n"
                     f"{proc.stderr.decode()[-2000:]}")
        text = rss_file.read().strip()
    peak = int(text.splitlines()[-1]) if text else 0
    return elapsed, proc.returncode, peak


def calamine_read(files: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    n = 0
    for f in files:
        rows = CalamineWorkbook.from_path(str(f)).get_sheet_by_index(0) \
            .to_python(skip_empty_area=False)
        n += sum(1 for r in rows[FIRST_ROW:] if len(r) > RESULT_COL and r[RESULT_COL] != "")
    return n


def openpyxl_read(files: list[Path]) -> int:
    from openpyxl import load_workbook

    n = 0
    for f in files:
        wb = load_workbook(f, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        for (v,) in ws.iter_rows(min_row=FIRST_ROW + 1, min_col=RESULT_COL + 1,
                                 max_col=RESULT_COL + 1, values_only=True):
            n += v is not None
        wb.close()
    return n


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def command(label: str, args: list[str], repeat: int, ok=(0,)) -> tuple[float, int]:
    runs = [run(args, ok) for _ in range(repeat)]
    t = statistics.median(r[0] for r in runs)
    rss = max(r[2] for r in runs)
    print(f"  {label:<28}{t:9.2f} s   peak RSS {rss / 1024:7.0f} MiB   exit {runs[-1][1]}",
          flush=True)
    return t, rss


def score_args(plan: Path, returns: Path, out: Path, extra: list[str]) -> list[str]:
    """``dgsp score PLAN RETURNS --out OUT --json OUT.json --force …``."""
    return [DGSP, "score", str(plan), str(returns), "--out", str(out), "--json",
            str(out.with_suffix(".json")), "--force", *extra]


def year_figures(folder: Path, n: int, k: int, repeat: int) -> tuple[float, float]:
    """(``dgsp year`` over the four rounds, parsing their four JSON files), medians in seconds."""
    import json

    from bench_year import write_quarters

    paths = write_quarters(folder, n, k)
    floor, _ = timed(lambda: [json.loads(p.read_bytes()) for p in paths], repeat)
    print(f"  {'read 4 JSON files':<28}{floor:9.2f} s", flush=True)
    t, _ = command("dgsp year (4 rounds)", [DGSP, "year", *map(str, paths), "--out",
                                           str(folder / "year.xlsx"), "--json",
                                           str(folder / "year.json"), "--no-sheets", "--force"],
                   repeat)
    return t, floor


def rss_at(folder: Path, n: int, k: int, seed: int, workers: list[str]) -> int:
    """Peak RSS (KiB) of one ``score --no-sheets --json`` on n returns, two officials each (the
    workload is written into ``folder``, or reused)."""
    plan, returns = folder / "plan.xlsx", folder / "returns"
    if not (plan.exists() and returns.is_dir()):
        start = time.perf_counter()
        write_workload(folder, n, k, seed, officials=2)
        print(f"  workload of {n} returns written in {time.perf_counter() - start:.0f} s",
              flush=True)
    _, peak = command(f"score at {n} (2 officials)", score_args(
        plan, returns, folder / "report.xlsx", [*workers, "--no-sheets"]), 1)
    return peak


SMOKE_UNITS = 200


def spoil(returns: Path) -> None:
    """Mix the usual troubles into a workload, so that the outputs compared hold problems:
    a second copy of one return (DG221), a broken file (DG201), a return under a name of no
    unit, and a unit that sent nothing (DG219)."""
    files = sorted(returns.glob("*.xlsx"))
    shutil.copy(files[0], returns / f"{files[0].stem} (2).xlsx")
    shutil.copy(files[1], returns / "KHAC.xlsx")
    files[2].write_bytes(b"not a workbook")
    files[3].unlink()


def smoke(work: Path, n_units: int, k: int, seed: int) -> int:
    """1 worker against 2, same workload: the JSON of `score` and of `check` must be identical."""
    t0 = time.perf_counter()
    plan, _, returns = write_workload(work, n_units, k, seed)
    spoil(returns)
    print(f"smoke: {n_units} units x {k} indicators, seed {seed}, with a duplicate, a broken "
          f"file and a missing return; written in {time.perf_counter() - t0:.1f} s ({work})",
          flush=True)
    failed = False
    for name in ("score", "check"):
        texts = []
        for workers in (1, 2):
            out = work / f"{name}-w{workers}"
            out.mkdir()
            args = [DGSP, name, str(plan), str(returns), "--json", str(out / f"{name}.json"),
                    "--workers", str(workers), "--quiet"]
            if name == "score":
                args += ["--out", str(out / "report.xlsx")]
            start = time.perf_counter()
            proc = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            print(f"  dgsp {name} --workers {workers}: exit {proc.returncode}, "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
            if proc.returncode != 1:  # 1: a unit rejected (the broken file) or missing
                print(proc.stderr.decode(errors="replace")[-2000:], file=sys.stderr)
                failed = True
                continue
            texts.append((out / f"{name}.json").read_bytes())
        if len(texts) == 2 and texts[0] != texts[1]:
            print(f"smoke: dgsp {name} --json differs between 1 and 2 workers", file=sys.stderr)
            failed = True
        elif len(texts) == 2:
            print(f"  dgsp {name}: JSON identical with 1 and 2 workers ({len(texts[0]):,} bytes)")
    print("smoke: FAILED" if failed else "smoke: ok", flush=True)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="CI: 1 worker against 2, no timings")
    ap.add_argument("--units", type=int, default=None,
                    help=f"default {NATIONAL}; {SMOKE_UNITS} with --smoke")
    ap.add_argument("--indicators", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each dgsp command")
    ap.add_argument("--repeat-read", type=int, default=3, help="runs of each read loop")
    ap.add_argument("--keep", type=Path, help="generate into DIR and keep it; a workload "
                    "already there (plan.xlsx, returns/) is reused")
    ap.add_argument("--skip", default="", help="comma-separated: assign,check,score,no-sheets,"
                    "openpyxl")
    ap.add_argument("--workers", type=int, help="passed on to dgsp check and dgsp score")
    ap.add_argument("--officials", type=int, default=0, help="officials per unit (0-2)")
    ap.add_argument("--year", action="store_true", help="also time dgsp year over 4 rounds")
    ap.add_argument("--rss", default="", help="comma-separated sizes: peak RSS of score "
                    "--no-sheets --json with two officials per unit")
    a = ap.parse_args(argv)
    skip = set(filter(None, a.skip.split(",")))
    if a.units is None:
        a.units = SMOKE_UNITS if a.smoke else NATIONAL
    workers = ["--workers", str(a.workers)] if a.workers else []

    work = a.keep or Path(tempfile.mkdtemp(prefix="dgsp-scale-"))
    if a.smoke:
        try:
            sys.exit(smoke(work, a.units, a.indicators, a.seed))
        finally:
            if a.keep is None:
                shutil.rmtree(work, ignore_errors=True)
    try:
        t0 = time.perf_counter()
        plan, returns = work / "plan.xlsx", work / "returns"
        reuse = a.keep is not None and plan.exists() and returns.is_dir()
        if not reuse:
            plan, _, returns = write_workload(work, a.units, a.indicators, a.seed, a.officials)
        files = sorted(returns.glob("*.xlsx"))
        if reuse and len(files) != a.units:
            sys.exit(f"{work} holds {len(files)} returns, not {a.units}: use another --keep DIR")
        how = "reused" if reuse else f"written in {time.perf_counter() - t0:.1f} s"
        print(f"{a.units} returns x {a.indicators} indicators, {a.officials} officials per "
              f"unit, seed {a.seed}; workload {how} ({work})", flush=True)
        print(f"  python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load "
              f"{os.getloadavg()[0]:.2f}", flush=True)
        fig: dict[str, float] = {}
        rss: dict[str, int] = {}

        helps = [run([DGSP, "--help"])[0] for _ in range(3)]
        fig["help"] = statistics.median(helps)
        print(f"  {'dgsp --help':<28}{fig['help']:9.2f} s", flush=True)
        if "assign" not in skip:
            fig["assign"], rss["assign"] = command(
                "dgsp assign", [DGSP, "assign", str(plan), "--out", str(work / "assigned"),
                                "--force"], a.repeat)
        if "check" not in skip:
            fig["check"], rss["check"] = command(
                "dgsp check", [DGSP, "check", str(plan), str(returns), *workers], a.repeat)
        if "score" not in skip:
            fig["score"], rss["score"] = command(
                "dgsp score --json (full)", score_args(plan, returns, work / "report.xlsx",
                                                      workers), a.repeat)
        if "no-sheets" not in skip:
            fig["nosheets"], rss["nosheets"] = command(
                "dgsp score --no-sheets --json", score_args(
                    plan, returns, work / "report-ns.xlsx", [*workers, "--no-sheets"]), a.repeat)

        fig["calamine"], n = timed(lambda: calamine_read(files), a.repeat_read)
        assert n == len(files) * a.indicators, n
        print(f"  {'calamine-read (limit)':<28}{fig['calamine']:9.2f} s   "
              f"{fig['calamine'] / len(files) * 1000:.2f} ms/file", flush=True)
        if "openpyxl" not in skip:
            fig["openpyxl"], n = timed(lambda: openpyxl_read(files), a.repeat_read)
            assert n == len(files) * a.indicators, n
            print(f"  {'openpyxl-read (user loop)':<28}{fig['openpyxl']:9.2f} s   "
                  f"{fig['openpyxl'] / len(files) * 1000:.2f} ms/file", flush=True)

        if a.year:
            fig["year"], fig["year_json"] = year_figures(work / "year", a.units, a.indicators,
                                                         a.repeat)
        for n in sorted(int(x) for x in a.rss.split(",") if x.strip()):
            rss[f"rss-{n}"] = rss_at(work / f"rss-{n}", n, a.indicators, a.seed, workers)
        print(f"  load average after: {os.getloadavg()[0]:.2f}", flush=True)

        print("ratios (issue 13's goal in brackets)")
        if "assign" in fig:
            print(f"  assign templates/s          {a.units / fig['assign']:9.0f}   [>= 250]")
        goals = {"score": ("score --json (full)", 6), "nosheets": ("score --no-sheets --json", 4)}
        for key, (name, goal) in goals.items():
            if key not in fig:
                continue
            print(f"  {name + ' / calamine-read':<44}{fig[key] / fig['calamine']:7.1f}"
                  f"   [<= {goal}]")
            if "openpyxl" in fig and key == "nosheets":
                print(f"  {'openpyxl-read / ' + name:<44}{fig['openpyxl'] / fig[key]:7.2f}"
                      f"   [>= 8]")
        if "check" in fig:
            print(f"  {'check / calamine-read':<44}{fig['check'] / fig['calamine']:7.1f}")
        if "year" in fig:
            print(f"  {'year (4 rounds) / reading the 4 JSON files':<44}"
                  f"{fig['year'] / fig['year_json']:7.1f}   [<= 3]")
        for key in ("score", "nosheets"):
            if key in rss:
                print(f"  peak RSS, {goals[key][0]:<34}{rss[key] / 1024:7.0f} MiB")
        for n in (int(k[4:]) for k in rss if k.startswith("rss-")):
            print(f"  peak RSS at {n:,} returns (two officials each): "
                  f"{rss[f'rss-{n}'] / 1024:.0f} MiB   [< 1024 MiB at 20,000]")
        print(f"  dgsp --help {fig['help']:.2f} s   [< 0.5 s]")
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
