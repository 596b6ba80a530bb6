"""The plan workbook's Quy định 366 extensions (issue 10, part 1): general points G, the
general criteria, officials, due dates, critical indicators, late deductions, behind shares
and the quota settings; every problem with its sheet and cell; the round trip; the blank."""

from __future__ import annotations

import copy
from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_plan import _TEXT, plans

from dgsp.model import (
    Criterion,
    CriterionScoring,
    Direction,
    Official,
    Plan,
    Problem,
    QuotaBase,
    SeatRounding,
)
from dgsp.plan import parse_plan
from dgsp.plan.workbook import blank_criteria, read_plan, write_blank, write_plan
from dgsp.problems import PlanError, describe
from dgsp.text import canonical

INFO, UNITS, INDS, TGTS, GRADES = "Thông tin", "Đơn vị", "Chỉ tiêu", "Giao chỉ tiêu", "Xếp loại"
CRIT, OFFS = "Tiêu chí chung", "Cán bộ"

# ----------------------------------------------------------------------------- a 366 plan

BASE = {
    INFO: [["Năm", 2026],                              # row 1
           ["Điểm tối đa", 100],                       # row 2
           ["Điểm tiêu chí chung", 30],                # row 3
           ["Cơ sở tính tỷ lệ xuất sắc", "HTTNV"],     # row 4
           ["Làm tròn số suất", "Làm tròn"]],          # row 5
    UNITS: [["Mã đơn vị", "Tên đơn vị", "Nhóm so sánh"],
            ["XA", "Xã A", "Xã"],
            ["XB", "Xã B", "Xã"]],
    INDS: [["Mã chỉ tiêu", "Tên chỉ tiêu", "Chiều", "Chỉ tiêu cơ bản", "Trừ khi chậm"],
           ["I1", "Thu ngân sách", "Tăng", "Có", None],       # row 2
           ["I2", "Hoàn thành đề án", "Đạt", None, "25%"]],   # row 3
    TGTS: [["Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu giao", "Hạn hoàn thành"],
           ["XA", "I1", 100, None],                  # row 2
           ["XA", "I2", "Đạt", "30/06/2026"],        # row 3
           ["XB", "I1", 80, None],                   # row 4
           ["XB", "I2", "Đạt", date(2026, 9, 30)]],  # row 5
    GRADES: [["Mức", "Điểm tối thiểu", "Tỷ lệ chậm tối đa"],
             ["HTXSNV", 90, None],                   # row 2: the grade's default
             ["HTNV", 50, "10%"]],                   # row 3
    CRIT: [["Mã tiêu chí", "Nhóm", "Tên tiêu chí", "Điểm tối đa", "Cách chấm", "Áp dụng cho"],
           ["C1", "Chung", "Đoàn kết", 10, "Đạt/Không", "Cả hai"],   # row 2
           ["C2", "", "Kỷ luật", 20, None, "Tập thể"],               # row 3
           ["C3", "", "Năng lực", 12.5, "Thang điểm", "Cá nhân"],    # row 4
           ["C4", "", "Đổi mới", 7.5, None, "Cá nhân"]],             # row 5
    OFFS: [["Mã cán bộ", "Họ và tên", "Chức vụ", "Mã đơn vị", "Nhóm so sánh"],
           ["XA-BT", "Nguyễn Văn A", "Bí thư", "XA", "Bí thư xã"],   # row 2
           ["XA-CT", "Trần Thị B", None, "XA", None]],               # row 3
}


def sheets(**replace: list[list]) -> dict[str, list[list]]:
    out = copy.deepcopy(BASE)
    for name, rows in replace.items():
        if rows is None:
            out.pop(name)
        else:
            out[name] = copy.deepcopy(rows)
    return out


def without(*names: str) -> dict[str, list[list]]:
    return sheets(**dict.fromkeys(names))


def parse(tables: dict) -> Plan:
    return parse_plan(tables, "plan.xlsx")[0]


def problems(tables: dict) -> list[Problem]:
    with pytest.raises(PlanError) as err:
        parse_plan(tables, "plan.xlsx")
    return err.value.problems


def only(tables: dict, code: str) -> Problem:
    found = problems(tables)
    assert [p.code for p in found] == [code], [describe(p) for p in found]
    return found[0]


def where(p: Problem) -> tuple[str, str, str]:
    return p.code, p.sheet, p.cell


