"""Reading workbooks: a :class:`Book` of sheet grids (python-calamine), and header matching."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dgsp.text import clean, fold
from dgsp.xlsx.guard import CellFacts, UnreadableWorkbook, _Package, read_input


if TYPE_CHECKING:
    from datetime import datetime


@dataclass
class Book:
    """A workbook to read: its sheet names and, on demand, each sheet's grid of values.

    Grids come from python-calamine (:func:`open_book`), or from rows held in
    memory (:meth:`from_grids`, for data that are not a file, such as the
    bundled example's CSV tables), so one parser serves both.

    ``kind`` is ``"xlsx"`` (also .xlsm), ``"ods"`` or ``"grids"``; ``macros``
    names the macro part of a macro-enabled file (never run); ``external_links``
    lists the parts linking to other workbooks (never followed); ``hidden`` the
    sheets that are hidden or very hidden; ``modified`` when the file was last saved
    (``dcterms:modified``, None when it does not say); ``output`` what dgsp output the
    file is (``"report"``, ``"sheet"``, ``"compare"``; its ``dgsp_output`` property), if any.
    """

    path: Path
    names: list[str]
    _load: Callable[[str], list[list[Any]]]
    kind: str = "grids"
    macros: str = ""
    external_links: tuple[str, ...] = ()
    hidden: frozenset[str] = frozenset()
    modified: datetime | None = None
    output: str = ""
    _facts: Callable[[str], dict[str, CellFacts]] | None = None

    @classmethod
    def from_grids(cls, grids: Mapping[str, Sequence[Sequence[Any]]], path: Path) -> Book:
        return cls(path=path, names=list(grids), _load=lambda name: [list(r) for r in grids[name]])

    def grid(self, name: str) -> list[list[Any]]:
        """All cells of a sheet from A1 ('' for empty), so addresses are true.

        Raises :class:`UnreadableWorkbook` when the sheet cannot be parsed, and
        :class:`SuspiciousWorkbook` when its used area is absurdly large.
        """
        return self._load(name)

    def cell_facts(self, name: str) -> dict[str, CellFacts]:
        """What calamine does not say about a sheet's cells: formulas, error values and
        percentage formats (A1 address → :class:`CellFacts`); empty for .ods and grids."""
        return self._facts(name) if self._facts else {}

    def find(self, *aliases: str) -> str | None:
        """The first sheet whose name folds to one of ``aliases``."""
        found = self.find_all(*aliases)
        return found[0] if found else None

    def find_all(self, *aliases: str) -> list[str]:
        """Every sheet whose name folds to one of ``aliases``, in workbook order."""
        wanted = {fold(a) for a in aliases}
        return [n for n in self.names if fold(n) in wanted]


def open_book(path: Path, data: bytes | None = None) -> Book:
    """Open a workbook for reading with python-calamine, after the preflight (see :class:`_Package`).

    ``data`` is the file's content when the caller has already read it (with
    :func:`read_input`), so the file is read once. Raises
    :class:`UnreadableWorkbook` (or a subclass naming the reason).
    """
    import io

    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    path = Path(path)
    package = _Package(read_input(path) if data is None else data)
    try:
        reader = CalamineWorkbook.from_filelike(io.BytesIO(package.data))
        names = list(reader.sheet_names)
        hidden = frozenset(m.name for m in reader.sheets_metadata
                           if m.visible != SheetVisibleEnum.Visible)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise UnreadableWorkbook(str(exc) or type(exc).__name__) from exc

    def load(name: str) -> list[list[Any]]:
        package.guard_sheet(name)
        try:
            return reader.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own error types for a broken sheet
            raise UnreadableWorkbook(f"{name}: {exc or type(exc).__name__}") from exc

    return Book(path=path, names=names, _load=load, kind=package.kind, macros=package.macros,
                external_links=package.external_links, hidden=hidden,
                modified=package.modified(),
                output=_custom_property(package, "dgsp_output"),
                _facts=lambda n: _facts(package, n))



_CUSTOM_LIMIT = 64 * 1024  # docProps/custom.xml: a few hundred bytes in a dgsp output


def _custom_property(package: _Package, name: str) -> str:
    """A custom document property's text (``docProps/custom.xml``), or ``""``."""
    import html
    import re

    info = package.members.get("docProps/custom.xml")
    if info is None or info.file_size > _CUSTOM_LIMIT:
        return ""
    xml = package._read(info)
    at = xml.find(b'name="' + name.encode() + b'"')
    if at < 0:
        return ""
    m = re.compile(rb"[^>]*>\s*<[\w:]*lpwstr>([^<]*)<").match(xml, at, at + 4096)
    return html.unescape(m.group(1).decode("utf-8", "replace")) if m else ""


def _facts(package: _Package, name: str) -> dict[str, CellFacts]:
    """Formulas, error values and percentage formats of a sheet's cells: the guard's linear
    scan for .xlsx, the percentage cells of an .ods table."""
    if package.kind == "ods":
        return _ods_percent_cells(package, name)
    return package.cell_facts(name)


def _ods_percent_cells(package: _Package, name: str) -> dict[str, CellFacts]:
    """The cells of an .ods table whose value type is ``percentage`` (shown as 92%)."""
    import io

    from defusedxml.ElementTree import iterparse

    from dgsp.xlsx.address import cell_ref

    info = package.members.get("content.xml")
    if info is None:
        return {}
    t = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    out: dict[str, CellFacts] = {}
    inside, row, col = False, 0, 0
    try:
        for event, el in iterparse(io.BytesIO(package._read(info)), events=("start", "end")):
            if el.tag == t + "table":
                inside = event == "start" and el.get(t + "name") == name
                row = 0
            elif inside and el.tag == t + "table-row":
                if event == "start":
                    col = 0
                else:
                    row += int(el.get(t + "number-rows-repeated") or 1)
            elif inside and event == "start" and el.tag in (t + "table-cell",
                                                          t + "covered-table-cell"):
                repeat = int(el.get(t + "number-columns-repeated") or 1)
                if el.get(office + "value-type") == "percentage" and repeat <= 1000:
                    for c in range(col, col + repeat):
                        out[cell_ref(row, c)] = CellFacts(percent=True)
                col += repeat
            if event == "end":
                el.clear()
    except Exception:  # the guard has parsed this part already; a broken one reads as none
        return {}
    return out


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
    owners = _owners(tuple((key, tuple(names)) for key, names in fields.items()))
    required = frozenset(required)
    for r, row in enumerate(grid[:scan_rows]):
        found: dict[str, int] = {}
        extra: dict[int, str] = {}
        for c, value in enumerate(row):
            if value == "" or value is None:
                continue
            key_text = fold(value)
            if not key_text:
                continue
            for key in owners.get(key_text, ()):
                if key not in found:
                    found[key] = c
                    break
            else:
                extra[c] = clean(value)
        if found.keys() >= required:
            return Header(row=r, columns=found, extra=extra)
    return None


@functools.lru_cache(maxsize=64)
def _owners(fields: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, tuple[str, ...]]:
    """Folded spelling → the keys accepting it, in ``fields`` order (built once per field set)."""
    owners: dict[str, list[str]] = {}
    for key, names in fields:
        for folded in dict.fromkeys(fold(a) for a in names):
            owners.setdefault(folded, []).append(key)
    return {folded: tuple(keys) for folded, keys in owners.items()}


def cell(grid: Sequence[Sequence[Any]], row: int, col: int) -> Any:
    if row < len(grid) and col < len(grid[row]):
        return grid[row][col]
    return ""


