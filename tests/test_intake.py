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

from dgsp.intake import gather, list_return_files, read_return, unit_from_filename
from dgsp.model import Return
from dgsp.problems import DgspError
from dgsp.templates import fill_template, write_templates

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
    assert codes(ret) == [("DG214", "Kết quả", "H11", "I1"), ("DG214", "Kết quả", "H12", "I2")]
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


def test_dg201_a_folder_is_not_a_file(tmp_path):
    (tmp_path / "XA.xlsx").mkdir()
    assert [p.code for p in read_return(tmp_path / "XA.xlsx", PLAN).problems] == ["DG201"]


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
    ret = read_return(filled("XA", name="XB.xlsx"), PLAN)
    assert [(p.code, p.unit) for p in ret.problems] == [("DG203", "XA")]
    assert ret.problems[0].params == {"meta_unit": "XA", "file_unit": "XB"}
    assert ret.unit == "XA"


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


def test_dg204_fingerprint_edited(filled):
    def edit(wb):
        wb["_dgsp"]["B3"].value = "0000000000000000"

    assert codes(read_return(filled(tamper=edit), PLAN)) == [("DG204", "_dgsp", "B3", "")]


def test_dg205_results_sheet_renamed(filled):
    def rename(wb):
        results_sheet(wb).title = "Sheet1"

    ret = read_return(filled(tamper=rename), PLAN)
    assert [(p.code, p.params["sheet"]) for p in ret.problems] == [("DG205", "Kết quả")]


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


@pytest.mark.parametrize("typed", ["khoảng 200", "2.10", "2,100.5", "1.5", "200 người"])
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
    assert codes(ret) == [("DG215", "_dgsp", "B4", "")]
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


@pytest.mark.parametrize("typed, found", [(99, "99"), ("", "")])
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


def test_dg220_lock_hidden_and_old_format_files_skipped(filled, tmp_path):
    filled()
    root = tmp_path / "returns"
    (root / "~$XA.xlsx").write_bytes(b"lock")
    (root / ".XB.xlsx").write_bytes(b"hidden")
    (root / "XC.xls").write_bytes(b"old")
    (root / "notes.txt").write_text("ignored silently")
    files, problems = list_return_files([root])
    assert files == [root / "XA.xlsx"]
    assert [(p.code, p.params["name"]) for p in problems] == [
        ("DG220", ".XB.xlsx"), ("DG220", "XC.xls"), ("DG220", "~$XA.xlsx")]
    assert problems[2].params["reason"] == "tệp khoá của Excel [Excel lock file]"


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
    assert [r.unit for r in intake.returns] == ["SA", "XA", "XB", "HANOI"]
    assert list(intake.by_unit) == ["XA", "XB", "SA"]  # HANOI stays only in returns
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
