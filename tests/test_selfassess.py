"""Unit templates with a self-assessment and completion dates, and intake reading them (issue 10,
sections 1 and 2): the ``Tự đánh giá`` sheet, the ``Hạn hoàn thành`` and ``Ngày hoàn thành``
columns, one test per problem code DG261–DG278, properties, and LibreOffice round trips.

The plan is written as tables below. Cell map of unit XA's template:

- ``Kết quả``: header row 10; I1, I2 (Đạt, due 30/06/2025), I3 (Đạt, no due date) in rows
  11–13; code B, target G, due date H, result I, completion date J, note K;
- ``Tự đánh giá``: the collective XA (heading row 7, code in C7; header row 8; TT1, TT2 in rows
  9–10), official XA-BT (heading 12, C12; CN1–CN3 in rows 14–16), official XA-CT (heading 18,
  C18; CN1–CN3 in rows 20–22); code B, max F, self-score G.

XB has no officials and no due dates: its results table is today's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import load_make_corpus, workbook_content
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dgsp import xlsx
from dgsp.intake.returns import read_return
from dgsp.model import (
    Criterion,
    CriterionScoring,
    Direction,
    Indicator,
    Official,
    Plan,
    Return,
    Target,
    Unit,
)
from dgsp.plan.templates import HEADER_ROW, build_template, fill_template, write_templates

D = Decimal


def table(text: str) -> list[dict[str, str]]:
    """A pipe table as rows of {header: cell}."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    header = [h.strip() for h in lines[0].split("|")]
    return [dict(zip(header, (c.strip() for c in line.split("|")))) for line in lines[1:]]


UNITS = table("""
code | name | group
XA   | Xã A | Xã
XB   | Xã B | Xã
""")

INDICATORS = table("""
code | name                           | measure | direction
I1   | Kết nạp đảng viên              | người   | higher
I2   | Hoàn thành đề án chuyển đổi số |         | binary
I3   | Sáp nhập thôn, tổ dân phố      |         | binary
""")

TARGETS = table("""
unit | indicator | value | due
XA   | I1        | 100   |
XA   | I2        | 1     | 30/06/2025
XA   | I3        | 1     |
XB   | I1        | 50    |
XB   | I3        | 1     |
""")

# Two sets, each summing to G = 30: the collective's and the individuals'.
CRITERIA = table("""
code | group     | name                                  | max  | scoring    | collective | individual
TT1  | Lãnh đạo  | Lãnh đạo, chỉ đạo; đoàn kết nội bộ    | 20   | Thang điểm | x          |
TT2  | Kỷ luật   | Không có tổ chức, cá nhân vi phạm     | 10   | Đạt/Không  | x          |
CN1  | Chính trị | Phẩm chất chính trị, tư tưởng         | 5    | Thang điểm |            | x
CN2  | Đạo đức   | Đạo đức, lối sống                     | 2.5  | Thang điểm |            | x
CN3  | Kỷ luật   | Ý thức tổ chức kỷ luật                | 22.5 | Đạt/Không  |            | x
""")

OFFICIALS = table("""
code  | name          | position       | unit | group
XA-BT | Nguyễn Văn An | Bí thư Đảng ủy | XA   | Bí thư
XA-CT | Trần Thị Bình | Chủ tịch UBND  | XA   | Chủ tịch
""")


def _day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def make_plan(criteria: bool = True, due: bool = True) -> Plan:
    return Plan(
        title="Đánh giá 2025", year=2025, general_points=D(30) if criteria else D(0),
        units=tuple(Unit(code=u["code"], name=u["name"], group=u["group"]) for u in UNITS),
        indicators=tuple(Indicator(code=i["code"], name=i["name"], measure=i["measure"],
                                   direction=Direction(i["direction"]),
                                   additive=i["direction"] != "binary") for i in INDICATORS),
        targets=tuple(Target(unit=t["unit"], indicator=t["indicator"], value=D(t["value"]),
                             due=_day(t["due"]) if due else None) for t in TARGETS),
        criteria=tuple(Criterion(
            code=c["code"], group=c["group"], name=c["name"], max_points=D(c["max"]),
            scoring=CriterionScoring.BINARY if c["scoring"] == "Đạt/Không"
            else CriterionScoring.SCALE,
            collective=bool(c["collective"]), individual=bool(c["individual"]))
            for c in CRITERIA) if criteria else (),
        officials=tuple(Official(**o) for o in OFFICIALS) if criteria else (),
    )


