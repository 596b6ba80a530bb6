"""Score reports → one static, self-contained HTML page to publish (``dgsp publish``).

Quy định 366-QĐ/TW (Điều 15) and Nghị định 335/2025/NĐ-CP (Điều 21) ask for the results of an
evaluation to be made public, preferably electronically. :func:`publish_html` turns one or more
score reports, as read back by :func:`dgsp.compare.read_reports`, into a page that the Board can
copy to its website or a USB stick: one file, no JavaScript, no fonts, images or links to fetch,
readable on a phone (tables scroll sideways inside their frame).

What the page shows, for each report (the newest round first):

- the round: its title, its period ("Năm 2026", "Quý II năm 2026") and the issuing body;
- the grades at a glance: per peer group (collectives, then officials), the number and share of
  HTXSNV, HTTNV, HTNV, KHTNV and of those not graded or without a result, with the total, as a
  table and as a stacked bar (inline SVG, coloured as the workbooks, ``dgsp.xlsx.GRADE_FILLS``);
- per peer group, every collective (official) with its code and grade, in words.

The public page never shows a score, a rank, a ratio or a reason: entities are listed by grade
(best first), then by name. ``full=True`` makes the internal version, marked "Nội bộ – không
công bố": it adds the score, the rank and the reasons, lists by rank, and, across several
reports, the rank changes since the previous report of an earlier year (same period) and a
heat map of every entity's grade over the rounds.

Every text taken from a report (names, groups, titles, reasons) is escaped: the reports come
from workbooks filled in by others. The page is a pure function of its inputs: the same
reports, in any order, give the same bytes (no clock, no random).
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePath

from dgsp import __version__
from dgsp.compare.model import ReportUnit, ScoreReport
from dgsp.labels import grade_name, label
from dgsp.model import Grade
from dgsp.report.write import UNSCORED_FILL
from dgsp.text import fold, format_number, format_percent
from dgsp.xlsx import GRADE_FILLS

__all__ = ["INDEX", "WORDS", "publish_html", "write_publish"]

# Every word of the page that :mod:`dgsp.labels` does not already have: key → (vi, en).
WORDS: dict[str, tuple[str, str]] = {
    "page.title": ("Kết quả đánh giá, xếp loại chất lượng", "Evaluation and grading results"),
    "page.heading": ("CÔNG KHAI KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG",
                     "EVALUATION AND GRADING RESULTS"),
    "page.basis": ("Công khai theo Quy định 366-QĐ/TW (Điều 15) và Nghị định 335/2025/NĐ-CP "
                   "(Điều 21).",
                   "Made public under Regulation 366-QĐ/TW (Art. 15) and Decree "
                   "335/2025/NĐ-CP (Art. 21)."),
    "page.heading_full": ("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG (BẢN ĐẦY ĐỦ)",
                          "EVALUATION AND GRADING RESULTS (FULL VERSION)"),
    "page.internal": ("Nội bộ – không công bố", "Internal – not for publication"),
    "page.internal_note": ("Bản đầy đủ: có điểm, thứ hạng và lý do xếp loại, để cấp có thẩm "
                           "quyền xem xét. Không đăng bản này lên cổng thông tin; bản công khai "
                           "được tạo khi không dùng --full.",
                           "The full version, with scores, ranks and the reasons for each "
                           "grade, for those who decide. Do not post it on the website; the "
                           "public page is made without --full."),
    "page.contents": ("Các kỳ đánh giá trên trang này", "Rounds on this page"),
    "round.summary": ("Tổng hợp kết quả xếp loại", "Grades at a glance"),
    "round.chart": ("Số lượng theo mức xếp loại, từng nhóm so sánh",
                    "Number per grade, by peer group"),
    "col.no_result": ("Không xếp loại, chưa có kết quả", "Not graded or no result"),
    "col.total": ("Tổng số", "Total"),
    "kind.total": ("{kind} – tất cả các nhóm", "{kind} – all groups"),
    "order.public": ("Trong mỗi nhóm, xếp theo mức xếp loại (từ cao xuống), rồi theo tên.",
                     "Within each group, listed by grade (best first), then by name."),
    "order.full": ("Trong mỗi nhóm, xếp theo thứ hạng.", "Within each group, listed by rank."),
    "league.heading": ("Thay đổi thứ hạng so với {previous}", "Rank changes since {previous}"),
    "league.rank_in": ("Hạng – {period}", "Rank – {period}"),
    "heat.heading": ("Xếp loại qua các kỳ", "Grades across the rounds"),
    "footer.made": ("Trang do dgsp {version} lập tự động từ các báo cáo dưới đây; không sửa "
                    "tay. Mã SHA-256 của từng tệp cho phép đối chiếu trang này với báo cáo.",
                    "Made by dgsp {version} from the reports below; not edited by hand. Each "
                    "file's SHA-256 lets a reader check this page against the reports."),
}


def _word(key: str, lang: str, **params: object) -> str:
    """A word of this page (:data:`WORDS`) in ``lang``: Vietnamese, or English for ``"en"``."""
    text = WORDS[key][0 if lang == "vi" else 1]
    return text.format(**params) if params else text


INDEX = "index.html"
GRADES = tuple(g.value for g in Grade)  # best first
NONE = "none"  # the bucket of the not graded, the rejected, the missing
BUCKETS = (*GRADES, NONE)
FILLS = {**GRADE_FILLS, NONE: UNSCORED_FILL}  # the workbooks' colours
KINDS = ("units", "officials")  # collectives, then officials
_STATUS_ORDER = {"scored": 0, "not_graded": 1, "rejected": 2, "missing": 3}
_QUARTERS = ("Q1", "Q2", "Q3", "Q4")
# the rounds of a year in order: its quarters, then its own round, which closes it
_PERIOD_ORDER = {"Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4, "year": 5}
_MINUS = "\u2212"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# ----------------------------------------------------------------------------- the values shown


@dataclass(frozen=True)
class _Group:
    kind: str  # units or officials
    name: str
    members: tuple[ReportUnit, ...]


def order_reports(reports: Sequence[ScoreReport]) -> list[ScoreReport]:
    """Newest first: by plan year, then period (Q1…Q4, then the year's own round), both
    descending; then by title, file name and SHA-256."""
    return sorted(reports, key=lambda r: (-r.plan.year, -_PERIOD_ORDER.get(r.plan.period, 0),
                                          fold(r.plan.title), r.plan.title, r.file, r.sha256))


def period_words(report: ScoreReport, lang: str) -> str:
    """The round's period, as :func:`dgsp.labels.period_name` words it: "Năm 2026",
    "Quý II năm 2026" (en: "Year 2026", "Q2 2026")."""
    plan = report.plan
    if plan.period not in _QUARTERS:
        return f"{label('period.year', lang)} {plan.year}"
    return label("period.of_year", lang, period=label(f"period.{plan.period}", lang),
                 year=plan.year)


def bucket(u: ReportUnit) -> str:
    """The column an entity is counted in: its grade, or :data:`NONE`."""
    return u.grade if u.status == "scored" and u.grade in GRADES else NONE


def groups(report: ScoreReport) -> list[_Group]:
    """The peer groups: collectives, then officials, each in the order the report first has
    them."""
    found: list[_Group] = []
    for kind, entities in (("units", report.units), ("officials", report.officials)):
        names = list(dict.fromkeys(u.group for u in entities))
        found += [_Group(kind, n, tuple(u for u in entities if u.group == n)) for n in names]
    return found


def tally(members: Sequence[ReportUnit]) -> dict[str, int]:
    counts = dict.fromkeys(BUCKETS, 0)
    for u in members:
        counts[bucket(u)] += 1
    return counts


def _name_key(u: ReportUnit) -> tuple:
    return (fold(u.name), u.name, u.code)


def _public_key(u: ReportUnit) -> tuple:
    return (BUCKETS.index(bucket(u)), _STATUS_ORDER.get(u.status, 9), *_name_key(u))


def _full_key(u: ReportUnit) -> tuple:
    return (u.rank is None, u.rank or 0, *_public_key(u))


def _grade_words(u: ReportUnit, lang: str) -> str:
    """The grade cell's HTML: "<b>HTXSNV</b> – Hoàn thành xuất sắc nhiệm vụ", or a status."""
    if u.status == "scored" and u.grade in GRADES:
        return (f'<b>{u.grade}</b><span class="dash"> – </span>'
                f'<span class="gname">{_e(grade_name(Grade(u.grade), lang))}</span>')
    if u.status == "scored" and u.grade:  # a grade this version does not know
        return f"<b>{_e(u.grade)}</b>"
    if u.status in ("rejected", "missing"):
        return _e(label(f"status.{u.status}", lang))
    return _e(label("status.not_graded", lang))


def _short_grade(u: ReportUnit | None, lang: str) -> str:
    """A heat-map cell: the grade code, the status in words, or "—" (not in the round)."""
    if u is None:
        return "—"
    if u.status == "scored" and u.grade:
        return _e(u.grade)
    return _e(label(f"status.{u.status}", lang))


def _kind_title(kind: str, group: str, lang: str) -> str:
    return label(f"year.section.{kind}", lang, group=group)


def _share(n: int, total: int, lang: str) -> str:
    return format_percent(Decimal(n) / Decimal(total), lang, 1) if total else "—"


def _pct(n: int, total: int) -> Decimal:
    """``n`` of ``total`` as a percentage of the bar's length, two places."""
    return (Decimal(100 * n) / Decimal(total)).quantize(_CENT)


_CENT = Decimal("0.01")


# ----------------------------------------------------------------------------- the page


def publish_html(reports: Sequence[ScoreReport], lang: str = "vi", full: bool = False) -> str:
    """The whole page, as text: the public results of ``reports`` (or, with ``full``, the
    internal version with scores, ranks, reasons, rank changes and a heat map).

    The reports may come in any order: they are shown newest first (:func:`order_reports`).
    Raises ValueError when there is none.
    """
    if not reports:
        raise ValueError("publish_html: no report to publish")
    lang = "vi" if lang == "vi" else "en"
    ordered = order_reports(reports)
    title = _word("page.title", lang)
    bodies = list(dict.fromkeys(r.plan.issued_by for r in ordered if r.plan.issued_by))
    if len(bodies) == 1:
        title = f"{title} – {bodies[0]}"
    if full:
        title = f"[{_word('page.internal', lang)}] {title}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="dgsp {_e(__version__)}">',
        *(['<meta name="robots" content="noindex, nofollow">'] if full else []),
        f"<title>{_e(title)}</title>",
        f"<style>{_css()}</style>",
        "</head>",
        f'<body class="{"full" if full else "public"}">',
    ]
    if full:
        out += [(f'<div class="banner" role="note"><strong>{_e(_word("page.internal", lang))}'
                 f'</strong> <span>{_e(_word("page.internal_note", lang))}</span></div>')]
    heading = _word("page.heading_full" if full else "page.heading", lang)
    out += ["<header>", f"<h1>{_e(heading)}</h1>",
            *(f'<p class="body">{_e(b)}</p>' for b in bodies)]
    if not full:
        out += [f'<p class="basis">{_e(_word("page.basis", lang))}</p>']
    out += ["</header>", "<main>"]
    if len(ordered) > 1:
        out += [f'<nav><h2>{_e(_word("page.contents", lang))}</h2><ul>']
        out += [f'<li><a href="#ky-{i}">{_e(period_words(r, lang))}: {_e(r.plan.title)}</a></li>'
                for i, r in enumerate(ordered, 1)]
        out += ["</ul></nav>"]
    for i, report in enumerate(ordered, 1):
        previous = _previous(ordered, i - 1) if full else None
        out += _round(report, i, lang, full, previous)
    if full:
        out += _heat_map(ordered, lang)
    out += ["</main>", *_footer(ordered, lang), "</body>", "</html>", ""]
    return "\n".join(out)


