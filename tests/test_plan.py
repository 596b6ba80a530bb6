"""The plan workbook: every problem with its sheet and cell, the accepted spellings,
and the round trip write_plan → read_plan."""

from __future__ import annotations

import copy
import unicodedata
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import book, small_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dgsp.model import (
    DEFAULT_GRADE_RULES,
    Direction,
    Grade,
    GradeRule,
    Indicator,
    Plan,
    Problem,
    Target,
    Unit,
)
from dgsp.plan.workbook import read_plan, write_plan
from dgsp.problems import PlanError, describe
from dgsp.text import canonical

# ----------------------------------------------------------------------------- a valid plan

INFO = "Thông tin"
UNITS = "Đơn vị"
INDS = "Chỉ tiêu"
TGTS = "Giao chỉ tiêu"
GRADES = "Xếp loại"

BASE = {
    INFO: [["Tên đợt đánh giá", "Đánh giá thử"],
           ["Năm", 2025],
           ["Cơ quan giao", "Ban Thường vụ Tỉnh ủy"],
           ["Hạn nộp", date(2026, 1, 15)],
           ["Điểm tối đa", 100],
           ["Tỷ lệ xuất sắc tối đa", 0.2]],
    UNITS: [["Mã đơn vị", "Tên đơn vị", "Nhóm so sánh", "Người đứng đầu"],
            ["XA", "Xã A", "Xã", "Nguyễn Văn A - Bí thư; Trần Thị B - Chủ tịch UBND"],
            ["XB", "Xã B", "Xã", None]],
    INDS: [["Mã chỉ tiêu", "Nhóm nhiệm vụ", "Tên chỉ tiêu", "Đơn vị tính", "Chiều", "Điểm",
            "Trần", "Cộng dồn"],
           ["I1", "Xây dựng Đảng", "Kết nạp đảng viên", "người", "Tăng", 2, 1.2, "Có"],
           ["I2", "An ninh", "Tai nạn giao thông", "vụ", "Giảm", None, None, None],
           ["I3", "Cải cách", "Hoàn thành đề án", None, "Đạt", None, None, None]],
    TGTS: [["Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu giao", "Ghi chú"],
           ["XA", "I1", 100, None],   # row 2
           ["XA", "I2", 0, None],     # row 3: zero tolerance
           ["XA", "I3", "Đạt", None],  # row 4
           ["XB", "I1", 50, None],    # row 5
           ["XB", "I3", "Đạt", None]],  # row 6
}

MATRIX = [["Mã chỉ tiêu", "Tên chỉ tiêu", "XA", "XB"],
          ["I1", "Kết nạp đảng viên", 100, 50],
          ["I2", "Tai nạn giao thông", 0, None],
          ["I3", "Hoàn thành đề án", "Đạt", "Đạt"]]

EXPECTED = Plan(
    title="Đánh giá thử", year=2025, issued_by="Ban Thường vụ Tỉnh ủy",
    deadline=date(2026, 1, 15),
    units=(Unit(code="XA", name="Xã A", group="Xã",
                heads=("Nguyễn Văn A - Bí thư", "Trần Thị B - Chủ tịch UBND")),
           Unit(code="XB", name="Xã B", group="Xã")),
    indicators=(Indicator(code="I1", name="Kết nạp đảng viên", task_group="Xây dựng Đảng",
                          measure="người", weight=D(2), cap=D("1.2")),
                Indicator(code="I2", name="Tai nạn giao thông", task_group="An ninh",
                          measure="vụ", direction=Direction.LOWER),
                Indicator(code="I3", name="Hoàn thành đề án", task_group="Cải cách",
                          direction=Direction.BINARY, additive=False)),
    targets=(Target(unit="XA", indicator="I1", value=D(100)),
             Target(unit="XA", indicator="I2", value=D(0)),
             Target(unit="XA", indicator="I3", value=D(1)),
             Target(unit="XB", indicator="I1", value=D(50)),
             Target(unit="XB", indicator="I3", value=D(1))),
)


def base(**replace: list[list]) -> dict[str, list[list]]:
    sheets = copy.deepcopy(BASE)
    sheets.update(copy.deepcopy(replace))
    return sheets


