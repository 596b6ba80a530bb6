"""Cell addresses: 0-based row and column indexes ↔ ``A1`` references."""

from __future__ import annotations


def col_letter(index: int) -> str:
    """0-based column index → ``A``, ``B``, … ``AA``."""
    s = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_ref(row: int, col: int) -> str:
    """0-based row and column → ``A1`` style."""
    return f"{col_letter(col)}{row + 1}"

def col_index(letters: str) -> int:
    """``A`` → 0, ``AA`` → 26 (the inverse of :func:`col_letter`)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1
