"""How the guard's scans of untrusted workbooks grow with the size of a hostile part, in one run.

Builds sheet parts of about 10 KB, 100 KB and 1 MB of adversarial content (a comment full of
``<c>`` tags, unclosed tags, unclosed quotes, ``<c r="…"><f>`` with no closing tags, one tag
with thousands of ``r=`` attributes, a DOCTYPE at the very end, and a few more), and times
for each (median of REPEAT runs, each run looping until it lasts long enough to be timed):

- doctype: ``_Package(data)`` of a zip holding the part: unzip, and the DOCTYPE / ENTITY scan
  of every member (the cache of members already found clean is emptied before each call);
- extent: ``_check_extent`` (its plain searches, and ``sheet_extent`` when they do not decide);
- sheet_extent: the exact extent scan alone;
- cell_facts: the cell scanner (formulas, error values, percentage styles), with style 1 a
  percentage so that the full scan runs;
- read: ``open_book`` + ``grid`` + ``cell_facts`` of a whole workbook holding the part
  (python-calamine included; a refusal or a parse error counts as done).

Prints µs per KB at each size and the ratio (µs per KB at the largest) / (µs per KB at the
smallest): about 1 for a linear scan, about 100 for a quadratic one (10 KB → 1 MB); and the
same from 100 KB to 1 MB ("last", about 1 or 10), which a fast path for small parts does not
blur (``_check_extent`` decides a part of a few thousand tags by counting them, a larger one
is measured exactly: a step, not a slope). Timings vary with the machine's load; the ratios
are measured in the same run.

    python benchmarks/bench_guard.py [--quick] [--repeat N] [--only CASE,…]

``--quick``: 10 KB and 100 KB only, 3 runs each (a few seconds).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from dgsp import xlsx
from dgsp.xlsx import guard

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode()
TAIL = b"</row></sheetData></worksheet>"


def _fill(size: int, head: bytes, unit: bytes | Callable[[int], bytes], tail: bytes) -> bytes:
    """``head``, then ``unit`` repeated (or ``unit(i)`` for i = 1, 2, …) to about ``size``."""
    if isinstance(unit, bytes):
        return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail
    parts, total, i = [head], len(head) + len(tail), 0
    while total < size:
        i += 1
        parts.append(unit(i))
        total += len(parts[-1])
    return b"".join(parts) + tail


# Each case: size in bytes → a worksheet part of about that size.
CASES: dict[str, Callable[[int], bytes]] = {
    # what Excel writes: rows of numbers, the baseline
    "ordinary": lambda n: _fill(n, f'<worksheet xmlns="{MAIN}"><sheetData>'.encode(),
                                lambda i: b'<row r="%d"><c r="A%d" s="1"><v>%d</v></c>'
                                          b'<c r="B%d"><f>A%d*2</f><v>%d</v></c></row>'
                                          % (i, i, i, i, i, 2 * i),
                                b"</sheetData></worksheet>"),
    # the 18-minute case: a comment full of <c> (the old (.*?)</c> rescanned to the end each time)
    "comment-c": lambda n: _fill(n, HEAD + b'<c r="A1"><f>1+1</f><v>2</v></c>' + TAIL[:6] + b"<!--",
                                 b"<c>", b"-->" + TAIL[6:]),
    # tags never closed: each would run to the end of the part
    "unclosed-tags": lambda n: _fill(n, HEAD, b'<c r="A1" <row <f ', TAIL),
    # a quote never closed, then a thousand cells inside it; and quotes of both kinds unpaired
    "unclosed-quote": lambda n: _fill(n, HEAD + b'<c r="A1" t="', b"<c r='B2'><f>x</f><v>1</v></c>",
                                      TAIL),
    "unpaired-quotes": lambda n: _fill(n, HEAD, b"<c r=\"A1\" a='<f>\" b=\"'", TAIL),
    # <c r="…"><f> with no closing tags at all
    "open-c-f": lambda n: _fill(n, HEAD, lambda i: b'<c r="A%d"><f>' % i, TAIL),
    # one cell tag with thousands of r attributes (calamine takes the last)
    "many-r": lambda n: _fill(n, HEAD + b"<c", b' r="A1"', b"/>" + TAIL),
    # an address of a million letters (its column index used to take seconds)
    "long-address": lambda n: _fill(n, HEAD + b'<c r="', b"A", b'1"/>' + TAIL),
    # CDATA never closed, full of tags
    "open-cdata": lambda n: _fill(n, HEAD + b'<c r="A1"><f><![CDATA[', b"<c><f>]]", TAIL),
    # prefixed tags throughout
    "prefixed": lambda n: _fill(n, f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>'.encode(),
                                lambda i: b'<x:row r="%d"><x:c r="A%d" s="1"><x:f>1</x:f>'
                                          b"</x:c></x:row>" % (i, i),
                                b"</x:sheetData></x:worksheet>"),
    # a DOCTYPE at the very end of an ordinary part (refused, after reading it all)
    "doctype-at-end": lambda n: _fill(n, f'<worksheet xmlns="{MAIN}"><sheetData>'.encode(),
                                      lambda i: b'<row r="%d"><c r="A%d"><v>%d</v></c></row>'
                                                % (i, i, i),
                                      b'</sheetData><!DOCTYPE x [<!ENTITY e "e">]></worksheet>'),
}

STYLES = (f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
          'formatCode="0.0%"/></numFmts><cellXfs count="2"><xf numFmtId="0"/>'
          '<xf numFmtId="164"/></cellXfs></styleSheet>').encode()


def workbook(part: bytes) -> bytes:
    """An .xlsx whose only sheet, "S", is ``part`` (style 1 a percentage)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/></Types>'))
        zf.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'))
        zf.writestr("xl/workbook.xml", (f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                                        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
                                        '</workbook>'))
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>'))
        zf.writestr("xl/styles.xml", STYLES)
        zf.writestr("xl/worksheets/sheet1.xml", part)
    return buf.getvalue()


