"""The bundled example: Vĩnh Phúc's evaluation by products, the 2021 pilot, its 2022 extension,
and an illustrative 2026 round under Quy định 366 of the same province, now part of Phú Thọ.

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

2026, illustrative throughout. On 1 July 2025 Vĩnh Phúc was merged into Phú Thọ
province and its districts were dissolved; the example takes eight commune-level
units of the former Vĩnh Phúc area and four provincial departments, with two
officials (the Party secretary and the People's Committee chair) per commune-level
unit, 30 general-criteria points of 100, due dates on the Đạt tasks (some done late),
one critical indicator missed (Yên Lạc's budget revenue), one official disciplined,
and an appraisal that corrects three reported results. Its extra sources: the
``Tiêu chí chung`` and ``Cán bộ`` sheets (``criteria.csv``, ``officials.csv``), the
units' completion dates (in ``targets.csv``) and self-scores (``self_scores.csv``),
and the Board's appraisal (``appraisal_*.csv``). Every name and figure is invented.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

from dgsp.model import CriterionScoring, Period, Plan
from dgsp.text import clean, fold, parse_number

YEARS = (2021, 2022, 2026)
FIRST_YEAR = YEARS[0]
COMPARED = (2021, 2022)  # the years of one set of units (2026's communes came after the merger)

SHEETS = {  # CSV file → plan sheet (the last two only in a year that has them)
    "info.csv": "Thông tin",
    "units.csv": "Đơn vị",
    "indicators.csv": "Chỉ tiêu",
    "targets.csv": "Giao chỉ tiêu",
    "criteria.csv": "Tiêu chí chung",
    "officials.csv": "Cán bộ",
}


def data_name(year: int) -> str:
    """The folder of a year's CSV files (``vinh_phuc_2021``); ValueError for a year not bundled."""
    if year not in YEARS:
        raise ValueError(f"the bundled example has the years {', '.join(map(str, YEARS))}, "
                         f"not {year}")
    return f"vinh_phuc_{year}"


def _has(year: int, name: str) -> bool:
    return files(__package__).joinpath(data_name(year), name).is_file()


def _read_csv(year: int, name: str) -> list[list[str]]:
    text = files(__package__).joinpath(data_name(year), name).read_text(encoding="utf-8")
    return [row for row in csv.reader(text.splitlines()) if any(c.strip() for c in row)]


def _records(year: int, name: str) -> list[dict[str, str]]:
    """A CSV's rows as {folded header: cleaned value}; none when the year has no such file."""
    if not _has(year, name):
        return []
    rows = _read_csv(year, name)
    header = [fold(h) for h in rows[0]]
    return [{h: clean(v) for h, v in zip(header, row, strict=False)} for row in rows[1:]]


QUARTERS_CSV = "quarters.csv"  # the quarters' targets and results, with a first column Kỳ
_PERIOD = fold("Kỳ đánh giá")


def example_periods(year: int) -> tuple[Period, ...]:
    """The quarters the example has for ``year`` (``rounds.csv``), in order; none for most."""
    from dgsp.plan import parse_period

    return tuple(parse_period(r[_PERIOD]) for r in _records(year, "rounds.csv"))


def _round_rows(year: int, name: str, period: Period) -> list[list[str]]:
    """A CSV's rows for one round: the file itself for the year's own round; for a quarter, the
    quarter's rows of its quarterly file (``targets.csv`` → ``quarters.csv``, ``x.csv`` →
    ``quarter_x.csv``), without their first column, ``Kỳ đánh giá``."""
    if period is Period.YEAR:
        return _read_csv(year, name) if _has(year, name) else []
    from dgsp.plan import parse_period

    quarterly = QUARTERS_CSV if name == "targets.csv" else f"quarter_{name}"
    if not _has(year, quarterly):
        return []
    header, *rows = _read_csv(year, quarterly)
    return [header[1:], *(row[1:] for row in rows if parse_period(row[0]) is period)]


def _round_records(year: int, name: str, period: Period) -> list[dict[str, str]]:
    rows = _round_rows(year, name, period)
    if not rows:
        return []
    header = [fold(h) for h in rows[0]]
    return [{h: clean(v) for h, v in zip(header, row, strict=False)} for row in rows[1:]]


def _round_info(year: int, period: Period) -> list[list[str]]:
    """``Thông tin`` of a quarter: the year's, with the quarter's title and deadline
    (``rounds.csv``) and its ``Kỳ đánh giá``."""
    from dgsp.plan import parse_period

    info = next(r for r in _records(year, "rounds.csv") if parse_period(r[_PERIOD]) is period)
    given = {fold(k): v for k, v in info.items()}
    rows = [[key, given.get(fold(key), value)] for key, value, *_ in _read_csv(year, "info.csv")]
    return [*rows, ["Kỳ đánh giá", info[_PERIOD]]]


def example_sheets(year: int = FIRST_YEAR, period: Period = Period.YEAR
                   ) -> dict[str, list[list[str]]]:
    """The example's plan for ``year`` (or one of its quarters), as the rows of each sheet."""
    sheets = {sheet: _read_csv(year, name) for name, sheet in SHEETS.items() if _has(year, name)}
    if period is not Period.YEAR:
        sheets["Thông tin"] = _round_info(year, period)
        sheets["Giao chỉ tiêu"] = _round_rows(year, "targets.csv", period)
    return sheets


