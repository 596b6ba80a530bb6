"""text.py: the one strict number parser, canonical decimals, matching keys, words, file names."""

from __future__ import annotations

import unicodedata
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dgsp.text import (
    AmbiguousNumber,
    NotANumber,
    as_number,
    canonical,
    clean,
    fold,
    format_number,
    format_percent,
    parse_done,
    parse_number,
    parse_percent,
    parse_yes_no,
    safe_filename,
    to_decimal,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# ----------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize("text, expected", [
    ("2.100", D(2100)),
    ("1.234.567,5", D("1234567.5")),
    ("105,5", D("105.5")),
    ("2100", D(2100)),
    ("0", D(0)),
    ("0,05", D("0.05")),
    ("2 100", D(2100)),
    ("2\u00a0100", D(2100)),           # non-breaking space, as Excel and Word type it
    ("2\u202f100", D(2100)),           # narrow no-break space
    ("1 234 567,25", D("1234567.25")),
    ("  2.100  ", D(2100)),
    ("-2.100", D(-2100)),
    ("+105,5", D("105.5")),
    ("123", D(123)),
    ("1.000", D(1000)),
])
def test_parse_number_accepts_vietnamese_spellings(text, expected):
    got = parse_number(text)
    assert got == expected
    assert str(got) == str(expected)  # canonical spelling: "2100", not "2.1E+3"


@pytest.mark.parametrize("text", [
    "2.10",         # a decimal point under the English reading: ambiguous, refused
    "2,100.5",      # the English convention
    "1.5",
    "1.2345",
    "12.345.67",
    "2.100.5",
    "hai nghìn",
    "",
    "   ",
    "1,2,3",
    ",5",
    "5,",
    "2 10",         # spaces must group thousands
    "1 234.567",
    "1e3",
    "NaN",
    "Infinity",
    "--1",
    "2.100 người",
    "30%",
])
def test_parse_number_refuses_anything_ambiguous(text):
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize("text, vi, en", [
    ("2,100", D("2.1"), D(2100)),          # comma then three digits: English thousands?
    ("12,345", D("12.345"), D(12345)),
    ("-2,100", D("-2.1"), D(-2100)),
    ("1.5", D(15), D("1.5")),              # not Vietnamese; English 1.5, loosely 15
    ("0.5", D(5), D("0.5")),
    ("2.10", D(210), D("2.1")),
    ("1.2345", D(12345), D("1.2345")),
    ("2,100.5", D("2.1005"), D("2100.5")),
    ("1 234.567", D(1234567), D("1234.567")),
])
def test_ambiguous_text(text, vi, en):
    with pytest.raises(AmbiguousNumber) as exc:
        parse_number(text)
    assert exc.value.readings == (vi, en)
    assert exc.value.text == text
    assert isinstance(exc.value, NotANumber)  # plan/workbook.py's target parsing refuses it too


