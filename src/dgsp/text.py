"""Text at the read boundary: NFC, diacritic-insensitive matching, strict numbers.

Everything read from a workbook goes through :func:`clean` (NFC, trimmed).
Headers, sheet names and keywords are compared through :func:`fold`.
Numbers typed as text are parsed only by :func:`parse_number`, which follows
the Vietnamese convention (``.`` groups thousands, ``,`` marks decimals) and
refuses anything ambiguous under it rather than guess.

The ambiguity rule. Text is read the Vietnamese way; it is refused as
ambiguous (:class:`AmbiguousNumber`, carrying both readings) when an English
reader would read a *different* number and the Vietnamese convention does not
settle it:

- ``"2,100"``, ``"12,345"``: a comma then exactly three digits, after a first
  group of 1–3 digits not starting with 0, and no dot. Vietnamese 2,1;
  English 2100. (``"105,5"``, ``"0,125"``, ``"1.234,567"`` are not ambiguous:
  no English reader writes them.)
- text that is not a Vietnamese number but is an English one: ``"1.5"``,
  ``"2.10"``, ``"1.2345"``, ``"2,100.5"``. Its Vietnamese reading is the loose
  one a lenient parser would make (dots dropped as group marks, the comma as the
  decimal mark: 15, 210, 12345, 2,1005).

Dot-grouped thousands (``"2.100"``, ``"1.234.567,5"``) are what the declared
convention says they are, and are accepted. Anything else that is not a number
in either convention raises plain :class:`NotANumber`.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal


def clean(value: object) -> str:
    """A cell value as text: NFC-normalised, trimmed, inner runs of spaces kept."""
    if type(value) is str and value.isascii():
        return value.strip()  # already NFC, and no non-breaking space
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    return text.replace("\u00a0", " ").strip()


def as_found(value: object) -> Decimal | str:
    """A cell's value as a problem quotes it (``found``): a number stays a number, so that the
    message writes it the reader's way (vi ``3,2``, en ``3.2``); anything else, and a number
    too long to quote whole, its :func:`clean` text."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return clean(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < _MAX_QUOTED:
        value = int(value)  # 99.0 as a cell holds it is 99
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if not number.is_finite() or abs(number) >= _MAX_QUOTED:
        return clean(value)
    return number


_MAX_QUOTED = Decimal(10) ** 15


def fold(text: object) -> str:
    """A key for matching: no case, no diacritics, single spaces.

    ``fold("  Mã  Đơn vị ") == fold("ma don vi") == "ma don vi"``.
    """
    if type(text) is not str:
        text = clean(text)
    if text.isascii():  # nothing to normalise or strip of marks
        return " ".join(text.split()).lower()
    return _fold_unicode(text)


@functools.lru_cache(maxsize=4096)
def _fold_unicode(text: str) -> str:
    """:func:`fold` of non-ASCII text (cached: headers and sheet names recur in every file).

    NFD of the text is NFD of its NFC form, so :func:`clean`'s NFC step is not
    repeated; ``split()`` drops the non-breaking spaces :func:`clean` replaces.
    """
    s = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    if not s.isascii():
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.split()).casefold()


def safe_filename(name: str, limit: int = 80) -> str:
    """A file name safe on Windows, macOS and Linux (no reserved names or characters)."""
    s = unicodedata.normalize("NFC", name)
    s = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", s)[:limit].strip(" .")
    if not s or s.upper().split(".")[0] in _WINDOWS_RESERVED:
        s = f"_{s}"[:limit]
    return s


_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


# ----------------------------------------------------------------------------- numbers


class NotANumber(ValueError):
    """Text that is not a number under the Vietnamese convention."""


class AmbiguousNumber(NotANumber):
    """Text that Vietnamese and English readers would read as two different numbers.

    ``readings`` is ``(vietnamese, english)``; ``text`` is what was typed.
    """

    def __init__(self, text: str, vi: Decimal, en: Decimal):
        super().__init__(text)
        self.text = text
        self.readings = (vi, en)


