"""The problem catalogue: every code documented, every code used, every message renders."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from dgsp.model import Problem
from dgsp.problems import CATALOGUE, describe

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "dgsp"
CODE = re.compile(r"\bDG\d{3}\b")


def _uses() -> dict[str, set[str]]:
    """code → the source files (other than the catalogue) that mention it."""
    uses: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        if path.name == "problems.py":
            continue
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            uses.setdefault(code, set()).add(path.name)
    return uses


def test_every_code_raised_is_in_the_catalogue():
    unknown = sorted(set(_uses()) - set(CATALOGUE))
    assert unknown == [], f"raised but not in problems.CATALOGUE: {unknown}"


def test_every_catalogued_code_is_raised_somewhere():
    never = sorted(set(CATALOGUE) - set(_uses()))
    assert never == [], f"in the catalogue but never raised: {never}"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_messages_render_in_both_languages(code):
    spec = CATALOGUE[code]
    fields = set(re.findall(r"{(\w+)}", spec.vi + spec.en + spec.hint_vi + spec.hint_en))
    assert fields <= set(spec.example), f"{code}: the example lacks {fields - set(spec.example)}"
    p = Problem(code, spec.example, file="f.xlsx", sheet="Kết quả", cell="H11")
    for lang in ("vi", "en"):
        text = describe(p, lang)
        assert "{" not in text and text.startswith("f.xlsx › Kết quả!H11: [" + code + "]")
        assert p.hint(lang) and "{" not in p.hint(lang)


def test_docs_problems_md_is_current():
    spec = importlib.util.spec_from_file_location("make_problem_docs",
                                                  ROOT / "scripts" / "make_problem_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "docs" / "problems.md").read_text(encoding="utf-8")
    assert committed == module.render(), "docs/problems.md is stale: run python scripts/make_problem_docs.py"
    for code in CATALOGUE:
        assert f"| {code} |" in committed