@pytest.mark.parametrize("text, expected", [
    ("2.100", D(2100)),          # dot-grouped thousands: settled by the declared convention
    ("1.234.567,5", D("1234567.5")),
    ("0,125", D("0.125")),       # a leading 0 is no English thousands group
    ("1.234,567", D("1234.567")),
    ("105,5", D("105.5")),
    ("1,2345", D("1.2345")),
])
def test_not_ambiguous_under_the_convention(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1,234,567", "12.345.67", "1,2,3", "2.100.5"])
def test_neither_convention_is_plain_not_a_number(text):
    with pytest.raises(NotANumber) as exc:
        parse_number(text)
    assert not isinstance(exc.value, AmbiguousNumber)


def test_as_number_refuses_ambiguous_text():
    with pytest.raises(AmbiguousNumber):
        as_number("2,100")
    with pytest.raises(AmbiguousNumber):
        parse_percent("1,125%")


def test_not_a_number_is_a_value_error():
    with pytest.raises(ValueError):
        parse_number("hai nghìn")


def test_parse_percent():
    assert parse_percent("30%") == D("0.3")
    assert parse_percent("12,5 %") == D("0.125")
    assert parse_percent(0.3) == D("0.3")
    assert parse_percent(1.2) == D("1.2")
    assert parse_percent("1,2") == D("1.2")
    with pytest.raises(NotANumber):
        parse_percent("ba mươi %")


def test_as_number():
    assert as_number(2100.0) == D(2100) and str(as_number(2100.0)) == "2100"
    assert as_number("2.100") == D(2100)
    assert as_number(D("0.50")) == D("0.5")
    for bad in (True, "hai", None):
        with pytest.raises((NotANumber, TypeError)):
            as_number(bad)
    from datetime import date

    with pytest.raises(NotANumber):
        as_number(date(2025, 1, 1))


vi_decimals = st.decimals(min_value=D("-1e15"), max_value=D("1e15"), places=4,
                          allow_nan=False, allow_infinity=False)


def parses_back(text: str, d: D) -> bool:
    """``text`` reads back as ``d``, or is refused as ambiguous with ``d`` its Vietnamese reading.

    ``format_number`` writes 1,125 for 1.125; an English reader would read 1125,
    so the parser refuses it rather than guess (see test_ambiguous_text).
    """
    try:
        return parse_number(text) == d
    except AmbiguousNumber as exc:
        return exc.readings[0] == d and exc.readings[1] == d * 1000 and exc.readings[1] != d


@given(vi_decimals)
def test_format_number_vi_parses_back(d):
    assert parses_back(format_number(d, "vi"), d)


@given(vi_decimals, st.integers(min_value=0, max_value=4))
def test_format_number_vi_with_places_parses_back(d, places):
    text = format_number(d, "vi", places)
    assert parses_back(text, d.quantize(D(1).scaleb(-places), rounding="ROUND_HALF_UP"))


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_whole_numbers_round_trip_in_both_conventions(n):
    assert parse_number(format_number(n, "vi")) == n
    assert format_number(n, "en").replace(",", "") == str(n)


@pytest.mark.parametrize("value, lang, places, text", [
    (D(2100), "vi", None, "2.100"),
    (D("1234567.5"), "vi", None, "1.234.567,5"),
    (D("1234567.5"), "en", None, "1,234,567.5"),
    (D("2100.50"), "vi", None, "2.100,5"),
    (D("103.525"), "vi", 2, "103,53"),   # half-up, as a spreadsheet shows it
    (D("0.125"), "vi", 2, "0,13"),
    (D(100), "vi", 2, "100,00"),
])
def test_format_number(value, lang, places, text):
    assert format_number(value, lang, places) == text


def test_format_percent():
    assert format_percent(D("1.05")) == "105,0%"
    assert format_percent(D("1.05"), "en") == "105.0%"
    assert format_percent(D("0.0005"), "vi", 1) == "0,1%"


def test_parse_number_never_rounds_silently():
    text = "1.234.567.890.123.456.789.012.345.678,5"  # 29 digits before the comma
    assert parse_number(text) == D("1234567890123456789012345678.5")


# ------------------------------------------------------------------------ to_decimal, canonical


def test_to_decimal_keeps_what_was_typed():
    assert to_decimal(0.3) == D("0.3")
    assert to_decimal(0.1 + 0.2) == D("0.30000000000000004")  # what the float really holds
    assert to_decimal(1.15) == D("1.15")
    assert to_decimal(7) == D(7)


@pytest.mark.parametrize("value, spelling", [
    (2100.0, "2100"),
    (D("2.1E+3"), "2100"),
    (D("2100.000"), "2100"),
    (D("0.50"), "0.5"),
    (1e20, "100000000000000000000"),
    (D("-0"), "0"),
    (0.0, "0"),
])
def test_canonical_spellings(value, spelling):
    d = to_decimal(value)
    assert str(d) == spelling


def test_whole_numbers_have_exponent_zero():
    d = to_decimal(2100.0)
    assert d == D("2100")
    assert d.as_tuple().exponent == 0


def test_to_decimal_refuses_non_numbers():
    with pytest.raises(TypeError):
        to_decimal(True)
    for bad in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(NotANumber):
            to_decimal(bad)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_to_decimal_of_a_float_is_its_shortest_repr(f):
    d = to_decimal(f)
    assert d == D(repr(f))
    assert float(d) == f


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=D("-1e15"),
                   max_value=D("1e15"), places=8)
       | st.builds(lambda d, e: d.scaleb(e), vi_decimals, st.integers(-3, 3)))
