"""Generate docs/problems.md from the problem catalogue (src/dgsp/problems.py).

    python scripts/make_problem_docs.py           # write docs/problems.md
    python scripts/make_problem_docs.py --check   # exit 1 if it is stale

tests/test_problems.py fails when the committed page differs from what this produces.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dgsp.model import Problem
from dgsp.problems import CATALOGUE

OUT = Path(__file__).resolve().parents[1] / "docs" / "problems.md"

RANGES = [
    ("DG1", "The plan workbook", "A plan with any error exits with code 2 and nothing is written."),
    ("DG2", "Returned workbooks",
     "A return with any error is rejected as a whole: the unit is listed with every problem and "
     "is not scored; the other units are. Warnings never reject a return."),
    ("DG3", "Outputs and arguments", "These stop the command with exit code 2 before anything is written."),
    ("DG4", "Score reports and comparisons",
     "`dgsp compare` stops with exit code 2, naming the file, before anything is written."),
    ("DG6", "The appraisal workbook, and scoring with it",
     "An appraisal workbook with any error stops `dgsp score --appraisal` with exit code 2 "
     "before anything is written: it is the Board's own document and is never applied in "
     "part. DG640–DG642 are warnings of the scoring itself."),
]

def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    lines = [
        "# Problem codes",
        "",
        "Every problem dgsp reports has a stable code, a severity, and a message and a hint in",
        "Vietnamese (the default) and English (`--lang en`). The message says what was found and what",
        "was expected; dgsp prints it after the file, sheet and cell where it was found, e.g.",
        "`ket-qua/TAMDAO.xlsx › Kết quả!H11: [DG212] kết quả phải là số, gặp \"khoảng 200\"`. The",
        "report's `Kiểm tra` [Problems] sheet and the JSON `problems` list carry the same fields:",
        "code, severity, file, sheet, cell, unit, indicator, message and hint.",
        "",
        "This page is generated from `src/dgsp/problems.py` by `python scripts/make_problem_docs.py`;",
        "a test fails when it is stale, when a code is raised but not listed here, or when a listed",
        "code is never raised.",
        "",
    ]
    for prefix, title, note in RANGES:
        specs = [s for code, s in sorted(CATALOGUE.items()) if code.startswith(prefix)]
        if not specs:
            continue
        lines += [f"## {prefix}xx: {title}", "", note, "",
                  "| Code | Severity | Message, with example values (vi) | Message (en) | How to fix (en) |",
                  "|---|---|---|---|---|"]
        for s in specs:
            p = Problem(s.code, s.example)
            lines.append(f"| {s.code} | {s.severity.value} | {_cell(p.message('vi'))} | "
                         f"{_cell(p.message('en'))} | {_cell(p.hint('en'))} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print("docs/problems.md is stale: run python scripts/make_problem_docs.py")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
