"""Score reports read back for `dgsp compare` (dgsp.compare.read), and `dgsp compare` end to end.

A report workbook carries its score JSON in a very hidden "_dgsp" sheet (a key row, then
text chunks in column A); `read_report` reads that, or the `--json` file, into the same
ScoreReport. Every way a file can fail to be a report has its own code, naming the file
(and, in a workbook, the cell).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import book, invoke, small_plan
from openpyxl import load_workbook

from dgsp.compare.model import ScoreReport
from dgsp.compare.read import read_report, read_reports
from dgsp.model import Problem, Return, ReturnedValue, Source
from dgsp.problems import ReportError
from dgsp.report import write as report
from dgsp.scoring import evaluate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NEW_DEPARTMENTS = {"SKHDT", "SNV", "SYT", "STNMT"}


def _ret(unit: str, values: dict[str, str], problems=()) -> Return:
    return Return(file=f"ret/{unit}.xlsx", sha256=unit.lower().ljust(64, "0"), unit=unit,
                  values=tuple(ReturnedValue(indicator=k, value=D(v)) for k, v in values.items()),
                  problems=tuple(problems))


def make_eval(**plan_overrides):
    """Xã: XA exceeds (HTXSNV), XB on target, XC rejected; Sở: SA capped, SB missing."""
    plan = small_plan(excellent_quota=D("0.5"), **plan_overrides)
    returns = {
        "XA": _ret("XA", {"I1": "115", "I2": "9", "I3": "0", "I4": "1"}),
        "XB": _ret("XB", {"I1": "100", "I2": "10", "I3": "0", "I4": "1"}),
        "XC": _ret("XC", {}, [Problem("DG212", {"found": "khoảng 200"}, file="ret/XC.xlsx",
                                      sheet="Kết quả", cell="G9", unit="XC", indicator="I1")]),
        "SA": _ret("SA", {"I1": "60.5", "I4": "1"}),
    }
    sources = [Source(kind="plan", file="plan.xlsx", sha256="cd" * 32)]
    return evaluate(plan, returns, sources=sources, dgsp_version="0.1.0")


def strip_file(r: ScoreReport) -> ScoreReport:
    return r.model_copy(update={"file": "", "sha256": ""})


def problems_of(exc: pytest.ExceptionInfo) -> list[tuple[str, str, str, str]]:
    return [(p.code, p.file, p.sheet, p.cell) for p in exc.value.problems]


@pytest.fixture(scope="module")
def ev():
    return make_eval()


@pytest.fixture(scope="module")
def files(tmp_path_factory, ev) -> Path:
    d = tmp_path_factory.mktemp("reports")
    report.write_report(ev, d / "report.xlsx")
    report.write_report(ev, d / "report-en.xlsx", lang="en")
    (d / "report.json").write_text(report.dump_json(ev), encoding="utf-8")
    return d


# ----------------------------------------------------------------------------- round trip


def test_workbook_and_json_read_back_the_same(files):
    from_xlsx = read_report(files / "report.xlsx")
    from_json = read_report(files / "report.json")
    assert strip_file(from_xlsx) == strip_file(from_json)
    assert from_xlsx.file == str(files / "report.xlsx")
    assert from_json.file == str(files / "report.json")
    assert from_xlsx.sha256 == hashlib.sha256((files / "report.xlsx").read_bytes()).hexdigest()
    assert from_json.sha256 == hashlib.sha256((files / "report.json").read_bytes()).hexdigest()


def test_report_matches_the_evaluation(files, ev):
    r = read_report(files / "report.xlsx")
    assert r.schema_ == "dgsp.score/1"
    assert (r.plan.title, r.plan.year, r.plan.fingerprint) == (
        ev.plan.title, ev.plan.year, ev.plan.fingerprint())
    assert [i.code for i in r.plan.indicators] == ["I1", "I2", "I3", "I4"]
    assert [(i.direction, i.measure, i.weight, i.cap) for i in r.plan.indicators[:2]] == [
        ("higher", "người", D(2), D("1.2")), ("lower", "vụ", D(1), D(1))]
    by_code = {u.code: u for u in r.units}
    assert list(by_code) == [u.unit.code for u in ev.units]
    for u in ev.units:
        got = by_code[u.unit.code]
        assert got.status == u.status.value
        assert got.rank == u.rank
        assert got.grade == (u.grade.value if u.grade else None)
        assert got.score == (u.score.quantize(D("0.01")) if u.score is not None else None)
        assert [(i.code, i.ratio, i.target, i.actual) for i in got.indicators] == [
            (res.indicator, round(res.ratio, 6), res.target, res.actual) for res in u.indicators]
    # the values themselves, as the report's golden table has them
    assert (by_code["XA"].score, by_code["XA"].rank, by_code["XA"].grade) == (D("106"), 1, "HTXSNV")
    assert (by_code["SA"].grade, by_code["SA"].grade_before_quota,
            by_code["SA"].lowered_by_quota) == ("HTTNV", "HTXSNV", True)
    assert by_code["SA"].indicators[0].ratio == D("1.21")
    assert (by_code["XC"].status, by_code["XC"].score, by_code["SB"].status) == (
        "rejected", None, "missing")


def test_english_report_reads_the_same(files):
    """The same figures and reasons; only the reasons' words follow the language."""
    def codes_only(r: ScoreReport) -> ScoreReport:
        return strip_file(r).model_copy(update={"units": tuple(
            u.model_copy(update={"reasons": tuple(x.model_copy(update={"text": ""})
                                                  for x in u.reasons)}) for u in r.units)})

    en, vi = read_report(files / "report-en.xlsx"), read_report(files / "report.xlsx")
    assert codes_only(en) == codes_only(vi)
    assert [x.text for x in vi.units[0].reasons] != [x.text for x in en.units[0].reasons]


