"""Render what a person reads from ``dgsp demo`` to PDF and PNG, and check the PDFs.

    python scripts/render.py [DEMO_DIR] [--out RENDER_DIR] [--only PATTERN] [--dpi 60]
                             [--no-png] [--all] [--jobs N]

Without DEMO_DIR the demo is first made in a temporary folder (``dgsp.workflow.demo``, without
the sensitivity analysis); with DEMO_DIR an existing ``dgsp demo DIR`` folder is used as is.

Each workbook a person reads (reports ``report*.xlsx``, the first 3 files of every ``*-phieu/``
folder, the first 3 ``templates/``, the first 2 ``returns/``, ``plan.xlsx``, ``tham-dinh*.xlsx``,
``compare.xlsx``, ``year-*.xlsx`` and anything else; ``--all`` lifts the per-folder limits) is
converted by LibreOffice (``soffice --headless --convert-to pdf``, one file per call, each with
its own profile) to ``RENDER_DIR/<relative path, "/" as "__">.pdf`` and by ``pdftoppm`` to
``…-<page>.png``. ``--only PATTERN`` (fnmatch on the relative path, e.g. ``'2021/report.xlsx'``
or ``'*/plan.xlsx'``; repeatable) limits the set before the per-folder limits apply. The
publication page(s) ``**/cong-khai/index.html`` (also subject to ``--only``) are shot with
headless Chromium at 390×844 and 1280×900 into ``…-390x844.png`` and ``…-1280x900.png``, when
it is installed.

Checks on every PDF, printed as a table and summed up at the end:

1. pages: WARN when one phiếu (a file in a ``*-phieu/`` folder) takes more than 4 pages, or any
   workbook more than 60;
2. text lost: FAIL when ``pdftotext -layout`` shows a ``###`` overflow marker; for a report or
   summary workbook (``report*``, ``year-*``, ``compare``) FAIL when a unit or official name of
   its JSON (same folder, same stem: ``units[].name``, ``officials[].name``,
   ``groups[].units[].name``) is not in the text, WARN when a head (``units[].heads``) is not;
3. printed font size: from the word boxes of ``pdftotext -bbox-layout``, the median word height
   of each page, in points; the estimated font size is that height / 1.2. WARN when the
   estimate is below 7 pt, FAIL below 5 pt (the target for body text is 10 pt);
4. publication page screenshots: their sizes.

Exit code 1 when any check FAILs; 0 otherwise, and 0 with a message when ``soffice``,
``pdftotext`` or (unless ``--no-png``) ``pdftoppm`` is missing.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import queue
import re
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

CONVERT_TIMEOUT = 120  # seconds per LibreOffice conversion
TOOL_TIMEOUT = 120  # seconds per poppler / Chromium call
FOLDER_LIMITS = {"templates": 3, "returns": 2}  # files per folder unless --all
PHIEU_LIMIT = 3
PHIEU_MAX_PAGES = 4  # landscape at full size, its sections each kept whole on a page
BOOK_MAX_PAGES = 72  # Dữ liệu (a row per unit and indicator) and compare's Theo chỉ tiêu (a table per
# indicator, each begun on a page with its heading) are long: compare is 64 pages
FONT_WARN = 7.0  # estimated printed font size, points
FONT_FAIL = 5.0
FONT_TARGET = 10.0
HEIGHT_PER_FONT = 1.2  # a word box is about 1.2 × the font size high
HEADS_SHOWN = 3  # heads listed in the WARN of the missing ones
VIEWPORTS = ((390, 844), (1280, 900))
OVERFLOW = re.compile(r"#{3,}")


# -- findings -------------------------------------------------------------------------------

@dataclass
class Finding:
    level: str  # "FAIL" or "WARN"
    message: str

    def __str__(self) -> str:
        return f"{self.level} {self.message}"


@dataclass
class Rendered:
    """One workbook: its PDF, its pages and what the checks found."""

    rel: str
    pdf: Path | None = None
    pages: int = 0
    fonts: list[float | None] = field(default_factory=list)  # estimated pt, per page
    pngs: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Shot:
    """One screenshot of a publication page."""

    rel: str
    png: Path | None
    size: tuple[int, int] | None
    findings: list[Finding] = field(default_factory=list)


# -- which files ----------------------------------------------------------------------------

def is_phieu(rel: str) -> bool:
    """A file of a ``*-phieu/`` folder (one official's or unit's sheet)."""
    parts = rel.split("/")
    return len(parts) > 1 and parts[-2].endswith("-phieu")


def folder_limit(rel: str) -> int | None:
    """How many files of ``rel``'s folder are rendered without ``--all`` (None: all)."""
    parts = rel.split("/")
    if len(parts) < 2:
        return None
    if parts[-2].endswith("-phieu"):
        return PHIEU_LIMIT
    return FOLDER_LIMITS.get(parts[-2])


