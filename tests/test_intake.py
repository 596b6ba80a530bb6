"""Reading returned workbooks: the round trip, and one tampered file per problem code.

Templates are written once per module; each test fills one in the way a unit
office would (``fill_template``), then tampers with it through openpyxl the way
a careless or hostile office might, and checks the code and the cell.

Cell map of a template (small_plan, unit XA): header row 10; I1..I4 in rows
11..14; code in B, target in G, result in H, note in I.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import small_plan
from openpyxl import load_workbook

from dgsp.intake.returns import gather, list_return_files, read_return, unit_from_filename
from dgsp.model import Return
from dgsp.plan.templates import fill_template, write_templates
from dgsp.problems import DgspError

PLAN = small_plan()
XA_RESULTS = {"I1": 120, "I2": 8, "I3": 0, "I4": True}
SA_RESULTS = {"I1": 40, "I4": "Không đạt"}


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("tpl")
    return {p.stem: p for p in write_templates(PLAN, out)}


@pytest.fixture(scope="module")
def templates_en(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("tpl-en")
    return {p.stem: p for p in write_templates(PLAN, out, lang="en")}


@pytest.fixture
def filled(templates, tmp_path):
    """``filled(unit, results=..., name=..., tamper=fn)`` → path of a returned file."""

    def make(unit: str = "XA", results: dict | None = None, name: str | None = None,
             tamper=None, notes: dict | None = None) -> Path:
        if results is None:
            results = XA_RESULTS if unit.startswith("X") else SA_RESULTS
        out = tmp_path / "returns" / (name or f"{unit}.xlsx")
        out.parent.mkdir(parents=True, exist_ok=True)
        fill_template(templates[unit], results, out, notes=notes)
        if tamper is not None:
            wb = load_workbook(out)
            tamper(wb)
            wb.save(out)
        return out

    return make


def codes(ret: Return) -> list[tuple[str, str, str, str]]:
    """(code, sheet, cell, indicator) of each problem."""
    return [(p.code, p.sheet, p.cell, p.indicator) for p in ret.problems]


def values(ret: Return) -> dict[str, Decimal]:
    return {v.indicator: v.value for v in ret.values}


def results_sheet(wb):
    return wb["Kết quả"]


# ----------------------------------------------------------------------------- round trip


def test_round_trip_every_unit(templates, tmp_path):
    expected = {}
    for n, unit in enumerate(PLAN.units):
        results = {ind.code: (n + 1) * 7 for ind, _ in PLAN.assignments(unit.code)}
        results["I4"] = n % 2 == 0
        fill_template(templates[unit.code], results, tmp_path / f"{unit.code}.xlsx",
                      notes={"I1": f"Báo cáo số {n}/BC"})
        expected[unit.code] = {k: Decimal(int(v)) if isinstance(v, bool) else Decimal(v)
                               for k, v in results.items()}
    intake = gather(PLAN, [tmp_path])
    assert intake.problems == []
    assert list(intake.by_unit) == ["XA", "XB", "XC", "SA", "SB"]
    for code, ret in intake.by_unit.items():
        assert ret.ok and ret.problems == ()
        assert ret.unit == code
        assert ret.plan_fingerprint == PLAN.fingerprint()
        assert values(ret) == expected[code]
        assert [v.indicator for v in ret.values] == [i.code for i, _ in PLAN.assignments(code)]
        assert ret.values[0].note.startswith("Báo cáo số")
        assert len(ret.sha256) == 64
    xa = intake.by_unit["XA"]
    assert [v.cell for v in xa.values] == ["H11", "H12", "H13", "H14"]
    assert xa.file == str(tmp_path / "XA.xlsx")


def test_text_number_is_read_the_vietnamese_way_with_a_warning(filled):
    ret = read_return(filled(results={**XA_RESULTS, "I1": "2.100", "I2": "1,5"}), PLAN)
    assert ret.ok
    assert values(ret)["I1"] == Decimal(2100)
    assert values(ret)["I2"] == Decimal("1.5")
    assert codes(ret) == [("DG214", "Kết quả", "H11", "I1"), ("DG238", "Kết quả", "H11", "I1"),
                          ("DG214", "Kết quả", "H12", "I2")]  # 2,100 is 21 × the target
    p = ret.problems[0]
    assert p.params == {"found": "2.100", "value": Decimal(2100), "indicator": "I1"}
    assert p.severity.value == "warning" and p.unit == "XA"


@pytest.mark.parametrize("typed, expected", [
    ("Đạt", 1), ("đạt", 1), ("ĐẠT", 1), ("Dat", 1), ("x", 1), ("X", 1), ("1", 1), ("Có", 1),
    ("co", 1), ("Yes", 1), ("Done", 1), (1, 1), (True, 1),
    ("Không đạt", 0), ("khong dat", 0), ("KHÔNG ĐẠT", 0), ("Không", 0), ("0", 0), ("No", 0),
    ("Not done", 0), (0, 0), (False, 0),
])
def test_binary_words(filled, typed, expected):
    def as_typed(wb):  # bypass fill_template's bool → word, to store real TRUE/FALSE and numbers
        results_sheet(wb)["H14"].value = typed

    ret = read_return(filled(tamper=as_typed), PLAN)
    assert codes(ret) == []
    assert values(ret)["I4"] == expected


def test_english_template_round_trip(templates_en, tmp_path):
    out = fill_template(templates_en["XA"], {"I1": 5, "I2": 0, "I3": 1, "I4": True},
                        tmp_path / "XA.xlsx", notes={"I4": "Decision 12"})
    ret = read_return(out, PLAN)
    assert codes(ret) == []
    assert values(ret) == {"I1": 5, "I2": 0, "I3": 1, "I4": 1}
    assert ret.values[3].note == "Decision 12"


def test_display_name_is_used_in_messages(filled):
    ret = read_return(filled(results={**XA_RESULTS, "I2": None}), PLAN, name="returns/XA.xlsx")
    assert ret.file == "returns/XA.xlsx"
    assert [p.file for p in ret.problems] == ["returns/XA.xlsx"]
    assert ret.problems[0].where() == "returns/XA.xlsx › Kết quả!H12"


# ----------------------------------------------------------------------------- files


def test_dg201_not_a_workbook(tmp_path):
    bad = tmp_path / "XB.xlsx"
    bad.write_bytes(b"this is a PDF, really")
    ret = read_return(bad, PLAN)
    assert [(p.code, p.unit) for p in ret.problems] == [("DG201", "XB")]
    assert ret.unit == "XB"  # attributed by its file name, so XB is rejected, not missing
    assert not ret.ok and ret.values == ()


def test_dg201_zip_that_is_not_a_workbook(tmp_path):
    bad = tmp_path / "XA.xlsx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    assert [p.code for p in read_return(bad, PLAN).problems] == ["DG201"]


@pytest.mark.parametrize("member, data", [
    ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='1'><c r='A1' t='s'>"
                                 b"<v>99999</v></c></row>"),
    ("xl/worksheets/sheet3.xml", b"garbage"),
    ("xl/workbook.xml", b"<x/>"),
])
def test_dg201_corrupt_part(templates, tmp_path, member, data):
    out = tmp_path / "XA.xlsx"
    with zipfile.ZipFile(templates["XA"]) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == member else zin.read(info))
    ret = read_return(out, PLAN)
    assert [(p.code, p.unit) for p in ret.problems] == [("DG201", "XA")]


def test_dg247_a_folder_is_not_a_file(tmp_path):
    (tmp_path / "XA.xlsx").mkdir()
    ret = read_return(tmp_path / "XA.xlsx", PLAN)
    assert [(p.code, p.unit, p.file) for p in ret.problems] == [
        ("DG247", "XA", str(tmp_path / "XA.xlsx"))]
    assert ret.sha256 == ""


def test_dg222_abnormally_compressed_member(filled):
    path = filled()
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * (4 * 1024 * 1024))
    ret = read_return(path, PLAN)
    assert [(p.code, p.unit) for p in ret.problems] == [("DG222", "XA")]
    assert "padding.bin" in ret.problems[0].params["reason"]


def test_dg202_metadata_sheet_deleted(filled):
    path = filled(name="XA (1).xlsx", tamper=lambda wb: wb.remove(wb["_dgsp"]))
    ret = read_return(path, PLAN)
    assert [(p.code, p.unit) for p in ret.problems] == [("DG202", "XA")]
    assert ret.unit == "XA"  # guessed from the file name


def test_dg202_unknown_file_name_stays_unattributed(filled):
    ret = read_return(filled(name="ket-qua.xlsx", tamper=lambda wb: wb.remove(wb["_dgsp"])),
                      PLAN)
    assert [p.code for p in ret.problems] == ["DG202"]
    assert ret.unit == ""


def test_dg203_file_named_after_another_unit(filled):
    # XB sent XA's file: an error of XB's (issue 9, item 11), never a return of XA
    ret = read_return(filled("XA", name="XB.xlsx"), PLAN)
    assert [(p.code, p.unit) for p in ret.problems] == [("DG203", "XB")]
    assert ret.problems[0].params == {"meta_unit": "XA", "file_unit": "XB"}
    assert ret.unit == "XB"


@pytest.mark.parametrize("name", ["XA - Copy.xlsx", "xa (2).xlsx", "ket qua xa.xlsx",
                                  "XA_2025.xlsx"])
def test_no_dg203_for_copies_or_other_names(filled, name):
    assert codes(read_return(filled("XA", name=name), PLAN)) == []


def test_unit_from_filename():
    assert unit_from_filename(Path("d/tamdao.xlsx"), small_plan()) == ""
    assert unit_from_filename(Path("d/sb (3).xlsx"), PLAN) == "SB"
    assert unit_from_filename(Path("d/SB-Copy.xlsx"), PLAN) == ""


def test_dg204_from_another_plan(filled):
    other = small_plan(title="Đợt khác")
    ret = read_return(filled(), other)
    assert codes(ret) == [("DG204", "_dgsp", "B3", "")]
    assert ret.problems[0].params == {"found": PLAN.fingerprint(),
                                      "expected": other.fingerprint()}
    assert ret.plan_fingerprint == PLAN.fingerprint()


def test_fingerprint_edited_but_same_round_and_targets_is_dg226(filled):
    def edit(wb):
        wb["_dgsp"]["B3"].value = "0000000000000000"

    ret = read_return(filled(tamper=edit), PLAN)
    assert codes(ret) == [("DG226", "_dgsp", "B3", "")]
    assert ret.ok and values(ret)["I1"] == 120


def test_dg232_results_sheet_renamed_is_found_by_its_header(filled):
    def rename(wb):
        results_sheet(wb).title = "Sheet1"

    ret = read_return(filled(tamper=rename), PLAN)
    assert codes(ret) == [("DG232", "Sheet1", "", "")]
    assert ret.problems[0].params == {"expected": "Kết quả", "sheet": "Sheet1"}
    assert ret.ok and values(ret) == {"I1": 120, "I2": 8, "I3": 0, "I4": 1}


def test_dg205_results_sheet_deleted(filled):
    ret = read_return(filled(tamper=lambda wb: wb.remove(results_sheet(wb))), PLAN)
    assert [(p.code, p.params["sheet"]) for p in ret.problems] == [("DG205", "Kết quả")]
    assert ret.values == ()


def test_dg205_renamed_sheet_with_a_twin_is_not_guessed(filled):
    def twin(wb):
        wb.copy_worksheet(results_sheet(wb)).title = "Bản sao"
        results_sheet(wb).title = "Sheet1"

    ret = read_return(filled(tamper=twin), PLAN)
    assert [p.code for p in ret.problems] == ["DG205"]


def test_dg205_renamed_sheet_without_metadata_is_not_guessed(filled):
    def strip(wb):
        results_sheet(wb).title = "Sheet1"
        wb.remove(wb["_dgsp"])

    ret = read_return(filled(tamper=strip), PLAN)
    assert [p.code for p in ret.problems] == ["DG202", "DG205"]


def test_results_sheet_matched_ignoring_case_and_diacritics(filled):
    def rename(wb):
        results_sheet(wb).title = "KET QUA"

    assert codes(read_return(filled(tamper=rename), PLAN)) == []


def test_dg206_result_header_edited(filled):
    def edit(wb):
        results_sheet(wb)["H10"].value = "Số liệu"

    ret = read_return(filled(tamper=edit), PLAN)
    assert codes(ret) == [("DG206", "Kết quả", "B10", "")]
    assert ret.problems[0].params == {"column": "Kết quả thực hiện"}


def test_dg206_code_header_edited(filled):
    def edit(wb):
        results_sheet(wb)["B10"].value = "Mã"

    ret = read_return(filled(tamper=edit), PLAN)
    assert [(p.code, p.cell, p.params["column"]) for p in ret.problems] == [
        ("DG206", "", "Mã chỉ tiêu")]


def test_columns_moved_are_still_found(filled):
    def move(wb):  # an office inserts a column before the table: every address shifts
        ws = results_sheet(wb)
        ws.protection.sheet = False
        ws.insert_cols(1)

    ret = read_return(filled(tamper=move), PLAN)
    assert codes(ret) == []
    assert [v.cell for v in ret.values] == ["I11", "I12", "I13", "I14"]


def test_dg207_row_deleted(filled):
    ret = read_return(filled(tamper=lambda wb: results_sheet(wb).delete_rows(12)), PLAN)
    assert codes(ret) == [("DG207", "Kết quả", "", "I2")]
    assert set(values(ret)) == {"I1", "I3", "I4"}


def test_dg208_code_not_assigned(filled):
    def edit(wb):
        results_sheet(wb)["B12"].value = "I9"

    ret = read_return(filled(tamper=edit), PLAN)
    assert codes(ret) == [("DG208", "Kết quả", "B12", "I9"), ("DG207", "Kết quả", "", "I2")]


def test_dg208_row_added_for_an_indicator_of_the_plan(filled):
    def add(wb):  # SA is not assigned I2; an office adds it under the table
        ws = results_sheet(wb)
        ws["B13"].value, ws["H13"].value = "I2", 4

    ret = read_return(filled("SA", tamper=add), PLAN)
    assert codes(ret) == [("DG208", "Kết quả", "B13", "I2")]
    assert ret.problems[0].unit == "SA"


def test_rows_after_the_first_empty_code_are_ignored(filled):
    def add(wb):
        results_sheet(wb)["B16"].value = "Ghi chú thêm"

    assert codes(read_return(filled(tamper=add), PLAN)) == []


def test_dg209_duplicate_row(filled):
    def edit(wb):
        results_sheet(wb)["B12"].value = "I1"

    ret = read_return(filled(tamper=edit), PLAN)
    assert codes(ret) == [("DG209", "Kết quả", "B12", "I1"), ("DG207", "Kết quả", "", "I2")]
    assert ret.problems[0].params["first_row"] == 11


def test_dg210_empty_result(filled):
    ret = read_return(filled(results={"I1": 5, "I2": 1, "I4": True}), PLAN)
    assert codes(ret) == [("DG210", "Kết quả", "H13", "I3")]


def test_dg210_blank_text(filled):
    ret = read_return(filled(results={**XA_RESULTS, "I4": "   "}), PLAN)
    assert codes(ret) == [("DG210", "Kết quả", "H14", "I4")]


@pytest.mark.parametrize("typed", [-5, "-5", -0.5])
def test_dg211_negative(filled, typed):
    ret = read_return(filled(results={**XA_RESULTS, "I2": typed}), PLAN)
    assert codes(ret) == [("DG211", "Kết quả", "H12", "I2")]


@pytest.mark.parametrize("typed", ["khoảng 200", "200 người", "1,234,567", "12.345.67"])
def test_dg212_not_a_number(filled, typed):
    ret = read_return(filled(results={**XA_RESULTS, "I1": typed}), PLAN)
    assert codes(ret) == [("DG212", "Kết quả", "H11", "I1")]
    assert ret.problems[0].params["found"] == typed


@pytest.mark.parametrize("typed", ["Gần xong", 2, "50%"])
def test_dg213_binary_word_unknown(filled, typed):
    ret = read_return(filled(results={**XA_RESULTS, "I4": typed}), PLAN)
    assert codes(ret) == [("DG213", "Kết quả", "H14", "I4")]


def test_dg214_warning_does_not_reject(filled):
    ret = read_return(filled(results={**XA_RESULTS, "I3": "0"}), PLAN)
    assert codes(ret) == [("DG214", "Kết quả", "H13", "I3")]
    assert ret.ok and values(ret)["I3"] == 0


def test_dg215_unit_not_in_plan(filled):
    def edit(wb):
        wb["_dgsp"]["B4"].value = "HANOI"

    ret = read_return(filled(name="HANOI.xlsx", tamper=edit), PLAN)
    # the results sheet still shows XA: the hidden code was edited (issue 9, item 12)
    assert codes(ret) == [("DG215", "_dgsp", "B4", ""), ("DG254", "Kết quả", "C5", "")]
    assert ret.problems[0].params == {"code": "HANOI"}
    assert ret.unit == "HANOI" and ret.values == ()


def test_dg216_two_different_returns_for_one_unit(filled, tmp_path):
    filled()
    filled(results={**XA_RESULTS, "I1": 999}, name="sub/XA (1).xlsx")
    root = tmp_path / "returns"
    intake = gather(PLAN, [root])
    assert [r.file for r in intake.returns] == [str(root / "XA.xlsx"),
                                               str(root / "sub" / "XA (1).xlsx")]
    assert intake.problems == []  # reported once, on the unit's return
    xa = intake.by_unit["XA"]
    assert xa.file == str(root / "XA.xlsx")
    assert not xa.ok and [p.code for p in xa.problems] == ["DG216"]
    assert xa.problems[0].params["files"] == (f"{root / 'XA.xlsx'}, "
                                              f"{root / 'sub' / 'XA (1).xlsx'}")


@pytest.mark.parametrize("typed, found", [(99, Decimal(99)), (3.2, Decimal("3.2")), ("", "")])
def test_dg217_target_edited(filled, typed, found):
    def edit(wb):
        results_sheet(wb)["G11"].value = typed

    ret = read_return(filled(tamper=edit), PLAN)
    assert codes(ret) == [("DG217", "Kết quả", "G11", "I1")]
    assert ret.problems[0].params == {"found": found, "expected": Decimal(100), "indicator": "I1"}
    assert ret.ok  # a warning: the plan's target is used, never the file's


def test_dg217_binary_target_edited(filled):
    def edit(wb):
        results_sheet(wb)["G14"].value = "Không đạt"

    ret = read_return(filled(tamper=edit), PLAN)
    assert codes(ret) == [("DG217", "Kết quả", "G14", "I4")]


def test_target_typed_as_text_the_same_is_fine(filled):
    def edit(wb):
        results_sheet(wb)["G11"].value = "100"
        results_sheet(wb)["G14"].value = "dat"

    assert codes(read_return(filled(tamper=edit), PLAN)) == []


def test_dg218_date_cell(filled):
    ret = read_return(filled(results={**XA_RESULTS, "I1": datetime(2021, 12, 31)}), PLAN)
    assert codes(ret) == [("DG218", "Kết quả", "H11", "I1")]
    assert ret.problems[0].params["found"] == "2021-12-31"
    assert "ngày" in ret.problems[0].message("vi")
    assert "date" in ret.problems[0].message("en")


def test_dg218_boolean_cell_for_a_number(filled):
    def edit(wb):
        results_sheet(wb)["H12"].value = True

    ret = read_return(filled(tamper=edit), PLAN)
    assert codes(ret) == [("DG218", "Kết quả", "H12", "I2")]
    assert ret.problems[0].params["found"] == "TRUE"


def test_all_problems_in_one_pass(filled):
    def edit(wb):
        ws = results_sheet(wb)
        ws["H11"].value = "nhiều"
        ws["H12"].value = -1
        ws["H13"].value = None
        ws["H14"].value = "?"
        ws["G11"].value = 1

    ret = read_return(filled(tamper=edit), PLAN)
    assert [(p.code, p.cell) for p in ret.problems] == [
        ("DG217", "G11"), ("DG212", "H11"), ("DG211", "H12"), ("DG210", "H13"), ("DG213", "H14")]
    assert all(p.file and p.sheet == "Kết quả" and p.unit == "XA" for p in ret.problems)


# ----------------------------------------------------------------------------- folders


def test_dg220_lock_hidden_and_other_files_skipped_old_formats_kept(filled, tmp_path):
    filled()
    root = tmp_path / "returns"
    (root / "~$XA.xlsx").write_bytes(b"lock")
    (root / ".XB.xlsx").write_bytes(b"hidden")
    (root / "XC.xls").write_bytes(b"old")
    (root / "SYT.pdf").write_bytes(b"%PDF")  # sent instead of the workbook: said
    (root / "Thumbs.db").write_bytes(b"x")  # left by Windows: not said
    (root / ".DS_Store").write_bytes(b"x")
    (root / "~$XB.xlsm").write_bytes(b"lock")
    (root / "XB.ods").mkdir()  # a folder so named is a return, refused when read
    files, problems = list_return_files([root])
    assert files == [root / "XA.xlsx", root / "XB.ods", root / "XC.xls"]  # old formats: refused by name
    assert [(p.code, p.params["name"]) for p in problems] == [
        ("DG220", ".XB.xlsx"), ("DG220", "SYT.pdf"), ("DG220", "~$XA.xlsx"), ("DG220", "~$XB.xlsm")]
    assert problems[2].params["reason"] == "skip.lock"
    assert "tệp khoá của Excel" in problems[2].message("vi")
    assert problems[1].message("vi") == 'bỏ qua tệp "SYT.pdf" (không phải bảng tính Excel)'
    assert "Excel lock file" in problems[2].message("en")


def test_list_return_files_recursive_sorted_deduplicated(tmp_path):
    for rel in ("b/B.XLSX", "a/A.xlsx", "C.xlsx"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    explicit = tmp_path / "a" / "A.xlsx"
    files, problems = list_return_files([tmp_path, explicit])
    assert files == [tmp_path / "C.xlsx", tmp_path / "a" / "A.xlsx", tmp_path / "b" / "B.XLSX"]
    assert problems == []


def test_explicit_files_are_taken_as_given(tmp_path):
    lock = tmp_path / "~$XA.xlsx"
    lock.write_bytes(b"x")
    assert list_return_files([lock]) == ([lock], [])


def test_dg303_missing_path(tmp_path):
    with pytest.raises(DgspError) as exc:
        list_return_files([tmp_path / "nowhere"])
    assert [p.code for p in exc.value.problems] == ["DG303"]


def test_dg221_identical_copy_counted_once(filled, tmp_path):
    first = filled()
    shutil.copy(first, tmp_path / "returns" / "XA - Copy.xlsx")
    intake = gather(PLAN, [tmp_path / "returns"])
    assert [(p.code, p.file) for p in intake.problems] == [
        ("DG221", str(tmp_path / "returns" / "XA.xlsx"))]  # "XA - Copy" sorts first
    assert intake.by_unit["XA"].ok
    assert len(intake.returns) == 2


def test_gather_one_bad_file_does_not_stop_the_others(filled, tmp_path):
    filled("XA")
    filled("SA")
    (tmp_path / "returns" / "XB.xlsx").write_bytes(b"garbage")

    def foreign(wb):
        wb["_dgsp"]["B4"].value = "HANOI"

    filled("XC", tamper=foreign)
    intake = gather(PLAN, [tmp_path / "returns"])
    # XC.xlsx made for HANOI: XC's error (it sent another unit's file), not an unknown unit
    assert [r.unit for r in intake.returns] == ["SA", "XA", "XB", "XC"]
    assert list(intake.by_unit) == ["XA", "XB", "XC", "SA"]
    assert {p.code for p in intake.by_unit["XC"].problems} >= {"DG203", "DG215"}
    assert intake.by_unit["XA"].ok and intake.by_unit["SA"].ok
    assert [p.code for p in intake.by_unit["XB"].problems] == ["DG201"]


# ----------------------------------------------------------------------------- LibreOffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_survives_a_trip_through_libreoffice(filled, tmp_path):  # pragma: no cover
    path = filled(results={**XA_RESULTS, "I1": "2.100"})
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out),
                    str(path)], check=True, capture_output=True, timeout=120)
    ret = read_return(out / "XA.xlsx", PLAN)
    assert ret.ok, [p.message("en") for p in ret.problems]
    assert values(ret) == {"I1": 2100, "I2": 8, "I3": 0, "I4": 1}


# ----------------------------------------------------------------------------- issue 3: identity


def plan_variant(plan, **changes):
    """A new Plan with some fields changed (model_copy would keep the cached fingerprint)."""
    from dgsp.model import Plan

    return Plan(**{**dict(plan), **changes})


def template_of(plan, unit, tmp_path, name=None):
    from dgsp.plan.templates import build_template

    path = tmp_path / "tpl" / (name or f"{unit}-{plan.fingerprint()}.xlsx")
    path.parent.mkdir(exist_ok=True)
    build_template(plan, unit).save(path)
    return path


def returned(template, results, tmp_path, name, tamper=None):
    out = tmp_path / "returns" / name
    out.parent.mkdir(exist_ok=True)
    fill_template(template, results, out)
    if tamper is not None:
        wb = load_workbook(out)
        tamper(wb)
        wb.save(out)
    return out


def test_dg225_another_year(tmp_path):
    old = plan_variant(PLAN, year=2024)
    path = returned(template_of(old, "XA", tmp_path), XA_RESULTS, tmp_path, "XA.xlsx")
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG225", "_dgsp", "B5", "")]
    assert ret.problems[0].params == {"found": "2024", "expected": "2025"}
    assert "2024" in ret.problems[0].message("vi") and not ret.ok


def retargeted(plan, changes: dict, drop=(), add=()):
    """``plan`` with targets changed ((unit, indicator) → value), dropped and added."""
    from dgsp.model import Target

    targets = [t.model_copy(update={"value": Decimal(changes[(t.unit, t.indicator)])})
               if (t.unit, t.indicator) in changes else t
               for t in plan.targets if (t.unit, t.indicator) not in drop]
    targets += [Target(unit=u, indicator=i, value=Decimal(v)) for u, i, v in add]
    return plan_variant(plan, targets=tuple(targets))


def test_dg226_earlier_version_unchanged_for_this_unit(tmp_path):
    old = retargeted(PLAN, {("XB", "I1"): 80})  # another unit's target changed since
    path = returned(template_of(old, "XA", tmp_path), XA_RESULTS, tmp_path, "XA.xlsx")
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG226", "_dgsp", "B3", "")]
    assert ret.problems[0].params == {"found": old.fingerprint(), "expected": PLAN.fingerprint()}
    assert ret.ok and values(ret)["I1"] == 120


def test_dg227_each_change_named_at_its_cell(tmp_path):
    # XA's I1 target was 80 (now 100); I3 was not assigned (now it is); SA had I2 (now not)
    old = retargeted(PLAN, {("XA", "I1"): 80}, drop={("XA", "I3")})
    path = returned(template_of(old, "XA", tmp_path), {"I1": 90, "I2": 8, "I4": True},
                    tmp_path, "XA.xlsx")
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG227", "Kết quả", "G11", "I1"), ("DG227", "Kết quả", "", "I3"),
                          ("DG217", "Kết quả", "G11", "I1"), ("DG207", "Kết quả", "", "I3")]
    changed, added = ret.problems[0], ret.problems[1]
    assert changed.params == {"indicator": "I1", "change": "change.target",
                              "found": Decimal(80), "expected": Decimal(100)}
    assert "chỉ tiêu giao đã đổi" in changed.message("vi")
    assert "target changed" in changed.message("en")
    assert added.params["found"] == "—" and added.params["expected"] == Decimal(0)
    assert "80" in changed.message("en") and "100" in changed.message("en")
    assert not ret.ok

    old_sa = retargeted(PLAN, {}, add=[("SA", "I2", 5)])
    path = returned(template_of(old_sa, "SA", tmp_path), {"I1": 40, "I2": 3, "I4": True},
                    tmp_path, "SA.xlsx")
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG227", "Kết quả", "B12", "I2"), ("DG208", "Kết quả", "B12", "I2")]
    assert ret.problems[0].params["change"] == "change.removed"


def test_earlier_version_of_another_round_is_dg204(tmp_path):
    other = plan_variant(PLAN, title="Đợt khác")  # same year, same targets, another round
    path = returned(template_of(other, "XA", tmp_path), XA_RESULTS, tmp_path, "XA.xlsx")
    assert codes(read_return(path, PLAN)) == [("DG204", "_dgsp", "B3", "")]


def test_plan_without_title_matches_the_default_title(tmp_path):
    untitled = plan_variant(PLAN, title="")
    old = retargeted(untitled, {("XB", "I1"): 80})
    path = returned(template_of(old, "XA", tmp_path), XA_RESULTS, tmp_path, "XA.xlsx")
    assert [p.code for p in read_return(path, untitled).problems] == ["DG226"]


@pytest.mark.parametrize("cell, value, found", [
    ("B1", "dgsp.template/2", "dgsp.template/2"),
    ("B1", "dgsp.template/x", "dgsp.template/x"),
    ("B2", "3", "template_version 3"),
])
def test_dg228_newer_template(filled, cell, value, found):
    def edit(wb):
        wb["_dgsp"][cell].value = value

    ret = read_return(filled(tamper=edit), PLAN)
    assert codes(ret) == [("DG228", "_dgsp", cell, "")]
    assert ret.problems[0].params["found"] == found
    assert ret.values == ()  # an unknown layout is not guessed at


# ----------------------------------------------------------------------------- issue 3: layout


def test_dg230_rows_reordered_are_read_by_code(filled):
    def swap(wb):
        ws = results_sheet(wb)
        for col in range(1, 10):
            a, b = ws.cell(11, col), ws.cell(13, col)
            a.value, b.value = b.value, a.value

    ret = read_return(filled(tamper=swap), PLAN)
    assert codes(ret) == [("DG230", "Kết quả", "B12", "")]  # I2 after I3
    assert ret.ok and values(ret) == {"I1": 120, "I2": 8, "I3": 0, "I4": 1}
    assert [v.indicator for v in ret.values] == ["I1", "I2", "I3", "I4"]  # plan order
    assert [v.cell for v in ret.values] == ["H13", "H12", "H11", "H14"]


def test_dg231_header_moved(filled):
    def insert(wb):
        ws = results_sheet(wb)
        ws.protection.sheet = False
        ws.insert_rows(3)

    ret = read_return(filled(tamper=insert), PLAN)
    assert codes(ret) == [("DG231", "Kết quả", "B11", "")]
    assert ret.problems[0].params == {"found": 11, "expected": 10}
    assert [v.cell for v in ret.values] == ["H12", "H13", "H14", "H15"]


def test_results_sheet_moved_is_found_without_a_word(filled):
    ret = read_return(filled(tamper=lambda wb: wb.move_sheet("Kết quả", offset=2)), PLAN)
    assert codes(ret) == [] and ret.ok


def test_dg233_extra_sheets(filled):
    def add(wb):
        wb.create_sheet("Nháp")
        wb.create_sheet("Sheet2", 0)

    ret = read_return(filled(tamper=add), PLAN)
    assert codes(ret) == [("DG233", "", "", "")]
    assert ret.problems[0].params == {"sheets": "\"Sheet2\", \"Nháp\""}
    assert ret.ok


# ----------------------------------------------------------------------------- issue 3: values


PCT = plan_variant(PLAN, indicators=tuple(
    i.model_copy(update={"measure": "%", "direction": i.direction}) if i.code == "I1" else i
    for i in PLAN.indicators))


@pytest.fixture(scope="module")
def pct_template(tmp_path_factory):
    from dgsp.plan.templates import build_template

    path = tmp_path_factory.mktemp("pct") / "XA.xlsx"
    build_template(PCT, "XA").save(path)
    return path


def test_dg234_ambiguous_text_quotes_both_readings(filled):
    ret = read_return(filled(results={**XA_RESULTS, "I1": "2,100", "I2": "1.5"}), PLAN)
    assert codes(ret) == [("DG234", "Kết quả", "H11", "I1"), ("DG234", "Kết quả", "H12", "I2")]
    p = ret.problems[0]
    assert p.params == {"found": "2,100", "vi": Decimal("2.1"), "en": Decimal(2100),
                        "indicator": "I1"}
    assert p.message("vi") == ("\"2,100\" đọc được hai cách: 2,1 theo cách viết Việt Nam hay "
                               "2.100 theo cách viết tiếng Anh?")
    assert p.message("en") == "\"2,100\" can be read two ways: 2.1 the Vietnamese way, or 2,100 the English way?"
    assert not ret.ok and "I1" not in values(ret)


@pytest.mark.parametrize("typed, value", [("105%", 105), ("96,5 %", Decimal("96.5")),
                                          ("1.050%", 1050)])
def test_percent_sign_on_a_percent_indicator(pct_template, tmp_path, typed, value):
    path = returned(pct_template, {**XA_RESULTS, "I1": typed}, tmp_path, "XA.xlsx")
    ret = read_return(path, PCT)
    assert codes(ret) == [("DG214", "Kết quả", "H11", "I1")]
    assert ret.problems[0].params["found"] == typed.strip()
    assert values(ret)["I1"] == value


def test_dg235_percent_sign_elsewhere(filled):
    ret = read_return(filled(results={**XA_RESULTS, "I1": "105%"}), PLAN)
    assert codes(ret) == [("DG235", "Kết quả", "H11", "I1")]
    assert ret.problems[0].params == {"found": "105%", "measure": "người", "indicator": "I1"}


def formula_in(path, cell, formula, cached):
    """Rewrite a result cell as Excel or a non-calculating tool writes a formula."""
    import re

    mc = __import__("conftest").load_make_corpus()
    v = f"<v>{cached}</v>" if cached is not None else ""
    mc.rewrite_zip(path, replace={"xl/worksheets/sheet1.xml": lambda x: re.sub(
        rf'<c r="{cell}"([^>]*?)(?: t="n")?>(<v>[^<]*</v>)?</c>'.encode(),
        rf'<c r="{cell}"\1><f>{formula}</f>{v}</c>'.encode(), x)})
    return path


def test_dg236_formula_with_a_saved_value(filled):
    path = formula_in(filled(), "H11", "SUM(K1:K3)", 120)
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG236", "Kết quả", "H11", "I1")]
    assert ret.problems[0].params == {"formula": "=SUM(K1:K3)", "value": Decimal(120),
                                      "indicator": "I1"}
    assert ret.ok and values(ret)["I1"] == 120


def test_dg237_formula_without_a_saved_value(filled):
    path = formula_in(filled(), "H12", "A1&amp;B1", None)
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG237", "Kết quả", "H12", "I2")]
    assert ret.problems[0].params["formula"] == "=A1&B1"
    assert "LibreOffice" in ret.problems[0].hint("en")


def test_formula_saved_value_is_checked_like_a_typed_one(filled):
    path = formula_in(filled(), "H12", "0-5", -5)
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG211", "Kết quả", "H12", "I2"), ("DG236", "Kết quả", "H12", "I2")]


@pytest.mark.parametrize("i1, i2, expected", [
    (2000, 8, []),                       # exactly 20 × the target: not flagged
    (2001, 8, [("DG238", "H11")]),
    (5, 8, []),                          # exactly 1/20 of the target: not flagged
    (4.99, 8, [("DG238", "H11")]),       # 2.18 typed for 2,180 (issue 9, item 21)
    (120, 201, [("DG238", "H12")]),      # lower-is-better too
    (0, 8, [("DG239", "H11")]),          # higher-is-better, target 100
    (120, 0, []),                        # lower-is-better at 0 is good news
])
def test_dg238_dg239_outliers(filled, i1, i2, expected):
    ret = read_return(filled(results={**XA_RESULTS, "I1": i1, "I2": i2}), PLAN)
    assert [(p.code, p.cell) for p in ret.problems] == expected
    assert ret.ok


def test_dg239_not_for_small_targets(tmp_path):
    small = retargeted(PLAN, {("XA", "I1"): 9})
    path = returned(template_of(small, "XA", tmp_path), {**XA_RESULTS, "I1": 0}, tmp_path,
                    "XA.xlsx")
    assert codes(read_return(path, small)) == []


def test_nfd_notes_and_headers_become_nfc(filled):
    import unicodedata

    def nfd(wb):
        ws = results_sheet(wb)
        ws.title = unicodedata.normalize("NFD", ws.title)
        ws["H10"].value = unicodedata.normalize("NFD", ws["H10"].value)

    ret = read_return(filled(tamper=nfd, notes={"I2": unicodedata.normalize("NFD", "Hà Nội")}),
                      PLAN)
    assert codes(ret) == []
    assert ret.values[1].note == "Hà Nội" and unicodedata.is_normalized("NFC", ret.values[1].note)


# ----------------------------------------------------------------------------- issue 3: files


def test_dg240_old_xls_in_a_folder_rejects_its_unit(filled, tmp_path):
    mc = __import__("conftest").load_make_corpus()
    filled("SA")
    (tmp_path / "returns" / "XA.xls").write_bytes(mc.ole_file(["Workbook"]))
    intake = gather(PLAN, [tmp_path / "returns"])
    xa = intake.by_unit["XA"]
    assert [(p.code, p.params) for p in xa.problems] == [
        ("DG240", {"format": "Excel 97-2003 (.xls)"})]
    assert "Save As" in xa.problems[0].hint("en")
    assert intake.by_unit["SA"].ok


def test_an_xlsx_renamed_xls_is_read_by_its_content(filled, tmp_path):
    path = filled()
    renamed = path.with_suffix(".xls")
    path.rename(renamed)
    assert read_return(renamed, PLAN).ok


def test_dg242_encrypted(tmp_path):
    mc = __import__("conftest").load_make_corpus()
    path = tmp_path / "XA.xlsx"
    path.write_bytes(mc.ole_file(["EncryptionInfo", "EncryptedPackage"]))
    assert [(p.code, p.unit) for p in read_return(path, PLAN).problems] == [("DG242", "XA")]


def test_dg242_encrypted_ods(tmp_path):
    import zipfile

    path = tmp_path / "XA.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:'
                    'tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path='
                    '"content.xml"><manifest:encryption-data manifest:checksum-type="SHA1"/>'
                    '</manifest:file-entry></manifest:manifest>')
        zf.writestr("content.xml", bytes(range(256)) * 4)  # ciphertext
    assert [(p.code, p.unit) for p in read_return(path, PLAN).problems] == [("DG242", "XA")]


def test_dg246_empty_file(tmp_path):
    (tmp_path / "XB.xlsx").write_bytes(b"")
    ret = read_return(tmp_path / "XB.xlsx", PLAN)
    assert [(p.code, p.unit) for p in ret.problems] == [("DG246", "XB")]
    assert ret.problems[0].message("en") == "the file is empty (0 bytes)"


def test_dg243_macros_are_never_run(filled, tmp_path):
    mc = __import__("conftest").load_make_corpus()
    path = filled(name="XA.xlsm")
    mc.rewrite_zip(path, add={"xl/vbaProject.bin": b"\xcc\x61 Sub AutoOpen() Shell \"calc\""})
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG243", "", "", "")]
    assert ret.problems[0].params == {"name": "xl/vbaProject.bin"}
    assert ret.ok and values(ret)["I1"] == 120


@pytest.mark.parametrize("member, prolog", [
    ("xl/styles.xml", b'<!DOCTYPE x [<!ENTITY a "b">]>'),
    ("[Content_Types].xml", b'<!doctype x SYSTEM "http://example.com/x.dtd">'),
    ("xl/_rels/workbook.xml.rels", b"<!-- " + b"x" * 5000 + b' --><!DOCTYPE r [<!ENTITY e "">]>'),
    ("xl/workbook.xml", b"<!-- <a> " + b"x" * 300 + b' --><?pi <b> ?><!DOCTYPE r SYSTEM "x">'),
])
def test_dg244_doctype_anywhere_in_a_prolog(filled, member, prolog):
    mc = __import__("conftest").load_make_corpus()
    path = filled()
    mc.rewrite_zip(path, replace={member: lambda x: mc.with_prolog(x, prolog)})
    ret = read_return(path, PLAN)
    assert [(p.code, p.params) for p in ret.problems] == [("DG244", {"member": member})]


def test_dg244_in_utf16(filled):
    mc = __import__("conftest").load_make_corpus()
    path = filled()
    text = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY b "c">]>'
            '<a/>').encode("utf-16")
    mc.rewrite_zip(path, add={"docProps/extra.xml": text})
    assert [p.code for p in read_return(path, PLAN).problems] == ["DG244"]


def test_dg222_total_unzipped_size(filled):
    mc = __import__("conftest").load_make_corpus()
    import zipfile

    path = filled()
    with zipfile.ZipFile(path, "a") as zf:
        for n in range(3):
            zf.writestr(f"xl/media/m{n}.bin", bytes(range(256)) * 2048)
    mc.set_declared_sizes(path, {f"xl/media/m{n}.bin": 90 * 1024 * 1024 for n in range(3)})
    ret = read_return(path, PLAN)
    assert [p.code for p in ret.problems] == ["DG222"]
    assert "in all once unzipped" in ret.problems[0].params["reason"]


@pytest.mark.parametrize("cell", ["XFD1048576", "C1048576", "ZZZ9999"])
def test_dg222_a_far_cell_never_reaches_calamine(filled, cell):
    def far(wb):
        wb["_dgsp"][cell].value = 1  # the metadata sheet is loaded too

    ret = read_return(filled(tamper=far), PLAN)
    assert [p.code for p in ret.problems] == ["DG222"]
    assert "_dgsp" in ret.problems[0].params["reason"]


def test_a_sheet_of_moderate_size_is_read(filled):
    def notes(wb):
        results_sheet(wb)["K5000"].value = "x"  # 5000 × 11 cells: allowed

    assert read_return(filled(tamper=notes), PLAN).ok


def test_dg245_external_links_ignored(filled):
    mc = __import__("conftest").load_make_corpus()
    path = filled()
    mc.rewrite_zip(path, add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>",
                              "xl/externalLinks/externalLink2.xml": b"<externalLink/>"})
    ret = read_return(path, PLAN)
    assert codes(ret) == [("DG245", "", "", "")]
    assert ret.problems[0].params["links"] == ("xl/externalLinks/externalLink1.xml, "
                                               "xl/externalLinks/externalLink2.xml")
    assert ret.ok


def test_ods_is_read_like_xlsx(templates, tmp_path):
    mc = __import__("conftest").load_make_corpus()
    wb = load_workbook(templates["XA"])
    ws = wb["Kết quả"]
    for row, value in ((11, 120), (12, 8), (13, 0), (14, "Đạt")):
        ws.cell(row, 8).value = value
    path = mc.write_ods(tmp_path / "XA.ods", mc.grids(wb))
    ret = read_return(path, PLAN)
    assert codes(ret) == [] and values(ret) == {"I1": 120, "I2": 8, "I3": 0, "I4": 1}
    del wb["_dgsp"]
    bare = mc.write_ods(tmp_path / "XB.ods", mc.grids(wb))
    assert [(p.code, p.unit) for p in read_return(bare, PLAN).problems] == [("DG241", "XB")]


def test_ods_with_a_huge_repeated_area_is_refused(tmp_path):
    import zipfile

    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office='
               '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:'
               'tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet><table:table '
               'table:name="_dgsp"><table:table-row table:number-rows-repeated="100000">'
               '<table:table-cell office:value-type="float" office:value="1" '
               'table:number-columns-repeated="1000"/></table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    path = tmp_path / "XA.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
    ret = read_return(path, PLAN)
    assert [p.code for p in ret.problems] == ["DG222"]
    assert "100,000 rows × 1,000 columns" in ret.problems[0].params["reason"]


def test_dg248_no_permission(filled, monkeypatch):
    import os

    path = filled()
    real_open = os.open

    def guarded(file, *args, **kwargs):  # root reads anything: refuse where the file is opened
        if Path(file) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded)
    ret = read_return(path, PLAN)
    assert [(p.code, p.unit) for p in ret.problems] == [("DG248", "XA")]


# ----------------------------------------------------------------------------- issue 3: --prefer


def stamp(path, when):
    __import__("conftest").load_make_corpus().set_modified(path, when)


def test_prefer_newest_keeps_the_last_saved(filled, tmp_path):
    old = filled(results={**XA_RESULTS, "I1": 111}, name="XA.xlsx")
    new = filled(results={**XA_RESULTS, "I1": 999}, name="XA (1).xlsx")
    copy = tmp_path / "returns" / "XA - Copy.xlsx"
    stamp(old, "2025-03-02T10:00:00Z")
    stamp(new, "2025-03-01T10:00:00+07:00")  # earlier than it looks: 03:00 UTC
    copy.write_bytes(old.read_bytes())
    root = tmp_path / "returns"

    plain = gather(PLAN, [root])
    assert [p.code for p in plain.by_unit["XA"].problems] == ["DG216"]

    intake = gather(PLAN, [root], prefer="newest")
    xa = intake.by_unit["XA"]
    assert xa.ok and values(xa)["I1"] == 111
    assert [(p.code, p.params) for p in intake.problems] == [
        ("DG229", {"unit": "XA", "kept": str(copy), "modified": "2025-03-02 10:00:00 UTC",
                   "discarded": str(new)}),
        ("DG221", {"unit": "XA", "files": f"{copy}, {old}"}),
    ]


def test_prefer_newest_falls_back_to_the_file_time(filled, tmp_path):
    import os

    a = filled(results={**XA_RESULTS, "I1": 111}, name="XA.xlsx")
    b = filled(results={**XA_RESULTS, "I1": 999}, name="XA (1).xlsx")
    mc = __import__("conftest").load_make_corpus()
    for p in (a, b):  # no core.xml: the file's own time decides
        mc.rewrite_zip(p, drop=("docProps/core.xml",))
    os.utime(a, (1_700_000_000, 1_700_000_000))
    os.utime(b, (1_700_000_100, 1_700_000_100))
    intake = gather(PLAN, [tmp_path / "returns"], prefer="newest")
    assert values(intake.by_unit["XA"])["I1"] == 999


def test_prefer_newest_tie_is_still_dg216(filled, tmp_path):
    a = filled(results={**XA_RESULTS, "I1": 111}, name="XA.xlsx")
    b = filled(results={**XA_RESULTS, "I1": 999}, name="XA (1).xlsx")
    for p in (a, b):
        stamp(p, "2025-03-02T10:00:00Z")
    intake = gather(PLAN, [tmp_path / "returns"], prefer="newest")
    assert [p.code for p in intake.by_unit["XA"].problems] == ["DG216"]
    assert intake.problems == []


def test_prefer_must_be_known(tmp_path):
    with pytest.raises(ValueError):
        gather(PLAN, [tmp_path], prefer="oldest")


# ----------------------------------------------------------------------------- xlsx reading


def test_sheet_extent_counts_unaddressed_rows_and_cells():
    from dgsp.xlsx import sheet_extent

    assert sheet_extent(b'<sheetData><row r="2"><c r="B7"/></row></sheetData>') == (7, 2)
    assert sheet_extent(b"<sheetData><row><c/><c/></row><row><c/></row></sheetData>") == (2, 3)
    assert sheet_extent(b'<x:row r="5"><x:c r="C5"/><x:c/></x:row>') == (5, 4)
    assert sheet_extent(b"<row r='3'><c r = 'AA3'/></row>") == (3, 27)
    # calamine takes the last of two r attributes: so does the bound
    assert sheet_extent(b'<row r="1"><c r="A1" r="XFD1048576"/></row>')[0] >= 1048576


def test_sheet_extent_refuses_odd_addresses():
    from dgsp.xlsx import SuspiciousWorkbook, sheet_extent

    with pytest.raises(SuspiciousWorkbook):
        sheet_extent(b'<row r="1"><c r="&#88;FD1"/></row>')


@pytest.mark.parametrize("xml", [
    b'<row r="1048576"><c r="B1048576"><v>1</v></c></row>',
    b"<row><c r='XFD1'/></row>" + b"<row/>" * 200,
    b"<sheetData>" + b"<row>" + b"<c/>" * 3000 + b"</row>" + b"<row/>" * 1000 + b"</sheetData>",
    b'<x:sheetData><x:row r="1">' + b"<x:c/>" * 3000 + b"</x:row>" + b"<x:row/>" * 1000
    + b"</x:sheetData>",
])
def test_check_extent_refuses_what_calamine_would_build_densely(xml):
    from dgsp.xlsx import SuspiciousWorkbook
    from dgsp.xlsx.guard import _check_extent

    with pytest.raises(SuspiciousWorkbook):
        _check_extent("s", xml)


@pytest.mark.parametrize("xml, extent", [
    # an r written straight after the previous value's quote: calamine reads it
    (b'<row r="1"><c r="A1"r="Z2000"/></row>', (2000, 26)),
    (b'<row r="1"><c r="A1" foo="a>b" r="Z2000"/></row>', (2000, 26)),  # '>' inside a value
    (b'<row r="1"><c r="A1" foo=\'<"\' r="Z2000"/></row>', (2000, 26)),
    (b'<row r="1"><c r="A1"\x0cr="Z2000"/></row>', (2000, 26)),
    # a comment with a stray quote hides nothing after it (calamine skips comments)
    (b'<row r="1"><!-- <c " --><c r="Z2000"/></row>', (2000, 26)),
])
def test_sheet_extent_sees_every_address_calamine_reads(xml, extent):
    from dgsp.xlsx import sheet_extent

    assert sheet_extent(xml) == extent


@pytest.mark.parametrize("xml", [
    b'<row r="1"><c r="A1"r="XFD1048576"/></row>',
    b'<row r="1"><c r="A1" t="s" foo="a>b" r="XFD1048576"><v>0</v></c></row>',
])
def test_check_extent_refuses_addresses_hidden_in_odd_attributes(xml):
    from dgsp.xlsx import SuspiciousWorkbook
    from dgsp.xlsx.guard import _check_extent

    with pytest.raises(SuspiciousWorkbook, match="1,048,576 rows"):
        _check_extent("s", xml)


def test_sheet_extent_of_a_large_plain_sheet_and_of_one_odd_tag_in_it():
    from dgsp.xlsx import sheet_extent

    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c><c r="AB%d" t="s"><v>0</v></c></row>'
                    % (n, n, n) for n in range(1, 12_001))
    assert sheet_extent(b"<sheetData>" + rows + b"</sheetData>") == (12_000, 28)
    odd = rows.replace(b'<c r="A5">', b'<c r="A5"r="AZ90000">')
    assert sheet_extent(b"<sheetData>" + odd + b"</sheetData>") == (90_000, 52)
    loose = rows.replace(b'<c r="A5">', b"<c>")
    assert sheet_extent(b"<sheetData>" + loose + b"</sheetData>") == (12_000, 29)


@pytest.mark.parametrize("junk", [b'<c r="', b"<c ", b'<c a="', b"<!--<c "])
def test_sheet_extent_takes_linear_time_on_broken_tags(junk):
    import time

    from dgsp.xlsx import SuspiciousWorkbook
    from dgsp.xlsx.guard import _check_extent

    start = time.perf_counter()
    try:  # each unclosed tag used to rescan the rest of the part: hours for a megabyte
        _check_extent("s", b'<row r="1">' + junk * 50_000)
    except SuspiciousWorkbook:
        pass
    assert time.perf_counter() - start < 2


def test_formulas_found_in_the_sheet_xml():
    from dgsp.xlsx import Formula
    from dgsp.xlsx.guard import _formulas

    xml = (b'<worksheet><sheetData><row r="11"><c r="H11"><f t="shared" ref="H11:H12" si="0">'
           b'A11*2</f><v>4</v></c></row><row r="12"><c r="H12"><f t="shared" si="0"/><v>6</v>'
           b'</c><c><f>1+1</f></c></row><row><c r="B13" t="str"><f>"a"&amp;"b"</f><v></v></c>'
           b'</row></sheetData><headerFooter><firstFooter>x</firstFooter></headerFooter>'
           b'</worksheet>')
    assert _formulas(xml) == {
        "H11": Formula("=A11*2", True), "H12": Formula("=A11*2", True),
        "I12": Formula("=1+1", False), "B13": Formula('="a"&"b"', False)}
    assert _formulas(b"<worksheet><headerFooter><firstFooter>&amp;P</firstFooter>"
                     b"</headerFooter></worksheet>") == {}


def test_modified_time(filled, tmp_path):
    from datetime import datetime, timezone

    from dgsp.xlsx import modified_time

    path = filled()
    stamp(path, "2025-01-12T08:00:00Z")
    assert modified_time(path) == datetime(2025, 1, 12, 8, tzinfo=timezone.utc)
    (tmp_path / "junk.xlsx").write_bytes(b"junk")
    assert modified_time(tmp_path / "junk.xlsx") is None


def test_preflight_refuses_like_read_return(tmp_path):
    from dgsp import xlsx

    (tmp_path / "x.xlsx").write_bytes(b"")
    with pytest.raises(xlsx.EmptyFile):
        xlsx.preflight(tmp_path / "x.xlsx")
    with pytest.raises(xlsx.UnreadableWorkbook):
        xlsx.open_book(tmp_path / "nowhere.xlsx")
