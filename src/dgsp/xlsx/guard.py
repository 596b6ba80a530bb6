"""Untrusted files, before any parser sees them: size, zip, XML and format checks.

Every returned workbook comes from outside. :class:`_Package` refuses, before
python-calamine or openpyxl parse anything, what is not a workbook we should
open: not a zip, an old or encrypted format, a zip bomb, XML with a DOCTYPE,
a sheet whose used area would make a dense grid explode. It also finds the
formula cells of a sheet, which calamine does not expose.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dgsp.xlsx.address import cell_ref, col_index

if TYPE_CHECKING:
    from datetime import datetime

# ----------------------------------------------------------------------------- reading


class UnreadableWorkbook(Exception):
    """The file is not a workbook we can (or should) open; ``str()`` says why (in English).

    Readers report :attr:`code` with :attr:`params` (the subclasses say more
    precisely what is wrong).
    """

    code = "DG201"

    @property
    def params(self) -> dict[str, Any]:
        return {"reason": str(self)}


class SuspiciousWorkbook(UnreadableWorkbook):
    """The preflight tripped: a file, member, total or sheet too large, or too highly compressed."""

    code = "DG222"


class LegacyWorkbook(UnreadableWorkbook):
    """An old or binary Excel format (``.xls``, ``.xlsb``): to be saved as .xlsx."""

    code = "DG240"

    def __init__(self, kind: str):
        super().__init__(f"{kind} format")
        self.kind = kind

    @property
    def params(self) -> dict[str, Any]:
        return {"format": self.kind}


class _Plain(UnreadableWorkbook):
    """A reason whose message needs no parameter."""

    @property
    def params(self) -> dict[str, Any]:
        return {}


class EncryptedWorkbook(_Plain):
    """A password-encrypted workbook: an OLE file holding an ``EncryptedPackage`` (Excel),
    or an .ods whose manifest declares encryption data (LibreOffice)."""

    code = "DG242"

    def __init__(self) -> None:
        super().__init__("the workbook is encrypted with a password")


class UnsafeXml(UnreadableWorkbook):
    """An XML part declares a DOCTYPE or entities (entity expansion, external entities)."""

    code = "DG244"

    def __init__(self, member: str):
        super().__init__(f"{member}: DOCTYPE or ENTITY declaration")
        self.member = member

    @property
    def params(self) -> dict[str, Any]:
        return {"member": self.member}


class EmptyFile(_Plain):
    code = "DG246"

    def __init__(self) -> None:
        super().__init__("the file is empty (0 bytes)")


class NotAFile(_Plain):
    code = "DG247"

    def __init__(self) -> None:
        super().__init__("a folder, not a file")


class NoPermission(_Plain):
    code = "DG248"

    def __init__(self) -> None:
        super().__init__("no permission to read the file")


# Limits, checked before anything parses the file. A 20-row template is ~7 KB on
# disk and ~30 KB unzipped; a real return, even with a picture, is far below these.
MAX_FILE_BYTES = 50 * 1024 * 1024  # on disk
MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one member, unzipped
MAX_TOTAL_BYTES = 250 * 1024 * 1024  # all members, unzipped
MAX_RATIO = 200  # unzipped / zipped, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_SHEET_CELLS = 2_000_000  # rows × columns of a sheet's used area: calamine's grid is dense
XML_HEAD = 256  # bytes of each XML part read to find its prolog
XML_PROLOG_LIMIT = 64 * 1024  # a prolog (before the root element) longer than this is refused

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def read_input(path: Path) -> bytes:
    """The bytes of a file to read, after checking it is a readable, non-empty, sane-sized file.

    Raises :class:`NotAFile`, :class:`EmptyFile`, :class:`NoPermission`,
    :class:`SuspiciousWorkbook` (too large) or :class:`UnreadableWorkbook`.
    The file is opened without blocking, so a FIFO named ``x.xlsx`` cannot hang a run.
    """
    import stat

    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError as exc:
        raise NotAFile() from exc
    except PermissionError as exc:  # Windows says so for a folder too
        raise (NotAFile() if path.is_dir() else NoPermission()) from exc
    except OSError as exc:
        raise UnreadableWorkbook(exc.strerror or str(exc)) from exc
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise NotAFile()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
            raise UnreadableWorkbook("not a regular file")
        if st.st_size == 0:
            raise EmptyFile()
        if st.st_size > MAX_FILE_BYTES:
            raise SuspiciousWorkbook(f"{st.st_size:,} bytes on disk")
        chunks, left = [], min(st.st_size + 1, MAX_FILE_BYTES + 1)
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except PermissionError as exc:
        raise NoPermission() from exc
    except OSError as exc:
        raise UnreadableWorkbook(exc.strerror or str(exc)) from exc
    finally:
        os.close(fd)
    if not data:
        raise EmptyFile()
    if len(data) > MAX_FILE_BYTES:
        raise SuspiciousWorkbook(f"over {MAX_FILE_BYTES:,} bytes on disk")
    return data


@dataclass(frozen=True)
class Formula:
    """A formula found in a sheet's XML: its text (``=SUM(A1:A3)``) and whether a value was saved."""

    text: str
    cached: bool


