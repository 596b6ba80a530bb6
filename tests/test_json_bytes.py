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
