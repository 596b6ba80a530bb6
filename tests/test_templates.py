"""The unit template contract (``dgsp assign``), asserted cell by cell."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from conftest import small_plan, workbook_content
from openpyxl import load_workbook

from dgsp import xlsx
from dgsp.model import TEMPLATE_VERSION, Target, Unit
from dgsp.plan.templates import HEADER_ROW, build_template, fill_template, write_templates
from dgsp.problems import OutputError

VI_HEADER = ["STT", "Mã chỉ tiêu", "Nhóm nhiệm vụ", "Tên chỉ tiêu", "Đơn vị tính", "Chiều",
             "Chỉ tiêu giao", "Kết quả thực hiện", "Ghi chú/Minh chứng"]
EN_HEADER = ["No.", "Indicator code", "Task group", "Indicator name", "Unit of measure",
             "Direction", "Target", "Result", "Note/Evidence"]
FIRST = HEADER_ROW + 1  # the first indicator row (1-based)


def row_values(ws, row: int) -> list:
    return [c.value for c in ws[row]][:9]


@pytest.fixture
def dated_plan():
    return small_plan(deadline=date(2026, 1, 15), issued_by="Ban Tổ chức Tỉnh ủy")


# ----------------------------------------------------------------------------- layout


def test_sheets_in_order_with_metadata_very_hidden(dated_plan):
    wb = build_template(dated_plan, "XA")
    assert wb.sheetnames == ["Kết quả", "Hướng dẫn", "_dgsp"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "visible", "veryHidden"]
    assert wb.active.title == "Kết quả"


def test_header_block(dated_plan):
    ws = build_template(dated_plan, "XA")["Kết quả"]
    assert ws["A1"].value == "Đánh giá thử"
    assert (ws["A3"].value, ws["C3"].value) == ("Năm", 2025)
    assert (ws["A4"].value, ws["C4"].value) == ("Đơn vị", "Xã A")
    assert (ws["A5"].value, ws["C5"].value) == ("Mã đơn vị", "XA")
    assert (ws["A6"].value, ws["C6"].value) == ("Người đứng đầu", "Nguyễn Văn A - Bí thư")
    assert ws["A7"].value == "Hạn nộp"
    assert ws["C7"].value == datetime(2026, 1, 15)  # as any reader sees it
    assert ws["C7"].number_format == "dd/mm/yyyy"
    assert ws["A8"].value.startswith("Chỉ nhập vào các ô màu vàng")


def test_untitled_plan_gets_a_generic_title():
    ws = build_template(small_plan(title=""), "XA")["Kết quả"]
    assert ws["A1"].value == "Kết quả thực hiện chỉ tiêu năm 2025"


def test_table_rows_in_plan_order_with_targets(plan):
    ws = build_template(plan, "XA")["Kết quả"]
    assert row_values(ws, HEADER_ROW) == VI_HEADER
    assert row_values(ws, FIRST) == [1, "I1", "Xây dựng Đảng", "Kết nạp đảng viên", "người",
                                     "Tăng", 100, None, None]
    assert row_values(ws, FIRST + 1)[:7] == [2, "I2", "An ninh", "Tai nạn giao thông", "vụ",
                                             "Giảm", 10]
    assert row_values(ws, FIRST + 2)[1::5] == ["I3", 0]
    assert row_values(ws, FIRST + 3)[:7] == [4, "I4", "Cải cách", "Hoàn thành đề án", None,
                                             "Đạt", "Đạt"]
    assert row_values(ws, FIRST + 4) == [None] * 9  # the table ends here
    assert ws["G11"].number_format == "#,##0"


def test_unit_with_fewer_indicators_gets_only_its_own():
    ws = build_template(small_plan(), "SB")["Kết quả"]
    assert [ws.cell(row=r, column=2).value for r in range(FIRST, FIRST + 3)] == ["I1", "I4", None]
    assert ws["G11"].value == 50


def test_fractional_target_keeps_decimals():
    plan = small_plan()
    targets = tuple(t.model_copy(update={"value": Decimal("2.5")})
                    if (t.unit, t.indicator) == ("XA", "I2") else t for t in plan.targets)
    ws = build_template(small_plan(targets=targets), "XA")["Kết quả"]
    assert ws["G12"].value == 2.5
    assert ws["G12"].number_format == "#,##0.##"


def test_protection_and_input_cells(plan):
    ws = build_template(plan, "XA")["Kết quả"]
    assert ws.protection.sheet is True
    assert ws.protection.password is None
    for r in range(FIRST, FIRST + 4):
        for col in "HI":
            c = ws[f"{col}{r}"]
            assert c.protection.locked is False, c.coordinate
            assert c.fill.fgColor.rgb.endswith(xlsx.INPUT_FILL), c.coordinate
        for col in "ABCDEFG":
            assert ws[f"{col}{r}"].protection.locked is True
    for coord in ("A1", "C4", "H10", "I10", "H15", "I15"):
        assert ws[coord].protection.locked is True, coord


def test_data_validation_on_result_cells(plan):
    ws = build_template(plan, "XA")["Kết quả"]
    dvs = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert set(dvs) == {"decimal", "list"}
    dec, lst = dvs["decimal"], dvs["list"]
    assert (dec.operator, dec.formula1) == ("greaterThanOrEqual", "0")
    assert sorted(str(dec.sqref).split()) == ["H11", "H12", "H13"]
    assert lst.formula1 == '"Đạt,Không đạt"'
    assert str(lst.sqref) == "H14"
    assert dec.showErrorMessage and lst.showErrorMessage
    assert "≥ 0" in dec.error and "Không đạt" in lst.prompt


def test_no_list_validation_without_binary_indicators():
    plan = small_plan()
    plan = small_plan(targets=tuple(t for t in plan.targets if t.indicator != "I4"))
    ws = build_template(plan, "XA")["Kết quả"]
    assert [dv.type for dv in ws.data_validations.dataValidation] == ["decimal"]


def test_print_setup_and_freeze(plan):
    ws = build_template(plan, "XA")["Kết quả"]
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.freeze_panes == f"A{FIRST}"


def test_guide_sheet_names_file_deadline_and_recipient(dated_plan):
    ws = build_template(dated_plan, "XA")["Hướng dẫn"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    joined = "\n".join(texts)
    assert texts[0] == "Hướng dẫn điền và gửi lại mẫu kết quả"
    assert "\"XA.xlsx\"" in joined
    assert "Gửi lại tệp cho Ban Tổ chức Tỉnh ủy trước ngày 15/01/2026." in texts
    assert any("2.100" in t for t in texts)  # the number convention


def test_metadata_sheet(plan):
    ws = build_template(plan, "XC")["_dgsp"]
    rows = [tuple(c.value for c in row[:2]) for row in ws.iter_rows()]
    assert rows[:7] == [("schema", "dgsp.template/1"), ("template_version", TEMPLATE_VERSION),
                        ("plan_fingerprint", plan.fingerprint()), ("unit", "XC"),
                        ("year", 2025), ("lang", "vi"), ("title", "Đánh giá thử")]
    assert rows[8:] == [("indicator", "target"), ("I1", 100), ("I2", 10), ("I3", 0), ("I4", 1)]


def test_custom_document_properties(plan, tmp_path):
    path = write_templates(plan, tmp_path)[1]
    props = {p.name: p.value for p in load_workbook(path).custom_doc_props.props}
    assert props == {"dgsp_plan_fingerprint": plan.fingerprint(), "dgsp_unit": "XB"}


def test_english_template(plan):
    wb = build_template(plan, "XA", lang="en")
    assert wb.sheetnames == ["Results", "Instructions", "_dgsp"]
    ws = wb["Results"]
    assert row_values(ws, HEADER_ROW) == EN_HEADER
    assert (ws["A3"].value, ws["A4"].value) == ("Year", "Unit")
    assert ws["F11"].value == "higher" and ws["G14"].value == "Done"
    lst = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"][0]
    assert lst.formula1 == '"Done,Not done"'
    assert wb["_dgsp"]["B6"].value == "en"


def test_formula_like_unit_name_stays_text(tmp_path):
    evil = "=cmd|' /C calc'!A0"
    plan = small_plan(units=(Unit(code="XA", name=evil, group="Xã", heads=("=1+1",)),
                             Unit(code="XB", name="Xã B", group="Xã"),
                             Unit(code="XC", name="Xã C", group="Xã"),
                             Unit(code="SA", name="Sở A", group="Sở"),
                             Unit(code="SB", name="Sở B", group="Sở")))
    path = write_templates(plan, tmp_path)[0]
    ws = load_workbook(path)["Kết quả"]
    assert ws["C4"].value == evil and ws["C4"].data_type == "s"
    assert ws["C6"].value == "=1+1" and ws["C6"].data_type == "s"
    grid = xlsx.open_book(path).grid("Kết quả")
    assert grid[3][2] == evil


def test_calamine_sees_the_same_addresses(plan, tmp_path):
    path = write_templates(plan, tmp_path)[0]
    ws = load_workbook(path)["Kết quả"]
    book = xlsx.open_book(path)
    grid = book.grid("Kết quả")
    seen = 0
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            got = grid[c.row - 1][c.column - 1]
            want = c.value
            if isinstance(want, (int, float)):
                assert got == float(want), c.coordinate
            elif isinstance(want, datetime):
                assert got == want.date() or got == want, c.coordinate
            else:
                assert got == want, c.coordinate
            seen += 1
    assert seen > 40
    header = xlsx.find_header(grid, {"code": ["Mã chỉ tiêu"], "result": ["Kết quả thực hiện"]},
                              ["code", "result"])
    assert (header.row, header.columns) == (HEADER_ROW - 1, {"code": 1, "result": 7})
    from python_calamine import CalamineWorkbook

    meta = {m.name: str(m.visible) for m in CalamineWorkbook.from_path(str(book.path)).sheets_metadata}
    assert meta["_dgsp"].lower().endswith("veryhidden")


# ----------------------------------------------------------------------------- writing files


def test_write_templates_one_file_per_unit_in_plan_order(plan, tmp_path):
    out = tmp_path / "new" / "mau"
    paths = write_templates(plan, out)
    assert [p.name for p in paths] == ["XA.xlsx", "XB.xlsx", "XC.xlsx", "SA.xlsx", "SB.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)  # no temp files
    assert load_workbook(paths[3])["_dgsp"]["B4"].value == "SA"


def test_file_names_are_safe():
    units = (Unit(code="CON", name="Reserved on Windows", group="G"),
             Unit(code="A/B", name="Slash", group="G"))
    targets = tuple(Target(unit=u.code, indicator="I1", value=Decimal(5)) for u in units)
    plan = small_plan(units=units, targets=targets)
    from dgsp.plan.templates import template_filename
    assert [template_filename(u.code) for u in units] == ["_CON.xlsx", "A_B.xlsx"]
    assert build_template(plan, "A/B")["_dgsp"]["B4"].value == "A/B"


def test_existing_files_refused_without_force(plan, tmp_path):
    (tmp_path / "XB.xlsx").write_bytes(b"keep me")
    (tmp_path / "SB.xlsx").write_bytes(b"keep me too")
    with pytest.raises(OutputError) as exc:
        write_templates(plan, tmp_path)
    problems = exc.value.problems
    assert [(p.code, p.params["path"]) for p in problems] == [
        ("DG301", str(tmp_path / "XB.xlsx")), ("DG301", str(tmp_path / "SB.xlsx"))]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SB.xlsx", "XB.xlsx"]  # nothing written
    assert (tmp_path / "XB.xlsx").read_bytes() == b"keep me"

    paths = write_templates(plan, tmp_path, force=True)
    assert len(paths) == 5
    assert load_workbook(tmp_path / "XB.xlsx")["_dgsp"]["B4"].value == "XB"


def test_unwritable_output_is_dg302(plan, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError) as exc:
        write_templates(plan, blocker / "out")
    assert [p.code for p in exc.value.problems] == ["DG302"]
    assert exc.value.problems[0].params["path"] == str(blocker / "out")


def test_codes_differing_only_in_case_clash(tmp_path):
    units = (Unit(code="XA", name="A", group="G"), Unit(code="xa", name="a", group="G"))
    targets = tuple(Target(unit=u.code, indicator="I1", value=Decimal(5)) for u in units)
    with pytest.raises(OutputError) as exc:
        write_templates(small_plan(units=units, targets=targets), tmp_path)
    assert [(p.code, p.unit, p.params["other"]) for p in exc.value.problems] == [
        ("DG223", "xa", "XA")]
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- filling in


def test_fill_template_types_like_an_office(plan, tmp_path):
    template = write_templates(plan, tmp_path / "tpl")[0]
    out = fill_template(template, {"I1": "2.100", "I2": 3, "I3": Decimal("0.5"), "I4": False},
                        tmp_path / "XA.xlsx", notes={"I1": "=Nghị quyết 01"})
    wb = load_workbook(out)
    ws = wb["Kết quả"]
    assert (ws["H11"].value, ws["H11"].data_type) == ("2.100", "s")
    assert (ws["H12"].value, ws["H13"].value, ws["H14"].value) == (3, 0.5, "Không đạt")
    assert (ws["I11"].value, ws["I11"].data_type) == ("=Nghị quyết 01", "s")
    # everything else survives the round trip through openpyxl
    assert ws.protection.sheet is True
    assert wb["_dgsp"].sheet_state == "veryHidden"
    assert len(ws.data_validations.dataValidation) == 2
    assert template.read_bytes() != out.read_bytes()


def test_fill_english_template_writes_english_words(plan, tmp_path):
    template = write_templates(plan, tmp_path / "tpl", lang="en")[0]
    out = fill_template(template, {"I4": True}, tmp_path / "XA.xlsx")
    assert load_workbook(out)["Results"]["H14"].value == "Done"


def test_fill_template_refuses_unknown_codes(plan, tmp_path):
    template = write_templates(plan, tmp_path / "tpl")[3]  # SA: I1 and I4 only
    with pytest.raises(ValueError, match="I2"):
        fill_template(template, {"I1": 5, "I2": 1}, tmp_path / "SA.xlsx")
    assert not (tmp_path / "SA.xlsx").exists()


def test_templates_are_the_same_whatever_the_number_of_workers(plan, tmp_path):
    one = write_templates(plan, tmp_path / "one", workers=1)
    two = write_templates(plan, tmp_path / "two", workers=2)
    assert [p.name for p in one] == [p.name for p in two] == [f"{u.code}.xlsx"
                                                              for u in plan.units]
    for a, b in zip(one, two):
        assert workbook_content(a) == workbook_content(b), a.name
    assert workbook_content(one[0])["Kết quả"]["cells"]["C5"][0] == "XA"