def write(tmp_path: Path, sheets: dict[str, list[list]], name: str = "plan.xlsx") -> Path:
    return book(tmp_path / name, sheets)


def problems(path: Path) -> list[Problem]:
    with pytest.raises(PlanError) as err:
        read_plan(path)
    return err.value.problems


def only(path: Path, code: str) -> Problem:
    """The plan fails with exactly one problem, of this code."""
    found = problems(path)
    assert [p.code for p in found] == [code], [describe(p) for p in found]
    return found[0]


def where(p: Problem) -> tuple[str, str, str]:
    return p.code, p.sheet, p.cell


def same(a: Plan, b: Plan) -> bool:
    return a.fingerprint() == b.fingerprint() and a.model_dump() == b.model_dump()


# ----------------------------------------------------------------------------- happy paths


def test_long_layout(tmp_path):
    plan, warnings = read_plan(write(tmp_path, base()))
    assert warnings == []
    assert same(plan, EXPECTED)
    assert plan.excellent_quota == D("0.2") and plan.max_points == 100
    assert plan.grade_rules == DEFAULT_GRADE_RULES


def test_matrix_layout_gives_the_same_plan(tmp_path):
    plan, _ = read_plan(write(tmp_path, base(**{TGTS: MATRIX})))
    assert same(plan, EXPECTED)


def test_matrix_with_title_block_and_ignored_columns(tmp_path):
    matrix = [["PHỤ LỤC: GIAO CHỈ TIÊU NĂM 2025"], [],
              ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "XA", "XB", "Ghi chú"],
              [1, "I1", "Kết nạp", "người", 100, 50, "x"],
              [None, None, "An ninh", None, None, None, None],  # a group heading row
              [2, "I2", "Tai nạn", "vụ", 0, None, None],
              [3, "I3", "Đề án", None, "Đạt", "x", None]]  # "x" is accepted as done
    plan, _ = read_plan(write(tmp_path, base(**{TGTS: matrix})))
    assert same(plan, EXPECTED)


def test_english_sheet_and_header_names(tmp_path):
    sheets = {
        "Info": [["Title", "Đánh giá thử"], ["Year", 2025], ["Issued by", "Ban Thường vụ Tỉnh ủy"],
                 ["Deadline", "15/01/2026"], ["Excellent quota", "20%"]],
        "Units": [["Unit code", "Unit name", "Peer group", "Heads"], *BASE[UNITS][1:]],
        "Indicators": [["Indicator code", "Task group", "Indicator name", "Unit of measure",
                        "Direction", "Weight", "Cap", "Additive"],
                       ["I1", "Xây dựng Đảng", "Kết nạp đảng viên", "người", "higher", 2, "120%",
                        "Yes"],
                       ["I2", "An ninh", "Tai nạn giao thông", "vụ", "lower", None, None, None],
                       ["I3", "Cải cách", "Hoàn thành đề án", None, "binary", None, None, "no"]],
        "Targets": [["Unit code", "Indicator code", "Target", "Note"],
                    *[[u, i, "Done" if v == "Đạt" else v, n] for u, i, v, n in BASE[TGTS][1:]]],
    }
    plan, _ = read_plan(write(tmp_path, sheets))
    assert same(plan, EXPECTED)


def test_headers_without_diacritics_and_in_other_case(tmp_path):
    sheets = base()
    sheets["thong tin"] = sheets.pop(INFO)
    sheets["DON VI"] = [["Ma don vi", "ten don vi", "NHOM SO SANH", "Nguoi dung dau"],
                        *BASE[UNITS][1:]]
    sheets["chi tieu"] = [["ma chi tieu", "nhom nhiem vu", "ten chi tieu", "don vi tinh",
                           "chieu", "diem", "tran", "cong don"],
                          ["I1", "Xây dựng Đảng", "Kết nạp đảng viên", "người", "tang", 2, 1.2,
                           "co"],
                          ["I2", "An ninh", "Tai nạn giao thông", "vụ", "GIAM", None, None, None],
                          ["I3", "Cải cách", "Hoàn thành đề án", None, "dat", None, None, None]]
    del sheets[UNITS], sheets[INDS]
    plan, _ = read_plan(write(tmp_path, sheets))
    assert same(plan, EXPECTED)


