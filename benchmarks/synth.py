"""A synthetic national-scale workload: a plan, its templates and every unit's filled return.

Peer groups follow Vietnam after the 1 July 2025 merger: per 3,321 commune-level units,
2,621 communes (Xã), 687 wards (Phường) and 13 special zones (Đặc khu). Below 1,000 units
(one province's run) a few departments (Sở) and boards (Ban) are added too. Indicators mix
higher-, lower-is-better and binary ones (6 : 3 : 1), with weights 1-3 and caps.

Each return is built from the unit's own template (written by ``write_templates``, as
``dgsp assign`` does) by patching the result cells in the results sheet's XML inside
the zip: 1-3 ms a file instead of 20 ms for ``fill_template`` through openpyxl. The
result is the unit's template, metadata and all, with the result cells typed in; results
are plausible (some not achieved, some achieved, some exceeded) and deterministic for a seed.

    python benchmarks/synth.py DIR --units N [--indicators K] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import time
import zipfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from dgsp.model import Direction, Indicator, Official, Plan, Target, Unit

# 2025 Vietnam: 3,321 commune-level units.
NATIONAL = 3321
GROUPS = (("Xã", "X", 2621), ("Phường", "P", 687), ("Đặc khu", "DK", 13))

_H, _L, _B = Direction.HIGHER, Direction.LOWER, Direction.BINARY
# (name, task group, measure, direction, low, high, decimals, additive)
_CATALOGUE: dict[Direction, list[tuple]] = {
    _H: [
        ("Thu ngân sách nhà nước trên địa bàn", "Kinh tế", "tỷ đồng", _H, 5, 80, 1, True),
        ("Số lao động được giải quyết việc làm", "Xã hội", "người", _H, 50, 600, 0, True),
        ("Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "Cải cách hành chính", "%",
         _H, 90, 98, 0, False),
        ("Số hộ thoát nghèo", "Xã hội", "hộ", _H, 10, 200, 0, True),
        ("Tỷ lệ người dân tham gia bảo hiểm y tế", "Xã hội", "%", _H, 88, 97, 1, False),
        ("Số doanh nghiệp thành lập mới", "Kinh tế", "doanh nghiệp", _H, 2, 40, 0, True),
        ("Tỷ lệ hồ sơ nộp trực tuyến", "Chuyển đổi số", "%", _H, 60, 90, 0, False),
        ("Đường giao thông nông thôn được cứng hóa", "Kinh tế", "km", _H, 1, 20, 1, True),
        ("Tỷ lệ thu gom rác thải sinh hoạt", "Môi trường", "%", _H, 80, 98, 0, False),
        ("Diện tích trồng rừng mới", "Môi trường", "ha", _H, 5, 100, 1, True),
    ],
    _L: [
        ("Số vụ tai nạn giao thông", "Quốc phòng - an ninh", "vụ", _L, 2, 30, 0, True),
        ("Tỷ lệ hộ nghèo", "Xã hội", "%", _L, 1, 6, 1, False),
        ("Số hồ sơ giải quyết quá hạn", "Cải cách hành chính", "hồ sơ", _L, 1, 20, 0, True),
        ("Số vụ vi phạm pháp luật về đất đai", "Quốc phòng - an ninh", "vụ", _L, 1, 15, 0, True),
        ("Số đơn thư khiếu nại vượt cấp", "Xây dựng Đảng", "đơn", _L, 1, 10, 0, True),
    ],
    _B: [
        ("Hoàn thành chuyển đổi số cấp xã", "Chuyển đổi số", "", _B, 1, 1, 0, False),
        ("Ban hành kế hoạch cải cách hành chính đúng hạn", "Cải cách hành chính", "", _B,
         1, 1, 0, False),
        ("Tổ chức đối thoại với Nhân dân", "Xây dựng Đảng", "", _B, 1, 1, 0, False),
    ],
}
_PATTERN = (_H, _H, _L, _H, _B, _H, _L, _H, _H, _L)  # 6 : 3 : 1
_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
_GIVEN = ("Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thu Hà", "Đức Hải", "Thanh Lan",
          "Hữu Nam", "Ngọc Oanh", "Văn Phúc", "Thị Quyên", "Xuân Sơn")


def _group_counts(n: int) -> list[tuple[str, str, int]]:
    """(group, code prefix, count) summing to n, in 2025 proportions."""
    extra: list[tuple[str, str, int]] = []
    communes = n
    if n < 1000:  # a province's run: its departments and boards too
        depts = max(1, round(n * 0.08)) if n >= 10 else 1 if n >= 4 else 0
        boards = max(1, round(n * 0.02)) if n >= 10 else 1 if n >= 5 else 0
        extra = [("Sở", "SO", depts), ("Ban", "BAN", boards)]
        communes = n - depts - boards
    zones = max(1 if communes >= 3 else 0, round(communes * 13 / NATIONAL))
    wards = round((communes - zones) * 687 / (2621 + 687))
    counts = [("Xã", "X", communes - zones - wards), ("Phường", "P", wards),
              ("Đặc khu", "DK", zones), *extra]
    return [c for c in counts if c[2] > 0]


def _q(value: Decimal, decimals: int) -> Decimal:
    """Rounded to ``decimals`` places, without trailing zeros (4.0 → 4), as a plan
    workbook reads back: the plan's fingerprint survives the round trip."""
    value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