def test_every_extension_is_read():
    plan = parse(sheets())
    assert plan.general_points == 30 and plan.task_points == 70
    assert (plan.quota_base, plan.seat_rounding) == (QuotaBase.GOOD, SeatRounding.HALF_UP)
    assert [(i.code, i.critical, i.late_deduction) for i in plan.indicators] == [
        ("I1", True, 0), ("I2", False, D("0.25"))]
    assert [(t.unit, t.indicator, t.due) for t in plan.targets] == [
        ("XA", "I1", None), ("XA", "I2", date(2026, 6, 30)),
        ("XB", "I1", None), ("XB", "I2", date(2026, 9, 30))]
    assert [(r.grade.value, r.max_behind_share, r.behind_limit) for r in plan.grade_rules] == [
        ("HTXSNV", None, 0), ("HTTNV", None, 0), ("HTNV", D("0.1"), D("0.1"))]
    assert plan.criteria == (
        Criterion(code="C1", group="Chung", name="Đoàn kết", max_points=D(10),
                  scoring=CriterionScoring.BINARY),
        Criterion(code="C2", name="Kỷ luật", max_points=D(20), individual=False),
        Criterion(code="C3", name="Năng lực", max_points=D("12.5"), collective=False),
        Criterion(code="C4", name="Đổi mới", max_points=D("7.5"), collective=False))
    assert plan.officials == (
        Official(code="XA-BT", name="Nguyễn Văn A", position="Bí thư", unit="XA",
                 group="Bí thư xã"),
        Official(code="XA-CT", name="Trần Thị B", unit="XA", group="Xã"))  # the unit's group


def test_a_plan_without_the_extensions_keeps_their_defaults():
    tables = without(CRIT, OFFS, GRADES)
    tables[INFO] = [["Năm", 2026]]
    tables[INDS] = [row[:3] for row in BASE[INDS]]
    tables[TGTS] = [row[:3] for row in BASE[TGTS]]
    plan = parse(tables)
    assert (plan.general_points, plan.criteria, plan.officials) == (0, (), ())
    assert (plan.quota_base, plan.seat_rounding) == (QuotaBase.GOOD_OR_BETTER, SeatRounding.FLOOR)
    assert not any(i.critical or i.late_deduction for i in plan.indicators)
    assert all(t.due is None for t in plan.targets)
    assert all(r.max_behind_share is None for r in plan.grade_rules)


@pytest.mark.parametrize("year, fingerprint", [(2021, "3bf62e556132c714"),
                                               (2022, "c6a2f95001d752d3")])
def test_bundled_examples_stay_at_zero_with_their_fingerprints(year, fingerprint):
    from dgsp.example import example_plan

    plan = example_plan(year)
    assert plan.fingerprint() == fingerprint
    assert (plan.general_points, plan.criteria, plan.officials) == (0, (), ())


@pytest.mark.parametrize("key, value, field, expected", [
    ("Cơ sở tính tỷ lệ xuất sắc", "HTTNV trở lên", "quota_base", QuotaBase.GOOD_OR_BETTER),
    ("Co so tinh ty le xuat sac", "httnv tro len", "quota_base", QuotaBase.GOOD_OR_BETTER),
    ("Quota base", "HTTNV or better", "quota_base", QuotaBase.GOOD_OR_BETTER),
    ("Quota base", " httnv ", "quota_base", QuotaBase.GOOD),
    ("Làm tròn số suất", "Làm tròn xuống", "seat_rounding", SeatRounding.FLOOR),
    ("Seat rounding", "round down", "seat_rounding", SeatRounding.FLOOR),
    ("LAM TRON SO SUAT", "LÀM TRÒN", "seat_rounding", SeatRounding.HALF_UP),
    ("Seat rounding", "Round half up", "seat_rounding", SeatRounding.HALF_UP),
    ("Điểm tiêu chí chung", "30", "general_points", D(30)),
    ("General points", 30.0, "general_points", D(30)),
])
def test_info_words_in_either_language(key, value, field, expected):
    tables = sheets()
    tables[INFO] = [["Năm", 2026], ["Điểm tiêu chí chung", 30], [key, value]]
    assert getattr(parse(tables), field) == expected


@pytest.mark.parametrize("cell, collective, individual", [
    ("Tập thể", True, False), ("tap the", True, False), ("Collective", True, False),
    ("Cá nhân", False, True), ("INDIVIDUAL", False, True),
    ("Cả hai", True, True), ("Both", True, True), (None, True, True),
    ("Tập thể; Cá nhân", True, True), ("Cá nhân, Tập thể", True, True),
    ("Tập thể và cá nhân", True, True), ("Collective and individual", True, True),
    ("Tập thể\nCá nhân", True, True), ("Tập thể; Tập thể", True, False),
])
def test_applies_to_spellings(cell, collective, individual):
    tables = without(OFFS)
    tables[INFO][2][1] = 10
    tables[CRIT] = [BASE[CRIT][0], ["C1", None, "Đoàn kết", 10, None, cell]]
    if not collective:  # the collective set must still add up to G
        tables[CRIT].append(["C2", None, "Kỷ luật", 10, None, "Tập thể"])
    c = parse(tables).criteria[0]
    assert (c.collective, c.individual) == (collective, individual)


