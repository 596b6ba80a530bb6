"""Issue 9: a run that no single file can break, stall or bend.

Each test is one attack found on main at 908eec7 (the item number is in its name), built
in code: a template filled as a unit office would, then tampered with as a careless or
hostile one might. Cell map of a template (small_plan + I5 in %, unit XA): header row 10;
I1..I5 in rows 11..15; the unit code is shown in C5; result in H, note in I.
"""

from __future__ import annotations

import os
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import invoke, small_plan
from openpyxl import load_workbook

from dgsp.intake.returns import gather, read_return
from dgsp.model import Indicator, Status, Target
from dgsp.plan.templates import fill_template, write_templates

_BASE = small_plan()


def _round_trip(plan):
    """The plan as read back from its workbook (what the CLI reads), and that workbook."""
    import tempfile

    from dgsp.plan.workbook import read_plan, write_plan

    path = Path(tempfile.mkdtemp(prefix="dgsp-hostile-")) / "plan.xlsx"
    write_plan(path, plan)
    return read_plan(path)[0], path


PLAN, PLAN_FILE = _round_trip(small_plan(
    indicators=(*_BASE.indicators,
                Indicator(code="I5", name="Tỷ lệ thu gom rác", measure="%", additive=False)),
    targets=(*_BASE.targets, *(Target(unit=u, indicator="I5", value=Decimal(92))
                               for u in ("XA", "XB", "XC")))))
RESULTS = {"XA": {"I1": 120, "I2": 8, "I3": 0, "I4": True, "I5": 95},
           "XB": {"I1": 100, "I2": 10, "I3": 0, "I4": True, "I5": 92},
           "XC": {"I1": 80, "I2": 12, "I3": 1, "I4": False, "I5": 90},
           "SA": {"I1": 40, "I4": "Không đạt"}, "SB": {"I1": 55, "I4": True}}


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("tpl")
    return {p.stem: p for p in write_templates(PLAN, out)}


@pytest.fixture
def returns(templates, tmp_path):
    """``returns(tamper={unit: fn(wb)}, results={unit: {...}})`` → the folder of five returns."""

    def make(tamper: dict | None = None, results: dict | None = None,
             folder: Path | None = None) -> Path:
        folder = folder or tmp_path / "returns"
        folder.mkdir(parents=True, exist_ok=True)
        for unit, base in RESULTS.items():
            out = folder / f"{unit}.xlsx"
            fill_template(templates[unit], {**base, **(results or {}).get(unit, {})}, out)
            if tamper and unit in tamper:
                wb = load_workbook(out)
                tamper[unit](wb)
                wb.save(out)
        return folder

    return make


def scores(folder: Path, **kwargs) -> dict[str, Decimal | None]:
    from dgsp.scoring import evaluate

    intake = gather(PLAN, [folder], **kwargs)
    ev = evaluate(PLAN, intake.by_unit)
    return {u.unit.code: u.score for u in ev.units}


def codes(ret) -> list[tuple[str, str]]:
    return [(p.code, p.cell) for p in ret.problems]


def _plan_file(tmp_path: Path) -> Path:
    """A copy of the plan workbook in the test's folder (tests may overwrite-attack it)."""
    import shutil

    path = tmp_path / "plan.xlsx"
    if not path.exists():
        shutil.copy(PLAN_FILE, path)
    return path


# ----------------------------------------------------------------------------- 20, 21: the traps


def test_20_a_percent_typed_in_a_percent_cell_is_read_as_the_unit_sees_it(returns):
    folder = returns()
    xa = read_return(folder / "XA.xlsx", PLAN)
    assert xa.ok and codes(xa) == []
    assert {v.indicator: v.value for v in xa.values}["I5"] == Decimal(95)  # stored 0.95, shown 95%


def test_20_the_template_formats_percent_results_as_percentages(templates):
    ws = load_workbook(templates["XA"])["Kết quả"]
    assert "%" in ws["H15"].number_format
    assert "%" not in ws["H11"].number_format


def test_20_a_percentage_cell_for_an_indicator_not_in_percent_is_an_error(returns):
    def pct(wb):
        wb["Kết quả"]["H11"].value = 1.2
        wb["Kết quả"]["H11"].number_format = "0%"

    xa = read_return(returns(tamper={"XA": pct}) / "XA.xlsx", PLAN)
    assert not xa.ok and codes(xa) == [("DG257", "H11")]
    assert "120%" in xa.problems[0].message("vi")


