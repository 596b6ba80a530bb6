"""Regenerate examples/vinh-phuc-2021/plan.xlsx and returns/ from the readable source data.

The source data are the CSV files in src/dgsp/example/vinh_phuc_2021/ (shipped inside the
package, so that `dgsp demo` works from any installation). This script writes:

- plan.xlsx: the plan workbook, exactly as `dgsp init` writes it;
- returns/<UNIT>.xlsx: each unit's template, made by `dgsp assign` and filled in with the
  unit's results the way the unit's office would.

Run from anywhere:  python examples/vinh-phuc-2021/build.py
A test (tests/test_example.py) fails when the committed files drift from what this produces.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def build(out: Path = HERE) -> None:
    from dgsp.example import fill_returns
    from dgsp.workflow import assign, init_workspace

    with tempfile.TemporaryDirectory() as tmp:
        plan_path = init_workspace(Path(tmp), force=True)
        assigned = assign(plan_path, Path(tmp) / "templates", force=True)
        returns = out / "returns"
        shutil.rmtree(returns, ignore_errors=True)
        fill_returns(assigned.plan, Path(tmp) / "templates", returns)
        shutil.copyfile(plan_path, out / "plan.xlsx")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print(f"wrote {HERE / 'plan.xlsx'} and {HERE / 'returns'}/")
