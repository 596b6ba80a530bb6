"""Untrusted files, before any parser sees them: size, zip, XML and format checks.

Every returned workbook comes from outside. :class:`_Package` refuses, before
python-calamine or openpyxl parse anything, what is not a workbook we should
open: not a zip, an old or encrypted format, a zip bomb, XML with a DOCTYPE,
a sheet whose used area would make a dense grid explode. It also finds the
formulas, error values and percentage formats of a sheet's cells, which calamine
does not expose (:meth:`_Package.cell_facts`). Every scan of a part is linear in
its size, however broken the part is.
"""

from __future__ import annotations

import functools
import os
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dgsp.labels import Term, os_reason
from dgsp.xlsx.address import cell_ref, col_index
from dgsp.xlsx.zipdir import BadZip, Member, central_directory

if TYPE_CHECKING:
    from datetime import datetime

# ----------------------------------------------------------------------------- reading


class UnreadableWorkbook(Exception):
    """The file is not a workbook we can (or should) open; ``str()`` says why (in English),
    and :attr:`reason` for a message (a :class:`~dgsp.labels.Term` where the words are dgsp's,
    shown in the reader's language).

    Readers report :attr:`code` with :attr:`params` (the subclasses say more
    precisely what is wrong).
    """

    code = "DG201"

    def __init__(self, reason: str = "") -> None:
        from dgsp.labels import Term

        self.reason = reason
        super().__init__(reason.render("en") if isinstance(reason, Term) else reason)

    @property
    def params(self) -> dict[str, Any]:
        return {"reason": self.reason}


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
        super().__init__(Term("os.encrypted"))


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
        super().__init__(Term("os.empty"))


class NotAFile(_Plain):
    code = "DG247"

    def __init__(self) -> None:
        super().__init__(Term("os.is_dir"))


class NoPermission(_Plain):
    code = "DG248"

    def __init__(self) -> None:
        super().__init__(Term("os.denied"))


# Limits, checked before anything parses the file. A 20-row template is ~7 KB on
# disk and ~30 KB unzipped; a real return, even with a picture, is far below these.
MAX_FILE_BYTES = 50 * 1024 * 1024  # on disk
MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one member, unzipped
MAX_TOTAL_BYTES = 250 * 1024 * 1024  # all members, unzipped
MAX_RATIO = 200  # unzipped / zipped, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_SHEET_CELLS = 2_000_000  # rows × columns of a sheet's used area: calamine's grid is dense
MAX_STYLES = 200_000  # cell formats and number formats in styles.xml (Excel allows 64,000)
CHUNK = 1024 * 1024  # bytes of a member unzipped at a time by the DOCTYPE scan
MAX_CORE_BYTES = 1024 * 1024  # docProps/core.xml (the time a file was saved) larger: not read
# What an annotated copy (dgsp check --feedback) may load. openpyxl loads every sheet, each
# cell a Python object: about 25 µs and 400-700 bytes a cell to load and save again (the same
# for a row with a height, a merged cell, a shared string). A template has a few hundred;
# 100,000 keeps a copy within about 3 s and 100 MB. See _Package.guard_copy.
MAX_COPY_CELLS = 100_000
# No longer used: a DOCTYPE is now refused anywhere, not only in the prolog (kept for callers).
XML_HEAD = 256
XML_PROLOG_LIMIT = 64 * 1024

_STORED, _DEFLATED = 0, 8  # zip's methods: stored, deflated
_KNOWN_METHODS = (_STORED, _DEFLATED)
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
        raise UnreadableWorkbook(os_reason(exc)) from exc
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise NotAFile()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
            raise UnreadableWorkbook(Term("os.not_regular"))
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
        raise UnreadableWorkbook(os_reason(exc)) from exc
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


@dataclass(frozen=True)
class CellFacts:
    """What a sheet's XML says about a cell that calamine does not: a formula (its text,
    shared formulas resolved to their master's text, and whether a value was cached), an
    error value (a cell of type ``e``: ``#DIV/0!``, ``#N/A``; calamine gives ``''``), and
    whether its number format displays a percentage."""

    formula: Formula | None = None
    error: str = ""
    percent: bool = False


