"""The guard's own reader of a zip's central directory (dgsp.xlsx.zipdir), held to zipfile.

The guard checks the members zipfile would list; since it no longer builds a ZipFile, this
file is what holds it to that: on every workbook in the repository, on zips built with every
feature a zip may have (comments, bytes before the zip, zip64 records, non-ASCII names,
stored and deflated members, extra fields), and on random corruptions of them. The entries
must be the same (name, flags, method, sizes, local header offset) and a refusal must be
zipfile's, in zipfile's words.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dgsp.xlsx import guard
from dgsp.xlsx.zipdir import BadZip, central_directory

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("filename", "flag_bits", "compress_type", "compress_size", "file_size",
          "header_offset")


def by_zipfile(data: bytes) -> list[tuple] | str:
    """zipfile's entries of ``data``, or the words of its refusal."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception as exc:  # noqa: BLE001 (BadZipFile, NotImplementedError, UnicodeDecodeError…)
        return str(exc)
    return [tuple(getattr(i, f) for f in FIELDS) for i in infos]


def by_zipdir(data: bytes) -> list[tuple] | str:
    try:
        members = central_directory(data)
    except BadZip as exc:
        return str(exc)
    return [tuple(getattr(m, f) for f in FIELDS) for m in members]


def build(members: list[tuple[str, bytes, int]], comment: bytes = b"", before: bytes = b"",
          zip64: bool = False, extra: bytes = b"") -> bytes:
    """A zip of (name, bytes, method) members, as zipfile writes it; ``zip64``: with zip64
    fields in every entry and the zip64 end records (zipfile writes these only past 65,535
    members, so its limit is lowered while it writes)."""
    out = io.BytesIO()
    limit = zipfile.ZIP_FILECOUNT_LIMIT
    try:
        zipfile.ZIP_FILECOUNT_LIMIT = -1 if zip64 else limit
        with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as z:
            warnings.simplefilter("ignore", UserWarning)  # a repeated name is meant
            _write(z, members, comment, zip64, extra)
    finally:
        zipfile.ZIP_FILECOUNT_LIMIT = limit
    return before + out.getvalue()


def _write(z: zipfile.ZipFile, members: list[tuple[str, bytes, int]], comment: bytes,
           zip64: bool, extra: bytes) -> None:
    for name, data, method in members:
        info = zipfile.ZipInfo(name, (2026, 12, 2, 10, 0, 0))
        info.compress_type = method
        info.extra = extra
        with z.open(info, "w", force_zip64=zip64) as fh:
            fh.write(data)
    z.comment = comment


def patched(data: bytes, find: bytes, at: int, value: bytes) -> bytes:
    """``data`` with ``value`` written ``at`` bytes after the first ``find``."""
    where = data.index(find) + at
    return data[:where] + value + data[where + len(value):]


def workbooks() -> list[Path]:
    found = sorted(p for folder in ("examples", "tests") for p in (ROOT / folder).rglob("*.xlsx"))
    assert len(found) >= 10
    return found


def test_every_workbook_in_the_repository_is_read_as_zipfile_reads_it():
    for path in workbooks():
        data = path.read_bytes()
        assert by_zipdir(data) == by_zipfile(data), path