def test_nfd_input_gives_the_same_plan(tmp_path):
    def nfd(value):
        return unicodedata.normalize("NFD", value) if isinstance(value, str) else value

    sheets = {nfd(name): [[nfd(v) for v in row] for row in rows]
              for name, rows in base().items()}
    assert nfd(UNITS) != UNITS and nfd(UNITS) in sheets
    plan, _ = read_plan(write(tmp_path, sheets))
    assert same(plan, EXPECTED)


def test_title_block_reordered_and_extra_columns(tmp_path):
    units = [["DANH SÁCH ĐƠN VỊ"], ["(kèm theo Quyết định số 01-QĐ/TU)"], [],
             ["STT", "Nhóm so sánh", "Ghi chú riêng", "Người đứng đầu", "Tên đơn vị", "Mã đơn vị"],
             [1, "Xã", "", "Nguyễn Văn A - Bí thư;Trần Thị B - Chủ tịch UBND ", "Xã A", "XA"],
             [],
             [2, "Xã", "bỏ qua", None, "Xã B", "XB"]]
    plan, _ = read_plan(write(tmp_path, base(**{UNITS: units})))
    assert same(plan, EXPECTED)
    # and problem cells are true Excel addresses below the title block
    units[6][5] = "XA"
    p = problems(write(tmp_path, base(**{UNITS: units}), "dup.xlsx"))[0]
    assert where(p) == ("DG106", UNITS, "F7") and p.params["first_row"] == 5


def test_info_with_header_row_and_text_values(tmp_path):
    info = [["KẾ HOẠCH"], ["Mục", "Giá trị"], ["Năm", "2025"], ["Hạn nộp", "15/01/2026"],
            ["Tỷ lệ xuất sắc tối đa", "0%"], ["Điểm tối đa", "1.000"]]
    plan, _ = read_plan(write(tmp_path, base(**{INFO: info})))
    assert plan.year == 2025 and plan.deadline == date(2026, 1, 15)
    assert plan.excellent_quota is None  # 0 means no quota
    assert plan.max_points == 1000  # Vietnamese thousands separator
    assert plan.title == "" and plan.issued_by == ""


@pytest.mark.parametrize("value", [2025, 2025.0, "2025"])
def test_year_spellings(tmp_path, value):
    info = [["Năm", value]]
    plan, _ = read_plan(write(tmp_path, base(**{INFO: info})))
    assert plan.year == 2025 and plan.max_points == 100 and plan.excellent_quota == D("0.2")


@pytest.mark.parametrize("value, expected", [(0, None), ("", None), (None, None),
                                             ("30%", D("0.3")), (0.3, D("0.3")),
                                             ("12,5%", D("0.125"))])
def test_quota_values(tmp_path, value, expected):
    info = [["Năm", 2025], ["Tỷ lệ xuất sắc tối đa", value]]
    plan, _ = read_plan(write(tmp_path, base(**{INFO: info})))
    assert plan.excellent_quota == expected


def test_percentages_as_fraction_text_and_percentage_cell(tmp_path):
    from openpyxl import load_workbook

    grades = [["Mức", "Điểm tối thiểu", "Tỷ lệ đạt tối thiểu", "Tỷ lệ vượt tối thiểu"],
              ["HTXSNV", 90, 1, 0.3],
              ["HTTNV", 70, "100%", "0%"],
              ["HTNV", 50, 0.8, None]]
    sheets = base(**{GRADES: grades})
    sheets[INDS][2][6] = "120%"
    sheets[INDS][3][6] = 1.5
    path = write(tmp_path, sheets)
    wb = load_workbook(path)  # make one a true percentage cell, the way Excel stores 35%
    wb[GRADES]["D2"].value = 0.35
    wb[GRADES]["D2"].number_format = "0%"
    wb.save(path)
    plan, _ = read_plan(path)
    assert [i.cap for i in plan.indicators] == [D("1.2"), D("1.2"), D("1.5")]
    assert plan.grade_rules == (
        GradeRule(grade=Grade.HTXSNV, min_score=D(90), min_achieved_share=D(1),
                  min_exceeded_share=D("0.35")),
        GradeRule(grade=Grade.HTTNV, min_score=D(70), min_achieved_share=D(1)),
        GradeRule(grade=Grade.HTNV, min_score=D(50), min_achieved_share=D("0.8")),
    )