@pytest.mark.parametrize("cell, scoring", [
    ("Đạt/Không", CriterionScoring.BINARY), ("dat / khong", CriterionScoring.BINARY),
    ("Pass/Fail", CriterionScoring.BINARY), ("Thang điểm", CriterionScoring.SCALE),
    ("scale", CriterionScoring.SCALE), (None, CriterionScoring.SCALE),
])
def test_scoring_spellings(cell, scoring):
    tables = sheets()
    tables[CRIT][1][4] = cell
    assert parse(tables).criteria[0].scoring is scoring


@pytest.mark.parametrize("cell, due", [
    ("30/06/2026", date(2026, 6, 30)), ("1/7/2026", date(2026, 7, 1)),
    ("01-07-2026", date(2026, 7, 1)), ("01.07.2026", date(2026, 7, 1)),
    ("2026-07-01", date(2026, 7, 1)), (date(2026, 7, 1), date(2026, 7, 1)),
    (datetime(2026, 7, 1, 0, 0), date(2026, 7, 1)), (" 30/06/2026 ", date(2026, 6, 30)),
])
def test_due_date_spellings(cell, due):
    tables = sheets()
    tables[TGTS][2][3] = cell
    assert parse(tables).targets[1].due == due


def test_a_plan_without_officials_needs_only_the_collective_set():
    tables = without(OFFS)
    tables[CRIT] = [BASE[CRIT][0], ["C1", None, "Đoàn kết", 30, None, "Tập thể"],
                    ["C9", None, "Năng lực", 2.5, None, "Cá nhân"]]  # 2.5 ≠ 30: not checked
    plan = parse(tables)
    assert plan.officials == () and [c.code for c in plan.criteria] == ["C1", "C9"]


def test_an_empty_officials_sheet_is_no_officials():
    tables = sheets(**{OFFS: BASE[OFFS][:1]})
    tables[CRIT][3][3] = 2.5  # the individual set no longer adds up: it is not checked
    assert parse(tables).officials == ()


def test_criteria_with_g_zero_when_none_applies_to_collectives():
    tables = without(OFFS)
    tables[INFO][2][1] = 0
    tables[CRIT] = [BASE[CRIT][0], ["C3", None, "Năng lực", 2.5, None, "Cá nhân"]]
    assert parse(tables).general_points == 0


def test_english_sheets_and_headers():
    tables = {
        "Info": [["Year", 2026], ["General points", 10], ["Quota base", "HTTNV"],
                 ["Seat rounding", "Round half up"]],
        "Units": [["Unit code", "Unit name", "Peer group"], ["XA", "Xã A", "Xã"]],
        "Indicators": [["Indicator code", "Indicator name", "Direction", "Critical",
                        "Late deduction"], ["I2", "Đề án", "binary", "Yes", 0.25]],
        "Targets": [["Unit code", "Indicator code", "Target", "Due date"],
                    ["XA", "I2", "Done", "31/12/2026"]],
        "Grades": [["Grade", "Max behind share"], ["HTNV", "15%"]],
        "General criteria": [["Criterion code", "Criterion name", "Max points", "Scoring",
                              "Applies to"], ["C1", "Unity", 10, "Pass/Fail", "Both"]],
        "Officials": [["Official code", "Full name", "Position", "Unit code"],
                      ["XA-BT", "Nguyễn Văn A", "Secretary", "XA"]],
    }
    plan = parse(tables)
    assert plan.general_points == 10 and plan.quota_base is QuotaBase.GOOD
    assert plan.indicators[0].critical and plan.indicators[0].late_deduction == D("0.25")
    assert plan.targets[0].due == date(2026, 12, 31)
    assert plan.grade_rules[2].max_behind_share == D("0.15")
    assert plan.criteria[0].scoring is CriterionScoring.BINARY
    assert plan.officials[0].group == "Xã"


# ----------------------------------------------------------------------------- new problems


def test_DG125_duplicate_criterion_code():
    tables = sheets()
    tables[CRIT][4][0] = "C2"
    p = only(tables, "DG125")
    assert where(p) == ("DG125", CRIT, "A5") and p.params == {"code": "C2", "first_row": 3}


