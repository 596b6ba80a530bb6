"""Regenerate the blank plan workbooks in templates/xlsx/ (one per language).

    python scripts/make_blank.py

tests/test_blank.py fails when the committed files drift from what this writes.
"""

from __future__ import annotations

from pathlib import Path

from dgsp.plan.workbook import write_blank

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "templates" / "xlsx"
LANGS = ("vi", "en")


def blank_path(lang: str) -> Path:
    return OUT / f"plan-blank.{lang}.xlsx"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        write_blank(blank_path(lang), lang)
        print(blank_path(lang).relative_to(ROOT))


if __name__ == "__main__":
    main()
