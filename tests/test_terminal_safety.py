"""Hostile text from workbooks, plans, file names and paths, on a terminal and in a cell.

- No such text reaches rich as markup: ``Kq [/x]`` is shown as it is (it made `dgsp check`
  exit 2 with a MarkupError), and ``[link=…]`` is not a hyperlink.
- No control character reaches the terminal (escape sequences, a window-title change,
  bidi overrides): the only ESC bytes in the output are rich's own colour sequences.
- No cell of a written workbook holds more than Excel's 32,767 characters (UTF-16 units):
  a longer text is cut, ending with "…", by both writers.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import invoke, small_plan

from dgsp import terminal

MARKUP = "Kq [/x] [link=https://evil.example]bấm[/link] [bold red]đỏ[/] :thumbs_up:"
ESCAPES = ("\x1b]0;PWNED\x1b\\ \x1b[31m x\x07\x08\r\x7f\x85\x9b31m "
           "\u202eabc\u202c \u2066i\u2069\t.")
HOSTILE = f"{MARKUP} {ESCAPES}"
SGR = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colour sequences
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_safe(out: str, controls: re.Pattern = SGR) -> None:
    """Only rich's own sequences (``controls``), no other control character, and the hostile
    text shown as typed: its markup, and its escape sequences defused."""
    assert "\x1b]" not in out  # no OSC: window title, hyperlink
    plain = controls.sub("", out)
    assert UNSAFE.findall(plain) == []
    assert "\ufffd[31m x" in plain  # the colour sequence of the text, defused
    assert "[/x]" in plain and "[link=https://evil.example]" in plain and ":thumbs_up:" in plain


def rich_console(width: int = 400):
    """A plain rich console (markup on) writing colours to a string."""
    from rich.console import Console

    return Console(file=io.StringIO(), force_terminal=True, width=width, color_system="standard")


def safe_console(width: int = 400):
    return terminal.SafeConsole(file=io.StringIO(), force_terminal=True, width=width,
                                color_system="standard")


# ----------------------------------------------------------------------------- printable


def test_printable_replaces_every_control_character_one_for_one():
    text = "a\x00b\x1b]0;x\x07c\x7fd\x80e\x9ff\u202ag\u202eh\u2066i\u2069j\rk"
    out = terminal.printable(text)
    assert len(out) == len(text)  # a Text's spans stay where they were
    assert UNSAFE.findall(out) == []
    assert out.replace("\ufffd", "") == "ab]0;xcdefghijk"


def test_printable_keeps_newlines_and_ordinary_text_and_turns_tabs_into_spaces():
    assert terminal.printable("Hà Nội\nĐắk Lắk 😀 [b]x[/b]") == "Hà Nội\nĐắk Lắk 😀 [b]x[/b]"
    assert terminal.printable("a\tb") == "a b"
    assert terminal.printable("") == ""


# ----------------------------------------------------------------------------- the console


def test_console_is_a_safe_console_without_markup_or_emoji():
    c = terminal.console()
    assert isinstance(c, terminal.SafeConsole)
    c = safe_console()
    c.print(HOSTILE)
    c.print(HOSTILE, style="red", markup=False)
    assert_safe(c.file.getvalue())
    assert "\x1b[31m" in c.file.getvalue()  # colours still work


def test_safe_console_sanitises_text_keeping_its_styles():
    from rich.text import Text

    c = safe_console()
    text = Text("ok ", style="green")
    text.append(HOSTILE, style="bold")
    text.append(" end", style="red")
    c.print(text)
    out = c.file.getvalue()
    assert_safe(out)
    assert "\x1b[32mok" in out and "\x1b[31m end" in out.replace("\x1b[0m", "")


def test_safe_console_sanitises_tables_and_str_cells():
    from rich.table import Table

    t = Table(title=HOSTILE)
    t.add_column(HOSTILE)
    t.add_row(HOSTILE)
    c = safe_console()
    c.print(t)
    assert_safe(c.file.getvalue())


# ----------------------------------------------------------------------------- terminal.py


def hostile_plan():
    from dgsp.model import Unit

    plan = small_plan(title=HOSTILE)
    units = tuple(Unit(code=u.code, name=f"{u.name} {HOSTILE}", group=f"{u.group} {HOSTILE}")
                  for u in plan.units)
    return plan.model_copy(update={"units": units})


def hostile_problems(file: str = f"{HOSTILE}.xlsx"):
    from dgsp.model import Problem

    return [Problem("DG212", {"found": HOSTILE}, file=file, sheet=HOSTILE, cell="H11",
                    unit="XB"),
            Problem("DG214", {"found": HOSTILE, "value": D(2100)}, file="other.xlsx",
                    sheet=HOSTILE, cell="H12", unit="XB"),
            Problem("DG220", {"name": HOSTILE, "reason": "lock"}, file=HOSTILE)]


def hostile_completeness():
    from dgsp.intake.returns import Intake
    from dgsp.intake.status import completeness
    from dgsp.model import Return

    file = f"{HOSTILE}.xlsx"
    problems = hostile_problems(file)
    xa = Return(file=file, sha256="a", unit="XA")
    xb = Return(file=file, sha256="b", unit="XB", problems=tuple(problems[:2]))
    stray = Return(file=file, sha256="c", unit=HOSTILE, problems=(problems[0],))
    intake = Intake(returns=[xa, xb, stray], by_unit={"XA": xa, "XB": xb},
                    problems=[problems[2]])
    return completeness(hostile_plan(), intake, date(2025, 1, 1))


@pytest.mark.parametrize("make", [rich_console, safe_console])
def test_print_problems(make):
    c = make()
    terminal.print_problems(c, hostile_problems(), "vi")
    assert_safe(c.file.getvalue())


@pytest.mark.parametrize("make", [rich_console, safe_console])
def test_print_check(make):
    c = make()
    terminal.print_check(c, hostile_completeness(), hostile_problems(), Path(HOSTILE), "vi")
    out = c.file.getvalue()
    assert_safe(out)
    assert SGR.sub("", out).count("Kq [/x]") >= 8  # title, headings, places, messages


@pytest.mark.parametrize("make", [rich_console, safe_console])
def test_print_status(make):
    c = make()
    terminal.print_status(c, hostile_completeness(), "vi")
    out = SGR.sub("", c.file.getvalue())
    assert_safe(c.file.getvalue())
    assert out.count("Kq [/x]") >= 7  # title, group titles, names, file names


@pytest.mark.parametrize("make", [rich_console, safe_console])
def test_print_summary(make):
    from dgsp.model import Return, ReturnedValue
    from dgsp.scoring import evaluate

    def ret(unit: str, **values) -> Return:
        return Return(file=f"{HOSTILE}.xlsx", sha256="0" * 64, unit=unit,
                      values=tuple(ReturnedValue(indicator=k, value=D(v), note=HOSTILE)
                                   for k, v in values.items()))

    ev = evaluate(hostile_plan(), {"XA": ret("XA", I1=130, I2=8, I3=0, I4=1),
                                   "SA": ret("SA", I1=50, I4=1)}, workers=1)
    c = make()
    terminal.print_summary(c, ev, "vi")
    assert_safe(c.file.getvalue())
    assert SGR.sub("", c.file.getvalue()).count("Kq [/x]") >= 5


@pytest.mark.parametrize("make", [rich_console, safe_console])
def test_print_comparison(make):
    from dgsp.compare.build import compare
    from dgsp.compare.model import ReportPlan, ReportUnit, ScoreReport

    def report(year: int, *codes: str) -> ScoreReport:
        return ScoreReport(
            plan=ReportPlan(title=HOSTILE, year=year),
            units=tuple(ReportUnit(code=code, name=HOSTILE, group=HOSTILE, status="scored",
                                   score=D(80 + i), grade="HTTNV", rank=len(codes) - i)
                        for i, code in enumerate(codes)),
            file=f"{year}.json", sha256=f"sha{year}")

    c = make()
    terminal.print_comparison(c, compare([report(2024, "A", "B"), report(2025, "A", "C")]),
                              "vi")
    assert_safe(c.file.getvalue())
    assert SGR.sub("", c.file.getvalue()).count("Kq [/x]") >= 5


def test_progress_bar_shows_its_title_as_typed(monkeypatch):
    from dgsp import labels

    real = labels.label
    monkeypatch.setattr(terminal, "label",
                        lambda key, lang, **kw: HOSTILE if key == "test.title"
                        else real(key, lang, **kw))
    c = safe_console()
    bar = terminal.ProgressBar("vi", console=c, delay=0)
    progress = bar.callback("test.title")
    progress(0, 10)
    progress(1, 10)
    bar._bar.refresh()
    bar.close()
    # the bar's own controls: colours, cursor moves, line erasing, carriage returns
    assert_safe(c.file.getvalue(), re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r"))


def test_json_on_standard_output_escapes_what_a_terminal_would_obey(capsys):
    """JSON escapes C0 controls itself, not DEL, C1 controls or bidi overrides: they are
    written as \\uXXXX escapes, which read back as the same data."""
    import json

    data = {"name": ESCAPES, "đơn vị": "Hà Nội 😀"}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    terminal.finish_json(safe_console(), None, text, "vi")
    out = capsys.readouterr().out
    assert UNSAFE.findall(out.replace("\n", "")) == []
    assert "\\u009b31m" in out and "\\u202e" in out and "Hà Nội 😀" in out
    assert json.loads(out) == data


# ----------------------------------------------------------------------------- the command line


@pytest.fixture(scope="module")
def hostile_round(tmp_path_factory):
    """The bundled example, one return's results sheet renamed ``Kq [/x] …`` (DG232), and a
    copy of another under a file name full of escape sequences (DG221 names both files)."""
    from dgsp import example as ex
    from dgsp import workflow

    root = tmp_path_factory.mktemp("hostile")
    plan = workflow.init_workspace(root)
    assigned = workflow.assign(plan, root / "templates")
    returns = root / "returns"
    ex.fill_returns(assigned.plan, root / "templates", returns)
    rename_sheet(returns / "TAMDAO.xlsx", "Kết quả", "Kq [/x] [link=https://evil.example]")
    shutil.copy(returns / "SONGLO.xlsx", returns / f"{ESCAPES} x.xlsx")  # DG221: named
    return plan, returns


def rename_sheet(path: Path, old: str, new: str) -> None:
    """Rename a sheet in the workbook's XML, as any zip tool can (openpyxl refuses ``[``)."""
    from xml.sax.saxutils import quoteattr

    members = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            members[name] = zf.read(name)
    xml = members["xl/workbook.xml"].decode()
    assert f'name="{old}"' in xml
    members["xl/workbook.xml"] = xml.replace(f'name="{old}"', f"name={quoteattr(new)}").encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


