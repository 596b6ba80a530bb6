"""The `dgsp` command line, through typer's CliRunner, plus one run of the installed script.

Every test checks the exit code (0 clean, 1 a return rejected or missing, 2 bad
plan / bad arguments / unwritable output, 130 on Ctrl-C) and what was written
or said: files, cells, JSON values, and messages naming the problem code and cell.

The bundled example's plan, templates and filled returns are built once per
module (``example``); tests that change returns build the changed file beside
them and pass the files they want on the command line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import book, invoke
from typer.testing import CliRunner

from dgsp import __version__
from dgsp.cli import app

REPO = Path(__file__).resolve().parents[1]
BLANKS = REPO / "templates" / "xlsx"
N_UNITS = 28  # the Vĩnh Phúc 2021 example: 9 districts, 6 departments, 13 bodies
N_UNITS_2022 = 32  # its 2022 year: 10 departments
N_UNITS_2026 = 12  # the 2026 round: 8 communes and wards, 4 departments (and 16 officials)
SUMMARY_VI = ["Tổng hợp", "Toàn tỉnh", "Dữ liệu", "Kiểm tra", "Nguồn", "_dgsp"]  # _dgsp: hidden
SUMMARY_EN = ["Summary", "Province totals", "Data", "Problems", "Sources", "_dgsp"]


@pytest.fixture(autouse=True)
def _no_lang_from_outside(monkeypatch):
    """The caller's DGSP_LANG must not change what these tests see."""
    monkeypatch.delenv("DGSP_LANG", raising=False)


def run(*args: object, env: dict[str, str] | None = None):
    """Invoke the app with separate stdout and stderr (typer ≥ 0.16 keeps them apart)."""
    return invoke(*args, env=env)


@dataclass(frozen=True)
class Example:
    plan: Path
    templates: Path
    returns: Path

    def return_files(self, *, without: str = "") -> list[Path]:
        return sorted(p for p in self.returns.glob("*.xlsx") if p.stem != without)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Example:
    """init → assign → fill, once, through the library (the CLI for them is tested below)."""
    from dgsp import example as ex
    from dgsp import workflow

    root = tmp_path_factory.mktemp("example")
    plan = workflow.init_workspace(root)
    assigned = workflow.assign(plan, root / "templates")
    ex.fill_returns(assigned.plan, root / "templates", root / "returns")
    return Example(plan=plan, templates=root / "templates", returns=root / "returns")