def test_hidden_sheet_layout(files):
    """A very hidden "_dgsp": key row (schema, chunks, sha256), then the JSON text from A2."""
    wb = load_workbook(files / "report.xlsx")
    ws = wb["_dgsp"]
    assert ws.sheet_state == "veryHidden"
    assert [ws.cell(1, c).value for c in (1, 2, 3, 5)] == ["schema", "dgsp.score/1", "chunks",
                                                           "sha256"]
    n = ws["D1"].value
    text = "".join(ws.cell(r, 1).value for r in range(2, n + 2))
    assert ws.cell(n + 2, 1).value is None
    assert hashlib.sha256(text.encode()).hexdigest() == ws["F1"].value
    assert text.isascii() and " " not in text[:1] + text[-1:]
    assert json.loads(text)["units"][0]["code"] == "XA"


def test_visible_sheets_are_unchanged(files):
    wb = load_workbook(files / "report.xlsx")
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == ["Tổng hợp", "Toàn tỉnh", "Dữ liệu", "Kiểm tra", "Nguồn"]


def test_long_report_is_cut_into_chunks_that_read_back(tmp_path, ev, monkeypatch):
    monkeypatch.setattr(report, "CHUNK_CHARS", 300)
    report.write_report(ev, tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["_dgsp"]
    n = ws["D1"].value
    lengths = [len(ws.cell(r, 1).value) for r in range(2, n + 2)]
    assert n > 10 and max(lengths) <= 300
    assert strip_file(read_report(tmp_path / "r.xlsx")) == strip_file(
        read_report(_json(tmp_path / "r.json", report.to_json(ev))))


@pytest.mark.parametrize("spaces", [5, 400])  # a run across a chunk edge; one longer than a chunk
def test_spaces_at_chunk_edges_survive(tmp_path, monkeypatch, spaces):
    """A cell's text is trimmed when written: no chunk may start or end with a space."""
    monkeypatch.setattr(report, "CHUNK_CHARS", 300)
    head = "A" + " " * spaces + "B"
    units = tuple(u.model_copy(update={"heads": (head,)}) if u.code == "XA" else u
                  for u in small_plan().units)
    report.write_report(make_eval(units=units), tmp_path / "r.xlsx")
    assert read_report(tmp_path / "r.xlsx").units[0].heads == (head,)


def _json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- bad files


def _hidden(path: Path, rows: list[list]) -> Path:
    """A workbook whose "_dgsp" sheet holds exactly these rows (and a visible sheet)."""
    return book(path, {"Tổng hợp": [["x"]], "_dgsp": rows})


def _edit_hidden(src: Path, dst: Path, edit) -> Path:
    wb = load_workbook(src)
    edit(wb["_dgsp"])
    wb.save(dst)
    return dst


def test_not_a_report_text_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Báo cáo năm 2021", encoding="utf-8")
    with pytest.raises(ReportError) as exc:
        read_report(path)
    assert problems_of(exc) == [("DG410", str(path), "", "")]


def test_plain_workbook_is_not_a_report(tmp_path):
    path = book(tmp_path / "bang-tinh.xlsx", {"Tổng hợp": [["Hạng", "Mã đơn vị"], [1, "XA"]]})
    with pytest.raises(ReportError) as exc:
        read_report(path)
    assert problems_of(exc) == [("DG402", str(path), "", "")]
    assert "_dgsp" in exc.value.problems[0].message("vi")


def test_unit_template_is_another_schema(tmp_path):
    path = _hidden(tmp_path / "TAMDAO.xlsx", [["schema", "dgsp.template/1"], ["unit", "TAMDAO"]])
    with pytest.raises(ReportError) as exc:
        read_report(path)
    assert problems_of(exc) == [("DG403", str(path), "_dgsp", "B1")]
    assert exc.value.problems[0].params["found"] == "dgsp.template/1"


def test_newer_schema_in_a_workbook(tmp_path, files):
    path = _edit_hidden(files / "report.xlsx", tmp_path / "new.xlsx",
                        lambda ws: setattr(ws["B1"], "value", "dgsp.score/3"))
    with pytest.raises(ReportError) as exc:
        read_report(path)
    assert problems_of(exc) == [("DG404", str(path), "_dgsp", "B1")]
    assert "dgsp.score/3" in exc.value.problems[0].message("en")


@pytest.mark.parametrize("schema, code, found", [
    ("dgsp.score/3", "DG404", "dgsp.score/3"),
    ("dgsp.score/10", "DG404", "dgsp.score/10"),
    ("dgsp.check/1", "DG403", "dgsp.check/1"),
    ("dgsp.score/1.1", "DG403", "dgsp.score/1.1"),
    (None, "DG403", "—"),
])
def test_wrong_or_newer_schema_in_json(tmp_path, ev, schema, code, found):
    data = report.to_json(ev)
    if schema is None:
        del data["schema"]
    else:
        data["schema"] = schema
    path = _json(tmp_path / "r.json", data)
    with pytest.raises(ReportError) as exc:
        read_report(path)
    assert problems_of(exc) == [(code, str(path), "", "")]
    assert exc.value.problems[0].params["found"] == found


@pytest.mark.parametrize("where", ["last", "middle", "extra"])
def test_truncated_chunks(tmp_path, ev, monkeypatch, where):
    """The cell named is the first part missing (or the first one too many)."""
    monkeypatch.setattr(report, "CHUNK_CHARS", 500)
    report.write_report(ev, tmp_path / "full.xlsx")
    n = load_workbook(tmp_path / "full.xlsx")["_dgsp"]["D1"].value
    row = {"last": n + 1, "middle": 3, "extra": n + 2}[where]
    path = _edit_hidden(tmp_path / "full.xlsx", tmp_path / "cut.xlsx", lambda ws: setattr(
        ws.cell(row, 1), "value", "{}" if where == "extra" else None))
    with pytest.raises(ReportError) as exc:
        read_report(path)
    assert problems_of(exc) == [("DG405", str(path), "_dgsp", f"A{row}")]
    found = n + 1 if where == "extra" else n - 1
    assert exc.value.problems[0].params == {"found": found, "expected": n}


@pytest.mark.parametrize("count", ["ba", -1, 2.5, 10**9])
def test_chunk_count_that_is_wrong(tmp_path, files, count):
    n = load_workbook(files / "report.xlsx")["_dgsp"]["D1"].value
    path = _edit_hidden(files / "report.xlsx", tmp_path / "x.xlsx",
                        lambda ws: setattr(ws["D1"], "value", count))
    with pytest.raises(ReportError) as exc:
        read_report(path)
    cell = f"A{n + 2}" if count == 10**9 else "D1"  # the first part missing
    assert problems_of(exc) == [("DG405", str(path), "_dgsp", cell)]


def test_altered_chunk_fails_the_checksum(tmp_path, files):
    def edit(ws):
        ws["A2"].value = ws["A2"].value.replace('"XA"', '"XZ"', 1)

    path = _edit_hidden(files / "report.xlsx", tmp_path / "x.xlsx", edit)
    with pytest.raises(ReportError) as exc:
        read_report(path)
    assert problems_of(exc) == [("DG406", str(path), "_dgsp", "F1")]


def test_embedded_text_that_is_not_json(tmp_path):
    text = '{"schema":"dgsp.score/1","units":['
    path = _hidden(tmp_path / "x.xlsx", [
        ["schema", "dgsp.score/1", "chunks", 1, "sha256",
         hashlib.sha256(text.encode()).hexdigest()],
        [text]])
    with pytest.raises(ReportError) as exc:
        read_report(path)
    assert problems_of(exc) == [("DG407", str(path), "_dgsp", "A2")]


def test_json_file_that_does_not_parse(tmp_path):
    path = tmp_path / "r.json"
    path.write_text('{\n  "schema": "dgsp.score/1",\n  "units": [,]\n}\n', encoding="utf-8")
    with pytest.raises(ReportError) as exc:
        read_report(path)
    assert problems_of(exc) == [("DG408", str(path), "", "")]
    assert {k: exc.value.problems[0].params[k] for k in ("line", "column")} == {
        "line": 3, "column": 13}


def test_json_content_that_does_not_fit_the_schema(tmp_path, ev):
    data = report.to_json(ev)
    data["units"][0]["status"] = "xuất sắc"
    path = _json(tmp_path / "r.json", data)
    with pytest.raises(ReportError) as exc:
        read_report(path)
    assert problems_of(exc) == [("DG409", str(path), "", "")]
    assert exc.value.problems[0].params["field"] == "units.0.status"


@pytest.mark.parametrize("name, content, code, reason", [
    ("khong-co.xlsx", None, "DG303", None),
    ("thu-muc.xlsx", "folder", "DG401", "this is a folder, not a file"),
    ("rong.xlsx", b"", "DG401", "the file is empty (0 bytes)"),
    ("hong.xlsx", b"not a zip at all", "DG401", None),
])
def test_unreadable_files(tmp_path, name, content, code, reason):
    path = tmp_path / name
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportError) as exc:
        read_report(path)
    [p] = exc.value.problems
    assert p.code == code
    if code == "DG303":
        assert (p.file, p.params["path"]) == ("", str(path))
    else:
        assert p.file == str(path)
    if reason:  # in the reader's words (here English)
        assert p.message("en").endswith(reason)


