"""Generate the corpus of hostile and malformed returns (issue 3), mixed with valid ones.

    python tests/corpus/make_corpus.py OUT_DIR

writes ``OUT_DIR/plan.xlsx``, ``OUT_DIR/returns/`` (one file per case, named
after the case's unit) and ``OUT_DIR/expected.json`` (the manifest below, as
JSON, for tools that are not Python).

Everything is built in code from :func:`corpus_plan`, with openpyxl, zipfile and
hand-written XML: no binary is committed and no office suite is needed. Each
unit of the plan has exactly one case, so that ``dgsp score`` over the whole
folder keeps every unit apart: valid units are scored, the others rejected or
warned, each for its own reason.

The manifest is :data:`CASES` (one return each: its unit, whether it must be
accepted, and the exact (code, sheet, cell) problems ``read_return`` reports, in
order) and :data:`FOLDER_PROBLEMS` (what only reading the whole folder shows:
skipped files and duplicates). Two cases cannot be files: a file without read
permission (tests/test_corpus.py provokes it with monkeypatch, since root can
read anything) and ``--prefer newest`` (the same DUP-DIFF files, read with
``gather(prefer="newest")``; see :data:`PREFER_NEWEST`).
"""

from __future__ import annotations

import io
import json
import re
import struct
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from dgsp import xlsx
from dgsp.model import Direction, Indicator, Plan, Target, Unit

D = Decimal
RESULTS = "Kết quả"
META = "_dgsp"

# Template cell map (every unit has I1..I5): header row 10, I1..I5 in rows 11..15;
# code in B, target in G, result in H, note in I. _dgsp: schema B1, template_version B2,
# plan_fingerprint B3, unit B4, year B5.
ROW = {"I1": 11, "I2": 12, "I3": 13, "I4": 14, "I5": 15}
VALID = {"I1": 120, "I2": 8, "I3": 0, "I4": True, "I5": 96}


@dataclass(frozen=True)
class Case:
    unit: str  # the unit code; the file is returns/<file or unit + ".xlsx">
    ok: bool  # accepted (and scored) by read_return, warnings allowed
    expect: tuple[tuple[str, str, str], ...]  # (code, sheet, cell), in the order reported
    build: Callable[[Path], None] = field(compare=False, repr=False)
    file: str = ""  # the file name when it is not <unit>.xlsx
    note: str = ""  # what the case is, for the README table and failures

    @property
    def name(self) -> str:
        return self.file or f"{self.unit}.xlsx"


CASES: list[Case] = []


