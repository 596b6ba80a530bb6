"""Writing workbooks with openpyxl: text that never becomes a formula, atomic saves, styles."""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dgsp.parallel import stop_signals_held
from dgsp.text import clean
from dgsp.xlsx.address import col_letter

if TYPE_CHECKING:  # openpyxl is imported lazily: `dgsp --help` must stay instant
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

MAX_SHEET_TITLE = 31


def ensure_defusedxml() -> None:
    """openpyxl guards against XML bombs only when defusedxml is installed."""
    from openpyxl import xml

    if not xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a hard dependency
        raise RuntimeError("defusedxml is required: pip install defusedxml")




def new_workbook() -> Workbook:
    ensure_defusedxml()
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    return wb


def name_fonts(wb: Workbook, name: str = "Times New Roman") -> None:
    """Every written cell's font, and the workbook's default, in the typeface ``name`` (bold
    and italic included): an unnamed font prints in whatever LibreOffice or Excel picks."""
    from copy import copy

    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    wb._fonts = IndexedList([Font(name=name, sz=11, family=1), *list(wb._fonts)[1:]])
    named: dict[int, Any] = {}  # by the workbook's font index: each font copied once
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.has_style and c.font.name != name:
                    font = named.get(c._style.fontId)
                    if font is None:
                        font = named[c._style.fontId] = copy(c.font)
                        font.name, font.family = name, 1
                    c.font = font


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet title: no ``[]:*?/\\``, at most 31 characters."""
    s = "".join("_" if ch in '[]:*?/\\' else ch for ch in clean(text)).strip("'") or "Sheet"
    s = s[:MAX_SHEET_TITLE]
    lowered = {t.casefold() for t in taken}
    n = 2
    base = s
    while s.casefold() in lowered:
        suffix = f" ({n})"
        s = base[: MAX_SHEET_TITLE - len(suffix)] + suffix
        n += 1
    return s


MAX_CELL_CHARS = 32_767
"""The most characters Excel holds in one cell, counted as UTF-16 code units (an emoji or
another character outside the BMP counts 2). Excel refuses or cuts a longer text."""

CUT_MARK = "\u2026"  # "…": ends a text cut to fit a cell


def utf16_length(text: str) -> int:
    """The length of ``text`` as Excel counts it: UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def cut_cell_text(text: str, limit: int = MAX_CELL_CHARS) -> tuple[str, bool]:
    """``text`` cut to fit one cell, and whether it was cut.

    A text over ``limit`` UTF-16 units keeps its longest beginning that fits with a final
    "…" (the whole is ``limit`` units, or one less where a two-unit character would
    straddle the limit: a character is never split in half).
    """
    if len(text) * 2 <= limit or (len(text) <= limit and utf16_length(text) <= limit):
        return text, False  # (the first test needs no counting)
    budget = limit - len(CUT_MARK)
    end = budget  # characters kept: each is 1 or 2 units
    while (excess := utf16_length(text[:end]) - budget) > 0:
        end -= (excess + 1) // 2  # removes at most what must go: the beginning is the longest
    return text[:end] + CUT_MARK, True


