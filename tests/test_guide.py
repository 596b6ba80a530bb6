"""The user guide (docs/huong-dan-su-dung.md) and the README: every dgsp command line in their
code blocks is real, every picture they show exists under docs/img and every picture there is
shown, and the guide is the Vietnamese walk through one round."""

from __future__ import annotations

import functools
import importlib.util
import re
import shlex
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from dgsp.cli import app

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "huong-dan-su-dung.md"
README = ROOT / "README.md"
IMG = ROOT / "docs" / "img"
DOCS = (GUIDE, README)

FENCE = re.compile(r"^(?P<fence>```+|~~~+)[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                   re.MULTILINE | re.DOTALL)
# dgsp at the start of a command: a line (after a prompt) or after &&, ; or |, possibly
# called by its path (.venv\Scripts\dgsp, .venv/bin/dgsp) or as dgsp.exe
COMMAND = re.compile(r"(?:^|&&|;|\|)\s*(?:PS[^>\n]*>\s*|\$\s+)?(?:[\w.:~-]*[\\/])*"
                     r"dgsp(?:\.exe)?(?=\s|$)(?P<rest>[^\n]*)", re.MULTILINE)
OPTION = re.compile(r"^--?[A-Za-z][\w-]*")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_IMAGE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


# -- the command lines ---------------------------------------------------------------------

def code_blocks(text: str) -> list[str]:
    """The bodies of the fenced code blocks of a Markdown text."""
    return [m.group("body") for m in FENCE.finditer(text)]


def command_lines(text: str) -> list[str]:
    """What follows ``dgsp`` in each command line of the text's fenced code blocks, up to a
    comment or the next command (``&&``, ``;``, ``|``)."""
    found = []
    for block in code_blocks(text):
        for match in COMMAND.finditer(block):
            rest = re.split(r"\s#|&&|;|\|", match.group("rest"))[0]
            found.append(rest.strip())
    return found


@functools.cache
def help_text(command: str | None) -> str:
    """``dgsp [COMMAND] --help``, as typer's CliRunner shows it, without colours."""
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200", "NO_COLOR": "1",
                                                "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    return ANSI.sub("", result.output)


def commands() -> set[str]:
    return set(get_command(app).commands)


def in_help(option: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def problems_of(line: str) -> list[str]:
    """What is wrong with one command line (what follows ``dgsp``): an unknown command, or an
    option its ``--help`` does not list."""
    try:
        tokens = shlex.split(line.replace("\\", "/"), posix=True)
    except ValueError as exc:
        return [f"dgsp {line}: cannot be split ({exc})"]
    wrong = []
    while tokens and tokens[0].startswith("-"):  # dgsp --debug score …
        option = tokens.pop(0).split("=", 1)[0]
        if not in_help(option, help_text(None)):
            wrong.append(f"dgsp {line}: {option} is not an option of dgsp")
    if not tokens:
        return wrong
    command = tokens.pop(0)
    if command not in commands():
        return [*wrong, f"dgsp {line}: {command!r} is not a dgsp command"]
    for token in tokens:
        match = OPTION.match(token)
        if match and not in_help(match.group(0), help_text(command)):
            wrong.append(f"dgsp {line}: {match.group(0)} is not in `dgsp {command} --help`")
    return wrong


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_command_line_is_a_real_command_with_real_options(doc):
    lines = command_lines(doc.read_text(encoding="utf-8"))
    assert lines, f"no dgsp command line in the code blocks of {doc.name}"
    wrong = [w for line in lines for w in problems_of(line)]
    assert not wrong, "\n".join(wrong)


def test_the_guide_shows_every_command_of_a_round():
    used = {shlex.split(line.replace("\\", "/"))[0]
            for line in command_lines(GUIDE.read_text(encoding="utf-8"))
            if line and not line.startswith("-")}
    assert {"init", "assign", "status", "check", "appraisal", "score", "year", "compare",
            "publish", "demo"} <= used


def test_the_command_check_finds_wrong_commands_and_options():
    text = ("```sh\n"
            "dgsp scor plan.xlsx returns --out r.xlsx\n"
            "dgsp score plan.xlsx returns --out r.xlsx --sheets\n"
            "cd x && .venv\\Scripts\\dgsp publish r.json --out page --public  # comment --x\n"
            "dgsp --verbose check plan.xlsx returns\n"
            "```\n"
            "Outside a block: dgsp nothing --really\n"
            "```text\nĐã ghi bao-cao.xlsx (dgsp year): --not-a-command\n```\n")
    lines = command_lines(text)
    assert lines == ["scor plan.xlsx returns --out r.xlsx",
                     "score plan.xlsx returns --out r.xlsx --sheets",
                     "publish r.json --out page --public",
                     "--verbose check plan.xlsx returns"]
    wrong = [problems_of(line) for line in lines]
    assert ["'scor' is not a dgsp command" in w for w in wrong[0]] == [True]
    assert wrong[1] == [f"dgsp {lines[1]}: --sheets is not in `dgsp score --help`"]
    assert wrong[2] == [f"dgsp {lines[2]}: --public is not in `dgsp publish --help`"]
    assert wrong[3] == [f"dgsp {lines[3]}: --verbose is not an option of dgsp"]
    assert problems_of("score plan.xlsx returns --out r.xlsx --no-sheets --json -") == []
    assert problems_of("--debug score p.xlsx r -o r.xlsx --previous q1.json") == []


# -- the pictures --------------------------------------------------------------------------

def image_links(doc: Path) -> list[str]:
    text = doc.read_text(encoding="utf-8")
    return MARKDOWN_IMAGE.findall(text) + HTML_IMAGE.findall(text)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_picture_shown_is_a_file_of_docs_img(doc):
    links = image_links(doc)
    assert links, f"{doc.name} shows no picture"
    for link in links:
        assert "://" not in link, f"{doc.name}: {link} is not a file of docs/img"
        path = (doc.parent / link).resolve()
        assert path.parent == IMG, f"{doc.name}: {link} is not in docs/img"
        assert path.is_file(), f"{doc.name}: {link} does not exist"


def test_every_file_of_docs_img_is_shown():
    shown = {(doc.parent / link).resolve() for doc in DOCS for link in image_links(doc)}
    files = sorted(p for p in IMG.iterdir() if not p.name.startswith("."))
    assert files, "docs/img is empty: run python scripts/guide_images.py"
    unused = [p.name for p in files if p.resolve() not in shown]
    assert not unused, f"pictures of docs/img shown nowhere: {unused}"


def _guide_images():
    spec = importlib.util.spec_from_file_location("guide_images",
                                                  ROOT / "scripts" / "guide_images.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_docs_img_holds_the_pictures_the_script_makes_and_they_are_small():
    script = _guide_images()
    assert sorted(p.name for p in IMG.iterdir() if not p.name.startswith(".")) == \
        sorted(script.NAMES)
    sizes = {p.name: p.stat().st_size for p in IMG.iterdir()}
    for name, size in sizes.items():
        assert (IMG / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{name} is not a PNG"
        assert size <= script.MAX_BYTES, f"{name}: {size} bytes > {script.MAX_BYTES}"
    assert sum(sizes.values()) <= script.MAX_TOTAL


def test_the_picture_script_exits_0_when_the_tools_are_missing(monkeypatch, capsys, tmp_path):
    script = _guide_images()
    monkeypatch.setattr(script.render, "find_tool", lambda *names: None)
    assert script.main([str(tmp_path), "--out", str(tmp_path / "img")]) == 0
    assert "not installed" in capsys.readouterr().out
    assert not (tmp_path / "img").exists()


def test_the_picture_script_finds_the_page_by_its_text():
    script = _guide_images()
    pages = ["Hướng dẫn\n", "  Mã chỉ   tiêu  Tên\n", "TỔNG HỢP KẾT QUẢ\n"]
    assert script.marked_page(pages, "Mã chỉ tiêu") == 2
    assert script.marked_page(pages, "tổng hợp kết quả") == 3
    assert script.marked_page(pages, "Cần sửa") is None


# -- the guide -----------------------------------------------------------------------------

def headings(text: str) -> list[str]:
    return [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]


def test_the_guide_is_in_vietnamese_with_a_section_per_step():
    text = GUIDE.read_text(encoding="utf-8")
    titles = headings(text)
    assert titles[0].startswith("Hướng dẫn sử dụng")
    for command in ("assign", "check", "status", "score", "year", "compare", "publish"):
        assert any(f"`dgsp {command}`" in t for t in titles), f"no section on dgsp {command}"
    for title in ("Cài đặt", "Lập kế hoạch", "Thẩm định", "Khi gặp lỗi"):
        assert any(title in t for t in titles), f"no section {title!r}"
    for term in ("chỉ tiêu", "trọng số", "tỷ lệ đạt", "HTXSNV", "HTTNV", "HTNV", "KHTNV",
                 "tỷ lệ xuất sắc", "không quá 20%", "thẩm định", "công khai", "Quy định 366",
                 "Cơ quan cấp trên", "Địa danh", "Kiểu văn bản", "Quyền hạn ký",
                 "Chức vụ người ký", "Người ký", "Cần sửa", "danh sách đôn đốc"):
        assert term.casefold() in text.casefold(), f"the guide never says {term!r}"


def test_the_guide_installs_on_windows_as_the_readme_does():
    guide = GUIDE.read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    for step in ("py -m venv .venv", ".venv\\Scripts\\Activate.ps1", "pip install .",
                 "Set-ExecutionPolicy", ".venv\\Scripts\\python -m pip install ."):
        assert step in guide, f"the guide lacks {step!r}"
        assert step in readme, f"the README lacks {step!r}"
    assert "pip install . && dgsp demo" in readme  # the Quick start, unchanged
    assert "(docs/huong-dan-su-dung.md)" in readme


def test_the_guide_names_the_error_codes_it_explains_as_real_codes():
    from dgsp.problems import CATALOGUE

    codes = set(re.findall(r"\bDG\d{3}\b", GUIDE.read_text(encoding="utf-8")))
    assert len(codes) >= 10
    assert not codes - set(CATALOGUE), f"unknown codes: {sorted(codes - set(CATALOGUE))}"
