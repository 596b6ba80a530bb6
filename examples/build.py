"""Regenerate the bundled example's files, for every year, from the readable source data.

The source data are the CSV files in src/dgsp/example/vinh_phuc_<year>/ (shipped inside the
package, so that `dgsp demo` works from any installation). For each year this script writes
examples/vinh-phuc-<year>/:

- plan.xlsx: the plan workbook, exactly as `dgsp init` writes it;
- returns/<UNIT>.xlsx: each unit's template, made by `dgsp assign` and filled in with the
  unit's results (and, in 2026, completion dates and self-scores) the way the unit's office would;
- tham-dinh.xlsx (2026): the Board's appraisal workbook, made by `dgsp appraisal` from the plan
  and the returns, and filled in the way the Board's clerk would.

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
    """Write ``plan.xlsx`` and ``returns/`` of ``year`` into ``out`` (default: its folder)."""
    from dgsp.example import example_appraisal, fill_appraisal, fill_returns
    from dgsp.workflow import appraisal, assign, init_workspace

    out = folder(year) if out is None else Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plan_path = init_workspace(Path(tmp), force=True, year=year)
        assigned = assign(plan_path, Path(tmp) / "templates", force=True)
        returns = out / "returns"
        shutil.rmtree(returns, ignore_errors=True)
        fill_returns(assigned.plan, Path(tmp) / "templates", returns, year=year)
        if example_appraisal(year):
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