def case(unit: str, ok: bool, *expect: tuple[str, str, str], file: str = "", note: str = ""):
    def register(build: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES.append(Case(unit=unit, ok=ok, expect=tuple(expect), build=build, file=file,
                          note=note or (build.__doc__ or "").strip()))
        return build

    return register


# ----------------------------------------------------------------------------- the plan

EXTRA_UNITS = ("MISNAMED",)  # units with no case of their own (a case uses their name)


def corpus_plan(**overrides) -> Plan:
    """One peer group; one unit per case (plus the valid ones); five indicators each.

    I1 higher (người) 100 · I2 lower (vụ) 10 · I3 lower (hồ sơ) 0 · I4 binary ·
    I5 higher, measured in % (95).
    """
    codes = [c.unit for c in CASES] + list(EXTRA_UNITS)
    codes = list(dict.fromkeys(codes))
    units = tuple(Unit(code=c, name=f"Đơn vị {c}", group="Xã") for c in codes)
    indicators = (
        Indicator(code="I1", name="Kết nạp đảng viên", task_group="Xây dựng Đảng",
                  measure="người", direction=Direction.HIGHER, weight=D(2), cap=D("1.2")),
        Indicator(code="I2", name="Tai nạn giao thông", task_group="An ninh",
                  measure="vụ", direction=Direction.LOWER),
        Indicator(code="I3", name="Hồ sơ trễ hạn", task_group="Cải cách",
                  measure="hồ sơ", direction=Direction.LOWER),
        Indicator(code="I4", name="Hoàn thành đề án", task_group="Cải cách",
                  direction=Direction.BINARY, additive=False),
        Indicator(code="I5", name="Tỷ lệ hồ sơ trực tuyến", task_group="Cải cách",
                  measure="%", direction=Direction.HIGHER, additive=False),
    )
    values = {"I1": D(100), "I2": D(10), "I3": D(0), "I4": D(1), "I5": D(95)}
    targets = tuple(Target(unit=u.code, indicator=i, value=v)
                    for u in units for i, v in values.items())
    data = dict(title="Đánh giá thử (bộ mẫu)", year=2025, units=units, indicators=indicators,
                targets=targets)
    data.update(overrides)
    return Plan(**data)


def variant(plan: Plan, **changes) -> Plan:
    """``plan`` with some fields changed (a new Plan: ``model_copy`` would keep the old
    plan's cached fingerprint)."""
    return Plan(**{**dict(plan), **changes})


def earlier_plan(plan: Plan) -> Plan:
    """The same round before one edit: OLD-CHANGED's I1 target was 80 (now 100)."""
    targets = tuple(t.model_copy(update={"value": D(80)})
                    if (t.unit, t.indicator) == ("OLD-CHANGED", "I1") else t
                    for t in plan.targets)
    return variant(plan, targets=targets)


# ----------------------------------------------------------------------------- helpers


class Ctx:
    """What builders share: the plans and where to write."""

    plan: Plan
    out: Path


CTX = Ctx()


def workbook(unit: str, results: dict | None = None, plan: Plan | None = None,
             notes: dict | None = None, lang: str = "vi"):
    """The unit's template from ``plan``, filled in as a unit office would (openpyxl Workbook)."""
    from dgsp.plan.templates import build_template, type_result

    plan = plan or CTX.plan
    wb = build_template(plan, unit, lang)
    ws = wb.worksheets[0]
    for code, value in (VALID if results is None else results).items():
        type_result(ws, ROW[code], 8, value, lang)
    for code, note in (notes or {}).items():
        xlsx.put_text(ws, ROW[code], 9, note)
    return wb


def save(wb, path: Path) -> Path:
    wb.save(path)
    return path


def filled(path: Path, unit: str | None = None, tamper=None, **kw) -> Path:
    """Write a filled return to ``path``; ``tamper(wb)`` edits it first."""
    wb = workbook(unit or path.stem, **kw)
    if tamper is not None:
        tamper(wb)
    return save(wb, path)


def rewrite_zip(path: Path, replace: dict | None = None, add: dict | None = None,
                drop: tuple[str, ...] = (), out: Path | None = None) -> Path:
    """Copy a zip, replacing members (bytes, or a function of the old bytes), adding, dropping."""
    replace, add = replace or {}, add or {}
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info)
            if info.filename in replace:
                new = replace[info.filename]
                data = new(data) if callable(new) else new
            zout.writestr(info.filename, data)
        for name, data in add.items():
            zout.writestr(name, data)
    (out or path).write_bytes(buf.getvalue())
    return out or path