def test_grades_partial_sheet_keeps_defaults_and_order(tmp_path):
    grades = [["Mức", "Điểm tối thiểu"], ["KHTNV", 0], ["HTNV", 40],
              ["Hoàn thành tốt nhiệm vụ", 75]]
    plan, _ = read_plan(write(tmp_path, base(**{GRADES: grades})))
    assert [r.grade for r in plan.grade_rules] == [Grade.HTXSNV, Grade.HTTNV, Grade.HTNV]
    assert [r.min_score for r in plan.grade_rules] == [90, 75, 40]
    assert plan.grade_rules[0] == DEFAULT_GRADE_RULES[0]
    assert plan.grade_rules[2].min_achieved_share == D("0.8")  # empty → that grade's default


def test_targets_as_vietnamese_text_and_additive_default(tmp_path):
    sheets = base()
    sheets[TGTS][1][2] = "2.100"
    sheets[TGTS][4][2] = "12,5"
    plan, _ = read_plan(write(tmp_path, sheets))
    values = {(t.unit, t.indicator): t.value for t in plan.targets}
    assert values["XA", "I1"] == 2100 and values["XB", "I1"] == D("12.5")
    assert [i.additive for i in plan.indicators] == [True, True, False]


def test_targets_are_ordered_by_unit_then_indicator(tmp_path):
    sheets = base()
    sheets[TGTS][1:] = list(reversed(sheets[TGTS][1:]))
    plan, _ = read_plan(write(tmp_path, sheets))
    assert same(plan, EXPECTED)


def test_blank_target_in_long_layout_is_not_assigned(tmp_path):
    sheets = base()
    sheets[TGTS].append(["XB", "I2", None, "chưa giao"])
    plan, _ = read_plan(write(tmp_path, sheets))
    assert same(plan, EXPECTED)


# ----------------------------------------------------------------------------- one test per problem


