"""Attacks on the guard of untrusted workbooks (dgsp.xlsx.guard), each built in code.

- the formula, error and percentage facts of a sheet (``cell_facts``), found in one linear
  scan however the XML is broken, and agreeing with openpyxl on sheets that are not;
- ``<!DOCTYPE`` / ``<!ENTITY`` anywhere in any member a parser may read, streamed;
- the budget that keeps an annotated copy (openpyxl loads every sheet) small;
- ``modified_time`` on a FIFO, and the stamp read from the package in memory.

Every workbook here is written by zipfile from hand-written XML (or by openpyxl): no
binary fixture. The only timing assertion is the hang guard (marked so below).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
import time
import warnings
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dgsp import xlsx
from dgsp.xlsx import guard
from dgsp.xlsx.guard import CellFacts, Formula, _Package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"

# ----------------------------------------------------------------------------- building packages


def sheet(rows: bytes | str, after: bytes | str = b"") -> bytes:
    """A worksheet part holding ``rows`` in its sheetData (``after`` follows sheetData)."""
    rows = rows.encode() if isinstance(rows, str) else rows
    after = after.encode() if isinstance(after, str) else after
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}" '
            f'xmlns:r="{REL}"><sheetData>').encode() + rows + b"</sheetData>" + after \
        + b"</worksheet>"


def styles(formats: dict[int, str] | None = None, xfs: list[int] | None = None,
           traps: bool = True) -> bytes:
    """A styles part: custom ``formats`` (id → code) and ``cellXfs`` of these numFmtIds.

    ``traps`` adds a cellStyleXfs entry and a differential format that hold percentages
    but are not cell formats (a scanner must not count them)."""
    formats = formats or {}
    xfs = [0] if xfs is None else xfs
    fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{escape(c, {chr(34): "&quot;"})}"/>'
                   for i, c in formats.items())
    cell_xfs = "".join(f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0"/>'
                       for n in xfs)
    trap_xf = '<xf numFmtId="9" fontId="0" fillId="0" borderId="0"/>' if traps else ""
    dxfs = ('<dxfs count="1"><dxf><numFmt numFmtId="0" formatCode="0%"/></dxf></dxfs>'
            if traps else "")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="{MAIN}">'
            f'<numFmts count="{len(formats)}">{fmts}</numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" '
            f'borderId="0"/>{trap_xf}</cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{cell_xfs}</cellXfs>{dxfs}</styleSheet>').encode()


def package(sheets: dict[str, bytes], *, style: bytes | None = None,
            styles_target: str = "styles.xml", targets: dict[str, str] | None = None,
            extra: dict[str, bytes] | None = None, stored: bool = False) -> bytes:
    """An .xlsx written by zipfile: ``sheets`` (name → part) at ``xl/worksheets/sheetN.xml``
    or at ``targets[name]`` (relative to ``xl/``), ``style`` at ``xl/<styles_target>``, and
    ``extra`` members as they are."""
    targets = targets or {}
    names = list(sheets)
    parts = {n: targets.get(n, f"worksheets/sheet{i}.xml") for i, n in enumerate(names, 1)}
    overrides = "".join(f'<Override PartName="/xl/{t}" ContentType="{CT}.worksheet+xml"/>'
                        for t in parts.values())
    if style is not None:
        overrides += f'<Override PartName="/xl/{styles_target}" ContentType="{CT}.styles+xml"/>'
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        f'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        f'ContentType="{CT}.sheet.main+xml"/>{overrides}</Types>')
    root_rels = (f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{REL}/'
                 'officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = (f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                + "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                          for i, n in enumerate(names, 1))
                + "</sheets></workbook>")
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="{parts[n]}"/>'
                   for i, n in enumerate(names, 1))
    if style is not None:
        rels += f'<Relationship Id="rIdS" Type="{REL}/styles" Target="{styles_target}"/>'
    members = {"[Content_Types].xml": content_types.encode(), "_rels/.rels": root_rels.encode(),
               "xl/workbook.xml": workbook.encode(),
               "xl/_rels/workbook.xml.rels":
                   f'<Relationships xmlns="{PKG_REL}">{rels}</Relationships>'.encode()}
    for n in names:
        members[f"xl/{parts[n]}"] = sheets[n]
    if style is not None:
        members[f"xl/{styles_target}"] = style
    members.update(extra or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def facts(xml: bytes, style: bytes | None = None, **kw) -> dict[str, CellFacts]:
    return _Package(package({"S": xml}, style=style, **kw)).cell_facts("S")


# ----------------------------------------------------------------------------- 1. cell facts


def test_hang_guard_a_comment_full_of_cell_tags(tmp_path):
    """HANG GUARD (the only timing assertion of this file): 300,000 ``<c>`` tags in a comment
    took 1,113 s with the old regex (``(.*?)</c>`` rescanned the rest of the part for every
    ``<c>``). The scan runs in a subprocess that is killed after 10 s, a 100× margin."""
    xml = sheet('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>',
                b"<!--" + b"<c>" * 300_000 + b"-->")
    path = tmp_path / "comment.xlsx"
    path.write_bytes(package({"S": xml}, style=styles({}, [0, 9])))
    code = ("import sys; from dgsp.xlsx.guard import _Package\n"
            "p = _Package(open(sys.argv[1], 'rb').read())\n"
            "print(sorted(p.formulas('S').items()))\n"
            "print(sorted(p.cell_facts('S').items()))\n")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         timeout=10, check=True).stdout
    assert time.perf_counter() - start < 10
    formula = Formula("=1+1", True)
    assert out.splitlines() == [repr([("A1", formula)]),
                                repr([("A1", CellFacts(formula=formula))])]


def test_cell_facts_formulas_errors_and_percentages():
    style = styles({164: "0.0%", 165: "#,##0", 166: '0%;-0%;"-"'}, [0, 9, 10, 164, 165, 166])
    xml = sheet(
        '<row r="2"><c r="A2" s="1"><v>0.5</v></c><c r="B2" s="2"/><c r="C2" s="3" t="n">'
        '<v>1</v></c><c r="D2" s="4"><v>1</v></c><c r="E2" s="5"><v>0</v></c></row>'
        '<row r="3"><c r="A3" t="e"><v>#DIV/0!</v></c><c r="B3" t="e" s="1"><f>1/0</f>'
        '<v>#DIV/0!</v></c><c r="C3" t="e"><v>#N/A</v></c><c r="D3" t="str"><f>"a"&amp;"b"</f>'
        '<v>ab</v></c><c r="E3"><f>SUM(A2:E2)</f></c></row>')
    assert facts(xml, style) == {
        "A2": CellFacts(percent=True), "B2": CellFacts(percent=True),
        "C2": CellFacts(percent=True), "E2": CellFacts(percent=True),
        "A3": CellFacts(error="#DIV/0!"),
        "B3": CellFacts(formula=Formula("=1/0", True), error="#DIV/0!", percent=True),
        "C3": CellFacts(error="#N/A"),
        "D3": CellFacts(formula=Formula('="a"&"b"', True)),
        "E3": CellFacts(formula=Formula("=SUM(A2:E2)", False)),
    }


def test_cell_facts_numbers_cells_and_rows_without_an_address():
    xml = sheet('<row r="4"><c t="e"><v>#N/A</v></c><c/><c><f>1</f></c><c r="F4"/>'
                '<c t="e"><v>#REF!</v></c></row><row><c><f>2</f><v>2</v></c></row>'
                '<row r="9"/><row><c r="C10" t="e"><v>#NAME?</v></c><c t="e"><v>#NUM!</v></c>'
                '</row>')
    assert facts(xml) == {
        "A4": CellFacts(error="#N/A"), "C4": CellFacts(formula=Formula("=1", False)),
        "G4": CellFacts(error="#REF!"), "A5": CellFacts(formula=Formula("=2", True)),
        "C10": CellFacts(error="#NAME?"), "D10": CellFacts(error="#NUM!")}


def test_cell_facts_prefixed_tags_cdata_shared_formulas_and_comments():
    xml = (f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" s="1">'
           '<x:f t="shared" ref="A1:A3" si="0">B1*2</x:f><x:v>4</x:v></x:c></x:row>'
           '<x:row r="2"><x:c r="A2"><x:f t="shared" si="0"/><x:v>6</x:v></x:c>'
           '<!-- <x:c r="Z9"><x:f>HIDDEN()</x:f></x:c> --></x:row><x:row r="3"><x:c r="A3" '
           't="e"><x:f><![CDATA[1/0]]></x:f><x:v><![CDATA[#DIV/0!]]></x:v></x:c></x:row>'
           '</x:sheetData></x:worksheet>').encode()
    assert facts(xml, styles({}, [0, 10])) == {
        "A1": CellFacts(formula=Formula("=B1*2", True), percent=True),
        "A2": CellFacts(formula=Formula("=B1*2", True)),  # shared: the master's text, as before
        "A3": CellFacts(formula=Formula("=1/0", True), error="#DIV/0!")}


@pytest.mark.parametrize("code, percent", [
    ("0%", True), ("0.0#%", True), ("#,##0.00 %", True), ('0%;-0%;"-"', True),
    ('"%"0', False), ("0\\%", False), ("[$%-409]0", False), ("0;0%", False),
    ('[Red]0.0%;"x"', True), ('"a;b"0%', True), ("0.00", False), ("", False),
    ('"unclosed %', False), ("[unclosed %", False), ("0\\", False),
])
def test_percent_formats(code, percent):
    xml = sheet('<row r="1"><c r="A1" s="1"><v>1</v></c></row>')
    assert facts(xml, styles({164: code}, [0, 164])) == (
        {"A1": CellFacts(percent=True)} if percent else {})


def test_percent_builtin_formats_style_zero_and_a_redefined_builtin():
    xml = sheet('<row r="1"><c r="A1"><v>1</v></c><c r="B1" s="1"><v>1</v></c>'
                '<c r="C1" s="2"><v>1</v></c><c r="D1" s="3"><v>1</v></c>'
                '<c r="E1" s="99"><v>1</v></c><c r="F1" s="x"><v>1</v></c></row>')
    # style 0 (no s) is 0.00%; 9 is redefined by the file as 0.00 (openpyxl honours it)
    found = facts(xml, styles({9: "0.00"}, [10, 9, 11, 10]))
    assert found == {"A1": CellFacts(percent=True), "D1": CellFacts(percent=True)}


def test_styles_are_found_through_the_workbook_relationships():
    xml = sheet('<row r="1"><c r="A1" s="1"><v>1</v></c></row>')
    elsewhere = facts(xml, styles({}, [0, 9]), styles_target="custom/look.xml")
    assert elsewhere == {"A1": CellFacts(percent=True)}
    # no styles relationship: xl/styles.xml
    data = package({"S": xml}, extra={"xl/styles.xml": styles({}, [0, 9])})
    assert _Package(data).cell_facts("S") == {"A1": CellFacts(percent=True)}


def test_formulas_stay_as_before_and_ods_has_no_facts():
    xml = sheet('<row r="1"><c r="A1" s="1"><f>1</f></c><c r="B1" s="1"/></row>')
    p = _Package(package({"S": xml}, style=styles({}, [0, 9])))
    assert p.formulas("S") == {"A1": Formula("=1", False)}
    assert p.cell_facts("nowhere") == {} and p.formulas("nowhere") == {}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content xmlns:office='urn:oasis:names:"
                                   "tc:opendocument:xmlns:office:1.0'/>")
    ods = _Package(buf.getvalue())
    assert ods.kind == "ods" and ods.cell_facts("S") == {} and ods.formulas("S") == {}


def test_single_quoted_attributes_are_read():
    """A single-quoted attribute value used to be read as empty: the sheet was not found."""
    xml = sheet("<row r='1'><c r='A1' s='1' t='e'><f>1/0</f><v>#DIV/0!</v></c></row>")
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package({"S": xml}, style=styles({}, [0, 9])))) as zin, \
            zipfile.ZipFile(buf, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
                body = body.replace(b'"', b"'")
            zout.writestr(info.filename, body)
    assert _Package(buf.getvalue()).cell_facts("S") == {
        "A1": CellFacts(formula=Formula("=1/0", True), error="#DIV/0!", percent=True)}


def test_a_later_cell_at_the_same_address_replaces_the_earlier():
    xml = sheet('<row r="1"><c r="A1"><f>1</f></c><c r="A1"><v>3</v></c>'
                '<c r="B1"><v>1</v></c><c r="B1" t="e"><v>#N/A</v></c></row>')
    assert facts(xml) == {"B1": CellFacts(error="#N/A")}


@pytest.mark.parametrize("xml", [
    b'<row r="' + b"9" * 5000 + b'"><c><f>1</f></c></row>',  # int() refuses over 4,300 digits
    b'<row r="1"><c r="A' + b"9" * 5000 + b'"><f>1</f></c></row>',
    b'<row r="1"><c r="' + b"A" * 50_000 + b'1"><f>1</f></c></row>',
    b'<row r="\xc2\xb2"><c><f>1</f></c></row>',  # a superscript two: isdigit() but not int()
])
def test_absurd_addresses_are_numbered_on_not_crashed_on(xml):
    assert set(facts(sheet(xml)).values()) == {CellFacts(formula=Formula("=1", False))}


@pytest.mark.parametrize("xml", [
    b'<row r="' + b"9" * 5000 + b'"/>',
    b'<row r="1"><c r="A' + b"9" * 5000 + b'"/></row>',
    b'<row r="1"><c r="' + b"A" * 50_000 + b'1"/></row>',  # a column index of 70,000 digits
])
def test_sheet_extent_refuses_absurd_addresses(xml):
    from dgsp.xlsx import SuspiciousWorkbook, sheet_extent

    with pytest.raises(SuspiciousWorkbook, match="address|row"):
        sheet_extent(xml)
    with pytest.raises(SuspiciousWorkbook):
        guard._check_extent("s", b'<row r="1"><c r="B2000"/></row>' + xml)


def test_duplicate_cells_are_counted_against_the_grid():
    """A sheet whose cells all sit at A1 has an extent of one cell, but calamine and the
    scanner still go through every one: their number is bounded like the grid."""
    xml = sheet(b'<row r="1">' + b'<c r="A1"/>' * (guard.MAX_SHEET_CELLS + 1) + b"</row>")
    with pytest.raises(xlsx.SuspiciousWorkbook, match="cell elements"):
        guard._check_extent("S", xml)
    p = _Package(package({"S": xml}, stored=True))
    with pytest.raises(xlsx.SuspiciousWorkbook, match="S: over 2,000,000 cell elements"):
        p.cell_facts("S")


def test_too_many_styles_are_refused():
    xfs = b'<xf numFmtId="9"/>' * (guard.MAX_STYLES + 1)
    style = (f'<styleSheet xmlns="{MAIN}"><cellXfs>').encode() + xfs + b"</cellXfs></styleSheet>"
    p = _Package(package({"S": sheet('<row r="1"><c r="A1" s="3"><v>1</v></c></row>')},
                         style=style, stored=True))  # stored: not refused as a zip bomb
    with pytest.raises(xlsx.SuspiciousWorkbook, match="styles"):
        p.cell_facts("S")


# --- cell_facts agrees with openpyxl on generated sheets

FORMULAS = ["SUM(A1:A3)", "1+1", '"a"&"b"', "A1<B1", "IF(A1>0,1,0)", "1/0", "NA()"]
ERRORS = ["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"]
FORMAT_PIECES = ["0", "#", ".", ",", "%", ";", '"%"', '"x"', "\\%", "\\x", "[Blue]", "[$%-409]",
                 "[>100]", " ", "E+", "-", "_", "@", '"', "[", "\\"]


@st.composite
def generated_book(draw):
    formats = {164 + i: "".join(draw(st.lists(st.sampled_from(FORMAT_PIECES), max_size=6)))
               for i in range(draw(st.integers(0, 4)))}
    ids = [0, 2, 9, 10, 49, *formats]  # no date format: openpyxl would convert the values
    xfs = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=6))
    rows, row = [], 0
    for _ in range(draw(st.integers(0, 5))):
        step = draw(st.integers(1, 3))
        row += step
        explicit_row = step > 1 or draw(st.booleans())  # else numbered on from the last
        cells, col = [], 0
        for _ in range(draw(st.integers(0, 5))):
            gap = draw(st.integers(1, 3))
            col += gap
            attrs = {}  # written in any order and with either quote: the slow path too
            if gap > 1 or draw(st.booleans()):
                attrs["r"] = f"{xlsx.col_letter(col - 1)}{row}"
            if draw(st.booleans()):
                attrs["s"] = str(draw(st.integers(0, len(xfs) - 1)))
            kind = draw(st.sampled_from(["empty", "number", "error", "formula", "formula-error",
                                         "formula-str", "bool"]))
            body = ""
            if kind == "number":
                body = f"<v>{draw(st.sampled_from(['1', '2.5', '-3', '0']))}</v>"
            elif kind == "error":
                attrs["t"] = "e"
                body = f"<v>{draw(st.sampled_from(ERRORS))}</v>"
            elif kind == "bool":
                attrs["t"] = "b"
                body = f"<v>{draw(st.sampled_from(['0', '1']))}</v>"
            elif kind.startswith("formula"):
                text = escape(draw(st.sampled_from(FORMULAS)))
                if kind == "formula-error":
                    attrs["t"] = "e"
                    value = draw(st.sampled_from(ERRORS))
                elif kind == "formula-str":
                    attrs["t"] = "str"
                    value = draw(st.sampled_from(["ab", "", "x y"]))
                else:
                    value = draw(st.sampled_from(["", "1", "0.5"]))
                body = f"<f>{text}</f>" + (f"<v>{value}</v>" if value else "")
            order = draw(st.permutations(list(attrs)))
            quote = draw(st.sampled_from(['"', "'"]))
            written = "".join(f" {k}={quote}{attrs[k]}{quote}" for k in order)
            cells.append(f"<c{written}/>" if not body else f"<c{written}>{body}</c>")
        rows.append((f'<row r="{row}">' if explicit_row else "<row>") + "".join(cells) + "</row>")
    return sheet("".join(rows)), styles(formats, xfs)


def _percent_oracle(code: str) -> bool:
    """The rule, written another way: drop quoted text, escaped characters and [brackets]
    (an unclosed one runs to the end), then look for % in the first section."""
    code = re.sub(r'"[^"]*("|$)|\\.|\[[^\]]*(\]|$)', "", code, flags=re.S)
    return "%" in code.split(";")[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_book())
def test_cell_facts_agree_with_openpyxl(book):
    from openpyxl import load_workbook

    data = package({"S": book[0]}, style=book[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ws = load_workbook(io.BytesIO(data))["S"]
        values = load_workbook(io.BytesIO(data), data_only=True)["S"]
    expected = {}
    for (r, c), cell in ws._cells.items():
        plain = values._cells[(r, c)]
        formula = (Formula(cell.value, plain.value is not None) if cell.data_type == "f"
                   else None)
        error = plain.value if plain.data_type == "e" and plain.value else ""
        found = CellFacts(formula, error, _percent_oracle(cell.number_format))
        if found != CellFacts():
            expected[cell.coordinate] = found
    assert _Package(data).cell_facts("S") == expected


# --- nothing but UnreadableWorkbook, whatever the bytes

FRAGMENTS = [b"<c", b"<c ", b"<x:c ", b"</c>", b"<row", b" r=", b'r="', b"'", b'"', b">", b"/>",
             b"<f>", b"</f>", b"<f/>", b"<v>", b"</v>", b' t="e"', b' s="1"', b' si="0"', b"A1",
             b"XFD1048576", b"99999999999", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?", b"?>",
             b"&amp;", b"&#", b";", b"<sheetData>", b"<mergeCell ref=\"A1:C3\"/>", b"\x00",
             b"\xff\xfe", b"\xc3", b"<numFmt numFmtId=\"164\" formatCode=\"0%\"/>", b"<cellXfs>",
             b"</cellXfs>", b"<xf numFmtId=\"9\"/>", b"<dcterms:modified>", b"2025-01-01T00:00:00Z",
             b"<", b"=", b" "]
junk = st.one_of(st.binary(max_size=300),
                 st.lists(st.sampled_from(FRAGMENTS), max_size=60).map(b"".join))


@settings(max_examples=300, deadline=None)
@given(part=junk, style=junk, core=junk)
def test_the_guard_raises_only_unreadable_workbook(part, style, core):
    data = package({"S": part}, style=style, extra={"docProps/core.xml": core})
    try:
        p = _Package(data)
    except xlsx.UnreadableWorkbook:
        return
    for check in (p.cell_facts, p.formulas, p.guard_sheet):
        try:
            check("S")
        except xlsx.UnreadableWorkbook:
            pass
    try:
        p.guard_copy()
    except xlsx.UnreadableWorkbook:
        pass
    assert p.modified() is None or p.modified().tzinfo is not None
    try:
        xlsx.sheet_extent(part)
    except xlsx.SuspiciousWorkbook:
        pass


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_file_raise_only_unreadable_workbook(data):
    try:
        _Package(data).cell_facts("S")
    except xlsx.UnreadableWorkbook:
        pass


# ----------------------------------------------------------------------------- 2. DOCTYPE anywhere

DTD = b'<!DOCTYPE x [<!ENTITY a "b">]>'
NORMAL = sheet('<row r="1"><c r="A1"><v>1</v></c></row>')


def _with(member: str, data: bytes, **kw) -> bytes:
    return package({"S": NORMAL}, extra={member: data}, **kw)


@pytest.mark.parametrize("member, data", [
    ("xl/workbook.xml", f'<workbook xmlns="{MAIN}">'.encode() + DTD + b"</workbook>"),
    ("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}"><si><t>x</t></si>'.encode()
     + b'<!entity e SYSTEM "file:///etc/passwd">' + b"</sst>"),
    ("docProps/custom.xml", b"<Properties>" + b" " * 100_000 + b"<!DocType p></Properties>"),
    ("customXml/item1", b"<a/>" + DTD),  # no extension: still XML to a parser
    ("xl/printerSettings/printerSettings1.bin", b"<a>" + DTD),  # .bin, but no binary magic
    ("xl/media/image1.png", b"<svg>" + DTD),  # a picture's name, not a picture's bytes
    ("docProps/app.xml", ('<?xml version="1.0" encoding="UTF-16"?><a>' + DTD.decode()
                          + "</a>").encode("utf-16")),
    ("docProps/app.xml", ('<a>' + DTD.decode() + "</a>").encode("utf-16-be")),
    ("docProps/app.xml", ("<a>" + DTD.decode().lower() + "</a>").encode("utf-16-le")),
])
def test_dg244_anywhere_in_any_member(member, data):
    with pytest.raises(xlsx.UnsafeXml) as exc:
        _Package(_with(member, data))
    assert exc.value.params == {"member": member} and exc.value.code == "DG244"


def test_dg244_in_a_sheet_part_named_anything():
    xml = sheet('<row r="1"><c r="A1"><v>1</v></c></row>', DTD)
    data = package({"S": xml}, targets={"S": "worksheets/sheet1.dat"})
    with pytest.raises(xlsx.UnsafeXml, match="xl/worksheets/sheet1.dat"):
        _Package(data)


@pytest.mark.parametrize("stored", [False, True])
@pytest.mark.parametrize("shift", [-20, -9, -5, -1, 0, 3])
def test_dg244_across_a_chunk_boundary(stored, shift):
    import random

    def text(n: int) -> str:  # that does not compress like a zip bomb
        return "".join(random.Random(n).choices("abcdefgh ", k=n))

    at = guard.CHUNK + shift
    narrow = f"<a>{text(at - 3)}<!DOCTYPE a>{text(5000)}</a>".encode()
    assert narrow.index(b"<!DOCTYPE") == at
    with pytest.raises(xlsx.UnsafeXml):
        _Package(_with("docProps/big.xml", narrow, stored=stored))
    wide = f"<a>{text(at // 2 - 3)}<!ENTITY a></a>".encode("utf-16-le")
    with pytest.raises(xlsx.UnsafeXml):
        _Package(_with("docProps/big.xml", wide, stored=stored))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.binary(max_size=200), st.integers(1, 40),
       st.sampled_from([b"<!DOCTYPE", b"<!doctype", b"<!EnTiTy", b"<!ENTITY"]),
       st.sampled_from(["utf-8", "utf-16-le", "utf-16-be"]), st.booleans())
def test_dg244_whatever_the_chunking(before, after, chunk, word, encoding, stored):
    from unittest import mock

    word = word.decode().encode(encoding)
    if encoding != "utf-8":  # a wide part: its neighbours are wide characters too
        before, after = before[: len(before) // 2 * 2], after[: len(after) // 2 * 2]
    data = _with("docProps/x.xml", before + word + after, stored=stored)
    with mock.patch.object(guard, "CHUNK", chunk), pytest.raises(xlsx.UnsafeXml):
        _Package(data)


def test_binary_members_and_escaped_text_are_not_refused():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 30 + b"<!DOCTYPE by chance" + bytes(range(256))
    jpeg = b"\xff\xd8\xff\xe0" + b"<!ENTITY" * 3
    ole = guard._OLE_MAGIC + b"<!DOCTYPE"
    text = f'<sst xmlns="{MAIN}"><si><t>&lt;!DOCTYPE x&gt;</t></si></sst>'.encode()
    p = _Package(package({"S": NORMAL}, extra={
        "xl/media/image1.png": png, "xl/media/image2.jpeg": jpeg, "xl/vbaProject.bin": ole,
        "xl/sharedStrings.xml": text}))
    assert p.sheet_xml("S") == NORMAL


def test_a_sheet_part_is_never_skipped_as_binary():
    xml = b"\x89PNG\r\n\x1a\n" + sheet('<row r="1"><c r="A1"><v>1</v></c></row>', DTD)
    with pytest.raises(xlsx.UnsafeXml):
        _Package(package({"S": xml}, targets={"S": "media/sheet.png"}))


def test_a_member_longer_than_it_declares_is_refused(tmp_path):
    """Parsers stop at the declared size; the scan must not stop short of what they read,
    nor read on past it: a member that inflates to more than it declares is refused."""
    mc = __import__("conftest").load_make_corpus()
    path = tmp_path / "long.xlsx"
    path.write_bytes(_with("docProps/x.xml", b"<a>" + b"x" * 5000 + b"</a>" + DTD))
    mc.set_declared_sizes(path, {"docProps/x.xml": 100})
    with pytest.raises(xlsx.SuspiciousWorkbook, match="more than"):
        _Package(path.read_bytes())


def test_no_codec_lets_expat_expand_an_entity_the_scan_misses():
    """Every text codec Python knows: a part in that codec whose entity expat expands
    (through its declaration or a byte-order mark) is refused."""
    import encodings
    import pkgutil
    import xml.etree.ElementTree as ET

    body = '<!DOCTYPE a [<!ENTITY b "expanded">]><a>&b;</a>'
    parsed = 0
    for codec in sorted({m.name for m in pkgutil.iter_modules(encodings.__path__)}):
        for head in ("", f'<?xml version="1.0" encoding="{codec}"?>'):
            try:
                data = (head + body).encode(codec)
            except Exception:  # not a text codec, or it cannot write these characters
                continue
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    expanded = ET.fromstring(data).text == "expanded"
            except Exception:  # expat refuses it: nothing to guard
                continue
            if expanded:
                parsed += 1
                with pytest.raises(xlsx.UnsafeXml):
                    _Package(_with("docProps/x.xml", data))
    assert parsed >= 3  # utf-8, utf-16 and friends at least


def test_an_ordinary_template_is_read_as_before(tmp_path):
    from conftest import small_plan

    from dgsp.intake.returns import read_return
    from dgsp.plan.templates import build_template

    path = tmp_path / "XA.xlsx"
    build_template(small_plan(), "XA", "vi").save(path)
    p = _Package(path.read_bytes())
    assert p.kind == "xlsx" and p.macros == "" and p.external_links == ()
    assert read_return(path, small_plan()).unit == "XA"


# ----------------------------------------------------------------------------- 3. the copy's budget


@pytest.fixture
def a_return(tmp_path):
    """A unit's template, as a unit would send it back, with one more (empty) sheet, "Extra"."""
    from conftest import small_plan

    from dgsp.plan.templates import build_template

    wb = build_template(small_plan(), "XA", "vi")
    wb.create_sheet("Extra")["A1"] = 1
    path = tmp_path / "XA.xlsx"
    wb.save(path)
    return path


