"""The `dgsp` command line: parse arguments, call one workflow function, render the result.

No domain logic lives here, and what is shown is drawn by :mod:`dgsp.terminal`.
Exit codes: 0 clean; 1 a return rejected or
missing; 2 a bad plan, a bad report to compare, bad arguments or an unwritable
output; 130 on Ctrl-C.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from dgsp import terminal
from dgsp.labels import LANGS, label, resolve_lang

EXIT_OK, EXIT_INCOMPLETE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="dgsp",
    help="dgsp: đánh giá bằng sản phẩm. Assign targets to units, score their returns, "
         "grade and rank the heads of units (Quy định 366-QĐ/TW).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = {"debug": False}
T = TypeVar("T")

def _expand(paths: list[Path] | None) -> list[Path] | None:
    """Wildcards the shell left as typed (PowerShell and cmd never expand them for a program):
    ``returns\\*.xlsx`` becomes its files, sorted. A path that exists is kept as it is, and a
    pattern matching nothing too, so that the error names what was typed."""
    import glob

    if not paths:
        return paths
    out: list[Path] = []
    for p in paths:
        text = str(p)
        found = [] if p.exists() or not any(c in text for c in "*?[") else sorted(glob.glob(text))
        out += [Path(f) for f in found] or [p]
    return out


def _check_lang(value: str) -> str:
    if value.strip().lower() not in LANGS:
        raise typer.BadParameter(f"{value!r}: use vi or en")
    return value.strip().lower()


Lang = Annotated[str, typer.Option("--lang", envvar="DGSP_LANG", callback=_check_lang,
                                   help="Language of workbooks and messages: vi or en.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite existing outputs.")]


class Prefer(str, enum.Enum):
    newest = "newest"


PreferOpt = Annotated[Prefer | None, typer.Option(
    "--prefer", help="Of two different returns for one unit, keep the newest (with a warning) "
                     "instead of rejecting the unit.", show_default=False)]
PlanArg = Annotated[Path, typer.Argument(help="The plan workbook (.xlsx).", metavar="PLAN")]
ReturnsArg = Annotated[list[Path], typer.Argument(help="Returned workbooks, or folders of them.",
                                                  metavar="RETURN...", callback=_expand)]
JsonOpt = Annotated[str | None, typer.Option("--json", help="Also write JSON to FILE "
                                             "(- for standard output).", metavar="FILE")]
WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", min=1, metavar="N", show_default=False,
    help="Processes reading or writing the workbooks. Default: one per CPU from 300 files, "
         "else 1; 1 works in this process. The results are the same for any N.")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Treat every warning as an error: a return with any warning is rejected, "
                     "and a plan with any warning is refused. For a Board that resolves every "
                     "doubt before publishing.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar (it is shown "
                                        "on standard error, for long runs in a terminal).")]


def _version(value: bool) -> None:
    if value:
        from dgsp import __version__

        typer.echo(f"dgsp {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of unexpected errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """dgsp: đánh giá bằng sản phẩm (evaluation by products) over Excel workbooks."""
    _state["debug"] = debug


def _run(lang: str, body: Callable[[str], T]) -> T:
    """Run a command body; turn domain errors and interrupts into messages and exit codes."""
    from dgsp.parallel import interrupt_on_sigterm
    from dgsp.problems import DgspError

    lang = resolve_lang(lang)
    try:
        with interrupt_on_sigterm():  # a SIGTERM stops the run as Ctrl-C does
            return body(lang)
    except DgspError as exc:
        terminal.print_problems(terminal.console(stderr=True), exc.problems, lang)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except KeyboardInterrupt:
        terminal.console(stderr=True).print(label("cli.interrupted", lang))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except typer.Exit:
        raise
    except Exception as exc:  # an unexpected failure: one line, traceback only with --debug
        if _state["debug"]:
            raise
        terminal.console(stderr=True).print(label("cli.internal_error", lang, error=f"{type(exc).__name__}: {exc}"),
                                    style="red", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None


# ----------------------------------------------------------------------------- commands


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new workspace.",
                                              metavar="DIR", show_default=False)],
    blank: Annotated[bool, typer.Option("--blank", help="Start from the blank plan workbook "
                                        "instead of the bundled example.")] = False,
    lang: Lang = "vi",
    force: Force = False,
) -> None:
    """Create a workspace holding a plan workbook (the bundled example, or --blank)."""
    from dgsp.workflow import init_workspace

    def body(lang: str) -> None:
        path = init_workspace(directory, blank=blank, lang=lang, force=force)
        terminal.console().print(label("cli.wrote", lang, path=path), markup=False)

    _run(lang, body)


@app.command()
def assign(
    plan: Annotated[Path, typer.Argument(help="The plan workbook (.xlsx).", metavar="PLAN")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the unit templates.",
                                      metavar="DIR")],
    workers: WorkersOpt = None,
    quiet: QuietOpt = False,
    lang: Lang = "vi",
    force: Force = False,
) -> None:
    """Write one template workbook per unit from the plan."""
    from dgsp.workflow import assign as do_assign

    def body(lang: str) -> None:
        with terminal.progress_bar(lang, quiet) as bar:
            result = do_assign(plan, out, lang=lang, force=force, workers=workers,
                               progress=bar.callback("progress.templates"))
        terminal.print_problems(terminal.console(stderr=True), result.warnings, lang)
        terminal.console().print(label("cli.assigned", lang, count=len(result.files), path=out), markup=False)

    _run(lang, body)


@app.command()
def status(
    plan: PlanArg,
    returns: ReturnsArg,
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="STATUS.xlsx", help="Also write the reminder list: every unit still "
        "owing a valid return (missing, with errors, duplicate), its head, what is wrong and "
        "how to send it again, on A4, ready to attach to a công văn đôn đốc.")] = None,
    json_out: JsonOpt = None,
    prefer: PreferOpt = None,
    strict: StrictOpt = False,
    workers: WorkersOpt = None,
    quiet: QuietOpt = False,
    lang: Lang = "vi",
    force: Force = False,
) -> None:
    """Completeness at a glance: every unit's return (valid, with errors, duplicate, missing),
    the deadline, and totals per peer group."""
    from dgsp.workflow import status as do_status

    def body(lang: str) -> int:
        with terminal.progress_bar(lang, quiet) as bar:
            result = do_status(plan, returns, json_out=json_out, lang=lang, force=force,
                               prefer=prefer.value if prefer else None, workers=workers,
                               progress=bar.callback("progress.read"), strict=strict,
                               out=out)
        terminal.print_problems(terminal.console(stderr=True), result.plan_warnings, lang)
        console = terminal.console(stderr=json_out == "-")
        terminal.print_status(console, result.completeness, lang)
        if result.out is not None:
            console.print(label("cli.status_wrote", lang, path=result.out), markup=False)
        terminal.finish_json(console, result.json_path, result.json_text, lang)
        return EXIT_OK if result.completeness.complete else EXIT_INCOMPLETE

    raise typer.Exit(_run(lang, body))


@app.command()
def check(
    plan: PlanArg,
    returns: ReturnsArg,
    feedback: Annotated[Path | None, typer.Option(
        "--feedback", metavar="DIR", help="Write an annotated copy of every return with problems "
        "into DIR: cells marked red (error) or amber (warning) with the message as a comment, "
        "and a \"Cần sửa\" [To fix] sheet listing every problem.")] = None,
    json_out: JsonOpt = None,
    prefer: PreferOpt = None,
    strict: StrictOpt = False,
    workers: WorkersOpt = None,
    quiet: QuietOpt = False,
    lang: Lang = "vi",
    force: Force = False,
) -> None:
    """The dry run: validate the returns without scoring; list the problems by unit and by code."""
    from dgsp.workflow import check as do_check

    def body(lang: str) -> int:
        with terminal.progress_bar(lang, quiet) as bar:
            result = do_check(plan, returns, feedback_dir=feedback, json_out=json_out,
                              lang=lang, force=force, prefer=prefer.value if prefer else None,
                              workers=workers, progress=bar.callback("progress.read"),
                              strict=strict)
        console = terminal.console(stderr=json_out == "-")
        terminal.print_check(console, result.completeness, result.plan_warnings, plan, lang)
        if result.feedback:
            console.print(label("check.feedback", lang, count=len(result.feedback),
                                path=feedback), markup=False)
        for file, reason in result.no_copy:
            console.print(label("check.no_copy", lang, file=file, reason=reason),
                          style="yellow", markup=False)
        terminal.finish_json(console, result.json_path, result.json_text, lang)
        return EXIT_OK if result.clean else EXIT_INCOMPLETE

    raise typer.Exit(_run(lang, body))


@app.command()
def appraisal(
    plan: PlanArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="The appraisal workbook to write "
                                      "(.xlsx).", metavar="APPRAISAL.xlsx")],
    returns: Annotated[list[Path] | None, typer.Argument(
        help="Returned workbooks, or folders of them, whose reported values and self-scores "
             "to carry (optional).", metavar="RETURN", show_default=False,
        callback=_expand)] = None,
    prefer: PreferOpt = None,
    workers: WorkersOpt = None,
    quiet: QuietOpt = False,
    lang: Lang = "vi",
    force: Force = False,
) -> None:
    """Write the Board's appraisal workbook (thẩm định), pre-filled with every unit and official:
    verified results, general-criteria scores and grade conditions to fill, then pass it to
    `dgsp score --appraisal`."""
    from dgsp.workflow import appraisal as do_appraisal

    def body(lang: str) -> int:
        with terminal.progress_bar(lang, quiet) as bar:
            result = do_appraisal(plan, returns or [], out, lang=lang, force=force,
                                  prefer=prefer.value if prefer else None, workers=workers,
                                  progress=bar.callback("progress.read"))
        console = terminal.console()
        terminal.print_problems(terminal.console(stderr=True), result.problems, lang)
        console.print(label("cli.appraisal_wrote", lang, path=result.path,
                            units=len(result.plan.units), officials=len(result.plan.officials),
                            carried=len(result.carried)), markup=False)
        return EXIT_OK

    raise typer.Exit(_run(lang, body))


@app.command()
def score(
    plan: PlanArg,
    returns: ReturnsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="The report workbook to write (.xlsx).",
                                      metavar="REPORT.xlsx")],
    appraisal_file: Annotated[Path | None, typer.Option(
        "--appraisal", help="The Board's appraisal workbook (from `dgsp appraisal`): verified "
        "results, general-criteria scores and grade conditions. Without it, scoring uses what "
        "units report and self-assess, and the report says so.",
        metavar="APPRAISAL.xlsx")] = None,
    previous: Annotated[list[Path] | None, typer.Option(
        "--previous", help="A score report (or its JSON) of an earlier quarter of the year; "
        "repeat it for each. A quarter's round with annual targets then gets its progress to "
        "date (sheet Lũy kế); it never changes the quarter's score or grade.",
        metavar="REPORT", callback=_expand)] = None,
    json_out: JsonOpt = None,
    no_sheets: Annotated[bool, typer.Option("--no-sheets", help="Do not write the per-unit "
                                            "evaluation sheets (<REPORT stem>-phieu/).")] = False,
    prefer: PreferOpt = None,
    strict: StrictOpt = False,
    workers: WorkersOpt = None,
    quiet: QuietOpt = False,
    lang: Lang = "vi",
    force: Force = False,
) -> None:
    """Validate the returns, score them, and write the report, evaluation sheets and JSON."""
    from dgsp.workflow import score as do_score

    def body(lang: str) -> int:
        with terminal.progress_bar(lang, quiet) as bar:
            result = do_score(plan, returns, out, json_out=json_out, unit_sheets=not no_sheets,
                              lang=lang, force=force, prefer=prefer.value if prefer else None,
                              workers=workers, progress=bar.callback("progress.read"),
                              write_progress=bar.callback("progress.write"), strict=strict,
                              appraisal_path=appraisal_file, previous=previous or [])
        console = terminal.console(stderr=json_out == "-")
        ev = result.evaluation
        terminal.print_problems(terminal.console(stderr=True), list(ev.problems), lang)
        terminal.print_summary(console, ev, lang)
        terminal.print_at_risk(console, ev, lang)
        console.print(label("cli.wrote", lang, path=result.report), markup=False)
        if result.sheets:
            console.print(label("cli.sheets", lang, count=len(result.sheets),
                                path=result.sheets[0].parent), markup=False)
        terminal.finish_json(console, result.json_path, result.json_text, lang)
        terminal.print_warnings_to_check(console, ev, result.report, lang)
        return EXIT_OK if ev.clean else EXIT_INCOMPLETE

    raise typer.Exit(_run(lang, body))


@app.command()
def compare(
    reports: Annotated[list[Path], typer.Argument(
        help="Score reports to compare: report workbooks written by `dgsp score`, or their "
             "--json files; one per year or period.", metavar="REPORT...",
        callback=_expand)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The comparison workbook to write "
                                      "(.xlsx).", metavar="COMPARE.xlsx")],
    json_out: JsonOpt = None,
    sensitivity: Annotated[int, typer.Option(
        "--sensitivity", min=0, metavar="N",
        help="Rank stability: re-score N times with every indicator weight multiplied by a "
             "random factor (see --weights), and report each unit's 5th-95th percentile rank "
             "band; use --sensitivity 1000. 0: off.")] = 0,
    weights: Annotated[str, typer.Option(
        "--weights", metavar="LOW,HIGH",
        help="The range of the random weight factors of --sensitivity.")] = "0.8,1.2",
    bands: Annotated[str, typer.Option(
        "--bands", metavar="RED,GREEN",
        help="Heat-map colours: a ratio below RED is red, from GREEN green, between amber "
             "(ratios or percentages, e.g. 80%,100%).")] = "0.8,1.0",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not print the league "
                                        "tables.")] = False,
    lang: Lang = "vi",
    force: Force = False,
) -> None:
    """League tables per peer group, year-on-year changes, per-indicator leagues, a heat map,
    the quota audit and rank stability, from the reports of `dgsp score`."""
    from dgsp.compare import Bands
    from dgsp.workflow import compare as do_compare
    from dgsp.workflow import parse_pair

    def body(lang: str) -> int:
        low, high = parse_pair(weights, "--weights", "0.8,1.2")
        red, green = parse_pair(bands, "--bands", "0.8,1.0")
        result = do_compare(reports, out, json_out=json_out, sensitivity=sensitivity or None,
                            low=low, high=high, bands=Bands(red_below=red, green_from=green),
                            lang=lang, force=force)
        console = terminal.console(stderr=json_out == "-")
        if not quiet:
            terminal.print_comparison(console, result.comparison, lang)
        console.print(label("cli.wrote", lang, path=result.out), markup=False)
        terminal.finish_json(console, result.json_path, result.json_text, lang)
        return EXIT_OK

    raise typer.Exit(_run(lang, body))


class YearRule(str, enum.Enum):
    mean = "mean"
    final = "final"


@app.command()
def year(
    reports: Annotated[list[Path], typer.Argument(
        help="The score reports (workbooks or their JSON) of the year's rounds: its quarters, "
             "and its own round when there is one, in any order.", metavar="REPORT...",
        callback=_expand)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The year workbook to write (.xlsx).",
                                      metavar="YEAR.xlsx")],
    json_out: JsonOpt = None,
    rule: Annotated[YearRule, typer.Option(
        "--rule", help="The annual score: mean, the mean of the graded quarters (Nghị định 335 "
        "Điều 17.3; fewer than 2 graded quarters: none), or final, the score of the year's own "
        "round.")] = YearRule.mean,
    no_sheets: Annotated[bool, typer.Option("--no-sheets", help="Do not write the year "
                                            "phiếu (<YEAR stem>-phieu/).")] = False,
    lang: Lang = "vi",
    force: Force = False,
) -> None:
    """Build the year from its rounds: the quarters side by side, the annual score and grade
    (one KHTNV quarter rules out HTXSNV; two in a row are flagged), the quota and the rank."""
    from dgsp.workflow import year as do_year

    def body(lang: str) -> int:
        result = do_year(reports, out, json_out=json_out, rule=rule.value,
                         unit_sheets=not no_sheets, lang=lang, force=force)
        console = terminal.console(stderr=json_out == "-")
        terminal.print_year(console, result.year, lang)
        console.print(label("cli.year_wrote", lang, year=result.year.year,
                            rounds=len(result.year.reports), path=result.out), markup=False)
        if result.sheets:
            console.print(label("cli.sheets", lang, count=len(result.sheets),
                                path=result.sheets[0].parent), markup=False)
        terminal.finish_json(console, result.json_path, result.json_text, lang)
        return EXIT_OK

    raise typer.Exit(_run(lang, body))


@app.command()
def publish(
    reports: Annotated[list[Path], typer.Argument(
        help="The score reports to publish (workbooks written by `dgsp score`, or their JSON): "
             "one round, or the rounds of several quarters or years, in any order.",
        metavar="REPORT...", callback=_expand)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write the page into: "
                                      "DIR/index.html, and nothing else.", metavar="DIR")],
    full: Annotated[bool, typer.Option(
        "--full", help="The internal version, marked \"Nội bộ – không công bố\": with the "
        "scores, ranks and reasons, the rank changes since an earlier year and a heat map of "
        "the grades. Not for the website.")] = False,
    lang: Lang = "vi",
    force: Force = False,
) -> None:
    """Make the publication page: one static, self-contained HTML page (no JavaScript, nothing
    fetched) of the grades per peer group, to copy to the Board's website or a USB stick."""
    from dgsp.workflow import publish as do_publish

    def body(lang: str) -> int:
        result = do_publish(reports, out, lang=lang, full=full, force=force)
        terminal.console().print(label("cli.wrote", lang, path=result.out), markup=False)
        return EXIT_OK

    raise typer.Exit(_run(lang, body))


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Folder to run the demo in.",
                                              metavar="DIR")] = Path("dgsp-demo"),
    lang: Lang = "vi",
    force: Force = False,
) -> None:
    """Run the whole loop on the bundled example, each year in DIR/<year>/: 2021 (the Vĩnh Phúc
    pilot) and 2022 (init, assign, fill, score), and 2026, an illustrative round under Quy định
    366 with officials and the Board's appraisal (init, assign, fill, appraisal, score
    --appraisal), with its four quarters (DIR/2026/quy-<n>/, each scored with --previous), the
    year built from them (dgsp year: DIR/2026/year-2026.xlsx) and the publication page (dgsp
    publish: DIR/2026/cong-khai/index.html); then compare 2021 and 2022 (DIR/compare.xlsx)."""
    from dgsp.workflow import demo as do_demo

    def body(lang: str) -> int:
        result = do_demo(directory, lang=lang, force=force)
        console = terminal.console()
        first, latest = result.years[0], result.latest
        terminal.print_seed_figures(console, first.scored.evaluation, lang)
        terminal.print_comparison(console, result.compared.comparison, lang)
        terminal.print_summary(console, latest.scored.evaluation, lang)
        console.print(label("cli.demo_years", lang,
                            dirs=", ".join(str(y.directory) for y in result.years)), markup=False)
        console.print(label("cli.demo_files", lang, plan=latest.plan,
                            templates=latest.directory / "templates",
                            returns=latest.directory / "returns",
                            report=latest.scored.report, json=latest.scored.json_path),
                      markup=False)
        if latest.appraisal is not None:
            console.print(label("cli.demo_appraisal", lang, path=latest.appraisal), markup=False)
        for quarter in latest.quarters:  # the early warnings, quarter by quarter
            terminal.print_at_risk(console, quarter.scored.evaluation, lang)
        if latest.built is not None:
            terminal.print_year(console, latest.built.year, lang, officials=False)
            console.print(label("cli.demo_quarters", lang, year=latest.year,
                                dirs=", ".join(str(q.directory) for q in latest.quarters),
                                xlsx=latest.built.out, json=latest.built.json_path),
                          markup=False)
        if latest.published is not None:
            console.print(label("cli.demo_page", lang, path=latest.published), markup=False)
        console.print(label("cli.demo_compare", lang, xlsx=result.compared.out,
                            json=result.compared.json_path), markup=False)
        clean = all(r.scored.evaluation.clean for y in result.years for r in (y, *y.quarters))
        return EXIT_OK if clean else EXIT_INCOMPLETE

    raise typer.Exit(_run(lang, body))


def main() -> None:
    """Console-script entry point."""
    _utf8_when_needed()
    app()


def _utf8_when_needed() -> None:
    """Standard output and error in UTF-8 when their encoding cannot write Vietnamese: output
    redirected to a file under a Windows code page (cp1252, cp1258) would otherwise stop every
    command with UnicodeEncodeError."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            "Đánh giá ạ ổ ữ".encode(stream.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(encoding="utf-8")
        except AttributeError:  # no stream (pythonw)
            pass


if __name__ == "__main__":  # pragma: no cover
    main()