class MixedDigits(NotANumber):
    """Text whose digits come from more than one script: ``"2٠100"`` (an Arabic-Indic zero,
    which looks like a dot, between ASCII digits) is not 20100, nor 2.100."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def _ascii_digits(s: str) -> str:
    """``s`` with its digits made ASCII, when they are all of one script (``"٢١٠٠"`` → ``"2100"``).

    Raises :class:`MixedDigits` when digits of two scripts meet in one number.
    """
    zeros = {ord(ch) - unicodedata.decimal(ch) for ch in s if ch.isdecimal()}
    if len(zeros) > 1:
        raise MixedDigits(s)
    zero = zeros.pop()
    return "".join(chr(ord(ch) - zero + 48) if ch.isdecimal() else ch for ch in s)


_VI_NUMBER = re.compile(
    r"""^[+-]?(
        \d{1,3}(\.\d{3})+(,\d+)?     # 2.100 · 1.234.567,5
      | \d+(,\d+)?                   # 2100 · 105,5
    )$""",
    re.X,
)
_EN_COMMA_GROUP = re.compile(r"^[+-]?[1-9]\d{0,2},\d{3}$")  # 2,100: a Vietnamese number too
_EN_NUMBER = re.compile(r"^[+-]?([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d+)?$")
_LOOSE_VI = re.compile(r"^[+-]?\d+([.,]\d+)*$")
_SPACE_GROUPED = re.compile(r"^[+-]?\d{1,3}( \d{3})+([.,]\d+)?$")


def parse_number(text: str) -> Decimal:
    """Parse a number typed as text, the Vietnamese way, strictly.

    ``"2.100"`` → 2100, ``"1.234.567,5"`` → 1234567.5, ``"105,5"`` → 105.5;
    spaces and non-breaking spaces between digit groups are accepted
    (``"2 100"``). Text an English reader would read differently raises
    :class:`AmbiguousNumber` (``"2,100"``, ``"1.5"``, ``"2.10"``,
    ``"2,100.5"``: see the module's ambiguity rule). Digits of another script are read
    when all the digits are of that one script (``"٢١٠٠"``); mixed scripts raise
    :class:`MixedDigits` (``"2٠100"``). Anything else that is not
    a number raises :class:`NotANumber` (``"hai nghìn"``, ``"1,2,3"``).
    """
    s = clean(text).replace("\u202f", " ")
    if not s.isascii() and any(ch.isdecimal() for ch in s):
        try:
            s = _ascii_digits(s)
        except MixedDigits:
            raise MixedDigits(str(text)) from None
    if _SPACE_GROUPED.match(s):
        s = s.replace(" ", "")
    if _VI_NUMBER.match(s):
        value = _vi(s)
        if _EN_COMMA_GROUP.match(s):
            raise AmbiguousNumber(str(text), value, _en(s))
        return value
    if _EN_NUMBER.match(s) and _LOOSE_VI.match(s) and s.count(",") <= 1:
        vi, en = _vi(s), _en(s)
        if vi != en:
            raise AmbiguousNumber(str(text), vi, en)
    raise NotANumber(text)


def _vi(s: str) -> Decimal:
    return canonical(Decimal(s.replace(".", "").replace(",", ".")))


def _en(s: str) -> Decimal:
    return canonical(Decimal(s.replace(",", "")))


def canonical(d: Decimal) -> Decimal:
    """One spelling per number, so equal values look (and fingerprint) the same.

    Whole numbers lose their exponent and trailing zeros (``2100.0`` and
    ``2.1E+3`` → ``2100``); other numbers lose trailing zeros (``0.50`` → ``0.5``).
    """
    if d == d.to_integral_value():
        return shared(Decimal(int(d)))
    if len(str(d)) <= 28:  # at most 28 digits: the shared context holds them all
        return shared(d.normalize(_PREC_28))
    return shared(d.normalize(Context(prec=max(28, len(d.as_tuple().digits)))))  # never rounds


_PREC_28 = Context(prec=28)


def shared(d: Decimal) -> Decimal:
    """``d``, as one object for every number of the same spelling (``4`` and ``4.0`` are two).

    A national run holds a million decimals, most of them the same few thousand numbers
    (targets, results typed, self-scores, points): shared, each is held once (104 bytes a
    decimal; issue 13). Decimals are immutable, so sharing one changes nothing. The table
    keeps the :data:`SHARED_DECIMALS` spellings used last."""
    return _by_spelling(str(d))


SHARED_DECIMALS = 1 << 18
_by_spelling = functools.lru_cache(maxsize=SHARED_DECIMALS)(Decimal)


def to_decimal(value: float | int | Decimal) -> Decimal:
    """A number a spreadsheet stored, as the decimal the user typed.

    Spreadsheets store 0.3 as the nearest binary float; its shortest repr is
    ``"0.3"``, which is what the user typed, so that is what we keep.
    """
    if isinstance(value, Decimal):
        return canonical(value)
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NotANumber(repr(value))
        if value.is_integer():
            if -_EXACT_INT < value < _EXACT_INT:
                return Decimal(int(value))  # what canonical(Decimal(repr(value))) gives, sooner
        else:  # a fraction's shortest repr has no trailing zero: it is canonical already
            return Decimal(repr(value))
    return canonical(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))


_EXACT_INT = 2**53  # below this a whole float's repr is its digits and ".0"


def parse_percent(value: object) -> Decimal:
    """A share or a cap: an Excel percentage cell (0.3), a plain fraction (1.2 = 120%),
    or text such as ``"30%"`` / ``"30 %"`` / ``"12,5%"``. Returns a fraction."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return to_decimal(value)
    s = clean(value)
    if s.endswith("%"):
        return canonical(parse_number(s[:-1].strip()) / 100)
    return parse_number(s)


def as_number(value: object) -> Decimal:
    """A numeric cell, or text holding a number (strict Vietnamese reading)."""
    if isinstance(value, (datetime, date)) or isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, (int, float, Decimal)):
        return to_decimal(value)
    return parse_number(str(value))