def test_read_reports_lists_every_bad_file_in_one_error(tmp_path, files):
    plain = book(tmp_path / "plain.xlsx", {"A": [[1]]})
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ReportError) as exc:
        read_reports([files / "report.xlsx", plain, files / "report.json", broken])
    assert [(p.code, p.file) for p in exc.value.problems] == [
        ("DG402", str(plain)), ("DG408", str(broken))]
    good = read_reports([files / "report.json", files / "report.xlsx"])
    assert [r.file for r in good] == [str(files / "report.json"), str(files / "report.xlsx")]


# ----------------------------------------------------------------------------- dgsp compare


@pytest.fixture(scope="module")
def years(tmp_path_factory) -> dict[int, Path]:
    """The two example years scored once: {year: report.xlsx} (report.json beside it)."""
    from dgsp.workflow import score

    d = tmp_path_factory.mktemp("years")
    out = {}
    for year in (2021, 2022):
        src = EXAMPLES / f"vinh-phuc-{year}"
        out[year] = d / f"{year}.xlsx"
        score(src / "plan.xlsx", [src / "returns"], out[year], json_out=str(d / f"{year}.json"),
              unit_sheets=False)
    return out


def _units(data: dict) -> dict[str, dict]:
    return {u["code"]: u for g in data["groups"] for u in g["units"]}