COLOUR = {"COLUMNS": "300", "FORCE_COLOR": "1", "TERM": "xterm-256color"}


@pytest.mark.parametrize("command", ["check", "status", "score"])
def test_commands_show_hostile_names_as_typed(hostile_round, tmp_path, command):
    plan, returns = hostile_round
    extra = ["--out", tmp_path / "report.xlsx", "--no-sheets"] if command == "score" else []
    result = invoke(command, plan, *sorted(returns.glob("*.xlsx")), *extra, env=COLOUR)
    out = result.stdout + result.stderr
    assert "MarkupError" not in out
    assert result.exit_code == 0  # TAMDAO's renamed results sheet is a warning, not a crash
    assert "\x1b]" not in out
    assert UNSAFE.findall(SGR.sub("", out)) == []
    if command != "status":
        assert "[link=https://evil.example]" in SGR.sub("", out)
    assert "\ufffd]0;PWNED\ufffd\\ \ufffd[31m x" in out  # the file is still named, harmlessly


# ----------------------------------------------------------------------------- cells


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def test_cut_cell_text_counts_utf16_units_and_never_splits_a_character():
    from dgsp.xlsx.write import MAX_CELL_CHARS, cut_cell_text

    assert MAX_CELL_CHARS == 32_767
    fits = "a" * 32_765 + "😀"  # 32,767 units exactly
    assert cut_cell_text(fits) == (fits, False)
    assert cut_cell_text("short") == ("short", False)
    text, cut = cut_cell_text("a" * 32_768)
    assert cut and text == "a" * 32_766 + "…" and utf16_len(text) == 32_767
    text, cut = cut_cell_text(fits + "b")  # the emoji would straddle the limit
    assert cut and text == "a" * 32_765 + "…"
    text, cut = cut_cell_text("😀" * 40_000)
    assert cut and text == "😀" * 16_383 + "…" and utf16_len(text) == 32_767