def test_20_a_bare_fraction_in_a_general_cell_of_a_percent_indicator_is_an_error(returns):
    def general(wb):
        wb["Kết quả"]["H15"].value = 0.92
        wb["Kết quả"]["H15"].number_format = "General"

    xa = read_return(returns(tamper={"XA": general}) / "XA.xlsx", PLAN)
    assert not xa.ok and codes(xa) == [("DG224", "H15")]


@pytest.mark.parametrize("typed, warned", [(Decimal("2.18"), True), (Decimal(101), False),
                                           (Decimal(2000), False), (Decimal(2001), True)])
def test_21_implausible_results_are_warnings(returns, typed, warned):
    xa = read_return(returns(results={"XA": {"I1": float(typed)}}) / "XA.xlsx", PLAN)
    assert xa.ok
    assert codes(xa) == ([("DG238", "H11")] if warned else [])


def test_21_the_outlier_factor_comes_from_the_plan(returns):
    plan = PLAN.model_copy(update={"indicators": tuple(
        i.model_copy(update={"outlier_factor": Decimal(2)}) if i.code == "I1" else i
        for i in PLAN.indicators)})
    assert plan.fingerprint() == PLAN.fingerprint()  # advisory: templates stay current
    xa = read_return(returns(results={"XA": {"I1": 250}}) / "XA.xlsx", plan)
    assert codes(xa) == [("DG238", "H11")]


def test_21_strict_turns_warnings_into_errors(returns):
    folder = returns(results={"XA": {"I1": 2.18}})
    assert gather(PLAN, [folder]).by_unit["XA"].ok
    strict = gather(PLAN, [folder], strict=True).by_unit["XA"]
    assert not strict.ok and [p.severity.value for p in strict.problems] == ["error"]


def test_21_score_ends_by_naming_the_warnings_to_look_at(returns, tmp_path):
    folder = returns(results={"XA": {"I1": 2.18}})
    result = invoke("score", _plan_file(tmp_path), folder, "--out", tmp_path / "r.xlsx")
    assert result.exit_code == 0, result.output
    tail = result.output.strip().splitlines()
    assert "Kết quả bất thường" in result.output and "XA" in result.output
    assert "1 cảnh báo cần xem lại" in tail[-1] and "Kiểm tra" in tail[-1]
    strict = invoke("score", _plan_file(tmp_path), folder, "--out", tmp_path / "s.xlsx",
                    "--strict")
    assert strict.exit_code == 1


# ----------------------------------------------------------------------------- 19


def test_19_mixed_digits_and_error_values(returns):
    def tamper(wb):
        wb["Kết quả"]["H11"].value = "2٠100"

    xa = read_return(returns(tamper={"XA": tamper}) / "XA.xlsx", PLAN)
    assert codes(xa) == [("DG249", "H11")]


def _error_cell(path: Path, cell: str, value: str) -> None:
    """Make ``cell`` of the results sheet an error value (t="e"), as Excel saves #DIV/0!."""
    import re

    src = zipfile.ZipFile(path)
    parts = {n: src.read(n) for n in src.namelist()}
    src.close()
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    xml, n = re.subn(rf'<c r="{cell}"([^>]*?)(?: t="\w+")?(/>|>.*?</c>)',
                     rf'<c r="{cell}"\1 t="e"><f>1/0</f><v>{value}</v></c>', xml, count=1)
    assert n == 1
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for k, v in parts.items():
            out.writestr(k, v)


def test_19_an_error_value_has_its_own_message(returns):
    folder = returns()
    _error_cell(folder / "XA.xlsx", "H11", "#DIV/0!")
    xa = read_return(folder / "XA.xlsx", PLAN)
    assert codes(xa) == [("DG251", "H11")]
    assert "#DIV/0!" in xa.problems[0].message("en")


# ----------------------------------------------------------------------------- 1


@pytest.mark.parametrize("typed", [1e16, 1e22, 1e308, "1234567890123456789012345678901"])
def test_1_a_huge_result_rejects_its_unit_and_never_stops_the_run(returns, typed):
    folder = returns(results={"SB": {"I1": typed}})
    got = scores(folder)
    assert got["SB"] is None and got["XA"] is not None and got["SA"] is not None
    sb = read_return(folder / "SB.xlsx", PLAN)
    assert [p.code for p in sb.problems if p.is_error] == ["DG258"]