class _Package:
    """One workbook file held in memory: sniffed, preflighted, and its parts readable on demand.

    Opening it checks, without parsing any XML:

    - an OLE file: encrypted (:class:`EncryptedWorkbook`) or ``.xls`` (:class:`LegacyWorkbook`);
    - the zip: member count, each member's and the total unzipped size, and the
      compression ratio of large members (:class:`SuspiciousWorkbook`);
    - ``.xlsb`` (:class:`LegacyWorkbook`); ``.ods`` (read, after an extent check);
    - every XML part's prolog, for ``<!DOCTYPE`` / ``<!ENTITY`` (:class:`UnsafeXml`).

    Sheets are checked for their extent before calamine builds a grid for them
    (a cell at XFD1048576 would make calamine allocate 17 billion cells and abort).
    """

    def __init__(self, data: bytes):
        import io

        self.data = data
        self.kind = "xlsx"
        self.macros = ""
        self.external_links: tuple[str, ...] = ()
        self._parts: dict[str, str] | None = None
        self._xml: dict[str, bytes] = {}
        if data[:8] == _OLE_MAGIC:
            if _ENCRYPTED_PACKAGE in data:
                raise EncryptedWorkbook()
            raise LegacyWorkbook("Excel 97-2003 (.xls)")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise UnreadableWorkbook(str(exc) or type(exc).__name__) from exc
        self._check_sizes(infos)
        self.members = {i.filename: i for i in infos}
        if "xl/workbook.bin" in self.members:
            raise LegacyWorkbook("Excel Binary (.xlsb)")
        if "mimetype" in self.members:
            if self._read(self.members["mimetype"], 100).strip() == _ODS_MIMETYPE:
                self.kind = "ods"
                manifest = self.members.get("META-INF/manifest.xml")
                if manifest is not None and b"encryption-data" in self._read(manifest):
                    raise EncryptedWorkbook()  # an .ods saved with a password
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES):
                self._check_prolog(info)
        if self.kind == "ods":
            self._check_ods_extent()
        else:
            self.macros = next((n for n in self.members if n.lower().endswith("vbaproject.bin")), "")
            self.external_links = tuple(sorted(
                n for n in self.members
                if n.startswith("xl/externalLinks/") and n.endswith(".xml")))

    # -- preflight

    @staticmethod
    def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > MAX_MEMBERS:
            raise SuspiciousWorkbook(f"{len(infos):,} parts")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise UnreadableWorkbook(f"{info.filename}: encrypted zip member")
            if info.file_size > MAX_MEMBER_BYTES:
                raise SuspiciousWorkbook(f"{info.filename}: {info.file_size:,} bytes")
            if info.file_size > RATIO_FLOOR and \
                    info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise SuspiciousWorkbook(
                    f"{info.filename}: compressed {info.file_size // max(info.compress_size, 1)}×")
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise SuspiciousWorkbook(f"{total:,} bytes in all once unzipped")

    def _check_prolog(self, info: zipfile.ZipInfo) -> None:
        """Refuse a DOCTYPE or ENTITY before the root element (the only place XML allows them).

        Fast path: the part starts with an XML declaration (or nothing) and then
        its root element. Otherwise comments and processing instructions are
        skipped to find the root, reading further (up to XML_PROLOG_LIMIT) if needed.
        """
        size = XML_HEAD
        while True:
            head = self._read(info, size)
            if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\0" in head[:4]:  # UTF-16
                head = _utf16(head).encode("utf-8", "replace")
            if _PLAIN_PROLOG.match(head):
                return
            upper = head.upper()
            if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
                raise UnsafeXml(info.filename)
            rest = _SKIPPED.sub(b"", head)
            if b"<!--" not in rest and b"<?" not in rest and _ROOT_TAG.search(rest):
                return
            if len(head) < size:
                return  # the whole part is read: no root, nothing unsafe (a parser refuses it)
            if size >= XML_PROLOG_LIMIT:
                raise SuspiciousWorkbook(f"{info.filename}: no element in the first {size:,} bytes")
            size = min(size * 8, XML_PROLOG_LIMIT)

    # -- parts

    def _read(self, info: zipfile.ZipInfo, limit: int | None = None) -> bytes:
        """A member's bytes (the first ``limit`` when given), never more than it declares."""
        want = info.file_size if limit is None else min(limit, info.file_size)
        if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            try:
                offset = info.header_offset
                if self.data[offset:offset + 4] != b"PK\x03\x04":
                    raise UnreadableWorkbook(f"{info.filename}: bad local header")
                name_len, extra_len = struct.unpack_from("<HH", self.data, offset + 26)
                start = offset + 30 + name_len + extra_len
                raw = memoryview(self.data)[start:start + info.compress_size]
                if info.compress_type == zipfile.ZIP_STORED:
                    out = bytes(raw[:want])
                else:
                    out = zlib.decompressobj(-15).decompress(raw, want)
            except (zlib.error, struct.error) as exc:
                raise UnreadableWorkbook(f"{info.filename}: {exc}") from exc
        else:  # other methods are rare in workbooks: let zipfile do it
            try:
                with self.zip.open(info) as fh:
                    out = fh.read(want)
            except Exception as exc:  # zipfile raises several types for a broken member
                raise UnreadableWorkbook(f"{info.filename}: {exc}") from exc
        if limit is None and len(out) != info.file_size:
            raise UnreadableWorkbook(f"{info.filename}: truncated")
        return out

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name → zip member of its XML, from ``xl/workbook.xml`` and its relationships."""
        if self._parts is None:
            self._parts = {}
            wb_info = self.members.get("xl/workbook.xml")
            rels_info = self.members.get("xl/_rels/workbook.xml.rels")
            if wb_info is not None and rels_info is not None:
                targets = {}
                for raw in _RELATIONSHIP.findall(self._read(rels_info)):
                    attrs = _attrs(raw)
                    if attrs.get("TargetMode", "").lower() != "external":
                        targets[attrs.get("Id", "")] = _resolve("xl/", attrs.get("Target", ""))
                for raw in _SHEET.findall(self._read(wb_info)):
                    attrs = _attrs(raw)
                    rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
                    if "name" in attrs and targets.get(rid) in self.members:
                        self._parts[attrs["name"]] = targets[rid]
        return self._parts

    def sheet_xml(self, name: str) -> bytes | None:
        part = self._sheet_parts().get(name)
        if part is None:
            return None
        if part not in self._xml:
            self._xml[part] = self._read(self.members[part])
        return self._xml[part]

    def guard_sheet(self, name: str) -> None:
        """Refuse a sheet whose used area is too large for a dense grid."""
        if self.kind != "xlsx":
            return  # .ods extents were checked when the file was opened
        xml = self.sheet_xml(name)
        if xml is not None:
            _check_extent(name, xml)
            return
        for member, info in self.members.items():  # unmapped: check every worksheet part
            if member.startswith(("xl/worksheets/", "xl/chartsheets/")) and member.endswith(".xml"):
                _check_extent(member, self._read(info))

    def formulas(self, name: str) -> dict[str, Formula]:
        xml = self.sheet_xml(name) if self.kind == "xlsx" else None
        return _formulas(xml) if xml else {}

    def _check_ods_extent(self) -> None:
        info = self.members.get("content.xml")
        if info is not None:
            for sheet, rows, cols in _ods_extents(self._read(info)):
                if rows * cols > MAX_SHEET_CELLS:
                    raise SuspiciousWorkbook(f"{sheet}: {rows:,} rows × {cols:,} columns")


_ROOT_TAG = re.compile(rb"<[A-Za-z_]")  # the first element's start tag ends the prolog
_PLAIN_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml\s[^<>]*\?>\s*)?<[A-Za-z_]")
_SKIPPED = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.S)
_ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _utf16(head: bytes) -> str:
    le = head[:2] == b"\xff\xfe" or (len(head) > 1 and head[1:2] == b"\0")
    return head.decode("utf-16-le" if le else "utf-16-be", "ignore")


_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\s([^>]*)>")


def _resolve(base: str, target: str) -> str:
    import posixpath

    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))




# The markup of a part as quick-xml (calamine's parser) reads it: comments, CDATA and
# processing instructions are skipped whole; a start tag runs to its first '>' outside
# quotes (a quoted value may hold '>' or '<'). An unclosed quote, comment or tag runs to
# the end of the part, so every byte is scanned once, whatever the part holds.
_MARKUP = re.compile(rb"""
    <!--.*?(?:-->|\Z)
  | <!\[CDATA\[.*?(?:\]\]>|\Z)
  | <\?.*?(?:\?>|\Z)
  | <([^\s/>"'<!?]+)((?:[^>"']+|"[^"]*(?:"|\Z)|'[^']*(?:'|\Z))*)
