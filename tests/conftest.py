"""Shared fixtures: small plans built in code, and workbooks written from tables.

A test reads like the spreadsheet it describes (the pyxform habit)::

    book(tmp_path / "plan.xlsx", {
        "Đơn vị": [["Mã đơn vị", "Tên đơn vị", "Nhóm so sánh"],
                   ["A", "Xã A", "Xã"]],
    })
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from dgsp.model import Direction, Indicator, Plan, Target, Unit


def book(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write a workbook whose sheets hold exactly these rows (from A1)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def small_plan(**overrides) -> Plan:
    """Two peer groups, four indicators (higher, lower, lower with zero tolerance, binary).

    Group "Xã": XA, XB, XC get all four indicators; group "Sở": SA, SB get two.
    """
    D = Decimal
    units = (
        Unit(code="XA", name="Xã A", group="Xã", heads=("Nguyễn Văn A - Bí thư",)),
        Unit(code="XB", name="Xã B", group="Xã"),
        Unit(code="XC", name="Xã C", group="Xã"),
        Unit(code="SA", name="Sở A", group="Sở"),
        Unit(code="SB", name="Sở B", group="Sở"),
    )
    indicators = (
        Indicator(code="I1", name="Kết nạp đảng viên", task_group="Xây dựng Đảng",
                  measure="người", direction=Direction.HIGHER, weight=D(2), cap=D("1.2")),
        Indicator(code="I2", name="Tai nạn giao thông", task_group="An ninh",
                  measure="vụ", direction=Direction.LOWER),
        Indicator(code="I3", name="Hồ sơ trễ hạn", task_group="Cải cách",
                  measure="hồ sơ", direction=Direction.LOWER),
        Indicator(code="I4", name="Hoàn thành đề án", task_group="Cải cách",
                  direction=Direction.BINARY, additive=False),
    )
    targets = []
    for u in ("XA", "XB", "XC"):
        targets += [Target(unit=u, indicator="I1", value=D(100)),
                    Target(unit=u, indicator="I2", value=D(10)),
                    Target(unit=u, indicator="I3", value=D(0)),
                    Target(unit=u, indicator="I4", value=D(1))]
    for u in ("SA", "SB"):
        targets += [Target(unit=u, indicator="I1", value=D(50)),
                    Target(unit=u, indicator="I4", value=D(1))]
    data = dict(title="Đánh giá thử", year=2025, units=units, indicators=indicators,
                targets=tuple(targets))
    data.update(overrides)
    return Plan(**data)


@pytest.fixture
def plan() -> Plan:
    return small_plan()


# ----------------------------------------------------------------------------- hostile corpus


def load_make_corpus():
    """tests/corpus/make_corpus.py as a module (builders, CASES, the manifest)."""
    import importlib.util
    import sys

    name = "dgsp_make_corpus"
    if name not in sys.modules:
        path = Path(__file__).parent / "corpus" / "make_corpus.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The generated corpus of hostile and malformed returns mixed with valid ones.

    ``corpus.plan`` (a Plan), ``corpus.plan_path`` (its workbook), ``corpus.returns``
    (the folder of returns), ``corpus.cases`` (make_corpus.CASES: unit, ok, expected
    (code, sheet, cell) problems) and ``corpus.module`` (make_corpus itself).
    Generated once per session, in a temporary folder; never modify it in a test.
    """
    from types import SimpleNamespace

    module = load_make_corpus()
    plan, plan_path, returns = module.generate(tmp_path_factory.mktemp("corpus") / "corpus")
    return SimpleNamespace(plan=plan, plan_path=plan_path, returns=returns, cases=module.CASES,
                           module=module)


@pytest.fixture(scope="session")
def corpus_dir(corpus) -> Path:
    """The corpus's returns folder, for `dgsp score` / `dgsp check` over every case at once."""
    return corpus.returns


# ----------------------------------------------------------------------------- running the CLI

_OUTPUT_OPTIONS = {"--out", "-o", "--json", "--feedback"}
_OUTPUT_COMMANDS = {"init", "demo"}  # their positional DIR is an output


def _digest(path: Path) -> dict[str, str]:
    import hashlib

    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def invoke(*args: object, env: dict[str, str] | None = None):
    """Run `dgsp` through typer's CliRunner, and fail if any input it was given changed.

    Inputs are the existing paths among the arguments that are not outputs (the
    values of --out, --json, --feedback, and the DIR of init and demo). They are
    hashed before and after: dgsp never modifies an input.
    """
    from typer.testing import CliRunner

    from dgsp.cli import app

    argv = [str(a) for a in args]
    inputs: dict[str, str] = {}
    command = next((a for a in argv if not a.startswith("-")), "")
    for i, a in enumerate(argv):
        if a == command or (i and argv[i - 1] in _OUTPUT_OPTIONS) or command in _OUTPUT_COMMANDS:
            continue
        p = Path(a)
        if a and not a.startswith("-") and p.exists():
            inputs.update(_digest(p))
    result = CliRunner().invoke(app, argv, env=env)
    after = {k: v for p in inputs for k, v in _digest(Path(p)).items() if Path(p).exists()}
    assert after == inputs, f"dgsp {' '.join(argv)} modified an input"
    return result


def workbook_content(path) -> dict:
    """A workbook as comparable data: per sheet its state, merges, validations, and each
    cell's value, number format, font, fill, border and alignment (styles by meaning, not by
    index: two writers may number the same styles differently)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                cells[c.coordinate] = (
                    c.value, c.number_format, c.font.b, c.font.i, c.font.sz,
                    c.fill.fgColor.rgb if c.fill.fill_type else None,
                    c.border.left.style, c.alignment.horizontal, c.alignment.wrap_text,
                    c.protection.locked)
        out[ws.title] = {
            "state": ws.sheet_state, "cells": cells,
            "merges": sorted(str(r) for r in ws.merged_cells.ranges),
            "validations": sorted((d.type, d.formula1, str(d.sqref))
                                  for d in ws.data_validations.dataValidation),
        }
    return out
