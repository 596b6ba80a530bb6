"""scripts/render.py: its checks on small inputs, and one real render when LibreOffice and
poppler are installed."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "render.py"


def _render_script():
    spec = importlib.util.spec_from_file_location("render_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


render = _render_script()

BBOX = """<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head>
<body><doc>
  <page width="841.89" height="595.30">
    <flow><block xMin="36" yMin="40" xMax="200" yMax="52"><line xMin="36" yMin="40" xMax="200"
    yMax="52">
      <word xMin="36.0" yMin="40.0" xMax="50.0" yMax="52.0">Tổng</word>
      <word xMin="52.0" yMin="40.0" xMax="70.0" yMax="52.0">hợp</word>
      <word xMin="72.0" yMin="60.0" xMax="90.0" yMax="66.0">A&amp;B</word>
    </line></block></flow>
  </page>
  <page width="841.89" height="595.30">
  </page>
  <page width="841.89" height="595.30">
    <flow><block><line>
      <word xMin="1" yMin="10" xMax="5" yMax="14.8">x</word>
      <word xMin="6" yMin="10" xMax="9" yMax="14.8">y</word>
    </line></block></flow>
  </page>
</doc></body></html>
"""


def test_bbox_gives_the_word_heights_and_words_of_each_page():
    heights, words = render.parse_bbox(BBOX)
    assert heights == [[12.0, 12.0, 6.0], [], [pytest.approx(4.8), pytest.approx(4.8)]]
    assert words[0] == ["Tổng", "hợp", "A&B"]
    assert words[1] == []


def test_font_size_is_the_median_word_height_over_1_2():
    heights, _ = render.parse_bbox(BBOX)
    fonts = [render.estimated_font(h) for h in heights]
    assert fonts[0] == pytest.approx(10.0)  # median of 12, 12, 6
    assert fonts[1] is None
    assert fonts[2] == pytest.approx(4.0)


def test_small_print_warns_below_7_and_fails_below_5():
    found = render.font_findings([10.0, 6.5, 6.9, None, 4.0, 7.0, 6.0])
    assert [f.level for f in found] == ["FAIL", "WARN"]
    assert found[0].message.startswith("page 5:")
    assert "4.0 pt" in found[0].message
    assert found[1].message.startswith("pages 2-3, 7:")
    assert "6.0 pt" in found[1].message
    assert render.font_findings([10.0, 7.0, None]) == []


def test_overflow_markers_fail_on_their_page():
    text = "Tổng điểm 103.53\n\fĐiểm  ####  98.1\n ### \fok #"
    found = render.overflow_findings(text)
    assert len(found) == 1
    assert found[0].level == "FAIL"
    assert found[0].message.startswith("page 2: 2 '###'")
    assert render.overflow_findings("C# and ## are fine\f1 # 2") == []


def test_names_wrapped_over_lines_are_found_and_clipped_ones_are_missing():
    layout = ("  1 DUKDN  Đảng ủy Khối\n"
              "           Doanh   nghiệp tỉnh   103.33\n"
              "  2 VINHYEN  Thành phố Vĩnh     103.53\n"  # wrapped in its cell: the line
              "             Yên\n"                         # holds the next cells between
              "  3 SNNPTNT  Sở Nông nghiệp và Phát triển nông th  104.82\n"
              "  4 MTTQ     Ủy ban Mặt trận Tổ quốc Việt Nam tỉ\n"  # broken inside a word
              "             nh  102.67\n")
    reading = "DUKDN Đảng ủy Khối Doanh nghiệp tỉnh VINHYEN Thành phố Vĩnh\nYên 103.53"
    names = ["Đảng ủy Khối Doanh nghiệp tỉnh", "Thành phố Vĩnh Yên",
             "Sở Nông nghiệp và Phát triển nông thôn", "Đảng  ủy Khối\tDoanh nghiệp tỉnh",
             "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]
    clipped = "Sở Nông nghiệp và Phát triển nông thôn"
    assert render.missing_names(names, layout, reading) == [clipped]
    assert render.missing_names(names, layout) == ["Thành phố Vĩnh Yên", clipped]
    assert render.missing_names(names[:1], "Đảng ủy Khối Doanh") == names[:1]


def test_names_match_in_nfc():
    nfc = unicodedata.normalize("NFC", "Thành phố Vĩnh Yên")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert render.missing_names([nfd], nfc) == []
    assert render.missing_names([nfc], f"1 {nfd} 2") == []
    assert render.missing_names(["Xã A"], "Xã B") == ["Xã A"]


def test_the_names_of_a_report_and_a_comparison(tmp_path):
    report = {"units": [{"name": "Xã A", "heads": ["Bí thư A", "Chủ tịch A"]},
                        {"name": "Xã B", "heads": []}],
              "officials": [{"name": "Nguyễn Văn C"}]}
    assert render.expected_names(report) == (["Xã A", "Xã B", "Nguyễn Văn C"],
                                              ["Bí thư A", "Chủ tịch A"])
    compare = {"groups": [{"group": "Xã", "units": [{"name": "Xã A"}, {"name": "Xã D"}]}],
               "officials": []}
    assert render.expected_names(compare) == (["Xã A", "Xã D"], [])
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    found = render.name_findings(path, "Xã A Bí thư A Chủ tịch\nA", "Nguyễn Văn C")
    assert [f.level for f in found] == ["FAIL"]
    assert "1 of 3 names" in found[0].message and found[0].message.endswith(": Xã B")


def test_only_reports_and_summaries_are_checked_for_names(tmp_path):
    for name in ("report.json", "year-2026.json", "plan.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert render.summary_json(tmp_path, "report.xlsx") == tmp_path / "report.json"
    assert render.summary_json(tmp_path, "year-2026.xlsx") == tmp_path / "year-2026.json"
    assert render.summary_json(tmp_path, "plan.xlsx") is None
    assert render.summary_json(tmp_path, "compare.xlsx") is None  # no compare.json


def test_pages_warn_for_a_long_phieu_or_workbook():
    assert render.page_findings("2021/report-phieu/A.xlsx", 4) == []
    assert [f.level for f in render.page_findings("2021/report-phieu/A.xlsx", 5)] == ["WARN"]
    assert render.page_findings("2021/report.xlsx", render.BOOK_MAX_PAGES) == []
    longer = render.page_findings("2021/report.xlsx", render.BOOK_MAX_PAGES + 1)
    assert [f.level for f in longer] == ["WARN"]


def test_which_workbooks(tmp_path):
    files = (["plan.xlsx", "report.xlsx", "tham-dinh.xlsx", "notes.txt"]
             + [f"report-phieu/P{i}.xlsx" for i in range(5)]
             + [f"templates/T{i}.xlsx" for i in range(5)]
             + [f"returns/R{i}.xlsx" for i in range(5)]
             + ["quy-1/report-quy-1-phieu/Q0.xlsx", "quy-1/report-quy-1-phieu/Q1.xlsx",
                "quy-1/report-quy-1-phieu/Q2.xlsx", "quy-1/report-quy-1-phieu/Q3.xlsx",
                "quy-1/report-quy-1.xlsx", "templates/~$T0.xlsx"])
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    chosen = render.select_workbooks(tmp_path)
    assert chosen == ["plan.xlsx",
                      "quy-1/report-quy-1-phieu/Q0.xlsx", "quy-1/report-quy-1-phieu/Q1.xlsx",
                      "quy-1/report-quy-1-phieu/Q2.xlsx", "quy-1/report-quy-1.xlsx",
                      "report-phieu/P0.xlsx", "report-phieu/P1.xlsx", "report-phieu/P2.xlsx",
                      "report.xlsx", "returns/R0.xlsx", "returns/R1.xlsx",
                      "templates/T0.xlsx", "templates/T1.xlsx", "templates/T2.xlsx",
                      "tham-dinh.xlsx"]
    assert len(render.select_workbooks(tmp_path, everything=True)) == 4 + 5 + 5 + 5 + 4
    assert render.select_workbooks(tmp_path, ["report-phieu/P4.xlsx"]) == ["report-phieu/P4.xlsx"]
    assert render.select_workbooks(tmp_path, ["*report*.xlsx", "plan.xlsx"]) == [
        "plan.xlsx", "quy-1/report-quy-1-phieu/Q0.xlsx", "quy-1/report-quy-1-phieu/Q1.xlsx",
        "quy-1/report-quy-1-phieu/Q2.xlsx", "quy-1/report-quy-1.xlsx",
        "report-phieu/P0.xlsx", "report-phieu/P1.xlsx", "report-phieu/P2.xlsx", "report.xlsx"]


def test_output_names_flatten_the_path():
    assert render.output_stem("2021/report-phieu/SNV.xlsx") == "2021__report-phieu__SNV"
    assert render.output_stem("compare.xlsx") == "compare"
    assert render.page_ranges([1, 2, 3, 5, 7, 8]) == "1-3, 5, 7-8"


def test_png_size_reads_the_header(tmp_path):
    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x86\x00\x00\x03\x4c"
                    + b"\x00" * 20)
    assert render.png_size(png) == (390, 844)
    png.write_bytes(b"not a png")
    assert render.png_size(png) is None


def test_the_report_counts_pages_and_findings(tmp_path, capsys):
    results = [render.Rendered("2021/report.xlsx", pages=7, fonts=[3.6, 10.0],
                               findings=[render.Finding("FAIL", "page 1: small"),
                                         render.Finding("WARN", "heads")]),
               render.Rendered("plan.xlsx", pages=2, fonts=[None, 11.9],
                               pngs=[tmp_path / "p-1.png", tmp_path / "p-2.png"])]
    shots = [render.Shot("cong-khai/index.html @ 390×844", tmp_path / "s.png", (390, 844))]
    assert render.report(results, shots, tmp_path, png=True) == 1
    printed = capsys.readouterr().out
    assert "2 workbooks, 9 pages, 1 FAIL, 1 WARN" in printed
    assert "3 PNGs" in printed and str(tmp_path) in printed
    assert "3.6 10.0" in printed and "- 11.9" in printed
    assert "FAIL page 1: small" in printed
    assert "390×844 px" in printed
    assert render.report(results[1:], [], tmp_path, png=True) == 0


def test_skips_with_exit_0_without_libreoffice(tmp_path, monkeypatch, capsys):
    real = shutil.which
    monkeypatch.setattr(render.shutil, "which",
                        lambda name: None if name in ("soffice", "libreoffice") else real(name))
    assert render.main([str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    assert "skipped, not installed: soffice" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()


TOOLS = ("soffice", "pdftotext", "pdftoppm")
NEEDS_TOOLS = pytest.mark.skipif(
    not all(shutil.which(t) for t in TOOLS),
    reason="needs LibreOffice (soffice) and poppler (pdftotext, pdftoppm)")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    from dgsp.workflow import demo

    directory = tmp_path_factory.mktemp("demo")
    demo(directory, sensitivity=None)
    return directory


# What a Board prints most, one of each kind: the summaries (every unit and official name must
# be in the PDF's text), a phiếu, a unit's template and its return, the appraisal, the plan.
PRINTED = ("2021/report.xlsx", "2026/report.xlsx", "2026/year-2026.xlsx", "compare.xlsx",
           "2026/report-phieu/SXD.xlsx", "2026/report-phieu/PHUCYEN-CT.xlsx",
           "2026/templates/TAMDAO.xlsx", "2026/tham-dinh-mau.xlsx", "2026/plan.xlsx")


@NEEDS_TOOLS
def test_what_a_board_prints_loses_no_text_and_keeps_its_pages(demo_dir, tmp_path):
    """Through LibreOffice: no name lost (pdftotext finds every unit and official of each
    summary), no ``###``, no page under 5 pt, and each PDF within its pages (a phiếu on at
    most 4, any workbook on at most 60)."""
    args = [a for rel in PRINTED for a in ("--only", rel)]
    done = subprocess.run([sys.executable, str(SCRIPT), str(demo_dir), *args, "--no-png",
                           "--out", str(tmp_path)], check=False, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0 and f"{len(PRINTED)} workbooks" in done.stdout, done.stdout
    assert " 0 FAIL," in done.stdout, done.stdout
    assert "pages for one phiếu" not in done.stdout and "pages (>" not in done.stdout
    rows = {ln.split()[0]: int(ln.split()[1]) for ln in done.stdout.splitlines()
            if ln.split() and ln.split()[0] in PRINTED}
    assert set(rows) == set(PRINTED) and all(n >= 1 for n in rows.values()), done.stdout
    # a phiếu's outcome (III) prints on the page of its signatures, never apart from them
    for rel in PRINTED:
        if "-phieu/" in rel:
            pdf = tmp_path / (render.output_stem(rel) + ".pdf")
            pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split("\f")
            pages = [p for p in pages if p.strip()]
            (page,) = [p for p in pages if "TỔNG HỢP ĐIỂM VÀ XẾP LOẠI" in p]
            assert page is pages[-1] and "(Ký, ghi rõ họ tên)" in page, rel  # to the end


@NEEDS_TOOLS
def test_renders_the_2021_report(demo_dir, tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(SCRIPT), str(demo_dir),
                           "--only", "2021/report.xlsx", "--out", str(out)],
                          check=False, capture_output=True, text=True, timeout=180)
    assert done.returncode in (0, 1), done.stderr
    failed = " 0 FAIL," not in done.stdout  # a FAIL is a finding on the layout, not an error
    assert done.returncode == (1 if failed else 0), done.stdout
    assert (out / "2021__report.pdf").stat().st_size > 0
    pngs = sorted(out.glob("2021__report-*.png"))
    assert pngs and render.png_size(pngs[0]) is not None
    assert "1 workbooks" in done.stdout
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("2021/report.xlsx "))
    pages = int(line.split()[1])
    assert pages == len(pngs) >= 1
    assert f"1 workbooks, {pages} pages" in done.stdout
    assert not list(out.glob("*cong-khai*"))  # --only leaves out the publication page