def example_plan(year: int = FIRST_YEAR, period: Period = Period.YEAR) -> Plan:
    """The example's plan for ``year`` (or a quarter), parsed as any plan workbook is."""
    from dgsp.plan import parse_plan

    plan, _warnings = parse_plan(example_sheets(year, period), file=f"{data_name(year)}/*.csv")
    return plan


def example_results(year: int = FIRST_YEAR, period: Period = Period.YEAR
                    ) -> dict[str, dict[str, tuple[object, str]]]:
    """unit code → indicator code → (result as a unit would type it, note/evidence)."""
    rows = _round_rows(year, "targets.csv", period)
    header = [fold(h) for h in rows[0]]
    iu, ii = header.index(fold("Mã đơn vị")), header.index(fold("Mã chỉ tiêu"))
    ir, inote = header.index(fold("Kết quả thực hiện")), header.index(fold("Ghi chú/Minh chứng"))
    out: dict[str, dict[str, tuple[object, str]]] = {}
    for row in rows[1:]:
        value = clean(row[ir])
        typed = _typed(value)  # a number, or a binary word: Đạt / Không đạt
        out.setdefault(clean(row[iu]), {})[clean(row[ii])] = (typed, clean(row[inote]))
    return out


def example_completed(year: int = FIRST_YEAR, period: Period = Period.YEAR
                      ) -> dict[str, dict[str, str]]:
    """unit code → indicator code → completion date (dd/mm/yyyy), for the years that have them."""
    out: dict[str, dict[str, str]] = {}
    for row in _round_records(year, "targets.csv", period):
        if row.get(fold("Ngày hoàn thành")):
            out.setdefault(row[fold("Mã đơn vị")], {})[row[fold("Mã chỉ tiêu")]] = \
                row[fold("Ngày hoàn thành")]
    return out


def example_self_scores(year: int = FIRST_YEAR) -> dict[tuple[str, str], Decimal]:
    """(entity code, criterion code) → the self-score its unit types in ``Tự đánh giá`` (the
    same in each round of the year)."""
    return {(r[fold("Mã đơn vị/cán bộ")], r[fold("Mã tiêu chí")]): parse_number(r[fold("Tự chấm")])
            for r in _records(year, "self_scores.csv")}


APPRAISAL_SHEETS = {"results": "appr.sheet.results", "scores": "appr.sheet.criteria",
                    "conditions": "appr.sheet.conditions"}


def example_appraisal(year: int = FIRST_YEAR, period: Period = Period.YEAR
                      ) -> dict[str, list[dict[str, object]]]:
    """The Board's entries of the round's appraisal workbook (``appraisal_*.csv``; a quarter's,
    ``quarter_appraisal_*.csv``), as :func:`dgsp.plan.fill_appraisal` takes them: sheet key →
    rows of header → value, numbers as numbers, empty cells left out. Empty for a round without
    an appraisal."""
    out: dict[str, list[dict[str, object]]] = {}
    for kind, key in APPRAISAL_SHEETS.items():
        rows = _round_rows(year, f"appraisal_{kind}.csv", period)
        if len(rows) < 2:
            continue
        header, *rows = rows
        out[key] = [{h: _typed(clean(v)) for h, v in zip(header, row, strict=False) if clean(v)}
                    for row in rows]
    return out


def _typed(text: str) -> object:
    """A CSV cell as a clerk types it: a number as a number, anything else as text."""
    try:
        return _as_typed(parse_number(text))
    except ValueError:
        return text


def fill_appraisal(plan: Plan, workbook: Path, out: Path, year: int | None = None) -> Path | None:
    """Fill the written appraisal workbook with the year's Board entries, as its clerk would;
    None (nothing written) for a year without an appraisal."""
    from dgsp.plan import fill_appraisal as fill

    entries = example_appraisal(plan.year if year is None else year, plan.period)
    return fill(workbook, entries, out) if entries else None


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

    year = plan.year if year is None else year
    if results is None:
        results = example_results(year, plan.period)
    completed = example_completed(year, plan.period) if year in YEARS else {}
    own = example_self_scores(year) if year in YEARS else {}
    maxima = {c.code: c.max_points for c in plan.criteria}
    binary = {c.code for c in plan.criteria if c.scoring is CriterionScoring.BINARY}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for unit in plan.units:
        values = results.get(unit.code, {})
        name = safe_filename(unit.code) + ".xlsx"
        entities = {unit.code, *(o.code for o in plan.officials_of(unit.code))}
        written.append(fill_template(
            templates_dir / name,
            {code: v for code, (v, _note) in values.items()},
            out_dir / name,
            notes={code: note for code, (_v, note) in values.items() if note},
            completed=completed.get(unit.code, {}),
            self_scores={(e, c): (v == maxima[c]) if c in binary else _as_typed(v)
                         for (e, c), v in own.items() if e in entities},
        ))
    return written