def safe_text(value: Any) -> str:
    """Text from a workbook or a user, made storable: NFC, no control characters, at most
    :data:`MAX_CELL_CHARS` (see :func:`cut_cell_text`)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return cut_cell_text(ILLEGAL_CHARACTERS_RE.sub("", clean(value)))[0]


def put_text(ws: Worksheet, row: int, col: int, value: Any):
    """Write text that must stay text (1-based row/col): never a formula."""
    c = ws.cell(row=row, column=col)
    c.value = safe_text(value)
    c.data_type = "s"
    return c


def put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None):
    """Write a value: numbers stay numbers, strings go through :func:`put_text`."""
    from decimal import Decimal

    if isinstance(value, str):
        c = put_text(ws, row, col, value)
    else:
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        c = ws.cell(row=row, column=col, value=value)
    if number_format:
        c.number_format = number_format
    return c


def save_atomic(wb: Workbook, path: Path) -> None:
    """Save next to ``path`` under a temporary name, then rename into place, every row of
    wrapped text first given the height it needs (:func:`grow_wrapped_rows`).

    An interrupted run leaves either the old file or the new one, never half
    of one. The caller has already decided whether overwriting is allowed.
    """
    for ws in wb.worksheets:
        grow_wrapped_rows(ws)
    replace_atomic(path, wb.save)


def grow_wrapped_rows(ws: Worksheet) -> None:
    """Give each row without a height, whose text wraps, the height its text needs (Excel and
    LibreOffice do not grow a row openpyxl wrote, so the text would print cut or overlapped).
    Merged cells are left to their writer, which knows their width."""
    merged = {(r, c) for rng in ws.merged_cells.ranges
              for r in range(rng.min_row, rng.max_row + 1)
              for c in range(rng.min_col, rng.max_col + 1)}
    widths: dict[str, float] = {}
    for row in ws.iter_rows():
        texts = []
        for c in row:
            if (isinstance(c.value, str) and c.has_style and c.alignment.wrap_text
                    and not c.alignment.text_rotation and (c.row, c.column) not in merged):
                letter = c.column_letter
                if letter not in widths:
                    widths[letter] = ws.column_dimensions[letter].width or 8.43
                bold = 0.9 if c.font.b else 1.0  # bold letters are wider
                texts.append((c.value, widths[letter] * bold))
        if texts and ws.row_dimensions[row[0].row].height is None:
            height = row_height(texts)
            if height > row_height([]):
                ws.row_dimensions[row[0].row].height = height


def wrap_long_text(ws: Worksheet, first_row: int = 2) -> None:
    """From ``first_row`` on, wrap each text longer than its column, and align that row's
    cells to the top (a name over two lines beside numbers at the bottom reads badly); the
    height follows at save (:func:`grow_wrapped_rows`)."""
    from copy import copy

    widths: dict[str, float] = {}
    for row in ws.iter_rows(min_row=first_row):
        long = False
        for c in row:
            if isinstance(c.value, str) and not c.alignment.wrap_text:
                letter = c.column_letter
                if letter not in widths:
                    widths[letter] = ws.column_dimensions[letter].width or 8.43
                long = long or len(c.value) > widths[letter] - 1
        if long:
            for c in row:
                align = copy(c.alignment)
                align.vertical = "top"
                if isinstance(c.value, str):
                    align.wrap_text = True
                c.alignment = align


def replace_atomic(path: Path, write: Callable[[str], object]) -> None:
    path = Path(path)
    tmp = None
    try:
        # SIGINT and SIGTERM held: a handler that raises (Ctrl-C, a stopped worker of
        # dgsp.parallel) does so where the temporary file can be removed, never between
        # creating it and learning its name
        with stop_signals_held():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


@functools.cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ----------------------------------------------------------------------------- styles

FMT_INT = "#,##0"
FMT_NUM = "#,##0.##"
FMT_SCORE = "0.00"
FMT_PCT = "0.0%"
FMT_DATE = "dd/mm/yyyy"

GRADE_FILLS = {  # light, print-friendly
    "HTXSNV": "C6EFCE",
    "HTTNV": "DDEBF7",
    "HTNV": "FFF2CC",
    "KHTNV": "F8CBAD",
}
INPUT_FILL = "FFF9C4"
HEADER_FILL = "D9E1F2"


@functools.cache
def header_styles(fill: str) -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return {"font": Font(bold=True), "fill": PatternFill("solid", fgColor=fill),
            "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "border": Border(top=thin, bottom=thin, left=thin, right=thin)}


def style_header_row(ws: Worksheet, row: int, ncols: int, fill: str = HEADER_FILL) -> None:
    """Bold, filled, boxed, centred header cells in columns 1..``ncols`` of ``row``."""
    styles = header_styles(fill)
    for col in range(1, ncols + 1):
        cell = ws.cell(row=row, column=col)
        for name, value in styles.items():
            setattr(cell, name, value)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths):
        ws.column_dimensions[col_letter(i)].width = w


def row_height(texts: Iterable[tuple[str, float]], line: float = 15.0) -> float:
    """A row height (points) that shows wrapped text whole: Excel and LibreOffice do not
    grow rows that openpyxl wrote, so a long indicator name would be cut when printed.

    ``texts`` pairs each wrapped cell's text with its column width (in characters).
    """
    lines = 1
    for text, width in texts:
        per_line = max(int(width) - 1, 1)
        lines = max(lines, sum(wrapped_lines(part, per_line) for part in str(text).split("\n")))
    return line * lines


def wrapped_lines(text: str, per_line: int) -> int:
    """The lines a paragraph takes wrapped at word boundaries, ``per_line`` characters a line
    (a word longer than a line is broken), as Excel and LibreOffice wrap it. A capital counts
    1.3 characters: a column's width is in digits, and "VINHTUONG" is wider than 9 of them."""
    if len(text) * 1.3 <= per_line:  # fits, however many capitals (most cells)
        return 1
    lines, used = 1, 0.0
    for word in text.split():
        size = len(word) + 0.3 * sum(map(str.isupper, word))
        if used and used + 1 + size <= per_line:
            used += 1 + size
            continue
        if used:
            lines += 1
        lines += (size - 1) // per_line  # a long word over several lines
        used = (size - 1) % per_line + 1
    return lines