def _replace_sheet(path: Path, name: str, xml: bytes, extra: dict | None = None) -> Path:
    mc = __import__("conftest").load_make_corpus()
    with zipfile.ZipFile(path) as zf:
        names = re.findall(rb'<sheet [^>]*name="([^"]+)"', zf.read("xl/workbook.xml"))
    part = f"xl/worksheets/sheet{[n.decode() for n in names].index(name) + 1}.xml"
    return mc.rewrite_zip(path, replace={part: xml}, add=extra)


def _grid(rows: int, cols: int) -> bytes:
    letters = [xlsx.col_letter(c).encode() for c in range(cols)]
    return b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>1</v></c>' % (col, r)
                                                   for col in letters) + b"</row>"
                    for r in range(1, rows + 1))


def test_open_copy_opens_an_ordinary_return(a_return):
    from dgsp.intake.feedback import open_copy

    wb = open_copy(a_return)
    assert wb.sheetnames[-1] == "Extra" and wb["Extra"]["A1"].value == 1


def _counted(exc: Exception) -> int:
    return int(re.search(r"([0-9,]+) cells", str(exc)).group(1).replace(",", ""))


@pytest.mark.parametrize("xml, least", [
    (sheet(_grid(12_000, 10)), 132_000),  # 120,000 cells and 12,000 rows
    (sheet(_grid(1, 1), '<mergeCells count="1"><mergeCell ref="A2:J20001"/></mergeCells>'),
     200_000),
    (sheet(_grid(1, 1), '<hyperlinks><hyperlink ref="B1:K20000" location="A1"/></hyperlinks>'),
     200_000),
])
def test_open_copy_refuses_a_workbook_over_the_budget(a_return, xml, least):
    from dgsp.intake.feedback import open_copy

    _replace_sheet(a_return, "Extra", xml)
    with pytest.raises(xlsx.SuspiciousWorkbook) as exc:
        open_copy(a_return)
    assert least <= _counted(exc.value) < least + 2_000  # and the template's own few hundred
    assert f"{xlsx.MAX_COPY_CELLS:,}" in str(exc.value)


def test_open_copy_refuses_many_shared_strings(a_return):
    from dgsp.intake.feedback import open_copy

    mc = __import__("conftest").load_make_corpus()
    strings = (f'<sst xmlns="{MAIN}">'.encode()  # numbered: not refused as a zip bomb
               + b"".join(b"<si><t>%d</t></si>" % n for n in range(150_000)) + b"</sst>")
    mc.rewrite_zip(a_return, add={"xl/sharedStrings.xml": strings})
    with pytest.raises(xlsx.SuspiciousWorkbook) as exc:
        open_copy(a_return)
    assert 150_000 <= _counted(exc.value) < 152_000


@pytest.mark.parametrize("cell", ["XFD1048576", "C1048576"])
def test_open_copy_runs_the_extent_guard_on_every_worksheet(a_return, cell):
    from dgsp.intake.feedback import open_copy

    _replace_sheet(a_return, "Extra", sheet('<row r="1"><c r="A1"><v>1</v></c></row>'
                                            f'<row r="1048576"><c r="{cell}"><v>1</v></c></row>'))
    with pytest.raises(xlsx.SuspiciousWorkbook, match="1,048,576 rows"):
        open_copy(a_return)


def test_open_copy_checks_a_worksheet_part_no_sheet_names(a_return):
    from dgsp.intake.feedback import open_copy

    mc = __import__("conftest").load_make_corpus()
    far = sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    mc.rewrite_zip(a_return, add={"xl/worksheets/sheet99.xml": far})
    with pytest.raises(xlsx.SuspiciousWorkbook, match="sheet99"):
        open_copy(a_return)


def test_write_feedback_makes_no_copy_over_the_budget(a_return, tmp_path):
    from conftest import small_plan

    from dgsp.intake.feedback import write_feedback

    _replace_sheet(a_return, "Extra", sheet(_grid(11_000, 10)))
    out = tmp_path / "fb" / "XA.xlsx"
    out.parent.mkdir()
    with pytest.raises(xlsx.UnreadableWorkbook):
        write_feedback(a_return, out, [], small_plan())
    assert not out.exists() and list(out.parent.iterdir()) == []


def test_preflight_copy_returns_the_bytes_it_checked(a_return):
    assert xlsx.preflight_copy(a_return) == a_return.read_bytes()
    fifo = a_return.parent / "fifo.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(xlsx.UnreadableWorkbook, match="not a regular file"):
        xlsx.preflight_copy(fifo)


# ----------------------------------------------------------------------------- 4. modified


def _core(modified: str, before: str = "") -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<cp:coreProperties xmlns:cp="http://'
            'schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms='
            '"http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'{before}<cp:lastModifiedBy>someone</cp:lastModifiedBy>{modified}'
            '</cp:coreProperties>').encode()


@pytest.mark.parametrize("core, stamp", [
    (_core('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-12T08:00:00Z</dcterms:modified>'),
     datetime(2025, 1, 12, 8, tzinfo=timezone.utc)),
    (_core("<dcterms:modified> 2025-03-01T10:00:00+07:00 </dcterms:modified>"),
     datetime(2025, 3, 1, 3, tzinfo=timezone.utc)),
    (_core("<modified>2025-03-01T10:00:00</modified>"),  # naive: UTC
     datetime(2025, 3, 1, 10, tzinfo=timezone.utc)),
    (_core("<dcterms:modified/><dcterms:modified>2024-12-31T23:59:59Z</dcterms:modified>"),
     datetime(2024, 12, 31, 23, 59, 59, tzinfo=timezone.utc)),
    (_core("<dcterms:modified>yesterday</dcterms:modified>"), None),
    (_core(""), None),
    (_core("<dcterms:modifiedX>2025-01-01</dcterms:modifiedX>"), None),
    (b"<dcterms:modified " * 20_000, None),  # no '>' at all
    (_core("<dcterms:modified>2025-01-12T08:00:00Z</dcterms:modified>",
           "<!--" + "x" * (1024 * 1024) + "-->"), None),  # over 1 MB: not read
])
def test_modified_from_the_package_in_memory(core, stamp):
    p = _Package(package({"S": NORMAL}, extra={"docProps/core.xml": core}, stored=True))
    assert p.modified() == stamp
    assert _Package(package({"S": NORMAL})).modified() is None


def test_modified_time_never_blocks_on_a_fifo(tmp_path):
    """A FIFO named like a return: modified_time must answer (None) at once, not wait for a
    writer. Run in a thread: if it blocks, the test fails and then unblocks it."""
    fifo = tmp_path / "XA.xlsx"
    os.mkfifo(fifo)
    result = []
    thread = threading.Thread(target=lambda: result.append(xlsx.modified_time(fifo)), daemon=True)
    thread.start()
    thread.join(10)
    blocked = thread.is_alive()
    if blocked:  # open the other end so that the blocked open() returns
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        thread.join(10)
    assert not blocked and result == [None]


def test_modified_time_of_a_file_a_folder_and_nothing(tmp_path):
    path = tmp_path / "XA.xlsx"
    path.write_bytes(package({"S": NORMAL}, extra={"docProps/core.xml": _core(
        "<dcterms:modified>2025-01-12T08:00:00Z</dcterms:modified>")}))
    assert xlsx.modified_time(path) == datetime(2025, 1, 12, 8, tzinfo=timezone.utc)
    (tmp_path / "dir.xlsx").mkdir()
    assert xlsx.modified_time(tmp_path / "dir.xlsx") is None
    assert xlsx.modified_time(tmp_path / "nothing.xlsx") is None
    unsafe = tmp_path / "unsafe.xlsx"
    unsafe.write_bytes(_with("docProps/core.xml", _core(
        "<dcterms:modified>2025-01-12T08:00:00Z</dcterms:modified>", DTD.decode())))
    assert xlsx.modified_time(unsafe) is None


