"""Rows of an uploaded table: a CSV file in UTF-8 or the first sheet of an Excel workbook, told
apart by the file's first bytes. The first row names the columns; a blank row is skipped; each
row comes with its place for messages ("row 3", "sheet “Values”, row 3") and its number."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable

import openpyxl
from django.utils.translation import gettext as _

XLSX_SIGNATURE = b"PK\x03\x04"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Row = tuple[str, int, dict[str, str]]
"""(the row's place for messages, its number in the file, its cells by column)"""


class UnreadableFile(Exception):
    """Neither UTF-8 text nor a readable Excel workbook; the message says which."""


def plain_cell(value: object) -> str:
    """A cell as the text a person would have typed: a whole number without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(
    content: bytes, cell_text: Callable[[object], str] = plain_cell
) -> tuple[list[str], list[Row]]:
    """The column names and the rows of a CSV or an .xlsx; `cell_text` turns a workbook's typed
    cell (a date, a number) into text."""
    if content.startswith(XLSX_SIGNATURE):
        return _workbook_rows(content, cell_text)
    return _csv_rows(content)


def _csv_rows(content: bytes) -> tuple[list[str], list[Row]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("The file is neither UTF-8 text nor an Excel workbook.")) from None
    reader = csv.DictReader(io.StringIO(text))
    rows = [
        (
            _("row %(number)s") % {"number": number},
            number,
            {k.strip(): (v or "").strip() for k, v in row.items() if k},
        )
        for number, row in enumerate(reader, start=2)
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]
    return [name.strip() for name in reader.fieldnames or []], rows


def _workbook_rows(
    content: bytes, cell_text: Callable[[object], str]
) -> tuple[list[str], list[Row]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UnreadableFile(_("The file is not a readable Excel workbook (.xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [cell_text(v) for v in next(lines, ())]
        rows = []
        for number, line in enumerate(lines, start=2):
            cells = [cell_text(v) for v in line]
            if not any(cells):
                continue
            place = _("sheet “%(sheet)s”, row %(number)s") % {
                "sheet": sheet.title,
                "number": number,
            }
            rows.append((place, number, {k: v for k, v in zip(header, cells, strict=False) if k}))
        return header, rows
    finally:
        workbook.close()
