"""What every workbook `dgsp demo` writes does on paper (issue 12, item 1), checked without
LibreOffice: each sheet prints at a readable scale (fitted to one page wide only when that
keeps MIN_PRINT_SCALE (91%: 11-pt text prints at 10 pt), else over several pages with its codes and names repeated), and a row whose text
wraps has a stored height for it (LibreOffice and Excel do not grow rows that were written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from dgsp.xlsx import MIN_PRINT_SCALE, row_height
from dgsp.xlsx.write import column_inches


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    from dgsp.workflow import demo

    directory = tmp_path_factory.mktemp("demo")
    demo(directory, sensitivity=None)
    return directory


def workbooks(root: Path) -> list[Path]:
    """Every workbook dgsp writes for a person to read: all of them but the units' many phiếu
    beyond the first two of each folder, and the appraisal as the Board's clerk filled it (its
    typed grounds are the clerk's; the workbook dgsp wrote is tham-dinh-mau.xlsx)."""
    found = []
    for path in sorted(root.rglob("*.xlsx")):
        if path.name == "tham-dinh.xlsx":
            continue
        folder = path.parent
        if folder.name.endswith("-phieu") or folder.name in ("templates", "returns"):
            if sorted(folder.glob("*.xlsx")).index(path) >= 2:
                continue
        found.append(path)
    return found


def printed_scale(ws) -> int:
    """The scale a sheet prints at: fitted to one page wide, what that fit comes to (the
    printable width over the columns' width)."""
    if ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage:
        inches = sum(column_inches(ws.column_dimensions[get_column_letter(c)].width or 8.43)
                     for c in range(1, ws.max_column + 1))
        page = 11.69 if ws.page_setup.orientation == "landscape" else 8.27
        return min(100, int(100 * (page - 2 * ws.page_margins.left) / inches))
    return int(ws.page_setup.scale or 100)


def test_every_sheet_prints_at_a_readable_scale(demo_dir):
    small = []
    for path in workbooks(demo_dir):
        wb = load_workbook(path)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            scale = printed_scale(ws)
            if scale < MIN_PRINT_SCALE:
                small.append(f"{path.relative_to(demo_dir)} › {ws.title}: {scale}%")
    assert not small, "\n".join(small)


def test_a_wide_table_repeats_its_codes_and_names_on_each_page(demo_dir):
    ws = load_workbook(demo_dir / "2021" / "report.xlsx")["Tổng hợp"]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale == MIN_PRINT_SCALE
    assert ws.print_title_cols == "$A:$C" and ws.print_title_rows == "$5:$5"


def test_rows_of_wrapped_text_have_their_height(demo_dir):
    short = []
    for path in workbooks(demo_dir):
        wb = load_workbook(path)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            merged = {c for rng in ws.merged_cells.ranges for row in ws.iter_rows(
                min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col,
                max_col=rng.max_col) for c in row}
            for row in ws.iter_rows():
                for c in row:
                    if not (isinstance(c.value, str) and c.alignment.wrap_text) or c in merged \
                            or c.alignment.text_rotation:  # a turned header: its width counts
                        continue
                    width = ws.column_dimensions[c.column_letter].width or 8.43
                    size = c.font.sz or 11  # smaller type: more a line, less tall a line
                    need = row_height([(c.value, width * 11 / size)], line=15 * size / 11)
                    have = ws.row_dimensions[c.row].height
                    if need > 15 and (have is None or have < need * 0.9):
                        short.append(f"{path.relative_to(demo_dir)} › {ws.title}!{c.coordinate}: "
                                     f"{have} < {need}")
    assert not short, "\n".join(short[:40]) + f"\n({len(short)} in all)"


def test_the_documents_a_person_fills_or_signs_fit_one_page_wide(demo_dir):
    """The unit's template, the phiếu, the appraisal and every guide sheet print whole across
    the page at 91% or more: only the long tables run over several pages wide."""
    spilled = []
    for path in workbooks(demo_dir):
        rel = path.relative_to(demo_dir).as_posix()
        whole = (path.parent.name in ("templates", "returns") or path.parent.name.endswith(
            "-phieu") or path.name.startswith("tham-dinh"))
        for ws in load_workbook(path).worksheets:
            if ws.sheet_state != "visible" or not (whole or ws.title == "Hướng dẫn"):
                continue
            if not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage):
                spilled.append(f"{rel} › {ws.title}")
            elif printed_scale(ws) < MIN_PRINT_SCALE:
                spilled.append(f"{rel} › {ws.title}: {printed_scale(ws)}%")
    assert not spilled, "\n".join(spilled)