def test_DG126_collective_criteria_do_not_add_up_to_g():
    tables = sheets()
    tables[CRIT][2][3] = 15  # collectives: 10 + 15 = 25; individuals: 10 + 12.5 + 7.5 = 30
    p = only(tables, "DG126")
    assert where(p) == ("DG126", CRIT, "D1")
    assert (p.params["sum"], p.params["general"]) == (25, 30)
    assert p.message("vi") == ('tổng điểm tối đa của các tiêu chí áp dụng cho "Tập thể" là 25, '
                               'phải bằng Điểm tiêu chí chung (30)')
    assert '"Collective" add up to 25' in p.message("en")


def test_DG126_individual_criteria_do_not_add_up_when_there_are_officials():
    tables = sheets()
    tables[CRIT][4][3] = 5.25  # individuals: 10 + 12.5 + 5.25 = 27.75
    p = only(tables, "DG126")
    assert where(p) == ("DG126", CRIT, "D1") and p.params["sum"] == D("27.75")
    assert p.message("vi").startswith('tổng điểm tối đa của các tiêu chí áp dụng cho "Cá nhân"')


def test_DG126_both_kinds_are_listed_and_g_zero_with_criteria_is_an_error():
    tables = sheets()
    tables[INFO][2][1] = 0
    found = problems(tables)
    assert [where(p) for p in found] == [("DG126", CRIT, "D1")] * 2
    assert [(p.params["sum"], p.params["general"]) for p in found] == [(30, 0), (30, 0)]


def test_DG127_general_points_without_criteria():
    p = only(without(CRIT), "DG127")
    assert where(p) == ("DG127", INFO, "B3") and p.params == {"general": 30}
    tables = sheets(**{CRIT: BASE[CRIT][:1]})  # a header and no rows: no criteria either
    assert where(only(tables, "DG127")) == ("DG127", INFO, "B3")


def test_DG128_official_code_not_valid():
    tables = sheets()
    tables[OFFS][2][0] = "XA CT"
    p = only(tables, "DG128")
    assert where(p) == ("DG128", OFFS, "A3") and p.params == {"code": "XA CT"}


def test_DG129_official_code_twice_ignoring_case():
    tables = sheets()
    tables[OFFS][2][0] = "xa-bt"
    p = only(tables, "DG129")
    assert where(p) == ("DG129", OFFS, "A3") and p.params == {"code": "xa-bt", "first_row": 2}


def test_DG130_official_code_is_a_unit_code():
    tables = sheets()
    tables[OFFS][2][0] = "xb"
    p = only(tables, "DG130")
    assert where(p) == ("DG130", OFFS, "A3") and p.params == {"code": "xb", "unit": "XB"}


def test_DG131_due_date_on_an_indicator_that_is_not_binary():
    tables = sheets()
    tables[TGTS][3][3] = "31/12/2026"
    p = only(tables, "DG131")
    assert where(p) == ("DG131", TGTS, "D4") and p.params == {"indicator": "I1"}
    assert (p.unit, p.indicator) == ("XB", "I1")


def test_DG132_due_dates_in_the_matrix_layout():
    tables = sheets()
    tables[TGTS] = [["Mã chỉ tiêu", "XA", "XB", "Hạn hoàn thành"],
                    ["I1", 100, 80, None], ["I2", "Đạt", "Đạt", "30/06/2026"]]
    assert where(only(tables, "DG132")) == ("DG132", TGTS, "D1")


# ----------------------------------------------------------------------------- reused codes


@pytest.mark.parametrize("sheet, row, col, value, cell, field", [
    (INFO, 2, 1, "ba mươi", "B3", "Điểm tiêu chí chung"),
    (INFO, 2, 1, 100, "B3", "Điểm tiêu chí chung"),  # G must be below Điểm tối đa
    (INFO, 2, 1, -5, "B3", "Điểm tiêu chí chung"),
    (INFO, 3, 1, "HTXSNV", "B4", "Cơ sở tính tỷ lệ xuất sắc"),
    (INFO, 4, 1, "Làm tròn lên", "B5", "Làm tròn số suất"),
    (CRIT, 2, 3, 0, "D3", "Điểm tối đa"),
    (CRIT, 2, 3, "hai mươi", "D3", "Điểm tối đa"),
    (CRIT, 3, 3, 12.4, "D4", "Điểm tối đa"),  # not a multiple of 0.25
    (CRIT, 1, 4, "Có/Không", "E2", "Cách chấm"),
    (CRIT, 1, 5, "Đơn vị", "F2", "Áp dụng cho"),
    (CRIT, 1, 5, "Tập thể; Xã", "F2", "Áp dụng cho"),
    (TGTS, 2, 3, "31/02/2026", "D3", "Hạn hoàn thành"),
    (TGTS, 2, 3, "30/06/26", "D3", "Hạn hoàn thành"),
    (TGTS, 2, 3, 46203, "D3", "Hạn hoàn thành"),  # a serial number is not a date cell
    (TGTS, 2, 3, "tháng 6", "D3", "Hạn hoàn thành"),
])
def test_DG105_bad_values(sheet, row, col, value, cell, field):
    tables = sheets()
    tables[sheet][row][col] = value
    found = [p for p in problems(tables) if p.code != "DG126"]  # a bad max is not summed
    assert [where(p) for p in found] == [("DG105", sheet, cell)], [describe(p) for p in found]
    assert found[0].params["field"] == field


