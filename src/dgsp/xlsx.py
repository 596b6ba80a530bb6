"""Shared workbook helpers: reading grids, matching headers, writing safely.

Reading goes through python-calamine (fast, with ``skip_empty_area=False`` so
cell addresses stay true); writing through openpyxl. Every string that came
from a workbook is written with :func:`put_text`, so it never becomes a
formula. Every output is saved with :func:`save_atomic`.
"""

from __future__ import annotations

import functools
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dgsp.text import clean, fold

if TYPE_CHECKING:  # openpyxl is imported lazily: `dgsp --help` must stay instant
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

MAX_SHEET_TITLE = 31

# Zip preflight: a 20-row template is ~7 KB; a real return is far below these.
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200


def ensure_defusedxml() -> None:
    """openpyxl guards against XML bombs only when defusedxml is installed."""
    from openpyxl import xml

    if not xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a hard dependency
        raise RuntimeError("defusedxml is required: pip install defusedxml")


# ----------------------------------------------------------------------------- addresses


def col_letter(index: int) -> str:
    """0-based column index → ``A``, ``B``, … ``AA``."""
    s = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_ref(row: int, col: int) -> str:
    """0-based row and column → ``A1`` style."""
    return f"{col_letter(col)}{row + 1}"


# ----------------------------------------------------------------------------- reading


class UnreadableWorkbook(Exception):
    """The file is not a workbook we can (or should) open; ``str()`` says why."""


class SuspiciousWorkbook(UnreadableWorkbook):
    """The zip preflight tripped: a member too large or too highly compressed."""


def preflight(path: Path) -> None:
    """Refuse files that are not zips, or whose members would decompress absurdly."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.file_size > MAX_MEMBER_BYTES:
                    raise SuspiciousWorkbook(f"{info.filename}: {info.file_size:,} bytes")
                if info.compress_size and info.file_size / info.compress_size > MAX_RATIO \
                        and info.file_size > 1024 * 1024:
                    raise SuspiciousWorkbook(
                        f"{info.filename}: compressed {info.file_size // info.compress_size}×")
    except zipfile.BadZipFile as exc:
        raise UnreadableWorkbook(str(exc)) from exc
    except OSError as exc:
        raise UnreadableWorkbook(exc.strerror or str(exc)) from exc


@dataclass
class Book:
    """A workbook to read: its sheet names and, on demand, each sheet's grid of values.

    Grids come from python-calamine (:func:`open_book`), or from rows held in
    memory (:meth:`from_grids`, for data that are not a file, such as the
    bundled example's CSV tables), so one parser serves both.
    """

    path: Path
    names: list[str]
    _load: Callable[[str], list[list[Any]]]

    @classmethod
    def from_grids(cls, grids: Mapping[str, Sequence[Sequence[Any]]], path: Path) -> Book:
        return cls(path=path, names=list(grids), _load=lambda name: [list(r) for r in grids[name]])

    def grid(self, name: str) -> list[list[Any]]:
        """All cells of a sheet from A1 ('' for empty), so addresses are true.

        Raises :class:`UnreadableWorkbook` when the sheet cannot be parsed.
        """
        return self._load(name)

    def find(self, *aliases: str) -> str | None:
        """The sheet whose name folds to one of ``aliases``."""
        wanted = {fold(a) for a in aliases}
        for n in self.names:
            if fold(n) in wanted:
                return n
        return None


def open_book(path: Path) -> Book:
    """Open a workbook for reading with python-calamine, after a zip preflight."""
    from python_calamine import CalamineWorkbook

    preflight(path)
    try:
        reader = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise UnreadableWorkbook(str(exc) or type(exc).__name__) from exc

    def load(name: str) -> list[list[Any]]:
        try:
            return reader.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own error types for a broken sheet
            raise UnreadableWorkbook(f"{name}: {exc or type(exc).__name__}") from exc

    return Book(path=path, names=list(reader.sheet_names), _load=load)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Header:
    """Where a table's header row is and which column holds each wanted field."""

    row: int  # 0-based
    columns: dict[str, int]  # field key → 0-based column
    extra: dict[int, str]  # other non-empty header cells: column → text


def find_header(
    grid: Sequence[Sequence[Any]],
    fields: dict[str, Iterable[str]],
    required: Iterable[str],
    scan_rows: int = 30,
) -> Header | None:
    """Find the header row: the first row within ``scan_rows`` holding every required field.

    ``fields`` maps a key to the spellings accepted for it (matched with
    :func:`fold`, so case, spacing and diacritics do not matter). Columns may
    come in any order; a title block may sit above; extra columns are kept in
    ``extra``.
    """
    folded = {key: {fold(a) for a in names} for key, names in fields.items()}
    required = list(required)
    for r, row in enumerate(grid[:scan_rows]):
        found: dict[str, int] = {}
        extra: dict[int, str] = {}
        for c, value in enumerate(row):
            key_text = fold(value)
            if not key_text:
                continue
            for key, names in folded.items():
                if key not in found and key_text in names:
                    found[key] = c
                    break
            else:
                extra[c] = clean(value)
        if all(k in found for k in required):
            return Header(row=r, columns=found, extra=extra)
    return None


def cell(grid: Sequence[Sequence[Any]], row: int, col: int) -> Any:
    if row < len(grid) and col < len(grid[row]):
        return grid[row][col]
    return ""


# ----------------------------------------------------------------------------- writing


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


def style_header_row(ws: Worksheet, row: int, ncols: int, fill: str = HEADER_FILL) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    for col in range(1, ncols + 1):
        c = ws.cell(row=row, column=col)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor=fill)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.border = Border(top=thin, bottom=thin, left=thin, right=thin)


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