@pytest.mark.parametrize(("what", "data"), [
    ("nothing", b""),
    ("a few bytes", b"PK"),
    ("not a zip", b"not a zip at all" * 10),
    ("only an end record", b"PK\x05\x06" + bytes(18)),
    ("an end record cut short", b"PK\x05\x06" + bytes(10)),
    ("an empty zip", build([])),
    ("a comment", build([("a.xml", b"<a/>", zipfile.ZIP_DEFLATED)], comment=b"PK\x05\x06 ok")),
    ("bytes before the zip", build([("a.xml", b"<a/>", zipfile.ZIP_STORED)], before=b"x" * 77)),
    ("zip64 records", build([("a.xml", b"<a/>" * 50, zipfile.ZIP_DEFLATED)], zip64=True)),
    ("zip64 after other bytes",
     build([("a.xml", b"<a/>", zipfile.ZIP_STORED)], zip64=True, before=b"MZ" * 9)),
    ("a non-ASCII name", build([("xl/bảng tính.xml", b"<a/>", zipfile.ZIP_DEFLATED)])),
    ("a repeated name", build([("a.xml", b"1", 0), ("a.xml", b"22", 8)])),
    ("an extra field", build([("a.xml", b"<a/>", 0)], extra=b"\x99\x99\x02\x00ab")),
    ("a corrupt extra field", build([("a.xml", b"<a/>", 0)], extra=b"\x99\x99\x09\x00ab")),
    ("a NUL in a name: cut there",
     patched(build([("ab.xml", b"<a/>", 0)]), b"PK\x01\x02", 47, b"\0")),
    ("a NUL in a non-ASCII name",
     patched(build([("ảb.xml", b"<a/>", 0)]), b"PK\x01\x02", 49, b"\0")),
    ("a name in cp437", patched(build([("ảb.xml", b"<a/>", 0)]), b"PK\x01\x02", 9, b"\0")),
    ("a name that is not UTF-8",
     patched(build([("ảb.xml", b"<a/>", 0)]), b"PK\x01\x02", 46, b"\xff")),
    ("a version past 6.3", patched(build([("a.xml", b"<a/>", 0)]), b"PK\x01\x02", 6, b"\x40")),
    ("a version of 6.3", patched(build([("a.xml", b"<a/>", 0)]), b"PK\x01\x02", 6, b"\x3f")),
    ("an end record's signature in the comment, then another in its last 21 bytes",
     build([("a.xml", b"<a/>", 0)],
           comment=b"PK\x05\x06" + bytes(10) + b"PK\x05\x06\x01\x02\x03\x04")),
    ("an end record's signature 22 bytes from the end, in the comment",
     build([("a.xml", b"<a/>", 0)], comment=b"PK\x05\x06" + bytes(16) + b"\x01\x02")),
    ("a directory before the start of the file",
     patched(build([("a.xml", b"<a/>", 0)]), b"PK\x05\x06", 16, b"\xff\xff\x00\x00")),
    ("a directory cut short",
     patched(build([("a.xml", b"<a/>", 0)]), b"PK\x05\x06", 12, b"\x40\x00\x00\x00")),
    ("a bad signature in the directory",
     patched(build([("a.xml", b"<a/>", 0)]), b"PK\x01\x02", 0, b"PK\x01\x03")),
    ("a zip64 locator for many disks",
     patched(build([("a.xml", b"<a/>", 0)], zip64=True), b"PK\x06\x07", 16, b"\x02")),
    ("a zip64 locator of another disk",
     patched(build([("a.xml", b"<a/>", 0)], zip64=True), b"PK\x06\x07", 4, b"\x01")),
    ("a zip64 end record with a bad signature",
     patched(build([("a.xml", b"<a/>", 0)], zip64=True), b"PK\x06\x06", 3, b"\x07")),
])
def test_zips_of_every_kind(what, data):
    assert by_zipdir(data) == by_zipfile(data), what


def test_the_package_refuses_in_zipfiles_words():
    with pytest.raises(guard.UnreadableWorkbook, match="^File is not a zip file$"):
        guard._Package(b"not a zip at all" * 10)


names = st.text(st.characters(codec="utf-8", exclude_characters="\0"), min_size=1, max_size=12)
members = st.lists(st.tuples(names, st.binary(max_size=300),
                             st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])),
                   max_size=4)
zips = st.builds(build, members, comment=st.binary(max_size=40), before=st.binary(max_size=40),
                 zip64=st.booleans(), extra=st.sampled_from([b"", b"\x99\x99\x00\x00"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zips, st.lists(st.tuples(st.integers(1, 160), st.integers(0, 255)), max_size=6),
       st.integers(0, 40))
def test_corrupted_zips_are_read_or_refused_as_zipfile_does(data, changes, cut):
    """Bytes changed near the end (where the directory and its end records are), and the
    file cut short: the same entries, or the same refusal."""
    data = bytearray(data)
    for back, value in changes:
        if back <= len(data):
            data[-back] = value
    data = bytes(data[:len(data) - cut] if cut < len(data) else data)
    assert by_zipdir(data) == by_zipfile(data)


@settings(max_examples=100, deadline=None)
@given(zips, st.integers(0, 2**64 - 1), st.sampled_from(["size", "compressed", "offset"]),
       st.booleans())
def test_zip64_sizes_and_offsets_from_the_extra_field(data, value, which, utf8_off):
    """An entry whose sizes or offset say 0xFFFFFFFF takes them from its zip64 extra field;
    one whose name loses the UTF-8 flag is read as cp437, as zipfile reads it."""
    data = bytearray(data)
    at = data.find(b"PK\x01\x02")
    if at < 0:
        return
    field = {"size": 24, "compressed": 20, "offset": 42}[which]
    data[at + field:at + field + 4] = b"\xff\xff\xff\xff"
    if utf8_off:
        data[at + 9] &= ~0x08
    data = bytes(data)
    assert by_zipdir(data) == by_zipfile(data)


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_members_compressed_another_way_are_scanned_through_zipfile(method):
    """bzip2 and LZMA members are unzipped by zipfile, the entry at the same place in the
    directory: of two members of one name, the second one's DOCTYPE is found."""
    clean = build([("a.xml", b"<a/>", method), ("a.xml", b"<b/>", method)])
    guard._Package(clean)
    unsafe = build([("a.xml", b"<a/>", method), ("a.xml", b"<!DOCTYPE a><a/>", method)])
    with pytest.raises(guard.UnsafeXml):
        guard._Package(unsafe)