def select_workbooks(demo_dir: Path, only: list[str] | None = None,
                     everything: bool = False) -> list[str]:
    """The relative paths (posix) of the workbooks to render, sorted: every ``.xlsx`` under
    ``demo_dir`` matching one of ``only`` (all when None), at most the folder's limit of each
    ``*-phieu/``, ``templates/`` and ``returns/`` folder unless ``everything``."""
    rels = sorted(p.relative_to(demo_dir).as_posix() for p in demo_dir.rglob("*.xlsx")
                  if p.is_file() and not p.name.startswith(("~$", ".~lock")))
    if only:
        rels = [r for r in rels if any(fnmatch.fnmatch(r, pattern) for pattern in only)]
    if everything:
        return rels
    taken: dict[str, int] = {}
    chosen = []
    for rel in rels:
        limit = folder_limit(rel)
        folder = rel.rsplit("/", 1)[0]
        if limit is not None:
            if taken.get(folder, 0) >= limit:
                continue
            taken[folder] = taken.get(folder, 0) + 1
        chosen.append(rel)
    return chosen


def output_stem(rel: str) -> str:
    """``2021/report-phieu/SNV.xlsx`` → ``2021__report-phieu__SNV`` (no suffix)."""
    return rel.rsplit(".", 1)[0].replace("/", "__")


# -- external tools -------------------------------------------------------------------------