def test_canonical_is_one_spelling_per_value(d):
    """Any number of digits: canonical() never rounds."""
    c = canonical(d)
    assert c == d
    assert canonical(c) == c and str(canonical(c)) == str(c)
    t = c.as_tuple()
    if c == c.to_integral_value():
        assert t.exponent == 0
    else:
        assert t.digits[-1] != 0  # no trailing zeros


# ----------------------------------------------------------------------------- clean, fold


def test_clean():
    assert clean(None) == ""
    assert clean(2100.0) == "2100"
    assert clean("  Hà\u00a0Nội  ") == "Hà Nội"
    assert clean(nfd("Hà Nội")) == "Hà Nội"
    assert clean(nfd("Hà Nội")) == unicodedata.normalize("NFC", "Hà Nội")


@pytest.mark.parametrize("text", [
    "Mã đơn vị", "MÃ ĐƠN VỊ", "ma don vi", "  Mã  Đơn   vị ", "Ma Don Vi", nfd("Mã đơn vị"),
    "Mã\tđơn\nvị", "Mã\u00a0đơn vị",
])
def test_fold_ignores_case_diacritics_and_spaces(text):
    assert fold(text) == "ma don vi"


def test_fold_d_with_stroke():
    assert fold("Đạt") == fold("đạt") == fold("DAT") == "dat"
    assert fold("Đảng ủy") == "dang uy"


def test_fold_keeps_words_apart():
    assert fold("Không đạt") != fold("Đạt")
    assert fold("Chỉ tiêu giao") != fold("Chỉ tiêu")


VI_LETTERS = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộ"
              "ơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ")
vi_text = st.text(alphabet=VI_LETTERS + VI_LETTERS.upper() + " 0123456789", max_size=30)


@given(vi_text)
def test_fold_properties_on_vietnamese_text(s):
    key = fold(s)
    assert key.isascii()
    assert key == key.lower()
    assert fold(key) == key
    assert fold(nfd(s)) == key
    assert fold(s.upper()) == key
    assert fold(f"  {s}  ") == key
    assert "  " not in key and key == key.strip()


# ----------------------------------------------------------------------------- words


YES = ["Có", "có", "CÓ", "co", "Co", nfd("Có"), "yes", "Yes", "YES", "x", "X", "1", "true",
       "TRUE", "Đúng", "đúng", "dung", " có ", 1, 1.0, True]
NO = ["Không", "không", "KHÔNG", "khong", nfd("Không"), "no", "No", "0", "false", "False",
      "Sai", "sai", 0, 0.0, False]


@pytest.mark.parametrize("word", YES)
def test_parse_yes_no_yes(word):
    assert parse_yes_no(word) is True


@pytest.mark.parametrize("word", NO)
def test_parse_yes_no_no(word):
    assert parse_yes_no(word) is False


@pytest.mark.parametrize("word", ["", "có thể", "maybe", "2", "Đạt", None, "y", "n"])
def test_parse_yes_no_refuses(word):
    with pytest.raises(ValueError):
        parse_yes_no(word)


DONE = ["Đạt", "đạt", "ĐẠT", "dat", "Dat", nfd("Đạt"), "Đã đạt", "da dat", "Hoàn thành",
        "HOÀN THÀNH", "hoan thanh", "done", "Done", "achieved", "Achieved", *YES]