def write_publish(reports: Sequence[ScoreReport], out_dir: Path, lang: str = "vi",
                  full: bool = False) -> Path:
    """Write the page to ``out_dir/index.html`` (creating ``out_dir``) and return its path.

    Written atomically: into a temporary file in ``out_dir``, then renamed over
    ``index.html``; nothing else is written, and a failed write leaves nothing behind.
    """
    text = publish_html(reports, lang=lang, full=full)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / INDEX
    fd, tmp = tempfile.mkstemp(prefix=f".{INDEX}.", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # a web page: readable by the web server
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return final


# ----------------------------------------------------------------------------- one round


def _round(report: ScoreReport, index: int, lang: str, full: bool,
           previous: ScoreReport | None) -> list[str]:
    when = period_words(report, lang)
    found = groups(report)
    out = [f'<section class="round" id="ky-{index}">',
           f'<h2><span class="when">{_e(when)}</span> {_e(report.plan.title)}</h2>']
    if report.plan.issued_by:
        issuer = f"{label('info.issued_by', lang)}: {report.plan.issued_by}"
        out += [f'<p class="issuer">{_e(issuer)}</p>']
    out += [f"<h3>{_e(_word('round.summary', lang))}</h3>", *_tally_table(found, lang),
            *_chart(found, lang)]
    out += [f'<p class="order">{_e(_word("order.full" if full else "order.public", lang))}</p>']
    units = {u.code: u for u in report.units}
    for g in found:
        out += [f'<h3 class="group">{_e(_kind_title(g.kind, g.name, lang))}</h3>',
                *_entity_table(g, units, lang, full)]
        if previous is not None:
            out += _league(g, report, previous, lang)
    out += ["</section>"]
    return out


def _tally_table(found: Sequence[_Group], lang: str) -> list[str]:
    """The grade counts: for each peer group, a row naming it, then a row of its counts and
    shares (so that six narrow columns fit a phone); after a kind's groups, their total."""
    head = [f'<th scope="col" class="g-{g}"><b>{g}</b> <small class="gname">'
            f'{_e(grade_name(Grade(g), lang))}</small></th>' for g in GRADES]
    head += [f'<th scope="col" class="g-{NONE}">{_e(_word("col.no_result", lang))}</th>',
             f'<th scope="col">{_e(_word("col.total", lang))}</th>']
    rows: list[str] = []
    for kind in KINDS:
        of_kind = [g for g in found if g.kind == kind]
        for g in of_kind:
            rows += _tally_rows(_kind_title(kind, g.name, lang), tally(g.members), lang)
        if len(of_kind) > 1:
            total = tally([u for g in of_kind for u in g.members])
            rows += _tally_rows(_word("kind.total", lang, kind=label(f"year.kind.{kind}", lang)),
                                total, lang, css="sum")
    return ['<div class="wrap"><table class="tally">',
            f"<thead><tr>{''.join(head)}</tr></thead>", "<tbody>", *rows, "</tbody>",
            "</table></div>"]


def _tally_rows(name: str, counts: dict[str, int], lang: str, css: str = "") -> list[str]:
    total = sum(counts.values())
    cells = "".join(f'<td class="num"><span class="n">{counts[b]}</span> '
                    f'<span class="pct">{_share(counts[b], total, lang)}</span></td>'
                    for b in BUCKETS)
    klass = f"grp {css}".strip()
    width = len(BUCKETS) + 1
    return [f'<tr class="{klass}"><th colspan="{width}" scope="colgroup">{_e(name)}</th></tr>',
            f'<tr class="counts">{cells}<td class="num"><span class="n">{total}</span></td></tr>']


def _chart(found: Sequence[_Group], lang: str) -> list[str]:
    """One horizontal stacked bar per peer group: its grade counts, coloured as the
    workbooks. Lengths are percentages, so the bars fit any screen and the text is never
    scaled down."""
    out = ['<figure class="chart">', f"<figcaption>{_e(_word('round.chart', lang))}</figcaption>"]
    for g in found:
        counts = tally(g.members)
        total = sum(counts.values())
        name = _kind_title(g.kind, g.name, lang)
        spoken = "; ".join(f"{_bucket_word(b, lang)}: {counts[b]}" for b in BUCKETS)
        out += ['<div class="bar">',
                f'<div class="bar-label">{_e(name)} <span class="bar-n">({total})</span></div>',
                (f'<svg class="bar-svg" width="100%" height="28" role="img" '
                 f'aria-label="{_e(name)}: {_e(spoken)}">')]
        done = 0
        for b in BUCKETS:
            n = counts[b]
            if not n:
                continue
            start, end = _pct(done, total), _pct(done + n, total)  # no gap, no overlap
            tip = f"{_bucket_word(b, lang)}: {n} ({_share(n, total, lang)})"
            out += [(f'<rect x="{start}%" y="0" width="{end - start}%" height="28" '
                     f'fill="#{FILLS[b]}" stroke="#ffffff" stroke-width="1">'
                     f"<title>{_e(tip)}</title></rect>")]
            if 100 * n >= 6 * total:  # room for the number
                middle = ((start + end) / 2).quantize(_CENT)
                out += [f'<text x="{middle}%" y="19" text-anchor="middle">{n}</text>']
            done += n
        out += ["</svg>", "</div>"]
    out += [*_legend(lang), "</figure>"]
    return out


def _bucket_word(b: str, lang: str) -> str:
    return b if b in GRADES else _word("col.no_result", lang)


def _legend(lang: str, absent: bool = False) -> list[str]:
    items = [f'<li><span class="sw g-{g}"></span><b>{g}</b> – '
             f'{_e(grade_name(Grade(g), lang))}</li>' for g in GRADES]
    items.append(f'<li><span class="sw g-{NONE}"></span>{_e(_word("col.no_result", lang))}</li>')
    if absent:
        items.append(f"<li>—: {_e(label('year.not_in_round', lang))}</li>")
    return [f'<ul class="legend" aria-label="{_e(label("cmp.legend", lang))}">', *items, "</ul>"]


def _entity_table(g: _Group, units: dict[str, ReportUnit], lang: str, full: bool) -> list[str]:
    officials = g.kind == "officials"
    heads = [_e(label("col.no", lang)),
             _e(label("col.full_name", lang)) + ' <small class="sub">'
             f'{_e(label("col.position", lang))} – {_e(label("year.col.unit", lang))}</small>'
             if officials else _e(label("col.unit_name", lang))]
    heads += [_e(label("year.col.code", lang)), _e(label("col.grade_code", lang))]
    if full:
        heads += [_e(label("col.score", lang)), _e(label("col.rank", lang)),
                  _e(label("year.col.reasons", lang))]
    rows = []
    for no, u in enumerate(sorted(g.members, key=_full_key if full else _public_key), 1):
        name = _e(u.name)
        if officials:  # the position and the unit under the name: four columns fit a phone
            unit = units.get(u.unit or "")
            where = [t for t in (u.position, unit.name if unit else (u.unit or "")) if t]
            if where:
                name += f' <small class="sub">{_e(" – ".join(where))}</small>'
        cells = [f'<td class="num">{no}</td>', f'<td class="name">{name}</td>']
        cells += [f'<td class="code">{_e(u.code)}</td>',
                  f'<td class="grade g-{bucket(u)}">{_grade_words(u, lang)}</td>']
        if full:
            score = format_number(u.score, lang, 2) if u.score is not None else "—"
            cells += [f'<td class="num score">{score}</td>',
                      f'<td class="num rank">{u.rank if u.rank is not None else "—"}</td>',
                      f'<td class="reasons">{_reasons(u, lang)}</td>']
        rows.append(f'<tr>{"".join(cells)}</tr>')
    head = "".join(f'<th scope="col">{h}</th>' for h in heads)
    return [f'<div class="wrap"><table class="entities {g.kind}">',
            f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table></div>"]


def _reasons(u: ReportUnit, lang: str) -> str:
    texts = [r.text or r.code for r in u.reasons]
    if not texts and u.lowered_by_quota:  # a dgsp.score/1 report: no reasons, but the quota
        texts = [label("cmp.status.lowered", lang)]
    if not texts:
        return ""
    return '<ul class="why">' + "".join(f"<li>{_e(t)}</li>" for t in texts) + "</ul>"


# ----------------------------------------------------------------------------- across reports


def _previous(ordered: Sequence[ScoreReport], i: int) -> ScoreReport | None:
    """The report the ranks of ``ordered[i]`` are compared with: the newest of an earlier year
    and the same period that shares an entity with it; None when there is none."""
    report = ordered[i]
    codes = {u.code for u in (*report.units, *report.officials)}
    for other in ordered[i + 1:]:
        if (other.plan.year < report.plan.year and other.plan.period == report.plan.period
                and codes & {u.code for u in (*other.units, *other.officials)}):
            return other
    return None


def _league(g: _Group, report: ScoreReport, previous: ScoreReport, lang: str) -> list[str]:
    """The group's ranks in this report and in ``previous`` (the same group there), and the
    places moved: up (+) or down (−)."""
    before = {u.code: u for u in (previous.officials if g.kind == "officials"
                                  else previous.units) if u.group == g.name}
    if not any(u.code in before for u in g.members):
        return []
    when, then = period_words(report, lang), period_words(previous, lang)
    heads = [label("col.unit_name" if g.kind == "units" else "col.full_name", lang),
             label("year.col.code", lang), _word("league.rank_in", lang, period=when),
             _word("league.rank_in", lang, period=then), label("cmp.col.rank_change_n", lang)]
    rows = []
    for u in sorted(g.members, key=_full_key):
        old = before.get(u.code)
        if old is None:
            change = _e(label("cli.cmp.new", lang))
        elif u.rank is None or old.rank is None:
            change = "—"
        else:
            moved = old.rank - u.rank
            change = f"+{moved}" if moved > 0 else f"{_MINUS}{-moved}" if moved < 0 else "0"
        old_rank = "—" if old is None or old.rank is None else str(old.rank)
        rank = "—" if u.rank is None else str(u.rank)
        rows.append(f'<tr><td class="name">{_e(u.name)}</td><td class="code">{_e(u.code)}</td>'
                    f'<td class="num">{rank}</td><td class="num">{old_rank}</td>'
                    f'<td class="num change">{change}</td></tr>')
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in heads)
    in_sentence = then[:1].lower() + then[1:] if lang == "vi" else then  # "so với năm 2021"
    return [f'<h4>{_e(_word("league.heading", lang, previous=in_sentence))}</h4>',
            f'<div class="wrap"><table class="league {g.kind}">',
            f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table></div>"]


def _heat_map(ordered: Sequence[ScoreReport], lang: str) -> list[str]:
    """Every entity's grade in every report, oldest round on the left, by kind and peer group
    (as in the newest report that has the entity), then name; only when some entity is in
    two reports or more."""
    rounds = list(reversed(ordered))
    heads = [period_words(r, lang) for r in rounds]
    if len(set(heads)) < len(heads):  # two rounds of one period: tell them apart
        heads = [f"{h} – {r.plan.title}" for h, r in zip(heads, rounds)]
    out: list[str] = []
    for kind in KINDS:
        seen: dict[str, ReportUnit] = {}  # code → as in the newest report that has it
        counts: dict[str, int] = {}
        for r in ordered:
            for u in (r.officials if kind == "officials" else r.units):
                seen.setdefault(u.code, u)
                counts[u.code] = counts.get(u.code, 0) + 1
        if not seen or max(counts.values()) < 2:
            continue
        cells = [{u.code: u for u in (r.officials if kind == "officials" else r.units)}
                 for r in rounds]
        group_names = list(dict.fromkeys(u.group for u in seen.values()))
        width = 2 + len(rounds)
        head = "".join(f'<th scope="col">{_e(h)}</th>' for h in (
            label("col.full_name" if kind == "officials" else "col.unit_name", lang),
            label("year.col.code", lang), *heads))
        rows = []
        for group in group_names:
            rows.append(f'<tr class="grp"><th colspan="{width}" scope="rowgroup">'
                        f'{_e(_kind_title(kind, group, lang))}</th></tr>')
            members = sorted((u for u in seen.values() if u.group == group), key=_name_key)
            for u in members:
                row = [f'<td class="name">{_e(u.name)}</td><td class="code">{_e(u.code)}</td>']
                for by_code in cells:
                    one = by_code.get(u.code)
                    css = "absent" if one is None else f"g-{bucket(one)}"
                    row.append(f'<td class="cell {css}">{_short_grade(one, lang)}</td>')
                rows.append(f"<tr>{''.join(row)}</tr>")
        out += [f"<h3>{_e(label(f'year.kind.{kind}', lang))}</h3>",
                f'<div class="wrap"><table class="heat {kind}">',
                f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table></div>"]
    if not out:
        return []
    return ['<section class="round" id="qua-cac-ky">',
            f"<h2>{_e(_word('heat.heading', lang))}</h2>", *out, *_legend(lang, absent=True),
            "</section>"]


# ----------------------------------------------------------------------------- the footer


def _footer(ordered: Sequence[ScoreReport], lang: str) -> list[str]:
    items = []
    for r in ordered:
        name = PurePath(r.file.replace("\\", "/")).name if r.file else "—"
        items.append(f"<li>{_e(period_words(r, lang))}: {_e(r.plan.title)} — "
                     f"{_e(label('col.file', lang))} <code>{_e(name)}</code>, "
                     f"SHA-256 <code class=\"hash\">{_e(r.sha256 or '—')}</code></li>")
    return ["<footer>", f"<p>{_e(_word('footer.made', lang, version=__version__))}</p>",
            '<ul class="sources">', *items, "</ul>", "</footer>"]


def _css() -> str:
    fills = "".join(f".g-{b}{{background:#{c}}}" for b, c in FILLS.items())
    return (
        "*{box-sizing:border-box}"
        "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}"
        "body{margin:0;background:#fff;color:#1a1a1a;font-size:16px;line-height:1.45;"
        "font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Liberation Sans\","
        "\"DejaVu Sans\",Arial,sans-serif}"
        "header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}"
        "header{padding-top:16px;text-align:center}"
        "h1,h2,h3,h4{font-family:\"Times New Roman\",\"Liberation Serif\",serif;"
        "line-height:1.25;overflow-wrap:anywhere}"
        "h1{font-size:1.5rem;margin:.5rem 0;color:#7a0000}"
        "h2{font-size:1.35rem;margin:1.5rem 0 .25rem;border-bottom:2px solid #7a0000;"
        "padding-bottom:.25rem}"
        "h2 .when{display:block;font-size:1.05rem;color:#7a0000}"
        "h3{font-size:1.15rem;margin:1.25rem 0 .5rem}"
        "h4{font-size:1rem;margin:1rem 0 .5rem}"
        "header .body{font-weight:bold;margin:.25rem 0}"
        ".basis,.order,.issuer{color:#444;margin:.25rem 0}"
        ".basis{font-size:.9rem}"
        "nav ul{padding-left:1.2rem}nav li{margin:.2rem 0}"
        "a{color:#0645ad}"
        ".wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%;"
        "margin:0 0 1rem}"
        "table{border-collapse:collapse;width:100%;font-size:.95rem}"
        "table.tally{max-width:760px}"
        "th,td{border:1px solid #9a9a9a;padding:4px 8px;text-align:left;vertical-align:top}"
        "thead th{background:#d9e1f2;vertical-align:bottom}"
        "thead th small{font-weight:normal}"
        "td.num,th.num{text-align:right;white-space:nowrap}"
        ".tally th,.tally td.num{text-align:center}"
        ".tally thead .gname{display:block;font-weight:normal;font-size:.8em}"
        ".tally tr.grp th{background:#f2f2f2;text-align:left}"
        ".tally tr.sum th{border-top:2px solid #555}"
        ".tally .n{display:block;font-weight:bold}"
        ".tally .pct{display:block;font-size:.85em;color:#333}"
        "td.code{white-space:nowrap;font-size:.9em}"
        "td.name{min-width:7em}"
        ".sub{display:block;font-size:.85em;color:#444;font-weight:normal}"
        "td.grade{min-width:8em}"
        "td.grade b{white-space:nowrap}"
        "td.reasons{min-width:16em;font-size:.9em}"
        ".why{margin:0;padding-left:1.1em}"
        ".heat td.cell{text-align:center;white-space:nowrap;font-size:.9em}"
        ".heat td.absent{color:#777}"
        ".heat tr.grp th{background:#f2f2f2}"
        "td.change{font-weight:bold}"
        ".chart{margin:0 0 1rem;max-width:760px}"
        ".chart figcaption{font-weight:bold;margin-bottom:.25rem}"
        ".bar{margin:.35rem 0}"
        ".bar-label{font-size:.9rem;overflow-wrap:anywhere}"
        ".bar-svg{display:block;border:1px solid #9a9a9a}"
        ".bar-svg text{font-size:14px;font-weight:bold;fill:#1a1a1a}"
        ".legend{list-style:none;padding:0;margin:.5rem 0 1rem;font-size:.85rem;"
        "display:flex;flex-wrap:wrap;gap:.25rem 1rem}"
        ".legend li{display:flex;align-items:center;gap:.35rem}"
        ".sw{display:inline-block;width:1em;height:1em;border:1px solid #777;flex:none}"
        ".banner{background:#7a0000;color:#fff;padding:10px 16px;text-align:center}"
        ".banner strong{display:block;font-size:1.2rem;text-transform:uppercase}"
        ".banner span{font-size:.9rem}"
        "footer{margin-top:2rem;padding-bottom:2rem;border-top:1px solid #9a9a9a;"
        "font-size:.85rem;color:#333}"
        ".sources{padding-left:1.2rem}.sources li{margin:.35rem 0}"
        "code{font-family:ui-monospace,\"DejaVu Sans Mono\",\"Liberation Mono\",monospace}"
        ".hash{word-break:break-all}"
        "@media (max-width:600px){body{font-size:15px}h1{font-size:1.25rem}"
        "header,main,footer{padding:0 10px}th,td{padding:3px 5px}"
        ".tally thead .gname{display:none}.tally thead th{font-size:.8rem}"
        ".tally th,.tally td{padding:3px 3px}"
        "td.grade .dash{display:none}td.grade .gname{display:block;font-size:.9em}"
        "td.code{font-size:.8em;white-space:normal}td.grade{min-width:6.5em}}"
        "@media print{*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
        ".wrap{overflow:visible}.banner{color:#000;background:none;"
        "border:3px solid #000}tr{break-inside:avoid}a{color:inherit}}"
        f"{fills}"
    )
