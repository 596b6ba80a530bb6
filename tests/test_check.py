"""`dgsp check`: the dry run, its grouped table, counts by code, JSON, and annotated copies.

The bundled example is built once per module (init → assign → fill). The mixed
round copies its 28 returns and changes five units, the way offices do:

- TAMDAO types its XD01 result in words ("hai nghìn", Kết quả!H11): DG212, error;
- SONGLO types KT05 as the text "2.000" (Kết quả!H24): DG214, a warning, read as 2000;
- STC leaves SN01 empty (Kết quả!H11): DG210, error;
- VPTU sends a file that is not a workbook: DG201, error, and no annotated copy;
- SXD sends nothing: DG219, error.

Every test checks the exit code and values: cells, fills, comments, counts, JSON,
and that no input changed (SHA-256 before and after).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import invoke

N_UNITS = 28
WIDE = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}  # rich tables unwrapped
ERROR_FILL, WARNING_FILL = "00FF9999", "00FFC000"
PROBLEM_KEYS = {"code", "severity", "file", "sheet", "cell", "unit", "indicator", "message", "hint"}
DG212_VI = 'kết quả phải là số, gặp "hai nghìn"'


@pytest.fixture(autouse=True)
def _no_lang_from_outside(monkeypatch):
    monkeypatch.delenv("DGSP_LANG", raising=False)


def run(*args: object):
    return invoke(*args, env=WIDE)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}


@dataclass(frozen=True)
class Round:
    plan: Path
    returns: Path  # the 28 valid returns
    mix: Path  # the mixed round described above
    warn: Path  # every return valid, SONGLO with a text number (a warning only)


@pytest.fixture(scope="module")
def rnd(tmp_path_factory) -> Round:
    from dgsp import example as ex
    from dgsp import workflow
    from dgsp.plan.templates import fill_template

    root = tmp_path_factory.mktemp("check")
    plan = workflow.init_workspace(root)
    assigned = workflow.assign(plan, root / "templates")
    returns = root / "returns"
    ex.fill_returns(assigned.plan, root / "templates", returns)

    mix, warn = root / "mix", root / "warn"
    for folder in (mix, warn):
        shutil.copytree(returns, folder)
    fill_template(returns / "SONGLO.xlsx", {"KT05": "2.000"}, warn / "SONGLO.xlsx")
    shutil.copy(warn / "SONGLO.xlsx", mix / "SONGLO.xlsx")
    fill_template(returns / "TAMDAO.xlsx", {"XD01": "hai nghìn"}, mix / "TAMDAO.xlsx")
    fill_template(returns / "STC.xlsx", {"SN01": None}, mix / "STC.xlsx")
    (mix / "VPTU.xlsx").write_bytes(b"this is not a workbook")
    (mix / "SXD.xlsx").unlink()
    return Round(plan=plan, returns=returns, mix=mix, warn=warn)


def load(path: Path):
    from openpyxl import load_workbook

    return load_workbook(path)


def grid(path: Path, sheet: str) -> list[list]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)


# ----------------------------------------------------------------------------- exit codes


def test_check_valid_example_exits_0_with_no_problems(rnd, tmp_path):
    before = hashes(rnd.returns)
    js = tmp_path / "check.json"
    result = run("check", rnd.plan, rnd.returns, "--json", js)
    assert result.exit_code == 0, result.output
    assert "Không có vấn đề nào." in result.stdout
    assert f"{N_UNITS} đơn vị: {N_UNITS} hợp lệ, 0 có lỗi, 0 trùng tệp, 0 chưa nộp." \
        in result.stdout
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["schema"] == "dgsp.check/1"
    assert data["problems"] == [] and data["counts"] == {}
    assert {u["status"] for u in data["units"]} == {"valid"}
    assert len(data["units"]) == N_UNITS
    assert hashes(rnd.returns) == before
    assert not any(p.suffix == ".xlsx" for p in tmp_path.iterdir())  # no report: a dry run


def test_warnings_alone_exit_0(rnd):
    result = run("check", rnd.plan, rnd.warn)
    assert result.exit_code == 0, result.output
    assert "DG214" in result.stdout
    assert "Kết quả!H24" in result.stdout
    assert f"{N_UNITS} đơn vị: {N_UNITS} hợp lệ" in result.stdout


def test_mixed_round_exits_1_and_groups_problems_by_unit(rnd):
    result = run("check", rnd.plan, rnd.mix)
    assert result.exit_code == 1, result.output
    out = result.stdout
    tamdao = f"TAMDAO · Huyện Tam Đảo — {rnd.mix / 'TAMDAO.xlsx'}"
    songlo = f"SONGLO · Huyện Sông Lô — {rnd.mix / 'SONGLO.xlsx'}"
    stc = f"STC · Sở Tài chính — {rnd.mix / 'STC.xlsx'}"
    vptu = f"VPTU · Văn phòng Tỉnh ủy — {rnd.mix / 'VPTU.xlsx'}"
    headings = [songlo, tamdao, stc, "SXD · Sở Xây dựng", vptu]  # plan order
    positions = [out.index(h) for h in headings]
    assert positions == sorted(positions)
    lines = out.splitlines()

    def line_after(heading: str) -> str:
        return lines[next(i for i, line in enumerate(lines) if line.startswith(heading)) + 1]

    assert line_after(tamdao).split()[:2] == ["DG212", "Lỗi"]
    assert "Kết quả!H11" in line_after(tamdao) and DG212_VI in line_after(tamdao)
    assert "DG214" in line_after(songlo) and "Cảnh báo" in line_after(songlo)
    assert "Kết quả!H24" in line_after(songlo)
    assert 'kết quả nhập dạng chữ "2.000", đã đọc là 2.000' in line_after(songlo)
    assert "DG210" in line_after(stc) and "Kết quả!H11" in line_after(stc)
    assert "DG219" in line_after("SXD · Sở Xây dựng")
    assert "DG201" in line_after(vptu)
    assert "VINHYEN" not in out  # a unit without problems is not listed
    assert "→ Nhập kết quả thực hiện (số 0 nếu không thực hiện được)." in out  # hints
    assert "28 đơn vị: 24 hợp lệ, 3 có lỗi, 0 trùng tệp, 1 chưa nộp." in out


def test_mixed_round_counts_by_code(rnd):
    result = run("check", rnd.plan, rnd.mix)
    lines = result.stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Số vấn đề theo mã")))
    rows = {}
    for line in lines[start:]:
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if len(cells) == 4 and cells[0].startswith("DG"):
            rows[cells[0]] = cells[1:]
    assert rows == {
        "DG201": ["Lỗi", "1", "không mở được tệp: …"],
        "DG210": ["Lỗi", "1", "chưa nhập kết quả thực hiện"],
        "DG212": ["Lỗi", "1", 'kết quả phải là số, gặp "…"'],
        "DG214": ["Cảnh báo", "1", 'kết quả nhập dạng chữ "…", đã đọc là …'],
        "DG219": ["Lỗi", "1", 'đơn vị "…" không nộp kết quả'],
    }


def test_mixed_round_json(rnd, tmp_path):
    from dgsp.model import Problem
    from dgsp.report.write import problem_json

    result = run("check", rnd.plan, rnd.mix, "--json", "-")
    assert result.exit_code == 1
    data = json.loads(result.stdout)  # nothing but JSON on stdout
    assert "DG212" in result.stderr  # the table went to stderr
    assert data["schema"] == "dgsp.check/1"
    assert data["plan"]["year"] == 2021 and data["plan"]["file"] == str(rnd.plan)
    assert data["plan"]["sha256"] == sha256(rnd.plan)
    assert data["counts"] == {"DG201": 1, "DG210": 1, "DG212": 1, "DG214": 1, "DG219": 1}
    units = {u["code"]: u for u in data["units"]}
    assert len(units) == N_UNITS
    assert units["TAMDAO"] == {"code": "TAMDAO", "name": "Huyện Tam Đảo",
                               "group": "Huyện, thành phố", "status": "errors",
                               "file": str(rnd.mix / "TAMDAO.xlsx"),
                               "files": [str(rnd.mix / "TAMDAO.xlsx")],
                               "errors": 1, "warnings": 0}
    assert (units["SONGLO"]["status"], units["SONGLO"]["warnings"]) == ("valid", 1)
    assert (units["SXD"]["status"], units["SXD"]["file"]) == ("missing", None)
    assert units["VPTU"]["status"] == "errors"
    assert sum(u["status"] == "valid" for u in units.values()) == 24
    found = [(p["code"], p["unit"], p["sheet"], p["cell"], p["indicator"])
             for p in data["problems"]]
    assert found == [("DG214", "SONGLO", "Kết quả", "H24", "KT05"),
                     ("DG212", "TAMDAO", "Kết quả", "H11", "XD01"),
                     ("DG210", "STC", "Kết quả", "H11", "SN01"),
                     ("DG219", "SXD", "", "", ""),
                     ("DG201", "VPTU", "", "", "")]
    assert all(set(p) == PROBLEM_KEYS for p in data["problems"])
    assert set(problem_json(Problem("DG210"))) == PROBLEM_KEYS  # the one shape, shared with score
    dg212 = data["problems"][1]
    assert dg212["message"] == DG212_VI and dg212["severity"] == "error"
    assert dg212["file"] == str(rnd.mix / "TAMDAO.xlsx")


# ----------------------------------------------------------------------------- feedback


@pytest.fixture(scope="module")
def fed(rnd, tmp_path_factory):
    """``check --feedback`` on the mixed round, once; with the inputs' hashes before and after."""
    out = tmp_path_factory.mktemp("feedback") / "phan-hoi"
    before = {**hashes(rnd.mix), "plan": sha256(rnd.plan)}
    result = run("check", rnd.plan, rnd.mix, "--feedback", out)
    after = {**hashes(rnd.mix), "plan": sha256(rnd.plan)}
    return result, out, before, after


