"""Make the pictures of the user guide (docs/huong-dan-su-dung.md) and the README.

    python scripts/guide_images.py [DEMO_DIR] [--out docs/img] [--jobs N]

Without DEMO_DIR the demo is first made in a temporary folder (``dgsp.workflow.demo``, as
``dgsp demo`` makes it); with DEMO_DIR an existing ``dgsp demo DIR`` folder is used as is, and
never written to. Everything else is made in a temporary folder:

- the 2026 returns without Sở Xây dựng's, and Tam Đảo's with four slips typed into it, then
  ``dgsp check --feedback`` (the annotated copy, its ``Cần sửa`` sheet first) and
  ``dgsp status --out`` (the reminder list, counted on a fixed day, 12/01/2027, so that the
  picture does not change with the date it is made).

Each picture shows one sheet of a copy of its workbook (``openpyxl``) set to print on A4, one
page wide (the phiếu: one portrait page), so that the whole width of the sheet is in the
picture whatever the workbook's own print settings (the plan is not set up for print at all).

Each workbook is converted by LibreOffice (``soffice --headless --convert-to pdf``, one call per
file, each with its own profile: ``scripts/render.py``'s ``convert_to_pdf``), the page holding
the picture's marker text is found with ``pdftotext`` and turned into a PNG by ``pdftoppm``
(a fixed width, cut a little below the page's last text). The publication page is
shot with headless Chromium at a phone's width, 390 px (``render.py``'s ``screenshot``).

The pictures have fixed names (``PICTURES`` below); each should stay under 250 KB and all of
them under 2 MB (``tests/test_guide.py`` checks it). Exit code 0, with a message, when
LibreOffice, poppler or Chromium is missing (what can be made without it is made); 1 when a
picture could not be made; 2 for a DEMO_DIR that is not a folder.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STATUS_DAY = date(2027, 1, 12)  # the reminder list's "today": two days past the deadline
PHONE = (390, 1600)  # the publication page's viewport, px
MAX_BYTES = 250_000
MAX_TOTAL = 2_000_000


def _load_render():
    """``scripts/render.py`` as a module (its helpers: tools, conversion, screenshots)."""
    spec = importlib.util.spec_from_file_location("render", HERE / "render.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


render = _load_render()


@dataclass(frozen=True)
class Picture:
    """One picture: the page that holds ``marker`` of a copy of a workbook with only its sheet
    ``sheet`` (None: its first), set to print on A4 one page wide (``one_page``: one page in
    all), ``width`` px wide, down to the last text on the page (``crop``) or the whole page."""

    name: str
    source: str  # relative to the demo folder, or "work:<name>" for what this script makes
    marker: str
    sheet: str | None = None
    width: int = 1000
    crop: bool = True
    portrait: bool = False
    one_page: bool = False


PICTURES = (
    # the 2026 plan's Chỉ tiêu sheet
    Picture("ke-hoach-chi-tieu.png", "2026/plan.xlsx", "Mã chỉ tiêu", "Chỉ tiêu"),
    # Tam Đảo's template, its Kết quả sheet
    Picture("mau-don-vi.png", "2026/templates/TAMDAO.xlsx", "Kết quả thực hiện", "Kết quả",
            width=1100),
    # the feedback copy of Tam Đảo's return with four slips: its Cần sửa sheet
    Picture("can-sua.png", "work:phan-hoi/TAMDAO.xlsx", "Cần sửa", "Cần sửa"),
    # the reminder list of `dgsp status --out`
    Picture("don-doc.png", "work:don-doc.xlsx", "Chưa nộp"),
    # the 2026 report's Tổng hợp sheet
    Picture("tong-hop.png", "2026/report.xlsx", "TỔNG HỢP KẾT QUẢ", "Tổng hợp"),
    # Sở Xây dựng's phiếu, 2026, with the Party header and the signature: one portrait page
    Picture("phieu.png", "2026/report-phieu/SXD.xlsx", "PHIẾU ĐÁNH GIÁ", width=900,
            portrait=True, one_page=True, crop=False),
    # the year 2026 built from its quarters
    Picture("nam-2026.png", "2026/year-2026.xlsx", "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI NĂM"),
    # the comparison 2021 → 2022, its Xếp hạng sheet
    Picture("so-sanh.png", "compare.xlsx", "BẢNG XẾP HẠNG", "Xếp hạng"),
)
PHONE_PICTURE = "cong-khai-dien-thoai.png"  # 2026/cong-khai/index.html at 390 px
NAMES = tuple(p.name for p in PICTURES) + (PHONE_PICTURE,)


# -- what this script makes ----------------------------------------------------------------

def one_sheet_fitted(book_path: Path, picture: Picture, out: Path) -> Path:
    """A copy of ``book_path`` with only the sheet of ``picture``, on A4 one page wide."""
    import openpyxl

    book = openpyxl.load_workbook(book_path)
    name = picture.sheet or book.worksheets[0].title
    if name not in book.sheetnames:
        raise RuntimeError(f"{book_path.name} has no sheet {name!r}")
    for sheet in list(book.worksheets):
        if sheet.title != name:
            book.remove(sheet)
    sheet = book[name]
    sheet.sheet_state = "visible"
    sheet.page_setup.orientation = "portrait" if picture.portrait else "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.scale = None
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if picture.one_page else 0
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    _unescape_headers(out)
    return out


HEADER_FOOTER = re.compile(rb"<headerFooter\b.*?</headerFooter>", re.DOTALL)


def _unescape_headers(path: Path) -> None:
    """openpyxl writes the line breaks of a page header or footer as ``_x000a_``, which
    LibreOffice prints as such: put the line breaks back."""
    with zipfile.ZipFile(path) as old:
        entries = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in entries:
            if info.filename.startswith("xl/worksheets/") and b"_x000a_" in data:
                data = HEADER_FOOTER.sub(lambda m: m.group(0).replace(b"_x000a_", b"\n"), data)
            new.writestr(info, data)


def _cells(sheet) -> tuple[int, dict[str, int], dict[str, int]]:
    """The header row of a return's results sheet, its columns by header and the rows by
    indicator code."""
    for row in sheet.iter_rows():
        headers = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if "Mã chỉ tiêu" in headers and "Kết quả thực hiện" in headers:
            top = row[0].row
            code = headers["Mã chỉ tiêu"]
            rows = {str(sheet.cell(r, code).value).strip(): r
                    for r in range(top + 1, sheet.max_row + 1) if sheet.cell(r, code).value}
            return top, headers, rows
    raise ValueError("no results table in the return")


def slipped_return(good: Path, out: Path) -> Path:
    """``good`` (a valid return) with four slips a unit office makes: words for a number, a
    forgotten result, a 0 where a figure was meant, and a completion date in words."""
    import openpyxl

    book = openpyxl.load_workbook(good)
    sheet = book["Kết quả"]
    _, col, row = _cells(sheet)
    result, done = col["Kết quả thực hiện"], col.get("Ngày hoàn thành")
    sheet.cell(row["XD01"], result).value = "khoảng 30"  # DG212
    sheet.cell(row["KT01"], result).value = 0  # DG239, a warning
    sheet.cell(row["KT02"], result).value = None  # DG210
    if done:
        sheet.cell(row["HC02"], done).value = "cuối tháng 6"  # DG261
    book.save(out)
    return out


def make_work(demo_dir: Path, work: Path) -> None:
    """The feedback copy and the reminder list, in ``work``."""
    from dgsp import workflow

    year = demo_dir / "2026"
    returns = work / "ket-qua"
    returns.mkdir()
    for path in sorted((year / "returns").glob("*.xlsx")):
        if path.stem == "SXD":  # not sent yet
            continue
        if path.stem == "TAMDAO":
            slipped_return(path, returns / path.name)
        else:
            shutil.copy2(path, returns / path.name)
    workflow.check(year / "plan.xlsx", [returns], feedback_dir=work / "phan-hoi",
                   today=STATUS_DAY, workers=1)
    workflow.status(year / "plan.xlsx", [returns], out=work / "don-doc.xlsx",
                    today=STATUS_DAY, workers=1)


# -- pages and pictures --------------------------------------------------------------------

@dataclass
class Tools:
    soffice: str | None
    pdftoppm: str | None
    pdftotext: str | None
    pdfinfo: str | None
    chromium: str | None

    def missing(self) -> list[str]:
        named = (("soffice (LibreOffice)", self.soffice), ("pdftoppm (poppler-utils)",
                 self.pdftoppm), ("pdftotext (poppler-utils)", self.pdftotext),
                 ("pdfinfo (poppler-utils)", self.pdfinfo), ("chromium", self.chromium))
        return [name for name, path in named if path is None]

    @property
    def workbooks(self) -> bool:
        return None not in (self.soffice, self.pdftoppm, self.pdftotext, self.pdfinfo)


def find_tools() -> Tools:
    return Tools(render.find_tool("soffice", "libreoffice"), render.find_tool("pdftoppm"),
                 render.find_tool("pdftotext"), render.find_tool("pdfinfo"),
                 render.find_tool("chromium", "chromium-browser", "google-chrome"))


def marked_page(pages: list[str], marker: str) -> int | None:
    """The number (from 1) of the first page whose text holds ``marker`` (whitespace and
    case ignored), or None."""
    want = "".join(marker.split()).casefold()
    for number, text in enumerate(pages, 1):
        if want in "".join(text.split()).casefold():
            return number
    return None


def page_size(pdfinfo: str, pdf: Path, page: int) -> tuple[float, float]:
    """Width and height of ``page`` of ``pdf``, in points."""
    done = render.run([pdfinfo, "-f", str(page), "-l", str(page), str(pdf)])
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith(f"Page {page:4d} size:") or line.startswith("Page size:"):
            numbers = line.split(":", 1)[1].split()
            return float(numbers[0]), float(numbers[2])
    return 595.28, 841.89


WORD_BOTTOM = re.compile(r'<word\b[^>]*\byMax="([0-9.]+)"')
MARGIN = 18.0  # points below the last text: the last row's border and fill


def text_bottom(pdftotext: str, pdf: Path, page: int) -> float | None:
    """How far down ``page`` its last word ends, in points (None: no text)."""
    bbox = render.pdf_text(pdftotext, pdf, "-bbox", "-f", str(page), "-l", str(page))
    bottoms = [float(y) for y in WORD_BOTTOM.findall(bbox)]
    return max(bottoms) if bottoms else None


def to_png(tools: Tools, pdf: Path, page: int, picture: Picture, png: Path) -> None:
    """``page`` of ``pdf`` as ``png``, ``picture.width`` px wide; with ``picture.crop``, down
    to a little below its last text."""
    width_pt, height_pt = page_size(tools.pdfinfo, pdf, page)
    if picture.crop:
        bottom = text_bottom(tools.pdftotext, pdf, page)
        if bottom is not None:
            height_pt = min(height_pt, bottom + MARGIN)
    dpi = picture.width * 72 / width_pt
    width, height = round(width_pt * dpi / 72), round(height_pt * dpi / 72)
    stem = png.with_suffix("")
    render.run([tools.pdftoppm, "-png", "-r", f"{dpi:.3f}", "-f", str(page), "-l", str(page),
                "-x", "0", "-y", "0", "-W", str(width), "-H", str(height), "-singlefile",
                str(pdf), str(stem)])
    if not png.is_file():
        raise RuntimeError(f"pdftoppm made no {png.name}")


def make_picture(picture: Picture, demo_dir: Path, work: Path, out: Path, tools: Tools,
                 profiles: queue.Queue) -> str:
    """Make one picture; the line to print about it."""
    source = (work / picture.source[5:] if picture.source.startswith("work:")
              else demo_dir / picture.source)
    if not source.is_file():
        raise RuntimeError(f"{source} is missing")
    source = one_sheet_fitted(source, picture, work / "fitted" / picture.name / source.name)
    pdf = work / "pdf" / (picture.name.removesuffix(".png") + ".pdf")
    profile = profiles.get()
    try:
        problem = render.convert_to_pdf(tools.soffice, source, pdf, profile)
    finally:
        profiles.put(profile)
    if problem:
        raise RuntimeError(problem)
    pages = render.pdf_text(tools.pdftotext, pdf, "-layout").split("\f")
    page = marked_page(pages, picture.marker)
    note = ""
    if page is None:
        page, note = 1, f" (WARN: no page holds {picture.marker!r}; page 1 used)"
    png = out / picture.name
    png.unlink(missing_ok=True)
    to_png(tools, pdf, page, picture, png)
    return f"{describe(png)}  {picture.source.removeprefix('work:')} p. {page}{note}"


def phone_picture(demo_dir: Path, out: Path, chromium: str) -> str:
    pages = sorted(demo_dir.glob("**/cong-khai/index.html"))
    if not pages:
        raise RuntimeError(f"no cong-khai/index.html under {demo_dir}")
    png = out / PHONE_PICTURE
    png.unlink(missing_ok=True)
    problem = render.screenshot(chromium, pages[0], png, *PHONE)
    if problem:
        raise RuntimeError(problem)
    return f"{describe(png)}  {pages[0].relative_to(demo_dir).as_posix()} at {PHONE[0]} px"


def describe(png: Path) -> str:
    size = render.png_size(png) or (0, 0)
    kb = png.stat().st_size / 1000
    flag = "  WARN: over 250 KB" if png.stat().st_size > MAX_BYTES else ""
    return f"{png.name:<26} {size[0]:>4}×{size[1]:<4} px {kb:6.0f} KB{flag}"


# -- main ----------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Make the pictures of the user guide from a `dgsp demo` folder.")
    parser.add_argument("demo_dir", nargs="?", type=Path,
                        help="an existing `dgsp demo DIR` folder (default: make one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img",
                        help="where the PNGs go (default: docs/img)")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                        help="LibreOffice conversions at once")
    return parser.parse_args(argv)


def make_all(demo_dir: Path, out: Path, tools: Tools, jobs: int) -> int:
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="guide-images-") as tmp:
        work = Path(tmp)
        lines: list[str] = []
        if tools.workbooks:
            make_work(demo_dir, work)
            profiles: queue.Queue = queue.Queue()
            for n in range(max(1, jobs)):
                profiles.put(work / f"profile-{n}")
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                futures = [(p, pool.submit(make_picture, p, demo_dir, work, out, tools,
                                           profiles)) for p in PICTURES]
                for picture, future in futures:
                    try:
                        lines.append(future.result())
                    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                        failed += 1
                        lines.append(f"{picture.name:<26} FAILED: {exc}")
        if tools.chromium:
            try:
                lines.append(phone_picture(demo_dir, out, tools.chromium))
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                failed += 1
                lines.append(f"{PHONE_PICTURE:<26} FAILED: {exc}")
    print("\n".join(lines))
    made = [out / n for n in NAMES if (out / n).is_file()]
    total = sum(p.stat().st_size for p in made)
    over = "  WARN: over 2 MB" if total > MAX_TOTAL else ""
    print(f"{len(made)} pictures in {out}, {total / 1000:.0f} KB in all{over}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tools = find_tools()
    missing = tools.missing()
    if missing:
        print("guide_images.py: not installed: " + ", ".join(missing)
              + ("; the pictures that need them are not made" if tools.workbooks
                 or tools.chromium else "; no picture made"))
        if not tools.workbooks and not tools.chromium:
            return 0
    if args.demo_dir is not None:
        if not args.demo_dir.is_dir():
            print(f"guide_images.py: {args.demo_dir} is not a folder", file=sys.stderr)
            return 2
        started = time.monotonic()
        code = make_all(args.demo_dir, args.out, tools, args.jobs)
        print(f"done in {time.monotonic() - started:.0f} s")
        return code
    from dgsp.workflow import demo

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="guide-demo-") as tmp:
        print(f"making the demo in {tmp} …", flush=True)
        demo(Path(tmp))
        code = make_all(Path(tmp), args.out, tools, args.jobs)
    print(f"done in {time.monotonic() - started:.0f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
