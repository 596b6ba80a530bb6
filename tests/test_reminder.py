"""`dgsp status --out STATUS.xlsx` (issue 12, item 5): the reminder list a Board attaches to a
công văn đôn đốc: the units still owing a valid return, what is wrong, how to send it again."""

from __future__ import annotations

from datetime import date

from conftest import invoke, small_plan
from openpyxl import load_workbook

from dgsp.plan import fill_template, write_plan
from dgsp.workflow import status

FULL = {"I1": 100, "I2": 5, "I3": 0, "I4": True}


def round_of(tmp_path):
    """XA valid, XB with two errors (a text result, an empty one), XC twice with different
    figures, SA and SB missing."""
    write_plan(tmp_path / "plan.xlsx", small_plan(deadline=date(2026, 1, 15)))
    assert invoke("assign", tmp_path / "plan.xlsx", "--out", tmp_path / "t").exit_code == 0
    r = tmp_path / "r"
    r.mkdir()
    fill_template(tmp_path / "t" / "XA.xlsx", FULL, r / "XA.xlsx")
    fill_template(tmp_path / "t" / "XB.xlsx", {**FULL, "I1": "nhiều", "I2": None}, r / "XB.xlsx")
    fill_template(tmp_path / "t" / "XC.xlsx", FULL, r / "XC.xlsx")
    fill_template(tmp_path / "t" / "XC.xlsx", {**FULL, "I1": 90}, r / "XC (1).xlsx")
    return tmp_path / "plan.xlsx", r


def table(path) -> list[tuple]:
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    return [r[:6] + (r[7],) for r in rows[:next(i for i, r in enumerate(rows) if r[0] is None)]]


def test_the_reminder_list(tmp_path):
    plan, returns = round_of(tmp_path)
    before = {p: p.read_bytes() for p in returns.iterdir()}
    result = status(plan, [returns], out=tmp_path / "don-doc.xlsx", today=date(2026, 1, 10))
    assert result.out == tmp_path / "don-doc.xlsx"
    rows = table(result.out)
    # No.  code  name    group heads  state        how to send again
    assert rows == [
        ("STT", "Mã đơn vị", "Tên đơn vị", "Nhóm so sánh", "Người đứng đầu", "Tình trạng",
         "Cách gửi lại"),
        (1, "XB", "Xã B", "Xã", None, "Có lỗi",
         "Sửa các ô nêu bên cạnh trong tệp XB.xlsx, lưu lại và gửi lại tệp."),
        (2, "XC", "Xã C", "Xã", None, "Trùng tệp",
         "Đã nhận hai tệp khác nhau (XC (1).xlsx, XC.xlsx): xác nhận tệp đúng và chỉ gửi lại "
         "tệp đó."),
        (3, "SA", "Sở A", "Sở", None, "Chưa nộp",
         "Điền kết quả vào mẫu SA.xlsx đã phát và gửi về."),
        (4, "SB", "Sở B", "Sở", None, "Chưa nộp",
         "Điền kết quả vào mẫu SB.xlsx đã phát và gửi về."),
    ]
    ws = load_workbook(result.out).active
    what = ws["G7"].value.splitlines()  # XB: each error with its cell
    assert len(what) == 2 and all(line.startswith("Kết quả!H") for line in what)
    assert "kết quả phải là số" in ws["G7"].value and "chưa nhập kết quả" in ws["G7"].value
    assert ws["G9"].value == "Chưa nhận được tệp kết quả."
    assert ws.row_dimensions[7].height >= 30  # two lines: stored, LibreOffice does not grow it
    assert ws["A2"].value == "DANH SÁCH ĐƠN VỊ CHƯA NỘP HOẶC NỘP KẾT QUẢ CHƯA HỢP LỆ"
    assert "Hạn nộp: 15/01/2026; tính đến ngày 10/01/2026: còn 5 ngày." == ws["A4"].value
    count = next(c.value for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value.startswith("Số đơn vị cần đôn đốc"))
    assert count == "Số đơn vị cần đôn đốc: 4/5 (đã hợp lệ: 1)."
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$6:$6"
    assert {p: p.read_bytes() for p in returns.iterdir()} == before


def test_the_reminder_list_is_headed_as_the_plans_documents(tmp_path):
    """With the plan's document keys, the list prints the official heading atop its first page
    and is dated there, with the plan's place; without, it is dated "……, ngày …" at the foot."""
    from test_document import PARTY

    r = tmp_path / "r"
    r.mkdir()
    for plan, heading in ((small_plan(document=PARTY), True), (small_plan(), False)):
        write_plan(tmp_path / "plan.xlsx", plan)
        out = tmp_path / f"{heading}.xlsx"
        status(tmp_path / "plan.xlsx", [r], out=out, today=date(2026, 1, 10))
        ws = load_workbook(out).active
        texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert ("ĐẢNG CỘNG SẢN VIỆT NAM" in (ws.firstHeader.right.text or "")) is heading
        assert ("……, ngày … tháng … năm …" in texts) is not heading
        assert ws.oddFooter.center.text == "Trang &P/&N"


def test_status_out_on_the_command_line_and_never_over_an_input(tmp_path):
    plan, returns = round_of(tmp_path)
    result = invoke("status", plan, returns, "--out", tmp_path / "dd.xlsx")
    assert result.exit_code == 1  # not every unit has a valid return
    assert f"Đã ghi danh sách đôn đốc: {tmp_path / 'dd.xlsx'}" in result.stdout
    again = invoke("status", plan, returns, "--out", tmp_path / "dd.xlsx")
    assert again.exit_code == 2 and "[DG301]" in again.stderr  # exists: not without --force
    onto = invoke("status", plan, returns, "--out", returns / "XA.xlsx", "--force")
    assert onto.exit_code == 2 and load_workbook(returns / "XA.xlsx")  # an input: refused


def test_a_reminder_list_in_a_returns_folder_is_skipped(tmp_path):
    plan, returns = round_of(tmp_path)
    status(plan, [returns], out=tmp_path / "dd.xlsx")
    (returns / "dd.xlsx").write_bytes((tmp_path / "dd.xlsx").read_bytes())
    again = status(plan, [returns])
    skipped = [p for p in again.completeness.general if p.code == "DG220"]
    assert [p.message("vi") for p in skipped] == [
        'bỏ qua tệp "dd.xlsx" (danh sách đôn đốc do dgsp tạo, không phải tệp kết quả)']