def set_declared_sizes(path: Path, sizes: dict[str, int]) -> None:
    """Make members declare another uncompressed size (central directory and local header)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        infos = {i.filename: i for i in zf.infolist()}
    for name, size in sizes.items():
        struct.pack_into("<I", data, infos[name].header_offset + 22, size)
    pos = 0
    while (pos := bytes(data).find(b"PK\x01\x02", pos)) >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        name = bytes(data[pos + 46:pos + 46 + name_len]).decode()
        if name in sizes:
            struct.pack_into("<I", data, pos + 24, sizes[name])
        pos += 4
    path.write_bytes(bytes(data))


def set_modified(path: Path, when: str) -> None:
    """Stamp ``dcterms:modified`` in docProps/core.xml (openpyxl stamps 'now' on every save)."""
    rewrite_zip(path, replace={"docProps/core.xml": lambda x: re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + when.encode() + rb"\g<2>", x)})


def sheet_part(path: Path, sheet: str = RESULTS) -> str:
    """The zip member of a sheet (openpyxl writes sheets in order: sheet1.xml, …)."""
    with zipfile.ZipFile(path) as zf:
        names = re.findall(rb'<sheet [^>]*name="([^"]+)"', zf.read("xl/workbook.xml"))
    return f"xl/worksheets/sheet{[n.decode() for n in names].index(sheet) + 1}.xml"


class Percent(float):
    """A number in a percentage-formatted cell (LibreOffice saves it as value-type percentage)."""


def grids(wb) -> dict[str, list[list]]:
    def value(c):
        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) \
                and "%" in c.number_format:
            return Percent(c.value)
        return c.value

    return {ws.title: [[value(c) for c in r] for r in ws.iter_rows()] for ws in wb.worksheets}


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice would save these tables."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    body = []
    for name, rows in sheets.items():
        body.append(f'<table:table table:name="{escape(name, {chr(34): "&quot;"})}">')
        for row in rows:
            body.append("<table:table-row>")
            for v in row:
                if v is None or v == "":
                    body.append("<table:table-cell/>")
                elif isinstance(v, bool):
                    body.append(f'<table:table-cell office:value-type="boolean" '
                                f'office:boolean-value="{str(v).lower()}"><text:p>{v}</text:p>'
                                f"</table:table-cell>")
                elif isinstance(v, (int, float, Decimal)):
                    kind = "percentage" if isinstance(v, Percent) else "float"
                    body.append(f'<table:table-cell office:value-type="{kind}" '
                                f'office:value="{v}"><text:p>{v}</text:p></table:table-cell>')
                elif isinstance(v, datetime):
                    body.append(f'<table:table-cell office:value-type="date" '
                                f'office:date-value="{v.date().isoformat()}"><text:p>'
                                f"{v.date().isoformat()}</text:p></table:table-cell>")
                else:
                    body.append(f'<table:table-cell office:value-type="string"><text:p>'
                                f"{escape(str(v))}</text:p></table:table-cell>")
            body.append("</table:table-row>")
        body.append("</table:table>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ns} '
               f'office:version="1.2"><office:body><office:spreadsheet>{"".join(body)}'
               f"</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return path


def ole_file(streams: list[str]) -> bytes:
    """A compound (OLE) file holding empty streams: how .xls and encrypted workbooks start."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 44, 1, 1, 0, 4096)  # 1 FAT sector; directory at 1
    struct.pack_into("<IIII", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFF] * 126
    directory = bytearray()
    for n, (name, kind) in enumerate([("Root Entry", 5)] + [(s, 2) for s in streams]):
        entry = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        entry[0:len(raw)] = raw
        struct.pack_into("<HBB", entry, 64, len(raw), kind, 1)
        struct.pack_into("<iii", entry, 68, -1, -1, 1 if kind == 5 and streams else -1)
        if kind == 2 and n < len(streams):
            struct.pack_into("<i", entry, 72, n + 1)  # a right sibling: a chain of streams
        struct.pack_into("<I", entry, 116, 0xFFFFFFFE)
        directory += entry
    directory += b"\0" * (-len(directory) % 512)
    return bytes(header) + struct.pack("<128I", *fat) + bytes(directory)