def test_feedback_writes_one_copy_per_unit_with_problems(fed, rnd):
    result, out, before, after = fed
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == ["SONGLO.xlsx", "STC.xlsx", "TAMDAO.xlsx"]
    assert f"Đã ghi 3 bản có ghi chú vào {out}" in result.stdout
    vptu = rnd.mix / "VPTU.xlsx"  # cannot be opened: listed, no copy
    assert f"Không tạo được bản có ghi chú cho {vptu}: không mở được tệp" in result.stdout
    assert after == before  # the originals (and the plan) are untouched


def test_feedback_marks_the_bad_cell_red_with_a_comment(fed):
    _, out, _, _ = fed
    wb = load(out / "TAMDAO.xlsx")
    ws = wb["Kết quả"]
    cell = ws["H11"]
    assert cell.value == "hai nghìn"  # the unit's data is kept
    assert cell.fill.fgColor.rgb == ERROR_FILL
    assert cell.comment.author == "dgsp"
    assert cell.comment.text.startswith(f"Lỗi DG212: {DG212_VI}\nCách sửa: Nhập số")
    assert ws["H12"].fill.fgColor.rgb != ERROR_FILL and ws["H12"].comment is None
    assert ws["H12"].value == 0  # XD02's result, as filled
    assert ws.protection.sheet is True  # protection and validations survive
    assert len(ws.data_validations.dataValidation) == 2
    assert wb["_dgsp"].sheet_state == "veryHidden"


