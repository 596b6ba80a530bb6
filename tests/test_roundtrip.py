"""The whole loop, as a provincial office runs it: plan workbook → assign → units fill in → score.

Units fill their templates the way real offices do: numbers typed as numbers or as
Vietnamese text ("2.100"), binary results picked from the list or typed in other words,
a percentage typed into a percentage cell. The JSON and the report's cells are checked.
"""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from conftest import small_plan
from openpyxl import load_workbook

from dgsp.model import Direction, Indicator, Target
from dgsp.plan.templates import fill_template
from dgsp.plan.workbook import write_plan
from dgsp.workflow import assign, score


def _plan():
    base = small_plan()
    pct = Indicator(code="I5", name="Tỷ lệ giải ngân", task_group="Kinh tế", measure="%",
                    direction=Direction.HIGHER, additive=False)
    return base.model_copy(update={
        "indicators": (*base.indicators, pct),
        "targets": (*base.targets, Target(unit="XA", indicator="I5", value=D(95)),
                    Target(unit="XB", indicator="I5", value=D(95))),
    })


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    root = tmp_path_factory.mktemp("loop")
    write_plan(root / "plan.xlsx", _plan())
    assigned = assign(root / "plan.xlsx", root / "templates")
    tpl = {p.stem: p for p in assigned.files}
    returns = root / "returns"
    returns.mkdir()
    # XA: a strong unit; its office types 115 as text "115" and 2.100-style text
    fill_template(tpl["XA"], {"I1": "1.150,0", "I2": 8, "I3": 0, "I4": "Đạt", "I5": 97},
                  returns / "XA.xlsx", notes={"I1": "Nghị quyết 12/NQ"})
    # XB: 90 typed into the percentage cell of I5 (stored 0.9, shown 90%), binary typed "co"
    fill_template(tpl["XB"], {"I1": 100, "I2": 10, "I3": 0, "I4": "co", "I5": 90},
                  returns / "XB.xlsx")
    # XC: forgot one result → rejected; SA fine; SB never sent anything → missing
    fill_template(tpl["XC"], {"I1": 100, "I2": 10, "I3": 0}, returns / "XC.xlsx")
    fill_template(tpl["SA"], {"I1": 60, "I4": "Không đạt"}, returns / "SA.xlsx")
    result = score(root / "plan.xlsx", [returns], root / "report.xlsx",
                   json_out=str(root / "report.json"))
    data = json.loads((root / "report.json").read_text(encoding="utf-8"))
    return root, result, data


def _unit(data, code):
    return next(u for u in data["units"] if u["code"] == code)


def test_json_statuses_and_scores(loop):
    _, result, data = loop
    assert [(u["code"], u["status"]) for u in data["units"]] == [
        ("XA", "scored"), ("XB", "scored"), ("XC", "rejected"), ("SA", "scored"), ("SB", "missing")]
    xa = _unit(data, "XA")
    # I1 1150/100 capped at 120% → 2 × 1.2; I2 2 − 8/10 = 1.2 capped at 100%; I3 zero tolerance
    # kept; I4 done; I5 97/95. Points 2.4 + 1 + 1 + 1 + 1 = 6.4 over weights 6 → 106.67
    assert xa["score"] == 106.67
    assert [i["ratio"] for i in xa["indicators"]] == [11.5, 1.2, 1.0, 1.0, round(97 / 95, 6)]
    assert (xa["assigned"], xa["achieved"], xa["exceeded"]) == (5, 5, 3)
    assert xa["indicators"][0]["actual"] == 1150 and xa["indicators"][0]["points"] == 2.4
    xb = _unit(data, "XB")
    i5 = next(i for i in xb["indicators"] if i["code"] == "I5")
    assert i5["actual"] == 90 and not i5["achieved"]  # read as the unit sees it: 90%
    assert next(i for i in xb["indicators"] if i["code"] == "I4")["actual"] == 1
    for code in ("XC", "SB"):
        u = _unit(data, code)
        assert u["score"] is None and u["grade"] is None and u["rank"] is None


def test_problems_name_file_sheet_cell(loop):
    root, _, data = loop
    by_code = {}
    for p in data["problems"]:
        by_code.setdefault(p["code"], []).append(p)
    (typed,) = by_code["DG214"]  # "1.150,0" was typed as text
    assert (typed["unit"], typed["indicator"], typed["sheet"], typed["severity"]) == \
        ("XA", "I1", "Kết quả", "warning")
    assert typed["file"].endswith("XA.xlsx") and typed["cell"].startswith("H")
    assert "DG224" not in by_code  # a percentage cell is read as shown (issue 9, item 20)
    (empty,) = by_code["DG210"]
    assert (empty["unit"], empty["indicator"], empty["severity"]) == ("XC", "I4", "error")
    (missing,) = by_code["DG219"]
    assert missing["unit"] == "SB"


def test_report_cells(loop):
    root, result, _ = loop
    wb = load_workbook(result.report)
    data = wb["Dữ liệu"]
    header = [c.value for c in data[1]]
    rows = [dict(zip(header, r)) for r in data.iter_rows(min_row=2, values_only=True)]
    xa_i1 = next(r for r in rows if r["Mã đơn vị"] == "XA" and r["Mã chỉ tiêu"] == "I1")
    assert (xa_i1["Chỉ tiêu giao"], xa_i1["Kết quả thực hiện"]) == (100, 1150)
    assert xa_i1["Tỷ lệ đạt"] == 11.5 and isinstance(xa_i1["Tỷ lệ đạt"], float)
    assert xa_i1["Điểm đạt"] == 2.4
    ratio_cell = data.cell(row=2 + rows.index(xa_i1), column=header.index("Tỷ lệ đạt") + 1)
    assert ratio_cell.number_format == "0.0%"
    assert {r["Mã đơn vị"] for r in rows} == {"XA", "XB", "SA"}  # scored units only
    problems = wb["Kiểm tra"]
    codes = [r[0] for r in problems.iter_rows(min_row=2, values_only=True)]
    assert {"DG214", "DG210", "DG219"} <= set(codes)
    sources = [r for r in wb["Nguồn"].iter_rows(values_only=True) if r and r[0]]
    flat = [str(v) for r in sources for v in r if v is not None]
    assert any(v.endswith("XC.xlsx") for v in flat) and "Bị từ chối" in flat


def test_inputs_never_modified(loop):
    root, _, _ = loop
    before = {p.name: p.read_bytes() for p in (root / "returns").iterdir()}
    score(root / "plan.xlsx", [root / "returns"], root / "again.xlsx")
    assert {p.name: p.read_bytes() for p in (root / "returns").iterdir()} == before