_DECIMAL_MEASURES = {e[2] for entries in _CATALOGUE.values() for e in entries if e[6]}


OFFICIAL_POSTS = (("BT", "Bí thư", "Bí thư cấp xã"), ("CT", "Chủ tịch", "Chủ tịch cấp xã"))


def make_plan(n_units: int, k_indicators: int = 20, seed: int = 0, officials: int = 0) -> Plan:
    """A plan of ``n_units`` units in realistic peer groups, each assigned ``k_indicators``.

    ``officials`` (0, 1 or 2): the heads graded as individuals under Quy định 366, per unit
    (its Bí thư, then its Chủ tịch, each in the peer group of their post), with the bundled
    2026 example's general criteria (30 of the 100 points)."""
    if n_units < 1 or k_indicators < 1:
        raise ValueError("n_units and k_indicators must be at least 1")
    rng = random.Random(seed)
    indicators = []
    used = {d: 0 for d in _CATALOGUE}
    spec: dict[str, tuple] = {}
    for j in range(k_indicators):
        direction = _PATTERN[j % len(_PATTERN)]
        entries = _CATALOGUE[direction]
        entry = entries[used[direction] % len(entries)]
        rounds = used[direction] // len(entries)
        used[direction] += 1
        name, group, measure, _, low, high, decimals, additive = entry
        code = f"CT{j + 1:02d}"
        cap = {_H: Decimal("1.2"), _L: Decimal("1.1"), _B: Decimal(1)}[direction]
        if direction is _H and measure != "%" and j % 3 == 0:
            cap = Decimal("1.5")
        indicators.append(Indicator(
            code=code, name=name if not rounds else f"{name} (đợt {rounds + 1})",
            task_group=group, measure=measure, direction=direction,
            weight=Decimal(1 + rng.randrange(3)), cap=cap, additive=additive))
        spec[code] = entry
    units = []
    for group, prefix, count in _group_counts(n_units):
        width = max(3, len(str(count)))
        for i in range(1, count + 1):
            heads = (f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)}",)
            units.append(Unit(code=f"{prefix}{i:0{width}d}", name=f"{group} {i}",
                              group=group, heads=heads))
    targets = []
    for u in units:
        for ind in indicators:
            _, _, measure, direction, low, high, decimals, _ = spec[ind.code]
            if direction is _B:
                value = Decimal(1)
            else:
                value = _q(Decimal(str(rng.uniform(low, high))), decimals)
                if value <= 0:
                    value = Decimal(1)
            targets.append(Target(unit=u.code, indicator=ind.code, value=value))
    graded: dict = {}
    if officials:
        from dgsp.example import example_plan

        if officials > len(OFFICIAL_POSTS):
            raise ValueError(f"officials: at most {len(OFFICIAL_POSTS)} per unit")
        example = example_plan(2026)
        graded = {"criteria": example.criteria, "general_points": example.general_points,
                  "officials": tuple(
                      Official(code=f"{u.code}-{suffix}", position=f"{post} {u.name}",
                               name=f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)}",
                               unit=u.code, group=group)
                      for u in units for suffix, post, group in OFFICIAL_POSTS[:officials])}
    return Plan(title=f"Đánh giá bằng sản phẩm năm 2025 ({n_units} đơn vị)", year=2025,
                issued_by="Ban Tổ chức Tỉnh ủy", deadline=date(2026, 1, 15),
                units=tuple(units), indicators=tuple(indicators), targets=tuple(targets),
                **graded)