def test_compare_the_two_example_years(tmp_path, years):
    pytest.importorskip("dgsp.compare.write")
    out, js = tmp_path / "so-sanh.xlsx", tmp_path / "so-sanh.json"
    result = invoke("compare", years[2022], years[2021], "--out", out, "--json", js,
                    env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert out.is_file() and load_workbook(out).sheetnames
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["schema"] == "dgsp.compare/1"
    assert [r["year"] for r in data["reports"]] == [2021, 2022]  # given in any order
    assert [g["group"] for g in data["groups"]] == [
        "Huyện, thành phố", "Sở, ngành", "Khối Đảng, MTTQ, đoàn thể"]
    units = _units(data)
    assert {c for c, u in units.items() if u["is_new"]} == NEW_DEPARTMENTS
    assert all(units[c]["previous_rank"] is None for c in NEW_DEPARTMENTS)
    tamdao, binhxuyen = units["TAMDAO"], units["BINHXUYEN"]
    assert (tamdao["previous_rank"], tamdao["rank"], tamdao["rank_change"]) == (9, 1, 8)
    assert (binhxuyen["previous_rank"], binhxuyen["rank"], binhxuyen["rank_change"]) == (3, 9, -6)
    assert tamdao["score_change"] == 11.43
    assert [(n["indicator"], n["reason"]) for n in data["indicators_not_compared"]] == [
        ("KT04", "measure")]
    assert "rank_band" not in tamdao  # no --sensitivity
    # the terminal: one table per group, new units flagged, the changed indicator named
    assert "TAMDAO · Huyện Tam Đảo" in result.stdout
    assert "▲ 8" in result.stdout and "▼ 6" in result.stdout
    assert "mới" in result.stdout
    assert "KT04 (đơn vị tính: % → hộ)" in result.stdout
    assert f"Đã ghi {out}" in result.stdout


def test_compare_json_reports_and_sensitivity(tmp_path, years):
    pytest.importorskip("dgsp.compare.write")
    out = tmp_path / "c.xlsx"
    result = invoke("compare", str(years[2021]).replace(".xlsx", ".json"),
                    str(years[2022]).replace(".xlsx", ".json"), "--out", out, "--json", "-",
                    "--sensitivity", "200", "--weights", "90%,110%", "--lang", "en")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # standard output holds the JSON alone
    assert data["sensitivity"] == {"runs": 200, "low": 0.9, "high": 1.1, "seed": 366}
    tamdao = _units(data)["TAMDAO"]
    assert tamdao["rank_band"] == [1, 1]
    assert "Rank band" in result.stderr and "TAMDAO · " in result.stderr  # the table


def test_compare_quiet_prints_no_table(tmp_path, years):
    pytest.importorskip("dgsp.compare.write")
    result = invoke("compare", years[2021], years[2022], "--out", tmp_path / "c.xlsx", "--quiet")
    assert result.exit_code == 0, result.output
    assert "TAMDAO" not in result.stdout
    assert result.stdout.strip() == f"Đã ghi {tmp_path / 'c.xlsx'}"


@pytest.mark.parametrize("second", ["json", "xlsx"])  # its own JSON; the very same file
def test_compare_the_same_report_twice_exits_2(tmp_path, years, second):
    pytest.importorskip("dgsp.compare.write")
    again = str(years[2022]).replace(".xlsx", ".json") if second == "json" else years[2022]
    result = invoke("compare", years[2022], again, "--out", tmp_path / "c.xlsx")
    assert result.exit_code == 2
    assert "[DG420]" in result.stderr
    assert not (tmp_path / "c.xlsx").exists()


def test_compare_bad_reports_exit_2_naming_every_file(tmp_path, years):
    plain = book(tmp_path / "plain.xlsx", {"A": [[1]]})
    missing = tmp_path / "khong-co.xlsx"
    result = invoke("compare", years[2021], plain, missing, "--out", tmp_path / "c.xlsx")
    assert result.exit_code == 2
    assert f"{plain}: [DG402]" in result.stderr
    assert f'[DG303] không tìm thấy "{missing}"' in result.stderr
    assert not (tmp_path / "c.xlsx").exists()


@pytest.mark.parametrize("option, value", [("--weights", "0.8"), ("--bands", "đỏ,xanh"),
                                           ("--weights", "0.8,1.0,1.2")])
def test_compare_bad_pairs_exit_2(tmp_path, years, option, value):
    result = invoke("compare", years[2021], "--out", tmp_path / "c.xlsx", option, value)
    assert result.exit_code == 2
    assert f"[DG411] {option}" in result.stderr
    assert f'"{value}"' in result.stderr


def test_compare_never_overwrites_a_report(tmp_path, years):
    before = years[2022].read_bytes()
    result = invoke("compare", years[2021], years[2022], "--out", years[2022], "--force")
    assert result.exit_code == 2
    assert "[DG412]" in result.stderr
    assert years[2022].read_bytes() == before


def test_compare_refuses_existing_output_without_force(tmp_path, years):
    pytest.importorskip("dgsp.compare.write")
    out = tmp_path / "c.xlsx"
    out.write_bytes(b"old")
    result = invoke("compare", years[2021], years[2022], "--out", out)
    assert result.exit_code == 2
    assert "[DG301]" in result.stderr and out.read_bytes() == b"old"
    forced = invoke("compare", years[2021], years[2022], "--out", out, "--force", "-q")
    assert forced.exit_code == 0, forced.output
    assert out.read_bytes()[:2] == b"PK"


def test_parse_pair():
    from dgsp.problems import DgspError
    from dgsp.workflow import parse_pair

    assert parse_pair("0.8,1.2", "--weights", "") == (D("0.8"), D("1.2"))
    assert parse_pair(" 80% , 120% ", "--weights", "") == (D("0.8"), D("1.2"))
    assert parse_pair("0,8;1,2", "--weights", "") == (D("0.8"), D("1.2"))
    for bad in ("", "0.8", "a,b", "0.8,,1.2", "nan,1", "1,inf"):
        with pytest.raises(DgspError) as exc:
            parse_pair(bad, "--bands", "0.8,1.0")
        assert [p.code for p in exc.value.problems] == ["DG411"], bad