def cells(path: Path, sheet: str) -> list[list]:
    """A sheet's values, addresses kept (calamine with skip_empty_area=False)."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)


def sheet_names(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).sheet_names


def row_of(rows: list[list], value: object, column: int) -> list:
    found = [r for r in rows if len(r) > column and r[column] == value]
    assert len(found) == 1, f"{value!r} in column {column}: {len(found)} rows"
    return found[0]


def units_by_code(data: dict) -> dict[str, dict]:
    return {u["code"]: u for u in data["units"]}


def errors(data: dict) -> list[dict]:
    """The error-severity problems of a JSON result (warnings are not the point here)."""
    return [p for p in data["problems"] if p["severity"] == "error"]


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# ----------------------------------------------------------------------------- help, version


HELP_OPTIONS = {
    (): ["--debug", "--version", "--help", "init", "assign", "score", "compare", "demo"],
    ("init",): ["--blank", "--lang", "--force", "DGSP_LANG"],
    ("assign",): ["--out", "-o", "--lang", "--force"],
    ("score",): ["--out", "-o", "--json", "--no-sheets", "--lang", "--force", "DGSP_LANG"],
    ("compare",): ["REPORT...", "--out", "-o", "--json", "--sensitivity", "--weights", "--bands",
                   "--quiet", "--lang", "--force", "DGSP_LANG", "1000"],
    ("demo",): ["--lang", "--force", "2022"],
}


@pytest.mark.parametrize("command", list(HELP_OPTIONS), ids=lambda c: " ".join(c) or "dgsp")
def test_help_mentions_every_documented_option(command):
    result = run(*command, "--help", env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    assert "Usage: dgsp" in result.stdout
    for word in HELP_OPTIONS[command]:
        assert word in result.stdout, f"{word} missing from dgsp {' '.join(command)} --help"
    assert result.stderr == ""


def test_no_arguments_shows_usage_and_exits_2():
    result = run()
    assert result.exit_code == 2
    assert "Usage: dgsp" in result.output


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"dgsp {__version__}\n"
    assert __version__ == "0.1.0"


@pytest.mark.parametrize("args", [
    ["score", "--bogus"],
    ["assign", "plan.xlsx"],           # --out is required
    ["score", "plan.xlsx", "--out", "r.xlsx"],  # at least one RETURN
])
def test_bad_arguments_exit_2(tmp_path, args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "Usage: dgsp" in result.output


# ----------------------------------------------------------------------------- init


def test_init_writes_the_example_plan(tmp_path):
    from dgsp.plan.workbook import read_plan

    result = run("init", tmp_path / "ws")
    assert result.exit_code == 0, result.output
    plan_path = tmp_path / "ws" / "plan.xlsx"
    assert f"Đã ghi {plan_path}" in result.stdout
    plan, warnings = read_plan(plan_path)
    assert len(plan.units) == N_UNITS
    assert plan.year == 2021
    assert plan.unit("TAMDAO").name == "Huyện Tam Đảo"
    assert warnings == []
    assert sheet_names(plan_path) == ["Hướng dẫn", "Thông tin", "Đơn vị", "Chỉ tiêu",
                                      "Giao chỉ tiêu", "Xếp loại"]


@pytest.mark.parametrize("lang, units, header", [
    ("vi", "Đơn vị", ["Mã đơn vị", "Tên đơn vị", "Nhóm so sánh", "Người đứng đầu"]),
    ("en", "Units", ["Unit code", "Unit name", "Peer group", "Heads"]),
])
def test_init_blank_copies_the_blank_plan(tmp_path, lang, units, header):
    result = run("init", tmp_path, "--blank", "--lang", lang)
    assert result.exit_code == 0, result.output
    written, committed = tmp_path / "plan.xlsx", BLANKS / f"plan-blank.{lang}.xlsx"
    assert sheet_names(written) == sheet_names(committed)
    for sheet in sheet_names(committed):
        assert cells(written, sheet) == cells(committed, sheet), sheet
    assert cells(written, units)[0][:4] == header
    assert f"{written}" in result.stdout


def test_init_never_overwrites_a_plan_even_with_force(tmp_path):
    assert run("init", tmp_path, "--blank").exit_code == 0
    plan_path = tmp_path / "plan.xlsx"
    before = snapshot(plan_path)
    for args in ((), ("--force",)):  # the plan is the input of every later command (issue 9)
        again = run("init", tmp_path, *args)
        assert again.exit_code == 2
        assert f'[DG309] "{plan_path}"' in again.stderr and "--force" in again.stderr
        assert again.stdout == ""
        assert snapshot(plan_path) == before


# ----------------------------------------------------------------------------- assign


def test_assign_writes_one_template_per_unit(example, tmp_path):
    from dgsp.plan.workbook import read_plan

    out = tmp_path / "mau"
    result = run("assign", example.plan, "--out", out)
    assert result.exit_code == 0, result.output
    codes = [u.code for u in read_plan(example.plan)[0].units]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{c}.xlsx" for c in codes)
    assert len(codes) == N_UNITS
    assert f"Đã tạo {N_UNITS} mẫu cho đơn vị trong {out}" in result.stdout
    rows = cells(out / "TAMDAO.xlsx", "Kết quả")
    header = next(r for r in rows if "Mã chỉ tiêu" in r)
    xd01 = row_of(rows, "XD01", header.index("Mã chỉ tiêu"))
    assert xd01[header.index("Kết quả thực hiện")] == ""


def bad_plan(path: Path) -> Path:
    """A valid two-unit plan except for one target typed in words (Giao chỉ tiêu!C3)."""
    return book(path, {
        "Thông tin": [["Tên đợt đánh giá", "Đánh giá thử"], ["Năm", 2025]],
        "Đơn vị": [["Mã đơn vị", "Tên đơn vị", "Nhóm so sánh"],
                   ["XA", "Xã A", "Xã"],
                   ["XB", "Xã B", "Xã"]],
        "Chỉ tiêu": [["Mã chỉ tiêu", "Tên chỉ tiêu", "Chiều"],
                     ["I1", "Kết nạp đảng viên", "Tăng"]],
        "Giao chỉ tiêu": [["Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu giao"],
                          ["XA", "I1", 100],
                          ["XB", "I1", "hai nghìn"]],
    })


@pytest.mark.parametrize("lang, message", [
    ("vi", 'Giao chỉ tiêu!C3: [DG113] chỉ tiêu giao phải là số ≥ 0, gặp "hai nghìn"'),
    ("en", 'Giao chỉ tiêu!C3: [DG113] a target must be a number ≥ 0, found "hai nghìn"'),
])
def test_assign_bad_plan_names_sheet_cell_and_code_and_writes_nothing(tmp_path, lang, message):
    plan = bad_plan(tmp_path / "plan.xlsx")
    out = tmp_path / "mau"
    result = run("assign", plan, "--out", out, "--lang", lang)
    assert result.exit_code == 2
    assert f"{plan} › {message}" in result.stderr
    assert result.stdout == ""
    assert not out.exists()


def test_assign_refuses_existing_templates_unless_forced(example, tmp_path):
    out = tmp_path / "mau"
    out.mkdir()
    existing = out / "VINHYEN.xlsx"
    existing.write_bytes(b"a file the office already had")

    result = run("assign", example.plan, "--out", out)
    assert result.exit_code == 2
    assert f'[DG301] "{existing}" đã có; không ghi đè' in result.stderr
    assert [p.name for p in out.iterdir()] == ["VINHYEN.xlsx"]  # nothing else written
    assert existing.read_bytes() == b"a file the office already had"

    forced = run("assign", example.plan, "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert len(list(out.glob("*.xlsx"))) == N_UNITS
    assert sheet_names(existing)[0] == "Kết quả"  # replaced by a real template


# ----------------------------------------------------------------------------- score


def test_score_writes_report_sheets_and_json(example, tmp_path):
    report, js = tmp_path / "out" / "report.xlsx", tmp_path / "out" / "report.json"
    result = run("score", example.plan, example.returns, "--out", report, "--json", js)
    assert result.exit_code == 0, result.output
    assert f"Đã ghi {report}" in result.stdout
    assert f"Đã ghi {js}" in result.stdout

    assert sheet_names(report) == SUMMARY_VI
    summary = cells(report, "Tổng hợp")
    header = next(r for r in summary if "Mã đơn vị" in r)
    vinhyen = row_of(summary, "VINHYEN", header.index("Mã đơn vị"))
    assert vinhyen[header.index("Tổng điểm")] == 103.53
    assert vinhyen[header.index("Xếp loại")] == "HTXSNV"
    assert vinhyen[header.index("Xếp hạng")] == 1
    totals = cells(report, "Toàn tỉnh")
    xd01 = row_of(totals, "XD01", 0)
    assert xd01[10:13] == [2000, 2100, 1.05]

    phieu = tmp_path / "out" / "report-phieu"
    assert len(list(phieu.glob("*.xlsx"))) == N_UNITS
    assert (phieu / "TAMDAO.xlsx").is_file()
    assert f"Đã ghi {N_UNITS} phiếu đánh giá vào {phieu}" in result.stdout

    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["schema"] == "dgsp.score/1"
    assert len(data["units"]) == N_UNITS
    assert {u["status"] for u in data["units"]} == {"scored"}
    assert errors(data) == []
    total = next(t for t in data["totals"] if t["indicator"] == "XD01")
    assert (total["target"], total["actual"], total["ratio"]) == (2000, 2100, 1.05)
    tamdao = units_by_code(data)["TAMDAO"]
    assert next(i for i in tamdao["indicators"] if i["code"] == "XD01")["ratio"] == 1.15


def test_score_json_to_stdout_is_clean_json(example, tmp_path):
    report = tmp_path / "report.xlsx"
    result = run("score", example.plan, example.returns, "--out", report, "--json", "-",
                 "--no-sheets")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)  # nothing but JSON on stdout
    assert data["schema"] == "dgsp.score/1"
    assert units_by_code(data)["VINHYEN"]["score"] == 103.53
    assert f"Đã ghi {report}" in result.stderr  # the human output went to stderr
    assert "Đã ghi" not in result.stdout
    assert not (tmp_path / "-").exists()


def test_score_no_sheets(example, tmp_path):
    report = tmp_path / "report.xlsx"
    result = run("score", example.plan, example.returns, "--out", report, "--no-sheets")
    assert result.exit_code == 0, result.output
    assert report.is_file()
    assert not (tmp_path / "report-phieu").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]
    assert "phiếu" not in result.stdout


def test_score_missing_return_exits_1_and_scores_the_rest(example, tmp_path):
    report = tmp_path / "report.xlsx"
    result = run("score", example.plan, *example.return_files(without="TAMDAO"),
                 "--out", report, "--no-sheets", "--json", "-")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    units = units_by_code(data)
    assert units["TAMDAO"]["status"] == "missing"
    assert units["TAMDAO"]["score"] is None and units["TAMDAO"]["rank"] is None
    assert sum(u["status"] == "scored" for u in data["units"]) == N_UNITS - 1
    assert [(p["code"], p["unit"]) for p in errors(data)] == [("DG219", "TAMDAO")]
    assert '[DG219] đơn vị "TAMDAO" không nộp kết quả' in result.stderr
    assert "Đề nghị đơn vị gửi tệp TAMDAO.xlsx." in result.stderr  # the hint
    assert report.is_file()  # the report is still written


def test_score_corrupted_return_is_rejected_others_scored(example, tmp_path):
    bad = tmp_path / "nop" / "SXD.xlsx"
    bad.parent.mkdir()
    bad.write_bytes(b"PK\x03\x04 not really a workbook \x00\xff" * 10)
    report = tmp_path / "report.xlsx"
    result = run("score", example.plan, *example.return_files(without="SXD"), bad,
                 "--out", report, "--no-sheets", "--json", "-")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    units = units_by_code(data)
    assert units["SXD"]["status"] == "rejected"
    assert units["SXD"]["grade"] is None
    assert sum(u["status"] == "scored" for u in data["units"]) == N_UNITS - 1
    assert units["VINHYEN"]["score"] == 103.53  # the others are scored as usual
    problems = [(p["code"], p["unit"], p["file"]) for p in errors(data)]
    assert problems == [("DG201", "SXD", str(bad))]
    assert f"{bad}: [DG201] không mở được tệp" in result.stderr
    rows = cells(report, "Kiểm tra")
    assert any("DG201" in r and str(bad) in r for r in rows)


def test_score_bad_result_cell_is_named(example, tmp_path):
    """A result typed in words rejects the return; the message names file, sheet and cell."""
    from dgsp.plan.templates import fill_template

    bad = fill_template(example.returns / "TAMDAO.xlsx", {"XD01": "hai nghìn"},
                        tmp_path / "TAMDAO.xlsx")
    result = run("score", example.plan, *example.return_files(without="TAMDAO"), bad,
                 "--out", tmp_path / "report.xlsx", "--no-sheets", "--json", "-")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert units_by_code(data)["TAMDAO"]["status"] == "rejected"
    found = [(p["code"], p["sheet"], p["cell"], p["indicator"]) for p in errors(data)
             if p["unit"] == "TAMDAO"]
    assert found == [("DG212", "Kết quả", "H11", "XD01")]
    assert f'{bad} › Kết quả!H11: [DG212] kết quả phải là số, gặp "hai nghìn"' in result.stderr


def test_score_nonexistent_return_exits_2(example, tmp_path):
    missing = tmp_path / "khong-co"
    report = tmp_path / "report.xlsx"
    result = run("score", example.plan, missing, "--out", report)
    assert result.exit_code == 2
    assert f'[DG303] không tìm thấy "{missing}"' in result.stderr
    assert not report.exists()
    assert not (tmp_path / "report-phieu").exists()


def test_score_nonexistent_return_creates_no_folder(example, tmp_path):
    result = run("score", example.plan, tmp_path / "khong-co",
                 "--out", tmp_path / "new" / "report.xlsx")
    assert result.exit_code == 2
    assert not (tmp_path / "new").exists()


def test_score_refuses_existing_report_unless_forced(example, tmp_path):
    report, js = tmp_path / "report.xlsx", tmp_path / "report.json"
    report.write_bytes(b"last year's report")
    before = snapshot(report)

    result = run("score", example.plan, example.returns, "--out", report, "--json", js,
                 "--no-sheets")
    assert result.exit_code == 2
    assert f'[DG301] "{report}" đã có; không ghi đè' in result.stderr
    assert snapshot(report) == before
    assert not js.exists()  # refused before anything was written

    forced = run("score", example.plan, example.returns, "--out", report, "--json", js,
                 "--no-sheets", "--force")
    assert forced.exit_code == 0, forced.output
    assert sheet_names(report) == SUMMARY_VI
    assert json.loads(js.read_text(encoding="utf-8"))["schema"] == "dgsp.score/1"


def test_score_refuses_existing_sheets_folder(example, tmp_path):
    phieu = tmp_path / "report-phieu"
    phieu.mkdir()
    (phieu / "TAMDAO.xlsx").write_bytes(b"signed copy")
    result = run("score", example.plan, example.returns, "--out", tmp_path / "report.xlsx")
    assert result.exit_code == 2
    assert f'[DG301] "{phieu}"' in result.stderr
    assert not (tmp_path / "report.xlsx").exists()
    assert (phieu / "TAMDAO.xlsx").read_bytes() == b"signed copy"


@pytest.mark.parametrize("how", ["option", "env"])
def test_score_in_english(example, tmp_path, how):
    report = tmp_path / "report.xlsx"
    args = ["score", example.plan, *example.return_files(without="TAMDAO"),
            "--out", report, "--no-sheets"]
    result = run(*args, "--lang", "en") if how == "option" else run(*args, env={"DGSP_LANG": "en"})
    assert result.exit_code == 1
    assert sheet_names(report) == SUMMARY_EN
    summary = cells(report, "Summary")
    assert any("VINHYEN" in r for r in summary)
    assert '[DG219] unit "TAMDAO" sent no return' in result.output
    assert "Ask the unit to send TAMDAO.xlsx." in result.output
    assert f"Wrote {report}" in result.stdout
    assert "Đã ghi" not in result.output


def test_option_lang_beats_env(example, tmp_path):
    report = tmp_path / "report.xlsx"
    result = run("score", example.plan, example.returns, "--out", report, "--no-sheets",
                 "--lang", "vi", env={"DGSP_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert sheet_names(report) == SUMMARY_VI


def test_unknown_lang_is_a_bad_argument(tmp_path):
    result = run("init", tmp_path, "--blank", "--lang", "fr")
    assert result.exit_code == 2
    assert not (tmp_path / "plan.xlsx").exists()


# ----------------------------------------------------------------------------- errors


def test_ctrl_c_exits_130_with_a_message(example, tmp_path, monkeypatch):
    import dgsp.workflow

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(dgsp.workflow, "assign", interrupted)
    result = run("assign", example.plan, "--out", tmp_path / "mau")
    assert result.exit_code == 130
    assert "Đã dừng theo yêu cầu; không tệp nào bị ghi dở." in result.stderr


def test_unexpected_error_is_one_line_unless_debug(example, tmp_path, monkeypatch):
    import dgsp.workflow

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(dgsp.workflow, "assign", broken)
    result = run("assign", example.plan, "--out", tmp_path / "mau")
    assert result.exit_code == 2
    assert "RuntimeError: boom" in result.stderr
    assert "--debug" in result.stderr
    assert "Traceback" not in result.output

    debug = run("--debug", "assign", example.plan, "--out", tmp_path / "mau")
    assert isinstance(debug.exception, RuntimeError)
    assert str(debug.exception) == "boom"

    again = run("assign", example.plan, "--out", tmp_path / "mau")  # --debug does not stick
    assert again.exit_code == 2
    assert "RuntimeError: boom" in again.stderr


# ----------------------------------------------------------------------------- demo


def test_demo(tmp_path):
    """Every year of the example, each in DIR/<year>/, then the 2021–2022 comparison in DIR."""
    directory = tmp_path / "demo"
    result = run("demo", directory, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    for year, units in ((2021, N_UNITS), (2022, N_UNITS_2022), (2026, N_UNITS_2026)):
        folder = directory / str(year)
        for name in ("plan.xlsx", "report.xlsx", "report.json"):
            assert (folder / name).is_file(), (year, name)
        for sub in ("templates", "returns"):
            assert len(list((folder / sub).glob("*.xlsx"))) == units, (year, sub)
        sheets = 16 if year == 2026 else 0  # one phiếu per official too
        assert len(list((folder / "report-phieu").glob("*.xlsx"))) == units + sheets
        data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        assert data["plan"]["year"] == year
        assert all(u["status"] == "scored" for u in data["units"])
        assert (folder / "tham-dinh.xlsx").is_file() == (year == 2026)
    data = json.loads((directory / "2026" / "report.json").read_text(encoding="utf-8"))
    assert data["schema"] == "dgsp.score/2" and data["appraised"] is True
    assert len(data["officials"]) == 16
    assert sorted(p.name for p in directory.iterdir()) == [
        "2021", "2022", "2026", "compare.json", "compare.xlsx"]
    compared = json.loads((directory / "compare.json").read_text(encoding="utf-8"))
    assert compared["schema"] == "dgsp.compare/1"
    assert [(r["year"], Path(r["file"])) for r in compared["reports"]] == [
        (2021, directory / "2021" / "report.xlsx"), (2022, directory / "2022" / "report.xlsx")]
    assert compared["sensitivity"]["runs"] == 1000
    # the 2021 seed figures, the comparison, then the 2026 summary
    out = result.stdout
    assert "2.100/2.000" in out and "105,0%" in out
    assert "Tam Đảo 115,0%, Sông Lô 109,0%" in out
    assert "So sánh 2 báo cáo: 2021 → 2022" in out
    assert "Hạng có thể" in out and "mới" in out
    assert "KT04 (đơn vị tính: % → hộ)" in out
    assert "bằng sản phẩm năm 2026 (minh họa)" in out
    assert "VINHPHUC · Phường Vĩnh Phúc" in out
    assert f"Báo cáo: {directory / '2026' / 'report.xlsx'}" in out
    assert f"Thẩm định (Hội đồng đã điền): {directory / '2026' / 'tham-dinh.xlsx'}" in out
    assert f"So sánh hai năm: {directory / 'compare.xlsx'}" in out
    assert out.index("2.100/2.000") < out.index("So sánh 2 báo cáo") < out.index("VINHPHUC")
    # 2026's quarters, each scored with the earlier ones, and the year built from the rounds
    for n, period in enumerate(("Q1", "Q2", "Q3", "Q4"), 1):
        folder = directory / "2026" / f"quy-{n}"
        for name in ("plan.xlsx", "tham-dinh.xlsx", f"report-quy-{n}.xlsx",
                     f"report-quy-{n}.json"):
            assert (folder / name).is_file(), (period, name)
        data = json.loads((folder / f"report-quy-{n}.json").read_text(encoding="utf-8"))
        assert data["plan"]["period"] == period
        assert max(d["rounds"] for d in data["to_date"]) == n  # HC02 is due in Q2 alone
    assert sorted(p.name for p in (directory / "2026").glob("year-2026*")) == [
        "year-2026-phieu", "year-2026.json", "year-2026.xlsx"]
    built = json.loads((directory / "2026" / "year-2026.json").read_text(encoding="utf-8"))
    assert built["schema"] == "dgsp.year/1"
    assert [r["period"] for r in built["reports"]] == ["Q1", "Q2", "Q3", "Q4", "year"]
    assert "Quý II năm 2026: có nguy cơ không đạt chỉ tiêu năm" in out
    assert "SONGLO: XD01 37,5% / 50%" in out
    assert f"Kết quả năm (dgsp year): {directory / '2026' / 'year-2026.xlsx'}" in out
    page = directory / "2026" / "cong-khai" / "index.html"
    assert f"Trang công khai kết quả (dgsp publish): {page}" in out
    assert "Xã Tam Dương" in page.read_text(encoding="utf-8")

    before = snapshot(directory / "compare.xlsx")
    again = run("demo", directory)
    assert again.exit_code == 2
    assert f'[DG301] "{directory}" đã có; không ghi đè' in again.stderr
    assert snapshot(directory / "compare.xlsx") == before


def test_installed_console_script_runs_the_demo(tmp_path):
    """The real script, in English, with --force over a folder that has something in it."""
    script = Path(sys.executable).parent / ("dgsp.exe" if os.name == "nt" else "dgsp")
    assert script.is_file(), f"{script}: install the package (pip install -e .)"
    env = {k: v for k, v in os.environ.items() if k != "DGSP_LANG"}
    directory = tmp_path / "demo"
    directory.mkdir()
    (directory / "ghi-chu.txt").write_text("x", encoding="utf-8")
    proc = subprocess.run([str(script), "demo", str(directory), "--force", "--lang", "en"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "105.0%" in proc.stdout
    assert "Comparing 2 reports: 2021 → 2022" in proc.stdout
    data = json.loads((directory / "2021" / "report.json").read_text(encoding="utf-8"))
    xd01 = next(t for t in data["totals"] if t["indicator"] == "XD01")
    assert (xd01["target"], xd01["actual"], xd01["ratio"]) == (2000, 2100, 1.05)
    assert len(data["units"]) == N_UNITS
    assert sheet_names(directory / "2022" / "report.xlsx") == SUMMARY_EN
    compared = json.loads((directory / "compare.json").read_text(encoding="utf-8"))
    assert [r["year"] for r in compared["reports"]] == [2021, 2022]
    assert (directory / "ghi-chu.txt").read_text(encoding="utf-8") == "x"


def test_wildcards_the_shell_left_are_expanded(example, tmp_path):
    """PowerShell passes `returns\\*.xlsx` as typed: dgsp expands it itself. A pattern that
    matches nothing stays as typed, so the error names it."""
    pattern = str(example.returns / "*.xlsx")
    typed = run("check", example.plan, pattern, "--json", tmp_path / "a.json")
    listed = run("check", example.plan, *example.return_files(), "--json", tmp_path / "b.json")
    assert typed.exit_code == listed.exit_code == 0, typed.stdout + typed.stderr
    a, b = (json.loads((tmp_path / n).read_text(encoding="utf-8")) for n in ("a.json", "b.json"))
    assert [u["code"] for u in a["units"]] == [u["code"] for u in b["units"]]
    assert len(a["units"]) == N_UNITS
    nothing = run("check", example.plan, str(tmp_path / "none-*.xlsx"))
    assert nothing.exit_code == 2 and "none-*.xlsx" in nothing.stderr


def test_output_redirected_under_a_windows_code_page_is_utf8(example):
    """Redirected to a file under cp1252, Vietnamese output would stop the command with
    UnicodeEncodeError (exit 2): it is written in UTF-8 instead."""
    script = Path(sys.executable).parent / ("dgsp.exe" if os.name == "nt" else "dgsp")
    env = {**{k: v for k, v in os.environ.items() if k != "DGSP_LANG"},
           "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    proc = subprocess.run([str(script), "status", str(example.plan), str(example.returns)],
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert "Đơn vị" in proc.stdout.decode("utf-8") or "đơn vị" in proc.stdout.decode("utf-8")
