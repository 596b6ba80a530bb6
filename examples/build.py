"""Regenerate the bundled example's files, for every year, from the readable source data.

The source data are the CSV files in src/dgsp/example/vinh_phuc_<year>/ (shipped inside the
package, so that `dgsp demo` works from any installation). For each year this script writes
examples/vinh-phuc-<year>/:

- plan.xlsx: the plan workbook, exactly as `dgsp init` writes it;
- returns/<UNIT>.xlsx: each unit's template, made by `dgsp assign` and filled in with the
  unit's results (and, in 2026, completion dates and self-scores) the way the unit's office would;
- tham-dinh.xlsx (2026): the Board's appraisal workbook, made by `dgsp appraisal` from the plan
  and the returns, and filled in the way the Board's clerk would;
- quy-1/ … quy-4/ (2026): the same for each quarter's round (its milestones and annual
  targets, the units' quarterly results, and the Board's conditions for the quarter).

Run from anywhere:

    python examples/build.py          # every year (2021, 2022, 2026)
    python examples/build.py 2022     # one year

tests/test_example.py fails when the committed files drift from what this produces.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def folder(year: int) -> Path:
    """The committed example of ``year``: examples/vinh-phuc-<year>/."""
    return HERE / f"vinh-phuc-{year}"


def build(year: int, out: Path | None = None) -> Path:
    """Write the year's round into ``out`` (default: its folder), and each of its quarters (2026)
    into ``out/quy-<n>/``."""
    from dgsp.example import example_periods
    from dgsp.model import Period
    from dgsp.workflow import period_slug

    out = folder(year) if out is None else Path(out)
    build_round(year, Period.YEAR, out)
    for period in example_periods(year):
        build_round(year, period, out / period_slug(period))
    return out


def build_round(year: int, period, out: Path) -> Path:
    """Write ``plan.xlsx``, ``returns/`` (and ``tham-dinh.xlsx``) of one round into ``out``."""
    from dgsp.example import example_appraisal, fill_appraisal, fill_returns
    from dgsp.workflow import appraisal, assign, init_workspace

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plan_path = init_workspace(Path(tmp), force=True, year=year, period=period)
        assigned = assign(plan_path, Path(tmp) / "templates", force=True)
        returns = out / "returns"
        shutil.rmtree(returns, ignore_errors=True)
        fill_returns(assigned.plan, Path(tmp) / "templates", returns, year=year)
        if example_appraisal(year, period):
            written = appraisal(plan_path, [returns], Path(tmp) / "tham-dinh-mau.xlsx").path
            fill_appraisal(assigned.plan, written, out / "tham-dinh.xlsx")
        shutil.copyfile(plan_path, out / "plan.xlsx")
    return out


def main(argv: list[str]) -> int:
    from dgsp.example import YEARS

    years = [int(a) for a in argv] or list(YEARS)
    for year in years:
        out = build(year)
        print(f"wrote {out / 'plan.xlsx'} and {out / 'returns'}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