@settings(max_examples=100, deadline=None)
@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
       st.sampled_from(["Z", "+07:00", "-03:30", ""]))
def test_modified_round_trips(when, zone):
    when = when.replace(microsecond=0)
    p = _Package(package({"S": NORMAL}, extra={"docProps/core.xml": _core(
        f"<dcterms:modified>{when.isoformat()}{zone}</dcterms:modified>")}))
    offset = {"Z": timedelta(0), "+07:00": timedelta(hours=7), "-03:30": -timedelta(hours=3.5),
              "": timedelta(0)}[zone]
    assert p.modified() == when.replace(tzinfo=timezone(offset))


_REFS = st.sampled_from(["A1", "B2", "H14", "H15", "AA9", "a1", "A01", "XFD1048576"])
_CELL_FORMS = st.one_of(
    st.builds(lambda r, s: f'<c r="{r}" s="{s}"/>', _REFS, st.integers(0, 6)),
    st.builds(lambda r, s: f'<c r="{r}" s="{s}" t="n"><v>0.5</v></c>', _REFS, st.integers(0, 6)),
    st.builds(lambda r, s: f'<c r="{r}" s="{s}" t="inlineStr"><is><t>x</t></is></c>', _REFS,
              st.integers(0, 6)),
    st.builds(lambda r: f'<c r="{r}"><v>1</v></c>', _REFS),
    st.builds(lambda r, s: f'<c t="n" s="{s}" r="{r}"><v>1</v></c>', _REFS, st.integers(0, 6)),
    st.builds(lambda s: f'<c s="{s}"><v>1</v></c>', st.integers(0, 6)),  # no address
    st.builds(lambda r, s: f'<x:c r="{r}" s="{s}"/>', _REFS, st.integers(0, 6)),
    st.builds(lambda r, s: f'<c\nr="{r}" s="{s}"/>', _REFS, st.integers(0, 6)),
    st.builds(lambda r, s: f"<c r='{r}' s='{s}'/>", _REFS, st.integers(0, 6)),
    st.builds(lambda r, s: f'<!-- <c r="{r}" s="{s}"/> -->', _REFS, st.integers(0, 6)),
    st.builds(lambda r, s: f'<?pi <c r="{r}" s="{s}"/> ?>', _REFS, st.integers(0, 6)),
    st.just('<c r="C3" s="x"/>'), st.just("</row><row>"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELL_FORMS, max_size=12), st.frozensets(st.integers(0, 6), min_size=1))
def test_cell_facts_of_plain_cells_are_the_whole_scans(cells, percent):
    """_cell_facts takes the plain tags alone when every cell tag is one (issue 13): the
    same facts as the whole scan, whatever else the part holds."""
    xml = sheet(f'<row r="1">{"".join(cells)}</row>')
    assert guard._cell_facts(xml, percent) == guard._scan_cells(xml, percent)
