"""What dgsp shows in a terminal: problems, summaries, completeness, league tables.

Used by :mod:`dgsp.cli` only; every function takes a rich console and plain values.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dgsp.labels import label

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console
    from rich.text import Text

    from dgsp.compare import Comparison, LeagueRow
    from dgsp.intake import Completeness, Tally, UnitCompleteness
    from dgsp.model import Evaluation, Problem, UnitEvaluation

MAX_PROBLEM_LINES = 40


# ----------------------------------------------------------------------------- safe text
#
# Every text shown here may come from a workbook, a plan, a file name or a path. None of it
# reaches rich as markup (a sheet named "Kq [/x]" crashed `dgsp check`; "[link=…]" made a
# hyperlink): it is put in rich.text.Text objects, which are never parsed. And none of its
# control characters reaches the terminal (an escape sequence in a file name could retitle
# the window or recolour the screen): :func:`printable` replaces them, and the console of
# :func:`console` applies it to everything it prints, as a safety net for callers.

REPLACEMENT = "\ufffd"
"""What stands in for a control character: visible, and one character for one."""

_UNPRINTABLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f"  # C0 controls (tab too) but newline, DEL, C1 controls
    "\u202a-\u202e\u2066-\u2069]")  # bidi embeddings, overrides and isolates
_REPLACE = {c: REPLACEMENT for c in (*range(0x00, 0x20), *range(0x7F, 0xA0),
                                     *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_REPLACE[ord("\t")] = " "
del _REPLACE[ord("\n")]


def printable(text: str) -> str:
    """``text`` safe for a terminal: each control character (C0 but newline, DEL, C1) and
    each bidi override or isolate replaced by U+FFFD, a tab by a space.

    The length is kept, so a rich Text's styles stay on the characters they were on.
    """
    if not _UNPRINTABLE.search(text):
        return text
    return text.translate(_REPLACE)


def as_text(text: Any, style: str = "") -> Text:
    """A rich Text of ``text`` as it is: made :func:`printable`, never parsed as markup."""
    from rich.text import Text

    if isinstance(text, Text):
        return printable_text(text)
    return Text(printable(str(text)), style=style)


def printable_text(text: Text) -> Text:
    """A copy of a rich Text made :func:`printable`, with its styles (itself when it is)."""
    plain = text.plain
    if not _UNPRINTABLE.search(plain):
        return text
    copy = text.copy()
    copy.plain = printable(plain)  # same length: the spans stay
    return copy


def console(stderr: bool = False, **options: Any) -> Console:
    """The console dgsp prints to: a :class:`SafeConsole` (no markup, no emoji codes, no
    control characters), soft-wrapped."""
    options.setdefault("soft_wrap", True)
    return _safe_console_class()(stderr=stderr, **options)


def __getattr__(name: str) -> Any:
    if name == "SafeConsole":  # built on first use: rich loads only when something is shown
        return _safe_console_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _safe_console_class() -> type:
    from rich.console import Console
    from rich.segment import Segment
    from rich.text import Text

    class SafeConsole(Console):
        """A rich Console that shows text as it is, and never a control character of it.

        Markup, emoji codes and highlighting are off unless asked for. Every ``str`` and
        ``Text`` given to :meth:`print` or :meth:`log`, and every ``str`` rich turns into
        text (table cells, titles), is made :func:`printable`; so is every segment rendered
        (anything else holding text), while rich's own styles and cursor controls are kept.
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            for option in ("markup", "emoji", "highlight"):
                kwargs.setdefault(option, False)
            super().__init__(*args, **kwargs)

        @staticmethod
        def _safe(value: Any) -> Any:
            if isinstance(value, str):
                return printable(value)
            if isinstance(value, Text):
                return printable_text(value)
            return value

        def print(self, *objects: Any, **kwargs: Any) -> None:
            super().print(*map(self._safe, objects), **kwargs)

        def log(self, *objects: Any, **kwargs: Any) -> None:
            super().log(*map(self._safe, objects), **kwargs)

        def render_str(self, text: str, **kwargs: Any) -> Text:
            return super().render_str(printable(text), **kwargs)

        def render(self, renderable: Any, options: Any = None):
            for segment in super().render(renderable, options):
                if segment.control is None and _UNPRINTABLE.search(segment.text):
                    segment = Segment(printable(segment.text), segment.style)
                yield segment

    return SafeConsole