def swallow(fn: Callable[[], object]) -> Callable[[], None]:
    """``fn``, a refusal or a parse error counting as done (the time to decide is the cost)."""
    def run() -> None:
        try:
            fn()
        except xlsx.UnreadableWorkbook:
            pass
    return run


def scans(part: bytes, path: Path) -> dict[str, Callable[[], None]]:
    data = workbook(part)
    path.write_bytes(data)
    percent = frozenset({1})

    def doctype() -> None:
        guard._KNOWN_CLEAN.clear()  # time the scan, not the memory of an earlier one
        guard._Package(data)

    def read() -> None:
        book = xlsx.open_book(path, data)
        book.grid("S")
        facts = getattr(book, "cell_facts", None) or book.formulas
        facts("S")

    return {"doctype": swallow(doctype),
            "extent": swallow(lambda: guard._check_extent("S", part)),
            "sheet_extent": swallow(lambda: guard.sheet_extent(part)),
            "cell_facts": swallow(lambda: guard._scan_cells(part, percent)),
            "read": swallow(read)}


def per_call(fn: Callable[[], None], repeat: int, min_time: float) -> float:
    """Median seconds per call of ``repeat`` runs, each looping until it lasts ``min_time``."""
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    loops = max(1, int(min_time / max(once, 1e-7)))
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        runs.append((time.perf_counter() - start) / loops)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 KB and 100 KB, 3 runs each")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (median)")
    parser.add_argument("--only", default="", help="comma-separated cases")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    repeat = args.repeat or (3 if args.quick else 5)
    min_time = 0.01 if args.quick else 0.05
    cases = [c for c in CASES if not args.only or c in args.only.split(",")]
    labels = [f"{s // 1000:,} KB" if s < 1_000_000 else f"{s // 1_000_000} MB" for s in sizes]
    print(f"µs per KB (median of {repeat}); ratio = per KB at {labels[-1]} / per KB at {labels[0]}"
          + (f"; last = per KB at {labels[-1]} / per KB at {labels[-2]}" if len(sizes) > 2 else ""))
    print(f"{'case':16} {'scan':13}" + "".join(f"{label:>10}" for label in labels) + "     ratio"
          + ("      last" if len(sizes) > 2 else ""))
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="dgsp-bench-guard-") as tmp:
        for case in cases:
            parts = {size: CASES[case](size) for size in sizes}
            timings: dict[str, list[float]] = {}
            for size in sizes:
                kb = len(parts[size]) / 1024
                for scan, fn in scans(parts[size], Path(tmp) / f"{case}.xlsx").items():
                    timings.setdefault(scan, []).append(per_call(fn, repeat, min_time) / kb * 1e6)
            for scan, per_kb in timings.items():
                ratio = per_kb[-1] / per_kb[0]
                worst = max(worst, ratio)
                print(f"{case:16} {scan:13}" + "".join(f"{t:10.2f}" for t in per_kb)
                      + f"{ratio:10.2f}" + (f"{per_kb[-1] / per_kb[-2]:10.2f}" if len(sizes) > 2
                                            else ""))
            sys.stdout.flush()
    print(f"largest ratio: {worst:.2f}")


if __name__ == "__main__":
    main()
