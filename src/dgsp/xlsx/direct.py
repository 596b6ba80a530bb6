"""Workbooks written straight as SpreadsheetML: the bulk outputs (templates, report, phiếu).

openpyxl builds a cell object per cell and interns every style object through
hashing; a styled 20-row workbook costs ~10 ms to write that way, which is most
of ``dgsp assign`` and ``dgsp score`` at national scale. Here a sheet is a
dict of ``row -> col -> cell`` and its XML is written in one pass; a large sheet
(the report's *Dữ liệu*, 66,000+ rows) is streamed into the zip row by row, so
memory stays flat.

openpyxl still owns the style tables: :class:`Styles` registers named
combinations of openpyxl style objects (font, fill, border, alignment,
protection, number format) in an openpyxl workbook's tables, once each, and
writes ``styles.xml`` from them with openpyxl's own writer. The XML written
here is the subset openpyxl writes for the same sheet (same elements, same
order), so the files read back alike in openpyxl, python-calamine, Excel and
LibreOffice. Strings are inline (``t="inlineStr"``), as openpyxl writes them:
never a formula.

Everything that varies is data: a sheet is built with :meth:`Sheet.put`,
:meth:`Sheet.style`, :meth:`Sheet.merge` and a few settings, then
:func:`write_workbook` writes one package atomically.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import math
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from dgsp.text import clean
from dgsp.xlsx.address import col_letter
from dgsp.xlsx.write import (
    A4_INCHES,
    CUT_MARK,
    MAX_CELL_CHARS,
    PAGE_SLACK,
    PRINT_MARGINS,
    TITLED_EDGE,
    TITLED_MARGIN,
    columns_left_of,
    cut_cell_text,
    page_breaks,
    page_layout,
    repeated_height,
    row_height,
)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument"
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (with the 1900 leap-year bug folded in)
STREAM_CHUNK = 2_000  # rows rendered per write when streaming
STREAM_BYTES = 1 << 20  # or fewer, when their text is longer (the embedded JSON: 30,000 a cell)
COMPRESSION = 6  # zlib level of every part but streamed sheets (level 1, see _Zip.stream)


# ----------------------------------------------------------------------------- text


# Characters XML 1.0 cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE (control characters), and
# surrogates and U+FFFE/U+FFFF, which it lets through and Excel refuses.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# A raw "\r" would be read back as "\n" (XML end-of-line handling): keep it as a reference.
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape(text: str) -> str:
    """``&``, ``<``, ``>`` and a raw ``\\r`` as references: by ``str.replace``, 20× faster
    than ``str.translate`` on the embedded JSON's 30,000-character cells."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def attr(text: str) -> str:
    return text.translate(_ATTR_ESCAPES)


@functools.cache
def _letters(col: int) -> str:
    return col_letter(col - 1)


# ----------------------------------------------------------------------------- styles