""", re.S | re.X)
# An r attribute: after a space, or straight after the previous value's closing quote.
_R_ATTR = re.compile(rb"""r(?<=[\s"']r)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_NESTED_TAG = re.compile(rb"""<(?:[^\s/>"'<!?]*:)?(?:row|c)(?=[\s/>])""")
_A1 = re.compile(rb"([A-Za-z]+)(\d+)")


def sheet_extent(xml: bytes) -> tuple[int, int]:
    """An upper bound on (rows, columns) of the grid calamine builds for a worksheet part.

    Rows and cells without an ``r`` address each count as one more row or column
    after the furthest addressed one (calamine numbers them on from the last).
    Every ``r`` of a tag counts (calamine takes the last of two), including one
    written straight after the previous value's quote, and a ``>`` inside a quoted
    value does not end the tag. Takes time linear in the part's size, however it
    is broken. Raises :class:`SuspiciousWorkbook` for an address that is not plain ``A1``.
    """
    plain = _plain_extent(xml)
    if plain is not None:
        return plain
    max_row = max_col = loose_rows = loose_cells = 0
    for m in _MARKUP.finditer(xml):
        name = m.group(1)
        if name is None:
            continue  # a comment, CDATA or processing instruction
        is_row = name.rpartition(b":")[2] == b"row"
        if not is_row and name.rpartition(b":")[2] != b"c":
            continue
        attrs = m.group(2)
        addresses = _R_ATTR.findall(attrs)
        if not addresses:
            if is_row:
                loose_rows += 1
            else:
                loose_cells += 1
        if b"<" in attrs:  # a tag left open: count the row and cell tags it swallowed as loose
            nested = len(_NESTED_TAG.findall(attrs))
            loose_rows += nested
            loose_cells += nested
        for a, b in addresses:  # every one: calamine takes the last of two
            value = a or b
            a1 = None if is_row else _A1.fullmatch(value)
            if is_row and value.isdigit():
                max_row = max(max_row, int(value))
            elif a1:
                max_row = max(max_row, int(a1.group(2)))
                max_col = max(max_col, col_index(a1.group(1).decode()) + 1)
            else:
                raise SuspiciousWorkbook(f"cell address {value[:20]!r}")
    return max_row + loose_rows, max_col + loose_cells


_PLAIN_ROW = re.compile(rb'<row r="(\d+)"')
_PLAIN_CELL_ROW = re.compile(rb'<c r="[A-Za-z]+(\d+)"')
_PLAIN_CELL_COL = re.compile(rb'<c r="([A-Za-z]+)')
_ROW_NOT_PLAIN = re.compile(rb'<row(?=[\s/>])(?! r=")')
_CELL_NOT_PLAIN = re.compile(rb'<c(?=[\s/>])(?! r=")')
# An r attribute not written " r=": after other whitespace or a quote, or spaced from its '='.
_OTHER_R = re.compile(rb"r(?:(?<=[\t\n\r\x0b\x0c\"']r)\s*=|(?<= r)\s+=)")
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")


def _plain_extent(xml: bytes) -> tuple[int, int] | None:
    """:func:`sheet_extent` of a part in the form Excel and openpyxl write, in C-level scans;
    None when the part is not in that form (then every tag is looked at, one by one).

    The form: every row tag starts ``<row r="<digits>"``, every cell tag
    ``<c r="<letters><digits>"``, no tag is prefixed, and no other ``r``
    attribute is written anywhere in the part (so none is loose, a second one,
    spaced, single-quoted or glued to the previous value; a ``>`` inside a value
    hides none). The extent is then the largest row and column addressed, as
    the full scan finds (or more, when a comment or CDATA section holds a tag).
    """
    n_rows, n_cells = xml.count(b'<row r="'), xml.count(b'<c r="')
    if xml.count(b" r=") != n_rows + n_cells:
        return None  # an r attribute besides the first of each tag
    if _OTHER_R.search(xml):
        return None  # an r after other whitespace, spaced from its '=', or glued to a quote
    if _PREFIXED.search(xml) or _ROW_NOT_PLAIN.search(xml) or _CELL_NOT_PLAIN.search(xml):
        return None  # a prefixed tag, or a tag whose first attribute is not its r
    rows = _PLAIN_ROW.findall(xml)
    cell_rows = _PLAIN_CELL_ROW.findall(xml)
    if len(rows) != n_rows or len(cell_rows) != n_cells:
        return None  # an address that is not plain digits, or plain A1
    max_row = max(map(int, {*rows, *cell_rows}), default=0)
    max_col = max((col_index(c.decode()) + 1 for c in set(_PLAIN_CELL_COL.findall(xml))),
                  default=0)
    return max_row, max_col


# An address beyond Z999 (two letters, or four digits), in an r attribute as _R_ATTR finds them.
_BIG_ADDRESS = re.compile(rb"r(?<=[\s\"']r)\s*=\s*[\"'](?:[A-Za-z]{2}|[A-Za-z]?\d{4})")


def _check_extent(name: str, xml: bytes) -> None:
    """Refuse a worksheet part whose grid would exceed :data:`MAX_SHEET_CELLS`.

    Fast path, two or three plain searches: when no address lies beyond Z999,
    the grid is at most (999 + rows without an address) × (26 + cells without
    one), and every tag (or every ``<row`` and ``<c`` tag) is counted as possibly
    without one. (calamine takes the last of two ``r`` attributes and refuses
    character references in them: every ``r=`` is looked at.) Anything else is
    measured exactly, by :func:`sheet_extent`.
    """
    if not _BIG_ADDRESS.search(xml):
        tags = xml.count(b"<")  # a bound for either, in one pass
        if (999 + tags) * (26 + tags) <= MAX_SHEET_CELLS:
            return
        if not _PREFIXED.search(xml):  # unprefixed tags: count rows and cells apart
            if (999 + xml.count(b"<row")) * (26 + xml.count(b"<c")) <= MAX_SHEET_CELLS:
                return
    rows, cols = sheet_extent(xml)
    if rows * cols > MAX_SHEET_CELLS:
        raise SuspiciousWorkbook(f"{name}: {rows:,} rows × {cols:,} columns")


_MAYBE_F = re.compile(rb"f[\s/>]")  # a cheap first look
_F_TAG = re.compile(rb"<(?:[\w.-]+:)?f[\s/>]")
_ROW_OR_CELL = re.compile(
    rb"<(?:[\w.-]+:)?row\b([^>]*)>"
    rb"|<((?:[\w.-]+:)?)c\b([^>]*?)(?:/>|>(.*?)</\2c>)", re.S)
_F_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", re.S)
_V_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?v\b[^>]*>(.+?)</(?:[\w.-]+:)?v>", re.S)
_ADDRESS = re.compile(r"([A-Za-z]{1,4})(\d+)")


def _formulas(xml: bytes) -> dict[str, Formula]:
    """Every formula cell of a worksheet part: address → formula text and whether a value is cached.

    calamine gives only a formula's cached value ('' when none was saved), so
    formulas are found in the XML. Cheap when there are none: one search.
    """
    import html

    if not _MAYBE_F.search(xml) or not _F_TAG.search(xml):
        return {}
    found: dict[str, Formula] = {}
    shared: dict[str, str] = {}
    row, col = 0, -1
    for m in _ROW_OR_CELL.finditer(xml):
        if m.group(1) is not None:  # <row …>
            attrs = _attrs(m.group(1))
            row = int(attrs["r"]) if attrs.get("r", "").isdigit() else row + 1
            col = -1
            continue
        attrs = _attrs(m.group(3))
        ref = _ADDRESS.fullmatch(attrs.get("r", ""))
        if ref:
            row, col = int(ref.group(2)), col_index(ref.group(1))
        else:
            col += 1
        body = m.group(4) or b""
        f = _F_ELEMENT.search(body)
        if f is None:
            continue
        f_attrs = _attrs(f.group(1))
        text = html.unescape((f.group(2) or b"").decode("utf-8", "replace")).strip()
        si = f_attrs.get("si")
        if si is not None and text:
            shared.setdefault(si, text)
        text = text or shared.get(si or "", "")
        v = _V_ELEMENT.search(body)
        found[cell_ref(row - 1, col)] = Formula(text=f"={text}" if text else "=",
                                                cached=v is not None and bool(v.group(1).strip()))
    return found


def _attrs(raw: bytes) -> dict[str, str]:
    out = {}
    for k, a, b in _ATTR.findall(raw):
        v = (a if a is not None else b).decode("utf-8", "replace")
        if "&" in v:
            import html

            v = html.unescape(v)
        out[k.decode("utf-8", "replace")] = v
    return out


def _ods_extents(xml: bytes) -> list[tuple[str, int, int]]:
    """(sheet, rows, columns) of the used area of each table in an ODS ``content.xml``.

    Repeated rows and cells (``number-rows-repeated``) count as many times as they
    repeat, as calamine expands them; empty ones at the end do not count.
    """
    import io

    from defusedxml.ElementTree import iterparse

    t = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    out: list[tuple[str, int, int]] = []
    name, row, rows, cols = "", 0, 0, 0
    row_repeat, col, last_col, cell_repeat, cell_valued = 1, 0, 0, 1, False
    depth_in_cell = 0
    try:
        for event, el in iterparse(io.BytesIO(xml), events=("start", "end")):
            tag = el.tag
            if event == "start":
                if depth_in_cell:
                    depth_in_cell += 1
                    cell_valued = True  # a cell with content (text:p …)
                elif tag == t + "table":
                    name, row, rows, cols = el.get(t + "name", ""), 0, 0, 0
                elif tag == t + "table-row":
                    row_repeat = _repeat(el.get(t + "number-rows-repeated"))
                    col, last_col = 0, 0
                elif tag in (t + "table-cell", t + "covered-table-cell"):
                    cell_repeat = _repeat(el.get(t + "number-columns-repeated"))
                    cell_valued = el.get(office + "value-type") is not None
                    depth_in_cell = 1
                continue
            if depth_in_cell > 1:
                depth_in_cell -= 1
            elif depth_in_cell == 1:
                depth_in_cell = 0
                col += cell_repeat
                if cell_valued:
                    last_col = col
            elif tag == t + "table-row":
                row += row_repeat
                if last_col:
                    rows, cols = row, max(cols, last_col)
            elif tag == t + "table":
                out.append((name, rows, cols))
            el.clear()
    except Exception as exc:  # defusedxml refuses DTDs; ParseError for broken XML
        raise UnreadableWorkbook(f"content.xml: {exc}") from exc
    return out


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


def preflight(path: Path) -> None:
    """Refuse a file that is not a workbook we should open (every check of :func:`open_book`)."""
    _Package(read_input(path))



def modified_time(path: Path) -> datetime | None:
    """When a workbook was last saved, from ``docProps/core.xml`` (``dcterms:modified``).

    None when the file has no such stamp (or cannot be read as a zip).
    """
    from datetime import datetime

    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("docProps/core.xml")
            if info.file_size > 1024 * 1024:
                return None
            xml = zf.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return None
    m = re.search(rb"<(?:[\w.-]+:)?modified\b[^>]*>\s*([^<]+?)\s*<", xml)
    if not m:
        return None
    text = m.group(1).decode("ascii", "replace").replace("Z", "+00:00")
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        from datetime import timezone

        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp


