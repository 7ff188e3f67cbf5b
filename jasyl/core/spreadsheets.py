"""Spreadsheet-safe output: text that a spreadsheet would take for a formula stays text.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets when the file is opened ("CSV Injection", OWASP:
https://owasp.org/www-community/attacks/CSV_Injection). Every CSV and XLSX file Jasyl writes
goes through this module:

- CSV: such a text gets a single quote in front (`'=1+1`), which spreadsheets read as "this is
  text"; `from_csv_text` takes it off again, so Jasyl's own importers read back the text exactly.
  A text that itself starts with quotes before such a character gets one more quote, so the
  rule can be undone without ambiguity.
- XLSX: such a text is written as a string cell with Excel's quote prefix (the cell style's
  `quotePrefix`), which Excel shows and keeps as text even when the cell is edited; the value
  itself is unchanged, so nothing needs undoing on reading.

Numbers stay numbers: only text is ever touched (a negative amount is written as -5, not '-5).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

from jasyl.core.numbers import plain

# OWASP, CSV Injection: the characters that make a cell a formula.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet run this text as a formula?"""
    return text.startswith(TRIGGERS)


def _needs_quote(text: str) -> bool:
    # Quotes already in front count too, so that `from_csv_text` can always undo `csv_text`.
    return is_formula_like(text.lstrip(QUOTE))


def csv_text(text: str) -> str:
    """A text as a CSV cell: quoted in front when a spreadsheet would run it."""
    return QUOTE + text if _needs_quote(text) else text


def from_csv_text(text: str) -> str:
    """A CSV cell back to the text `csv_text` was given."""
    if text.startswith(QUOTE) and _needs_quote(text[1:]):
        return text[1:]
    return text


def csv_cell(value: object) -> str:
    """A value as a CSV cell: numbers and dates as themselves, text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{plain(value):f}"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return csv_text(str(value))


def csv_document(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """A whole CSV file (RFC 4180 quoting, "\\n" line ends) with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def protect(cell: Any) -> Any:
    """Keep an openpyxl cell's formula-like text a text: a string cell with the quote prefix.
    Returns the cell; a number, a date or a plain text is left as it is."""
    value = cell.value
    if isinstance(value, str) and is_formula_like(value):
        # openpyxl makes any text starting with "=" a formula; this is data, not a formula.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def put(sheet: Any, row: int, column: int, value: object = None) -> Cell:
    """`sheet.cell(row, column, value)` with the value's text kept a text."""
    cell = sheet.cell(row, column)
    cell.value = value
    return protect(cell)  # type: ignore[no-any-return]


def write_only_row(sheet: Any, values: Iterable[Any], **style: Any) -> list[Any]:
    """The cells of one row of a write-only sheet, texts kept texts, each with `style` (for
    example `font=Font(bold=True)`); append the list to the sheet."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        cells.append(protect(cell))
    return cells