# ----------------------------------------------------------------------------- words

_YES = {"co", "yes", "x", "1", "true", "dung"}
_NO = {"khong", "no", "0", "false", "sai"}
_DONE = {"dat", "da dat", "hoan thanh", "done", "achieved", *_YES}
_NOT_DONE = {"khong dat", "chua dat", "chua hoan thanh", "khong hoan thanh", "not done",
             "not achieved", *_NO}


def _choose(value: object, yes: set[str], no: set[str]) -> bool:
    if isinstance(value, bool):
        return value
    key = fold(value)
    if key in yes:
        return True
    if key in no:
        return False
    raise ValueError(value)


def parse_yes_no(value: object) -> bool:
    """``Có``/``Không`` (and Yes/No, x, 1/0), any case, with or without diacritics."""
    return _choose(value, _YES, _NO)


def parse_done(value: object) -> bool:
    """A binary result: ``Đạt``/``Không đạt``, ``Có``/``Không``, ``x``, ``1``/``0``, Yes/No."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    return _choose(value, _DONE, _NOT_DONE)


TIME_TYPES = (datetime, date, time, timedelta)
"""What a spreadsheet cell holding a date or a time is read as: never a number, nor a done word."""


def done_value(value: object) -> Decimal | None:
    """A cell as a binary result: 1 done, 0 not done (:func:`parse_done`); None when it is
    neither, and always for a date or time cell."""
    if isinstance(value, TIME_TYPES):
        return None
    try:
        return Decimal(1) if parse_done(value) else Decimal(0)
    except ValueError:
        return None


def format_number(value: Decimal | float | int, lang: str = "vi", places: int | None = None) -> str:
    """A number for a message, in the reader's convention (vi: 2.100,5; en: 2,100.5).

    With ``places``, rounded half-up, as a spreadsheet displays it (not half-even).
    """
    d = Decimal(str(value))
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{d:,f}" if places is not None else f"{d.normalize():,f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_percent(ratio: Decimal | float, lang: str = "vi", places: int = 1) -> str:
    return format_number(Decimal(str(ratio)) * 100, lang, places) + "%"