PRINT_MARGINS = (0.5, 0.6)  # inches: left and right, top and bottom (xlsx.direct too)
DOCUMENT_FONT = "Times New Roman"  # of the documents people sign and read (the report, phiếu)
GUIDE_TEXT_WIDTH = 68  # characters: a guide sheet's text column, so it prints portrait at 100%
MIN_PRINT_SCALE = 91  # %: 11-pt body text prints at 10 pt; a wider table runs over several pages
A4_INCHES = (8.27, 11.69)  # width, height


def column_inches(width: float) -> float:
    """A column of ``width`` characters (Excel's unit) in inches: 7 pixels a character and 5
    of padding, at 96 pixels an inch."""
    return (7 * width + 5) / 96


def printable_inches(landscape: bool) -> float:
    """The width an A4 page prints on, within its side margins."""
    return A4_INCHES[1 if landscape else 0] - 2 * PRINT_MARGINS[0]


def page_fit(widths: Iterable[float], landscape: bool) -> tuple[bool, int]:
    """How a sheet of these column widths prints on A4: ``(True, scale)`` fitted to one page
    wide when that keeps at least :data:`MIN_PRINT_SCALE` percent; else ``(False,
    MIN_PRINT_SCALE)``, the columns running over several pages (the first ones repeated)."""
    printable = printable_inches(landscape)
    total = sum(column_inches(w) for w in widths)
    scale = 100 if total <= printable else int(100 * printable / total)
    return (True, scale) if scale >= MIN_PRINT_SCALE else (False, MIN_PRINT_SCALE)


PAGE_TEXT_FONT, PAGE_TEXT_SIZE = f"{DOCUMENT_FONT},Regular", 9  # of a page's title and number
# inches: the top and bottom margins of a page with a title and a number, and how far those
# sit from the paper's edge (LibreOffice gives them the difference: less and they are cut)
TITLED_MARGIN, TITLED_EDGE = 0.8, 0.3


def page_codes(title: str, page_word: str) -> tuple[str, str]:
    """Excel's header and footer codes of a printed sheet: ``title`` centred atop each page,
    ``page_word`` ("Trang &P/&N") under it, small, in the documents' typeface."""
    font = f'&"{PAGE_TEXT_FONT}"&{PAGE_TEXT_SIZE}'
    return f"&C{font}{title.replace('&', '&&')}", f"&C{font}{page_word}"


def titled_pages(ws: Worksheet, title: str, page_word: str) -> None:
    """The same title and page number (:func:`page_codes`) on an openpyxl sheet."""
    for part, text in ((ws.oddHeader.center, title.replace("&", "&&")),
                       (ws.oddFooter.center, page_word)):
        part.text, part.font, part.size = text, PAGE_TEXT_FONT, PAGE_TEXT_SIZE
    margins = ws.page_margins
    margins.top = margins.bottom = TITLED_MARGIN
    margins.header = margins.footer = TITLED_EDGE


def first_page_columns(widths: Sequence[float], landscape: bool) -> int:
    """How many of these columns print on a sheet's first page (:func:`page_layout`): all of
    them when it fits one page wide; else those whole within the page at its scale."""
    landscape, fit, scale = page_layout(widths, landscape)
    if fit:
        return len(widths)
    room = printable_inches(landscape) * 100 / scale
    n, used = 0, 0.0
    for w in widths:
        used += column_inches(w)
        if used > room:
            break
        n += 1
    return max(n, 1)


def page_breaks(tops: Sequence[float], blocks: Iterable[tuple[int, float]],
                page: float) -> list[int]:
    """The rows that must begin a page so that no block is cut by the end of one.

    ``tops[r]`` is the top of row ``r`` in points (1-based: ``tops[1] == 0``), up to the row
    after the last block; a block is its first row and its bottom in points; ``page`` the
    height a printed page holds. A block that does not fit on the rest of a page begins the
    next one; one taller than a page is printed over pages where its rows end, as a
    printer does without a manual break.
    """
    breaks: list[int] = []
    start = 1  # the first row of the current page
    for first, bottom in blocks:
        if bottom - tops[start] > page and first > start:
            breaks.append(first)
            start = first
        while bottom - tops[start] > page:
            start = max([start + 1] + [r for r in range(start + 1, len(tops))
                                       if tops[r] - tops[start] <= page])
    return breaks