# ----------------------------------------------------------------------------- 11, 12, 13


def test_11_a_misdirected_copy_is_the_senders_error_never_the_owners(returns):
    folder = returns()
    baseline = scores(folder)
    (folder / "XB.xlsx").write_bytes((folder / "XA.xlsx").read_bytes())  # XB mails XA's file
    intake = gather(PLAN, [folder])
    assert intake.by_unit["XA"].ok  # the owner is judged by its own file
    assert [p.code for p in intake.by_unit["XB"].problems] == ["DG203"]
    got = scores(folder)
    assert got["XA"] == baseline["XA"] and got["XB"] is None


@pytest.mark.parametrize("name", ["XC.xlsx", "SA (2).xlsx", "zz-copy.xlsx"])
def test_11_a_copy_under_another_units_name_leaves_both_alone(returns, name):
    folder = returns()
    baseline = scores(folder)
    (folder / name).write_bytes((folder / "XA.xlsx").read_bytes())
    if name == "XC.xlsx":  # XC's own file replaced: only XC changes
        assert {k: v for k, v in scores(folder).items() if k != "XC"} == \
            {k: v for k, v in baseline.items() if k != "XC"}
    else:
        assert scores(folder) == baseline


def _forge(hidden: str):
    def tamper(wb):
        meta = wb["_dgsp"]
        for row in meta.iter_rows():
            if row[0].value == "unit":
                row[1].value = hidden
    return tamper


def test_12_visible_and_hidden_unit_codes_must_agree(returns):
    xa = read_return(returns(tamper={"XA": _forge("XB")}) / "XA.xlsx", PLAN)
    assert ("DG254", "C5") in codes(xa)
    assert not xa.ok


def test_12_a_forged_file_never_displaces_the_owner_even_when_newest(returns, templates):
    folder = returns()
    baseline = scores(folder)
    forged = folder / "XB (2).xlsx"
    fill_template(templates["XA"], {**RESULTS["XA"], "I1": 1}, forged)
    wb = load_workbook(forged)
    _forge("XB")(wb)
    wb.save(forged)
    __import__("conftest").load_make_corpus().set_modified(forged, "2099-01-01T00:00:00Z")
    for prefer in (None, "newest"):
        intake = gather(PLAN, [folder], prefer=prefer)
        assert intake.by_unit["XB"].file == str(folder / "XB.xlsx"), prefer
        assert scores(folder, prefer=prefer) == baseline
        assert "DG256" in {p.code for p in intake.problems}


def test_12_a_future_date_is_a_warning_and_never_wins(returns, templates):
    folder = returns()
    newer = folder / "XA (2).xlsx"
    fill_template(templates["XA"], {**RESULTS["XA"], "I1": 110}, newer)
    __import__("conftest").load_make_corpus().set_modified(newer, "2099-01-01T00:00:00Z")
    ret = read_return(newer, PLAN)
    assert [p.code for p in ret.problems] == ["DG255"]
    intake = gather(PLAN, [folder], prefer="newest")
    assert [p.code for p in intake.by_unit["XA"].problems] == []
    assert intake.by_unit["XA"].file == str(folder / "XA.xlsx")


def test_13_two_results_sheets_or_a_hidden_one_are_errors(returns):
    def twin(wb):
        wb.copy_worksheet(wb["Kết quả"]).title = "KẾT QUẢ "

    def hidden_with_visible_copy(wb):
        wb.copy_worksheet(wb["Kết quả"]).title = "Bản sao"
        wb["Kết quả"].sheet_state = "hidden"
        wb.active = wb.sheetnames.index("Bản sao")

    def hidden(wb):
        wb["Kết quả"].sheet_state = "hidden"
        wb.active = 1

    folder = returns(tamper={"XA": twin, "XB": hidden_with_visible_copy, "XC": hidden})
    assert [p.code for p in read_return(folder / "XA.xlsx", PLAN).problems] == ["DG252"]
    assert [p.code for p in read_return(folder / "XB.xlsx", PLAN).problems] == ["DG253"]
    assert [p.code for p in read_return(folder / "XC.xlsx", PLAN).problems] == ["DG253"]


# ----------------------------------------------------------------------------- 7, 8, 9, 10


@pytest.mark.parametrize("command, option", [("score", "--out"), ("score", "--json"),
                                             ("check", "--json"), ("status", "--json")])
