"""The JSON files dgsp writes go through orjson (issue 13), byte for byte as the standard
library wrote them: ``json.dumps(data, ensure_ascii=False, indent=2)`` and a newline."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dgsp.report.write import ascii_json, json_bytes, json_text, write_json

scalars = (st.none() | st.booleans() | st.integers()
           | st.floats(allow_nan=False, allow_infinity=False)
           | st.text())  # controls, astral characters and all
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=30)


def stdlib(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@given(st.dictionaries(st.text(max_size=8), values, max_size=5))
def test_the_json_text_is_the_standard_librarys_byte_for_byte(data):
    assert json_text(data) == stdlib(data)


@given(st.dictionaries(st.text(max_size=8), values, max_size=5))
def test_the_embedded_ascii_json_is_the_standard_librarys_byte_for_byte(data):
    assert ascii_json(data) == json.dumps(data, ensure_ascii=True,
                                          separators=(",", ":")).encode("ascii")


@given(st.dictionaries(st.text(max_size=8), values, max_size=5), st.integers(1, 9))
def test_the_ascii_json_escaped_piece_by_piece_is_the_same(data, piece):
    """Pieces of a few bytes: every cut falls next to (never within) a character."""
    from unittest import mock

    from dgsp.report import write

    with mock.patch.object(write, "_PIECE", piece):
        assert ascii_json(data) == json.dumps(data, ensure_ascii=True,
                                              separators=(",", ":")).encode("ascii")


long_lists = st.dictionaries(st.text(max_size=8), values | st.lists(values, max_size=9),
                             max_size=5)


@given(long_lists, st.integers(1, 4))
def test_long_lists_encoded_a_slice_at_a_time_are_the_same(data, size):
    """The top level's lists, encoded a few items at a time and re-indented to their depth:
    the same text, indented and compact (a slice the standard library writes included)."""
    from unittest import mock

    from dgsp.report import write

    with mock.patch.object(write, "_SLICE", size):
        assert json_text(data) == stdlib(data)
        assert ascii_json(data) == json.dumps(data, ensure_ascii=True,
                                              separators=(",", ":")).encode("ascii")


def test_the_text_is_never_made_whole():
    """A report's long lists come in pieces of at most a slice (a national report's JSON is
    300 MB: held whole, its bytes were the largest thing in memory)."""
    from dgsp.report.write import _SLICE, json_pieces

    data = {"schema": "s", "units": [{"code": f"X{i}", "ratio": 1e-05 if i == 7 else 0.5}
                                     for i in range(5 * _SLICE)]}
    for indent in (True, False):
        pieces = list(json_pieces(data, indent=indent))
        assert len(pieces) > 5
        assert max(map(len, pieces)) < len(b"".join(pieces)) / 4
    assert json_text(data) == stdlib(data)


@pytest.mark.parametrize("data", [
    # what orjson alone writes apart from the standard library
    {"ratio": 1e-07},              # "1e-7"
    {"ratio": 1.5e-05},            # "0.000015"
    {"ratio": -6.98e-06, "text": "0.00001 in a note"},
    {"big": 2**64},                # beyond orjson's 64 bits
    {"keys": {1: "a"}},            # a key that is no string
    # and what both write alike
    {"score": 1e16, "share": 0.1, "neg": -0.0, "empty": [{}, []], "name": "Xã Tân Lạc 😀"},
])
def test_where_orjson_would_differ_the_standard_library_writes(data):
    assert json_text(data) == stdlib(data)
    assert ascii_json(data) == json.dumps(data, ensure_ascii=True,
                                          separators=(",", ":")).encode("ascii")


def test_the_file_is_the_text(tmp_path):
    data = {"units": [{"code": "XA", "score": 99.5, "name": "Xã A"}]}
    write_json(data, tmp_path / "r.json")
    assert (tmp_path / "r.json").read_bytes() == stdlib(data).encode("utf-8")
    assert json_bytes(data) + b"\n" == stdlib(data).encode("utf-8")


def _whole_text_cuts(text: bytes, size: int) -> list[bytes] | None:
    """The embedded copy's cuts as they were made on the whole text (the oracle)."""
    out, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        while end < len(text) and end > start and (text[end - 1:end] == b" "
                                                   or text[end:end + 1] == b" "):
            end -= 1
        if end == start:
            return None
        out.append(text[start:end])
        start = end
    return out


@given(st.text(alphabet="ab \\u", max_size=60), st.integers(1, 8), st.lists(st.integers(0, 60)))
def test_the_embedded_copy_is_cut_from_its_pieces_as_from_the_whole(text, size, cuts):
    """The chunks are cut as the pieces come (the text is never held whole): the same cuts as
    on the whole text, and where none can be made, the same after spaces become \\u0020."""
    from dgsp.report.write import _chunks, _NoCut

    data = text.encode("ascii")
    bounds = sorted({min(c, len(data)) for c in cuts} | {0, len(data)})
    pieces = [data[a:b] for a, b in zip(bounds, bounds[1:])]
    expected = _whole_text_cuts(data, size)
    try:
        assert list(_chunks(iter(pieces), size)) == expected
    except _NoCut:
        assert expected is None
        spaced = [p.replace(b" ", b"\\u0020") for p in pieces]
        assert list(_chunks(iter(spaced), size)) == _whole_text_cuts(b"".join(spaced), size)
        assert list(_chunks(iter(pieces), size, spaced=True)) == \
            _whole_text_cuts(b"".join(spaced), size)