LONG = {"ascii": "x" * 1_000_000, "emoji": "😀" * 40_000}


def read_cell_calamine(path: Path, sheet: str, row: int, col: int) -> str:
    from python_calamine import CalamineWorkbook

    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)
    return grid[row][col]


def check_cut(got: str, original: str) -> None:
    assert utf16_len(got) <= 32_767
    assert got.endswith("…")
    assert original.startswith(got[:-1])
    assert utf16_len(got) >= 32_765  # nothing more is lost than must be


@pytest.mark.parametrize("kind", LONG)
def test_direct_writer_cuts_long_text(tmp_path, kind):
    from openpyxl import load_workbook

    from dgsp.xlsx import direct

    text = LONG[kind]
    ws = direct.Sheet("S")
    ws.put(1, 1, text)
    ws.stream(2, iter([[text, direct.Prepared.of(text)]]))
    path = tmp_path / "t.xlsx"
    direct.write_workbook(path, [ws], direct.Styles())
    for row, col in ((0, 0), (1, 0), (1, 1)):
        check_cut(read_cell_calamine(path, "S", row, col), text)
    ws = load_workbook(path)["S"]
    for ref in ("A1", "A2", "B2"):
        check_cut(ws[ref].value, text)


@pytest.mark.parametrize("kind", LONG)
def test_openpyxl_writer_cuts_long_text(tmp_path, kind):
    from openpyxl import load_workbook

    from dgsp.xlsx import new_workbook, put_text, safe_text

    text = LONG[kind]
    check_cut(safe_text(text), text)
    wb = new_workbook()
    put_text(wb.create_sheet("S"), 1, 1, text)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    check_cut(read_cell_calamine(path, "S", 0, 0), text)
    check_cut(load_workbook(path)["S"]["A1"].value, text)


def test_report_data_sheet_cuts_a_million_character_note(tmp_path):
    from dgsp.model import Return, ReturnedValue
    from dgsp.report.write import write_report
    from dgsp.scoring import evaluate

    note = "ghi chú " * 125_000  # 1,000,000 characters
    ret = Return(file="XA.xlsx", sha256="0" * 64, unit="XA",
                 values=(ReturnedValue(indicator="I1", value=D(100), note=note),
                         *(ReturnedValue(indicator=i, value=D(1)) for i in ("I2", "I3", "I4"))))
    ev = evaluate(small_plan(), {"XA": ret}, workers=1)
    path = tmp_path / "report.xlsx"
    write_report(ev, path)
    from python_calamine import CalamineWorkbook

    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Dữ liệu").to_python(
        skip_empty_area=False)
    longest = max((c for row in grid for c in row if isinstance(c, str)), key=len)
    check_cut(longest, note.strip())