def test_7_an_output_never_overwrites_an_input_even_with_force(returns, tmp_path, command,
                                                               option):
    folder = returns()
    plan = _plan_file(tmp_path)
    for target in (plan, folder / "XA.xlsx"):
        before = target.read_bytes()
        args = [command, plan, folder / "XA.xlsx", option, target, "--force"]
        if command == "score" and option == "--json":
            args += ["--out", tmp_path / "r.xlsx"]
        result = invoke(*args)
        assert result.exit_code == 2 and "DG304" in result.output, result.output
        assert target.read_bytes() == before


def test_7_assign_and_init_never_overwrite_the_plan(tmp_path):
    plan = _plan_file(tmp_path)
    before = plan.read_bytes()
    (tmp_path / "t").mkdir()
    moved = tmp_path / "t" / "XA.xlsx"
    moved.write_bytes(before)
    result = invoke("assign", moved, "--out", tmp_path / "t", "--force")
    assert result.exit_code == 2 and "DG304" in result.output
    result = invoke("init", tmp_path, "--force")
    assert result.exit_code == 2 and "DG309" in result.output
    assert plan.read_bytes() == before and moved.read_bytes() == before


def test_8_an_output_inside_the_returns_folder_is_refused_and_outputs_are_skipped(returns,
                                                                                 tmp_path):
    folder = returns()
    plan = _plan_file(tmp_path)
    result = invoke("score", plan, folder, "--out", folder / "report.xlsx")
    assert result.exit_code == 2 and "DG305" in result.output
    assert not (folder / "report.xlsx").exists()
    # a report and its sheets put there by hand are skipped with a note, never read as returns
    assert invoke("score", plan, folder, "--out", tmp_path / "report.xlsx").exit_code == 0
    import shutil

    shutil.copy(tmp_path / "report.xlsx", folder / "report.xlsx")
    shutil.copytree(tmp_path / "report-phieu", folder / "report-phieu")
    intake = gather(PLAN, [folder])
    assert all(r.ok for r in intake.by_unit.values()) and len(intake.by_unit) == 5
    skipped = [p for p in intake.problems if p.code == "DG220"]
    assert len(skipped) == 6 and all(not p.is_error for p in skipped)


@pytest.mark.parametrize("extra", [["--json", "{out}"], ["--json", "{phieu}/XA.xlsx"]])
def test_9_two_outputs_of_one_run_that_collide_are_refused(returns, tmp_path, extra):
    folder = returns()
    out = tmp_path / "r.xlsx"
    args = [a.format(out=out, phieu=tmp_path / "r-phieu") for a in extra]
    result = invoke("score", _plan_file(tmp_path), folder, "--out", out, *args)
    assert result.exit_code == 2 and "DG306" in result.output
    assert not out.exists() and not (tmp_path / "r-phieu").exists()


def test_10_a_second_run_on_the_same_outputs_is_refused_while_the_first_holds_them(
        returns, tmp_path):
    from dgsp.outputs import lock_path

    folder = returns()
    out = tmp_path / "r.xlsx"
    lock_path(out).write_text(str(os.getpid()))  # a live run holds the outputs
    result = invoke("score", _plan_file(tmp_path), folder, "--out", out)
    assert result.exit_code == 2 and "DG307" in result.output and not out.exists()
    lock_path(out).write_text("999999999")  # a run that died: its lock is taken over
    assert invoke("score", _plan_file(tmp_path), folder, "--out", out).exit_code == 0
    assert not lock_path(out).exists()


def test_10_outputs_that_appear_during_the_run_are_not_replaced(returns, tmp_path,
                                                                 monkeypatch):
    from dgsp import scoring

    folder = returns()
    out = tmp_path / "r.xlsx"

    original = scoring.evaluate

    def slow(*a, **k):  # another run writes the report meanwhile
        out.write_bytes(b"the other run's report")
        return original(*a, **k)

    monkeypatch.setattr(scoring, "evaluate", slow)
    result = invoke("score", _plan_file(tmp_path), folder, "--out", out)
    assert result.exit_code == 2 and "DG301" in result.output
    assert out.read_bytes() == b"the other run's report"


# ----------------------------------------------------------------------------- 16, 17


