"""Writing workbooks with openpyxl: text that never becomes a formula, atomic saves, styles."""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


def safe_text(value: Any) -> str:
    """Text from a workbook or a user, made storable: NFC, no control characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", clean(value))


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
    """Save next to ``path`` under a temporary name, then rename into place.

    An interrupted run leaves either the old file or the new one, never half
    of one. The caller has already decided whether overwriting is allowed.
    """
    _replace_atomic(path, wb.save)


def write_bytes_atomic(data: bytes, path: Path) -> None:
    _replace_atomic(path, lambda tmp: Path(tmp).write_bytes(data))


def _replace_atomic(path: Path, write: Callable[[str], object]) -> None:
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
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


# StyleArray slot of each style attribute of a cell
_STYLE_IDS = {"font": "fontId", "fill": "fillId", "border": "borderId",
              "alignment": "alignmentId", "protection": "protectionId",
              "number_format": "numFmtId"}


class StyleStamp:
    """Give cells a named combination of styles, paying openpyxl's style lookup once.

    Setting ``cell.font`` (or fill, border, …) hashes the style object into the
    workbook's style tables: about 0.1 ms each, most of the time of building a
    styled sheet. The first cell of each ``kind`` is styled normally; later ones
    get the same style ids written straight into their style array (as openpyxl's
    own ``copy_worksheet`` does). Only the attributes named are touched, so a
    number format set earlier (e.g. by :func:`put`) stays.

    Ids index one workbook's tables: use one stamp per workbook.
    """

    __slots__ = ("_ids", "_book")

    def __init__(self) -> None:
        self._ids: dict[Any, tuple[tuple[str, int], ...]] = {}
        self._book: Any = None

    def __call__(self, cell, kind: Any, **styles: Any):
        book = cell.parent.parent
        if book is not self._book:
            if self._book is not None:
                raise ValueError("a StyleStamp serves one workbook")
            self._book = book
        ids = self._ids.get(kind)
        if ids is None:
            for name, value in styles.items():
                setattr(cell, name, value)
            array = cell._style
            self._ids[kind] = tuple((_STYLE_IDS[n], getattr(array, _STYLE_IDS[n]))
                                    for n in styles)
        else:
            array = cell._style
            if array is None:  # a cell never styled has no array yet
                from openpyxl.styles.cell_style import StyleArray

                array = cell._style = StyleArray()
            for key, idx in ids:
                setattr(array, key, idx)
        return cell


def merge(ws: Worksheet, ref: str) -> None:
    """``ws.merge_cells(ref)`` with the same result, at a fraction of the cost.

    openpyxl gives every cell of a merged range a copy of the top-left cell's
    protection through the style tables (a lookup per cell). When the top-left
    cell has no border (the usual case: a title, a label/value row), that copy
    is the top-left cell's protection id, written here directly; otherwise
    openpyxl's own path carries the borders to the range's edges.
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet.merge import MergedCellRange

    mcr = MergedCellRange(ws, ref)  # creates the top-left cell, takes the bottom-right's border
    ws.merged_cells.add(mcr)
    start = mcr.start_cell
    if start._style is None:
        start._style = StyleArray()
    if start._style.borderId:
        ws._clean_merge_range(mcr)
        return
    protection = start._style.protectionId
    cells = ws._cells
    first = (mcr.min_row, mcr.min_col)
    for row, col in mcr.cells:
        if (row, col) != first:
            cell = cells[row, col] = MergedCell(ws, row, col)
            cell._style = StyleArray()
            cell._style.protectionId = protection


@functools.cache
def _header_styles(fill: str) -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return {"font": Font(bold=True), "fill": PatternFill("solid", fgColor=fill),
            "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "border": Border(top=thin, bottom=thin, left=thin, right=thin)}


def style_header_row(ws: Worksheet, row: int, ncols: int, fill: str = HEADER_FILL,
                     stamp: StyleStamp | None = None) -> None:
    """Bold, filled, boxed, centred header cells in columns 1..``ncols`` of ``row``."""
    stamp = stamp or StyleStamp()
    styles = _header_styles(fill)
    for col in range(1, ncols + 1):
        stamp(ws.cell(row=row, column=col), ("header", fill), **styles)


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
        lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in str(text).split("\n")))
    return line * lines


def print_setup(ws: Worksheet, landscape: bool = False, title_rows: str | None = None) -> None:
    """A4, fit to one page wide, optional repeated header rows (``"5:5"``)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows

