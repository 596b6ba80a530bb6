"""The blank plan workbooks in templates/xlsx/: no drift from the script, and usable as is."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from dgsp.model import DEFAULT_GRADE_RULES, Direction
from dgsp.plan.workbook import read_plan, write_blank
from dgsp.problems import PlanError

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "xlsx"
DRIFTED = "templates/xlsx drifted: run python scripts/make_blank.py"


def content(path: Path) -> dict:
    """Every sheet's cell values, number formats of filled cells, and data validations."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    out = {}
    for ws in wb:
        cells = {c.coordinate: (c.value, c.number_format)
                 for row in ws.iter_rows() for c in row if c.value is not None}
        validations = sorted((str(dv.sqref), dv.formula1)
                             for dv in ws.data_validations.dataValidation)
        out[ws.title] = {"cells": cells, "validations": validations, "freeze": ws.freeze_panes}
    return {"sheets": list(wb.sheetnames), "content": out}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_committed_blank_has_not_drifted(tmp_path, lang):
    committed = TEMPLATES / f"plan-blank.{lang}.xlsx"
    assert committed.is_file(), DRIFTED
    fresh = tmp_path / committed.name
    write_blank(fresh, lang)
    expected, found = content(fresh), content(committed)
    assert found["sheets"] == expected["sheets"], DRIFTED
    for name in expected["sheets"]:
        assert found["content"][name] == expected["content"][name], f"{DRIFTED} (sheet {name})"


def test_blank_layout_vi():
    from openpyxl import load_workbook

    wb = load_workbook(TEMPLATES / "plan-blank.vi.xlsx")
    assert wb.sheetnames == ["Hướng dẫn", "Thông tin", "Đơn vị", "Chỉ tiêu", "Giao chỉ tiêu",
                             "Xếp loại", "Tiêu chí chung", "Cán bộ"]
    info = wb["Thông tin"]
    assert [(info.cell(r, 1).value, info.cell(r, 2).value) for r in range(2, 8)] == [
        ("Tên đợt đánh giá", None), ("Năm", None), ("Cơ quan giao", None), ("Hạn nộp", None),
        ("Điểm tối đa", 100), ("Tỷ lệ xuất sắc tối đa", 0.2)]
    assert info["B7"].number_format == "0%" and info["B5"].number_format == "dd/mm/yyyy"
    formulas = {dv.formula1 for dv in wb["Chỉ tiêu"].data_validations.dataValidation}
    assert formulas == {'"Tăng,Giảm,Đạt"', '"Có,Không"'}
    targets = {str(dv.sqref): dv.formula1
               for dv in wb["Giao chỉ tiêu"].data_validations.dataValidation}
    assert targets == {"A2:A5000": "'Đơn vị'!$A$2:$A$5000", "B2:B5000": "'Chỉ tiêu'!$A$2:$A$5000"}
    grades = wb["Xếp loại"]
    assert [[c.value for c in row][:4] for row in grades.iter_rows(min_row=2)] == [
        ["HTXSNV", 90, 1, 0.3], ["HTTNV", 70, 1, 0], ["HTNV", 50, 0.8, 0]]
    guide = " ".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    for words in ("366-QĐ/TW", "335/2025/NĐ-CP", "Tăng", "Giảm", "Đạt", "30%", "1,2 là 120%"):
        assert words in guide


def test_blank_layout_en():
    from openpyxl import load_workbook

    wb = load_workbook(TEMPLATES / "plan-blank.en.xlsx")
    assert wb.sheetnames == ["Instructions", "Info", "Units", "Indicators", "Targets", "Grades",
                             "General criteria", "Officials"]
    assert [c.value for c in wb["Indicators"][1]] == [
        "Indicator code", "Task group", "Indicator name", "Unit of measure", "Direction",
        "Weight", "Cap", "Additive", "Outlier factor", "Critical", "Late deduction"]
    formulas = {dv.formula1 for dv in wb["Indicators"].data_validations.dataValidation}
    assert formulas == {'"higher,lower,binary"', '"Yes,No"'}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_blank_as_is_asks_for_the_year_and_rows(lang):
    with pytest.raises(PlanError) as err:
        read_plan(TEMPLATES / f"plan-blank.{lang}.xlsx")
    assert [(p.code, p.cell) for p in err.value.problems] == [
        ("DG104", "B3"), ("DG124", "A2"), ("DG124", "A2")]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_blank_filled_in_by_staff_reads(tmp_path, lang):
    from openpyxl import load_workbook

    path = tmp_path / "ke-hoach.xlsx"
    write_blank(path, lang)
    wb = load_workbook(path)  # staff type into the blank the way they would in Excel
    info, units, inds, targets = (wb.worksheets[i] for i in range(1, 5))
    info["B2"] = "Đánh giá năm 2025"
    info["B3"] = 2025
    info["B5"] = "31/12/2025"
    units.append(["TAMDAO", "Huyện Tam Đảo", "Huyện", "Nguyễn Văn A - Bí thư"])
    inds.append(["XD01", "Xây dựng Đảng", "Kết nạp đảng viên", "người", "Tăng", None, "110%"])
    inds.append(["CT01", "Cải cách", "Hoàn thành đề án", None, "Đạt"])
    targets.append(["TAMDAO", "XD01", 200])
    targets.append(["TAMDAO", "CT01", "Đạt"])
    wb.save(path)

    plan, warnings = read_plan(path)
    assert warnings == []
    assert (plan.title, plan.year, plan.deadline.isoformat()) == ("Đánh giá năm 2025", 2025,
                                                                    "2025-12-31")
    assert plan.max_points == 100 and plan.excellent_quota == Decimal("0.2")
    assert plan.grade_rules == DEFAULT_GRADE_RULES
    assert [(u.code, u.group, u.heads) for u in plan.units] == [
        ("TAMDAO", "Huyện", ("Nguyễn Văn A - Bí thư",))]
    xd, ct = plan.indicators
    assert (xd.direction, xd.weight, xd.cap, xd.additive) == (Direction.HIGHER, 1,
                                                              Decimal("1.1"), True)
    assert (ct.direction, ct.additive) == (Direction.BINARY, False)
    assert [(t.indicator, t.value) for t in plan.targets] == [("XD01", 200), ("CT01", 1)]
