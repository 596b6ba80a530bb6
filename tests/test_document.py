"""The documents' header and signature, chosen by the plan (issue 12, item 2): the six keys at
the end of `Thông tin`, read, checked, written back, and never part of the fingerprint."""

from __future__ import annotations

import pytest
from conftest import small_plan
from hypothesis import given
from hypothesis import strategies as st

from dgsp.example import example_sheets
from dgsp.model import DocStyle, Document
from dgsp.plan import parse_plan, read_plan, write_plan
from dgsp.problems import PlanError

PARTY = Document(parent_body="ĐẢNG BỘ TỈNH PHÚ THỌ", place="Phú Thọ", style=DocStyle.PARTY,
                 authority="T/M BAN THƯỜNG VỤ", signer_title="PHÓ BÍ THƯ THƯỜNG TRỰC",
                 signer="Nguyễn Văn A")


def with_info(rows: list[list[str]]):
    """The 2021 example's plan with these rows added to its Thông tin."""
    sheets = example_sheets(2021)
    sheets["Thông tin"] = [*sheets["Thông tin"], *rows]
    return parse_plan(sheets, file="plan.xlsx")


def test_the_six_keys_are_read():
    plan, problems = with_info([
        # key                 value
        ["Cơ quan cấp trên", "ĐẢNG BỘ TỈNH PHÚ THỌ"],
        ["Địa danh", "Phú Thọ"],
        ["Kiểu văn bản", "Đảng"],
        ["Quyền hạn ký", "T/M BAN THƯỜNG VỤ"],
        ["Chức vụ người ký", "PHÓ BÍ THƯ THƯỜNG TRỰC"],
        ["Người ký", "Nguyễn Văn A"],
    ])
    assert not [p for p in problems if p.is_error]
    assert plan.document == PARTY


@pytest.mark.parametrize("typed, style", [("Nhà nước", DocStyle.STATE), ("nha nuoc", DocStyle.STATE),
                                          ("State", DocStyle.STATE), ("đảng", DocStyle.PARTY)])
def test_the_style_in_either_language_and_any_case(typed, style):
    plan, _ = with_info([["Kiểu văn bản", typed]])
    assert plan.document.style is style


def test_an_unknown_style_is_dg105_naming_the_choices():
    with pytest.raises(PlanError) as exc:
        with_info([["Kiểu văn bản", "Chính phủ"]])
    (p,) = exc.value.problems
    assert p.code == "DG105" and p.sheet == "Thông tin"
    assert '"Đảng" hoặc "Nhà nước"' in p.message("vi")


def test_written_and_read_back(tmp_path):
    plan = small_plan(document=PARTY)
    write_plan(tmp_path / "plan.xlsx", plan)
    back, _ = read_plan(tmp_path / "plan.xlsx")
    assert back.document == PARTY


def test_a_plan_without_them_writes_none(tmp_path):
    from openpyxl import load_workbook

    write_plan(tmp_path / "plan.xlsx", small_plan())
    keys = [c.value for c in load_workbook(tmp_path / "plan.xlsx")["Thông tin"]["A"]]
    assert "Kiểu văn bản" not in keys and "Người ký" not in keys


@given(st.text(max_size=40), st.sampled_from(list(DocStyle)))
def test_the_signatory_never_changes_the_fingerprint(signer, style):
    plan = small_plan()
    assert plan.model_copy(update={"document": Document(signer=signer, style=style)}
                           ).fingerprint() == plan.fingerprint()


def phieu_rows(plan, tmp_path) -> list[list]:
    from openpyxl import load_workbook

    from dgsp.report import write_unit_sheets
    from dgsp.scoring import evaluate

    paths = write_unit_sheets(evaluate(plan, {}), tmp_path, workers=1)
    ws = load_workbook(paths[0]).active
    return [[v for v in r if v is not None] for r in ws.iter_rows(values_only=True)]