def test_DG105_max_points_of_g_follow_the_plan():
    tables = sheets()
    tables[INFO][1][1] = 30  # Điểm tối đa 30: G = 30 is not below it
    assert where(only(tables, "DG105")) == ("DG105", INFO, "B3")


@pytest.mark.parametrize("sheet, row, col, value, cell", [
    (INDS, 2, 4, "150%", "E3"), (INDS, 2, 4, -0.1, "E3"), (GRADES, 2, 2, 1.2, "C3"),
])
def test_DG110_shares_out_of_range(sheet, row, col, value, cell):
    tables = sheets()
    tables[sheet][row][col] = value
    assert where(only(tables, "DG110")) == ("DG110", sheet, cell)


def test_DG118_critical_not_yes_no():
    tables = sheets()
    tables[INDS][1][3] = "Tuỳ"
    p = only(tables, "DG118")
    assert where(p) == ("DG118", INDS, "D2") and p.params["field"] == "Chỉ tiêu cơ bản"


@pytest.mark.parametrize("sheet, row, col, cell, field", [
    (CRIT, 2, 0, "A3", "Mã tiêu chí"), (CRIT, 2, 2, "C3", "Tên tiêu chí"),
    (CRIT, 2, 3, "D3", "Điểm tối đa"), (OFFS, 2, 0, "A3", "Mã cán bộ"),
    (OFFS, 2, 1, "B3", "Họ và tên"), (OFFS, 2, 3, "D3", "Mã đơn vị"),
    (TGTS, 3, 2, "C4", "Chỉ tiêu giao"),  # a due date with no target
])
def test_DG104_required_cells(sheet, row, col, cell, field):
    tables = sheets()
    tables[sheet][row][col] = None
    if (sheet, row) == (TGTS, 3):
        tables[TGTS][3][3] = "30/06/2026"
    found = [p for p in problems(tables) if p.code not in ("DG126", "DG116")]
    assert [where(p) for p in found] == [("DG104", sheet, cell)], [describe(p) for p in found]
    assert found[0].params["field"] == field


def test_DG111_official_of_an_unknown_unit():
    tables = sheets()
    tables[OFFS][1][3] = "XZ"
    p = only(tables, "DG111")
    assert where(p) == ("DG111", OFFS, "D2") and p.params == {"code": "XZ"}


@pytest.mark.parametrize("sheet, column", [(CRIT, "Điểm tối đa"), (OFFS, "Mã đơn vị")])
def test_DG103_missing_column_of_a_new_sheet(sheet, column):
    tables = sheets()
    drop = BASE[sheet][0].index(column)
    tables[sheet] = [row[:drop] + row[drop + 1:] for row in BASE[sheet]]
    found = [p for p in problems(tables) if p.code == "DG103"]
    assert [(p.sheet, p.cell, p.params["column"]) for p in found] == [(sheet, "A1", column)]


def test_every_new_problem_is_listed_at_once():
    tables = sheets()
    tables[CRIT][4][0] = "C2"                      # DG125
    tables[OFFS][2][0] = "xa"                      # DG130
    tables[TGTS][1][3] = "01/01/2026"              # DG131
    tables[TGTS][4][3] = "31/13/2026"              # DG105
    found = problems(tables)
    assert [where(p) for p in found] == [
        ("DG131", TGTS, "D2"), ("DG105", TGTS, "D5"), ("DG125", CRIT, "A5"),
        ("DG130", OFFS, "A3")]


# ----------------------------------------------------------------------------- properties

_POINTS = st.integers(1, 60).map(lambda n: canonical(D(n) / 4))