def test_feedback_marks_warning_cells_amber(fed):
    _, out, _, _ = fed
    ws = load(out / "SONGLO.xlsx")["Kết quả"]
    assert ws["H24"].value == "2.000"
    assert ws["H24"].fill.fgColor.rgb == WARNING_FILL
    assert "DG214" in ws["H24"].comment.text
    assert 'kết quả nhập dạng chữ "2.000", đã đọc là 2.000' in ws["H24"].comment.text
    assert load(out / "STC.xlsx")["Kết quả"]["H11"].fill.fgColor.rgb == ERROR_FILL


def test_feedback_to_fix_sheet_lists_every_problem(fed, rnd):
    _, out, _, _ = fed
    copy = out / "TAMDAO.xlsx"
    wb = load(copy)
    assert wb.sheetnames == ["Cần sửa", "Kết quả", "Hướng dẫn", "_dgsp"]
    assert wb.active.title == "Cần sửa"
    assert [ws.sheet_view.tabSelected for ws in wb.worksheets] == [True, False, False, False]
    rows = grid(copy, "Cần sửa")
    assert rows[0][0] == "Cần sửa trong tệp kết quả của Huyện Tam Đảo (TAMDAO)"
    block = {r[0]: r[3] for r in rows[2:7]}
    assert block["Đơn vị"] == "Huyện Tam Đảo (TAMDAO)"
    assert block["Tệp"] == "TAMDAO.xlsx"
    assert block["Kết quả kiểm tra"] == "1 lỗi, 0 cảnh báo"
    # checked after the 2021 round's deadline: send it at once
    assert 'giữ tên tệp "TAMDAO.xlsx" và gửi lại ngay cho Ban Thường vụ Tỉnh ủy Vĩnh Phúc: ' \
           'đã quá hạn nộp 10/01/2022.' in block["Cách gửi lại"]
    assert rows[8] == ["STT", "Mã lỗi", "Mức độ", "Trang tính", "Ô", "Tên chỉ tiêu", "Nội dung",
                       "Cách sửa"]
    assert rows[9][:7] == [1, "DG212", "Lỗi", "Kết quả", "H11", "XD01 – Kết nạp đảng viên mới", DG212_VI]
    assert rows[9][7].startswith("Nhập số, ví dụ 2.100 hoặc 2100")
    assert len(rows) == 10  # one problem, one row
    link = wb["Cần sửa"]["E10"].hyperlink
    assert link.location == "'Kết quả'!H11"
    # the unit's results sheet is unchanged cell for cell
    assert grid(copy, "Kết quả") == grid(rnd.mix / "TAMDAO.xlsx", "Kết quả")


def test_feedback_copy_is_still_a_readable_return(fed, rnd):
    """Staff mail the copy back; the unit fixes it in place and returns it."""
    from dgsp.intake.returns import read_return
    from dgsp.plan.workbook import read_plan

    _, out, _, _ = fed
    plan, _ = read_plan(rnd.plan)
    ret = read_return(out / "TAMDAO.xlsx", plan)
    assert ret.unit == "TAMDAO"
    assert ("DG212", "Kết quả", "H11") in [(p.code, p.sheet, p.cell) for p in ret.problems]


def test_feedback_in_english(rnd, tmp_path):
    out = tmp_path / "feedback"
    result = run("check", rnd.plan, rnd.mix, "--feedback", out, "--lang", "en")
    assert result.exit_code == 1
    assert f"Wrote 3 annotated copies into {out}" in result.stdout
    wb = load(out / "TAMDAO.xlsx")
    assert wb.sheetnames[0] == "To fix"
    comment = wb["Kết quả"]["H11"].comment.text
    assert comment.startswith('Error DG212: the result must be a number, found "hai nghìn"\n'
                              "How to fix: Enter a number")
    rows = grid(out / "TAMDAO.xlsx", "To fix")
    assert rows[0][0] == "To fix in the return of Huyện Tam Đảo (TAMDAO)"
    assert rows[8] == ["No.", "Code", "Severity", "Sheet", "Cell", "Indicator name", "Message",
                       "How to fix"]
    assert rows[9][:5] == [1, "DG212", "Error", "Kết quả", "H11"]
    assert "STC · Sở Tài chính" in result.stdout and "the result is empty" in result.stdout


def test_feedback_problem_without_a_cell_is_listed_only_on_the_sheet(rnd, tmp_path):
    """A missing indicator row (DG207) has no cell: no fill anywhere, one row on the sheet."""
    from openpyxl import load_workbook

    returns = tmp_path / "nop"
    returns.mkdir()
    wb = load_workbook(rnd.returns / "STC.xlsx")
    ws = wb["Kết quả"]
    ws.protection.sheet = False
    ws.delete_rows(16)  # TC02, the last row
    wb.save(returns / "STC.xlsx")
    out = tmp_path / "fb"
    result = run("check", rnd.plan, returns / "STC.xlsx", "--feedback", out, "--json",
                 tmp_path / "c.json")
    assert result.exit_code == 1  # the other 27 units are missing
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert [(p["code"], p["cell"]) for p in data["problems"] if p["unit"] == "STC"] == \
        [("DG207", "")]
    copy = load_workbook(out / "STC.xlsx")
    marked = [c.coordinate for row in copy["Kết quả"].iter_rows() for c in row
              if c.comment is not None or c.fill.fgColor.rgb in (ERROR_FILL, WARNING_FILL)]
    assert marked == []
    rows = grid(out / "STC.xlsx", "Cần sửa")
    assert rows[9][:6] == [1, "DG207", "Lỗi", "Kết quả", "",
                          "TC02 – Hoàn thành thẩm tra quyết toán dự án hoàn thành đúng hạn"]
    assert len(rows) == 10
    assert data["feedback"] == [str(out / "STC.xlsx")]


def test_feedback_refuses_existing_copies_before_writing_anything(rnd, tmp_path):
    out = tmp_path / "fb"
    out.mkdir()
    (out / "TAMDAO.xlsx").write_bytes(b"last week's copy")
    (out / "STC.xlsx").write_bytes(b"last week's copy")
    js = tmp_path / "check.json"
    result = run("check", rnd.plan, rnd.mix, "--feedback", out, "--json", js)
    assert result.exit_code == 2
    assert result.stderr.count("[DG301]") == 2  # one per file
    assert f'[DG301] "{out / "TAMDAO.xlsx"}" đã có; không ghi đè' in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["STC.xlsx", "TAMDAO.xlsx"]
    assert (out / "TAMDAO.xlsx").read_bytes() == b"last week's copy"
    assert not js.exists()

    forced = run("check", rnd.plan, rnd.mix, "--feedback", out, "--json", js, "--force")
    assert forced.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["SONGLO.xlsx", "STC.xlsx", "TAMDAO.xlsx"]
    assert load(out / "TAMDAO.xlsx")["Kết quả"]["H11"].fill.fgColor.rgb == ERROR_FILL
    assert json.loads(js.read_text(encoding="utf-8"))["feedback"] == [
        str(out / "SONGLO.xlsx"), str(out / "TAMDAO.xlsx"), str(out / "STC.xlsx")]


@pytest.mark.parametrize("inside", ["same", "sub", "beside"])
def test_feedback_folder_inside_the_returns_is_refused(rnd, tmp_path, inside):
    returns = tmp_path / "nop"
    shutil.copytree(rnd.mix, returns)
    before = hashes(returns)
    given, out = {
        "same": (returns, returns),
        "sub": (returns, returns / "phan-hoi"),
        "beside": (returns / "TAMDAO.xlsx", returns),  # would overwrite the return itself
    }[inside]
    result = run("check", rnd.plan, given, "--feedback", out, "--force")
    assert result.exit_code == 2
    assert f'[DG250] thư mục ghi bản có ghi chú "{out}" nằm trong thư mục tệp kết quả ' \
           f'"{given}"' in result.stderr
    assert hashes(returns) == before
    assert not (returns / "phan-hoi").exists()


def test_annotate_merged_and_hidden_cells(tmp_path):
    """Library level: a merged cell is marked at its anchor; the hidden _dgsp sheet never."""
    from openpyxl import Workbook

    from dgsp.intake.feedback import Placed, annotate
    from dgsp.model import Problem

    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    ws.merge_cells("B2:C3")
    meta = wb.create_sheet("_dgsp")
    meta.sheet_state = "veryHidden"
    problems = [Problem("DG212", {"found": "x"}, sheet="Kết quả", cell="C3"),
                Problem("DG214", {"found": "1.5", "value": "1,5"}, sheet="Kết quả", cell="C3"),
                Problem("DG204", {"found": "a", "expected": "b"}, sheet="_dgsp", cell="B3"),
                Problem("DG207", {"indicator": "I1"}, sheet="Kết quả"),
                Problem("DG214", {"found": "2.000", "value": "2000"}, sheet="Kết quả",
                        cell="D9")]
    placed = annotate(wb, problems, "vi")
    assert placed == [Placed("Kết quả", "B2"), Placed("Kết quả", "B2"), None, None,
                      Placed("Kết quả", "D9")]
    assert ws["B2"].fill.fgColor.rgb == ERROR_FILL  # an error and a warning: red
    assert ws["B2"].comment.text.count("DG21") == 2
    assert ws["D9"].fill.fgColor.rgb == WARNING_FILL
    assert meta["B3"].comment is None