def find_tool(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def run(cmd: list[str], timeout: float = TOOL_TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    """Run ``cmd`` in its own process group; on timeout kill that group (LibreOffice and
    Chromium start children) and raise ``subprocess.TimeoutExpired``."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def convert_to_pdf(soffice: str, xlsx: Path, pdf: Path, profile: Path) -> str | None:
    """Convert ``xlsx`` to ``pdf`` with LibreOffice using the profile folder ``profile``;
    None when it worked, else why not."""
    with tempfile.TemporaryDirectory(prefix="render-pdf-") as tmp:
        cmd = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", tmp, str(xlsx)]
        try:
            done = run(cmd, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"LibreOffice took more than {CONVERT_TIMEOUT} s"
        made = Path(tmp) / (xlsx.stem + ".pdf")
        if not made.is_file():
            tail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
            return f"LibreOffice made no PDF (exit {done.returncode}): {tail}"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), pdf)
    return None


def pdf_text(pdftotext: str, pdf: Path, *options: str) -> str:
    """``pdftotext OPTIONS PDF -`` as text."""
    done = run([pdftotext, *options, str(pdf), "-"])
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout.decode("utf-8", "replace")


def to_pngs(pdftoppm: str, pdf: Path, prefix: Path, dpi: int) -> list[Path]:
    """The pages of ``pdf`` as ``<prefix>-<page>.png`` (earlier pages of that prefix removed)."""
    for old in prefix.parent.glob(prefix.name + "-*.png"):
        if re.fullmatch(re.escape(prefix.name) + r"-\d+", old.stem):
            old.unlink()
    run([pdftoppm, "-r", str(dpi), "-png", str(pdf), str(prefix)])
    return sorted((p for p in prefix.parent.glob(prefix.name + "-*.png")
                   if re.fullmatch(re.escape(prefix.name) + r"-\d+", p.stem)),
                  key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def png_size(png: Path) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk."""
    head = png.read_bytes()[:24]
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def screenshot(chromium: str, html: Path, png: Path, width: int, height: int) -> str | None:
    """Shoot ``html`` at ``width``×``height`` into ``png``; None when it worked, else why not."""
    with tempfile.TemporaryDirectory(prefix="render-chromium-") as profile:
        cmd = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
               f"--user-data-dir={profile}", f"--screenshot={png.resolve()}",
               f"--window-size={width},{height}", html.resolve().as_uri()]
        try:
            done = run(cmd, timeout=TOOL_TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"Chromium took more than {TOOL_TIMEOUT} s"
    if not png.is_file():
        return f"Chromium made no screenshot (exit {done.returncode})"
    return None


# -- checks ---------------------------------------------------------------------------------

class _BBoxParser(HTMLParser):
    """Collects the word heights of each ``<page>`` of ``pdftotext -bbox-layout`` output."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pages: list[list[float]] = []
        self.words: list[list[str]] = []
        self._in_word = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "page":
            self.pages.append([])
            self.words.append([])
        elif tag == "word" and self.pages:
            box = dict(attrs)  # HTMLParser lower-cases the names: yMin → ymin
            try:
                height = float(box["ymax"] or "") - float(box["ymin"] or "")
            except (KeyError, ValueError):
                return
            self.pages[-1].append(height)
            self.words[-1].append("")
            self._in_word = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "word":
            self._in_word = False

    def handle_data(self, data: str) -> None:
        if self._in_word and self.words and self.words[-1]:
            self.words[-1][-1] += data


def parse_bbox(html: str) -> tuple[list[list[float]], list[list[str]]]:
    """Word heights (points) and words of each page of ``pdftotext -bbox-layout`` output."""
    parser = _BBoxParser()
    parser.feed(html)
    parser.close()
    return parser.pages, parser.words


def estimated_font(heights: list[float]) -> float | None:
    """The printed font size of a page, in points: its median word height / 1.2."""
    if not heights:
        return None
    return statistics.median(heights) / HEIGHT_PER_FONT


def page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] → "1-3, 5"."""
    spans: list[list[int]] = []
    for page in pages:
        if spans and page == spans[-1][1] + 1:
            spans[-1][1] = page
        else:
            spans.append([page, page])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def font_findings(fonts: list[float | None]) -> list[Finding]:
    """One FAIL for the pages whose estimated printed font size is below 5 pt and one WARN for
    those below 7 pt (``fonts``: per page, None for a page without text)."""
    found = []
    for level, low, high in (("FAIL", 0.0, FONT_FAIL), ("WARN", FONT_FAIL, FONT_WARN)):
        hits = [(page, size) for page, size in enumerate(fonts, 1)
                if size is not None and low <= size < high]
        if hits:
            smallest = min(size for _, size in hits)
            label = "page" if len(hits) == 1 else "pages"
            found.append(Finding(level, f"{label} {page_ranges([p for p, _ in hits])}: printed "
                                        f"text ≈ {smallest:.1f} pt at the smallest (< {high:g} "
                                        f"pt; target {FONT_TARGET:g} pt)"))
    return found


def overflow_findings(text: str) -> list[Finding]:
    """FAIL for each page (form feed separated) showing a ``###`` overflow marker."""
    found = []
    for page, content in enumerate(text.split("\f"), 1):
        hits = OVERFLOW.findall(content)
        if hits:
            found.append(Finding("FAIL", f"page {page}: {len(hits)} '###' overflow "
                                         f"marker(s): number too wide for its column"))
    return found


def page_findings(rel: str, pages: int) -> list[Finding]:
    if is_phieu(rel) and pages > PHIEU_MAX_PAGES:
        return [Finding("WARN", f"{pages} pages for one phiếu (> {PHIEU_MAX_PAGES})")]
    if pages > BOOK_MAX_PAGES:
        return [Finding("WARN", f"{pages} pages (> {BOOK_MAX_PAGES})")]
    return []


def normalise(text: str) -> str:
    """NFC, every run of whitespace a single space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def squeezed(text: str) -> str:
    """NFC without any whitespace (a name wrapped over lines still matches)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def missing_names(names: list[str], *texts: str) -> list[str]:
    """The ``names`` (in order, once each) found in none of ``texts``, neither with the
    whitespace normalised nor with all of it removed."""
    spaced = [normalise(t) for t in texts]
    tight = [squeezed(t) for t in texts]
    missing: list[str] = []
    for name in names:
        n, s = normalise(name), squeezed(name)
        if not s or name in missing:
            continue
        if any(n in t for t in spaced) or any(s in t for t in tight):
            continue
        missing.append(name)
    return missing


def expected_names(data: dict) -> tuple[list[str], list[str]]:
    """The unit and official names, and the heads, that a report, year or comparison JSON
    lists: ``units[]``, ``officials[]`` and ``groups[].units[]``."""
    rows: list[dict] = []
    for key in ("units", "officials"):
        rows += [r for r in data.get(key) or [] if isinstance(r, dict)]
    for group in data.get("groups") or []:
        if isinstance(group, dict):
            rows += [r for r in group.get("units") or [] if isinstance(r, dict)]
    names = [r["name"] for r in rows if isinstance(r.get("name"), str)]
    heads = [h for r in rows for h in (r.get("heads") or []) if isinstance(h, str)]
    return list(dict.fromkeys(names)), list(dict.fromkeys(heads))


def summary_json(demo_dir: Path, rel: str) -> Path | None:
    """The JSON beside a report or summary workbook (same folder, same stem), if any."""
    path = demo_dir / rel
    if not path.name.startswith(("report", "year-", "compare")):
        return None
    beside = path.with_suffix(".json")
    return beside if beside.is_file() else None


def name_findings(json_path: Path, *texts: str) -> list[Finding]:
    """FAIL listing the unit/official names of ``json_path`` not in ``texts``; WARN for heads."""
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [Finding("WARN", f"cannot read {json_path.name}: {exc}")]
    if not isinstance(data, dict):
        return []
    names, heads = expected_names(data)
    found = []
    lost = missing_names(names, *texts)
    if lost:
        found.append(Finding("FAIL", f"{len(lost)} of {len(names)} names of {json_path.name} "
                                     f"not in the PDF text: " + "; ".join(lost)))
    lost_heads = missing_names(heads, *texts)
    if lost_heads:
        shown = "; ".join(lost_heads[:HEADS_SHOWN])
        extra = len(lost_heads) - HEADS_SHOWN
        more = f" … (+{extra} more)" if extra > 0 else ""
        found.append(Finding("WARN", f"{len(lost_heads)} of {len(heads)} heads of "
                                     f"{json_path.name} not in the PDF text (clipped?): "
                                     f"{shown}{more}"))
    return found


# -- one workbook ---------------------------------------------------------------------------

@dataclass
class Tools:
    soffice: str
    pdftotext: str
    pdftoppm: str | None
    chromium: str | None


def render_workbook(demo_dir: Path, rel: str, out: Path, tools: Tools, profiles: queue.Queue,
                    dpi: int, png: bool) -> Rendered:
    """Convert one workbook, make its PNGs, and run the checks."""
    result = Rendered(rel)
    pdf = out / (output_stem(rel) + ".pdf")
    profile = profiles.get()
    try:
        pdf.unlink(missing_ok=True)
        problem = convert_to_pdf(tools.soffice, demo_dir / rel, pdf, profile)
    finally:
        profiles.put(profile)
    if problem:
        result.findings.append(Finding("FAIL", problem))
        return result
    result.pdf = pdf
    try:
        layout = pdf_text(tools.pdftotext, pdf, "-layout")
        heights, words = parse_bbox(pdf_text(tools.pdftotext, pdf, "-bbox-layout"))
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        result.findings.append(Finding("FAIL", f"pdftotext failed: {exc}"))
        return result
    result.pages = len(heights)
    result.fonts = [estimated_font(h) for h in heights]
    result.findings += page_findings(rel, result.pages)
    result.findings += overflow_findings(layout)
    beside = summary_json(demo_dir, rel)
    if beside:  # a name wrapped in its cell is whole in one of these three readings
        reading_order = "\n".join(" ".join(page) for page in words)
        try:
            raw = pdf_text(tools.pdftotext, pdf, "-raw")  # cell by cell, not line by line
        except (RuntimeError, subprocess.TimeoutExpired):
            raw = ""
        result.findings += name_findings(beside, layout, reading_order, raw)
    result.findings += font_findings(result.fonts)
    if png and tools.pdftoppm:
        try:
            result.pngs = to_pngs(tools.pdftoppm, pdf, out / output_stem(rel), dpi)
        except subprocess.TimeoutExpired:
            result.findings.append(Finding("WARN", "pdftoppm timed out"))
    return result


def publication_pages(demo_dir: Path, only: list[str] | None = None) -> list[str]:
    """The relative paths of the ``**/cong-khai/index.html`` pages matching one of ``only``."""
    rels = sorted(p.relative_to(demo_dir).as_posix()
                  for p in demo_dir.rglob("cong-khai/index.html"))
    return [r for r in rels if not only or any(fnmatch.fnmatch(r, o) for o in only)]


def shoot_pages(demo_dir: Path, rels: list[str], out: Path, chromium: str) -> list[Shot]:
    """Each publication page at each viewport."""
    shots = []
    for rel in rels:
        html = demo_dir / rel
        for width, height in VIEWPORTS:
            png = out / f"{output_stem(rel)}-{width}x{height}.png"
            png.unlink(missing_ok=True)
            problem = screenshot(chromium, html, png, width, height)
            label = f"{rel} @ {width}×{height}"
            if problem:
                shots.append(Shot(label, None, None, [Finding("WARN", problem)]))
            else:
                shots.append(Shot(label, png, png_size(png)))
    return shots


# -- report ---------------------------------------------------------------------------------

def format_fonts(fonts: list[float | None], limit: int = 8) -> str:
    shown = ["-" if f is None else f"{f:.1f}" for f in fonts[:limit]]
    if len(fonts) > limit:
        smallest = min((f for f in fonts if f is not None), default=None)
        shown.append(f"… min {smallest:.1f}" if smallest is not None else "…")
    return " ".join(shown)


def report(results: list[Rendered], shots: list[Shot], out: Path, png: bool) -> int:
    """Print the table and the summary; the number of FAILs."""
    width = max([len(r.rel) for r in results] + [len("workbook")])
    print(f"\n{'workbook':<{width}}  pages  est. font pt by page")
    print(f"{'-' * width}  -----  --------------------")
    for r in results:
        print(f"{r.rel:<{width}}  {r.pages:>5}  {format_fonts(r.fonts)}")
        for finding in r.findings:
            print(f"{'':<{width}}    {finding}")
    if shots:
        print("\npublication page screenshots")
        for s in shots:
            size = f"{s.size[0]}×{s.size[1]} px" if s.size else "-"
            where = s.png.name if s.png else ""
            print(f"  {s.rel}: {size} {where}")
            for finding in s.findings:
                print(f"    {finding}")
    everything = [f for r in results for f in r.findings] + [f for s in shots for f in s.findings]
    fails = sum(f.level == "FAIL" for f in everything)
    warns = sum(f.level == "WARN" for f in everything)
    pages = sum(r.pages for r in results)
    pngs = sum(len(r.pngs) for r in results) + sum(s.png is not None for s in shots)
    print(f"\n{len(results)} workbooks, {pages} pages, {fails} FAIL, {warns} WARN")
    if png:
        print(f"{pngs} PNGs and the PDFs in {out.resolve()}")
    else:
        print(f"PDFs in {out.resolve()} (no PNGs: --no-png)")
    return fails


# -- main -----------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Render the outputs of dgsp demo to PDF/PNG and check them.")
    parser.add_argument("demo_dir", nargs="?", type=Path,
                        help="an existing `dgsp demo DIR` folder (default: make one)")
    parser.add_argument("--out", type=Path, default=Path("render"),
                        help="where the PDFs and PNGs go (default: ./render)")
    parser.add_argument("--only", action="append", metavar="PATTERN",
                        help="fnmatch pattern on the relative path; repeatable")
    parser.add_argument("--dpi", type=int, default=60, help="PNG resolution (default 60)")
    parser.add_argument("--no-png", action="store_true", help="PDFs and checks only")
    parser.add_argument("--all", action="store_true",
                        help="every file of the phiếu, templates and returns folders")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                        help="LibreOffice conversions at once")
    return parser.parse_args(argv)


def find_tools(png: bool) -> Tools | str:
    """The tools, or a message naming the missing ones."""
    soffice = find_tool("soffice", "libreoffice")
    pdftotext = find_tool("pdftotext")
    pdftoppm = find_tool("pdftoppm")
    missing = [name for name, path in (("soffice (LibreOffice)", soffice),
                                       ("pdftotext (poppler-utils)", pdftotext))
               if path is None]
    if png and pdftoppm is None:
        missing.append("pdftoppm (poppler-utils)")
    if missing or soffice is None or pdftotext is None:
        return "render.py: skipped, not installed: " + ", ".join(missing)
    return Tools(soffice, pdftotext, pdftoppm,
                 find_tool("chromium", "chromium-browser", "google-chrome"))


def font_note(family: str = "Calibri") -> str | None:
    """A note when ``family`` (the workbooks' font) is printed with a font of other widths:
    LibreOffice then clips and wraps differently from Excel (Carlito has Calibri's metrics)."""
    fc_match = find_tool("fc-match")
    if fc_match is None:
        return None
    try:
        done = run([fc_match, "-f", "%{family}", family], timeout=30)
    except subprocess.TimeoutExpired:
        return None
    used = done.stdout.decode("utf-8", "replace").strip()
    if not used or any(ok in used for ok in (family, "Carlito")):
        return None
    return (f"note: {family} is printed as {used} here (install Carlito, "
            f"fonts-crosextra-carlito, for Calibri's widths): clipping may differ from Excel")


def render(demo_dir: Path, args: argparse.Namespace, tools: Tools) -> int:
    rels = select_workbooks(demo_dir, args.only, args.all)
    if not rels:
        print(f"render.py: no workbook under {demo_dir} matches", file=sys.stderr)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    png = not args.no_png
    jobs = max(1, args.jobs)
    print(f"rendering {len(rels)} workbooks from {demo_dir} into {out} ({jobs} at once)",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="render-lo-") as lo:
        profiles: queue.Queue = queue.Queue()
        for n in range(jobs):
            profiles.put(Path(lo) / f"profile-{n}")
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(render_workbook, demo_dir, rel, out, tools, profiles,
                                   args.dpi, png) for rel in rels]
            results = []
            for future in futures:
                results.append(future.result())
                print(f"  {results[-1].rel}: {results[-1].pages} pages", flush=True)
    shots: list[Shot] = []
    pages = publication_pages(demo_dir, args.only)
    if png and pages and tools.chromium:
        shots = shoot_pages(demo_dir, pages, out, tools.chromium)
    elif png and pages:
        print("chromium not installed: publication page not shot")
    fails = report(results, shots, out, png)
    note = font_note()
    if note:
        print(note)
    return 1 if fails else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tools = find_tools(not args.no_png)
    if isinstance(tools, str):
        print(tools)
        return 0
    if args.demo_dir is not None:
        if not args.demo_dir.is_dir():
            print(f"render.py: {args.demo_dir} is not a folder", file=sys.stderr)
            return 2
        return render(args.demo_dir, args, tools)
    from dgsp.workflow import demo

    with tempfile.TemporaryDirectory(prefix="render-demo-") as tmp:
        print(f"making the demo in {tmp} …", flush=True)
        demo(Path(tmp), sensitivity=None)
        return render(Path(tmp), args, tools)


if __name__ == "__main__":
    sys.exit(main())