NOT_DONE = ["Không đạt", "không đạt", "KHÔNG ĐẠT", "khong dat", nfd("Không đạt"),
            "Không   đạt", "Chưa đạt", "chua dat", "Chưa hoàn thành", "Không hoàn thành",
            "not done", "Not done", "not achieved", "NOT ACHIEVED", *NO]


@pytest.mark.parametrize("word", DONE)
def test_parse_done_done(word):
    assert parse_done(word) is True


@pytest.mark.parametrize("word", NOT_DONE)
def test_parse_done_not_done(word):
    assert parse_done(word) is False


@pytest.mark.parametrize("word", ["", "Đạt một phần", "50%", 2, 0.5, "hai", None, "Vượt"])
def test_parse_done_refuses(word):
    with pytest.raises(ValueError):
        parse_done(word)


# ----------------------------------------------------------------------------- safe_filename


@pytest.mark.parametrize("name, safe", [
    ("TAMDAO", "TAMDAO"),
    ("Sở Tài chính", "Sở Tài chính"),
    ("CON", "_CON"),
    ("con", "_con"),
    ("con.xlsx", "_con.xlsx"),
    ("PRN", "_PRN"),
    ("AUX", "_AUX"),
    ("NUL.tar.gz", "_NUL.tar.gz"),
    ("COM1", "_COM1"),
    ("lpt9.txt", "_lpt9.txt"),
    ("COM10", "COM10"),
    ("CONSOLE", "CONSOLE"),
    ('a<b>c:d"e/f\\g|h?i*j', "a_b_c_d_e_f_g_h_i_j"),
    ("tab\tnul\x00", "tab_nul_"),
    ("name. ", "name"),
    (" .hidden", "hidden"),
    ("...", "_"),
    ("", "_"),
    ("CON.", "_CON"),
])
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


def test_safe_filename_nfc_and_limit():
    assert safe_filename(nfd("Hà Nội")) == "Hà Nội"
    assert len(safe_filename("x" * 200)) == 80
    assert len(safe_filename("x" * 200, limit=10)) == 10


RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
            *(f"LPT{i}" for i in range(1, 10))}


@given(st.text(max_size=60))
def test_safe_filename_is_always_safe(name):
    s = safe_filename(name)
    assert s
    assert len(s) <= 80
    assert not set(s) & set('<>:"/\\|?*')
    assert all(ord(c) >= 32 for c in s)
    assert not s.endswith((".", " "))
    assert s.upper().split(".")[0] not in RESERVED
    assert unicodedata.is_normalized("NFC", s)


def test_safe_filename_truncation_leaves_no_trailing_dot():
    assert not safe_filename("a" * 79 + ".b").endswith(".")


# ----------------------------------------------------------------------------- digits of one script
# Issue 9, item 19: "2٠100", with an Arabic-Indic zero that looks like a dot, was read as 20100.


@pytest.mark.parametrize("text", ["2٠100", "2۰100", "１2", "2.1٠0", "٢,5", "1 ٠00"])
def test_digits_of_mixed_scripts_are_refused(text):
    from dgsp.text import MixedDigits

    with pytest.raises(MixedDigits) as info:
        parse_number(text)
    assert isinstance(info.value, NotANumber) and info.value.text == text


@pytest.mark.parametrize("text, expected", [("٢١٠٠", D(2100)), ("２.１００", D(2100)),
                                            ("۱۰۵,۵", D("105.5"))])
def test_digits_of_one_other_script_are_read(text, expected):
    assert parse_number(text) == expected


@given(st.integers(min_value=0, max_value=10**9),
       st.sampled_from(["0", "٠", "۰", "０", "०", "০"]))
def test_a_number_in_any_one_script_reads_as_in_ascii(n, zero):
    shifted = "".join(chr(ord(zero) + int(ch)) for ch in str(n))
    assert parse_number(shifted) == D(n)