def test_16_a_full_disk_writes_nothing_half_and_says_what_was_written(returns, tmp_path,
                                                                       monkeypatch):
    import errno

    from dgsp import report

    folder = returns()

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report, "write_json", full)
    out = tmp_path / "r.xlsx"
    result = invoke("score", _plan_file(tmp_path), folder, "--out", out,
                    "--json", tmp_path / "r.json")
    assert result.exit_code == 2
    assert "DG302" in result.output and "ổ đĩa đã đầy" in result.output
    assert "DG308" in result.output and "Lỗi không mong đợi" not in result.output
    assert out.exists() and len(list((tmp_path / "r-phieu").iterdir())) == 5
    assert not (tmp_path / "r.json").exists()
    assert not [p for p in tmp_path.rglob("*") if ".dgsp-" in p.name or p.suffix == ".tmp"]


def test_16_an_unwritable_output_folder_is_dg302_before_anything_is_read(returns, tmp_path,
                                                                          monkeypatch):
    import errno

    from dgsp import outputs

    folder = returns()
    real_open = os.open

    def refuse(path, flags, *a):
        if str(path).endswith(outputs.LOCK_SUFFIX):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *a)

    monkeypatch.setattr(outputs.os, "open", refuse)
    result = invoke("score", _plan_file(tmp_path), folder, "--out", tmp_path / "r.xlsx")
    assert result.exit_code == 2 and "DG302" in result.output and "không có quyền truy cập" in result.output


def test_17_an_unreadable_sub_folder_is_named(returns, tmp_path, monkeypatch):
    folder = returns()
    sub = folder / "huyen"
    sub.mkdir()
    (folder / "XA.xlsx").rename(sub / "XA.xlsx")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == sub:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    intake = gather(PLAN, [folder])
    (p,) = [p for p in intake.problems if p.code == "DG259"]
    assert p.params["path"] == str(sub) and p.is_error
    assert "XA" not in intake.by_unit


# ----------------------------------------------------------------------------- the property


def _hypothesis_returns(tmp_path_factory, templates):
    folder = tmp_path_factory.mktemp("prop") / "returns"
    folder.mkdir()
    for unit, base in RESULTS.items():
        fill_template(templates[unit], base, folder / f"{unit}.xlsx")
    return folder


@pytest.fixture(scope="module")
def clean_folder(tmp_path_factory, templates):
    return _hypothesis_returns(tmp_path_factory, templates)


def _units_scores(files: dict[str, bytes], tmp: Path) -> dict[str, tuple]:
    from dgsp.scoring import evaluate

    for p in tmp.iterdir():
        p.unlink()
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    ev = evaluate(PLAN, gather(PLAN, [tmp]).by_unit)
    return {u.unit.code: (u.status, u.score) for u in ev.units}  # ranks and quota seats are
    # the group's: a unit dropping out moves its peers' ranks, never their scores


def test_property_one_replaced_file_never_changes_another_units_score(clean_folder,
                                                                        tmp_path_factory):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    originals = {p.name: p.read_bytes() for p in sorted(clean_folder.iterdir())}
    tmp = tmp_path_factory.mktemp("scratch")
    baseline = _units_scores(originals, tmp)
    assert all(s[0] is Status.SCORED for s in baseline.values())
    names = sorted(originals)
    other_names = st.one_of(st.sampled_from([*names, *(f"{Path(n).stem} (2).xlsx" for n in names)]),
                            st.from_regex(r"[a-z]{1,8}\.xlsx", fullmatch=True))

    @given(victim=st.sampled_from(names),
           content=st.one_of(st.binary(max_size=2000).map(lambda b: ("bytes", b)),
                             st.tuples(st.just("copy"), st.sampled_from(names), other_names)))
    @settings(max_examples=40, deadline=None)
    def check(victim, content):
        files = dict(originals)
        del files[victim]
        if content[0] == "bytes":
            files[victim] = content[1]
            changed = {Path(victim).stem}
        else:
            _, source, name = content
            if source == victim or (name in files and name != victim):
                return
            files[name] = originals[source]
            changed = {Path(victim).stem}
        got = _units_scores(files, tmp)
        for unit, value in baseline.items():
            if unit not in changed:
                assert got[unit] == value, (victim, content[0], unit)

    check()


def test_check_names_each_new_hostile_kind_of_the_corpus(corpus_dir, corpus):
    result = invoke("check", corpus.plan_path, corpus_dir)
    for code in ("DG249", "DG251", "DG252", "DG253", "DG254", "DG257", "DG258"):
        assert code in result.output, code
    assert result.exit_code == 1