def with_prolog(xml: bytes, doctype: bytes) -> bytes:
    """An XML part with a declaration and ``doctype`` before its root element."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype + xml[end:]
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + doctype + xml


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ----------------------------------------------------------------------------- valid returns


@case("OK-1", True)
def _ok1(path: Path) -> None:
    """A return filled in as asked."""
    filled(path, notes={"I1": "Nghị quyết số 12-NQ/ĐU"})


@case("OK-2", True)
def _ok2(path: Path) -> None:
    """A return with other values, binary not done."""
    filled(path, results={"I1": 95, "I2": 12, "I3": 1, "I4": False, "I5": 90})


@case("OK-EN", True)
def _ok_en(path: Path) -> None:
    """A return from the English template."""
    filled(path, lang="en")


# ----------------------------------------------------------------------------- identity, version


@case("NAMED-AFTER", False, ("DG203", "", ""), file="NAMED-AFTER.xlsx")
def _misnamed(path: Path) -> None:
    """Unit MISNAMED's return sent by NAMED-AFTER under its own name: NAMED-AFTER's error
    (it sent another unit's file), never a return of MISNAMED (issue 9, item 11)."""
    filled(path, unit="MISNAMED")


@case("OTHER-PLAN", False, ("DG204", META, "B3"))
def _other_plan(path: Path) -> None:
    """A template from another plan (another title) of the same year."""
    filled(path, plan=variant(CTX.plan, title="Đợt đánh giá khác"))


@case("OTHER-YEAR", False, ("DG225", META, "B5"))
def _other_year(path: Path) -> None:
    """Last year's template."""
    filled(path, plan=variant(CTX.plan, year=2024))


@case("OLD-SAME", True, ("DG226", META, "B3"))
def _old_same(path: Path) -> None:
    """A template from the plan before an edit that did not touch this unit."""
    filled(path, plan=earlier_plan(CTX.plan))


@case("OLD-CHANGED", False, ("DG227", RESULTS, "G11"), ("DG217", RESULTS, "G11"))
def _old_changed(path: Path) -> None:
    """A template from the plan before this unit's I1 target went from 80 to 100."""
    filled(path, plan=earlier_plan(CTX.plan))


@case("NO-META", False, ("DG202", "", ""))
def _no_meta(path: Path) -> None:
    """A hand-made copy: the results table without the hidden _dgsp sheet."""
    filled(path, tamper=lambda wb: wb.remove(wb[META]))


@case("NEWER", False, ("DG228", META, "B1"))
def _newer(path: Path) -> None:
    """A template made by a future dgsp (schema dgsp.template/2)."""

    def tamper(wb):
        wb[META]["B1"].value = "dgsp.template/2"

    filled(path, tamper=tamper)


@case("DUP-SAME", True)
def _dup_same(path: Path) -> None:
    """Sent twice, byte for byte the same (DUP-SAME (1).xlsx)."""
    filled(path)
    (path.parent / "DUP-SAME (1).xlsx").write_bytes(path.read_bytes())


@case("DUP-DIFF", True)
def _dup_diff(path: Path) -> None:
    """Sent twice with different values; DUP-DIFF (2).xlsx is the newer."""
    filled(path)
    set_modified(path, "2025-01-10T08:00:00Z")
    second = filled(path.parent / "DUP-DIFF (2).xlsx", unit="DUP-DIFF",
                    results={**VALID, "I1": 130})
    set_modified(second, "2025-01-12T08:00:00Z")


@case("LOCKED", True)
def _locked(path: Path) -> None:
    """A return, with Excel's lock file and a hidden copy beside it (both skipped)."""
    filled(path)
    (path.parent / "~$LOCKED.xlsx").write_bytes(b"\x05Admin" + b"\0" * 160)
    (path.parent / ".LOCKED.xlsx").write_bytes(path.read_bytes())


# ----------------------------------------------------------------------------- layout


def _results(wb):
    ws = wb[RESULTS]
    ws.protection.sheet = False
    return ws


@case("ROW-DELETED", False, ("DG207", RESULTS, ""))
def _row_deleted(path: Path) -> None:
    """The I2 row deleted."""
    filled(path, tamper=lambda wb: _results(wb).delete_rows(12))


@case("ROW-ADDED", False, ("DG208", RESULTS, "B16"))
def _row_added(path: Path) -> None:
    """A row added under the table for an indicator not assigned (I9)."""

    def tamper(wb):
        ws = _results(wb)
        ws["B16"].value, ws["H16"].value = "I9", 5

    filled(path, tamper=tamper)


@case("ROW-DUPLICATED", False, ("DG209", RESULTS, "B12"), ("DG207", RESULTS, ""))
def _row_duplicated(path: Path) -> None:
    """The I2 row's code overwritten with I1: I1 twice, I2 missing."""

    def tamper(wb):
        _results(wb)["B12"].value = "I1"

    filled(path, tamper=tamper)


@case("ROWS-REORDERED", True, ("DG230", RESULTS, "B12"))
def _rows_reordered(path: Path) -> None:
    """Rows I1 and I2 swapped (sorted by someone): still read by code."""

    def tamper(wb):
        ws = _results(wb)
        for col in range(1, 10):
            a, b = ws.cell(11, col), ws.cell(12, col)
            a.value, b.value = b.value, a.value

    filled(path, tamper=tamper)


@case("CODE-EDITED", False, ("DG208", RESULTS, "B12"), ("DG207", RESULTS, ""))
def _code_edited(path: Path) -> None:
    """The I2 code edited to I2a."""

    def tamper(wb):
        _results(wb)["B12"].value = "I2a"

    filled(path, tamper=tamper)


@case("TARGET-EDITED", True, ("DG217", RESULTS, "G11"))
def _target_edited(path: Path) -> None:
    """The I1 target lowered from 100 to 60 in the return (the plan's 100 is used)."""

    def tamper(wb):
        _results(wb)["G11"].value = 60

    filled(path, tamper=tamper)


@case("SHEET-RENAMED", True, ("DG232", "Sheet1", ""))
def _sheet_renamed(path: Path) -> None:
    """The results sheet renamed Sheet1: the only sheet with the table, so it is read."""
    filled(path, tamper=lambda wb: setattr(wb[RESULTS], "title", "Sheet1"))


@case("SHEET-DELETED", False, ("DG205", "", ""))
def _sheet_deleted(path: Path) -> None:
    """The results sheet deleted."""
    filled(path, tamper=lambda wb: wb.remove(wb[RESULTS]))


@case("SHEET-MOVED", True)
def _sheet_moved(path: Path) -> None:
    """The results sheet moved after the instructions: found by name, no warning."""
    filled(path, tamper=lambda wb: wb.move_sheet(RESULTS, offset=1))


@case("HEADER-MOVED", True, ("DG231", RESULTS, "B12"))
def _header_moved(path: Path) -> None:
    """Two rows inserted above the table: the header is in row 12."""
    filled(path, tamper=lambda wb: _results(wb).insert_rows(9, 2))


@case("HEADER-EDITED", False, ("DG206", RESULTS, "B10"))
def _header_edited(path: Path) -> None:
    """The result column's header rewritten."""

    def tamper(wb):
        _results(wb)["H10"].value = "Số liệu"

    filled(path, tamper=tamper)


@case("EXTRA-SHEETS", True, ("DG233", "", ""))
def _extra_sheets(path: Path) -> None:
    """A draft sheet and a chart-data sheet added."""

    def tamper(wb):
        wb.create_sheet("Nháp")["A1"] = "ghi chép"
        wb.create_sheet("Số liệu")["A1"] = 42

    filled(path, tamper=tamper)


@case("NFD", True)
def _nfd(path: Path) -> None:
    """Sheet name, headers and notes in NFD, as macOS writes them."""

    def tamper(wb):
        ws = wb[RESULTS]
        ws.title = nfd(RESULTS)
        for col in range(1, 10):
            ws.cell(10, col).value = nfd(ws.cell(10, col).value)

    filled(path, tamper=tamper, notes={"I1": nfd("Báo cáo số 5, Hà Nội")})


# ----------------------------------------------------------------------------- values


@case("EMPTY-RESULT", False, ("DG210", RESULTS, "H12"))
def _empty(path: Path) -> None:
    """The I2 result left empty."""
    filled(path, results={**VALID, "I2": None})


@case("NEGATIVE", False, ("DG211", RESULTS, "H12"))
def _negative(path: Path) -> None:
    """A negative number of accidents."""
    filled(path, results={**VALID, "I2": -3})


@case("NOT-A-NUMBER", False, ("DG212", RESULTS, "H11"))
def _not_a_number(path: Path) -> None:
    """Words where a number belongs."""
    filled(path, results={**VALID, "I1": "khoảng 120"})


@case("DATE-BOOL", False, ("DG218", RESULTS, "H11"), ("DG218", RESULTS, "H12"))
def _date_bool(path: Path) -> None:
    """A date in I1 and a TRUE in I2."""

    def tamper(wb):
        _results(wb)["H12"].value = True

    filled(path, results={**VALID, "I1": datetime(2025, 12, 31)}, tamper=tamper)


@case("BINARY-WORD", False, ("DG213", RESULTS, "H14"))
def _binary_word(path: Path) -> None:
    """A binary indicator answered 'Gần xong'."""
    filled(path, results={**VALID, "I4": "Gần xong"})


@case("BINARY-WORDS-OK", True)
def _binary_words_ok(path: Path) -> None:
    """A binary indicator answered 'dat' (no diacritics, lower case)."""
    filled(path, results={**VALID, "I4": "dat"})


@case("TEXT-NUMBERS", True, ("DG214", RESULTS, "H11"), ("DG214", RESULTS, "H12"),
      ("DG214", RESULTS, "H15"))
def _text_numbers(path: Path) -> None:
    """Numbers typed as text the Vietnamese way: '1.234', '1,5' and '96,5%' (I5 is in %)."""
    filled(path, results={**VALID, "I1": "1.234", "I2": "1,5", "I5": "96,5%"})


@case("TEXT-SPACES", True, ("DG214", RESULTS, "H11"))
def _text_spaces(path: Path) -> None:
    """A number grouped with a non-breaking space: '1\\u00a0234'."""
    filled(path, results={**VALID, "I1": "1\u00a0234"})


@case("AMBIGUOUS", False, ("DG234", RESULTS, "H11"), ("DG234", RESULTS, "H12"),
      ("DG234", RESULTS, "H15"))
def _ambiguous(path: Path) -> None:
    """'2,100', '1.5' and '2.10': two readings each, never guessed."""
    filled(path, results={**VALID, "I1": "2,100", "I2": "1.5", "I5": "2.10"})


@case("PERCENT-SIGN", False, ("DG235", RESULTS, "H11"))
def _percent_sign(path: Path) -> None:
    """'105%' for an indicator counted in people."""
    filled(path, results={**VALID, "I1": "105%"})


@case("FRACTION", False, ("DG224", RESULTS, "H15"))
def _fraction(path: Path) -> None:
    """0.96 in a General cell of a % indicator (target 95): 96% or 0.96%? Not guessed."""

    def tamper(wb):
        _results(wb)["H15"].value = 0.96
        _results(wb)["H15"].number_format = "General"

    filled(path, tamper=tamper)


# ----------------------------------------------------------------------------- issue 9


@case("MIXED-DIGITS", False, ("DG249", RESULTS, "H11"))
def _mixed_digits(path: Path) -> None:
    """"2٠100": an Arabic-Indic zero, which looks like a dot, between ASCII digits."""
    filled(path, results={**VALID, "I1": "1٢0"})


@case("ERROR-VALUE", False, ("DG251", RESULTS, "H11"))
def _error_value(path: Path) -> None:
    """A result cell holding #DIV/0! (an error value, t="e"): calamine reads it as empty."""
    filled(path)
    rewrite_zip(path, replace={sheet_part(path): lambda x: re.sub(
        rb'<c r="H11"([^>]*?) t="n"><v>120</v></c>',
        rb'<c r="H11"\1 t="e"><f>1/0</f><v>#DIV/0!</v></c>', x)})


@case("TWO-RESULTS", False, ("DG252", "", ""))
def _two_results(path: Path) -> None:
    """A copy of the results sheet named "KẾT QUẢ " placed first: which one was signed?"""

    def tamper(wb):
        copy = wb.copy_worksheet(_results(wb))
        copy.title = "KẾT QUẢ "
        wb.move_sheet(copy, offset=-len(wb.sheetnames) + 1)

    filled(path, tamper=tamper)


@case("HIDDEN-RESULTS", False, ("DG253", RESULTS, ""))
def _hidden_results(path: Path) -> None:
    """The results sheet hidden, and a visible edited copy shown instead."""

    def tamper(wb):
        copy = wb.copy_worksheet(_results(wb))
        copy.title = "Bản sao"
        copy["H11"].value = 999
        _results(wb).sheet_state = "hidden"
        wb.active = wb.sheetnames.index("Bản sao")

    filled(path, tamper=tamper)


@case("FORGED-CODE", False, ("DG254", RESULTS, "C5"))
def _forged_code(path: Path) -> None:
    """The hidden _dgsp sheet edited to another unit's code; the sheet still shows the own."""

    def tamper(wb):
        _results(wb)["C5"].value = "OK-1"

    filled(path, tamper=tamper)


@case("PERCENT-CELL", False, ("DG257", RESULTS, "H11"))
def _percent_cell(path: Path) -> None:
    """A result of a head count (người) in a percentage cell: 1.2 shown as 120%."""

    def tamper(wb):
        _results(wb)["H11"].value = 1.2
        _results(wb)["H11"].number_format = "0%"

    filled(path, tamper=tamper)


@case("HUGE", False, ("DG258", RESULTS, "H11"))
def _huge(path: Path) -> None:
    """A result of 10^16 on a target of 100: it stopped `dgsp score` for everyone."""
    filled(path, results={**VALID, "I1": 1e16})


@case("FORMULA-CACHED", True, ("DG236", RESULTS, "H11"))
def _formula_cached(path: Path) -> None:
    """A formula with its value saved, as Excel writes it: <f>SUM(50,70)</f><v>120</v>."""
    filled(path)
    rewrite_zip(path, replace={sheet_part(path): lambda x: re.sub(
        rb'<c r="H11"([^>]*?) t="n"><v>120</v></c>',
        rb'<c r="H11"\1><f>SUM(50,70)</f><v>120</v></c>', x)})


@case("FORMULA-UNCACHED", False, ("DG237", RESULTS, "H11"))
def _formula_uncached(path: Path) -> None:
    """A formula never calculated (written by a tool that does not compute): no value."""

    def tamper(wb):
        _results(wb)["H11"].value = "=SUM(50,70)"

    filled(path, tamper=tamper)


@case("OUTLIERS", True, ("DG239", RESULTS, "H11"), ("DG238", RESULTS, "H12"))
def _outliers(path: Path) -> None:
    """0 new members against a target of 100; 5000 accidents against 10."""
    filled(path, results={**VALID, "I1": 0, "I2": 5000})


# ----------------------------------------------------------------------------- files


@case("NOT-ZIP", False, ("DG201", "", ""))
def _not_zip(path: Path) -> None:
    """A PDF renamed .xlsx."""
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")


@case("TRUNCATED", False, ("DG201", "", ""))
def _truncated(path: Path) -> None:
    """A download cut half way."""
    filled(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@case("CORRUPT-PART", False, ("DG201", "", ""))
def _corrupt_part(path: Path) -> None:
    """A readable zip whose results sheet is not XML."""
    filled(path)
    rewrite_zip(path, replace={sheet_part(path): b"<worksheet><sheetData><row"})


@case("OLD-XLS", False, ("DG240", "", ""), file="OLD-XLS.xls")
def _old_xls(path: Path) -> None:
    """An Excel 97-2003 workbook (.xls)."""
    path.write_bytes(ole_file(["Workbook", "\x05SummaryInformation"]))


@case("XLSB", False, ("DG240", "", ""), file="XLSB.xlsb")
def _xlsb(path: Path) -> None:
    """An Excel binary workbook (.xlsb)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas'
                    '.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00")


@case("ODS", True, file="ODS.ods")
def _ods(path: Path) -> None:
    """Saved as .ods by LibreOffice, the hidden _dgsp sheet kept: read like .xlsx."""
    write_ods(path, grids(workbook("ODS")))


@case("ODS-NO-META", False, ("DG241", "", ""), file="ODS-NO-META.ods")
def _ods_no_meta(path: Path) -> None:
    """An .ods made by copying the table into a new file: no _dgsp sheet."""
    sheets = grids(workbook("ODS-NO-META"))
    del sheets[META]
    write_ods(path, sheets)


@case("ENCRYPTED", False, ("DG242", "", ""))
def _encrypted(path: Path) -> None:
    """A workbook saved with a password to open (an OLE file holding EncryptedPackage)."""
    path.write_bytes(ole_file(["EncryptionInfo", "EncryptedPackage",
                               "\x06DataSpaces"]))


@case("MACROS", True, ("DG243", "", ""), file="MACROS.xlsm")
def _macros(path: Path) -> None:
    """A macro-enabled workbook (.xlsm) with a VBA project: values read, nothing run."""
    filled(path)
    ct = ('<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>')
    rewrite_zip(path, replace={"[Content_Types].xml": lambda x: x.replace(
        b"<Default ", ct.encode() + b"<Default ", 1).replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")},
        add={"xl/vbaProject.bin": b"\xcc\x61" + b"Attribute VB_Name = \"Module1\"" * 8})


@case("ZIP-BOMB", False, ("DG222", "", ""))
def _zip_bomb(path: Path) -> None:
    """A member of 64 MB of zeros, compressed about 1000 times."""
    filled(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.png", bytes(64 * 1024 * 1024))


@case("ZIP-TOTAL", False, ("DG222", "", ""))
def _zip_total(path: Path) -> None:
    """Members each under every per-member limit, over the total unzipped limit together."""
    import random

    filled(path)
    noise = random.Random(7).randbytes(600 * 1024)
    names = [f"xl/media/image{n}.png" for n in range(1, 4)]
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_STORED) as zf:
        for name in names:
            zf.writestr(name, noise)
    set_declared_sizes(path, {name: 100 * 1024 * 1024 - 1 for name in names})


@case("XML-BOMB", False, ("DG244", "", ""))
def _xml_bomb(path: Path) -> None:
    """'Billion laughs': nested entities in the results sheet's XML."""
    filled(path)
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    bomb = f"<!DOCTYPE worksheet [{''.join(entities)}]>".encode()
    rewrite_zip(path, replace={sheet_part(path): lambda x: with_prolog(x, bomb).replace(
        b"<v>120</v>", b"<v>&lol9;</v>", 1)})


@case("XXE", False, ("DG244", "", ""))
def _xxe(path: Path) -> None:
    """An external entity reading a local file, in xl/workbook.xml."""
    filled(path)
    doctype = b'<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    rewrite_zip(path, replace={"xl/workbook.xml": lambda x: with_prolog(x, doctype)})


@case("EXTERNAL-LINK", True, ("DG245", "", ""))
def _external_link(path: Path) -> None:
    """A link to another workbook on the sender's disk."""
    filled(path)
    link = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns='
            '"http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas'
            '.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1">'
            '<sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/externalLinkPath" Target="file:///C:/Users/ketoan/so-lieu.xlsx" '
            'TargetMode="External"/></Relationships>')
    rewrite_zip(path, add={"xl/externalLinks/externalLink1.xml": link,
                           "xl/externalLinks/_rels/externalLink1.xml.rels": rels})


@case("FAR-CELL", False, ("DG222", "", ""))
def _far_cell(path: Path) -> None:
    """One character typed in cell XFD1048576: a 17-billion-cell grid if read densely."""

    def tamper(wb):
        _results(wb)["XFD1048576"].value = "."

    filled(path, tamper=tamper)


@case("EMPTY-FILE", False, ("DG246", "", ""))
def _empty_file(path: Path) -> None:
    """A file of 0 bytes (a failed download)."""
    path.write_bytes(b"")


@case("FOLDER", False, ("DG247", "", ""))
def _folder(path: Path) -> None:
    """A folder named FOLDER.xlsx (an unzipped workbook, say)."""
    path.mkdir()
    (path / "[Content_Types].xml").write_text("<Types/>")


# ----------------------------------------------------------------------------- folder level

FOLDER_PROBLEMS: tuple[tuple[str, str], ...] = (
    # (code, file name): what only gather() over the whole folder reports
    ("DG220", ".LOCKED.xlsx"),
    ("DG220", "~$LOCKED.xlsx"),
    ("DG221", "DUP-SAME.xlsx"),  # the copy "DUP-SAME (1).xlsx" sorts first and is kept
)
DUPLICATE_REJECTED = {"DUP-DIFF": ("DG216", "DUP-DIFF (2).xlsx")}  # (code, file kept) without --prefer
PREFER_NEWEST = {"DUP-DIFF": ("DG229", "DUP-DIFF (2).xlsx")}  # with prefer="newest"


# ----------------------------------------------------------------------------- generate


def expected() -> dict:
    """The manifest as plain data (what expected.json holds)."""
    return {
        "cases": {c.name: {"unit": c.unit, "ok": c.ok, "note": c.note,
                           "problems": [list(p) for p in c.expect]} for c in CASES},
        "folder_problems": [list(p) for p in FOLDER_PROBLEMS],
        "duplicates_rejected": {u: list(v) for u, v in DUPLICATE_REJECTED.items()},
        "prefer_newest": {u: list(v) for u, v in PREFER_NEWEST.items()},
    }


def generate(out: Path) -> tuple[Plan, Path, Path]:
    """Write the plan, the returns folder and expected.json into ``out``; return them."""
    from dgsp.plan.workbook import write_plan

    out = Path(out)
    returns = out / "returns"
    returns.mkdir(parents=True, exist_ok=False)
    CTX.plan, CTX.out = corpus_plan(), returns
    plan_path = out / "plan.xlsx"
    write_plan(plan_path, CTX.plan)
    for c in CASES:
        c.build(returns / c.name)
    (out / "expected.json").write_text(json.dumps(expected(), ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
    return CTX.plan, plan_path, returns


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    plan, plan_path, returns = generate(Path(sys.argv[1]))
    print(f"{len(CASES)} cases, {sum(1 for _ in returns.iterdir())} entries in {returns}")
