"""The bundled example: Vĩnh Phúc's evaluation by products, the 2021 pilot and its 2022 extension.

Each year's source data are four CSV files in ``vinh_phuc_<year>/``, laid out
exactly as the plan workbook's sheets (Thông tin, Đơn vị, Chỉ tiêu, Giao chỉ
tiêu), so they are read by the same parser as any plan. ``Giao chỉ tiêu``
carries one more column, the unit's result, which the plan parser ignores and
:func:`example_results` reads.

2021, the pilot. The published figures it reproduces (Báo Vĩnh Phúc,
19/01/2022): 2,100 new Party members admitted against 2,000 assigned (105%);
Tam Đảo at 115% and Sông Lô at 109% on that indicator; 24 new Party
organisations in enterprises, with Vĩnh Tường, Vĩnh Yên and Yên Lạc exceeding
their targets. Every other figure is illustrative.

2022, the second year. The same article says the Standing Committee continued
the pilot in 2022 and extended it to "at least 10 department directors". The
example follows that shape (the same 9 districts and 13 bodies, 10 departments
instead of 6, targets 5–10% higher); every 2022 figure is illustrative. One
indicator changed meaning: ``KT04``, the poor households, is counted in
households (``hộ``) under the 2022–2025 multidimensional poverty standard
instead of as a rate (``%``), so ``dgsp compare`` does not compare it across
the two years.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

from dgsp.model import Plan
from dgsp.text import clean, fold, parse_number

YEARS = (2021, 2022)
FIRST_YEAR = YEARS[0]

SHEETS = {  # CSV file → plan sheet
    "info.csv": "Thông tin",
    "units.csv": "Đơn vị",
    "indicators.csv": "Chỉ tiêu",
    "targets.csv": "Giao chỉ tiêu",
}


def data_name(year: int) -> str:
    """The folder of a year's CSV files (``vinh_phuc_2021``); ValueError for a year not bundled."""
    if year not in YEARS:
        raise ValueError(f"the bundled example has the years {', '.join(map(str, YEARS))}, "
                         f"not {year}")
    return f"vinh_phuc_{year}"


def _read_csv(year: int, name: str) -> list[list[str]]:
    text = files(__package__).joinpath(data_name(year), name).read_text(encoding="utf-8")
    return [row for row in csv.reader(text.splitlines()) if any(c.strip() for c in row)]


def example_sheets(year: int = FIRST_YEAR) -> dict[str, list[list[str]]]:
    """The example's plan for ``year``, as the rows of each plan sheet."""
    return {sheet: _read_csv(year, name) for name, sheet in SHEETS.items()}


def example_plan(year: int = FIRST_YEAR) -> Plan:
    """The example's plan for ``year``, parsed by the same reader as any plan workbook."""
    from dgsp.plan import parse_plan

    plan, _warnings = parse_plan(example_sheets(year), file=f"{data_name(year)}/*.csv")
    return plan


def example_results(year: int = FIRST_YEAR) -> dict[str, dict[str, tuple[object, str]]]:
    """unit code → indicator code → (result as a unit would type it, note/evidence)."""
    rows = _read_csv(year, "targets.csv")
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
                 results: Mapping[str, Mapping[str, tuple[object, str]]] | None = None,
                 year: int | None = None) -> list[Path]:
    """Fill each unit's template with its results, the way the unit's office would.

    The results are ``results``, else the example's for ``year`` (default: the
    plan's year). Numbers are typed as numbers, binary results chosen from the
    cell's list.
    """
    from dgsp.plan import fill_template
    from dgsp.text import safe_filename

    if results is None:
        results = example_results(plan.year if year is None else year)
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
