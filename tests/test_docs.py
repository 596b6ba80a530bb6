"""docs/cli.md is generated from the --help of every command and must not go stale."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STALE = "docs/cli.md is stale: run python scripts/make_cli_docs.py"


@pytest.fixture(scope="module")
def make_cli_docs():
    spec = importlib.util.spec_from_file_location("make_cli_docs",
                                                  ROOT / "scripts" / "make_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fresh(make_cli_docs) -> str:
    return make_cli_docs.render()


def test_cli_docs_are_not_stale(fresh):
    committed = ROOT / "docs" / "cli.md"
    assert committed.is_file(), STALE
    assert committed.read_text(encoding="utf-8") == fresh, STALE


def test_cli_docs_cover_every_command_and_option(fresh, make_cli_docs):
    assert make_cli_docs.command_names() == ["init", "assign", "status", "check", "appraisal",
                                             "score", "compare", "year", "publish", "demo"]
    for heading in ("## `dgsp`", "## `dgsp init`", "## `dgsp assign`", "## `dgsp status`",
                    "## `dgsp check`", "## `dgsp appraisal`", "## `dgsp score`",
                    "## `dgsp compare`", "## `dgsp year`", "## `dgsp publish`",
                    "## `dgsp demo`"):
        assert f"\n{heading}\n" in fresh
    for option in ("--blank", "--out", "--json", "--no-sheets", "--lang", "--force", "--debug",
                   "--version", "DGSP_LANG", "--feedback", "--prefer", "--sensitivity",
                   "--weights", "--bands", "--quiet", "--appraisal", "--previous", "--rule", "--full"):
        assert option in fresh, option
    assert "\x1b[" not in fresh  # no colour codes
    assert all(line == line.rstrip() for line in fresh.splitlines())


def test_generation_ignores_the_terminal(make_cli_docs, fresh, monkeypatch):
    for name, value in {"COLUMNS": "40", "TERMINAL_WIDTH": "50", "FORCE_COLOR": "1",
                        "DGSP_LANG": "en"}.items():
        monkeypatch.setenv(name, value)
    assert make_cli_docs.render() == fresh
    help_lines = [line for block in fresh.split("```text\n")[1:]
                  for line in block.split("\n```")[0].splitlines()]
    assert len(help_lines) > 50
    assert max(map(len, help_lines)) <= make_cli_docs.WIDTH
    assert max(map(len, help_lines)) > 90  # the width is really used, not the narrow terminal


def test_help_rendering_is_restored_afterwards(make_cli_docs):
    import typer.core

    before = typer.core.HAS_RICH
    make_cli_docs.help_text("score")
    assert typer.core.HAS_RICH == before


def test_every_json_schema_is_the_one_the_docs_promise():
    """The schema names are contracts: each constant is named in docs/, and the docs name no
    other ``dgsp.*/N`` schema of the outputs."""
    import re

    from dgsp.compare.model import COMPARE_SCHEMA
    from dgsp.intake.status import CHECK_SCHEMA, STATUS_SCHEMA
    from dgsp.plan.appraisal import SCHEMA as APPRAISAL_SCHEMA
    from dgsp.plan.templates import SCHEMA as TEMPLATE_SCHEMA
    from dgsp.report import JSON_SCHEMA, JSON_SCHEMA_2
    from dgsp.report.year_json import YEAR_SCHEMA

    constants = {COMPARE_SCHEMA, STATUS_SCHEMA, CHECK_SCHEMA, JSON_SCHEMA, JSON_SCHEMA_2,
                 APPRAISAL_SCHEMA, TEMPLATE_SCHEMA, YEAR_SCHEMA}
    assert constants == {"dgsp.compare/1", "dgsp.status/1", "dgsp.check/1", "dgsp.score/1",
                         "dgsp.score/2", "dgsp.appraisal/1", "dgsp.template/1", "dgsp.year/1"}
    docs = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")
                    if p.name != "problems.md")
    named = set(re.findall(r"\bdgsp\.[a-z]+/\d+\b", docs))
    assert constants - {TEMPLATE_SCHEMA} <= named <= constants
