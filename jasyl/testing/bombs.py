"""Hostile workbooks for tests, made on the spot: a gigabyte zip bomb of about 1 MB, a densely
packed part, a part longer than its directory says, thousands of parts, an XML entity bomb.
Each is a real .xlsx apart from its trick, so only Jasyl's checks stand between it and openpyxl."""

from __future__ import annotations

import functools
import io
import zipfile

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c></row>'
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
)
_TAIL = b"</t></is></c></row></sheetData></worksheet>"


def workbook_bytes(rows: list[list[object]]) -> bytes:
    """A plain .xlsx whose first sheet holds `rows`."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _with_sheet(write_sheet: object) -> bytes:
    """A real workbook's parts, its first sheet written by `write_sheet(archive)`."""
    original = zipfile.ZipFile(io.BytesIO(workbook_bytes([["indicator"]])))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            if info.filename != SHEET:
                archive.writestr(info.filename, original.read(info))
        write_sheet(archive)  # type: ignore[operator]
    return stream.getvalue()


def _streamed(archive: zipfile.ZipFile, size: int) -> None:
    info = zipfile.ZipInfo(SHEET)
    info.compress_type = zipfile.ZIP_DEFLATED
    zeros = b"0" * (1 << 20)
    with archive.open(info, "w", force_zip64=True) as part:
        part.write(_HEAD)
        left = size - len(_HEAD) - len(_TAIL)
        while left > 0:
            part.write(zeros[: min(left, len(zeros))])
            left -= len(zeros)
        part.write(_TAIL)


@functools.cache
def gigabyte_bomb() -> bytes:
    """About 1 MB that unpacks to a 1 GiB sheet (one cell of zeros); made once per test run."""
    return _with_sheet(lambda archive: _streamed(archive, 1 << 30))


def dense_part(size: int) -> bytes:
    """A sheet of `size` bytes, mostly zeros: packed about 1000 times."""
    return _with_sheet(lambda archive: _streamed(archive, size))


def longer_than_declared() -> bytes:
    """A sheet of 5 MB whose directory entry says it is 1000 bytes."""

    def write(archive: zipfile.ZipFile) -> None:
        _streamed(archive, 5_000_000)
        archive.getinfo(SHEET).file_size = 1000

    return _with_sheet(write)


def many_parts(count: int) -> bytes:
    def write(archive: zipfile.ZipFile) -> None:
        archive.writestr(SHEET, _HEAD + b"x" + _TAIL)
        for number in range(count):
            archive.writestr(f"xl/media/part{number}.bin", b"")

    return _with_sheet(write)


def entity_bomb(levels: int = 5) -> bytes:
    """A sheet whose cell is an entity expanding to 10^`levels` characters ("billion laughs",
    kept small enough that the XML parser's own amplification limit would not stop it)."""
    entities = [b'<!ENTITY e0 "aaaaaaaaaa">']
    for level in range(1, levels):
        entities.append(f'<!ENTITY e{level} "{f"&e{level - 1};" * 10}">'.encode())
    doctype = b"<!DOCTYPE worksheet [" + b"".join(entities) + b"]>"
    head = _HEAD.replace(b"?>\n", b"?>\n" + doctype + b"\n", 1)
    body = head + f"&e{levels - 1};".encode() + _TAIL
    return _with_sheet(lambda archive: archive.writestr(SHEET, body))