def test_every_page_of_a_summary_says_what_it_is_and_which_page(demo_dir):
    """The report's, the year's and the comparison's sheets print their title atop each page
    and "Trang n/N" under it: the pages of a table over several pages wide go back in order."""
    bare = []
    for path in workbooks(demo_dir):
        if not path.name.startswith(("report", "year-", "compare")):
            continue
        for ws in load_workbook(path).worksheets:
            if ws.sheet_state == "visible" and not (
                    ws.title in (ws.oddHeader.center.text or "")
                    and ws.oddFooter.center.text == "Trang &P/&N"):
                bare.append(f"{path.relative_to(demo_dir)} › {ws.title}")
    assert not bare, "\n".join(bare)


def test_every_table_over_several_pages_wide_repeats_its_first_columns(demo_dir):
    """A sheet printed over several pages wide repeats its codes (and names) on each page, or
    the second page's rows cannot be told apart."""
    bare = []
    for path in workbooks(demo_dir):
        for ws in load_workbook(path).worksheets:
            setup = ws.sheet_properties.pageSetUpPr
            if ws.sheet_state == "visible" and ws.page_setup.scale and not (
                    setup and setup.fitToPage) and not ws.print_title_cols:
                bare.append(f"{path.relative_to(demo_dir)} › {ws.title}")
    assert not bare, "\n".join(sorted(set(bare)))


def text_width(text: str, font) -> float:
    """The width a one-line text needs, in Excel's column units: a capital is wider than a
    digit, a lower-case letter a little narrower; bold and larger type wider still."""
    need = sum(1.3 if ch.isupper() else 0.95 for ch in text)
    return need * (1.08 if font.b else 1) * (font.sz or 11) / 11 + 1


def test_no_text_runs_into_the_cell_beside_it(demo_dir):
    """A text that does not wrap fits its column (or merged cells) wherever the next cell
    holds something: else it prints cut ("Người đứng đầ", "Tên đợt đánh gi", "VINHTUONG"
    touching its name). Dữ liệu is left out: a data table, one line a row, for filters."""
    cut = set()
    for path in workbooks(demo_dir):
        for ws in load_workbook(path).worksheets:
            if ws.sheet_state != "visible" or ws.title in ("Dữ liệu", "Biểu đồ"):
                continue
            width = {c: ws.column_dimensions[get_column_letter(c)].width or 8.43
                     for c in range(1, ws.max_column + 2)}
            spans, covered = {}, set()
            for rng in ws.merged_cells.ranges:
                spans[rng.min_row, rng.min_col] = (
                    sum(width[c] for c in range(rng.min_col, rng.max_col + 1)), rng.max_col)
                covered |= {(r, c) for r in range(rng.min_row, rng.max_row + 1)
                            for c in range(rng.min_col, rng.max_col + 1)}
            for row in ws.iter_rows():
                for c in row:
                    if (not isinstance(c.value, str) or "\n" in c.value or c.alignment.wrap_text
                            or ((c.row, c.column) in covered
                                and (c.row, c.column) not in spans)):
                        continue
                    room, last = spans.get((c.row, c.column), (width[c.column], c.column))
                    beside = ws.cell(c.row, last + 1).value
                    if beside not in (None, "") and text_width(c.value, c.font) > room + 0.5:
                        cut.add(f"{path.parent.name}/{path.name} › {ws.title}: {c.value!r}")
    assert not cut, "\n".join(sorted(cut)[:40])


def test_the_comparison_is_set_in_the_documents_typeface(demo_dir):
    """Like the report and the phiếu, every cell of compare.xlsx names Times New Roman (an
    unnamed bold title printed without its diacritics: "BANG XEP HẠNG")."""
    wb = load_workbook(demo_dir / "compare.xlsx")
    names = {c.font.name for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None}
    assert names == {"Times New Roman"} and wb._fonts[0].name == "Times New Roman"