def test_a_party_document_is_headed_and_signed_as_one(tmp_path):
    rows = phieu_rows(small_plan(document=PARTY, issued_by="Ban Thường vụ Tỉnh ủy"), tmp_path)
    # row  left (parent body, issuing body, *)      right
    assert rows[:3] == [
        ["ĐẢNG BỘ TỈNH PHÚ THỌ", "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["BAN THƯỜNG VỤ TỈNH ỦY", "Phú Thọ, ngày … tháng … năm …"],
        ["*"],
    ]
    assert rows[4] == ["PHIẾU ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CHỈ TIÊU, NHIỆM VỤ NĂM 2025"]
    tail = rows[-7:]
    assert ["Người lập phiếu", "Người đứng đầu đơn vị",
            "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC"] in tail
    assert ["Nguyễn Văn A"] in tail
    assert ["Phú Thọ, ngày … tháng … năm …"] not in tail  # dated once, in the heading


def test_a_state_document_has_the_national_name_and_motto(tmp_path):
    state = PARTY.model_copy(update={"style": DocStyle.STATE, "parent_body": "UBND TỈNH PHÚ THỌ"})
    rows = phieu_rows(small_plan(document=state, issued_by="Sở Nội vụ"), tmp_path)
    assert rows[:3] == [
        ["UBND TỈNH PHÚ THỌ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["SỞ NỘI VỤ", "Độc lập - Tự do - Hạnh phúc"],
        ["Phú Thọ, ngày … tháng … năm …"],
    ]


def test_without_a_style_the_phieu_is_headed_as_before(tmp_path):
    rows = phieu_rows(small_plan(issued_by="Tỉnh ủy Vĩnh Phúc"), tmp_path)
    assert rows[0] == ["Tỉnh ủy Vĩnh Phúc"] and rows[1] == []
    assert ["……, ngày … tháng … năm …"] in rows and ["Thủ trưởng cơ quan đánh giá"] in [
        r[2:] for r in rows if len(r) == 3]


def test_the_summary_ends_with_its_recipients_and_signature(tmp_path):
    from openpyxl import load_workbook

    from dgsp.report import write_report
    from dgsp.scoring import evaluate

    write_report(evaluate(small_plan(document=PARTY), {}), tmp_path / "r.xlsx")
    rows = [[v for v in r if v is not None]
            for r in load_workbook(tmp_path / "r.xlsx")["Tổng hợp"].iter_rows(values_only=True)]
    foot = rows[-6:]
    assert foot == [["Nơi nhận:", "Phú Thọ, ngày … tháng … năm …"],
                    ["- Như trên;", "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC"],
                    ["- Lưu: VT.", "(Ký, ghi rõ họ tên)"], [], [], ["Nguyễn Văn A"]]
    write_report(evaluate(small_plan(), {}), tmp_path / "s.xlsx")  # no signatory: no foot
    plain = [[v for v in r if v is not None]
             for r in load_workbook(tmp_path / "s.xlsx")["Tổng hợp"].iter_rows(values_only=True)]
    assert ["Nơi nhận:"] not in [r[:1] for r in plain]


def test_the_documents_are_in_times_new_roman_every_style_named(tmp_path):
    """The report and the phiếu: every cell's font, bold and italic included, and the
    workbook's default, is Times New Roman (a missing name prints in a serif and a Calibri)."""
    from openpyxl import load_workbook

    from dgsp.report import write_report, write_unit_sheets
    from dgsp.scoring import evaluate

    ev = evaluate(small_plan(document=PARTY), {})
    write_report(ev, tmp_path / "r.xlsx")
    (phieu, *_) = write_unit_sheets(ev, tmp_path / "p", workers=1)
    for path in (tmp_path / "r.xlsx", phieu):
        wb = load_workbook(path)
        assert wb._fonts[0].name == "Times New Roman", path.name
        names = {c.font.name for ws in wb.worksheets for row in ws.iter_rows() for c in row
                 if c.value is not None}
        assert names == {"Times New Roman"}, (path.name, names)
    title = next(c for row in load_workbook(phieu).active.iter_rows() for c in row
                 if c.value and str(c.value).startswith("PHIẾU ĐÁNH GIÁ"))
    assert title.font.b and title.font.sz >= 13


def test_the_template_ends_with_the_units_signature_and_a_date_line():
    """Under the results table, one empty row, then the preparer on the left and the unit's
    head on the right: "THỦ TRƯỞNG ĐƠN VỊ (Ký tên, đóng dấu)" under a date line."""
    from dgsp.plan.templates import HEADER_ROW, build_template

    ws = build_template(small_plan(), "XA").worksheets[0]
    last = HEADER_ROW + 4  # XA has four indicators
    assert ws.cell(last + 1, 2).value is None  # the table still ends at the first empty code
    rows = [[v for v in r if v is not None]
            for r in ws.iter_rows(min_row=last + 2, max_row=last + 4, values_only=True)]
    # left                                   right
    assert rows == [
        ["……, ngày … tháng … năm …"],
        ["NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"],
        ["(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"],
    ]
    date_cell = next(c for c in ws[last + 2] if c.value)
    assert date_cell.font.i and not date_cell.protection.locked  # the unit may type its date
    en = build_template(small_plan(), "XA", lang="en").worksheets[0]
    assert "HEAD OF UNIT" in [c.value for c in en[last + 3]]


def test_the_templates_numbers_sit_right_and_show_as_the_target_does():
    """A number typed as 2100 shows as 2.100 (as the guide sheet says), right-aligned like the
    target; "Đạt" and the yes/no results are text, on the left."""
    from dgsp.plan.templates import HEADER_ROW, build_template

    ws = build_template(small_plan(), "XA").worksheets[0]
    head = {c.value: c.column for c in ws[HEADER_ROW]}
    target, result = head["Chỉ tiêu giao"], head["Kết quả thực hiện"]
    #      row            target fmt  align    result fmt  align
    expected = [(HEADER_ROW + 1, "#,##0", "right", "#,##0", "right"),   # I1: 100 người
                (HEADER_ROW + 4, "General", "left", "General", "left")]  # I4: Đạt
    for r, tfmt, talign, rfmt, ralign in expected:
        t, v = ws.cell(r, target), ws.cell(r, result)
        assert (t.number_format, t.alignment.horizontal or "left") == (tfmt, talign), r
        assert (v.number_format, v.alignment.horizontal or "left") == (rfmt, ralign), r


def test_the_summary_is_headed_on_its_first_printed_page(tmp_path):
    """Tổng hợp keeps its fixed rows; the official heading prints above them, on page 1."""
    from openpyxl import load_workbook

    from dgsp.report import write_report
    from dgsp.scoring import evaluate

    plan = small_plan(document=PARTY, issued_by="Ban Thường vụ Tỉnh ủy")
    write_report(evaluate(plan, {}), tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["Tổng hợp"]
    assert ws.HeaderFooter.differentFirst
    left, right = ws.firstHeader.left.text, ws.firstHeader.right.text
    assert left.split("\n") == ["ĐẢNG BỘ TỈNH PHÚ THỌ", "&BBAN THƯỜNG VỤ TỈNH ỦY&B", "*"]
    assert right.split("\n") == ["&UĐẢNG CỘNG SẢN VIỆT NAM&U",
                                 "&IPhú Thọ, ngày … tháng … năm …&I"]
    assert ws.firstHeader.left.font == "Times New Roman,Regular"
    assert ws.page_margins.top > ws.page_margins.bottom  # room for the heading's lines
    # the signature prints whole on the first page of a table over several pages wide
    from openpyxl.utils import get_column_letter

    from dgsp.xlsx import first_page_columns
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column)]
    signer = next(c for row in ws.iter_rows() for c in row if c.value == "Nguyễn Văn A")
    span = next(m for m in ws.merged_cells.ranges if signer.coordinate in m)
    assert span.max_col <= first_page_columns(widths, landscape=True) < len(widths)
    write_report(evaluate(small_plan(), {}), tmp_path / "s.xlsx")
    assert not load_workbook(tmp_path / "s.xlsx")["Tổng hợp"].firstHeader.left.text


def test_the_year_phieu_is_headed_and_signed_as_its_last_round(tmp_path):
    """The report's JSON carries the plan's document (only when given); `dgsp year` reads it
    back and heads and signs its phiếu as the last round's plan does."""
    from openpyxl import load_workbook
    from test_year_build import ROUNDS

    from dgsp.compare.model import ScoreReport
    from dgsp.compare.year import build_year
    from dgsp.report import to_json
    from dgsp.report.year import write_year_sheets
    from dgsp.scoring import evaluate

    data = to_json(evaluate(small_plan(document=PARTY), {}))
    assert data["plan"]["document"] == {
        "parent_body": "ĐẢNG BỘ TỈNH PHÚ THỌ", "place": "Phú Thọ", "style": "party",
        "authority": "T/M BAN THƯỜNG VỤ", "signer_title": "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "signer": "Nguyễn Văn A"}
    assert "document" not in to_json(evaluate(small_plan(), {}))["plan"]
    assert ScoreReport.model_validate(data).plan.document == PARTY

    *first, last = ROUNDS
    headed = last.model_copy(update={"plan": last.plan.model_copy(update={
        "document": PARTY, "issued_by": "Ban Thường vụ Tỉnh ủy"})})
    (path, *_) = write_year_sheets(build_year([*first, headed]), tmp_path / "phieu")
    rows = [[v for v in r if v is not None]
            for r in load_workbook(path).active.iter_rows(values_only=True)]
    assert rows[:3] == [["ĐẢNG BỘ TỈNH PHÚ THỌ", "ĐẢNG CỘNG SẢN VIỆT NAM"],
                        ["BAN THƯỜNG VỤ TỈNH ỦY", "Phú Thọ, ngày … tháng … năm …"], ["*"]]
    assert ["T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC"] in [r[1:] for r in rows]
    assert ["Nguyễn Văn A"] in rows
    assert rows.count(["Phú Thọ, ngày … tháng … năm …"]) == 0  # dated once, in the heading


@pytest.mark.parametrize("issued_by, left, heights", [
    # issuing body                    left side (chars)  rows grown
    ("Ban Thường vụ Tỉnh ủy", 28, {}),
    ("Ban Thường vụ Tỉnh ủy Phú Thọ", 28, {2: 30.0}),  # the year phiếu: two lines
    ("Ban Thường vụ Tỉnh ủy Phú Thọ", 56, {}),  # the round's phiếu
])
def test_a_heading_line_that_wraps_gets_its_height(issued_by, left, heights):
    from dgsp.report.write import header_heights

    plan = small_plan(document=PARTY, issued_by=issued_by)
    assert header_heights(plan, "vi", left, 54) == heights
    assert header_heights(small_plan(issued_by=issued_by), "vi", left, 54) == {}


def test_a_percent_target_shows_its_sign_like_its_result():
    """A % indicator's target, 95 in the plan, shows as 95% beside a result cell that shows
    what the unit types as a percentage (no "95" against "95.0%")."""
    from pathlib import Path

    from dgsp.plan.templates import HEADER_ROW, build_template

    plan, _ = read_plan(Path(__file__).parent.parent / "examples" / "vinh-phuc-2026" / "plan.xlsx")
    ws = build_template(plan, "SNV").worksheets[0]
    head = {c.value: c.column for c in ws[HEADER_ROW]}
    row = next(r for r in range(HEADER_ROW + 1, ws.max_row + 1)
               if ws.cell(r, head["Đơn vị tính"]).value == "%")
    target, result = ws.cell(row, head["Chỉ tiêu giao"]), ws.cell(row, head["Kết quả thực hiện"])
    assert (target.number_format, result.number_format) == ('0"%"', "0.0#%")
