"""Spreadsheet-safe output: text a spreadsheet would run as a formula stays text, and Jasyl reads
back exactly what it wrote."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from jasyl.core.spreadsheets import (
    csv_cell,
    csv_document,
    csv_text,
    from_csv_text,
    put,
    write_only_row,
)
from jasyl.core.uploads import read_rows

ATTACK = '=HYPERLINK("http://evil.example","x")'
TRICKY = [
    ATTACK,
    "=1+1",
    "+7 727 000 00 00",
    "-",
    "- a list item",
    "@SUM(A1:A2)",
    "\tindented",
    "\rreturn",
    "'=already quoted",
    "''=twice",
    "'plain quote",
    "'",
    "plain text",
    "",
    "a = b",
]


@pytest.mark.parametrize("text", TRICKY)
def test_a_csv_cell_reads_back_as_the_text_that_was_written(text):
    assert from_csv_text(csv_text(text)) == text


@pytest.mark.parametrize("text", [ATTACK, "=1+1", "+1", "-1", "@a", "\tx", "\rx"])
def test_a_formula_like_text_starts_with_a_quote_in_the_csv(text):
    assert csv_text(text) == "'" + text


def test_numbers_stay_numbers_in_a_csv():
    assert csv_cell(Decimal("-5.50")) == "-5.5"
    assert csv_cell(-3) == "-3"
    assert csv_cell(Decimal("1003.000")) == "1003"
    assert csv_cell("-5") == "'-5", "a text that looks negative is text"
    assert csv_cell(None) == "" and csv_cell(True) == "true"


def test_a_whole_csv_is_safe_and_jasyls_reader_gets_the_original_back():
    document = csv_document(["name", "amount"], [[ATTACK, Decimal("-12.5")], ["=1+1", 3]])
    parsed = list(csv.reader(io.StringIO(document)))
    assert parsed[1] == ["'" + ATTACK, "-12.5"]
    header, rows = read_rows(document.encode())
    assert header == ["name", "amount"]
    assert [row for _place, _number, row in rows] == [
        {"name": ATTACK, "amount": "-12.5"},
        {"name": "=1+1", "amount": "3"},
    ]


def _saved(workbook: openpyxl.Workbook) -> bytes:
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def test_an_xlsx_text_that_looks_like_a_formula_is_a_quoted_text_cell():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    put(sheet, 1, 1, ATTACK)
    put(sheet, 1, 2, Decimal("-5"))
    put(sheet, 1, 3, "plain")
    content = _saved(workbook)
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml, "no formula in the file"
    cells = openpyxl.load_workbook(io.BytesIO(content)).active[1]
    assert (cells[0].value, cells[0].data_type, cells[0].quotePrefix) == (ATTACK, "s", True)
    assert (cells[1].value, cells[1].data_type) == (-5, "n"), "a negative figure is a number"
    assert cells[2].quotePrefix is False


def test_a_write_only_sheet_keeps_formula_like_text_as_text():
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Values")
    sheet.append(write_only_row(sheet, ["=1+1", -3, "@a"]))
    cells = openpyxl.load_workbook(io.BytesIO(_saved(workbook))).active[1]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        ("=1+1", "s", True),
        (-3, "n", False),
        ("@a", "s", True),
    ]