@settings(max_examples=60, deadline=None)
@given(points=st.lists(st.tuples(_POINTS, st.sampled_from(["Tập thể", "Cá nhân", "Cả hai"])),
                       max_size=6),
       general=st.integers(0, 120).map(lambda n: canonical(D(n) / 4)),
       officials=st.booleans())
def test_property_criteria_add_up_to_g(points, general, officials):
    """The plan reads iff the collective set (and, with officials, the individual set) adds
    up to G, and G > 0 has criteria; otherwise DG126 (DG127) says which sum is wrong."""
    tables = sheets() if officials else without(OFFS)
    tables[INFO][2][1] = general
    tables[CRIT] = [BASE[CRIT][0]] + [[f"C{n}", None, f"Tiêu chí {n}", p, None, who]
                                      for n, (p, who) in enumerate(points)]
    collective = sum((p for p, who in points if who != "Cá nhân"), D(0))
    individual = sum((p for p, who in points if who != "Tập thể"), D(0))
    expected = []
    if not points:
        expected = [("DG127", general)] if general else []
    else:
        if collective != general:
            expected.append(("DG126", collective))
        if officials and individual != general:
            expected.append(("DG126", individual))
    if expected:
        found = problems(tables)
        assert [(p.code, p.params.get("sum", p.params["general"])) for p in found] == expected
    else:
        plan = parse(tables)
        assert sum((c.max_points for c in plan.criteria_for(False)), D(0)) == general
        assert len(plan.criteria) == len(points)


_SEPARATORS = st.sampled_from(["/", "-", "."])