class _Package:
    """One workbook file held in memory: sniffed, preflighted, and its parts readable on demand.

    Opening it checks, without parsing any XML:

    - an OLE file: encrypted (:class:`EncryptedWorkbook`) or ``.xls`` (:class:`LegacyWorkbook`);
    - the zip: member count, each member's and the total unzipped size, and the
      compression ratio of large members (:class:`SuspiciousWorkbook`);
    - ``.xlsb`` (:class:`LegacyWorkbook`); ``.ods`` (read, after an extent check);
    - every member a parser may read, for ``<!DOCTYPE`` / ``<!ENTITY`` anywhere in it, in
      any case, in UTF-8 or UTF-16 (:class:`UnsafeXml`; see :meth:`_scan_members`).

    Sheets are checked for their extent before calamine builds a grid for them
    (a cell at XFD1048576 would make calamine allocate 17 billion cells and abort).
    """

    def __init__(self, data: bytes):
        self.data = data
        self.kind = "xlsx"
        self.macros = ""
        self.external_links: tuple[str, ...] = ()
        self._parts: dict[str, str] | None = None
        self._rels: dict[str, tuple[str, str]] | None = None
        self._xml: dict[str, bytes] = {}
        self._percent: frozenset[int] | None = None
        self._facts: dict[str, dict[str, CellFacts]] = {}
        if data[:8] == _OLE_MAGIC:
            if _ENCRYPTED_PACKAGE in data:
                raise EncryptedWorkbook()
            raise LegacyWorkbook("Excel 97-2003 (.xls)")
        try:
            infos = central_directory(data)
        except BadZip as exc:
            raise UnreadableWorkbook(str(exc)) from exc
        self._check_sizes(infos)
        self.infos = infos  # every entry, a repeated name too
        self.members = {i.filename: i for i in infos}
        if "xl/workbook.bin" in self.members:
            raise LegacyWorkbook("Excel Binary (.xlsb)")
        if "mimetype" in self.members:
            if self._read(self.members["mimetype"], 100).strip() == _ODS_MIMETYPE:
                self.kind = "ods"
                manifest = self.members.get("META-INF/manifest.xml")
                if manifest is not None and b"encryption-data" in self._read(manifest):
                    raise EncryptedWorkbook()  # an .ods saved with a password
        self._scan_members(infos)
        if self.kind == "ods":
            self._check_ods_extent()
        else:
            self.macros = next((n for n in self.members if n.lower().endswith("vbaproject.bin")), "")
            self.external_links = tuple(sorted(
                n for n in self.members
                if n.startswith("xl/externalLinks/") and n.endswith(".xml")))

    # -- preflight

    @staticmethod
    def _check_sizes(infos: list[Member]) -> None:
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

    def _scan_members(self, infos: list[Member]) -> None:
        """Refuse a ``<!DOCTYPE`` or ``<!ENTITY`` anywhere in any member a parser may read.

        XML allows them only before the root element, but parsers differ in what they
        accept, and the workbook's relationships can make any member a sheet: every
        member is scanned, whatever its name, except one that is clearly binary (it starts
        with the magic bytes of a picture, an OLE or zip file…, which no XML parser takes
        for XML) and that calamine does not read as XML (a sheet, a part the workbook's
        relationships name, a name ending .xml, .rels or .vml is always scanned). The scan
        is streamed: each member is unzipped :data:`CHUNK` bytes at a time, with a small
        overlap across chunks, so memory stays bounded; it reads exactly the bytes a parser
        would (a member that unzips to more, or less, than it declares is refused). Sheet
        parts up to :data:`CHUNK` are kept for :meth:`sheet_xml`. A small member whose zipped
        bytes equal those of one found clean before is not unzipped again (:data:`_KNOWN_CLEAN`).
        """
        sheets = set(self._sheet_parts().values())
        parsed = sheets | {member for _, member in self._workbook_rels().values()}
        for info in infos:
            name = info.filename
            if not self._may_be_xml(info, parsed):
                continue
            known = None
            if info.compress_size <= _KNOWN_SIZE and info.compress_type in _KNOWN_METHODS:
                known = (info.compress_type, info.file_size, self._raw(info))
                if known in _KNOWN_CLEAN:
                    continue  # the same bytes as a member found clean before
            if info.file_size <= CHUNK:  # one piece (most members): unzipped in one call
                whole = self._read(info)
                if _declares(whole):
                    raise UnsafeXml(name)
                if name in sheets and self.members[name] is info:
                    self._xml[name] = whole
                if known is not None:
                    if len(_KNOWN_CLEAN) >= _KNOWN_LIMIT:
                        _KNOWN_CLEAN.clear()
                    _KNOWN_CLEAN[(known[0], known[1], bytes(known[2]))] = None
                continue
            tail = b""
            for chunk in self._chunks(info):
                if _declares(chunk) or (tail and _declares(tail + chunk[:_OVERLAP])):
                    raise UnsafeXml(name)
                tail = chunk[-_OVERLAP:] if len(chunk) >= _OVERLAP else (tail + chunk)[-_OVERLAP:]

    # -- parts

    def _chunks(self, info: Member, limit: int | None = None) -> Iterator[bytes]:
        """A member's bytes, unzipped :data:`CHUNK` at a time: exactly as many as it declares
        (or the first ``limit``). Raises :class:`UnreadableWorkbook` for a truncated or
        corrupt member, :class:`SuspiciousWorkbook` for one that unzips to more."""
        size = info.file_size
        want = size if limit is None else min(limit, size)
        if want <= 0:
            return
        if info.compress_type not in _KNOWN_METHODS:
            yield from self._chunks_by_zipfile(info, want)  # rare in workbooks
            return
        raw = self._raw(info)
        if info.compress_type == _STORED:
            if len(raw) < want:
                raise UnreadableWorkbook(f"{info.filename}: truncated")
            for start in range(0, want, CHUNK):
                yield bytes(raw[start:min(start + CHUNK, want)])
            return
        d = zlib.decompressobj(-15)
        done, pos, pending = 0, 0, b""
        try:
            while not d.eof:
                room = CHUNK if limit is None else want - done  # (a head: no more than asked)
                if not pending:
                    if pos < len(raw):
                        pending = raw[pos:pos + _IN_CHUNK]
                        pos += len(pending)
                        continue
                    out = d.decompress(b"", room)  # all input given: what zlib still holds
                    if not out:
                        break
                else:
                    out = d.decompress(pending, room)
                    pending = d.unconsumed_tail
                if not out:
                    continue
                if limit is not None and done + len(out) >= want:
                    yield out
                    return
                done += len(out)
                if done > size:
                    raise SuspiciousWorkbook(
                        f"{info.filename}: unzips to more than the {size:,} bytes it declares")
                yield out
        except zlib.error as exc:
            raise UnreadableWorkbook(f"{info.filename}: {exc}") from exc
        if done < want:
            raise UnreadableWorkbook(f"{info.filename}: truncated")

    def _chunks_by_zipfile(self, info: Member, want: int) -> Iterator[bytes]:
        """A member compressed another way (bzip2, LZMA…), through :mod:`zipfile`, whose
        entries are the same as :attr:`infos` (:mod:`dgsp.xlsx.zipdir`)."""
        import io
        import zipfile

        done = 0
        try:
            archive = zipfile.ZipFile(io.BytesIO(self.data))
            entry = archive.infolist()[next(i for i, m in enumerate(self.infos) if m is info)]
            with archive.open(entry) as fh:
                while done < want:
                    chunk = fh.read(min(CHUNK, want - done))
                    if not chunk:
                        break
                    done += len(chunk)
                    yield chunk
        except Exception as exc:  # zipfile raises several types for a broken member
            raise UnreadableWorkbook(f"{info.filename}: {exc}") from exc
        if done < want:
            raise UnreadableWorkbook(f"{info.filename}: truncated")

    def _raw(self, info: Member) -> memoryview:
        """A member's bytes as stored in the zip (after its local header)."""
        offset = info.header_offset
        if self.data[offset:offset + 4] != b"PK\x03\x04":
            raise UnreadableWorkbook(f"{info.filename}: bad local header")
        try:
            name_len, extra_len = struct.unpack_from("<HH", self.data, offset + 26)
        except struct.error as exc:
            raise UnreadableWorkbook(f"{info.filename}: {exc}") from exc
        start = offset + 30 + name_len + extra_len
        return memoryview(self.data)[start:start + info.compress_size]

    def _may_be_xml(self, info: Member, parsed: set[str]) -> bool:
        """A member some parser may read: not empty, and a part known to be parsed, named as
        XML, or not starting with a picture's, OLE file's or zip's magic bytes."""
        if info.file_size == 0:
            return False
        return info.filename in parsed or info.filename.lower().endswith(_XML_SUFFIXES) \
            or not _is_binary(self._read(info, _MAGIC_BYTES))

    def _read(self, info: Member, limit: int | None = None) -> bytes:
        """A member's bytes (the first ``limit`` when given), exactly as many as it declares."""
        if limit is not None or info.compress_type != _DEFLATED:
            return b"".join(self._chunks(info, limit))
        d = zlib.decompressobj(-15)  # the whole member, in one call
        try:
            out = d.decompress(self._raw(info), info.file_size + 1)
        except zlib.error as exc:
            raise UnreadableWorkbook(f"{info.filename}: {exc}") from exc
        if len(out) > info.file_size:
            raise SuspiciousWorkbook(
                f"{info.filename}: unzips to more than the {info.file_size:,} bytes it declares")
        if len(out) < info.file_size:
            raise UnreadableWorkbook(f"{info.filename}: truncated")
        return out

    def _workbook_rels(self) -> dict[str, tuple[str, str]]:
        """Id → (type, zip member) of the relationships of ``xl/workbook.xml`` (not external)."""
        if self._rels is None:
            info = self.members.get("xl/_rels/workbook.xml.rels")
            rels = _relationships(self._read(info), "xl/") if info is not None else ()
            self._rels = {rid: (kind, member) for rid, kind, member in rels}
        return self._rels

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name → zip member of its XML, from ``xl/workbook.xml`` and its relationships."""
        if self._parts is None:
            self._parts = {}
            wb_info = self.members.get("xl/workbook.xml")
            if wb_info is not None and "xl/_rels/workbook.xml.rels" in self.members:
                targets = {rid: member for rid, (_, member) in self._workbook_rels().items()}
                for name, rid in _sheet_entries(self._read(wb_info)):
                    if targets.get(rid) in self.members:
                        self._parts[name] = targets[rid]
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

    def guard_copy(self, max_cells: int = MAX_COPY_CELLS) -> None:
        """Refuse a workbook that openpyxl, which loads every sheet, would take long to load.

        For ``dgsp check --feedback``, before openpyxl parses anything: every worksheet part
        (:meth:`_worksheet_members`) passes the extent guard (:func:`_check_extent`), and
        the cells openpyxl would build in all the parts together are counted in one linear
        scan, refused over ``max_cells`` (:class:`SuspiciousWorkbook`, naming the count):
        each ``c``, ``row``, ``col``, shared string (``si``) and comment element, and each
        cell a merged range or a range hyperlink covers (openpyxl makes a cell of each).
        """
        if self.kind != "xlsx":
            return  # openpyxl refuses anything else
        sheets = self._worksheet_members()
        total = 0
        for info in self.infos:
            name = info.filename
            if not self._may_be_xml(info, sheets):
                continue
            xml = self._xml.get(name) if self.members.get(name) is info else None
            if xml is None:
                xml = self._read(info)
            found, exact = _copy_cells(xml, max_cells - total)
            total += found
            if total > max_cells:
                raise SuspiciousWorkbook(
                    f"{'' if exact else 'over '}{total:,} cells to load (rows, columns, merged "
                    f"cells and shared strings included): an annotated copy loads at most "
                    f"{max_cells:,}")
            if name in sheets:
                _check_extent(name, xml)

    def _worksheet_members(self) -> set[str]:
        """Every member a parser may load as a worksheet: the sheets of ``xl/workbook.xml``
        (calamine's way), those of every workbook part ``[Content_Types].xml`` names
        (openpyxl's way), the parts it declares as sheets, and all in the sheet folders."""
        found = set(self._sheet_parts().values())
        found.update(m for m in self.members if m.startswith(_SHEET_FOLDERS))
        info = self.members.get("[Content_Types].xml")
        if info is not None:
            for attrs in _tags(self._read(info), b"Override"):
                part = attrs.get("PartName", "").lstrip("/")
                kind = attrs.get("ContentType", "")
                if part not in self.members:
                    continue
                if kind.endswith(_SHEET_TYPES):
                    found.add(part)
                elif kind.endswith(".main+xml"):  # a workbook part
                    found.update(self._sheets_of(part))
        return found

    def _sheets_of(self, workbook: str) -> set[str]:
        """The members a workbook part's sheets point to, through its relationships."""
        folder, _, base = workbook.rpartition("/")
        rels = self.members.get(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels")
        if rels is None:
            return set()
        targets = {rid: member for rid, _, member in
                   _relationships(self._read(rels), f"{folder}/" if folder else "")}
        return {targets[rid] for _, rid in _sheet_entries(self._read(self.members[workbook]))
                if targets.get(rid) in self.members}

    def cell_facts(self, sheet_name: str) -> dict[str, CellFacts]:
        """A1 address → :class:`CellFacts` of every cell of a sheet with at least one fact;
        ``{}`` for .ods and for a sheet the workbook does not map.

        One scan of the sheet's XML, linear in its size however it is broken (see
        :func:`_scan_cells`); the percentage styles come from the styles part, read once.
        Raises :class:`SuspiciousWorkbook` for a sheet of more than :data:`MAX_SHEET_CELLS`
        cell elements, or a styles part with absurdly many styles.
        """
        if self.kind != "xlsx":
            return {}
        found = self._facts.get(sheet_name)
        if found is None:
            xml = self.sheet_xml(sheet_name)
            if xml:
                _check_cells(sheet_name, xml)  # the scan's time is bounded as calamine's is
            found = _cell_facts(xml, self._percent_styles()) if xml else {}
            self._facts[sheet_name] = found
        return dict(found)

    def formulas(self, name: str) -> dict[str, Formula]:
        """The formula cells of a sheet (A1 address → :class:`Formula`): :meth:`cell_facts`."""
        return {ref: f.formula for ref, f in self.cell_facts(name).items() if f.formula}

    def _percent_styles(self) -> frozenset[int]:
        """The cell styles (indexes into ``cellXfs``) whose number format shows a percentage.

        The styles part is the one ``xl/workbook.xml``'s relationships name, or ``xl/styles.xml``.
        """
        if self._percent is None:
            member = next((m for kind, m in self._workbook_rels().values()
                           if kind.endswith("/styles") and m in self.members), "xl/styles.xml")
            info = self.members.get(member)
            self._percent = _percent_styles(self._read(info), member) if info else frozenset()
        return self._percent

    def modified(self) -> datetime | None:
        """When the workbook was last saved: ``dcterms:modified`` of ``docProps/core.xml``, as an
        aware datetime (naive times are UTC). None when absent, unparsable, or in a core.xml
        over :data:`MAX_CORE_BYTES` (not read)."""
        info = self.members.get("docProps/core.xml")
        if info is None or info.file_size > MAX_CORE_BYTES:
            return None
        try:
            return _modified_stamp(self._read(info))
        except UnreadableWorkbook:
            return None

    def _check_ods_extent(self) -> None:
        info = self.members.get("content.xml")
        if info is not None:
            for sheet, rows, cols in _ods_extents(self._read(info)):
                if rows * cols > MAX_SHEET_CELLS:
                    raise SuspiciousWorkbook(f"{sheet}: {rows:,} rows × {cols:,} columns")


# The DOCTYPE scan: a declaration in UTF-8 (or any ASCII-compatible encoding) or in UTF-16
# (either byte order: the pattern without its last NUL matches both), in any case.
_DECLARATION = re.compile(
    rb"<!(?:doctype|entity)"
    rb"|<\x00!\x00(?:d\x00o\x00c\x00t\x00y\x00p\x00e|e\x00n\x00t\x00i\x00t\x00y)", re.I)
_OVERLAP = 32  # bytes carried across chunks: more than the longest declaration above
_IN_CHUNK = 64 * 1024  # zipped bytes given to zlib at a time
_MAGIC_BYTES = 64
_BINARY_MAGIC = (
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*",
    b"II\xbc", b"RIFF", b"%PDF", b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00",
    _OLE_MAGIC, b"PK\x03\x04",
)  # PNG, JPEG, GIF, BMP, TIFF, JPEG XR, WebP, PDF, WMF, OLE (.bin, embeddings), zip


# Members found clean, as zipped (method, declared size, bytes): the returns of a round share
# most of their parts byte for byte (theme, styles, relationships…), and the same zipped bytes
# unzip to the same bytes. Small members only, and a bounded number of them.
_KNOWN_CLEAN: dict[tuple[int, int, bytes], None] = {}
_KNOWN_SIZE = 32 * 1024
_KNOWN_LIMIT = 512


def _declares(chunk: bytes) -> bool:
    """Whether bytes hold a ``<!DOCTYPE`` or ``<!ENTITY``. ``!`` is rare in XML (comments,
    CDATA, sheet references): a part without one is passed in a memchr."""
    return b"!" in chunk and _DECLARATION.search(chunk) is not None


def _is_binary(head: bytes) -> bool:
    """Whether a member starts like a picture, an OLE or zip file, which no XML parser reads."""
    return head.startswith(_BINARY_MAGIC) or (head[:4] == b"\x01\x00\x00\x00"
                                              and head[40:44] == b" EMF")


# An attribute, from the start of its name (without the lookbehind every position inside a
# long name would be tried, each scanning the rest of the name: quadratic).
_ATTR = re.compile(rb"""(?<![\w:.-])([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


# The markup of a part as quick-xml (calamine's parser) reads it: comments, CDATA and
# processing instructions are skipped whole; a start tag runs to its first '>' outside
# quotes (a quoted value may hold '>' or '<'). An unclosed quote, comment or tag runs to
# the end of the part, so every byte is scanned once, whatever the part holds.
_SKIP = rb"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<\?.*?(?:\?>|\Z)"
# (Possessive quantifiers: a name or value is scanned once, never backtracked into.)
_PREFIX = rb"""(?:[^\s/>"'<!?:]++:)?"""
_TAG_ATTRS = rb"""([^>"']*+(?:(?:"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z))[^>"']*+)*+)"""
_NAMED_TAGS: dict[bytes, re.Pattern[bytes]] = {}


def _tags(xml: bytes, name: bytes):
    """The attributes of every start tag named ``name`` (any prefix), comments skipped; linear."""
    pattern = _NAMED_TAGS.get(name)
    if pattern is None:
        pattern = _NAMED_TAGS[name] = re.compile(
            rb"<(?:!--.*?(?:-->|\Z)|!\[CDATA\[.*?(?:\]\]>|\Z)|\?.*?(?:\?>|\Z)|"
            + _PREFIX + re.escape(name) + rb"(?=[\s/>])" + _TAG_ATTRS + rb")", re.S)
    for m in pattern.finditer(xml):
        if m.group(1) is not None:
            yield _attrs(m.group(1))


_CACHED_PART = 64 * 1024  # parts up to this size have their parse cached (see below)


def _cached_when_small(parse):
    """``parse(xml, …)``, its result kept for parts up to :data:`_CACHED_PART` bytes: the
    returns of one round share their relationships, workbook and styles parts, byte for byte.
    (Larger parts are parsed each time, so the cache never holds much.)"""
    cached = functools.lru_cache(maxsize=64)(parse)

    @functools.wraps(parse)
    def call(xml: bytes, *args):
        return cached(xml, *args) if len(xml) <= _CACHED_PART else parse(xml, *args)

    return call


@_cached_when_small
def _relationships(xml: bytes, base: str) -> tuple[tuple[str, str, str], ...]:
    """(Id, Type, zip member) of each relationship of a .rels part that is not external;
    targets resolved from the folder ``base``."""
    return tuple((a.get("Id", ""), a.get("Type", ""), _resolve(base, a.get("Target", "")))
                 for a in _tags(xml, b"Relationship")
                 if a.get("TargetMode", "").lower() != "external")


@_cached_when_small
def _sheet_entries(xml: bytes) -> tuple[tuple[str, str], ...]:
    """(name, relationship id) of each sheet a workbook part lists."""
    return tuple((a["name"], next((v for k, v in a.items() if k.endswith(":id")), ""))
                 for a in _tags(xml, b"sheet") if "name" in a)


def _resolve(base: str, target: str) -> str:
    import posixpath

    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))




# Every tag, read as :data:`_SKIP` says (group 1: its name, group 2: its attributes).
_MARKUP = re.compile(rb"""
    <!--.*?(?:-->|\Z)
  | <!\[CDATA\[.*?(?:\]\]>|\Z)
  | <\?.*?(?:\?>|\Z)
  | <([^\s/>"'<!?]+)((?:[^>"']+|"[^"]*(?:"|\Z)|'[^']*(?:'|\Z))*)
""", re.S | re.X)
# An r attribute: after a space, or straight after the previous value's closing quote.
_R_ATTR = re.compile(rb"""r(?<=[\s"']r)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_NESTED_TAG = re.compile(rb"""<(?:[^\s/>"'<!?]*:)?(?:row|c)(?=[\s/>])""")
# At most 7 letters and 10 digits: far beyond XFD1048576, and cheap to convert (a column
# of 50,000 letters took seconds, and int() refuses over 4,300 digits).
_A1 = re.compile(rb"([A-Za-z]{1,7})([0-9]{1,10})")


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
            if is_row and value.isdigit() and len(value) <= 10:
                max_row = max(max_row, int(value))
            elif a1:
                max_row = max(max_row, int(a1.group(2)))
                max_col = max(max_col, col_index(a1.group(1).decode()) + 1)
            else:
                raise SuspiciousWorkbook(f"cell address {value[:20]!r}")
    return max_row + loose_rows, max_col + loose_cells


_PLAIN_ROW = re.compile(rb'<row r="([0-9]{1,10})"')
_PLAIN_CELL_ROW = re.compile(rb'<c r="[A-Za-z]{1,7}([0-9]{1,10})"')
_PLAIN_CELL_COL = re.compile(rb'<c r="([A-Za-z]{1,7})')
_ROW_NOT_PLAIN = re.compile(rb'<row(?=[\s/>])(?! r=")')
_CELL_NOT_PLAIN = re.compile(rb'<c(?=[\s/>])(?! r=")')
# An r attribute not written " r=": after other whitespace or a quote, or spaced from its '='.
_OTHER_R = re.compile(rb"r(?:(?<=[\t\n\r\x0b\x0c\"']r)\s*=|(?<= r)\s+=)")
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")


def _plain_extent(xml: bytes) -> tuple[int, int] | None:
    """:func:`sheet_extent` of a part in the form Excel and openpyxl write, in C-level scans;
    None when the part is not in that form (then every tag is looked at, one by one).

    The form: every row tag starts ``<row r="<digits>"``, every cell tag
    ``<c r="<letters><digits>"`` (at most 7 letters and 10 digits), no tag is prefixed,
    and no other ``r`` attribute is written anywhere in the part (so none is loose, a
    second one, spaced, single-quoted or glued to the previous value; a ``>`` inside a
    value hides none). The extent is then the largest row and column addressed, as
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
    """Refuse a worksheet part whose grid would exceed :data:`MAX_SHEET_CELLS`, or that holds
    more cell elements than that (all at A1, say: a grid of one cell, but calamine and
    :func:`_scan_cells` still go through every one of them).

    Fast path, two or three plain searches: when no address lies beyond Z999,
    the grid is at most (999 + rows without an address) × (26 + cells without
    one), and every tag (or every ``<row`` and ``<c`` tag) is counted as possibly
    without one. (calamine takes the last of two ``r`` attributes and refuses
    character references in them: every ``r=`` is looked at.) Anything else is
    measured exactly, by :func:`sheet_extent`.
    """
    _check_cells(name, xml)
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


def _check_cells(name: str, xml: bytes) -> None:
    """Refuse a worksheet part of more than :data:`MAX_SHEET_CELLS` cell elements."""
    if xml.count(b"<c") + xml.count(b":c") > MAX_SHEET_CELLS:  # a bound: <col, <cfRule… too
        cells = 0
        for _ in _CELL_TAG.finditer(xml):
            cells += 1
            if cells > MAX_SHEET_CELLS:
                raise SuspiciousWorkbook(f"{name}: over {MAX_SHEET_CELLS:,} cell elements")


_CELL_TAG = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")


_F_TAG = re.compile(rb"f(?<=[<:]f)[\s/>]")  # any formula tag? (or a few more: a first look)
# Any t="e"? Any s=? (The letter first, then what precedes it: a search for a literal is
# fast, one that starts with a lookbehind tries every position.)
_MAYBE_ERROR = re.compile(rb"""t(?<![\w:.-]t)\s*=\s*["'](?:e["']|&)""")


_STYLE_VALUE = re.compile(rb"""s(?<![\w:.-]s)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _cell_facts(xml: bytes, percent: frozenset[int]) -> dict[str, CellFacts]:
    """:func:`_scan_cells`, after a few plain searches that may find nothing to say: no
    formula, no error value, and no ``s`` attribute naming a percentage style (nor style 0
    one, which a cell without ``s`` has)."""
    if _F_TAG.search(xml) or _MAYBE_ERROR.search(xml) or 0 in percent:
        return _scan_cells(xml, percent)
    if percent:
        for value in {a or b for a, b in _STYLE_VALUE.findall(xml)}:
            if b"&" in value or (_NUMBER.fullmatch(value) and int(value) in percent):
                return _percent_cells(xml, percent)
    return {}


# A cell's start tag as Excel, LibreOffice and dgsp write it: its address, then s and t.
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?'
                         rb'(?: t="[a-zA-Z]{1,9}")?\s*+/?>')


def _percent_cells(xml: bytes, percent: frozenset[int]) -> dict[str, CellFacts]:
    """:func:`_scan_cells` of a part with no formula and no error value, where some cell has
    a percentage style: when every cell tag is a plain one (:data:`_PLAIN_CELL`; no comment,
    CDATA or processing instruction anywhere), the plain tags alone say which cells are in a
    percentage, 5× sooner; else the whole scan."""
    if b"<!" in xml or xml.count(b"<?") > (1 if xml.lstrip().startswith(b"<?xml") else 0):
        return _scan_cells(xml, percent)
    cells = _PLAIN_CELL.findall(xml)
    if len(cells) != sum(1 for _ in _CELL_TAG.finditer(xml)):
        return _scan_cells(xml, percent)
    found: dict[str, CellFacts] = {}
    for ref, style in cells:  # a later cell at an address replaces the earlier, as there
        if int(style or 0) in percent:
            found[ref.decode()] = CellFacts(percent=True)
        else:
            found.pop(ref.decode(), None)
    return found


def _formulas(xml: bytes) -> dict[str, Formula]:
    """Every formula cell of a worksheet part: address → :class:`Formula` (no styles known;
    for callers of the part alone, as tests/test_intake.py)."""
    return {ref: f.formula for ref, f in _cell_facts(xml, frozenset()).items() if f.formula}


# What _scan_cells looks at: comments, PIs and declarations (skipped whole), CDATA (group 1:
# its text), the end tags (group 2) and start tags (group 9, attributes in 10) of rows, cells,
# formulas and values, and (groups 3 to 8) a whole cell as Excel and openpyxl write most: a
# canonical r, then s and t, and inside nothing, or a plain formula (group 7) and a value
# (group 8) or an inline string. Other tags are passed over by the search itself.
_CELL_MARKUP = re.compile(
    rb"<(?:!--.*?(?:-->|\Z)|!\[CDATA\[(.*?)(?:\]\]>|\Z)|!.*?(?:>|\Z)|\?.*?(?:\?>|\Z)"
    rb"|/" + _PREFIX + rb"(row|c|f|v)(?=[\s>])"
    rb'|c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?'
    rb"\s*+(?:/>|>(?:<f>([^<]*+)</f>)?"
    rb"(?:<v>([^<]*+)</v>|<is><t(?:\s[^<>]*+)?>[^<]*+</t></is>)?</c>)"
    rb"|" + _PREFIX + rb"(row|c|f|v)(?=[\s/>])" + _TAG_ATTRS + rb")", re.S)
_PLAIN_ROW_R = re.compile(rb' r="([0-9]{1,9})"')
_CELL_REF = re.compile(rb"([A-Za-z]{1,4})([0-9]{1,9})")
_NUMBER = re.compile(rb"[0-9]{1,9}")


def _scan_cells(xml: bytes, percent: frozenset[int]) -> dict[str, CellFacts]:
    """The facts of every cell of a worksheet part, in one pass: A1 address → :class:`CellFacts`.

    calamine gives a formula's cached value ('' when none was saved, and for an error),
    so formulas, errors and styles are found in the XML. ``percent`` holds the styles
    (indexes into ``cellXfs``) that display a percentage; a cell without ``s`` has style 0.

    Each byte is looked at a bounded number of times, however the XML is broken: the
    search goes from one tag of interest to the next, a comment or CDATA section is
    passed over whole, an unclosed one (or an unclosed tag or quote) runs to the end of
    the part, and a formula or value ends at the next tag of interest. Addresses: a
    cell without (a plain) ``r`` is numbered on from the previous cell, a row without one
    from the previous row; a later cell at the same address replaces the earlier; the
    first ``<f>`` and ``<v>`` of a cell count; a shared formula (``si``) takes its master's
    text, as written (not moved to the cell).
    """
    import html

    found: dict[str, CellFacts] = {}
    shared: dict[str, str] = {}
    row, col = 0, -1
    col_letters: bytes | None = None  # the last address's column, converted when needed
    ref, kind, style = "", b"", 0  # the open cell, if any
    in_cell = False
    f_text: bytes | None = None  # the open cell's first <f> (b"" when empty)
    f_si: str | None = None
    v_text: bytes | None = None  # its first <v>
    capture, captured, cap_from = 0, [], 0  # the text of an open <f> (1) or <v> (2)

    def finish() -> None:  # the open cell is complete
        formula, error = None, ""
        if f_text is not None:
            text = html.unescape(f_text.decode("utf-8", "replace")).strip() if f_text else ""
            if f_si is not None and text:
                shared.setdefault(f_si, text)
            text = text or shared.get(f_si or "", "")
            formula = Formula(text=f"={text}" if text else "=",
                              cached=v_text is not None and bool(v_text.strip()))
        if kind == b"e" and v_text:
            error = html.unescape(v_text.decode("utf-8", "replace")).strip()
        is_percent = style in percent
        if formula is not None or error or is_percent:
            found[ref] = CellFacts(formula, error, is_percent)
        elif found:
            found.pop(ref, None)

    for m in _CELL_MARKUP.finditer(xml):  # see its groups above
        last = m.lastindex
        if capture:
            captured.append(xml[cap_from:m.start()])
            if last is None or last == 1:  # a comment inside the text, or CDATA: part of it
                if last == 1:
                    captured.append(m.group(1))
                cap_from = m.end()
                continue
            text = b"".join(captured)
            if capture == 1:
                f_text = text
            else:
                v_text = text
            capture = 0
        if last is None or last == 1:
            continue
        if last == 2:  # an end tag: </c> or </row> closes the cell
            if in_cell and m.group(2) in (b"c", b"row"):
                in_cell = False
                if f_text is not None or kind == b"e" or style in percent:
                    finish()
                elif found:
                    found.pop(ref, None)
            continue
        if last < 9:  # a whole plain cell (groups 3 to 8)
            if in_cell:
                finish()
                in_cell = False
            letters, digits, s, t, f, v = m.group(3, 4, 5, 6, 7, 8)
            row, col_letters = int(digits), letters
            style = int(s) if s else 0
            if f is not None or style in percent or t == b"e" and v:
                ref, kind, f_text, f_si, v_text = (letters + digits).decode(), t, f, None, v
                finish()
            elif found:
                found.pop((letters + digits).decode(), None)
            continue
        name, attrs = m.group(9), m.group(10)
        if name == b"c":
            if in_cell:
                finish()
            r = s = t = None
            for key, a, b in _ATTR.findall(attrs):  # every one: the last of two counts
                if key == b"r":
                    r = a or b
                elif key == b"s":
                    s = a or b
                elif key == b"t":
                    t = a or b
            address = _CELL_REF.fullmatch(_unescaped(r)) if r else None
            if address:
                row, col = int(address.group(2)), col_index(address.group(1).decode())
            else:
                if col_letters is not None:
                    col = col_index(col_letters.decode())
                col += 1
            col_letters = None
            ref = cell_ref(row - 1, col)
            kind = _unescaped(t) if t else b""
            s = _unescaped(s) if s else None
            style = 0 if s is None else int(s) if _NUMBER.fullmatch(s) else -1
            f_text = f_si = v_text = None
            in_cell = not attrs.endswith(b"/")
            if not in_cell:
                finish()
        elif name == b"row":
            if in_cell:
                finish()
                in_cell = False
            plain = _PLAIN_ROW_R.match(attrs)
            if plain and attrs.find(b"r=", plain.end()) < 0:
                row = int(plain.group(1))
            else:
                r = next((a or b for key, a, b in reversed(_ATTR.findall(attrs)) if key == b"r"),
                         None)
                r = _unescaped(r) if r else b""
                row = int(r) if _NUMBER.fullmatch(r) else row + 1
            col, col_letters = -1, None
        elif not in_cell:
            continue
        elif name == b"f" and f_text is None:
            f_si = next((_unescaped(a or b).decode("utf-8", "replace")
                         for key, a, b in reversed(_ATTR.findall(attrs)) if key == b"si"), None)
            f_text = b""
            if not attrs.endswith(b"/"):
                capture, captured, cap_from = 1, [], m.end() + 1
        elif name == b"v" and v_text is None:
            v_text = b""
            if not attrs.endswith(b"/"):
                capture, captured, cap_from = 2, [], m.end() + 1
    if capture:
        captured.append(xml[cap_from:])
        if capture == 1:
            f_text = b"".join(captured)
        else:
            v_text = b"".join(captured)
    if in_cell:
        finish()
    return found


def _unescaped(value: bytes) -> bytes:
    if b"&" not in value:
        return value
    import html

    return html.unescape(value.decode("utf-8", "replace")).encode("utf-8")


# styles.xml: the tags that say which cell styles show a percentage (numFmts, numFmt,
# cellXfs, xf: end tags in group 1, start tags in group 2, attributes in 3); comments, CDATA,
# PIs and declarations skipped whole; the other tags passed over by the search itself.
_STYLE_MARKUP = re.compile(
    rb"<(?:!--.*?(?:-->|\Z)|!\[CDATA\[.*?(?:\]\]>|\Z)|!.*?(?:>|\Z)|\?.*?(?:\?>|\Z)"
    rb"|/" + _PREFIX + rb"(numFmts|cellXfs)(?=[\s>])"
    rb"|" + _PREFIX + rb"(numFmts|numFmt|cellXfs|xf)(?=[\s/>])" + _TAG_ATTRS + rb")", re.S)
_PERCENT_BUILTINS = frozenset({9, 10})  # 0%, 0.00%
_NUMFMT_ID = re.compile(rb"""(?<![\w:.-])numFmtId\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@_cached_when_small
def _percent_styles(xml: bytes, member: str) -> frozenset[int]:
    """The indexes into ``cellXfs`` whose ``numFmtId`` displays a percentage, in one pass.

    A format is a percentage when it is built-in 9 (``0%``) or 10 (``0.00%``), or when its
    code (a ``numFmt`` of ``numFmts``, which overrides a built-in of the same id, as in
    openpyxl) has a ``%`` in its first section (:func:`_percent_code`). ``xf`` entries of
    ``cellStyleXfs`` and the ``numFmt`` of differential formats (``dxfs``) are not cell
    formats. Raises :class:`SuspiciousWorkbook` past :data:`MAX_STYLES` entries.
    """
    formats: dict[int, str] = {}
    xfs: list[int] = []
    in_formats = in_xfs = False
    seen = 0
    for m in _STYLE_MARKUP.finditer(xml):
        if m.group(1) is not None:
            if m.group(1) == b"numFmts":
                in_formats = False
            else:
                in_xfs = False
            continue
        name = m.group(2)
        if name is None:
            continue
        seen += 1
        if seen > MAX_STYLES:
            raise SuspiciousWorkbook(f"{member}: over {MAX_STYLES:,} styles")
        closed = m.group(3).endswith(b"/")
        if name == b"numFmts":
            in_formats = not closed
        elif name == b"cellXfs":
            in_xfs = not closed
        elif name == b"numFmt" and in_formats:
            attrs = _attrs(m.group(3))
            number = attrs.get("numFmtId", "")
            if number.isascii() and number.isdigit() and len(number) <= 9:
                formats[int(number)] = attrs.get("formatCode", "")
        elif name == b"xf" and in_xfs:
            ids = _NUMFMT_ID.findall(m.group(3))
            number = _unescaped(ids[-1][0] or ids[-1][1]) if ids else b"0"
            xfs.append(int(number) if _NUMBER.fullmatch(number) else -1)
    percent = {n: (_percent_code(formats[n]) if n in formats else n in _PERCENT_BUILTINS)
               for n in set(xfs)}
    return frozenset(i for i, n in enumerate(xfs) if percent[n])


_FORMAT_TOKEN = re.compile(r'"[^"]*"?|\\.|\[[^\]]*\]?|[;%]', re.S)


def _percent_code(code: str) -> bool:
    """Whether a number format code displays a percentage: a ``%`` in its first section,
    outside quoted text, backslash-escaped characters and [brackets] (colours, conditions,
    locales). An unclosed quote or bracket runs to the end."""
    for m in _FORMAT_TOKEN.finditer(code):
        token = m.group()
        if token == "%":
            return True
        if token == ";":
            return False
    return False


def _attrs(raw: bytes) -> dict[str, str]:
    out = {}
    for k, a, b in _ATTR.findall(raw):
        v = (a or b).decode("utf-8", "replace")  # (findall gives b"" for the other quote)
        if "&" in v:
            import html

            v = html.unescape(v)
        out[k.decode("utf-8", "replace")] = v
    return out


_SHEET_FOLDERS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/", "xl/macrosheets/")
_SHEET_TYPES = ("worksheet+xml", "chartsheet+xml", "dialogsheet+xml", "macrosheet+xml")
# The elements openpyxl makes an object of, one each (see _copy_cells).
_COUNTED = (b"c", b"row", b"col", b"si", b"comment")
_COUNTED_TAG = re.compile(rb"<" + _PREFIX + rb"(?:c|row|col|si|comment)[\s/>]")
_ODD_COUNTED = re.compile(rb"<(?:c|row|col|si|comment)[\t\n\r\x0b\x0c]"
                          rb"|:(?:c|row|col|si|comment)[\s/>]")  # spaced or prefixed tags
_AREA_TAG = re.compile(rb"<(?:!--.*?(?:-->|\Z)|" + _PREFIX + rb"(?:mergeCell|hyperlink)(?=[\s/>])"
                       + _TAG_ATTRS + rb")", re.S)
_RANGE_END = re.compile(r"\$?([A-Za-z]{0,3})\$?([0-9]{0,7})")


def _copy_cells(xml: bytes, room: int) -> tuple[int, bool]:
    """How many cells openpyxl would build for a part, and whether the count is exact: each
    ``c``, ``row``, ``col``, ``si`` and ``comment`` element, and each cell a ``mergeCell``
    or a ``hyperlink`` covers. Counting may stop once past ``room`` (the count is then not
    exact). Linear: plain ``bytes.count`` for a part as Excel and openpyxl write it, else
    one search through the tags."""
    exact = True
    if _ODD_COUNTED.search(xml):
        found = 0
        for _ in _COUNTED_TAG.finditer(xml):
            found += 1
            if found > room:
                return found, False
    else:
        found = sum(xml.count(b"<" + name + end) for name in _COUNTED for end in (b" ", b">", b"/"))
    if found <= room and (b"mergeCell" in xml or b"hyperlink" in xml):
        for m in _AREA_TAG.finditer(xml):
            if m.group(1) is not None:
                found += _area(_attrs(m.group(1)).get("ref", ""))
                if found > room:
                    exact = False
                    break
    return found, exact


def _area(ref: str) -> int:
    """The cells a range covers (``A1:C3``: 9; ``A:B``, whole columns: 2 × 1,048,576); a
    range that is not plain A1 counts as the whole sheet."""
    first, colon, last = ref.partition(":")
    if not colon:
        return 1
    a, b = _RANGE_END.fullmatch(first), _RANGE_END.fullmatch(last)
    if not a or not b:
        return 16_384 * 1_048_576
    (col1, row1), (col2, row2) = a.groups(), b.groups()
    cols = abs(col_index(col2) - col_index(col1)) + 1 if col1 and col2 else 16_384
    rows = abs(int(row2) - int(row1)) + 1 if row1 and row2 else 1_048_576
    return cols * rows


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



def preflight_copy(path: Path) -> bytes:
    """The bytes of a return to open with openpyxl (``dgsp check --feedback``), after every
    check of :func:`preflight` and :meth:`_Package.guard_copy` (the extent of every worksheet,
    and at most :data:`MAX_COPY_CELLS` cells). Parse these bytes, not the path again: the
    file checked is then the file parsed. Raises :class:`UnreadableWorkbook` (a subclass)."""
    data = read_input(Path(path))
    _Package(data).guard_copy()
    return data


def modified_time(path: Path) -> datetime | None:
    """When a workbook was last saved, from ``docProps/core.xml`` (``dcterms:modified``).

    None when the file has no such stamp, or cannot (or must not) be read. The file is
    read as every return is (:func:`read_input`: without blocking, and only if it is a
    regular file, so a FIFO named ``x.xlsx`` answers None at once) and preflighted.
    """
    try:
        return _Package(read_input(Path(path))).modified()
    except UnreadableWorkbook:
        return None


# The start tag of a dcterms:modified element (any prefix); its text runs to the next '<'.
_MODIFIED_TAG = re.compile(rb"<" + _PREFIX + rb"modified(?=[\s/>])")


def _modified_stamp(xml: bytes) -> datetime | None:
    """The first ``modified`` element's text with something in it, as an aware datetime
    (naive times are UTC); None when there is none or it is not an ISO 8601 time. Linear:
    each '>' and '<' is looked for once."""
    from datetime import datetime, timezone

    seen = 0  # candidates before this offset lie inside a tag already looked at
    for m in _MODIFIED_TAG.finditer(xml):
        if m.start() < seen:
            continue
        gt = xml.find(b">", m.end())
        if gt < 0:
            return None
        lt = xml.find(b"<", gt + 1)
        if lt < 0:
            return None
        seen = gt
        text = xml[gt + 1:lt]
        if not text:
            continue
        try:
            stamp = datetime.fromisoformat(
                text.strip().decode("ascii", "replace").replace("Z", "+00:00"))
        except ValueError:
            return None
        return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=timezone.utc)
    return None