# ----------------------------------------------------------------------------- arguments


def test_bad_plan_exits_2(rnd, tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"not a plan")
    result = run("check", plan, rnd.returns)
    assert result.exit_code == 2
    assert "[DG101]" in result.stderr


def test_nonexistent_return_exits_2(rnd, tmp_path):
    result = run("check", rnd.plan, tmp_path / "khong-co", "--feedback", tmp_path / "fb")
    assert result.exit_code == 2
    assert f'[DG303] không tìm thấy "{tmp_path / "khong-co"}"' in result.stderr
    assert not (tmp_path / "fb").exists()


def test_prefer_takes_only_newest(rnd):
    result = run("check", rnd.plan, rnd.returns, "--prefer", "oldest")
    assert result.exit_code == 2
    assert "Usage: dgsp check" in result.output


def test_ctrl_c_exits_130(rnd, monkeypatch):
    import dgsp.workflow

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(dgsp.workflow, "check", interrupted)
    result = run("check", rnd.plan, rnd.returns)
    assert result.exit_code == 130
    assert "Đã dừng theo yêu cầu" in result.stderr


@pytest.mark.parametrize("command", ["check", "status", "score"])
def test_prefer_newest_reaches_gather(rnd, tmp_path, monkeypatch, command):
    """--prefer newest is handed to intake.gather (None without it)."""
    import dgsp.intake

    seen: list[dict] = []
    real = dgsp.intake.gather

    def spy(plan, paths, **kwargs):
        seen.append(kwargs)
        return real(plan, paths)

    monkeypatch.setattr(dgsp.intake, "gather", spy)
    extra = ["--out", tmp_path / "r.xlsx", "--no-sheets"] if command == "score" else []
    plain = run(command, rnd.plan, rnd.returns, *extra)
    newest = run(command, rnd.plan, rnd.returns, *extra, "--prefer", "newest", "--force")
    assert (plain.exit_code, newest.exit_code) == (0, 0), plain.output + newest.output
    assert [k["prefer"] for k in seen] == [None, "newest"]


def test_help_names_every_option():
    result = run("check", "--help")
    assert result.exit_code == 0
    for word in ("PLAN", "RETURN...", "--feedback", "--json", "--prefer", "newest", "--lang",
                 "--force", "Cần sửa"):
        assert word in result.stdout, word


@pytest.mark.parametrize("today, says", [
    # checked on        how to resend
    (date(2022, 1, 5), "gửi lại cho Ban Thường vụ Tỉnh ủy Vĩnh Phúc trước ngày 10/01/2022."),
    (date(2022, 1, 10), "gửi lại cho Ban Thường vụ Tỉnh ủy Vĩnh Phúc trước ngày 10/01/2022."),
    (date(2022, 1, 11), "gửi lại ngay cho Ban Thường vụ Tỉnh ủy Vĩnh Phúc: đã quá hạn nộp "
                        "10/01/2022."),
])
def test_the_copy_says_to_send_at_once_after_the_deadline(rnd, tmp_path, today, says):
    from dgsp.intake.feedback import write_feedback
    from dgsp.plan.workbook import read_plan

    plan, _ = read_plan(rnd.plan)
    out = write_feedback(rnd.mix / "TAMDAO.xlsx", tmp_path / "TAMDAO.xlsx", [], plan,
                         plan.unit("TAMDAO"), today=today)
    block = {r[0]: r[3] for r in grid(out, "Cần sửa")[2:7]}
    assert block["Cách gửi lại"].endswith(says)