PLAN = make_plan()
MAX = {c["code"]: D(c["max"]) for c in CRITERIA}
BINARY_CRITERIA = {c["code"] for c in CRITERIA if c["scoring"] == "Đạt/Không"}
RESULTS = {"I1": 110, "I2": True, "I3": "Không đạt"}
COMPLETED = {"I2": date(2025, 7, 2)}
SCORES = {("XA", "TT1"): 18, ("XA", "TT2"): True,
          ("XA-BT", "CN1"): 4.5, ("XA-BT", "CN2"): 2.25, ("XA-BT", "CN3"): "Đạt",
          ("XA-CT", "CN1"): 5, ("XA-CT", "CN2"): 0, ("XA-CT", "CN3"): "Không đạt"}
READ = {("XA", "TT1"): D(18), ("XA", "TT2"): D(10),
        ("XA-BT", "CN1"): D("4.5"), ("XA-BT", "CN2"): D("2.25"), ("XA-BT", "CN3"): D("22.5"),
        ("XA-CT", "CN1"): D(5), ("XA-CT", "CN2"): D(0), ("XA-CT", "CN3"): D(0)}
SELF = "Tự đánh giá"
RES = "Kết quả"


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    return {p.stem: p for p in write_templates(PLAN, tmp_path_factory.mktemp("tpl"))}


@pytest.fixture
def filled(templates, tmp_path):
    """``filled(results=..., completed=..., scores=..., tamper=fn)`` → a returned XA.xlsx."""

    def make(results=None, completed=None, scores=None, tamper=None, unit="XA",
             name=None) -> Path:
        out = tmp_path / "returns" / (name or f"{unit}.xlsx")
        out.parent.mkdir(exist_ok=True)
        fill_template(templates[unit], RESULTS if results is None else results, out,
                      completed=COMPLETED if completed is None else completed,
                      self_scores=SCORES if scores is None else scores)
        if tamper is not None:
            wb = load_workbook(out)
            tamper(wb)
            wb.save(out)
        return out

    return make


def codes(ret: Return) -> list[tuple[str, str, str]]:
    """(code, sheet, cell) of each problem."""
    return [(p.code, p.sheet, p.cell) for p in ret.problems]


def scores(ret: Return) -> dict[tuple[str, str], Decimal | None]:
    return {(s.entity, s.criterion): s.value for s in ret.self_scores}


def only(ret: Return, code: str):
    found = [p for p in ret.problems if p.code == code]
    assert len(found) == 1, codes(ret)
    p = found[0]
    assert p.file.endswith(".xlsx") and p.unit == "XA"
    return p


def rows(ws, first: int, last: int, ncols: int = 7) -> list[list]:
    return [[ws.cell(row=r, column=c).value for c in range(1, ncols + 1)]
            for r in range(first, last + 1)]


# ----------------------------------------------------------------------------- layout


