"""The Board's appraisal workbook (issue 10 §3): written pre-filled, filled in by a clerk,
read back strictly. Every entry a test types is a small table: its first row names the
columns by their headers, the code columns (``Mã …``) find the row, the others are typed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dgsp import xlsx
from dgsp.model import (
    AppraisedScore,
    Conditions,
    Criterion,
    CriterionScoring,
    Direction,
    Grade,
    Indicator,
    Official,
    Plan,
    Return,
    ReturnedValue,
    SelfScore,
    Target,
    Unit,
    VerifiedResult,
)
from dgsp.plan.appraisal import (
    CONDITION_COLUMNS,
    CRITERIA_COLUMNS,
    HEADER_ROW,
    RESULT_COLUMNS,
    SCHEMA,
    read_appraisal,
    write_appraisal,
)
from dgsp.plan.templates import type_result
from dgsp.problems import CATALOGUE, OutputError
from dgsp.text import clean

D = Decimal
RESULTS, CRITERIA, CONDITIONS = "Thẩm định kết quả", "Tiêu chí chung", "Điều kiện"


def appraisal_plan(**overrides) -> Plan:
    """Two communes; XA has a Party secretary and a chair. I1 is numeric, I2 binary, I3 in %.
    Collectives: C1 (scale, 20) + C2 (pass/fail, 10); individuals: P1 (pass/fail, 10) +
    P2 (scale, 20)."""
    units = (Unit(code="XA", name="Xã A", group="Xã"), Unit(code="XB", name="Xã B", group="Xã"))
    officials = (
        Official(code="CB1", name="Nguyễn Văn An", position="Bí thư", unit="XA", group="Bí thư"),
        Official(code="CB2", name="Trần Thị Bình", position="Chủ tịch", unit="XA",
                 group="Chủ tịch"),
    )
    indicators = (
        Indicator(code="I1", name="Kết nạp đảng viên", measure="người"),
        Indicator(code="I2", name="Hoàn thành đề án chuyển đổi số", direction=Direction.BINARY,
                  additive=False),
        Indicator(code="I3", name="Tỷ lệ hộ dùng nước sạch", measure="%"),
    )
    targets = (
        Target(unit="XA", indicator="I1", value=D(100)),
        Target(unit="XA", indicator="I2", value=D(1)),
        Target(unit="XB", indicator="I1", value=D("50.5")),
        Target(unit="XB", indicator="I3", value=D(92)),
    )
    binary = CriterionScoring.BINARY
    criteria = (
        Criterion(code="C1", group="Lãnh đạo", name="Lãnh đạo, đoàn kết", max_points=D(20),
                  individual=False),
        Criterion(code="C2", name="Không có vi phạm", max_points=D(10), scoring=binary,
                  individual=False),
        Criterion(code="P1", name="Phẩm chất chính trị", max_points=D(10), scoring=binary,
                  collective=False),
        Criterion(code="P2", name="Năng lực, đổi mới", max_points=D(20), collective=False),
    )
    fields = {"title": "Đánh giá năm 2026", "year": 2026, "general_points": D(30),
              "units": units, "officials": officials, "indicators": indicators,
              "targets": targets, "criteria": criteria}
    return Plan(**{**fields, **overrides})


PLAN = appraisal_plan()
ENTITIES = ["XA", "CB1", "CB2", "XB"]
ASSIGNED = [("XA", "I1"), ("XA", "I2"), ("XB", "I1"), ("XB", "I3")]
APPLIES = [("XA", "C1"), ("XA", "C2"), ("CB1", "P1"), ("CB1", "P2"), ("CB2", "P1"),
           ("CB2", "P2"), ("XB", "C1"), ("XB", "C2")]

RETURNS = {
    "XA": Return(file="XA.xlsx", sha256="", unit="XA",
                 values=(ReturnedValue(indicator="I1", value=D(104)),
                         ReturnedValue(indicator="I2", value=D(1))),
                 self_scores=(SelfScore(entity="XA", criterion="C1", value=D(19)),
                              SelfScore(entity="XA", criterion="C2", value=D(10)),
                              SelfScore(entity="CB1", criterion="P1", value=D(10)),
                              SelfScore(entity="CB1", criterion="P2", value=D("18.5")),
                              SelfScore(entity="CB2", criterion="P2", value=None))),
    "XB": Return(file="XB.xlsx", sha256="", unit="XB",
                 values=(ReturnedValue(indicator="I1", value=D(60)),
                         ReturnedValue(indicator="I3", value=D("93.5")))),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("appraisal") / "tham-dinh.xlsx"
    write_appraisal(PLAN, path, RETURNS)
    return path


@pytest.fixture
def blank(written, tmp_path) -> Path:
    """A fresh copy of the written workbook, for one test to fill in."""
    return Path(shutil.copy(written, tmp_path / "tham-dinh.xlsx"))


def fill(path: Path, sheet: str, table: list[list], out: Path | None = None) -> list[dict]:
    """Type ``table`` into ``sheet`` the way a Board clerk does, with openpyxl.

    The header row is found by the table's header words; a row by its codes (the ``Mã …``
    columns); a row whose codes are not there (or were used already) is typed below the
    table. The code columns are those headed ``Mã …`` (``… code``). Returns, per table row, the address of each typed cell.
    """
    wb = load_workbook(path)
    ws = wb[sheet]
    header, *rows = table
    for hr in range(1, 15):
        cols = {clean(c.value): c.column for c in ws[hr] if c.value is not None}
        if all(h in cols for h in header):
            break
    else:
        raise AssertionError(f"no header row with {header}")
    keys = [h for h in header if h.startswith("Mã") or h.endswith("code")]
    where: dict[tuple, int] = {}
    for r in range(hr + 1, ws.max_row + 1):
        where.setdefault(tuple(clean(ws.cell(r, cols[k]).value) for k in keys), r)
    lang = "en" if sheet in ("Verified results", "General criteria", "Conditions") else "vi"
    free, used, cells = ws.max_row + 1, set(), []
    for values in rows:
        typed = dict(zip(header, values, strict=True))
        r = where.get(tuple(clean(typed[k]) for k in keys))
        if r is None or r in used:
            r, free = free, free + 1
        used.add(r)
        for h, value in typed.items():
            type_result(ws, r, cols[h], value, lang)
        cells.append({h: f"{xlsx.col_letter(cols[h] - 1)}{r}" for h in header})
    wb.save(out or path)
    return cells


def problems(appraisal, code: str) -> list:
    return [p for p in appraisal.problems if p.code == code]


def the_problem(appraisal, code: str):
    found = problems(appraisal, code)
    assert len(found) == 1, [(p.code, p.sheet, p.cell) for p in appraisal.problems]
    return found[0]


# ============================================================================= the workbook


def test_sheets_in_order_with_metadata_very_hidden(written):
    wb = load_workbook(written)
    assert wb.sheetnames == ["Hướng dẫn", RESULTS, CRITERIA, CONDITIONS, "_dgsp"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * 4 + ["veryHidden"]
    meta = {r[0]: r[1] for r in wb["_dgsp"].iter_rows(values_only=True)}
    assert meta == {"schema": SCHEMA, "plan_fingerprint": PLAN.fingerprint(), "year": 2026,
                    "lang": "vi", "title": "Đánh giá năm 2026"}
    assert wb.custom_doc_props["dgsp_output"].value == "appraisal"


def rows_of(ws, ncols: int) -> list[list]:
    return [[c.value for c in row][:ncols] for row in ws.iter_rows(min_row=HEADER_ROW)]


def test_verified_results_sheet_is_prefilled_with_every_assignment(written):
    ws = load_workbook(written)[RESULTS]
    assert ws["A1"].value == "Thẩm định kết quả: Đánh giá năm 2026"
    assert ws["A2"].value.startswith("Chỉ nhập vào các ô màu vàng")
    assert rows_of(ws, 9) == [
        ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao",
         "Kết quả báo cáo", "Kết quả thẩm định", "Căn cứ"],
        ["XA", "Xã A", "I1", "Kết nạp đảng viên", "người", 100, 104, None, None],
        ["XA", "Xã A", "I2", "Hoàn thành đề án chuyển đổi số", None, "Đạt", "Đạt", None, None],
        ["XB", "Xã B", "I1", "Kết nạp đảng viên", "người", 50.5, 60, None, None],
        ["XB", "Xã B", "I3", "Tỷ lệ hộ dùng nước sạch", "%", 92, 0.935, None, None],
    ]
    assert ws["G8"].number_format == ws["H8"].number_format == "0.0#%"  # as the unit saw it


def test_without_returns_the_reported_cells_are_empty(tmp_path):
    path = write_appraisal(PLAN, tmp_path / "a.xlsx")
    wb = load_workbook(path)
    assert [r[6] for r in rows_of(wb[RESULTS], 9)[1:]] == [None] * 4
    assert [r[6] for r in rows_of(wb[CRITERIA], 9)[1:]] == [None] * 8


def test_general_criteria_sheet_lists_each_entity_and_the_criteria_that_apply(written):
    ws = load_workbook(written)[CRITERIA]
    rows = rows_of(ws, 9)
    assert rows[0] == ["Mã đơn vị/cán bộ", "Tên đơn vị/Họ và tên", "Loại", "Mã tiêu chí",
                       "Tên tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định",
                       "Ghi chú"]
    assert [(r[0], r[3]) for r in rows[1:]] == APPLIES
    assert rows[1] == ["XA", "Xã A", "Tập thể", "C1", "Lãnh đạo, đoàn kết", 20, 19, None, None]
    assert rows[3] == ["CB1", "Nguyễn Văn An (Bí thư)", "Cá nhân", "P1", "Phẩm chất chính trị",
                       10, 10, None, None]
    assert [r[6] for r in rows[1:]] == [19, 10, 10, 18.5, None, None, None, None]


def test_no_general_criteria_sheet_when_the_plan_has_none(tmp_path):
    plan = appraisal_plan(criteria=(), general_points=D(0))
    path = write_appraisal(plan, tmp_path / "a.xlsx")
    assert load_workbook(path).sheetnames == ["Hướng dẫn", RESULTS, CONDITIONS, "_dgsp"]
    appraisal = read_appraisal(path, plan)
    assert appraisal.problems == () and appraisal.scores == ()


def test_conditions_sheet_is_prefilled_as_nothing_found(written):
    ws = load_workbook(written)[CONDITIONS]
    assert rows_of(ws, 9) == [
        ["Mã đơn vị/cán bộ", "Tên đơn vị/Họ và tên", "Loại", "Kỷ luật", "Khắc phục hạn chế",
         "Cấp dưới hoặc thành viên bị kỷ luật", "Không xếp loại", "Quyết định xếp loại",
         "Căn cứ"],
        ["XA", "Xã A", "Tập thể", "Không", "Có", "Không", None, None, None],
        ["CB1", "Nguyễn Văn An (Bí thư)", "Cá nhân", "Không", "Có", None, None, None, None],
        ["CB2", "Trần Thị Bình (Chủ tịch)", "Cá nhân", "Không", "Có", None, None, None, None],
        ["XB", "Xã B", "Tập thể", "Không", "Có", "Không", None, None, None],
    ]
    assert ws["F6"].protection.locked  # collectives only: locked on an official's row


def test_only_the_appraisal_cells_are_unlocked_and_yellow(written):
    wb = load_workbook(written)
    inputs = {RESULTS: {"H", "I"}, CRITERIA: {"H", "I"}, CONDITIONS: {"D", "E", "G", "H", "I"}}
    for sheet, letters in inputs.items():
        ws = wb[sheet]
        assert ws.protection.sheet and not ws.protection.password
        for row in ws.iter_rows(min_row=HEADER_ROW + 1):
            for c in row:
                unlocked = not c.protection.locked
                expected = c.column_letter in letters or (
                    sheet == CONDITIONS and c.column_letter == "F"
                    and ws.cell(c.row, 3).value == "Tập thể")
                assert unlocked == expected, (sheet, c.coordinate)
                if unlocked:
                    assert c.fill.fgColor.rgb.endswith(xlsx.INPUT_FILL)


def test_drop_downs(written):
    wb = load_workbook(written)

    def validations(sheet):
        return {(dv.type, dv.formula1): str(dv.sqref)
                for dv in wb[sheet].data_validations.dataValidation}

    assert validations(RESULTS) == {("decimal", "0"): "H5 H7:H8",
                                    ("list", '"Đạt,Không đạt"'): "H6"}
    assert validations(CRITERIA) == {("decimal", "0"): "H5 H8 H10:H11",
                                     ("list", '"Đạt,Không đạt"'): "H6:H7 H9 H12"}
    dvs = [(dv.formula1, str(dv.sqref)) for dv in wb[CONDITIONS].data_validations.dataValidation]
    assert dvs == [('"Có,Không"', "D5:D8"), ('"Có,Không"', "E5:E8"), ('"Có,Không"', "F5 F8"),
                   ('"HTXSNV,HTTNV,HTNV,KHTNV"', "H5:H8")]


def test_frozen_headers_widths_and_print_setup(written):
    wb = load_workbook(written)
    for sheet, columns in ((RESULTS, RESULT_COLUMNS), (CRITERIA, CRITERIA_COLUMNS),
                           (CONDITIONS, CONDITION_COLUMNS)):
        ws = wb[sheet]
        assert ws.freeze_panes == f"C{HEADER_ROW + 1}"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert [ws.column_dimensions[xlsx.col_letter(i)].width
                for i in range(len(columns))] == [w for _, w in columns]
        assert ws.row_dimensions[HEADER_ROW].height >= 30  # two-line headers shown whole


def test_guide_explains_every_sheet(written):
    ws = load_workbook(written)["Hướng dẫn"]
    firsts = [r[0] for r in ws.iter_rows(values_only=True) if r[0]]
    for word in (RESULTS, CRITERIA, CONDITIONS, "Kết quả thẩm định", "Điểm thẩm định",
                 "Kỷ luật", "Quyết định xếp loại", "Căn cứ"):
        assert word in firsts
    assert "Quy định 366" in str([r[1] for r in ws.iter_rows(values_only=True)])


def test_english_workbook_reads_back(tmp_path):
    path = write_appraisal(PLAN, tmp_path / "en.xlsx", RETURNS, lang="en")
    assert load_workbook(path).sheetnames == ["Instructions", "Verified results",
                                              "General criteria", "Conditions", "_dgsp"]
    fill(path, "Verified results", [["Unit code", "Indicator code", "Verified result", "Ground"],
                                    ["XA", "I2", False, "Inspection 12/BB"]])
    fill(path, "Conditions", [["Unit/official code", "Disciplined", "Decided grade", "Ground"],
                              ["CB2", "Yes", "Did not complete tasks", "Decision 7/QĐ"]])
    appraisal = read_appraisal(path, PLAN)
    assert appraisal.problems == ()
    assert [(r.unit, r.indicator, r.value) for r in appraisal.results] == [("XA", "I2", 0)]
    cb2 = next(c for c in appraisal.conditions if c.entity == "CB2")
    assert (cb2.disciplined, cb2.decision, cb2.decision_ground) == (True, Grade.KHTNV,
                                                                    "Decision 7/QĐ")


def test_unwritable_output_is_dg302(tmp_path):
    with pytest.raises(OutputError) as exc:
        write_appraisal(PLAN, tmp_path / "missing" / "a.xlsx")
    assert [p.code for p in exc.value.problems] == ["DG302"]


def test_a_formula_like_name_stays_text(tmp_path):
    plan = appraisal_plan(units=(Unit(code="XA", name="=HYPERLINK(\"x\")", group="Xã"),
                                 Unit(code="XB", name="Xã B", group="Xã")))
    path = write_appraisal(plan, tmp_path / "a.xlsx")
    assert load_workbook(path)[RESULTS]["B5"].data_type == "s"


# ============================================================================= read back


def fill_everything(path: Path) -> None:
    fill(path, RESULTS, [
        ["Mã đơn vị", "Mã chỉ tiêu", "Kết quả thẩm định", "Căn cứ"],
        ["XA", "I1", 95, "Biên bản kiểm tra số 12/BB-BTC"],
        ["XA", "I2", "Không đạt", "Báo cáo 45/BC-UBND: đề án chưa nghiệm thu"],
        ["XB", "I3", 90.5, "Số liệu Trung tâm nước sạch"],       # typed into a % cell: 90,5%
    ])
    fill(path, CRITERIA, [
        ["Mã đơn vị/cán bộ", "Mã tiêu chí", "Điểm thẩm định", "Ghi chú"],
        ["XA", "C1", 17.5, "Còn mất đoàn kết ở một chi bộ"],
        ["XA", "C2", "Không đạt", None],
        ["CB1", "P1", 10, None],
        ["CB2", "P2", "12,75", "Chậm đổi mới"],                     # text, the Vietnamese way
    ])
    fill(path, CONDITIONS, [
        ["Mã đơn vị/cán bộ", "Kỷ luật", "Khắc phục hạn chế", "Cấp dưới hoặc thành viên bị kỷ luật",
         "Không xếp loại", "Quyết định xếp loại", "Căn cứ"],
        ["XA", "Không", "Không", "Có", None, None, None],
        ["CB1", "Có", "Có", None, None, None, None],
        ["CB2", "Không", "Có", None, None, "Hoàn thành tốt nhiệm vụ", "Quyết định 15-QĐ/TU"],
        ["XB", "Không", "Có", "Không", "Thành lập dưới 6 tháng", None, None],
    ])


EXPECTED_RESULTS = (
    VerifiedResult(unit="XA", indicator="I1", value=D(95), ground="Biên bản kiểm tra số 12/BB-BTC",
                   cell="H5"),
    VerifiedResult(unit="XA", indicator="I2", value=D(0),
                   ground="Báo cáo 45/BC-UBND: đề án chưa nghiệm thu", cell="H6"),
    VerifiedResult(unit="XB", indicator="I3", value=D("90.5"), ground="Số liệu Trung tâm nước sạch",
                   cell="H8"),
)
EXPECTED_SCORES = (
    AppraisedScore(entity="XA", criterion="C1", value=D("17.5"),
                   note="Còn mất đoàn kết ở một chi bộ", cell="H5"),
    AppraisedScore(entity="XA", criterion="C2", value=D(0), cell="H6"),
    AppraisedScore(entity="CB1", criterion="P1", value=D(10), cell="H7"),
    AppraisedScore(entity="CB2", criterion="P2", value=D("12.75"), note="Chậm đổi mới", cell="H10"),
)
EXPECTED_CONDITIONS = (
    Conditions(entity="XA", remedied=False, sub_disciplined=True),
    Conditions(entity="CB1", disciplined=True),
    Conditions(entity="CB2", decision=Grade.HTTNV, decision_ground="Quyết định 15-QĐ/TU"),
    Conditions(entity="XB", not_graded="Thành lập dưới 6 tháng"),
)


def entries(appraisal) -> tuple:
    return appraisal.results, appraisal.scores, appraisal.conditions


def test_a_filled_appraisal_reads_back_exactly(blank):
    fill_everything(blank)
    appraisal = read_appraisal(blank, PLAN)
    assert appraisal.problems == () and appraisal.ok
    assert entries(appraisal) == (EXPECTED_RESULTS, EXPECTED_SCORES, EXPECTED_CONDITIONS)
    assert appraisal.file == str(blank)
    import hashlib

    assert appraisal.sha256 == hashlib.sha256(blank.read_bytes()).hexdigest()


def test_an_untouched_appraisal_has_defaults_only(written):
    appraisal = read_appraisal(written, PLAN)
    assert appraisal.problems == ()
    assert appraisal.results == appraisal.scores == ()
    assert appraisal.conditions == tuple(Conditions(entity=e) for e in ENTITIES)


def test_the_input_is_never_modified(blank):
    fill_everything(blank)
    before, mtime = blank.read_bytes(), blank.stat().st_mtime_ns
    read_appraisal(blank, PLAN)
    assert blank.read_bytes() == before and blank.stat().st_mtime_ns == mtime


def test_echo_columns_are_ignored(blank):
    """Names, targets, reported results and self-scores are the plan's and the returns':
    editing them in the appraisal changes nothing."""
    wb = load_workbook(blank)
    for sheet, echoes in ((RESULTS, (2, 4, 5, 6, 7)), (CRITERIA, (2, 3, 5, 6, 7)),
                          (CONDITIONS, (2, 3))):
        ws = wb[sheet]
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            for col in echoes:
                ws.cell(r, col).value = "sửa tay"
    wb.save(blank)
    fill_everything(blank)
    assert entries(read_appraisal(blank, PLAN)) == (EXPECTED_RESULTS, EXPECTED_SCORES,
                                                    EXPECTED_CONDITIONS)


@pytest.mark.parametrize("typed, grade", [
    ("HTTNV", Grade.HTTNV), ("httnv", Grade.HTTNV), ("Hoàn thành tốt nhiệm vụ", Grade.HTTNV),
    ("hoan thanh tot nhiem vu", Grade.HTTNV), ("Well completed tasks", Grade.HTTNV),
    ("Hoàn thành xuất sắc nhiệm vụ", Grade.HTXSNV), ("KHTNV", Grade.KHTNV),
])
def test_decided_grade_by_code_or_name(blank, typed, grade):
    fill(blank, CONDITIONS, [["Mã đơn vị/cán bộ", "Quyết định xếp loại", "Căn cứ"],
                             ["CB1", typed, "QĐ 1"]])
    appraisal = read_appraisal(blank, PLAN)
    assert appraisal.problems == ()
    assert next(c for c in appraisal.conditions if c.entity == "CB1").decision is grade


@pytest.mark.parametrize("typed, value", [
    (1, 1), (0, 0), ("Đạt", 1), ("dat", 1), ("Không đạt", 0), ("Done", 1), (True, 1)])
def test_binary_results_are_read_as_returns_are(blank, typed, value):
    fill(blank, RESULTS, [["Mã đơn vị", "Mã chỉ tiêu", "Kết quả thẩm định", "Căn cứ"],
                          ["XA", "I2", typed, "BB 1"]])
    appraisal = read_appraisal(blank, PLAN)
    assert appraisal.problems == ()
    assert [r.value for r in appraisal.results] == [value]


@pytest.mark.parametrize("typed, value", [
    (10, 10), ("10", 10), (0, 0), ("Đạt", 10), ("Không đạt", 0), (True, 10), (False, 0)])
def test_a_pass_fail_criterion_takes_0_max_or_the_words(blank, typed, value):
    fill(blank, CRITERIA, [["Mã đơn vị/cán bộ", "Mã tiêu chí", "Điểm thẩm định"],
                           ["CB2", "P1", typed]])
    appraisal = read_appraisal(blank, PLAN)
    assert appraisal.problems == ()
    assert [s.value for s in appraisal.scores] == [value]


def test_percent_typed_as_text(blank):
    fill(blank, RESULTS, [["Mã đơn vị", "Mã chỉ tiêu", "Kết quả thẩm định", "Căn cứ"],
                          ["XB", "I3", "91,5%", "BB 2"]])
    assert [r.value for r in read_appraisal(blank, PLAN).results] == [D("91.5")]


# ============================================================================= one test a code


def read_with(path: Path, sheet: str, table: list[list]):
    cells = fill(path, sheet, table)
    return read_appraisal(path, PLAN), cells


def assert_at(appraisal, code: str, path: Path, sheet: str, cell: str):
    p = the_problem(appraisal, code)
    assert (p.file, p.sheet, p.cell) == (str(path), sheet, cell)
    assert p.is_error is (CATALOGUE[code].severity.value == "error")
    for lang in ("vi", "en"):
        assert "{" not in p.message(lang) and "{" not in p.hint(lang)
    return p


RESULT_HEAD = ["Mã đơn vị", "Mã chỉ tiêu", "Kết quả thẩm định", "Căn cứ"]
SCORE_HEAD = ["Mã đơn vị/cán bộ", "Mã tiêu chí", "Điểm thẩm định"]


def test_dg601_unreadable_file(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"not a workbook at all")
    appraisal = read_appraisal(path, PLAN)
    assert [(p.code, p.file, p.sheet, p.cell) for p in appraisal.problems] == [
        ("DG601", str(path), "", "")]
    assert entries(appraisal) == ((), (), ()) and appraisal.sha256
    missing = read_appraisal(tmp_path / "none.xlsx", PLAN)
    assert [p.code for p in missing.problems] == ["DG601"] and missing.sha256 == ""


def test_dg602_no_metadata(tmp_path):
    path = book(tmp_path / "a.xlsx", {RESULTS: [RESULT_HEAD, ["XA", "I1", 95, "BB"]]})
    appraisal = read_appraisal(path, PLAN)
    assert [(p.code, p.sheet, p.cell) for p in appraisal.problems] == [("DG602", "", "")]
    assert appraisal.results == ()


def test_dg603_another_schema(blank):
    wb = load_workbook(blank)
    wb["_dgsp"]["B1"].value = "dgsp.template/1"
    wb.save(blank)
    appraisal = read_appraisal(blank, PLAN)
    p = assert_at(appraisal, "DG603", blank, "_dgsp", "B1")
    assert p.params == {"found": "dgsp.template/1", "expected": SCHEMA}
    assert len(appraisal.problems) == 1


def test_dg604_a_file_for_another_plan(blank):
    fill_everything(blank)
    other = appraisal_plan(year=2027)
    appraisal = read_appraisal(blank, other)
    p = assert_at(appraisal, "DG604", blank, "_dgsp", "B2")
    assert p.params == {"found": PLAN.fingerprint(), "expected": other.fingerprint()}
    assert PLAN.fingerprint() in p.message("en") and other.fingerprint() in p.message("en")
    assert len(appraisal.problems) == 1 and entries(appraisal) == ((), (), ())


def test_dg605_sheet_missing(blank):
    wb = load_workbook(blank)
    del wb[CONDITIONS]
    wb.save(blank)
    fill(blank, RESULTS, [RESULT_HEAD, ["XA", "I1", 95, "BB"]])
    appraisal = read_appraisal(blank, PLAN)
    assert_at(appraisal, "DG605", blank, CONDITIONS, "")
    assert [r.value for r in appraisal.results] == [95]  # the other sheets are still read


def test_dg606_column_missing(blank):
    wb = load_workbook(blank)
    wb[RESULTS]["I4"].value = "Nguồn"
    wb.save(blank)
    appraisal = read_appraisal(blank, PLAN)
    p = assert_at(appraisal, "DG606", blank, RESULTS, "A4")
    assert p.params == {"column": "Căn cứ"}


def test_dg607_code_emptied_on_a_filled_row(blank):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["", "I1", 95, "BB"]])
    assert_at(appraisal, "DG607", blank, RESULTS, cells[0]["Mã đơn vị"])


def test_dg608_ambiguous_text(blank):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["XA", "I1", "2,100", "BB"]])
    p = assert_at(appraisal, "DG608", blank, RESULTS, cells[0]["Kết quả thẩm định"])
    assert (p.params["vi"], p.params["en"]) == (D("2.1"), D(2100))
    assert (p.unit, p.indicator) == ("XA", "I1")


def test_dg610_verified_value_on_an_unknown_unit(blank):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["XZ", "I1", 95, "BB"]])
    p = assert_at(appraisal, "DG610", blank, RESULTS, cells[0]["Mã đơn vị"])
    assert p.unit == "XZ" and appraisal.results == ()


def test_dg611_unknown_indicator(blank):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["XA", "I9", 95, "BB"]])
    assert_at(appraisal, "DG611", blank, RESULTS, cells[0]["Mã chỉ tiêu"])


def test_dg612_indicator_not_assigned_to_the_unit(blank):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["XB", "I2", "Đạt", "BB"]])
    p = assert_at(appraisal, "DG612", blank, RESULTS, cells[0]["Mã chỉ tiêu"])
    assert (p.unit, p.indicator) == ("XB", "I2")


def test_dg613_verified_value_without_ground(blank):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["XA", "I1", 95, None]])
    assert_at(appraisal, "DG613", blank, RESULTS, cells[0]["Căn cứ"])
    assert appraisal.results == ()


def test_dg614_ground_without_value_is_a_warning(blank):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["XA", "I1", None, "BB"]])
    p = assert_at(appraisal, "DG614", blank, RESULTS, cells[0]["Căn cứ"])
    assert not p.is_error and appraisal.ok and appraisal.results == ()


@pytest.mark.parametrize("typed", ["khoảng 95", "95 người", "95%", True, "=A1+1"])
def test_dg615_verified_value_not_a_number(blank, typed):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["XA", "I1", typed, "BB"]])
    assert_at(appraisal, "DG615", blank, RESULTS, cells[0]["Kết quả thẩm định"])


def test_dg616_negative_verified_value(blank):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["XA", "I1", -3, "BB"]])
    assert_at(appraisal, "DG616", blank, RESULTS, cells[0]["Kết quả thẩm định"])


def test_dg617_binary_verified_value_not_a_done_word(blank):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["XA", "I2", "Đạt một phần", "BB"]])
    assert_at(appraisal, "DG617", blank, RESULTS, cells[0]["Kết quả thẩm định"])


def test_dg618_the_same_unit_and_indicator_twice(blank):
    appraisal, cells = read_with(blank, RESULTS, [RESULT_HEAD, ["XA", "I1", 95, "BB 1"],
                                                  ["XA", "I1", 97, "BB 2"]])
    p = assert_at(appraisal, "DG618", blank, RESULTS, cells[1]["Kết quả thẩm định"])
    assert p.params["first_cell"] == cells[0]["Kết quả thẩm định"]
    assert [r.value for r in appraisal.results] == [95]


def test_dg620_unknown_entity(blank):
    appraisal, cells = read_with(blank, CRITERIA, [SCORE_HEAD, ["CB9", "P2", 10]])
    assert_at(appraisal, "DG620", blank, CRITERIA, cells[0]["Mã đơn vị/cán bộ"])
    appraisal, cells = read_with(blank, CONDITIONS, [["Mã đơn vị/cán bộ", "Kỷ luật"],
                                                     ["CB9", "Có"]])
    assert [(p.sheet, p.cell) for p in problems(appraisal, "DG620")] == [
        (CRITERIA, "A13"), (CONDITIONS, cells[0]["Mã đơn vị/cán bộ"])]


def test_dg621_unknown_criterion(blank):
    appraisal, cells = read_with(blank, CRITERIA, [SCORE_HEAD, ["CB1", "P9", 10]])
    assert_at(appraisal, "DG621", blank, CRITERIA, cells[0]["Mã tiêu chí"])


def test_dg622_criterion_that_does_not_apply(blank):
    appraisal, cells = read_with(blank, CRITERIA, [SCORE_HEAD, ["CB1", "C1", 10]])
    p = assert_at(appraisal, "DG622", blank, CRITERIA, cells[0]["Mã tiêu chí"])
    assert "cá nhân \"CB1\"" in p.message("vi") and "the individual \"CB1\"" in p.message("en")


def test_dg623_score_above_max(blank):
    appraisal, cells = read_with(blank, CRITERIA, [SCORE_HEAD, ["XA", "C1", 20.25]])
    p = assert_at(appraisal, "DG623", blank, CRITERIA, cells[0]["Điểm thẩm định"])
    assert p.params["max"] == 20 and p.message("vi").endswith("vượt điểm tối đa 20")


def test_dg624_negative_score(blank):
    appraisal, cells = read_with(blank, CRITERIA, [SCORE_HEAD, ["XA", "C1", -1]])
    assert_at(appraisal, "DG624", blank, CRITERIA, cells[0]["Điểm thẩm định"])


def test_dg625_score_not_in_quarter_steps(blank):
    appraisal, cells = read_with(blank, CRITERIA, [SCORE_HEAD, ["XA", "C1", 12.3]])
    assert_at(appraisal, "DG625", blank, CRITERIA, cells[0]["Điểm thẩm định"])


def test_dg626_pass_fail_criterion_scored_in_between(blank):
    appraisal, cells = read_with(blank, CRITERIA, [SCORE_HEAD, ["CB1", "P1", 5]])
    assert_at(appraisal, "DG626", blank, CRITERIA, cells[0]["Điểm thẩm định"])


@pytest.mark.parametrize("typed", ["tốt", "Đạt", True])  # "Đạt" only for a pass/fail criterion
def test_dg627_score_not_a_number(blank, typed):
    appraisal, cells = read_with(blank, CRITERIA, [SCORE_HEAD, ["XA", "C1", typed]])
    assert_at(appraisal, "DG627", blank, CRITERIA, cells[0]["Điểm thẩm định"])


def test_dg628_the_same_entity_and_criterion_twice(blank):
    appraisal, cells = read_with(blank, CRITERIA, [SCORE_HEAD, ["XA", "C1", 15], ["XA", "C1", 16]])
    assert_at(appraisal, "DG628", blank, CRITERIA, cells[1]["Điểm thẩm định"])
    assert [s.value for s in appraisal.scores] == [15]


def test_dg630_yes_no_cell_with_another_word(blank):
    appraisal, cells = read_with(blank, CONDITIONS, [["Mã đơn vị/cán bộ", "Kỷ luật"],
                                                     ["XA", "khiển trách"]])
    p = assert_at(appraisal, "DG630", blank, CONDITIONS, cells[0]["Kỷ luật"])
    assert p.params["field"] == "Kỷ luật"
    assert [c.entity for c in appraisal.conditions] == ["CB1", "CB2", "XB"]


def test_dg631_misspelt_grade(blank):
    appraisal, cells = read_with(blank, CONDITIONS, [
        ["Mã đơn vị/cán bộ", "Quyết định xếp loại", "Căn cứ"], ["CB1", "HTTVN", "QĐ 15"]])
    p = assert_at(appraisal, "DG631", blank, CONDITIONS, cells[0]["Quyết định xếp loại"])
    assert p.params["found"] == "HTTVN" and p.unit == "XA"
    assert "CB1" not in [c.entity for c in appraisal.conditions]


def test_dg632_decision_without_ground(blank):
    appraisal, cells = read_with(blank, CONDITIONS, [
        ["Mã đơn vị/cán bộ", "Quyết định xếp loại", "Căn cứ"], ["CB1", "HTNV", None]])
    assert_at(appraisal, "DG632", blank, CONDITIONS, cells[0]["Căn cứ"])


def test_dg633_decision_and_not_graded(blank):
    appraisal, cells = read_with(blank, CONDITIONS, [
        ["Mã đơn vị/cán bộ", "Không xếp loại", "Quyết định xếp loại", "Căn cứ"],
        ["CB1", "Công tác dưới 2 tháng", "HTNV", "QĐ 15"]])
    assert_at(appraisal, "DG633", blank, CONDITIONS, cells[0]["Quyết định xếp loại"])


def test_dg634_sub_unit_disciplined_on_an_official(blank):
    appraisal, cells = read_with(blank, CONDITIONS, [
        ["Mã đơn vị/cán bộ", "Cấp dưới hoặc thành viên bị kỷ luật"], ["CB2", "Có"]])
    assert_at(appraisal, "DG634", blank, CONDITIONS,
              cells[0]["Cấp dưới hoặc thành viên bị kỷ luật"])


def test_dg635_the_same_entity_twice(blank):
    appraisal, cells = read_with(blank, CONDITIONS, [["Mã đơn vị/cán bộ", "Kỷ luật"],
                                                     ["XB", "Không"], ["XB", "Có"]])
    assert_at(appraisal, "DG635", blank, CONDITIONS, cells[1]["Mã đơn vị/cán bộ"])
    assert [c for c in appraisal.conditions if c.entity == "XB"] == [Conditions(entity="XB")]


def test_dg636_ground_without_decision_is_a_warning(blank):
    appraisal, cells = read_with(blank, CONDITIONS, [["Mã đơn vị/cán bộ", "Căn cứ"],
                                                     ["CB1", "QĐ 15"]])
    assert_at(appraisal, "DG636", blank, CONDITIONS, cells[0]["Căn cứ"])
    assert appraisal.ok and Conditions(entity="CB1") in appraisal.conditions


def test_dg637_not_graded_needs_a_reason(blank):
    appraisal, cells = read_with(blank, CONDITIONS, [["Mã đơn vị/cán bộ", "Không xếp loại"],
                                                     ["CB1", "Có"]])
    assert_at(appraisal, "DG637", blank, CONDITIONS, cells[0]["Không xếp loại"])


def test_every_appraisal_code_has_a_test_here():
    source = Path(__file__).read_text(encoding="utf-8")
    codes = [c for c in CATALOGUE if "DG601" <= c <= "DG639"]
    assert codes and all(f"def test_{c.lower()}_" in source for c in codes)


# ============================================================================= properties

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

numbers = st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False,
                      allow_infinity=False)
quarters = st.integers(min_value=0, max_value=80).map(lambda n: D(n) / 4)


@st.composite
def verified_tables(draw):
    rows = []
    for unit, code in ASSIGNED:
        if draw(st.booleans()):
            value = draw(st.booleans()) if code == "I2" else draw(numbers)
            rows.append([unit, code, value, draw(st.text("abcđêơ 0123/", min_size=1,
                                                        max_size=12).filter(str.strip))])
    return rows


@st.composite
def score_tables(draw):
    criteria = {c.code: c for c in PLAN.criteria}
    rows = []
    for entity, code in APPLIES:
        top = criteria[code].max_points
        if draw(st.booleans()):
            if criteria[code].scoring is CriterionScoring.BINARY:
                value = draw(st.sampled_from([D(0), top]))
            else:
                value = draw(quarters.filter(lambda q, top=top: q <= top))
            rows.append([entity, code, value])
    return rows


def typed(value):
    if isinstance(value, D):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@SETTINGS
@given(verified_tables(), score_tables())
def test_any_valid_value_or_score_round_trips_exactly(written, results, scores):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(shutil.copy(written, Path(tmp) / "a.xlsx"))
        fill(path, RESULTS, [RESULT_HEAD, *[[u, i, typed(v), g] for u, i, v, g in results]])
        fill(path, CRITERIA, [SCORE_HEAD, *[[e, c, typed(v)] for e, c, v in scores]])
        appraisal = read_appraisal(path, PLAN)
    assert appraisal.problems == ()
    assert [(r.unit, r.indicator, r.value, r.ground) for r in appraisal.results] == [
        (u, i, D(int(v)) if isinstance(v, bool) else v, g.strip()) for u, i, v, g in results]
    assert [(s.entity, s.criterion, s.value) for s in appraisal.scores] == [
        tuple(row) for row in scores]


BREAKS = {  # sheet → ways to break one row, each an error
    RESULTS: [("Kết quả thẩm định", "nhiều"), ("Căn cứ", None), ("Mã đơn vị", "XZ"),
              ("Kết quả thẩm định", -1)],
    CRITERIA: [("Điểm thẩm định", 99), ("Điểm thẩm định", "tốt"), ("Mã tiêu chí", "ZZ")],
    CONDITIONS: [("Kỷ luật", "có lẽ"), ("Quyết định xếp loại", "XS"),
                 ("Không xếp loại", "Không")],
}


@SETTINGS
@given(verified_tables(), score_tables(), st.data())
def test_an_error_in_one_row_never_drops_or_changes_another(written, results, scores, data):
    tables = {
        RESULTS: [RESULT_HEAD, *[[u, i, typed(v), g] for u, i, v, g in results]],
        CRITERIA: [SCORE_HEAD, *[[e, c, typed(v)] for e, c, v in scores]],
        CONDITIONS: [["Mã đơn vị/cán bộ", "Kỷ luật", "Khắc phục hạn chế", "Quyết định xếp loại",
                      "Căn cứ", "Không xếp loại"],
                     *[[e, data.draw(st.sampled_from(["Có", "Không"])),
                        data.draw(st.sampled_from(["Có", "Không"])), None, None, None]
                       for e in ENTITIES]],
    }
    sheet = data.draw(st.sampled_from([s for s, t in tables.items() if len(t) > 1]))
    row = data.draw(st.integers(min_value=1, max_value=len(tables[sheet]) - 1))
    column, bad = data.draw(st.sampled_from(BREAKS[sheet]))
    broken = {s: [list(r) for r in t] for s, t in tables.items()}
    broken[sheet][row][broken[sheet][0].index(column)] = bad
    if column == "Quyết định xếp loại":
        broken[sheet][row][broken[sheet][0].index("Căn cứ")] = "QĐ 1"
    with tempfile.TemporaryDirectory() as tmp:
        reads = []
        for name, version in (("clean", tables), ("broken", broken)):
            path = Path(shutil.copy(written, Path(tmp) / f"{name}.xlsx"))
            for s, table in version.items():
                fill(path, s, table)
            reads.append(read_appraisal(path, PLAN))
    clean_read, broken_read = reads
    assert clean_read.problems == () and not broken_read.ok
    key = {RESULTS: lambda e: (e.unit, e.indicator), CRITERIA: lambda e: (e.entity, e.criterion),
           CONDITIONS: lambda e: e.entity}
    kinds = {RESULTS: 0, CRITERIA: 1, CONDITIONS: 2}
    lost = tuple(tables[sheet][row][:1 if sheet == CONDITIONS else 2])
    lost = lost[0] if sheet == CONDITIONS else lost
    for s, n in kinds.items():
        before = [e for e in entries(clean_read)[n] if not (s == sheet and key[s](e) == lost)]
        after = [e for e in entries(broken_read)[n] if not (s == sheet and key[s](e) == lost)]
        assert after == before, s
        if s == sheet:
            assert all(key[s](e) != lost for e in entries(broken_read)[n])


# ============================================================================= LibreOffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_filled_appraisal_survives_libreoffice(blank, tmp_path):  # pragma: no cover
    fill_everything(blank)
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                    str(blank)], check=True, capture_output=True, timeout=180)
    converted = out / blank.name
    appraisal = read_appraisal(converted, PLAN)
    assert appraisal.problems == (), [(p.code, p.sheet, p.cell) for p in appraisal.problems]
    assert entries(appraisal) == entries(read_appraisal(blank, PLAN))