@given(st.lists(st.text(alphabet="abcđưỡ", min_size=1, max_size=30), max_size=12),
       st.integers(min_value=1, max_value=40))
def test_word_wrapping_counts_lines_between_its_bounds(words, per_line):
    """Wrapped at word boundaries, a paragraph takes at least the lines its characters fill
    and at most one line (or more, for a long word) per word."""
    from dgsp.xlsx.write import wrapped_lines

    text = " ".join(words)
    lines = wrapped_lines(text, per_line)
    assert lines * (per_line + 1) >= len(text) + 1
    assert lines <= max(1, sum(-(-len(w) // per_line) for w in words))


@pytest.mark.parametrize("text, per_line, lines", [
    # text                    chars a line  lines
    ("Ngưỡng bất thường", 11, 2),
    ("Ngưỡng bất thường", 9, 3),  # "bất" no longer fits after "Ngưỡng"
    ("kết quả thực hiện", 17, 1),
    ("Kết quả thực hiện", 17, 2),  # its capital counts 1.3
    ("", 5, 1),
    ("abcdefghijkl", 5, 3),  # a word longer than a line is broken
    # capitals are wider than the digits a column's width counts (compare's long tie: 3 lines
    # in LibreOffice, where 2 were written and the third was cut)
    ("Huyện Vĩnh Tường (VINHTUONG); Thành phố Vĩnh Yên (VINHYEN)", 29, 3),
])
def test_word_wrapping(text, per_line, lines):
    from dgsp.xlsx.write import wrapped_lines

    assert wrapped_lines(text, per_line) == lines


BLANK = sorted((Path(__file__).parent.parent / "templates" / "xlsx").glob("plan-blank.*.xlsx"))


def test_every_sheet_is_set_up_for_a4_the_blank_plan_too(demo_dir):
    """Every visible sheet, the blank plans included (they had no print setup: 10 pages, two
    columns each), prints on A4 at a readable scale with its header row repeated."""
    bad = []
    for path in [*workbooks(demo_dir), *BLANK]:
        for ws in load_workbook(path).worksheets:
            if ws.sheet_state == "visible" and (
                    int(ws.page_setup.paperSize or 0) != 9 or printed_scale(ws) < MIN_PRINT_SCALE):
                bad.append(f"{path.name} › {ws.title}")
    assert BLANK and not bad, "\n".join(bad)


def test_no_row_is_far_taller_than_its_text(demo_dir):
    """A row given a height for wrapped text is not two or three times taller than its
    tallest text needs (the league table's rows were)."""
    tall = []
    for path in [p for p in workbooks(demo_dir) if p.name in ("compare.xlsx", "report.xlsx")]:
        for ws in load_workbook(path).worksheets:
            if ws.sheet_state != "visible":
                continue
            merged = {(r, c) for rng in ws.merged_cells.ranges
                      for r in range(rng.min_row, rng.max_row + 1)
                      for c in range(rng.min_col, rng.max_col + 1)}
            for row in ws.iter_rows():
                have = ws.row_dimensions[row[0].row].height
                texts = [(c.value, ws.column_dimensions[c.column_letter].width or 8.43)
                         for c in row if isinstance(c.value, str) and c.alignment.wrap_text
                         and (c.row, c.column) not in merged and not c.alignment.text_rotation]
                if have and texts and not any((r, 1) in merged for r in (row[0].row,)):
                    need = row_height(texts)
                    if have > max(2 * need, need + 30):
                        tall.append(f"{path.name} › {ws.title}!{row[0].row}: {have} > {need}")
    assert not tall, "\n".join(tall[:40])


def test_a_rows_cells_sit_at_the_same_height(demo_dir):
    """In a row whose text wraps, every filled cell is aligned alike (names at the top while
    the numbers beside them sat at the bottom)."""
    mixed = set()
    for path in workbooks(demo_dir):
        for ws in load_workbook(path).worksheets:
            if ws.sheet_state != "visible":
                continue
            for row in ws.iter_rows():
                filled = [c for c in row if c.value is not None]
                if any(isinstance(c.value, str) and c.alignment.wrap_text for c in filled) \
                        and len({c.alignment.vertical or "bottom" for c in filled}) > 1:
                    mixed.add(f"{path.parent.name}/{path.name} › {ws.title}")
    assert not mixed, "\n".join(sorted(mixed)[:40])


def test_a_number_never_touches_the_text_after_it(demo_dir):
    """A right-aligned number followed by left-aligned text prints as one run ("10 HTXSNV",
    "1 TAMDAO"): the summaries centre their codes, ranks and grades between them."""
    touching = set()
    for path in workbooks(demo_dir):
        if not path.name.startswith(("report", "year-", "compare")):
            continue
        for ws in load_workbook(path).worksheets:
            if ws.sheet_state != "visible" or ws.title == "Dữ liệu":  # a data table
                continue
            for row in ws.iter_rows():
                for a, b in zip(row, row[1:]):
                    number = isinstance(a.value, (int, float)) and not isinstance(a.value, bool)
                    if (number and a.alignment.horizontal in (None, "general", "right")
                            and isinstance(b.value, str) and b.value.strip()
                            and b.alignment.horizontal in (None, "general", "left")
                            and not b.alignment.indent):
                        touching.add(f"{path.name} › {ws.title}: {a.value} {b.value[:20]}")
    assert not touching, "\n".join(sorted(touching)[:40])


def test_every_table_repeats_its_header_row_on_the_pages_it_continues_on(demo_dir):
    """A filtered table's header row heads each page it runs on (Thẩm định: the second
    table's, which a printer repeats only on the pages after it)."""
    bare = []
    for path in workbooks(demo_dir):
        for ws in load_workbook(path).worksheets:
            ref = ws.auto_filter.ref
            if ws.sheet_state != "visible" or not ref:
                continue
            header = "".join(ch for ch in ref.split(":")[0] if ch.isdigit())
            if ws.print_title_rows != f"${header}:${header}":
                bare.append(f"{path.relative_to(demo_dir)} › {ws.title}: "
                            f"{ws.print_title_rows} for a header in row {header}")
    assert not bare, "\n".join(sorted(set(bare)))


def printed_pages(ws) -> dict[int, int]:
    """Each row's printed page, as a printer lays the rows out: a page ends at a manual break
    or where the next row would overflow it (its header rows repeated atop each)."""
    from dgsp.xlsx.write import page_layout, page_room, row_tops

    widths = [ws.column_dimensions[get_column_letter(c)].width or 8.43
              for c in range(1, ws.max_column + 1)]
    scale = page_layout(widths, ws.page_setup.orientation == "landscape")[2]
    tops = row_tops(ws, ws.max_row)
    room = page_room(ws, scale, tops)
    breaks = {b.id + 1 for b in ws.row_breaks.brk}
    page, start, pages = 1, 1, {}
    for r in range(1, ws.max_row + 1):
        if r in breaks or (tops[r + 1] - tops[start] > room and r > start):
            page, start = page + 1, r
        pages[r] = page
    return pages


def test_a_group_heading_prints_on_the_page_of_its_first_rows(demo_dir):
    """A group's heading never ends a page alone: the comparison's tables and the year's
    summary keep it with its table's header and first row."""
    alone = []
    paths = [demo_dir / "compare.xlsx", *sorted(demo_dir.rglob("year-*.xlsx"))]
    for path in paths:
        for ws in load_workbook(path).worksheets:
            pages = printed_pages(ws)
            for r in range(1, ws.max_row + 1):
                text = str(ws.cell(r, 1).value or "")
                if text.startswith(("Nhóm so sánh:", "Tập thể – nhóm", "Cá nhân – nhóm")):
                    nxt = next((n for n in range(r + 1, ws.max_row + 1) if any(  # a number
                        isinstance(c.value, (int, float)) for c in ws[n])), r)
                    if pages[r] != pages[nxt]:
                        alone.append(f"{path.name} › {ws.title}: row {r} page {pages[r]}")
    assert paths and not alone, "\n".join(alone)