def test_DG101_unreadable_file(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("not a workbook")
    assert where(only(path, "DG101")) == ("DG101", "", "")
    p = only(tmp_path / "missing.xlsx", "DG101")
    assert p.file.endswith("missing.xlsx")


def test_DG102_missing_sheet(tmp_path):
    sheets = base()
    del sheets[UNITS]
    found = problems(write(tmp_path, sheets))
    assert [where(p) for p in found] == [("DG102", UNITS, "")]
    assert found[0].params["sheet"] == UNITS


def test_DG102_in_english_workbook_names_the_english_sheet(tmp_path):
    path = write(tmp_path, {"Info": [["Year", 2025]], "Units": [["Unit code"]]})
    found = problems(path)
    assert {(p.code, p.sheet) for p in found if p.code == "DG102"} == {
        ("DG102", "Indicators"), ("DG102", "Targets")}


def test_DG103_missing_column(tmp_path):
    sheets = base()
    sheets[UNITS] = [["Danh sách"], ["Mã đơn vị", "Tên đơn vị"], ["XA", "Xã A"]]
    p = only(write(tmp_path, sheets), "DG103")
    assert where(p) == ("DG103", UNITS, "A2") and p.params["column"] == "Nhóm so sánh"


def test_DG103_missing_target_column_in_long_layout(tmp_path):
    sheets = base(**{TGTS: [["Mã đơn vị", "Mã chỉ tiêu", "Giá trị"], ["XA", "I1", 1]]})
    p = only(write(tmp_path, sheets), "DG103")
    assert where(p) == ("DG103", TGTS, "A1") and p.params["column"] == "Chỉ tiêu giao"


def test_DG104_missing_value(tmp_path):
    sheets = base()
    sheets[UNITS][2][1] = None
    p = only(write(tmp_path, sheets), "DG104")
    assert where(p) == ("DG104", UNITS, "B3") and p.unit == "XB"
    assert p.params["field"] == "Tên đơn vị"


def test_DG104_year_missing(tmp_path):
    sheets = base()
    sheets[INFO][1][1] = None
    assert where(only(write(tmp_path, sheets), "DG104")) == ("DG104", INFO, "B2")


def test_DG105_not_a_number(tmp_path):
    sheets = base()
    sheets[INDS][1][5] = "hai"
    sheets[INFO][1][1] = "năm nay"
    found = problems(write(tmp_path, sheets))
    assert [where(p) for p in found] == [("DG105", INFO, "B2"), ("DG105", INDS, "F2")]
    assert found[1].indicator == "I1"
    assert found[1].message() == "\"Điểm\" phải là số > 0, gặp \"hai\""


def test_DG106_duplicate_unit_code(tmp_path):
    sheets = base()
    sheets[UNITS].append(["XA", "Xã A (trùng)", "Xã", None])
    p = only(write(tmp_path, sheets), "DG106")
    assert where(p) == ("DG106", UNITS, "A4") and p.params == {"code": "XA", "first_row": 2}


def test_DG107_duplicate_indicator_code(tmp_path):
    sheets = base()
    sheets[INDS].append(["I2", None, "Tai nạn (trùng)", None, "Giảm", None, None, None])
    p = only(write(tmp_path, sheets), "DG107")
    assert where(p) == ("DG107", INDS, "A5") and p.params["first_row"] == 3


def test_DG108_invalid_unit_code(tmp_path):
    sheets = base()
    sheets[UNITS][2][0] = "TAM ĐẢO"
    sheets[TGTS] = [["TAM ĐẢO" if v == "XB" else v for v in row] for row in sheets[TGTS]]
    p = only(write(tmp_path, sheets), "DG108")
    assert where(p) == ("DG108", UNITS, "A3") and p.params["code"] == "TAM ĐẢO"


def test_DG109_unknown_direction(tmp_path):
    sheets = base()
    sheets[INDS][1][4] = "Cao"
    p = only(write(tmp_path, sheets), "DG109")
    assert where(p) == ("DG109", INDS, "E2") and p.indicator == "I1"


@pytest.mark.parametrize("sheet, row, col, value, cell", [
    (INDS, 1, 6, 0.8, "G2"),
    (INDS, 2, 6, "80%", "G3"),
    (INFO, 5, 1, "150%", "B6"),
])
def test_DG110_percent_out_of_range(tmp_path, sheet, row, col, value, cell):
    sheets = base()
    sheets[sheet][row][col] = value
    assert where(only(write(tmp_path, sheets), "DG110")) == ("DG110", sheet, cell)


def test_DG110_share_above_100_percent_in_grades(tmp_path):
    grades = [["Mức", "Điểm tối thiểu", "Tỷ lệ đạt tối thiểu"], ["HTNV", 50, 1.5]]
    p = only(write(tmp_path, base(**{GRADES: grades})), "DG110")
    assert where(p) == ("DG110", GRADES, "C2")


def test_DG111_unknown_unit_long(tmp_path):
    sheets = base()
    sheets[TGTS][5][0] = "XZ"
    p = only(write(tmp_path, sheets), "DG111")
    assert where(p) == ("DG111", TGTS, "A6") and p.params["code"] == "XZ"


def test_DG111_unknown_unit_column_in_matrix(tmp_path):
    matrix = copy.deepcopy(MATRIX)
    for row in matrix:
        row.append("Tổng" if row[0] == "Mã chỉ tiêu" else 1)
    p = only(write(tmp_path, base(**{TGTS: matrix})), "DG111")
    assert where(p) == ("DG111", TGTS, "E1") and p.params["code"] == "Tổng"


def test_DG112_unknown_indicator(tmp_path):
    sheets = base()
    sheets[TGTS].append(["XB", "I9", 5, None])
    p = only(write(tmp_path, sheets), "DG112")
    assert where(p) == ("DG112", TGTS, "B7") and p.indicator == "I9"


def test_DG112_unknown_indicator_in_matrix_reported_once(tmp_path):
    matrix = copy.deepcopy(MATRIX) + [["I9", "Không có", 1, 2]]
    p = only(write(tmp_path, base(**{TGTS: matrix})), "DG112")
    assert where(p) == ("DG112", TGTS, "A5")


def test_DG113_target_not_a_number(tmp_path):
    sheets = base()
    sheets[TGTS][4][2] = "hai nghìn"
    sheets[TGTS].append(["XB", "I2", -1, None])
    found = problems(write(tmp_path, sheets))
    assert [where(p) for p in found] == [("DG113", TGTS, "C5"), ("DG113", TGTS, "C7")]
    assert describe(found[0]).endswith(
        'Giao chỉ tiêu!C5: [DG113] chỉ tiêu giao phải là số ≥ 0, gặp "hai nghìn"')
    assert (found[0].unit, found[0].indicator) == ("XB", "I1")


def test_DG114_higher_target_zero(tmp_path):
    sheets = base()
    sheets[TGTS][1][2] = 0
    p = only(write(tmp_path, sheets), "DG114")
    assert where(p) == ("DG114", TGTS, "C2") and p.params["indicator"] == "I1"


def test_DG115_binary_target_not_done(tmp_path):
    sheets = base()
    sheets[TGTS][3][2] = 100
    sheets[TGTS][5][2] = "Không đạt"
    found = problems(write(tmp_path, sheets))
    assert [where(p) for p in found] == [("DG115", TGTS, "C4"), ("DG115", TGTS, "C6")]
    assert found[0].params == {"indicator": "I3", "found": "100"}


def test_DG116_unit_without_targets(tmp_path):
    sheets = base()
    sheets[UNITS].append(["XC", "Xã C", "Xã", None])
    p = only(write(tmp_path, sheets), "DG116")
    assert where(p) == ("DG116", UNITS, "A4") and p.unit == "XC"


def test_DG117_duplicate_pair(tmp_path):
    sheets = base()
    sheets[TGTS].append(["XA", "I1", 120, None])
    p = only(write(tmp_path, sheets), "DG117")
    assert where(p) == ("DG117", TGTS, "C7")
    assert p.params == {"indicator": "I1", "unit": "XA", "first_cell": "C2"}


def test_DG118_additive_not_yes_no(tmp_path):
    sheets = base()
    sheets[INDS][1][7] = "Tuỳ"
    p = only(write(tmp_path, sheets), "DG118")
    assert where(p) == ("DG118", INDS, "H2") and p.params["found"] == "Tuỳ"


def test_DG119_unknown_grade(tmp_path):
    grades = [["Mức", "Điểm tối thiểu"], ["XS", 90]]
    p = only(write(tmp_path, base(**{GRADES: grades})), "DG119")
    assert where(p) == ("DG119", GRADES, "A2")


def test_DG120_targets_in_no_known_layout(tmp_path):
    sheets = base(**{TGTS: [["Đơn vị", "Chỉ tiêu", "Số"], ["XA", "I1", 1]]})
    assert where(only(write(tmp_path, sheets), "DG120")) == ("DG120", TGTS, "A1")


def test_DG121_thresholds_not_descending(tmp_path):
    grades = [["Mức", "Điểm tối thiểu"], ["HTXSNV", 60], ["HTTNV", 70]]
    p = only(write(tmp_path, base(**{GRADES: grades})), "DG121")
    assert where(p) == ("DG121", GRADES, "B2")
    assert p.params == {"grade": "HTXSNV", "score": 60, "lower": "HTTNV", "lower_score": 70}


def test_DG122_indicator_assigned_to_no_unit_is_a_warning(tmp_path):
    sheets = base()
    sheets[INDS].append(["I4", None, "Chưa giao", None, None, None, None, None])
    plan, warnings = read_plan(write(tmp_path, sheets))
    assert [where(w) for w in warnings] == [("DG122", INDS, "A5")]
    assert not warnings[0].is_error and plan.indicator("I4") is not None


def test_DG123_duplicate_grade(tmp_path):
    grades = [["Mức", "Điểm tối thiểu"], ["HTTNV", 70], ["httnv", 75]]
    p = only(write(tmp_path, base(**{GRADES: grades})), "DG123")
    assert where(p) == ("DG123", GRADES, "A3")


def test_DG124_units_sheet_without_rows(tmp_path):
    sheets = base(**{UNITS: BASE[UNITS][:1], TGTS: BASE[TGTS][:1]})
    found = problems(write(tmp_path, sheets))
    assert [where(p) for p in found] == [("DG124", UNITS, "A2"), ("DG122", INDS, "A2"),
                                         ("DG122", INDS, "A3"), ("DG122", INDS, "A4")]


def test_every_problem_is_listed_at_once(tmp_path):
    sheets = base()
    sheets[UNITS][1][0] = "XA!"     # DG108
    sheets[INDS][2][4] = "Lên"      # DG109
    sheets[TGTS][1][2] = "hai trăm"  # DG113 (XA! targets now name an unknown unit)
    found = problems(write(tmp_path, sheets))
    codes = [(p.code, p.sheet, p.cell) for p in found]
    assert ("DG108", UNITS, "A2") in codes
    assert ("DG109", INDS, "E3") in codes
    assert ("DG111", TGTS, "A2") in codes
    sheets[TGTS] = [["XA!" if v == "XA" else v for v in row] for row in sheets[TGTS]]
    found = problems(write(tmp_path, sheets, "three.xlsx"))
    assert [where(p) for p in found] == [("DG108", UNITS, "A2"), ("DG109", INDS, "E3"),
                                         ("DG113", TGTS, "C2")]
    assert all(p.file.endswith("three.xlsx") for p in found)


def test_problems_in_an_english_workbook_use_english_words(tmp_path):
    sheets = {
        "Info": [["Year", 2025]],
        "Units": [["Unit code", "Unit name", "Peer group"], ["XA", "Xã A", "Xã"]],
        "Indicators": [["Indicator code", "Indicator name", "Weight"], ["I1", "Kết nạp", 0]],
        "Targets": [["Unit code", "Indicator code", "Target"], ["XA", "I1", 1]],
    }
    p = only(write(tmp_path, sheets), "DG105")
    assert p.message("en") == '"Weight" must be a number > 0, found "0"'


# ----------------------------------------------------------------------------- round trip


def test_round_trip_of_the_small_plan(tmp_path, plan):
    for lang in ("vi", "en"):
        for layout in ("long", "matrix"):
            path = tmp_path / f"{lang}-{layout}.xlsx"
            write_plan(path, plan, lang, layout)
            back, warnings = read_plan(path)
            assert same(back, small_plan()), (lang, layout)
            assert warnings == []


def test_written_plan_cells(tmp_path, plan):
    from openpyxl import load_workbook

    path = tmp_path / "plan.xlsx"
    write_plan(path, plan.model_copy(update={"title": "=SUM(A1)", "deadline": date(2026, 1, 15)}))
    wb = load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn", INFO, UNITS, INDS, TGTS, GRADES]
    info = wb[INFO]
    assert info["B2"].value == "=SUM(A1)" and info["B2"].data_type == "s"
    assert info["B5"].number_format == "dd/mm/yyyy"
    assert (info["B7"].value, info["B7"].number_format) == (0.2, "0%")
    ind = wb[INDS]
    assert [c.value for c in ind[2]] == ["I1", "Xây dựng Đảng", "Kết nạp đảng viên", "người",
                                         "Tăng", 2, 1.2, "Có", None]
    assert ind["G2"].number_format == "0%" and ind.freeze_panes == "A2"
    assert ind["E5"].value == "Đạt" and ind["H5"].value == "Không"
    assert [c.value for c in wb[TGTS][2]] == ["XA", "I1", 100, None]
    assert wb[TGTS]["C5"].value == "Đạt"


def test_matrix_refuses_notes(tmp_path, plan):
    noted = plan.model_copy(update={"targets": (Target(unit="XA", indicator="I1", value=D(1),
                                                       note="ghi chú"),)})
    with pytest.raises(ValueError):
        write_plan(tmp_path / "m.xlsx", noted, layout="matrix")


_VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_TEXT = st.one_of(
    st.text(alphabet=_VI + _VI.upper() + "0123456789 -.,()%/", min_size=1, max_size=12),
    st.sampled_from(["=SUM(A1)", "=1+1", "2.100", "Hà Nội", "Đạt", "0012", "+84"]),
).map(str.strip).filter(bool)
_DEC = {
    "weight": st.decimals("0.01", "100", places=2),
    "cap": st.decimals("1", "3", places=2),
    "target": st.decimals("0.001", "1000000", places=3),
    "share": st.decimals("0", "1", places=2),
}


@st.composite
def plans(draw) -> Plan:
    def dec(kind):
        return canonical(draw(_DEC[kind]))

    ucodes = draw(st.lists(st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True), min_size=1,
                           max_size=4, unique_by=str.casefold))  # "I" and "i" are one code
    icodes = draw(st.lists(_TEXT, min_size=1, max_size=4, unique=True))
    units = tuple(Unit(code=c, name=draw(_TEXT), group=draw(st.sampled_from(["Xã", "Sở", "Huyện"])),
                       heads=tuple(draw(st.lists(_TEXT, max_size=2)))) for c in ucodes)
    indicators = []
    for c in icodes:
        direction = draw(st.sampled_from(list(Direction)))
        indicators.append(Indicator(
            code=c, name=draw(_TEXT), task_group=draw(st.just("") | _TEXT),
            measure=draw(st.just("") | _TEXT), direction=direction, weight=dec("weight"),
            cap=dec("cap"), additive=draw(st.booleans())))
    targets = []
    for u in ucodes:
        chosen = draw(st.lists(st.sampled_from(indicators), min_size=1, unique_by=lambda i: i.code))
        for ind in indicators:  # plan order: unit, then indicator
            if ind not in chosen:
                continue
            if ind.direction is Direction.BINARY:
                value = D(1)
            elif ind.direction is Direction.LOWER and draw(st.booleans()):
                value = D(0)
            else:
                value = dec("target")
            targets.append(Target(unit=u, indicator=ind.code, value=value,
                                  note=draw(st.just("") | _TEXT)))
    scores = sorted(draw(st.lists(st.integers(0, 100), min_size=3, max_size=3)), reverse=True)
    rules = tuple(GradeRule(grade=g, min_score=D(s), min_achieved_share=dec("share"),
                            min_exceeded_share=dec("share"))
                  for g, s in zip((Grade.HTXSNV, Grade.HTTNV, Grade.HTNV), scores, strict=True))
    return Plan(title=draw(st.just("") | _TEXT), year=draw(st.integers(2000, 2100)),
                issued_by=draw(st.just("") | _TEXT),
                deadline=draw(st.none() | st.dates(date(2000, 1, 1), date(2100, 12, 31))),
                max_points=canonical(draw(st.decimals("1", "1000", places=1))),
                excellent_quota=draw(st.none() | _DEC["share"].filter(bool).map(canonical)),
                units=units, indicators=tuple(indicators), targets=tuple(targets),
                grade_rules=rules)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(plan=plans(), lang=st.sampled_from(["vi", "en"]), layout=st.sampled_from(["long", "matrix"]))
def test_round_trip_property(tmp_path, plan, lang, layout):
    if layout == "matrix":
        plan = plan.model_copy(update={"targets": tuple(t.model_copy(update={"note": ""})
                                                        for t in plan.targets)})
    path = tmp_path / f"{lang}-{layout}.xlsx"
    write_plan(path, plan, lang, layout)
    back, _ = read_plan(path)
    assert back.model_dump() == plan.model_dump()
    assert back.fingerprint() == plan.fingerprint()


def test_numbers_have_one_spelling_in_the_model(plan):
    """4.0 and 4 are the same target: a plan fingerprints the same however a number was spelt."""
    respelt = plan.model_copy(update={"targets": tuple(
        Target(unit=t.unit, indicator=t.indicator, value=t.value.quantize(D("0.01")))
        for t in plan.targets)})
    assert Target(unit="XA", indicator="I1", value=D("4.00")).value.as_tuple().exponent == 0
    assert respelt.fingerprint() == plan.fingerprint()