def print_problems(console: Console, problems: list[Problem], lang: str) -> None:
    """Each problem and its hint; the same problem at several cells once, with its cells."""
    from dgsp.problems import collapse, describe

    lines = collapse(problems, lang)
    for p, cells in lines[:MAX_PROBLEM_LINES]:
        style = "red" if p.is_error else "yellow"
        console.print(as_text(describe(p, lang, cells)), style=style)
        hint = p.hint(lang)
        if hint:
            console.print(as_text(f"    → {hint}"), style="dim")
    if len(lines) > MAX_PROBLEM_LINES:
        console.print(as_text(label("cli.more_problems", lang,
                                    count=sum(max(1, len(c)) for _, c in
                                              lines[MAX_PROBLEM_LINES:]))))




def _columns(table: Any, lang: str, *columns: tuple[str, dict[str, Any]]) -> None:
    """Add columns headed by labels (as Text: a label's parameters may come from anywhere)."""
    for key, options in columns:
        table.add_column(as_text(label(key, lang)), **options)


# ----------------------------------------------------------------------------- progress


class ProgressBar:
    """A progress bar on standard error for long runs: files done, files per second, time left.

    :meth:`callback` gives the ``progress(done, total)`` function a workflow
    step takes, or None when the bar is off (``--quiet``, or standard error is
    not a terminal). The bar appears only once a step has run for ``delay``
    seconds, so short runs print nothing, and is erased when the step ends.
    It is redrawn from the callback (rich's refresh thread is off), so no
    thread exists when a process pool forks its workers.
    """

    MIN_REDRAW = 0.1  # seconds between redraws

    def __init__(self, lang: str, enabled: bool = True, console: Console | None = None,
                 delay: float = 0.5):
        self.lang = lang
        self.enabled = enabled
        self.delay = delay
        self._console = console
        self._bar = None  # rich.progress.Progress while shown

    def callback(self, key: str) -> Callable[[int, int], None] | None:
        """The ``progress(done, total)`` function of one step, titled with label ``key``."""
        if not self.enabled:
            return None
        import time

        started: float | None = None  # the step's first call
        drawn = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal started, drawn
            now = time.monotonic()
            if started is None:
                started = now
            if self._bar is None:
                if done >= total or now - started < self.delay:
                    return
                self._start(label(key, self.lang), done, total)
            self._bar.update(self._bar.task_ids[0], completed=done, total=total)
            if done >= total:
                self.close()
            elif now - drawn >= self.MIN_REDRAW:
                drawn = now
                self._bar.refresh()

        return progress

    def _start(self, title: str, done: int, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._bar = Progress(
            TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
            _rate_column(self.lang), console=self._console or console(stderr=True),
            auto_refresh=False, transient=True, redirect_stdout=False, redirect_stderr=False)
        self._bar.add_task(printable(title), total=total, completed=done)  # speed: from here
        self._bar.start()

    def close(self) -> None:
        """Erase the bar (at the end of a step, or when the command stops)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_bar(lang: str, quiet: bool = False) -> ProgressBar:
    """The progress bar of a command: off with ``--quiet`` or when stderr is not a terminal."""
    isatty = getattr(sys.stderr, "isatty", None)
    return ProgressBar(lang, enabled=not quiet and bool(isatty and isatty()))


def _rate_column(lang: str):
    """A rich column of files per second and time left (built here: rich loads only when a
    bar is shown)."""
    from rich.progress import ProgressColumn

    class RateColumn(ProgressColumn):
        """``120 files/s · 0:00:25 left`` (vi: ``120 tệp/giây · còn 0:00:25``)."""

        def render(self, task):
            from datetime import timedelta

            from rich.text import Text

            from dgsp.text import format_number

            speed = task.finished_speed or task.speed
            rate = format_number(int(speed), lang) if speed else "…"
            left = task.time_remaining
            when = str(timedelta(seconds=int(left))) if left is not None else "…"
            return Text(f"{label('progress.rate', lang, rate=rate)} · "
                        f"{label('progress.left', lang, time=when)}", style="dim")

    return RateColumn()



# ----------------------------------------------------------------------------- rendering


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def json_printable(text: str) -> str:
    """JSON text safe for a terminal and the same data: the DEL, C1 and bidi characters that
    JSON leaves raw (they occur only inside strings) written as ``\\uXXXX`` escapes."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def finish_json(console: Console, path: Path | None, text: str, lang: str) -> None:
    """Say where the JSON went, or write it (alone) to standard output."""
    if path:
        console.print(as_text(label("cli.wrote", lang, path=path)))
    if text:
        sys.stdout.write(json_printable(text))
        sys.stdout.flush()


_SEVERITY_STYLE = {"error": "red", "warning": "yellow"}
_STATE_STYLE = {"valid": "green", "errors": "red", "duplicate": "magenta", "missing": "red"}


def print_check(console: Console, c: Completeness, plan_warnings: Sequence[Problem],
                 plan_path: Path, lang: str) -> None:
    """The problems grouped by unit (then files of no unit, then the rest), and counts by code."""
    from collections import Counter

    from rich.padding import Padding
    from rich.table import Table

    from dgsp.problems import CATALOGUE, collapse, place

    def table(found: Sequence[Problem], file: str) -> None:
        t = Table(pad_edge=False, show_edge=False, box=None, show_header=False)
        t.add_column(no_wrap=True)
        t.add_column(no_wrap=True)
        t.add_column(overflow="fold")
        t.add_column(ratio=1, overflow="fold")
        for p, cells in collapse(found, lang):
            at = place(p, cells)
            if p.file and p.file != file:
                at = " › ".join(x for x in (p.file, at) if x)
            text = as_text(p.message(lang) if len(cells) < 2
                           else f"{p.message(lang)} (× {len(cells)})")
            hint = p.hint(lang)
            if hint:
                text.append(printable(f"\n→ {hint}"), style="dim")
            t.add_row(as_text(p.code, style=_SEVERITY_STYLE[p.severity.value]),
                      as_text(label(f"severity.{p.severity.value}", lang)), as_text(at), text)
        console.print(Padding(t, (0, 0, 0, 2)))

    def heading(text: str, file: str = "") -> None:
        line = as_text(text, style="bold")
        if file:
            line.append(printable(f" — {file}"), style="cyan")
        console.print(line)

    if c.plan.title:
        console.print(as_text(c.plan.title, style="bold"))
    if plan_warnings:
        heading(label("source.plan", lang), str(plan_path))
        table(plan_warnings, str(plan_path))
    for u in c.units:
        if u.problems:
            heading(f"{u.unit.code} · {u.unit.name}", u.file)
            table(u.problems, u.file)
    if c.unmatched:
        heading(label("check.other", lang))
        for f in c.unmatched:
            if f.problems:
                heading(f.file)
                table(f.problems, f.file)
    if c.general:
        heading(label("check.general", lang))
        table(c.general, "")

    counts = Counter(p.code for p in (*plan_warnings, *c.problems))
    if counts:
        t = Table(title=as_text(label("check.counts", lang), style="bold"),
                  title_justify="left", pad_edge=False)
        _columns(t, lang, ("col.problem_code", {"no_wrap": True}),
                 ("col.severity", {"no_wrap": True}),
                 ("check.count", {"justify": "right", "no_wrap": True}),
                 ("col.message", {"overflow": "fold"}))
        for code, n in sorted(counts.items()):
            spec = CATALOGUE[code]
            t.add_row(as_text(code, style=_SEVERITY_STYLE[spec.severity.value]),
                      as_text(label(f"severity.{spec.severity.value}", lang)), as_text(n),
                      as_text(spec.title(lang)))
        console.print(t)
    else:
        console.print(as_text(label("check.no_problems", lang)), style="green")
    print_tally_line(console, c.total, lang)
    if c.not_checked:
        console.print(as_text(label("check.not_checked", lang, count=c.not_checked)))


def print_tally_line(console: Console, t: Tally, lang: str) -> None:
    console.print(as_text(label("check.summary", lang, units=t.units, valid=t.valid,
                                errors=t.errors, duplicate=t.duplicate, missing=t.missing)))


def state_text(u: UnitCompleteness, lang: str) -> Text:
    text = label(f"state.{u.state.value}", lang)
    if u.state.value == "errors":
        text += f" ({u.errors})"
    return as_text(text, style=_STATE_STYLE[u.state.value])


def print_status(console: Console, c: Completeness, lang: str) -> None:
    """The deadline, one table per peer group (every unit), and the totals per group."""
    from rich.table import Table

    from dgsp.text import format_percent

    if c.plan.title:
        console.print(as_text(c.plan.title, style="bold"))
    if c.deadline is None:
        console.print(as_text(label("due.none", lang)))
    else:
        days = c.days_left
        when = (label("due.left", lang, days=days) if days > 0
                else label("due.today", lang) if days == 0
                else label("due.passed", lang, days=-days))
        console.print(as_text(label("due.deadline", lang, date=c.deadline.strftime("%d/%m/%Y"),
                                    when=when)), style="bold" if days >= 0 else "bold red")
    for group in c.groups:
        t = Table(title=as_text(group.group, style="bold"), title_justify="left",
                  pad_edge=False)
        _columns(t, lang, ("cli.h.unit", {"overflow": "fold"}),
                 ("col.status", {"no_wrap": True}), ("col.file", {"overflow": "fold"}))
        for u in (u for u in c.units if u.unit.group == group.group):
            t.add_row(as_text(f"{u.unit.code} · {u.unit.name}"), state_text(u, lang),
                      as_text("\n".join(u.files) or u.file))
        console.print(t)

    t = Table(pad_edge=False)
    _columns(t, lang, ("col.group", {"overflow": "fold"}),
             *((key, {"justify": "right", "no_wrap": True})
               for key in ("tally.units", "state.valid", "state.errors", "state.duplicate",
                           "state.missing", "tally.rate")))
    for i, g in enumerate((*c.groups, c.total)):
        t.add_row(as_text(g.group or label("total", lang)), str(g.units), str(g.valid),
                  str(g.errors), str(g.duplicate), str(g.missing), format_percent(g.rate, lang),
                  style="bold" if i == len(c.groups) else None,
                  end_section=i == len(c.groups) - 1)
    console.print(t)
    if c.unmatched:
        console.print(as_text(label("check.other", lang) + ":"), style="bold")
        for f in c.unmatched:
            console.print(as_text(f"  {f.file}" + (f" ({f.unit})" if f.unit else "")))


T = TypeVar("T")

SUMMARY_HEAD, SUMMARY_TAIL = 30, 10
"""A peer group's table shows its first and last scored units when it has more than both,
and every unit not scored; the report's Summary sheet has them all."""


def _summary_rows(units: list[T], scored: Callable[[T], bool] = lambda u: u.score is not None
                  ) -> tuple[list[T], int]:
    """The units (or a year's entities) of one group's table, with where the hidden ones go
    (-1: none hidden). ``scored``: whether one has a score (and so may be hidden)."""
    with_score = [u for u in units if scored(u)]
    if len(with_score) <= SUMMARY_HEAD + SUMMARY_TAIL:
        return units, -1
    shown = with_score[:SUMMARY_HEAD] + with_score[len(with_score) - SUMMARY_TAIL:]
    return shown + [u for u in units if not scored(u)], SUMMARY_HEAD


def print_summary(console: Console, ev: Evaluation, lang: str) -> None:
    """One compact table per peer group: rank, unit, score, achieved/assigned, exceeded, grade;
    then the officials' groups the same way, and whether the round was appraised.

    A group of more than SUMMARY_HEAD + SUMMARY_TAIL scored entities shows its first and last
    ones, a line saying how many more, and every entity not scored (which need action)."""
    if ev.plan.title:
        console.print(as_text(ev.plan.title, style="bold"))
    if ev.under_366:
        marker = "rep.marker.appraised" if ev.appraised else "rep.marker.not_appraised"
        console.print(as_text(label(marker, lang), style="green" if ev.appraised else "yellow"))
    for entities in (ev.units, ev.officials):
        by_group: dict[str, list[UnitEvaluation]] = {}
        for e in entities:
            by_group.setdefault(e.group, []).append(e)
        for group, members in by_group.items():
            console.print(_summary_table(group, members, lang))
    counts = [(kind, sum(e.lowered_by_quota for e in entities))
              for kind, entities in (("units", ev.units), ("officials", ev.officials))]
    who = label("cli.and", lang).join(label(f"cli.lowered.{kind}", lang, count=n)
                                      for kind, n in counts if n)
    if who:  # the collectives and the officials counted apart
        console.print(as_text(label("cli.lowered", lang, who=who)))
    print_grade_counts(console, ev, lang)


def print_grade_counts(console: Console, ev: Evaluation, lang: str) -> None:
    """The grades counted per peer group (collectives, then officials): each cell the number
    and its share of the group."""
    from rich.table import Table

    from dgsp.model import GRADE_COUNT_KEYS
    from dgsp.text import format_percent

    if not ev.grade_counts:
        return
    table = Table(title=as_text(label("cli.grade_counts", lang), style="bold"),
                  title_justify="left", pad_edge=False)
    table.add_column(label("cli.h.group", lang), overflow="fold")
    table.add_column(label("rep.counts.total", lang), justify="right")
    for key in GRADE_COUNT_KEYS:
        table.add_column(key if key.isupper() else label(
            "status.not_graded" if key == "not_graded" else "cli.h.no_result", lang),
            justify="right")
    for c in ev.grade_counts:
        table.add_row(as_text(label(f"year.section.{c.kind}", lang, group=c.group)), str(c.total), *(
            f"{c.counts[k]} ({format_percent(c.counts[k] / c.total, lang, 0)})" if c.counts[k]
            else "0"
            for k in GRADE_COUNT_KEYS))
    console.print(table)


def _summary_table(group: str, members: list[UnitEvaluation], lang: str):
    from rich.table import Table

    from dgsp.model import OfficialEvaluation
    from dgsp.text import format_number

    table = Table(title=as_text(group, style="bold"), title_justify="left", pad_edge=False)
    right = {"justify": "right", "no_wrap": True}
    _columns(table, lang, ("cli.h.rank", {"justify": "right"}),
             ("cli.h.unit", {"overflow": "fold"}), ("cli.h.score", right),
             ("cli.h.achieved", right), ("cli.h.exceeded", right),
             ("cli.h.grade", {"no_wrap": True}))
    rows, cut = _summary_rows(members)
    for i, u in enumerate(rows):
        if i == cut:
            table.add_row("", as_text(label("cli.more", lang, count=format_number(
                len(members) - len(rows), lang))), style="dim")
        scored = u.score is not None
        grade = ""
        if u.grade is not None:
            grade = u.grade.value + (" ↓" if u.lowered_by_quota else "")
        elif scored:  # scored, not graded
            grade = label(f"status.{u.status.value}", lang)
        name = u.official.name if isinstance(u, OfficialEvaluation) else u.unit.name
        table.add_row(
            str(u.rank or ""), as_text(f"{u.code} · {name}"),
            format_number(u.score, lang, 2) if scored
            else as_text(label(f"status.{u.status.value}", lang)),
            f"{u.achieved}/{u.assigned}" if scored else "",
            str(u.exceeded) if scored else "",
            as_text(grade),
            style=None if scored else "red",
        )
    return table


def print_at_risk(console: Console, ev: Evaluation, lang: str) -> None:
    """A quarter's early warning: per unit, the indicators at risk of missing the year's target,
    with the share reached against the share of the year gone."""
    from dgsp.labels import period_name
    from dgsp.text import format_percent

    by_unit: dict[str, list[str]] = {}
    for d in ev.to_date:
        if d.pace == "at_risk":
            reached = "—" if d.share is None else format_percent(d.share, lang)
            by_unit.setdefault(d.unit, []).append(
                f"{d.indicator} {reached} / {format_percent(d.elapsed, lang, 0)}")
    if by_unit:
        console.print(as_text(label("cli.at_risk", lang, period=period_name(ev.plan, lang)),
                              style="yellow"))
        for unit, items in by_unit.items():
            console.print(as_text(label("cli.at_risk_unit", lang, unit=unit,
                                        items="; ".join(items))))


def _round_score(score: Decimal | None, graded: bool, lang: str) -> str:
    """A quarter's score in the year's table: marked * when it was not graded (not counted
    in the annual mean), a dash when there is none."""
    from dgsp.text import format_number

    if score is None:
        return "—"
    text = format_number(score, lang, 2)
    return text if graded else f"{text}*"


def print_year(console: Console, year, lang: str, officials: bool = True) -> None:
    """``dgsp year``: one table per peer group (units, then, unless ``officials`` is False,
    officials): rank, entity, the quarters' scores, the annual score, the grade, and a mark for
    a flag."""
    from rich.table import Table

    from dgsp.text import format_number

    console.print(as_text(year.title, style="bold"))
    quarters = [p for p in year.periods if p != "year"]
    for entities in (year.units, year.officials if officials else ()):
        by_group: dict[str, list] = {}
        for e in entities:
            by_group.setdefault(e.group, []).append(e)
        for group, members in by_group.items():
            table = Table(title=as_text(group, style="bold"), title_justify="left",
                          pad_edge=False)
            right = {"justify": "right", "no_wrap": True}
            table.add_column(label("cli.h.rank", lang), justify="right")
            table.add_column(label("cli.h.unit", lang), overflow="fold")
            for q in quarters:
                table.add_column(label(f"period.{q}", lang), **right)
            table.add_column(label("cli.h.year_score", lang), **right)
            table.add_column(label("cli.h.grade", lang), no_wrap=True)
            rows, cut = _summary_rows(members, lambda e: e.annual_score is not None)
            for i, e in enumerate(rows):
                if i == cut:  # as score's summary: the first and last, the year's sheet has all
                    table.add_row("", as_text(label("cli.more_year", lang, count=format_number(
                        len(members) - len(rows), lang))), style="dim")
                scores = {r.period: r.score for r in e.rounds}
                counted = {r.period for r in e.rounds if r.status == "scored"}
                grade = (e.grade or "") + (" ↓" if e.lowered_by_quota else "") \
                    + (" ⚑" if e.flags else "")
                table.add_row(
                    str(e.rank or ""), as_text(f"{e.code} · {e.name}"),
                    *(_round_score(scores.get(q), q in counted, lang) for q in quarters),
                    format_number(e.annual_score, lang, 2) if e.annual_score is not None
                    else "—",
                    as_text(grade))
            console.print(table)
    shown = (*year.units, *(year.officials if officials else ()))
    if any(r.status == "not_graded" and r.score is not None and r.period in quarters
           for e in shown for r in e.rounds):
        console.print(as_text(label("year.not_counted_note", lang)))
    flagged = [e.code for e in shown if e.flags]
    if flagged:
        codes = ", ".join(flagged[:SUMMARY_HEAD])
        if len(flagged) > SUMMARY_HEAD:  # a national year flags thousands
            codes = label("cli.year_flagged_more", lang, codes=codes, count=format_number(
                len(flagged) - SUMMARY_HEAD, lang))
        console.print(as_text(label("cli.year_flagged", lang, codes=codes), style="yellow"))


_GRADE_STYLE = {"HTXSNV": "bold green", "HTTNV": "cyan", "HTNV": "yellow", "KHTNV": "bold red"}


def arrow(change: Decimal | int | None, lang: str, places: int | None = None) -> Text:
    """``▲ 6,50`` (green), ``▼ 2`` (red) or ``=``; empty when there is nothing to compare."""
    from rich.text import Text

    from dgsp.text import format_number

    if change is None:
        return Text("")
    if change == 0:
        return Text("=")
    mark, style = ("▲", "green") if change > 0 else ("▼", "red")
    return Text(f"{mark} {format_number(abs(change), lang, places)}", style=style)


def row_status(row: LeagueRow, lang: str) -> Text:
    """new / removed / missing / rejected now, and a previous missing or rejected report."""
    from rich.text import Text

    words: list[tuple[str, str]] = []
    if row.status == "removed":
        words.append((label("cli.cmp.removed", lang), "dim"))
    elif row.status != "scored":
        words.append((label(f"status.{row.status}", lang), "red"))
    if row.is_new:
        words.append((label("cli.cmp.new", lang), "bold cyan"))
    if row.previous_status in ("missing", "rejected"):
        words.append((label("cli.cmp.previous", lang,
                            status=label(f"status.{row.previous_status}", lang)), "yellow"))
    text = Text()
    for i, (word, style) in enumerate(words):
        text.append(("; " if i else "") + word, style=style)
    return text


def print_comparison(console: Console, c: Comparison, lang: str) -> None:
    """The reports compared, one league table per peer group, and what was not compared."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from dgsp.text import format_number

    def name(r) -> str:
        return f"{r.year}" + (f" ({r.title})" if r.title else "")

    console.print(as_text(label("cli.cmp.reports", lang, count=len(c.reports),
                                reports=" → ".join(str(r.year) for r in c.reports),
                                reference=name(c.reference))), style="bold")
    bands = c.sensitivity is not None
    for league in c.groups:
        table = Table(title=as_text(league.group, style="bold"), title_justify="left",
                      box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
                      collapse_padding=True)
        statuses = [row_status(row, lang) for row in league.rows]
        right, left = {"justify": "right", "no_wrap": True}, {"no_wrap": True}
        _columns(table, lang, ("cli.h.rank", right),
                 ("cli.h.unit", {"overflow": "fold", "min_width": 12}), ("cli.h.score", right),
                 ("cli.h.score_change", right), ("cli.h.rank_change", right),
                 ("cli.h.grade", left), *([("cli.h.status", left)] if any(statuses) else []),
                 *([("cli.h.rank_band", right)] if bands else []))
        for row, status in zip(league.rows, statuses, strict=True):
            grade = Text("")
            if row.grade:
                grade = as_text(row.grade + (" ↓" if row.lowered_by_quota else ""),
                                style=_GRADE_STYLE.get(row.grade, ""))
            cells = [
                str(row.rank or ""),
                as_text(f"{row.code} · {row.name}",
                        style="dim" if row.status == "removed" else ""),
                format_number(row.score, lang, 2) if row.score is not None else "",
                arrow(row.score_change, lang, 2),
                arrow(row.rank_change, lang),
                grade,
                *([status] if any(statuses) else []),
            ]
            if bands:
                band = ""
                if row.rank_band is not None:
                    lo, hi = row.rank_band
                    band = (f"{lo}–{hi}" if lo != hi else str(lo)) + \
                        (" ≈" if row.not_clearly_different else "")
                cells.append(band)
            table.add_row(*cells)
        console.print(table)
    if bands and c.sensitivity is not None:
        s = c.sensitivity
        console.print(as_text(label("cli.cmp.unclear", lang, runs=format_number(s.runs, lang),
                                    low=format_number(s.low, lang),
                                    high=format_number(s.high, lang))), style="dim")
    if c.not_compared:
        items = "; ".join(f"{n.indicator} ({label(f'cli.cmp.reason.{n.reason}', lang)}: "
                          f"{n.detail})" if n.detail else
                          f"{n.indicator} ({label(f'cli.cmp.reason.{n.reason}', lang)})"
                          for n in c.not_compared)
        console.print(as_text(label("cli.cmp.not_compared", lang, items=items)), style="yellow")


def print_seed_figures(console: Console, ev: Evaluation, lang: str) -> None:
    """The published figures of the 2021 pilot, as this run computed them."""
    from dgsp.text import format_number, format_percent

    totals = {t.indicator: t for t in ev.totals}
    by_unit = {u.unit.code: u for u in ev.units}

    def unit_ratio(unit: str, indicator: str) -> str:
        for r in by_unit[unit].indicators:
            if r.indicator == indicator:
                return format_percent(r.ratio, lang)
        return "—"

    xd01, xd02 = totals.get("XD01"), totals.get("XD02")
    if xd01 is None or xd02 is None or xd01.actual is None or xd02.actual is None:
        return
    exceeded = [u.unit.name for u in ev.units
                if any(r.indicator == "XD02" and r.exceeded for r in u.indicators)]
    console.print(as_text(label(
        "cli.seed", lang,
        actual=format_number(xd01.actual, lang), target=format_number(xd01.target, lang),
        ratio=format_percent(xd01.ratio, lang),
        tamdao=unit_ratio("TAMDAO", "XD01"), songlo=unit_ratio("SONGLO", "XD01"),
        orgs=format_number(xd02.actual, lang), exceeded=", ".join(exceeded),
    )))


OUTLIER_CODES = ("DG238", "DG239")
"""The warnings about implausible results, listed again at the end of ``dgsp score``."""


def print_warnings_to_check(console: Console, ev: Evaluation, report: Path, lang: str) -> None:
    """The closing lines of ``dgsp score``: every implausible result (they are scored, and a
    slip such as 2.18 typed for 2,180 would otherwise scroll away), then how many warnings
    need a look, and where."""
    from dgsp.problems import describe

    warnings = [p for p in ev.problems if not p.is_error]
    if not warnings:
        return
    outliers = [p for p in warnings if p.code in OUTLIER_CODES]
    if outliers:
        console.print(as_text(label("cli.outliers", lang), "yellow bold"))
        for p in outliers[:MAX_PROBLEM_LINES]:
            console.print(as_text(f"  {p.unit} · {p.indicator}: {describe(p, lang)}", "yellow"))
    console.print(as_text(label("cli.warnings", lang, count=len(warnings),
                                sheet=label("sheet.problems", lang), path=report), "yellow"))