class Styles:
    """Named cell styles and the ``styles.xml`` they make, for any number of packages.

    ``define(kind, font=..., fill=..., ...)`` names a combination of openpyxl
    style objects; ``xf(kind, number_format)`` is its cell-format index (``s=``),
    registered on first use. Indices only grow, so one ``Styles`` can serve many
    workbooks written one after another (each gets the ``styles.xml`` current when
    it is written, which holds every index its cells use).
    """

    def __init__(self, font: str | None = None) -> None:
        """``font``: the typeface of every style, the default included (a document's
        Times New Roman), instead of the workbook default."""
        from openpyxl.styles import Font
        from openpyxl.utils.indexed_list import IndexedList

        from dgsp.xlsx.write import new_workbook

        self._wb = new_workbook()  # only its style tables are used
        self.font = font
        if font:
            self._wb._fonts = IndexedList([Font(name=font, sz=11, family=1)])
        self._kinds: dict[Any, dict[str, Any]] = {None: {}}
        self._xf: dict[tuple[Any, str | None], int] = {(None, None): 0}
        self._xml: tuple[int, bytes] | None = None
        self._packed: dict[int, tuple[int, tuple[bytes, int, int]]] = {}  # level -> (count, ...)

    def define(self, kind: Any, **styles: Any) -> Any:
        """Name a style (font, fill, border, alignment, protection objects). Idempotent."""
        if self.font:  # named on every style, bold and italic included
            from copy import copy

            from openpyxl.styles import Font

            base = styles.get("font") or Font(sz=11)
            font = copy(base)
            font.name, font.family = self.font, 1
            styles = {**styles, "font": font}
        known = self._kinds.get(kind)
        if known is not None and known != styles:
            raise ValueError(f"style {kind!r} is already defined differently")
        self._kinds[kind] = styles
        return kind

    def wraps(self, kind: Any) -> bool:
        """Whether a style wraps its text (so its row must be as tall as the text)."""
        alignment = self._kinds.get(kind, {}).get("alignment")
        return bool(alignment is not None and alignment.wrap_text
                    and not alignment.text_rotation)

    def xf(self, kind: Any = None, number_format: str | None = None) -> int:
        key = (kind, number_format)
        idx = self._xf.get(key)
        if idx is None:
            idx = self._xf[key] = self._register(self._kinds[kind], number_format)
            self._xml = None
        return idx

    def _register(self, styles: Mapping[str, Any], number_format: str | None) -> int:
        from openpyxl.styles.cell_style import StyleArray
        from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, BUILTIN_FORMATS_REVERSE

        wb, array = self._wb, StyleArray()
        tables = {"font": (wb._fonts, "fontId"), "fill": (wb._fills, "fillId"),
                  "border": (wb._borders, "borderId"),
                  "alignment": (wb._alignments, "alignmentId"),
                  "protection": (wb._protections, "protectionId")}
        for name, value in styles.items():
            table, slot = tables[name]
            setattr(array, slot, table.add(value))
        if number_format and number_format != "General":
            fmt_id = BUILTIN_FORMATS_REVERSE.get(number_format)
            if fmt_id is None:
                fmt_id = wb._number_formats.add(number_format) + BUILTIN_FORMATS_MAX_SIZE
            array.numFmtId = fmt_id
        return wb._cell_styles.add(array)

    def xml(self) -> bytes:
        """``styles.xml`` holding every index handed out so far."""
        count = len(self._xf)
        if self._xml is None or self._xml[0] != count:
            from openpyxl.styles.stylesheet import write_stylesheet
            from openpyxl.xml.functions import tostring

            self._xml = (count, tostring(write_stylesheet(self._wb)))
        return self._xml[1]

    def packed(self, level: int) -> tuple[bytes, int, int]:
        """:meth:`xml` deflated (data, CRC, size), made again only when a style was added."""
        count = len(self._xf)
        cached = self._packed.get(level)
        if cached is None or cached[0] != count:
            cached = self._packed[level] = (count, _deflate(self.xml(), level))
        return cached[1]


# ----------------------------------------------------------------------------- sheets


@dataclass(slots=True)
class Validation:
    """A data validation (``type`` "decimal" or "list"), with its prompt and error texts."""

    type: str
    formula1: str
    cells: list[str]
    operator: str | None = None
    title: str = ""
    prompt: str = ""
    error: str = ""


def number_text(value: Any) -> str:
    """A number as SpreadsheetML writes it: integral values as integers."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        n, d = value.as_integer_ratio()  # n / d: correctly rounded, as float(value) is
        return str(n) if d == 1 else repr(n / d)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value}")
        return repr(value)
    return str(int(value))


def cell_value(value: Any) -> tuple[str, str] | None:
    """(type, XML text) of a value: text (never a formula), number, boolean or date.

    Text is made storable as :func:`dgsp.xlsx.safe_text` does (NFC, no control
    characters, cut to :data:`MAX_CELL_CHARS` by :func:`cut_cell_text`) and escaped.
    """
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) > _CACHED_TEXT:  # a long note: not kept alive by the cache
            return _text_value.__wrapped__(value)
        return _text_value(value)
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, (int, float, Decimal)):
        return "n", number_text(value)
    if isinstance(value, dt.datetime):
        delta = value - dt.datetime.combine(_EPOCH, dt.time())
        return "n", number_text(delta.days + delta.seconds / 86400)
    if isinstance(value, dt.date):
        return "n", str((value - _EPOCH).days)
    raise TypeError(f"cannot write a {type(value).__name__} to a cell")


_CACHED_TEXT = 1_000  # characters: longer texts are converted each time (see cell_value)


@functools.lru_cache(maxsize=4096)  # labels, names, groups: the same texts in every workbook
def _text_value(value: str) -> tuple[str, str] | None:
    text = cut_cell_text(_ILLEGAL.sub("", clean(value)))[0]
    if not text:
        return None  # "" is an empty cell, as in openpyxl
    # "sp": text whose leading or trailing white space must be kept (xml:space)
    return ("sp" if text[0].isspace() or text[-1].isspace() else "s"), escape(text)


class Prepared(str):
    """An unstyled cell's XML after its reference, made once: a streamed row can repeat it (a
    unit's name on each of its rows) without converting it again. ``Prepared.of(value)``."""

    __slots__ = ()

    @classmethod
    def of(cls, value: Any) -> Prepared | None:
        typed = cell_value(value)
        return None if typed is None else cls(_cell_tail(*typed, 0))


FIRST_HEADER_MARGIN = 1.2  # inches: the top margin of a sheet with a first-page header


class Sheet:
    """One worksheet: cells by row and column (1-based), and its settings.

    A cell is ``[type, text, kind, number_format]``; ``kind`` names a style of
    the package's :class:`Styles`. :meth:`put` writes a value; :meth:`style`
    (re)styles a cell, written or not, keeping its number format unless given.
    Rows from :meth:`stream` follow the cells, rendered as they are written.
    """

    def __init__(self, title: str, state: str = "visible") -> None:
        self.title = title
        self.state = state  # visible | hidden | veryHidden
        self.cells: dict[int, dict[int, list]] = {}
        self.heights: dict[int, float] = {}
        self.widths: list[float] = []
        self.merges: list[str] = []
        self.validations: list[Validation] = []
        self.freeze: str | None = None  # top-left cell of the scrolling pane, e.g. "C2"
        self.auto_filter: str | None = None
        self.print_titles: str | None = None  # rows, e.g. "5:5"
        self.print_cols: str | None = None  # columns repeated, e.g. "A:B"; else left of freeze
        self.landscape = False
        self.fit_width = False
        self.centred = False
        self.protected = False
        # printed atop and under each page, in Excel's header codes ("&C…", "&P"); page 1's
        # own header (an official heading) when first_header is given
        self.header = ""
        self.footer = ""
        self.first_header = ""
        self.row_breaks: list[int] = []  # rows that begin a printed page
        self._stream: tuple[int, Iterable[Sequence[Any]]] | None = None
        self._xml_rows = False  # the streamed rows come as XML (stream_xml)
        self._max_row = 0
        self._merged_cells: set[tuple[int, int]] | None = None

    # -- cells

    def _cell(self, row: int, col: int) -> list:
        line = self.cells.get(row)
        if line is None:
            line = self.cells[row] = {}
            self._max_row = max(self._max_row, row)
        c = line.get(col)
        if c is None:
            c = line[col] = [None, "", None, None]
        return c

    def put(self, row: int, col: int, value: Any, number_format: str | None = None,
            kind: Any = None) -> list:
        """Write ``value`` (text stays text; Decimal → number); ``None`` leaves it empty."""
        c = self._cell(row, col)
        typed = cell_value(value)
        c[0], c[1] = typed if typed else (None, "")
        if number_format is not None:
            c[3] = number_format
        if kind is not None:
            c[2] = kind
        return c

    def style(self, row: int, col: int, kind: Any, number_format: str | None = None) -> None:
        c = self._cell(row, col)
        c[2] = kind
        if number_format is not None:
            c[3] = number_format

    def merge(self, ref: str) -> None:
        self.merges.append(ref)

    def stream(self, first_row: int, rows: Iterable[Sequence[Any]]) -> None:
        """Rows written from ``first_row`` on, after the cells, as ``rows`` yields them.

        Each row is a sequence of cells: a value, a :class:`Prepared` value,
        ``(value, number_format, kind)`` or ``None``. The iterable is consumed once,
        while the package is written.
        """
        if first_row <= self._max_row:
            raise ValueError("streamed rows must follow the sheet's cells")
        self._stream = (first_row, rows)

    def stream_xml(self, first_row: int, rows: Callable[[Callable[..., int]], Iterable[str]]
                   ) -> None:
        """As :meth:`stream`, for a long table of one-line rows made as text: ``rows(xf)``
        yields each row's cells as XML (:func:`cell_xml`, their row number left as
        :data:`ROW`), given the package's ``xf(kind, number_format)`` → style index."""
        self.stream(first_row, rows)  # type: ignore[arg-type]
        self._xml_rows = True

    @property
    def streams(self) -> bool:
        return self._stream is not None

    # -- XML

    def page_layout(self) -> tuple[bool, bool, int]:
        """``(landscape, fit, scale)``: one page wide, or the least scale over several pages,
        landscape when too wide for portrait (:func:`write.page_layout`)."""
        return page_layout(self.widths or [8.43], self.landscape)

    def title_cols(self) -> str | None:
        """The columns repeated on every page of a sheet printed over several pages wide:
        those left of the frozen pane (the codes and names), or :attr:`print_cols`."""
        return self.print_cols or columns_left_of(self.freeze)

    def xml_parts(self, styles: Styles, selected: bool) -> Iterator[str]:
        """The worksheet XML, in pieces (streamed rows are rendered in chunks)."""
        fit = ('<pageSetUpPr fitToPage="1"/>' if self.fit_width and self.page_layout()[1]
               else "")
        yield (f'<worksheet xmlns="{NS_MAIN}"><sheetPr><outlinePr summaryBelow="1" '
               f'summaryRight="1"/>{fit}</sheetPr>')
        yield self._views(selected)
        yield '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
        if self.widths:
            yield "<cols>" + "".join(
                f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                for i, w in enumerate(self.widths, start=1)) + "</cols>"
        yield "<sheetData>"
        yield from self._rows(styles)
        if self._stream is not None:
            yield from self._streamed(styles)
        yield "</sheetData>"
        yield from self._tail()

    def _views(self, selected: bool) -> str:
        sel = ' tabSelected="1"' if selected else ""
        if not self.freeze:
            return (f'<sheetViews><sheetView{sel} workbookViewId="0"><selection activeCell="A1" '
                    'sqref="A1"/></sheetView></sheetViews>')
        from dgsp.xlsx.address import col_index

        letters = self.freeze.rstrip("0123456789")
        row, col = int(self.freeze[len(letters):]), col_index(letters)  # 0-based col
        x = f' xSplit="{col}"' if col else ""
        y = f' ySplit="{row - 1}"' if row > 1 else ""
        pane = "bottomRight" if col and row > 1 else ("topRight" if col else "bottomLeft")
        selections = "".join(f'<selection pane="{p}"/>' for p in ("topRight", "bottomLeft")
                             if pane == "bottomRight")
        return (f'<sheetViews><sheetView{sel} workbookViewId="0"><pane{x}{y} '
                f'topLeftCell="{self.freeze}" activePane="{pane}" state="frozen"/>{selections}'
                f'<selection pane="{pane}" activeCell="{self.freeze}" sqref="{self.freeze}"/>'
                '</sheetView></sheetViews>')

    def printed_height(self, styles: Styles, r: int) -> float:
        """Row ``r``'s height in points as written: its own, grown for its text, or one line."""
        return self.heights.get(r) or self._grown(styles, r) or row_height([])

    def margins(self) -> tuple[float, float, float, float]:
        """``(top, bottom, header, footer)`` in inches: room for a page's title and number,
        and for an official heading on page 1 (one margin a sheet)."""
        top = bottom = PRINT_MARGINS[1]
        header = footer = 0.5
        if self.header or self.footer:  # a title and a page number, whole
            top, bottom, header, footer = TITLED_MARGIN, TITLED_MARGIN, TITLED_EDGE, TITLED_EDGE
        if self.first_header:  # its three lines
            top, header = FIRST_HEADER_MARGIN, TITLED_EDGE
        return top, bottom, header, footer

    def page_points(self) -> float:
        """How many points of rows a printed page holds, at the sheet's scale."""
        landscape, _, scale = self.page_layout()
        top, bottom, _, _ = self.margins()
        return (A4_INCHES[0 if landscape else 1] - top - bottom) * 72 * 100 / scale

    def keep_together(self, styles: Styles, blocks: Sequence[tuple[int, int]]) -> None:
        """Page breaks so that each block (first row, last row) prints on one page when it
        fits one (:func:`write.page_breaks`; a little room kept: renderers measure apart)."""
        last = max(end for _, end in blocks)
        tops = [0.0, 0.0]
        for r in range(1, last + 1):
            tops.append(tops[-1] + self.printed_height(styles, r))
        room = self.page_points() * PAGE_SLACK - repeated_height(self.print_titles, tops)
        self.row_breaks = page_breaks(tops, [(first, tops[end + 1]) for first, end in blocks],
                                      room)

    def _grown(self, styles: Styles, r: int) -> float | None:
        """The height a row without one needs for its wrapped text (None: one line will do):
        Excel and LibreOffice do not grow a written row, so the text would be cut."""
        texts = []
        for col, (t, text, kind, _fmt) in self.cells.get(r, {}).items():
            if t in ("s", "sp") and styles.wraps(kind) and (r, col) not in self._merged():
                width = self.widths[col - 1] if col <= len(self.widths) else 8.43
                texts.append((html.unescape(text), width))
        height = row_height(texts)
        return height if height > row_height([]) else None

    def _merged(self) -> set[tuple[int, int]]:
        if self._merged_cells is None:
            cells = set()
            for ref in self.merges:
                (c1, r1), (c2, r2) = (_split(x) for x in ref.split(":"))
                cells |= {(r, c) for r in range(int(r1), int(r2) + 1)
                          for c in range(_column(c1), _column(c2) + 1)}
            self._merged_cells = cells
        return self._merged_cells

    def _rows(self, styles: Styles) -> Iterator[str]:
        xf = styles.xf
        heights = self.heights
        for r in sorted(self.cells.keys() | heights.keys()):
            grown = self._grown(styles, r)
            h = max(heights.get(r) or 0, grown or 0) or None  # never shorter than its text
            out = [f'<row r="{r}" ht="{h:g}" customHeight="1">' if h else f'<row r="{r}">']
            line = self.cells.get(r, {})
            for col in sorted(line):
                t, text, kind, fmt = line[col]
                s = xf(kind, fmt)
                out.append(f'<c r="{_letters(col)}{r}"{_cell_tail(t, text, s)}')
            out.append("</row>")
            yield "".join(out)

    def _streamed(self, styles: Styles) -> Iterator[str]:
        xf = styles.xf
        first, rows = self._stream
        if self._xml_rows:
            yield from _xml_rows(first, rows(xf))
            return
        r = first - 1
        chunk: list[str] = []
        add = chunk.append
        pending = 0  # the characters of the cells' text in chunk
        letters: list[str] = [""]
        widths, wraps = self.widths, styles.wraps
        for values in rows:
            r += 1
            row_at = len(chunk)
            add(f'<row r="{r}">')
            while len(letters) <= len(values):
                letters.append(_letters(len(letters)))
            texts = []
            for col, item in enumerate(values, start=1):
                if item is None:
                    continue
                if type(item) is Prepared:
                    add(f'<c r="{letters[col]}{r}"{item}')
                    continue
                if type(item) is tuple:
                    value, fmt, kind = item
                else:
                    value, fmt, kind = item, None, None
                typed = cell_value(value)
                if typed is None:
                    if kind is None:
                        continue
                    typed = (None, "")
                if kind is not None and typed[0] in ("s", "sp") and wraps(kind):
                    texts.append((str(value), widths[col - 1] if col <= len(widths) else 8.43))
                add(f'<c r="{letters[col]}{r}"{_cell_tail(*typed, xf(kind, fmt))}')
                pending += len(typed[1])
            if texts:  # a row of wrapped text: as tall as its text
                height = row_height(texts)
                if height > row_height([]):
                    chunk[row_at] = f'<row r="{r}" ht="{height:g}" customHeight="1">'
            add("</row>")
            if len(chunk) >= STREAM_CHUNK * 8 or pending > STREAM_BYTES:
                yield "".join(chunk)
                chunk.clear()
                pending = 0
        if chunk:
            yield "".join(chunk)

    def _tail(self) -> Iterator[str]:
        if self.protected:  # only the result cells are unlocked; sizes may change
            yield ('<sheetProtection sheet="1" objects="0" scenarios="0" formatCells="1" '
                   'formatColumns="0" formatRows="0" insertColumns="1" insertRows="1" '
                   'insertHyperlinks="1" deleteColumns="1" deleteRows="1" '
                   'selectLockedCells="0" selectUnlockedCells="0" sort="1" autoFilter="1" '
                   'pivotTables="1"/>')
        if self.auto_filter:
            yield f'<autoFilter ref="{self.auto_filter}"/>'
        if self.merges:
            yield f'<mergeCells count="{len(self.merges)}">' + "".join(
                f'<mergeCell ref="{m}"/>' for m in self.merges) + "</mergeCells>"
        if self.validations:
            yield f'<dataValidations count="{len(self.validations)}">'
            for v in self.validations:
                op = f' operator="{v.operator}"' if v.operator else ""
                yield (f'<dataValidation type="{v.type}"{op} allowBlank="1" '
                       'showInputMessage="1" showErrorMessage="1" '
                       f'errorTitle="{attr(v.title)}" error="{attr(v.error)}" '
                       f'promptTitle="{attr(v.title)}" prompt="{attr(v.prompt)}" '
                       f'sqref="{" ".join(v.cells)}"><formula1>{escape(v.formula1)}'
                       '</formula1></dataValidation>')
            yield "</dataValidations>"
        if self.centred:
            yield '<printOptions horizontalCentered="1"/>'
        if not self.fit_width:  # no print setup: the defaults
            yield ('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
                   'footer="0.5"/></worksheet>')
            return
        landscape, fit, scale = self.page_layout()
        orientation = "landscape" if landscape else "portrait"
        side = PRINT_MARGINS[0]
        top, bottom, header, footer = self.margins()
        # fitted to the width, or at a scale with a row's pages one after another
        size = 'fitToHeight="0" fitToWidth="1"' if fit else \
            f'scale="{scale}" pageOrder="overThenDown"'
        yield (f'<pageMargins left="{side}" right="{side}" top="{top}" bottom="{bottom}" '
               f'header="{header}" footer="{footer}"/><pageSetup orientation="{orientation}" '
               f'paperSize="9" {size}/>')
        yield self._header_footer()
        if self.row_breaks:
            n = len(self.row_breaks)
            yield (f'<rowBreaks count="{n}" manualBreakCount="{n}">' + "".join(
                f'<brk id="{r - 1}" max="16383" man="1"/>' for r in self.row_breaks)
                + "</rowBreaks>")
        yield "</worksheet>"

    def _header_footer(self) -> str:
        """``<headerFooter>``: a wide table's pages are numbered and titled, page 1 headed."""
        if not (self.header or self.footer or self.first_header):
            return ""
        parts = [f"<{tag}>{escape(text)}</{tag}>" for tag, text in (
            ("oddHeader", self.header), ("oddFooter", self.footer),
            ("firstHeader", self.first_header),
            ("firstFooter", self.footer if self.first_header else "")) if text]
        first = ' differentFirst="1"' if self.first_header else ""
        return f"<headerFooter{first}>{''.join(parts)}</headerFooter>"

    def print_setup(self, landscape: bool = False, title_rows: str | None = None,
                    centred: bool = False) -> None:
        """A4, fit to one page wide, optional repeated header rows (``"5:5"``)."""
        self.landscape, self.fit_width, self.centred = landscape, True, centred
        self.print_titles = title_rows

    def table(self, header_row: int, ncols: int, last_row: int, freeze_col: int = 1) -> None:
        """Freeze below the header (and left of ``freeze_col``), filter the table."""
        self.freeze = f"{_letters(freeze_col)}{header_row + 1}"
        self.auto_filter = f"A{header_row}:{_letters(ncols)}{max(last_row, header_row)}"


ROW = "\x00"  # in a row made as text (Sheet.stream_xml), its number: never in a cell's XML


def cell_xml(col: int, value: Any, s: int = 0) -> str:
    """One cell of a row made as text (:meth:`Sheet.stream_xml`), ``s`` its style index:
    ``""`` for an empty value, as :meth:`Sheet.stream` leaves it out."""
    typed = cell_value(value)
    return "" if typed is None else f'<c r="{_letters(col)}{ROW}"{_cell_tail(*typed, s)}'


def number_xml(col: int, value: Decimal, s: int = 0) -> str:
    """A number cell of a row made as text: :func:`cell_xml` of a decimal, sooner."""
    return f'<c r="{_letters(col)}{ROW}" s="{s}" t="n"><v>{number_text(value)}</v></c>' if s \
        else f'<c r="{_letters(col)}{ROW}" t="n"><v>{number_text(value)}</v></c>'


def _xml_rows(first: int, rows: Iterable[str]) -> Iterator[str]:
    """The rows of :meth:`Sheet.stream_xml`, numbered from ``first``, in chunks."""
    chunk: list[str] = []
    pending = 0
    for r, cells in enumerate(rows, start=first):
        chunk.append(f'<row r="{r}">{cells.replace(ROW, str(r))}</row>')
        pending += len(cells)
        if len(chunk) >= STREAM_CHUNK or pending > STREAM_BYTES:
            yield "".join(chunk)
            chunk.clear()
            pending = 0
    if chunk:
        yield "".join(chunk)


def _cell_tail(t: str | None, text: str, s: int) -> str:
    """A cell's XML after ``<c r="A1"``: style, type and value."""
    style = f' s="{s}"' if s else ""
    if t is None:
        return f"{style}/>"
    if t == "s":
        return f'{style} t="inlineStr"><is><t>{text}</t></is></c>'
    if t == "sp":
        return f'{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'{style} t="{t}"><v>{text}</v></c>'


# ----------------------------------------------------------------------------- packages


@dataclass
class Props:
    """Document properties: custom string properties (e.g. the plan fingerprint)."""

    custom: dict[str, str] = field(default_factory=dict)
    modified: dt.datetime | None = None  # default: now (UTC)


def write_workbook(path: Path, sheets: Sequence[Sheet], styles: Styles,
                   props: Props | None = None) -> None:
    """Write ``sheets`` as one .xlsx package at ``path``, atomically."""
    from dgsp.xlsx.write import replace_atomic

    replace_atomic(Path(path), lambda tmp: _package(tmp, sheets, styles, props or Props()))


def workbook_bytes(sheets: Sequence[Sheet], styles: Styles, props: Props | None = None) -> bytes:
    import io

    buf = io.BytesIO()
    _package(buf, sheets, styles, props or Props())
    return buf.getvalue()


def _package(target: str | IO[bytes], sheets: Sequence[Sheet], styles: Styles,
             props: Props) -> None:
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    with _Zip(target, COMPRESSION) as zf:
        for n, sheet in enumerate(sheets, start=1):
            name, parts = f"xl/worksheets/sheet{n}.xml", sheet.xml_parts(styles, n == 1)
            if sheet.streams or len(sheet.cells) > STREAM_CHUNK:  # never the whole XML at once
                zf.stream(name, parts)
            else:
                zf.add(name, "".join(parts).encode())
        n = len(sheets)
        custom = bool(props.custom)
        zf.add_packed("xl/styles.xml", styles.packed(COMPRESSION))  # after the sheets
        zf.add("xl/workbook.xml", _workbook_xml(sheets).encode())
        zf.add_static("xl/_rels/workbook.xml.rels", _workbook_rels, n)
        zf.add_static("xl/theme/theme1.xml", _theme)
        zf.add_static("docProps/app.xml", lambda: _APP_XML)
        zf.add("docProps/core.xml", _core_xml(props.modified).encode())
        if custom:
            zf.add("docProps/custom.xml", _custom_xml(props.custom).encode())
        zf.add_static("_rels/.rels", _root_rels, custom)
        zf.add_static("[Content_Types].xml", _content_types, n, custom)


_Member = tuple[bytes, int, int, int, int]  # name, crc, compressed size, size, flags


def _deflate(data: bytes, level: int) -> tuple[bytes, int, int]:
    """Raw deflate (as zip stores it), the CRC-32 and size of the original."""
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data), len(data)


class _Zip:
    """A zip archive written in one pass: what an .xlsx needs, and no more.

    The parts every package repeats (theme, relationships, content types) are
    compressed once per process (:meth:`add_static`); a sheet is compressed as
    its XML is produced (:meth:`stream`, sizes in a data descriptor). No zip64:
    a part over 4 GiB is refused (the largest, *Dữ liệu* at 10,000 units, is ~0.3 GiB).
    """

    _static: dict[tuple, tuple[bytes, int, int]] = {}

    def __init__(self, target: str | IO[bytes], level: int) -> None:
        self._own = isinstance(target, str)
        self._fh: IO[bytes] = open(target, "wb") if self._own else target  # noqa: SIM115
        self._level = level
        self._members: list[tuple[_Member, int]] = []
        self._offset = 0
        now = dt.datetime.now()
        self._time = (now.hour << 11) | (now.minute << 5) | (now.second // 2)
        self._date = ((now.year - 1980) << 9) | (now.month << 5) | now.day

    def __enter__(self) -> _Zip:
        return self

    def __exit__(self, kind, *_) -> None:
        try:
            if kind is None:
                self._finish()
        finally:
            if self._own:
                self._fh.close()

    def _write(self, data: bytes) -> None:
        self._fh.write(data)
        self._offset += len(data)

    def _header(self, name: bytes, crc: int, csize: int, size: int, flags: int) -> None:
        self._members.append(((name, crc, csize, size, flags), self._offset))
        self._write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, self._time,
                                self._date, crc, csize, size, len(name), 0) + name)

    def add(self, name: str, data: bytes) -> None:
        self.add_packed(name, _deflate(data, self._level))

    def add_static(self, name: str, make: Callable[..., str], *args: Any) -> None:
        """A part that depends only on ``args``: compressed once per process."""
        key = (name, self._level, make, args)
        packed = self._static.get(key)
        if packed is None:
            packed = self._static[key] = _deflate(make(*args).encode(), self._level)
        self.add_packed(name, packed)

    def add_packed(self, name: str, packed: tuple[bytes, int, int]) -> None:
        """A part deflated already: (data, CRC of the original, its size)."""
        data, crc, size = packed
        self._header(name.encode(), crc, len(data), size, 0)
        self._write(data)

    def stream(self, name: str, parts: Iterable[str]) -> None:
        """A part produced piece by piece: compressed as it comes, sizes written after it."""
        self._header(name.encode(), 0, 0, 0, 0x08)
        # level 1: ~0.5 s less at 3,321 units; the report is 10 MB instead of 7 MB (level 6)
        c, crc, size, csize = zlib.compressobj(1, zlib.DEFLATED, -15), 0, 0, 0
        buffer: list[str] = []
        pending = 0

        def flush(data: bytes) -> None:
            nonlocal crc, size, csize
            crc, size = zlib.crc32(data, crc), size + len(data)
            out = c.compress(data)
            csize += len(out)
            self._write(out)

        for part in parts:
            buffer.append(part)
            pending += len(part)
            if pending > 1 << 20:
                flush("".join(buffer).encode())
                buffer, pending = [], 0
        flush("".join(buffer).encode())
        tail = c.flush()
        csize += len(tail)
        self._write(tail)
        if size >= 1 << 32 or csize >= 1 << 32:
            raise ValueError(f"{name}: over 4 GiB, too large for one sheet")
        self._write(struct.pack("<IIII", 0x08074B50, crc, csize, size))
        (member, offset) = self._members[-1]
        self._members[-1] = ((member[0], crc, csize, size, 0x08), offset)

    def _finish(self) -> None:
        start = self._offset
        for (name, crc, csize, size, flags), offset in self._members:
            self._write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8,
                                    self._time, self._date, crc, csize, size, len(name), 0, 0,
                                    0, 0, 0, offset) + name)
        count = len(self._members)
        self._write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count,
                                self._offset - start, start, 0))


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _workbook_xml(sheets: Sequence[Sheet]) -> str:
    entries, names = [], []
    for i, s in enumerate(sheets):
        entries.append(f'<sheet name="{attr(s.title)}" sheetId="{i + 1}" state="{s.state}" '
                       f'r:id="rId{i + 1}"/>')
        if s.auto_filter:
            ref = "$" + "$".join(_split(s.auto_filter.split(":")[0])) + ":$" + \
                  "$".join(_split(s.auto_filter.split(":")[1]))
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" '
                         f'hidden="1">{escape(_quoted(s.title))}!{ref}</definedName>')
        titles = []
        cols = s.title_cols() if s.fit_width and not s.page_layout()[1] else None
        if cols:  # over several pages wide: the codes and names on each
            a, b = cols.split(":")
            titles.append(f"{_quoted(s.title)}!${a}:${b}")
        if s.print_titles:
            first, last = s.print_titles.split(":")
            titles.append(f"{_quoted(s.title)}!${first}:${last}")
        if titles:
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                         f'{escape(",".join(titles))}</definedName>')
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><workbookPr/><bookViews>'
            '<workbookView activeTab="0"/></bookViews>'
            f'<sheets>{"".join(entries)}</sheets>{defined}'
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


def _column(letters: str) -> int:
    """``A`` → 1 (1-based, as the sheet's columns are)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _split(ref: str) -> tuple[str, str]:
    letters = ref.rstrip("0123456789")
    return letters, ref[len(letters):]


def _workbook_rels(n: int) -> str:
    rels = [f'<Relationship Id="rId{i}" Type="{NS_REL}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1)]
    rels.append(f'<Relationship Id="rId{n + 1}" Type="{NS_REL}/styles" Target="styles.xml"/>')
    rels.append(f'<Relationship Id="rId{n + 2}" Type="{NS_REL}/theme" '
                'Target="theme/theme1.xml"/>')
    return f'<Relationships xmlns="{NS_PKG_REL}">{"".join(rels)}</Relationships>'


def _root_rels(custom: bool) -> str:
    rels = [f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>',
            (f'<Relationship Id="rId2" Type="{NS_PKG_REL}/metadata/core-properties" '
             'Target="docProps/core.xml"/>'),
            (f'<Relationship Id="rId3" Type="{NS_REL}/extended-properties" '
             'Target="docProps/app.xml"/>')]
    if custom:
        rels.append(f'<Relationship Id="rId4" Type="{NS_REL}/custom-properties" '
                    'Target="docProps/custom.xml"/>')
    return f'<Relationships xmlns="{NS_PKG_REL}">{"".join(rels)}</Relationships>'


def _content_types(n: int, custom: bool) -> str:
    parts = [("/xl/workbook.xml", f"{CT}.spreadsheetml.sheet.main+xml"),
             ("/xl/styles.xml", f"{CT}.spreadsheetml.styles+xml"),
             ("/xl/theme/theme1.xml", f"{CT}.theme+xml"),
             ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
             ("/docProps/app.xml", f"{CT}.extended-properties+xml")]
    if custom:
        parts.append(("/docProps/custom.xml", f"{CT}.custom-properties+xml"))
    parts += [(f"/xl/worksheets/sheet{i}.xml", f"{CT}.spreadsheetml.worksheet+xml")
              for i in range(1, n + 1)]
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts)
    return ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'{overrides}</Types>')


_APP_XML = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>Microsoft Excel Compatible / dgsp'
            '</Application></Properties>')


def _core_xml(modified: dt.datetime | None) -> str:
    stamp = (modified or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>dgsp'
            f'</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            '</cp:coreProperties>')


def _custom_xml(custom: Mapping[str, str]) -> str:
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
        f'name="{attr(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(custom.items(), start=2))
    return ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/docPropsVTypes">{props}</Properties>')


@functools.cache
def _theme() -> str:
    from openpyxl.writer.theme import theme_xml

    return theme_xml


__all__ = ["Styles", "Sheet", "Prepared", "Validation", "Props", "write_workbook", "workbook_bytes",
           "cell_value", "number_text", "escape", "attr", "MAX_CELL_CHARS", "CUT_MARK",
           "cut_cell_text"]