def test_sheets_in_order():
    wb = build_template(PLAN, "XA")
    assert wb.sheetnames == [RES, SELF, "Hướng dẫn", "_dgsp"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * 3 + ["veryHidden"]
    assert build_template(PLAN, "XB").sheetnames == [RES, SELF, "Hướng dẫn", "_dgsp"]
    assert build_template(make_plan(criteria=False), "XA").sheetnames == [
        RES, "Hướng dẫn", "_dgsp"]


def test_results_table_with_due_dates():
    ws = build_template(PLAN, "XA")[RES]
    assert [c.value for c in ws[HEADER_ROW]] == [
        "STT", "Mã chỉ tiêu", "Nhóm nhiệm vụ", "Tên chỉ tiêu", "Đơn vị tính", "Chiều",
        "Chỉ tiêu giao", "Hạn hoàn thành", "Kết quả thực hiện", "Ngày hoàn thành",
        "Ghi chú/Minh chứng"]
    assert rows(ws, 11, 13, 11) == [
        [1, "I1", None, "Kết nạp đảng viên", "người", "Tăng", 100, None, None, None, None],
        [2, "I2", None, "Hoàn thành đề án chuyển đổi số", None, "Đạt", "Đạt",
         datetime(2025, 6, 30), None, None, None],
        [3, "I3", None, "Sáp nhập thôn, tổ dân phố", None, "Đạt", "Đạt", None, None, None,
         None]]
    assert ws["H12"].number_format == "dd/mm/yyyy" and ws["H12"].protection.locked
    # the completion date is asked only where there is a due date
    assert ws["J12"].protection.locked is False
    assert ws["J12"].fill.fgColor.rgb.endswith(xlsx.INPUT_FILL)
    assert ws["J12"].number_format == "dd/mm/yyyy"
    for ref in ("J11", "J13", "H11", "H13"):
        assert ws[ref].protection.locked is True, ref
        assert not ws[ref].fill.fill_type, ref
    for ref in ("I11", "I12", "I13", "K11", "K12", "K13"):
        assert ws[ref].protection.locked is False, ref
    dvs = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert set(dvs) == {"decimal", "list", "date"}
    assert (str(dvs["date"].sqref), dvs["date"].operator) == ("J12", "greaterThanOrEqual")
    assert dvs["date"].formula1 == str((date(2024, 1, 1) - date(1899, 12, 30)).days)
    assert "dd/mm/yyyy" in dvs["date"].prompt
    assert sorted(str(dvs["list"].sqref).split()) == ["I12", "I13"]
    assert "Ngày hoàn thành" in ws["A8"].value and "Tự đánh giá" in ws["A8"].value


def test_without_due_dates_the_results_sheet_is_todays():
    """XB has no due date; a plan without criteria or due dates writes what it always did."""
    with_all = workbook_content_of(PLAN, "XB")[RES]
    plain = workbook_content_of(make_plan(criteria=False, due=False), "XB")[RES]
    instruction = "A8"
    assert {k: v for k, v in with_all["cells"].items() if k != instruction} == \
        {k: v for k, v in plain["cells"].items() if k != instruction}
    assert with_all["validations"] == plain["validations"]
    assert "J10" not in plain["cells"] and plain["cells"]["I10"][0] == "Ghi chú/Minh chứng"
    assert with_all["cells"][instruction][0] == \
        plain["cells"][instruction][0] + " Điền cả trang \"Tự đánh giá\"."


def workbook_content_of(plan: Plan, unit: str) -> dict:
    import io

    buf = io.BytesIO()
    build_template(plan, unit).save(buf)
    buf.seek(0)
    return workbook_content(buf)


def test_self_assessment_sheet_blocks():
    ws = build_template(PLAN, "XA")[SELF]
    assert ws["A1"].value == "Tự đánh giá theo tiêu chí chung năm 2025"
    assert (ws["A3"].value, ws["C3"].value, ws["A4"].value, ws["C4"].value) == (
        "Đơn vị", "Xã A", "Mã đơn vị", "XA")
    header = ["STT", "Mã tiêu chí", "Nhóm", "Tên tiêu chí", "Cách chấm", "Điểm tối đa",
              "Điểm tự đánh giá"]
    assert rows(ws, 7, 22) == [
        ["Tập thể", None, "XA", "Xã A", None, None, None],
        header,
        [1, "TT1", "Lãnh đạo", "Lãnh đạo, chỉ đạo; đoàn kết nội bộ", "Thang điểm", 20, None],
        [2, "TT2", "Kỷ luật", "Không có tổ chức, cá nhân vi phạm", "Đạt/Không", 10, None],
        [None] * 7,
        ["Cá nhân", None, "XA-BT", "Nguyễn Văn An — Bí thư Đảng ủy", None, None, None],
        header,
        [1, "CN1", "Chính trị", "Phẩm chất chính trị, tư tưởng", "Thang điểm", 5, None],
        [2, "CN2", "Đạo đức", "Đạo đức, lối sống", "Thang điểm", 2.5, None],
        [3, "CN3", "Kỷ luật", "Ý thức tổ chức kỷ luật", "Đạt/Không", 22.5, None],
        [None] * 7,
        ["Cá nhân", None, "XA-CT", "Trần Thị Bình — Chủ tịch UBND", None, None, None],
        header,
        [1, "CN1", "Chính trị", "Phẩm chất chính trị, tư tưởng", "Thang điểm", 5, None],
        [2, "CN2", "Đạo đức", "Đạo đức, lối sống", "Thang điểm", 2.5, None],
        [3, "CN3", "Kỷ luật", "Ý thức tổ chức kỷ luật", "Đạt/Không", 22.5, None]]
    assert ws.max_row == 22
    assert sorted(str(m) for m in ws.merged_cells.ranges) == sorted(
        f"{a}{r}:{b}{r}" for r in (7, 12, 18) for a, b in (("A", "B"), ("D", "G")))


def test_self_assessment_sheet_protection_and_validations():
    ws = build_template(PLAN, "XA")[SELF]
    assert ws.protection.sheet is True and ws.protection.password is None
    inputs = {f"G{r}" for r in (9, 10, 14, 15, 16, 20, 21, 22)}
    for row in ws.iter_rows(min_row=1, max_row=23, max_col=8):
        for c in row:
            assert c.protection.locked is (c.coordinate not in inputs), c.coordinate
    for ref in inputs:
        assert ws[ref].fill.fgColor.rgb.endswith(xlsx.INPUT_FILL)
    dvs = sorted((d.type, d.operator, d.formula1, " ".join(sorted(str(d.sqref).split())))
                 for d in ws.data_validations.dataValidation)
    assert dvs == [("decimal", "lessThanOrEqual", "2.5", "G15 G21"),
                   ("decimal", "lessThanOrEqual", "20", "G9"),
                   ("decimal", "lessThanOrEqual", "5", "G14 G20"),
                   ("list", None, '"Đạt,Không đạt"', "G10 G16 G22")]
    prompts = {d.formula1: d.prompt for d in ws.data_validations.dataValidation}
    assert prompts["2.5"] == "Nhập điểm từ 0 đến 2,5, bước 0,25 (ví dụ 2,25)."
    assert "0 điểm" in prompts['"Đạt,Không đạt"']
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_unit_without_officials_has_only_its_collective_block():
    ws = build_template(PLAN, "XB")[SELF]
    assert [ws.cell(row=7, column=c).value for c in (1, 3, 4)] == ["Tập thể", "XB", "Xã B"]
    assert ws.max_row == 10


def test_individual_criteria_only_and_no_officials_means_no_sheet():
    plan = Plan(**{**dict(PLAN), "criteria": tuple(c for c in PLAN.criteria if c.individual),
                   "officials": ()})
    assert SELF not in build_template(plan, "XA").sheetnames
    assert read_return_of(plan, "XA").self_scores == ()


def read_return_of(plan: Plan, unit: str) -> Return:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = write_templates(plan, Path(tmp), force=True)[[u.code for u in plan.units]
                                                            .index(unit)]
        out = fill_template(path, {i.code: 1 for i, _ in plan.assignments(unit)},
                            Path(tmp) / "out.xlsx")
        return read_return(out, plan)


def test_guide_explains_the_sheet_and_the_dates():
    ws = build_template(PLAN, "XA")["Hướng dẫn"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("Trang \"Tự đánh giá\"") and "bước 0,25" in t for t in texts)
    assert any("\"Ngày hoàn thành\"" in t and "dd/mm/yyyy" in t for t in texts)
    numbers = [ws.cell(row=r, column=1).value for r in range(3, 14)]
    assert numbers == [f"{n}." for n in range(1, 12)]
    assert ws.row_dimensions[10].height >= 45  # the long step is shown whole


def test_english_template():
    wb = build_template(PLAN, "XA", lang="en")
    assert wb.sheetnames == ["Results", "Self-assessment", "Instructions", "_dgsp"]
    ws = wb["Self-assessment"]
    assert [ws.cell(row=r, column=1).value for r in (7, 12, 18)] == [
        "Collective", "Individual", "Individual"]
    assert ws["G8"].value == "Self-score" and ws["E10"].value == "Pass/fail"
    assert [c.value for c in wb["Results"][HEADER_ROW]][7:10] == [
        "Due date", "Result", "Completion date"]


# ----------------------------------------------------------------------------- round trips


def test_round_trip(filled):
    ret = read_return(filled(), PLAN)
    assert codes(ret) == []
    assert {v.indicator: (v.value, v.completed) for v in ret.values} == {
        "I1": (110, None), "I2": (1, date(2025, 7, 2)), "I3": (0, None)}
    assert [v.cell for v in ret.values] == ["I11", "I12", "I13"]
    assert scores(ret) == READ
    assert [(s.entity, s.criterion, s.cell) for s in ret.self_scores] == [
        ("XA", "TT1", "G9"), ("XA", "TT2", "G10"), ("XA-BT", "CN1", "G14"),
        ("XA-BT", "CN2", "G15"), ("XA-BT", "CN3", "G16"), ("XA-CT", "CN1", "G20"),
        ("XA-CT", "CN2", "G21"), ("XA-CT", "CN3", "G22")]


def test_fill_types_like_an_office(filled):
    wb = load_workbook(filled(completed={"I2": "02/07/2025"}))
    assert (wb[RES]["J12"].value, wb[RES]["J12"].data_type) == ("02/07/2025", "s")
    ws = wb[SELF]
    assert [ws[f"G{r}"].value for r in (9, 10, 16, 22)] == [18, "Đạt", "Đạt", "Không đạt"]
    wb = load_workbook(filled())
    assert wb[RES]["J12"].value == datetime(2025, 7, 2)
    assert wb[RES]["J12"].number_format == "dd/mm/yyyy"


@pytest.mark.parametrize("typed", ["2/7/2025", "02/07/2025", " 2/07/2025 ",
                                   datetime(2025, 7, 2, 0, 0)])
def test_completion_date_as_text_or_cell(filled, typed):
    ret = read_return(filled(completed={"I2": typed}), PLAN)
    assert codes(ret) == []
    assert ret.values[1].completed == date(2025, 7, 2)


@pytest.mark.parametrize("typed, expected", [
    (10, 10), (0, 0), ("Đạt", 10), ("dat", 10), ("Không đạt", 0), ("x", 10), (True, 10),
    (False, 0), ("10", 10), ("0", 0)])
def test_binary_criterion_words_and_numbers(filled, typed, expected):
    ret = read_return(filled(scores={**SCORES, ("XA", "TT2"): typed}), PLAN)
    assert scores(ret)[("XA", "TT2")] == expected
    assert {c for c, _, _ in codes(ret)} <= {"DG276"}  # "10" as text is read, with a warning


def test_blocks_are_found_by_content_not_position(filled):
    def shift(wb):
        wb[SELF].insert_rows(1, amount=3)
        wb[SELF].insert_cols(1)

    ret = read_return(filled(tamper=shift), PLAN)
    assert codes(ret) == []
    assert scores(ret) == READ
    assert ret.self_scores[0].cell == "H12"


def test_fill_refuses_unknown_codes(templates, tmp_path):
    with pytest.raises(ValueError, match="XA-PCT/CN1"):
        fill_template(templates["XA"], {}, tmp_path / "x.xlsx",
                      self_scores={("XA-PCT", "CN1"): 1})
    with pytest.raises(ValueError, match="I9"):
        fill_template(templates["XA"], {}, tmp_path / "x.xlsx", completed={"I9": "1/1/2025"})
    with pytest.raises(ValueError, match="no completion date column"):
        fill_template(templates["XB"], {}, tmp_path / "x.xlsx", completed={"I1": "1/1/2025"})
    assert not (tmp_path / "x.xlsx").exists()


def test_older_template_without_the_new_parts_reads_as_today(tmp_path):
    """A template made before the plan had criteria or due dates, read against that plan."""
    plan = make_plan(criteria=False, due=False)
    path = write_templates(plan, tmp_path / "tpl")[0]
    ret = read_return(fill_template(path, RESULTS, tmp_path / "XA.xlsx"), plan)
    assert codes(ret) == [] and ret.self_scores == ()
    assert [v.completed for v in ret.values] == [None, None, None]


# ----------------------------------------------------------------------------- completion dates


@pytest.mark.parametrize("typed, found", [
    ("2025-07-02", "2025-07-02"), ("02/07/25", "02/07/25"), ("31/02/2025", "31/02/2025"),
    ("07/15/2025", "07/15/2025"), ("tháng 7", "tháng 7"), (45840, "45840"), (True, "True")])
def test_dg261_completion_date_not_a_date(filled, typed, found):
    def as_typed(wb):  # a number in a General cell, or TRUE: as a careless office stores it
        wb[RES]["J12"].value = typed
        wb[RES]["J12"].number_format = "General"

    ret = read_return(filled(tamper=as_typed), PLAN)
    p = only(ret, "DG261")
    assert (p.sheet, p.cell, p.indicator, p.params["found"]) == (RES, "J12", "I2", found)
    assert not ret.ok and "dd/mm/yyyy" in p.hint("en")
    assert ret.values[1].completed is None


def test_dg261_a_formula_is_not_a_date(filled):
    path = filled()
    formula_in(path, "sheet1", "J12", "TODAY()", 45840)
    p = only(read_return(path, PLAN), "DG261")
    assert (p.cell, p.params["found"]) == ("J12", "=TODAY()")


def test_dg262_done_without_a_completion_date(filled):
    ret = read_return(filled(completed={}), PLAN)
    assert codes(ret) == [("DG262", RES, "J12")]
    assert ret.problems[0].params["due"] == "30/06/2025" and not ret.ok
    assert "cannot be told whether it was late" in ret.problems[0].message("en")


def test_dg262_not_done_needs_no_date(filled):
    ret = read_return(filled(results={**RESULTS, "I2": False}, completed={}), PLAN)
    assert codes(ret) == [] and ret.values[1].completed is None


def test_dg262_a_template_without_the_column(tmp_path):
    old = write_templates(make_plan(due=False), tmp_path / "tpl")[0]
    path = fill_template(old, RESULTS, tmp_path / "XA.xlsx", self_scores=SCORES)
    ret = read_return(path, PLAN)  # the plan has set a due date since
    assert ("DG262", RES, "H12") in codes(ret)  # the result cell: there is no date column
    assert "latest template" in only(ret, "DG262").hint("en")


def test_dg263_a_date_on_a_task_not_done_is_ignored(filled):
    ret = read_return(filled(results={**RESULTS, "I2": "Không đạt"}), PLAN)
    assert codes(ret) == [("DG263", RES, "J12")]
    p = ret.problems[0]
    assert p.params["found"] == "2025-07-02" and ret.ok
    assert p.message("en").endswith("the task is reported not done: it is ignored")
    assert ret.values[1].completed is None


def test_dg263_a_date_on_a_task_without_a_due_date_is_ignored(filled):
    def typed_anyway(wb):  # the cell is locked: protection was taken off
        wb[RES]["J13"].value = "01/03/2025"

    ret = read_return(filled(results={**RESULTS, "I3": True}, tamper=typed_anyway), PLAN)
    assert codes(ret) == [("DG263", RES, "J13")]
    assert "no due date" in ret.problems[0].message("en")
    assert ret.values[2].completed is None and ret.ok


def test_dg264_a_year_far_from_the_round(filled):
    ret = read_return(filled(completed={"I2": "15/03/2052"}), PLAN)
    assert codes(ret) == [("DG264", RES, "J12")]
    assert ret.problems[0].params == {"found": "15/03/2052", "year": 2025, "indicator": "I2"}
    assert ret.ok and ret.values[1].completed == date(2052, 3, 15)


# ----------------------------------------------------------------------------- self-assessment


def test_dg265_sheet_missing(filled):
    ret = read_return(filled(scores={}, tamper=lambda wb: wb.remove(wb[SELF])), PLAN)
    assert codes(ret) == [("DG265", "", "")]
    assert ret.problems[0].params == {"sheet": SELF} and not ret.ok
    assert ret.self_scores == ()


def _score(filled, entity, criterion, typed):
    return read_return(filled(scores={**SCORES, (entity, criterion): typed}), PLAN)


def test_dg266_above_max(filled):
    ret = _score(filled, "XA", "TT1", 20.25)
    p = only(ret, "DG266")
    assert (p.sheet, p.cell) == (SELF, "G9") and not ret.ok
    assert p.params["max"] == 20 and p.params["entity"] == "XA"
    assert ("XA", "TT1") not in scores(ret)
    assert "Enter a score from 0 to 20" in p.hint("en")


def test_dg267_negative(filled):
    p = only(_score(filled, "XA-BT", "CN1", -1), "DG267")
    assert (p.sheet, p.cell, p.params["entity"], p.params["criterion"]) == (
        SELF, "G14", "XA-BT", "CN1")


@pytest.mark.parametrize("typed, found", [
    ("khá", "khá"), ("4 điểm", "4 điểm"), (datetime(2025, 1, 5), "2025-01-05"),
    (True, "Đạt")])  # the word of the drop-down, on a scale criterion
def test_dg268_not_a_number(filled, typed, found):
    p = only(_score(filled, "XA-CT", "CN2", typed), "DG268")
    assert (p.sheet, p.cell, p.params["found"]) == (SELF, "G21", found)


def test_dg268_a_boolean_on_a_scale_criterion(filled):
    def ticked(wb):  # a real TRUE, as a checkbox-minded office stores it
        wb[SELF]["G21"].value = True

    p = only(read_return(filled(tamper=ticked), PLAN), "DG268")
    assert (p.cell, p.params["found"]) == ("G21", "TRUE")


def test_dg268_an_error_value(filled):
    path = filled()
    formula_in(path, "sheet2", "G21", "1/0", "#DIV/0!", error=True)
    p = only(read_return(path, PLAN), "DG268")
    assert (p.cell, p.params["found"]) == ("G21", "#DIV/0!")


@pytest.mark.parametrize("typed", [5, 2.5, "5", 0.25, 22])
def test_dg269_binary_scored_in_between(filled, typed):
    ret = _score(filled, "XA-BT", "CN3", typed)
    p = only(ret, "DG269")
    assert (p.sheet, p.cell, p.params["max"]) == (SELF, "G16", D("22.5"))
    assert "Đạt" in p.hint("vi") and not ret.ok


def test_dg270_off_the_quarter_step(filled):
    p = only(_score(filled, "XA", "TT1", 17.3), "DG270")
    assert (p.sheet, p.cell) == (SELF, "G9")
    assert (p.params["lower"], p.params["upper"]) == (D("17.25"), D("17.5"))
    assert "17,25 hoặc 17,5" in p.hint("vi")


def test_dg271_unknown_entity(filled):
    def renamed(wb):
        wb[SELF]["C18"].value = "XA-PCT"

    ret = read_return(filled(tamper=renamed), PLAN)
    assert ("DG271", SELF, "C18") in codes(ret)
    p = only(ret, "DG271")
    assert p.params["expected"] == "XA, XA-BT, XA-CT" and p.params["found"] == "XA-PCT"
    assert only(ret, "DG274").params["entity"] == "XA-CT"  # and its rows are missing
    assert ("XA-CT", "CN1") not in scores(ret)


def test_dg272_unknown_criterion(filled):
    def renamed(wb):
        wb[SELF]["B14"].value = "TT1"  # a collective criterion in an official's block

    ret = read_return(filled(tamper=renamed), PLAN)
    assert ("DG272", SELF, "B14") in codes(ret)
    assert only(ret, "DG272").params == {"criterion": "TT1", "entity": "XA-BT"}


def test_dg273_empty_is_not_assessed(filled):
    ret = _score(filled, "XA-CT", "CN2", None)
    assert codes(ret) == [("DG273", SELF, "G21")]
    assert ret.ok  # a warning: the appraisal may still score it
    kept = [s for s in ret.self_scores if (s.entity, s.criterion) == ("XA-CT", "CN2")]
    assert [(s.value, s.cell) for s in kept] == [(None, "G21")]


def test_dg273_nothing_filled_in(filled):
    ret = read_return(filled(scores={}), PLAN)
    assert [c for c, _, _ in codes(ret)] == ["DG273"] * 8 and ret.ok
    assert all(s.value is None for s in ret.self_scores) and len(ret.self_scores) == 8


def test_dg274_rows_missing(filled):
    ret = read_return(filled(tamper=lambda wb: wb[SELF].delete_rows(15)), PLAN)
    assert codes(ret) == [("DG274", SELF, "C12")]
    assert ret.problems[0].params == {"entity": "XA-BT", "criteria": "CN2"}


def test_dg275_twice(filled):
    def copied(wb):
        wb[SELF]["B15"].value = "CN1"

    ret = read_return(filled(tamper=copied), PLAN)
    p = only(ret, "DG275")
    assert (p.sheet, p.cell, p.params["first"]) == (SELF, "B15", "B14")
    assert only(ret, "DG274").params["criteria"] == "CN2"


def test_dg275_a_block_twice(filled):
    def copied(wb):
        wb[SELF]["C18"].value = "XA-BT"

    ret = read_return(filled(tamper=copied), PLAN)
    assert ("DG275", SELF, "C18") in codes(ret)
    assert only(ret, "DG275").params == {"item": "XA-BT", "first": "C12"}


def test_dg276_typed_as_text(filled):
    ret = _score(filled, "XA-BT", "CN1", "4,75")
    assert codes(ret) == [("DG276", SELF, "G14")]
    assert scores(ret)[("XA-BT", "CN1")] == D("4.75") and ret.ok


def test_ambiguous_and_mixed_digit_text_are_the_results_codes(filled):
    assert ("DG234", SELF, "G9") in codes(_score(filled, "XA", "TT1", "2.50"))
    assert ("DG249", SELF, "G9") in codes(_score(filled, "XA", "TT1", "1٥"))


def test_dg277_formula_with_a_saved_value(filled):
    path = filled()
    formula_in(path, "sheet2", "G9", "9*2", 18)
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG277", SELF, "G9")]
    assert ret.problems[0].params["formula"] == "=9*2" and scores(ret)[("XA", "TT1")] == 18


def test_dg278_formula_without_a_saved_value(filled):
    path = filled()
    formula_in(path, "sheet2", "G9", "9*2", None)
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG278", SELF, "G9")] and not ret.ok


def formula_in(path, part, cell, formula, cached, error=False):
    """Rewrite a cell as Excel (or, without ``cached``, a tool that does not calculate)
    writes a formula; ``part`` is the sheet's file (sheet1: Kết quả, sheet2: Tự đánh giá)."""
    v = f"<v>{cached}</v>" if cached is not None else ""
    t = ' t="e"' if error else ""
    load_make_corpus().rewrite_zip(path, replace={f"xl/worksheets/{part}.xml": lambda x: re.sub(
        rf'<c r="{cell}"([^>]*?)(?: t="\w+")?>(<v>[^<]*</v>|<is>.*?</is>)?</c>'.encode(),
        rf'<c r="{cell}"\1{t}><f>{formula}</f>{v}</c>'.encode(), x, count=1)})
    return path


# ----------------------------------------------------------------------------- properties

_SCALE = [c["code"] for c in CRITERIA if c["scoring"] == "Thang điểm"]
_ENTITY = {"TT1": "XA", "CN1": "XA-BT", "CN2": "XA-CT"}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("prop")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quarters=st.fixed_dictionaries(
    {code: st.integers(0, int(MAX[code] * 4)) for code in _SCALE}), as_text=st.booleans())
def test_any_quarter_step_score_round_trips_exactly(templates, scratch, quarters, as_text):
    from dgsp.text import format_number

    typed = {}
    for code, q in quarters.items():
        value = D(q) / 4
        typed[(_ENTITY[code], code)] = format_number(value, "vi") if as_text else float(value)
    out = fill_template(templates["XA"], RESULTS, scratch / "XA.xlsx", completed=COMPLETED,
                        self_scores={**SCORES, **typed})
    ret = read_return(out, PLAN)
    assert {c for c, _, _ in codes(ret)} <= ({"DG276"} if as_text else set())
    got = scores(ret)
    for code, q in quarters.items():
        assert got[(_ENTITY[code], code)] == D(q) / 4


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
       as_text=st.booleans())
def test_any_date_round_trips_as_a_cell_and_as_text(templates, scratch, day, as_text):
    if as_text and day.year < 1000:
        day = day.replace(year=1000 + day.year)
    typed = f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if as_text else day
    out = fill_template(templates["XA"], RESULTS, scratch / "XA.xlsx",
                        completed={"I2": typed}, self_scores=SCORES)
    ret = read_return(out, PLAN)
    assert {c for c, _, _ in codes(ret)} <= {"DG264"}
    assert ret.values[1].completed == day


# ----------------------------------------------------------------------------- LibreOffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_survives_a_trip_through_libreoffice(filled, tmp_path):  # pragma: no cover
    mixed = {**SCORES, ("XA-BT", "CN1"): "4,5", ("XA-CT", "CN2"): None}
    path = filled(completed={"I2": "02/07/2025"}, scores=mixed)
    before = read_return(path, PLAN)
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                    str(path)], check=True, capture_output=True, timeout=120)
    after = read_return(out / "XA.xlsx", PLAN)
    assert codes(after) == codes(before) == [("DG276", SELF, "G14"), ("DG273", SELF, "G21")]
    assert after.values == before.values
    assert after.self_scores == before.self_scores
    assert after.values[1].completed == date(2025, 7, 2)
    wb = load_workbook(out / "XA.xlsx")  # the validations and protection survive too
    assert wb[SELF].protection.sheet and {d.type for d in wb[SELF].data_validations.dataValidation} \
        == {"list", "decimal"}
    assert "date" in {d.type for d in wb[RES].data_validations.dataValidation}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_date_cell_survives_libreoffice(filled, tmp_path):  # pragma: no cover
    path = filled()
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                    str(path)], check=True, capture_output=True, timeout=120)
    after = read_return(out / "XA.xlsx", PLAN)
    assert codes(after) == [] and scores(after) == READ
    assert after.values[1].completed == date(2025, 7, 2)
