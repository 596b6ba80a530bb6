"""What the terminal says about problems (issue 12, item 7): the same problem at many cells
once, with its cells; a count by code titled by the code's message, never its template."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dgsp.model import Problem
from dgsp.problems import CATALOGUE, cell_ranges, collapse, describe


def unfilled(rows: range, file: str = "XA.xlsx") -> list[Problem]:
    return [Problem("DG210", file=file, sheet="Kết quả", cell=f"H{r}", unit="XA") for r in rows]


def test_an_unfilled_template_is_one_line():
    lines = collapse(unfilled(range(11, 29)))
    assert len(lines) == 1
    p, cells = lines[0]
    assert describe(p, "vi", cells) == (
        "XA.xlsx › Kết quả!H11:H28: [DG210 × 18] chưa nhập kết quả thực hiện")


def test_one_problem_is_described_as_before():
    (p, cells), = collapse(unfilled(range(12, 13)))
    assert describe(p, "vi", cells) == describe(p, "vi") == (
        "XA.xlsx › Kết quả!H12: [DG210] chưa nhập kết quả thực hiện")


def test_different_messages_files_or_codes_are_not_merged():
    problems = [*unfilled(range(11, 13)), *unfilled(range(11, 13), file="XB.xlsx"),
                Problem("DG211", {"found": "-1"}, file="XA.xlsx", sheet="Kết quả", cell="H13"),
                Problem("DG211", {"found": "-2"}, file="XA.xlsx", sheet="Kết quả", cell="H14"),
                Problem("DG301", {"path": "r.xlsx"})]
    assert [(p.code, p.file, cells) for p, cells in collapse(problems)] == [
        ("DG210", "XA.xlsx", ["H11", "H12"]), ("DG210", "XB.xlsx", ["H11", "H12"]),
        ("DG211", "XA.xlsx", ["H13"]), ("DG211", "XA.xlsx", ["H14"]), ("DG301", "", [])]


def test_cell_ranges():
    # cells                                          shown
    assert cell_ranges(["H11", "H12", "H13"]) == "H11:H13"
    assert cell_ranges(["H11", "H13", "H14"]) == "H11, H13:H14"
    assert cell_ranges(["H11", "I12", "H12"]) == "H11, I12, H12"
    assert cell_ranges(["B5:D9", "H3"]) == "B5:D9, H3"


@given(st.lists(st.tuples(st.sampled_from("HIK"), st.integers(1, 30)), min_size=1))
def test_collapsing_keeps_every_cell_in_order(cells):
    problems = [Problem("DG210", file="X.xlsx", sheet="S", cell=f"{c}{r}") for c, r in cells]
    (_, kept), = collapse(problems)
    assert kept == [f"{c}{r}" for c, r in cells]
    shown = cell_ranges(kept)
    assert all(part for part in shown.split(", "))


def test_a_count_by_code_shows_the_codes_title_not_its_template():
    assert CATALOGUE["DG219"].title("vi") == 'đơn vị "…" không nộp kết quả'
    assert CATALOGUE["DG219"].title("en").count("…") == 1
    assert all("{" not in spec.title(lang) for spec in CATALOGUE.values() for lang in ("vi", "en"))


def test_check_prints_a_count_by_code_with_titles_and_collapsed_lines(tmp_path):
    from conftest import invoke, small_plan

    from dgsp.plan import fill_template, write_plan

    write_plan(tmp_path / "plan.xlsx", small_plan())
    assert invoke("assign", tmp_path / "plan.xlsx", "--out", tmp_path / "t").exit_code == 0
    (tmp_path / "r").mkdir()
    fill_template(tmp_path / "t" / "XA.xlsx", {}, tmp_path / "r" / "XA.xlsx")  # nothing typed
    result = invoke("check", tmp_path / "plan.xlsx", tmp_path / "r")
    out = result.stdout
    assert "{unit}" not in out and 'đơn vị "…" không nộp kết quả' in out
    assert "(× 4)" in out and out.count("chưa nhập kết quả thực hiện") == 2  # the line, the count


def test_check_of_named_files_checks_those_and_says_how_many_it_left(tmp_path):
    import json

    from conftest import invoke, small_plan

    from dgsp.plan import fill_template, write_plan

    write_plan(tmp_path / "plan.xlsx", small_plan())
    assert invoke("assign", tmp_path / "plan.xlsx", "--out", tmp_path / "t").exit_code == 0
    fill_template(tmp_path / "t" / "XA.xlsx", {"I1": 100, "I2": 5, "I3": 0, "I4": True},
                  tmp_path / "XA.xlsx")
    result = invoke("check", tmp_path / "plan.xlsx", tmp_path / "XA.xlsx",
                    "--json", tmp_path / "c.json")
    assert result.exit_code == 0, result.output  # XA is valid; the others were not looked at
    assert "DG219" not in result.stdout and "không nộp" not in result.stdout
    assert "4 đơn vị khác không được kiểm tra" in result.stdout
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert [u["code"] for u in data["units"]] == ["XA"] and data["not_checked"] == 4
    # the folder is the whole round: the others are missing
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "XA.xlsx").write_bytes((tmp_path / "XA.xlsx").read_bytes())
    whole = invoke("check", tmp_path / "plan.xlsx", folder)
    assert whole.exit_code == 1 and "không được kiểm tra" not in whole.stdout


def test_a_number_in_a_message_is_written_the_readers_way(tmp_path):
    """DG217: the target cell edited to 3.2 is quoted "3,2" in Vietnamese, "3.2" in English."""
    from conftest import small_plan
    from openpyxl import load_workbook

    from dgsp.intake import read_return
    from dgsp.plan import fill_template, write_templates

    plan = small_plan()
    write_templates(plan, tmp_path / "t")
    fill_template(tmp_path / "t" / "XA.xlsx", {"I1": 100, "I2": 5, "I3": 0, "I4": True},
                  tmp_path / "XA.xlsx")
    wb = load_workbook(tmp_path / "XA.xlsx")
    ws = wb.worksheets[0]
    header = next(r for r in ws.iter_rows() if any(c.value == "Chỉ tiêu giao" for c in r))
    col = next(c.column for c in header if c.value == "Chỉ tiêu giao")
    ws.cell(header[0].row + 2, col).value = 3.2  # I2's target, 10 in the plan
    wb.save(tmp_path / "XA.xlsx")
    ret = read_return(tmp_path / "XA.xlsx", plan)
    (p,) = [p for p in ret.problems if p.code == "DG217"]
    assert "(3,2)" in p.message("vi") and "(3.2)" in p.message("en")


def test_a_refused_file_says_why_in_the_readers_words(tmp_path):
    from conftest import invoke

    missing = invoke("check", tmp_path / "ke-hoach.xlsx", tmp_path)
    assert missing.exit_code == 2 and "[DG303]" in missing.stderr
    assert "Kiểm tra lại đường dẫn" in missing.stderr and "Lưu lại" not in missing.stderr
    folder = invoke("check", tmp_path, tmp_path)
    assert "[DG101] không mở được tệp kế hoạch: đây là thư mục, không phải tệp" in folder.stderr
    (tmp_path / "rong.xlsx").write_bytes(b"")
    empty = invoke("check", tmp_path / "rong.xlsx", tmp_path, "--lang", "en")
    assert "cannot open the plan workbook: the file is empty (0 bytes)" in empty.stderr


def test_the_systems_refusals_are_translated():
    import errno

    from dgsp.labels import os_reason
    from dgsp.problems import unwritable

    p = unwritable("r.xlsx", PermissionError(errno.EACCES, "Permission denied"))
    assert p.message("vi") == 'không ghi được "r.xlsx": không có quyền truy cập'
    assert p.message("en") == 'cannot write "r.xlsx": permission denied'
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "os.disk_full"
    assert os_reason(OSError(errno.EXDEV, "Invalid cross-device link")) == (
        "Invalid cross-device link")  # one dgsp has no words for: the system's own


def test_the_lowered_are_counted_as_collectives_and_officials(tmp_path):
    """The 2026 example lowers 4 collectives and 4 officials by the quota: said apart, not as
    "8 đơn vị"."""
    from pathlib import Path

    from conftest import invoke

    example = Path(__file__).parent.parent / "examples" / "vinh-phuc-2026"
    result = invoke("score", example / "plan.xlsx", example / "returns", "--appraisal",
                    example / "tham-dinh.xlsx", "--out", tmp_path / "r.xlsx", "--no-sheets",
                    env={"COLUMNS": "200"})
    assert result.exit_code in (0, 1), result.stderr
    assert ("↓ 4 tập thể và 4 cán bộ hạ từ HTXSNV xuống HTTNV do tỷ lệ xuất sắc của nhóm."
            in result.stdout)