@st.composite
def due_cells(draw) -> tuple[object, date | None]:
    """A due-date cell and the date it means (None: not a date, so an error)."""
    kind = draw(st.sampled_from(["dmy", "iso", "date", "text", "number"]))
    if kind in ("dmy", "iso"):
        day, month = draw(st.integers(0, 32)), draw(st.integers(0, 13))
        year = draw(st.integers(1990, 2100))
        sep = draw(_SEPARATORS) if kind == "dmy" else "-"
        text = f"{day}{sep}{month}{sep}{year}" if kind == "dmy" else f"{year}-{month}-{day}"
        try:
            meant = date(year, month, day)
        except ValueError:
            meant = None
        return text, meant
    if kind == "date":
        d = draw(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
        return d, d
    if kind == "number":
        return draw(st.integers(1, 80000) | st.floats(1, 80000)), None
    text = st.text(min_size=1, max_size=12).filter(
        lambda s: s.strip() and not any(ch.isdigit() for ch in s))  # digit-free: never a date
    return draw(text | st.sampled_from(["30/06", "2026", "30/06/26", "30//06/2026",
                                        "30/06/2026 08:00", "ngày 30/06/2026"])), None


@settings(max_examples=120, deadline=None)
@given(cell=due_cells())
def test_property_due_dates_are_strict(cell):
    """A due date is a date cell or a real day as dd/mm/yyyy (or yyyy-mm-dd); anything else
    is a DG105 on its cell, never a guess."""
    value, meant = cell
    tables = sheets()
    tables[TGTS][2][3] = value
    if meant is None:
        try:
            plan = parse(tables)
        except PlanError as err:
            assert [where(p) for p in err.problems] == [("DG105", TGTS, "D3")]
        else:
            pytest.fail(f"{value!r} read as {plan.targets[1].due}")
    else:
        assert parse(tables).targets[1].due == meant


@st.composite
def plans_366(draw) -> Plan:
    """test_plan's plans, with every Quy định 366 extension drawn on top."""
    plan = draw(plans())
    share = st.decimals("0", "1", places=2).map(canonical)
    indicators = tuple(i.model_copy(update={
        "critical": draw(st.booleans()),
        "late_deduction": draw(st.just(D(0)) | share)}) for i in plan.indicators)
    binary = {i.code for i in indicators if i.direction is Direction.BINARY}
    targets = tuple(t.model_copy(update={"due": draw(st.none() | st.dates(
        date(2000, 1, 1), date(2100, 12, 31)))}) if t.indicator in binary else t
        for t in plan.targets)
    rules = tuple(r.model_copy(update={"max_behind_share": draw(st.none() | share)})
                  for r in plan.grade_rules)
    units = {u.code.casefold() for u in plan.units}
    codes = draw(st.lists(st.from_regex(r"[A-Za-z0-9_-]{1,10}", fullmatch=True)
                          .filter(lambda c: c.casefold() not in units),
                          max_size=3, unique_by=str.casefold))
    officials = tuple(Official(
        code=c, name=draw(_TEXT), position=draw(st.just("") | _TEXT),
        unit=(u := draw(st.sampled_from(plan.units))).code,
        group=draw(st.just(u.group) | st.sampled_from(["Bí thư", "Chủ tịch"])))
        for c in codes)
    both = draw(st.lists(_POINTS, max_size=3))
    collective = draw(st.lists(_POINTS, max_size=3))
    individual = draw(st.lists(_POINTS, max_size=3))
    if officials:  # the individual set must add up to G too: balance the smaller side
        gap = sum(collective, D(0)) - sum(individual, D(0))
        (individual if gap > 0 else collective).extend([abs(gap)] if gap else [])
    kinds = ([(p, True, True) for p in both] + [(p, True, False) for p in collective]
             + [(p, False, True) for p in individual])
    kinds = draw(st.permutations(kinds)) if kinds else []
    names = draw(st.lists(_TEXT, min_size=len(kinds), max_size=len(kinds), unique=True))
    criteria = tuple(Criterion(code=code, group=draw(st.just("") | _TEXT), name=draw(_TEXT),
                               max_points=canonical(p), scoring=draw(st.sampled_from(
                                   list(CriterionScoring))), collective=c, individual=i)
                     for code, (p, c, i) in zip(names, kinds, strict=True))
    general = canonical(sum((p for p, c, _ in kinds if c), D(0)))
    max_points = plan.max_points if plan.max_points > general else canonical(general + 1)
    return plan.model_copy(update={
        "indicators": indicators, "targets": targets, "grade_rules": rules,
        "officials": officials, "criteria": criteria, "general_points": general,
        "max_points": max_points,
        "quota_base": draw(st.sampled_from(list(QuotaBase))),
        "seat_rounding": draw(st.sampled_from(list(SeatRounding)))})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(plan=plans_366(), lang=st.sampled_from(["vi", "en"]),
       layout=st.sampled_from(["long", "matrix"]))
def test_property_round_trip_of_the_extensions(tmp_path, plan, lang, layout):
    if layout == "matrix":  # the matrix holds neither notes nor due dates
        plan = plan.model_copy(update={"targets": tuple(
            t.model_copy(update={"note": "", "due": None}) for t in plan.targets)})
    path = tmp_path / f"{lang}-{layout}.xlsx"
    write_plan(path, plan, lang, layout)
    back, _ = read_plan(path)
    assert back.model_dump() == plan.model_dump()
    assert back.fingerprint() == plan.fingerprint()


# ----------------------------------------------------------------------------- writing


def test_written_cells_of_the_extensions(tmp_path):
    from openpyxl import load_workbook

    plan = parse(sheets())
    path = tmp_path / "plan.xlsx"
    write_plan(path, plan)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn", INFO, UNITS, INDS, TGTS, GRADES, CRIT, OFFS]
    info = wb[INFO]
    assert [(info.cell(r, 1).value, info.cell(r, 2).value) for r in range(8, 11)] == [
        ("Điểm tiêu chí chung", 30), ("Cơ sở tính tỷ lệ xuất sắc", "HTTNV"),
        ("Làm tròn số lượng xuất sắc", "Làm tròn")]
    assert [c.value for c in wb[INDS][1]][9:] == ["Chỉ tiêu cơ bản", "Trừ khi chậm"]
    assert [c.value for c in wb[INDS][3]][9:] == ["Không", 0.25]
    assert [c.value for c in wb[TGTS][3]] == ["XA", "I2", "Đạt", None, datetime(2026, 6, 30)]
    assert wb[TGTS]["E3"].number_format == "dd/mm/yyyy"
    assert [c.value for c in wb[GRADES][4]][:6] == ["HTNV", 50, 0.8, 0, 0.1,
                                                   "Hoàn thành nhiệm vụ"]
    assert [c.value for c in wb[CRIT][2]] == ["C1", "Chung", "Đoàn kết", 10, "Đạt/Không",
                                              "Cả hai"]
    assert [c.value for c in wb[OFFS][3]] == ["XA-CT", "Trần Thị B", None, "XA", "Xã"]


def test_a_plan_without_extensions_writes_the_workbook_it_always_did(tmp_path, plan):
    from openpyxl import load_workbook

    write_plan(tmp_path / "old.xlsx", plan)
    wb = load_workbook(tmp_path / "old.xlsx")
    assert wb.sheetnames == ["Hướng dẫn", INFO, UNITS, INDS, TGTS, GRADES]
    assert wb[INFO].max_row == 7 and wb[INDS].max_column == 9 and wb[TGTS].max_column == 4
    guide = " ".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "Tiêu chí chung" not in guide and "Hạn hoàn thành" not in guide


def test_matrix_refuses_due_dates(tmp_path):
    with pytest.raises(ValueError, match="due dates"):
        write_plan(tmp_path / "m.xlsx", parse(sheets()), layout="matrix")


def test_a_criterion_for_no_one_cannot_be_written(tmp_path):
    plan = parse(sheets())
    nobody = plan.model_copy(update={"criteria": plan.criteria[:1] + (
        plan.criteria[1].model_copy(update={"collective": False, "individual": False}),)})
    with pytest.raises(ValueError, match="apply to"):
        write_plan(tmp_path / "n.xlsx", nobody)


# ----------------------------------------------------------------------------- the blank


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_blank_criteria_are_two_sets_of_thirty(lang):
    criteria = blank_criteria(lang)
    individual = [c.max_points for c in criteria if c.individual]
    collective = [c.max_points for c in criteria if c.collective]
    assert individual == [5, 5] + [D("2.5")] * 8  # NĐ 335 Mẫu 01: 5 + 5; 4 × 2,5; 4 × 2,5
    assert sum(individual) == sum(collective) == 30 and len(collective) == 3
    assert not any(c.collective and c.individual for c in criteria)
    assert len({c.code for c in criteria}) == len(criteria)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_blank_filled_in_reads_with_g_thirty_and_its_criteria(tmp_path, lang):
    from openpyxl import load_workbook

    path = tmp_path / "ke-hoach.xlsx"
    write_blank(path, lang)
    wb = load_workbook(path)
    info, units, inds, targets = (wb.worksheets[i] for i in range(1, 5))
    info["B3"] = 2026
    units.append(["XA", "Xã A", "Xã"])
    inds.append(["CT01", None, "Hoàn thành đề án", None, "Đạt", None, None, None, None, "Có",
                 "25%"])
    targets.append(["XA", "CT01", "Đạt", None, "30/06/2026"])
    wb.save(path)
    plan, warnings = read_plan(path)
    assert warnings == []
    assert (plan.max_points, plan.general_points, plan.task_points) == (100, 30, 70)
    assert (plan.quota_base, plan.seat_rounding) == (QuotaBase.GOOD_OR_BETTER, SeatRounding.FLOOR)
    assert plan.criteria == blank_criteria(lang) and plan.officials == ()
    assert plan.indicators[0].critical and plan.indicators[0].late_deduction == D("0.25")
    assert plan.targets[0].due == date(2026, 6, 30)
    assert all(r.max_behind_share is None for r in plan.grade_rules)

    wb = load_workbook(path)  # an official, and the individual set must now add up too
    wb.worksheets[7].append(["XA-BT", "Nguyễn Văn A", "Bí thư", "XA"])
    wb.worksheets[6]["D2"] = 4
    wb.save(path)
    with pytest.raises(PlanError) as err:
        read_plan(path)
    assert [(p.code, p.sheet, p.cell, p.params["sum"]) for p in err.value.problems] == [
        ("DG126", wb.worksheets[6].title, "D1", 29)]


@pytest.mark.parametrize("lang, words", [
    ("vi", ("Tỉnh tự quy định", "không có trang Cán bộ chỉ cần bộ tiêu chí cho tập thể",
            "Mẫu 01", "Hạn hoàn thành", "Tỷ lệ chậm tối đa", "Chỉ tiêu cơ bản")),
    ("en", ("The province sets its own", "without an Officials sheet needs only the collective",
            "Form 01", "Due date", "Max behind share", "Critical")),
])
def test_blank_guide_explains_the_extensions(lang, words):
    from openpyxl import load_workbook

    wb = load_workbook(Path(__file__).resolve().parents[1] / "templates" / "xlsx"
                       / f"plan-blank.{lang}.xlsx")
    guide = " ".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)
    for w in words:
        assert w in guide, w
    officials = wb.worksheets[7]
    assert officials.max_row == 1 and {str(dv.sqref) for dv in
                                       officials.data_validations.dataValidation} == {"D2:D5000"}


def test_blank_committed_carries_its_criteria():
    """The committed blank carries the sets blank_criteria() describes (make_blank.py)."""
    from openpyxl import load_workbook

    wb = load_workbook(Path(__file__).resolve().parents[1] / "templates" / "xlsx"
                       / "plan-blank.vi.xlsx")
    rows = [[c.value for c in row] for row in wb["Tiêu chí chung"].iter_rows(min_row=2)]
    assert [(r[0], r[3], r[5]) for r in rows] == [
        (c.code, float(c.max_points) if c.max_points % 1 else int(c.max_points),
         "Cá nhân" if c.individual else "Tập thể") for c in blank_criteria("vi")]