def results_for(plan: Plan, unit_code: str, rng: random.Random) -> dict[str, object]:
    """Plausible results for one unit: a unit's own standing shifts its odds of
    falling short (~15% on average), meeting the target (~40%) or exceeding it."""
    skill = rng.gauss(0, 1)
    miss, meet = max(0.02, 0.15 - 0.07 * skill), 0.40
    out: dict[str, object] = {}
    for ind, target in plan.assignments(unit_code):
        roll = rng.random()
        if ind.direction is _B:
            out[ind.code] = "Đạt" if roll >= miss * 1.5 else "Không đạt"
            continue
        t = target.value
        decimals = 1 if ind.measure in _DECIMAL_MEASURES else 0
        percent = ind.measure.strip() == "%"
        if roll < miss:
            f = Decimal(str(rng.uniform(0.6, 0.97)))
        elif roll < miss + meet:
            f = Decimal(1)
        else:
            f = Decimal(str(rng.uniform(1.02, 1.35)))
        if ind.direction is _H:
            v = _q(t * f, decimals)
            if v <= t and f > 1:
                v = t + Decimal(1).scaleb(-decimals)
            if percent:
                v = min(v, Decimal(100))
            v = max(v, Decimal(1).scaleb(-decimals))
        else:  # lower is better: falling short means more than the target
            v = _q(t * (2 - f), decimals)
            v = max(v, Decimal(0))
        out[ind.code] = v
    return out


# ----------------------------------------------------------------------------- fast filler

_SHEET = re.compile(r'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"')
SELF_SHEET = "Tự đánh giá"  # the self-assessment sheet of a Vietnamese template


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its zip path, in the workbook's order (the results sheet first)."""
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = {}
    for m in re.finditer(r"<Relationship\b[^>]*>", rels):
        rid, target = (re.search(rf'{key}="([^"]+)"', m.group(0)).group(1)
                       for key in ("Id", "Target"))
        targets[rid] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return {name: targets[rid]
            for name, rid in _SHEET.findall(z.read("xl/workbook.xml").decode())}


