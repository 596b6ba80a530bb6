"""A quarter's annual targets (issue 11, step 1, `Chỉ tiêu năm`): the column of the long
`Giao chỉ tiêu`, the `Chỉ tiêu năm` sheet shaped like the matrix, every rule with its sheet and
cell (DG133–DG137 and the reused target codes), the writer, and the round trip."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest
from conftest import small_plan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_plan_366 import plans_366

from dgsp.model import Direction, Period, Plan, Problem, Target
from dgsp.plan import parse_plan
from dgsp.plan.workbook import read_plan, write_plan
from dgsp.problems import PlanError, describe
from dgsp.text import canonical

INFO, UNITS, INDS, TGTS, ANNUAL = "Thông tin", "Đơn vị", "Chỉ tiêu", "Giao chỉ tiêu", "Chỉ tiêu năm"

# ----------------------------------------------------------------------------- a Q2 plan

BASE = {
    INFO: [["Năm", 2026],
           ["Kỳ đánh giá", "Quý II"]],                                # row 2
    UNITS: [["Mã đơn vị", "Tên đơn vị", "Nhóm so sánh"],
            ["XA", "Xã A", "Xã"],
            ["XB", "Xã B", "Xã"]],
    INDS: [["Mã chỉ tiêu", "Tên chỉ tiêu", "Chiều", "Cộng dồn"],
           ["I1", "Kết nạp đảng viên", "Tăng", None],                 # additive
           ["I2", "Tỷ lệ hộ nghèo", "Giảm", "Không"],                 # a rate: falls in the year
           ["I3", "Hoàn thành đề án", "Đạt", None],
           ["I4", "Tai nạn giao thông", "Giảm", "Có"]],               # an allowance that adds up
    TGTS: [["Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu giao", "Chỉ tiêu năm"],
           ["XA", "I1", 50, 200],                                     # row 2
           ["XA", "I2", 5, 4],                                        # row 3: below, not checked
           ["XA", "I3", "Đạt", "Đạt"],                                # row 4
           ["XA", "I4", 3, 12],                                       # row 5
           ["XB", "I1", 30, None],                                    # row 6: no annual target
           ["XB", "I3", "Đạt", "Đạt"]],                               # row 7
}

MATRIX = [["Mã chỉ tiêu", "Tên chỉ tiêu", "XA", "XB"],
          ["I1", "Kết nạp đảng viên", 50, 30],
          ["I2", "Tỷ lệ hộ nghèo", 5, None],
          ["I3", "Hoàn thành đề án", "Đạt", "Đạt"],
          ["I4", "Tai nạn giao thông", 3, None]]

ANNUAL_MATRIX = [["Mã chỉ tiêu", "Tên chỉ tiêu", "XA", "XB"],         # the matrix, copied
                 ["I1", "Kết nạp đảng viên", 200, None],              # row 2
                 ["I2", "Tỷ lệ hộ nghèo", 4, None],                   # row 3
                 ["I3", "Hoàn thành đề án", "Đạt", "Đạt"],            # row 4
                 ["I4", "Tai nạn giao thông", 12, None]]              # row 5

ANNUALS = {("XA", "I1"): D(200), ("XA", "I2"): D(4), ("XA", "I3"): D(1), ("XA", "I4"): D(12),
           ("XB", "I1"): None, ("XB", "I3"): D(1)}


def sheets(**replace: list[list] | None) -> dict[str, list[list]]:
    out = copy.deepcopy(BASE)
    for name, rows in replace.items():
        if rows is None:
            out.pop(name, None)
        else:
            out[name] = copy.deepcopy(rows)
    return out


def long_targets() -> list[list]:
    """The long Targets sheet without its Chỉ tiêu năm column."""
    return [row[:3] for row in BASE[TGTS]]


def year(**replace: list[list] | None) -> dict[str, list[list]]:
    return sheets(**{INFO: [["Năm", 2026]]}, **replace)


def parse(tables: dict) -> tuple[Plan, list[Problem]]:
    return parse_plan(tables, "plan.xlsx")


def problems(tables: dict) -> list[Problem]:
    with pytest.raises(PlanError) as err:
        parse(tables)
    return err.value.problems


def only(tables: dict, code: str) -> Problem:
    found = problems(tables)
    assert [p.code for p in found] == [code], [describe(p) for p in found]
    return found[0]


def warned(tables: dict, code: str) -> Problem:
    """The plan reads, with exactly one warning, of this code."""
    _, warnings = parse(tables)
    assert [p.code for p in warnings] == [code], [describe(p) for p in warnings]
    return warnings[0]


def where(p: Problem) -> tuple[str, str, str]:
    return p.code, p.sheet, p.cell


def annuals(plan: Plan) -> dict[tuple[str, str], D | None]:
    return {(t.unit, t.indicator): t.annual for t in plan.targets}


# ----------------------------------------------------------------------------- reading


def test_the_long_column_is_read_into_target_annual():
    plan, warnings = parse(sheets())
    assert warnings == []
    assert plan.period is Period.Q2
    assert annuals(plan) == ANNUALS
    assert [t.value for t in plan.targets] == [D(50), D(5), D(1), D(3), D(30), D(1)]


def test_the_matrix_sheet_gives_the_same_plan():
    long, _ = parse(sheets())
    matrix, warnings = parse(sheets(**{TGTS: MATRIX, ANNUAL: ANNUAL_MATRIX}))
    assert warnings == []
    assert matrix == long and matrix.fingerprint() == long.fingerprint()


def test_the_sheet_with_a_title_block_and_ignored_columns():
    annual = [["PHỤ LỤC: CHỈ TIÊU NĂM 2026"], [],
              ["STT", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "XA", "XB", "Ghi chú"],
              [1, "I1", "Kết nạp", "người", 200, None, "x"],
              [None, None, "Nhóm", None, None, None, None],             # a group heading row
              [2, "I2", "Hộ nghèo", "%", 4, None, None],
              [3, "I3", "Đề án", None, "Đạt", "Đạt", None],
              [4, "I4", "Tai nạn", "vụ", 12, None, None]]
    plan, _ = parse(sheets(**{TGTS: MATRIX, ANNUAL: annual}))
    assert annuals(plan) == ANNUALS


def test_the_sheet_in_the_long_shape_and_with_a_long_targets_sheet():
    annual = [["Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu năm"],
              ["XA", "I1", 200], ["XA", "I2", 4], ["XA", "I3", "Đạt"], ["XA", "I4", 12],
              ["XB", "I3", "x"]]
    plan, _ = parse(sheets(**{TGTS: long_targets(), ANNUAL: annual}))
    assert annuals(plan) == ANNUALS
    plan, _ = parse(sheets(**{TGTS: long_targets(), ANNUAL: ANNUAL_MATRIX}))
    assert annuals(plan) == ANNUALS


def test_english_and_unaccented_names():
    tables = sheets(**{TGTS: MATRIX})
    tables["Annual targets"] = copy.deepcopy(ANNUAL_MATRIX)
    assert annuals(parse(tables)[0]) == ANNUALS
    tables = sheets()
    tables[TGTS][0][3] = "CHI TIEU NAM"
    assert annuals(parse(tables)[0]) == ANNUALS
    tables[TGTS][0][3] = "Annual target"
    assert annuals(parse(tables)[0]) == ANNUALS


def test_vietnamese_number_text_and_a_lower_is_better_zero():
    tables = sheets()
    tables[TGTS][1][3] = "1.200"   # 1200, read the Vietnamese way
    tables[TGTS][4][3] = 0         # zero accidents for the year
    got = annuals(parse(tables)[0])
    assert (got["XA", "I1"], got["XA", "I4"]) == (D(1200), D(0))


def test_a_plan_without_annual_targets_keeps_them_none_and_its_fingerprint():
    plan, _ = parse(sheets(**{TGTS: long_targets()}))
    assert all(t.annual is None for t in plan.targets)
    bare = plan.model_copy(update={"targets": tuple(
        Target(unit=t.unit, indicator=t.indicator, value=t.value) for t in plan.targets)})
    assert bare.fingerprint() == plan.fingerprint()
    with_annual, _ = parse(sheets())
    assert with_annual.fingerprint() != plan.fingerprint()  # the annual targets are its content


@pytest.mark.parametrize("year_, fingerprint", [(2021, "3bf62e556132c714"),
                                                (2022, "c6a2f95001d752d3")])
def test_bundled_examples_keep_their_fingerprints(year_, fingerprint):
    from dgsp.example import example_plan

    plan = example_plan(year_)
    assert plan.fingerprint() == fingerprint
    assert all(t.annual is None for t in plan.targets)


# ----------------------------------------------------------------------------- the new codes


def test_DG133_annual_target_without_a_target_long():
    tables = sheets()
    tables[TGTS].append(["XB", "I2", None, 3])  # row 8
    p = only(tables, "DG133")
    assert where(p) == ("DG133", TGTS, "D8")
    assert (p.params["unit"], p.params["indicator"]) == ("XB", "I2")


def test_DG133_annual_target_without_a_target_on_the_sheet():
    annual = copy.deepcopy(ANNUAL_MATRIX)
    annual[4][3] = 10  # XB has no I4 target
    p = only(sheets(**{TGTS: MATRIX, ANNUAL: annual}), "DG133")
    assert where(p) == ("DG133", ANNUAL, "D5")
    assert "XB" in describe(p) and "I4" in describe(p, "en")


def test_DG134_annual_targets_in_a_years_plan_are_ignored_long():
    p = warned(year(), "DG134")
    assert where(p) == ("DG134", TGTS, "D2") and p.params["count"] == 5
    plan, _ = parse(year())
    bare, _ = parse(year(**{TGTS: long_targets()}))
    assert all(t.annual is None for t in plan.targets)
    assert plan.fingerprint() == bare.fingerprint()


def test_DG134_the_sheet_of_a_years_plan_is_ignored_with_its_problems():
    annual = copy.deepcopy(ANNUAL_MATRIX)
    annual[0][3] = "XZ"             # an unknown unit …
    annual[1][2] = "hai trăm"       # … and a value that is no number: ignored too
    p = warned(year(**{TGTS: MATRIX, ANNUAL: annual}), "DG134")
    assert where(p) == ("DG134", ANNUAL, "C2") and p.params["count"] == 5


def test_DG135_annual_target_below_the_quarters_milestone():
    tables = sheets()
    tables[TGTS][1][3] = 40      # I1, higher-is-better: 40 for the year < 50 for Q2
    p = warned(tables, "DG135")
    assert where(p) == ("DG135", TGTS, "D2")
    assert p.params["annual"] == 40 and p.params["target"] == 50
    assert "Quý II" in describe(p) and "Q2 milestone" in describe(p, "en")
    assert annuals(parse(tables)[0])["XA", "I1"] == D(40)  # a warning: the value is kept


def test_DG135_an_additive_lower_is_better_allowance_on_the_sheet():
    annual = copy.deepcopy(ANNUAL_MATRIX)
    annual[4][2] = 2             # I4, accidents adding up: 2 for the year < 3 for Q2
    p = warned(sheets(**{TGTS: MATRIX, ANNUAL: annual}), "DG135")
    assert where(p) == ("DG135", ANNUAL, "C5")


def test_DG136_annual_target_given_twice():
    annual = [["Mã chỉ tiêu", "XA"], ["I1", 210]]  # also in the column, at D2
    p = only(sheets(**{ANNUAL: annual}), "DG136")
    assert where(p) == ("DG136", ANNUAL, "B2") and p.params["first_cell"] == f"{TGTS}!D2"
    annual = copy.deepcopy(ANNUAL_MATRIX) + [["I1", "Kết nạp", 220, None]]  # row 6
    p = only(sheets(**{TGTS: MATRIX, ANNUAL: annual}), "DG136")
    assert where(p) == ("DG136", ANNUAL, "C6") and p.params["first_cell"] == "C2"


def test_DG137_an_annual_column_in_the_matrix_targets_sheet():
    matrix = [row + [v] for row, v in zip(MATRIX, ["Chỉ tiêu năm", 200, 4, "Đạt", 12],
                                          strict=True)]
    p = only(sheets(**{TGTS: matrix}), "DG137")
    assert where(p) == ("DG137", TGTS, "E1")


# ----------------------------------------------------------------------------- reused codes


@pytest.mark.parametrize("row, value, code", [
    (1, "hai trăm", "DG113"),   # not a number
    (1, -5, "DG113"),           # below 0
    (1, 0, "DG114"),            # a higher-is-better target of 0
    (3, "Không đạt", "DG115"),  # a binary target is Đạt
    (3, 1.5, "DG115"),
])
def test_an_annual_value_is_checked_like_a_target(row, value, code):
    tables = sheets()
    tables[TGTS][row][3] = value
    assert where(only(tables, code)) == (code, TGTS, f"D{row + 1}")
    annual = copy.deepcopy(ANNUAL_MATRIX)
    annual[row][2] = value
    assert where(only(sheets(**{TGTS: MATRIX, ANNUAL: annual}), code)) == (code, ANNUAL,
                                                                           f"C{row + 1}")


def test_DG104_sheet_row_with_values_and_no_indicator_code():
    annual = copy.deepcopy(ANNUAL_MATRIX) + [[None, "Kết nạp", 10, None]]  # row 6
    p = only(sheets(**{TGTS: MATRIX, ANNUAL: annual}), "DG104")
    assert where(p) == ("DG104", ANNUAL, "A6")


def test_DG104_long_sheet_row_without_its_unit():
    annual = [["Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu năm"], ["XA", "I1", 200], [None, "I2", 4]]
    p = only(sheets(**{TGTS: long_targets(), ANNUAL: annual}), "DG104")
    assert where(p) == ("DG104", ANNUAL, "A3")


def test_DG104_long_row_with_an_annual_target_and_no_indicator():
    tables = sheets()
    tables[TGTS].append(["XB", None, None, 3])  # row 8
    assert where(only(tables, "DG104")) == ("DG104", TGTS, "B8")


def test_DG103_sheet_without_an_indicator_code_column():
    p = only(sheets(**{TGTS: MATRIX, ANNUAL: [["Chỉ tiêu", "XA"], ["I1", 200]]}), "DG103")
    assert where(p) == ("DG103", ANNUAL, "A1") and p.params["column"] == "Mã chỉ tiêu"


def test_DG103_long_sheet_without_its_annual_column():
    annual = [["Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu giao"], ["XA", "I1", 200]]
    p = only(sheets(**{TGTS: long_targets(), ANNUAL: annual}), "DG103")
    assert where(p) == ("DG103", ANNUAL, "A1") and p.params["column"] == "Chỉ tiêu năm"


def test_DG111_sheet_names_an_unknown_unit():
    annual = copy.deepcopy(ANNUAL_MATRIX)
    annual[0][3] = "XZ"
    p = only(sheets(**{TGTS: MATRIX, ANNUAL: annual}), "DG111")
    assert where(p) == ("DG111", ANNUAL, "D1") and p.params["code"] == "XZ"
    annual = [["Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu năm"], ["XZ", "I1", 200]]
    p = only(sheets(**{TGTS: long_targets(), ANNUAL: annual}), "DG111")
    assert where(p) == ("DG111", ANNUAL, "A2")


def test_DG112_sheet_names_an_unknown_indicator_once_per_row():
    annual = copy.deepcopy(ANNUAL_MATRIX) + [["I9", "?", 10, 20]]  # row 6
    p = only(sheets(**{TGTS: MATRIX, ANNUAL: annual}), "DG112")
    assert where(p) == ("DG112", ANNUAL, "A6") and p.params["code"] == "I9"


def test_DG112_long_row_with_only_an_annual_target_of_an_unknown_indicator():
    tables = sheets()
    tables[TGTS].append(["XB", "I9", None, 3])  # row 8
    assert where(only(tables, "DG112")) == ("DG112", TGTS, "B8")


def test_with_the_period_in_error_the_annual_targets_are_still_checked():
    tables = sheets()
    tables[INFO][1][1] = "Quý V"
    tables[TGTS][1][3] = "hai trăm"
    tables[TGTS][2][3] = 1  # below I2's milestone: DG135 needs the period, so not said
    assert [where(p) for p in problems(tables)] == [("DG105", INFO, "B2"),
                                                     ("DG113", TGTS, "D2")]


# ----------------------------------------------------------------------------- writing


def _plan() -> Plan:
    return parse(sheets())[0]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_long_writes_the_column(tmp_path, lang):
    from openpyxl import load_workbook

    path = tmp_path / "plan.xlsx"
    write_plan(path, _plan(), lang)
    wb = load_workbook(path)
    ws = wb["Giao chỉ tiêu" if lang == "vi" else "Targets"]
    assert ws["E1"].value == ("Chỉ tiêu năm" if lang == "vi" else "Annual target")
    assert [ws.cell(r, 5).value for r in range(2, 8)] == [
        200, 4, "Đạt" if lang == "vi" else "Done", 12, None, "Đạt" if lang == "vi" else "Done"]
    assert "Chỉ tiêu năm" not in wb.sheetnames and "Annual targets" not in wb.sheetnames
    guide = " ".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)
    assert ("trang riêng" if lang == "vi" else "a sheet of its own") in guide
    assert read_plan(path)[0] == _plan()


def test_matrix_writes_the_second_sheet(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "plan.xlsx"
    write_plan(path, _plan(), layout="matrix")
    wb = load_workbook(path)
    assert wb.sheetnames[4:6] == [TGTS, ANNUAL]
    ws = wb[ANNUAL]
    assert [c.value for c in ws[1]] == ["Mã chỉ tiêu", "Tên chỉ tiêu", "XA", "XB"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == ANNUAL_MATRIX[1:]
    assert wb[TGTS].max_column == 4
    back, _ = read_plan(path)
    assert back == _plan() and back.fingerprint() == _plan().fingerprint()


def test_a_plan_without_annual_targets_writes_no_column_nor_sheet(tmp_path):
    from openpyxl import load_workbook

    for layout in ("long", "matrix"):
        path = tmp_path / f"{layout}.xlsx"
        write_plan(path, small_plan(period=Period.Q2), layout=layout)
        wb = load_workbook(path)
        assert ANNUAL not in wb.sheetnames and wb[TGTS].max_column == (4 if layout == "long"
                                                                       else 7)
        guide = " ".join(str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row
                         if c.value)
        assert "Chỉ tiêu năm" not in guide


def test_a_years_plan_with_annual_targets_cannot_be_written(tmp_path):
    plan = _plan().model_copy(update={"period": Period.YEAR})
    with pytest.raises(ValueError, match="annual targets"):
        write_plan(tmp_path / "y.xlsx", plan)


# ----------------------------------------------------------------------------- the round trip


@st.composite
def quarterly_plans(draw) -> Plan:
    """test_plan_366's plans as a quarter's, with an annual target drawn for some targets."""
    plan = draw(plans_366())
    direction = {i.code: i.direction for i in plan.indicators}
    targets = []
    for t in plan.targets:
        if not draw(st.booleans()):
            targets.append(t)
            continue
        if direction[t.indicator] is Direction.BINARY:
            annual = D(1)
        elif direction[t.indicator] is Direction.LOWER and draw(st.booleans()):
            annual = D(0)
        else:
            annual = canonical(draw(st.decimals("0.001", "4000000", places=3)))
        targets.append(t.model_copy(update={"annual": annual}))
    return plan.model_copy(update={"targets": tuple(targets), "period": draw(st.sampled_from(
        [Period.Q1, Period.Q2, Period.Q3, Period.Q4]))})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(plan=quarterly_plans(), lang=st.sampled_from(["vi", "en"]),
       layout=st.sampled_from(["long", "matrix"]))
def test_property_round_trip_with_annual_targets(tmp_path, plan, lang, layout):
    if layout == "matrix":  # the matrix holds neither notes nor due dates
        plan = plan.model_copy(update={"targets": tuple(
            t.model_copy(update={"note": "", "due": None}) for t in plan.targets)})
    path = tmp_path / f"{lang}-{layout}.xlsx"
    write_plan(path, plan, lang, layout)
    back, warnings = read_plan(path)
    assert {p.code for p in warnings} <= {"DG135", "DG122"}
    assert back.model_dump() == plan.model_dump()
    assert back.fingerprint() == plan.fingerprint()
    stripped = plan.model_copy(update={"targets": tuple(
        t.model_copy(update={"annual": None}) for t in plan.targets)})
    assert (stripped.fingerprint() == plan.fingerprint()) is all(
        t.annual is None for t in plan.targets)


def test_an_indicator_not_due_this_quarter_is_no_warning_but_in_the_year_it_is():
    """A quarter's plan assigns only what is due in it (a task of the fourth quarter, the poor
    households counted at the year's end): an indicator with no target there is not assessed
    this quarter, and says nothing (DG122 is the year's, where it is a forgotten row)."""
    inds = [*BASE[INDS], ["I5", "Đề án quý IV", "Đạt", None]]
    _, warnings = parse(sheets(**{INDS: inds}))
    assert not [p for p in warnings if p.code == "DG122"]
    assert warned(year(**{INDS: inds, TGTS: long_targets()}), "DG122").params == {"code": "I5"}