PAGE_SLACK = 0.97  # of a page's height: LibreOffice and Excel measure rows a little apart


def row_tops(ws: Worksheet, end: int) -> list[float]:
    """``tops[r]``: the top of row ``r`` of an openpyxl sheet in points (1-based), up to the
    row after ``end`` (:func:`page_breaks`)."""
    one = row_height([])
    tops = [0.0, 0.0]
    for r in range(1, end + 1):
        tops.append(tops[-1] + (ws.row_dimensions[r].height or one))
    return tops


def repeated_height(title_rows: str | None, tops: Sequence[float]) -> float:
    """The points a sheet's repeated header rows (``"5:5"``, ``"$5:$5"``) take atop each
    page (``tops``: :func:`row_tops`); 0 without them, or when they lie below ``tops``."""
    if not title_rows:
        return 0.0
    a, b = (int(x.strip("$")) for x in title_rows.split(":"))
    return tops[b + 1] - tops[a] if b + 1 < len(tops) else 0.0


def page_room(ws: Worksheet, scale: int, tops: Sequence[float]) -> float:
    """The points of rows a printed page of an openpyxl sheet holds at ``scale``, less its
    repeated header rows (:func:`repeated_height`) and a little slack."""
    landscape = ws.page_setup.orientation == "landscape"
    page = (A4_INCHES[0 if landscape else 1] - ws.page_margins.top - ws.page_margins.bottom) \
        * 72 * 100 / scale * PAGE_SLACK
    return page - repeated_height(ws.print_title_rows, tops)


def keep_together(ws: Worksheet, blocks: Sequence[tuple[int, int]]) -> None:
    """Row breaks so that each block (first row, last row) of an openpyxl sheet prints on one
    page when it fits one: a group's caption with its header and first row. Call it after
    :func:`print_setup` (``direct.Sheet.keep_together`` is the direct writer's)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    if not blocks:
        return
    widths = [ws.column_dimensions[get_column_letter(c)].width or 8.43
              for c in range(1, (ws.max_column or 1) + 1)]
    scale = page_layout(widths, ws.page_setup.orientation == "landscape")[2]
    tops = row_tops(ws, max(end for _, end in blocks))
    for row in page_breaks(tops, [(first, tops[end + 1]) for first, end in blocks],
                           page_room(ws, scale, tops)):
        ws.row_breaks.append(Break(id=row - 1))  # a break after row id


def page_layout(widths: Sequence[float], landscape: bool) -> tuple[bool, bool, int]:
    """``(landscape, fit, scale)``: how a sheet of these column widths prints on A4
    (:func:`page_fit`); a sheet too wide for a portrait page prints landscape."""
    fit, scale = page_fit(widths, landscape)
    if not fit and not landscape:
        landscape = True
        fit, scale = page_fit(widths, landscape)
    return landscape, fit, scale


def columns_left_of(cell: str | None) -> str | None:
    """The columns left of a cell (a frozen pane's top left, ``"D6"`` → ``"A:C"``): what a
    sheet printed over several pages wide repeats on each page; None from column A."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    letters = (cell or "").rstrip("0123456789")
    if not letters or column_index_from_string(letters) < 2:
        return None
    return f"A:{get_column_letter(column_index_from_string(letters) - 1)}"


def print_setup(ws: Worksheet, landscape: bool = False, title_rows: str | None = None,
                title_cols: str | None = None) -> None:
    """A4, one page wide when it can be read so (:func:`page_fit`), else at the least scale
    over several pages with ``title_cols`` (``"A:C"``) repeated; optional repeated header
    rows (``"5:5"``). Call it once the column widths are set."""
    from openpyxl.utils import get_column_letter

    widths = [ws.column_dimensions[get_column_letter(c)].width or 8.43
              for c in range(1, (ws.max_column or 1) + 1)]
    landscape, fit, scale = page_layout(widths, landscape)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = fit
    if fit:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    else:
        ws.page_setup.scale = scale
        ws.page_setup.pageOrder = "overThenDown"  # a row's pages one after another
        if title_cols:
            ws.print_title_cols = title_cols
    ws.page_margins.left = ws.page_margins.right = PRINT_MARGINS[0]
    if not ws.oddHeader.center.text:  # else titled_pages' margins, whole
        ws.page_margins.top = ws.page_margins.bottom = PRINT_MARGINS[1]
    if title_rows:
        ws.print_title_rows = title_rows

