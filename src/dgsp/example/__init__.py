"""The bundled example: the 2021 Vĩnh Phúc pilot of evaluation by products.

The source data are four CSV files in ``vinh_phuc_2021/``, laid out exactly as
the plan workbook's sheets (Thông tin, Đơn vị, Chỉ tiêu, Giao chỉ tiêu), so they
are read by the same parser as any plan. ``Giao chỉ tiêu`` carries one more
column, the unit's result, which the plan parser ignores and
:func:`example_results` reads.

The published figures it reproduces (Báo Vĩnh Phúc, 19/01/2022): 2,100 new
Party members admitted against 2,000 assigned (105%); Tam Đảo at 115% and
Sông Lô at 109% on that indicator; 24 new Party organisations in enterprises,
with Vĩnh Tường, Vĩnh Yên and Yên Lạc exceeding their targets. Every other
figure is illustrative.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

from dgsp.model import Plan
from dgsp.text import clean, fold, parse_number

NAME = "vinh_phuc_2021"

SHEETS = {  # CSV file → plan sheet
    "info.csv": "Thông tin",
    "units.csv": "Đơn vị",
    "indicators.csv": "Chỉ tiêu",
    "targets.csv": "Giao chỉ tiêu",
}


def _read_csv(name: str) -> list[list[str]]:
    text = files(__package__).joinpath(NAME, name).read_text(encoding="utf-8")
    return [row for row in csv.reader(text.splitlines()) if any(c.strip() for c in row)]


def example_sheets() -> dict[str, list[list[str]]]:
    """The example's plan, as the rows of each plan sheet."""
    return {sheet: _read_csv(name) for name, sheet in SHEETS.items()}


def example_plan() -> Plan:
    """The example's plan, parsed by the same reader as any plan workbook."""
    from dgsp.plan import parse_plan

    plan, _warnings = parse_plan(example_sheets(), file=f"{NAME}/*.csv")
    return plan


def example_results() -> dict[str, dict[str, tuple[object, str]]]:
    """unit code → indicator code → (result as a unit would type it, note/evidence)."""
    rows = _read_csv("targets.csv")
    header = [fold(h) for h in rows[0]]
    iu, ii = header.index(fold("Mã đơn vị")), header.index(fold("Mã chỉ tiêu"))
    ir, inote = header.index(fold("Kết quả thực hiện")), header.index(fold("Ghi chú/Minh chứng"))
    out: dict[str, dict[str, tuple[object, str]]] = {}
    for row in rows[1:]:
        value = clean(row[ir])
        try:
            typed: object = _as_typed(parse_number(value))
        except ValueError:
            typed = value  # a binary word: Đạt / Không đạt
        out.setdefault(clean(row[iu]), {})[clean(row[ii])] = (typed, clean(row[inote]))
    return out


def _as_typed(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def fill_returns(plan: Plan, templates_dir: Path, out_dir: Path,
                 results: Mapping[str, Mapping[str, tuple[object, str]]] | None = None) -> list[Path]:
    """Fill each unit's template with its results, the way the unit's office would.

    Numbers are typed as numbers, binary results chosen from the cell's list.
    """
    from dgsp.templates import fill_template
    from dgsp.text import safe_filename

    results = example_results() if results is None else results
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for unit in plan.units:
        values = results.get(unit.code, {})
        name = safe_filename(unit.code) + ".xlsx"
        written.append(fill_template(
            templates_dir / name,
            {code: v for code, (v, _note) in values.items()},
            out_dir / name,
            notes={code: note for code, (_v, note) in values.items() if note},
        ))
    return written