def _locate(template: Path) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Indicator code → result cell (A1), and (entity, criterion) → self-score cell, found by
    their text as fill_template finds them."""
    from python_calamine import CalamineWorkbook

    from dgsp import xlsx
    from dgsp.plan.templates import RESULT_FIELDS, self_blocks
    from dgsp.text import clean

    book = CalamineWorkbook.from_path(str(template))
    grid = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    header = xlsx.find_header(grid, RESULT_FIELDS, required=("code", "result"))
    if header is None:
        raise ValueError(f"{template}: no header row with indicator code and result")
    code_col, result_col = header.columns["code"], header.columns["result"]
    cells: dict[str, str] = {}
    for r in range(header.row + 1, len(grid)):
        code = clean(xlsx.cell(grid, r, code_col))
        if not code:
            break
        cells.setdefault(code, xlsx.cell_ref(r, result_col))
    scores: dict[tuple[str, str], str] = {}
    if SELF_SHEET in book.sheet_names:
        grid = book.get_sheet_by_name(SELF_SHEET).to_python(skip_empty_area=False)
        for block in self_blocks(grid):
            for code, r in block.rows:
                scores.setdefault((block.entity, code), xlsx.cell_ref(r, block.score_col))
    return cells, scores


def _cell_xml(ref: str, style: str, value: object) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, str):
        return f'<c r="{ref}"{s} t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"{s}><v>{value}</v></c>'


def _patch(xml: str, values: dict[str, object], where: str) -> str:
    """The sheet XML with each cell (A1 → value) typed in, its style kept."""
    for ref, value in values.items():
        m = re.search(rf'<c r="{ref}"(?:\s[^>]*?)?(?:/>|>.*?</c>)', xml, re.S)
        if m is None:
            raise ValueError(f"{where}: no cell {ref} in the sheet XML")
        style = re.search(r'\ss="(\d+)"', m.group(0))
        xml = xml[:m.start()] + _cell_xml(ref, style.group(1) if style else "", value) \
            + xml[m.end():]
    return xml


_STAMP = (2026, 1, 10, 9, 0, 0)  # every return "saved" at the same moment


def fill_fast(template: Path, results: dict[str, object], out: Path,
              self_scores: dict[tuple[str, str], object] | None = None) -> Path:
    """The template with ``results`` typed into its result cells (and ``self_scores``, keyed
    by entity and criterion, into its self-assessment sheet), saved to ``out``. A result in %
    is given as typed (92) and stored as Excel stores it in a percentage cell (0.92)."""
    cells, score_cells = _locate(template)
    unknown = [*(set(results) - set(cells)), *map(str, set(self_scores or ()) - set(score_cells))]
    if unknown:
        raise ValueError(f"{template}: not in the template: {', '.join(sorted(unknown))}")
    with zipfile.ZipFile(template) as src:
        parts = _sheet_parts(src)
        first = next(iter(parts.values()))
        patches = {first: {cells[code]: value for code, value in results.items()}}
        if self_scores:
            patches[parts[SELF_SHEET]] = {score_cells[key]: value
                                          for key, value in self_scores.items()}
        tmp = out.with_name(out.name + ".part")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename in patches:
                    data = _patch(data.decode("utf-8"), patches[info.filename],
                                  str(template)).encode("utf-8")
                dst.writestr(zipfile.ZipInfo(info.filename, date_time=_STAMP), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    tmp.replace(out)
    return out


def self_scores_for(plan: Plan, unit_code: str, rng: random.Random
                    ) -> dict[tuple[str, str], object]:
    """A unit's self-assessment: each of its entities (the unit, its officials) scores itself
    on each criterion that applies, most near the top (a whole or half point below at most),
    and the Đạt/Không đạt criteria mostly Đạt."""
    from dgsp.model import CriterionScoring

    entities = [(unit_code, False), *((o.code, True) for o in plan.officials_of(unit_code))]
    out: dict[tuple[str, str], object] = {}
    for entity, individual in entities:
        for c in plan.criteria_for(individual):
            if c.scoring is CriterionScoring.BINARY:
                out[(entity, c.code)] = "Đạt" if rng.random() < 0.97 else "Không đạt"
            else:
                drop = rng.choice((0, 0, 0, Decimal("0.25"), Decimal("0.5"), 1))
                out[(entity, c.code)] = max(Decimal(0), c.max_points - drop)
    return out


def fill_returns(plan: Plan, templates: Path, returns: Path, seed: int = 0) -> list[Path]:
    """Fill every unit's template with plausible results (and, under Quy định 366, its
    self-assessment) into ``returns``; return the paths."""
    from dgsp.plan.templates import template_filename

    rng = random.Random(f"returns-{seed}")
    percent = {i.code for i in plan.indicators if i.in_percent}
    returns.mkdir(parents=True, exist_ok=True)
    written = []
    for unit in plan.units:
        name = template_filename(unit.code)
        results = {code: value / 100 if code in percent and not isinstance(value, str)
                   else value for code, value in results_for(plan, unit.code, rng).items()}
        scores = self_scores_for(plan, unit.code, rng) if plan.criteria else None
        written.append(fill_fast(templates / name, results, returns / name, scores))
    return written


def write_workload(directory: Path, n_units: int, k: int = 20, seed: int = 0,
                   officials: int = 0) -> tuple[Path, Path, Path]:
    """Write ``plan.xlsx``, ``templates/`` (assign) and ``returns/`` into ``directory``
    (``officials`` per unit: see :func:`make_plan`; their self-assessment is left blank)."""
    from dgsp.plan.templates import write_templates
    from dgsp.plan.workbook import read_plan, write_plan

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    plan = make_plan(n_units, k, seed, officials)
    plan_path, templates, returns = directory / "plan.xlsx", directory / "templates", \
        directory / "returns"
    write_plan(plan_path, plan)
    plan, _ = read_plan(plan_path)  # as `dgsp assign` does: the workbook is the authority
    write_templates(plan, templates, force=True)
    fill_returns(plan, templates, returns, seed)
    return plan_path, templates, returns


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--units", type=int, default=NATIONAL)
    ap.add_argument("--indicators", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--officials", type=int, default=0, help="officials per unit (0-2)")
    a = ap.parse_args(argv)
    start = time.perf_counter()
    plan, templates, returns = write_workload(a.dir, a.units, a.indicators, a.seed,
                                              a.officials)
    print(f"{a.units} units x {a.indicators} indicators (seed {a.seed}) in "
          f"{time.perf_counter() - start:.1f} s:\n  {plan}\n  {templates}/\n  {returns}/")


if __name__ == "__main__":
    main()
