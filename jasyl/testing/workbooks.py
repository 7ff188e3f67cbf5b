"""Roadmap workbooks for tests: the bundled plan's workbook opened, edited and saved back."""

import io

from openpyxl import load_workbook

from jasyl.domain.roadmap.dataset import load_plan, programme_folder
from jasyl.domain.roadmap.workbook import workbook_bytes


def bundled():
    return load_plan(programme_folder("green-almaty"))


def as_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def opened(language="en"):
    return load_workbook(io.BytesIO(workbook_bytes(bundled(), language)))


def row_of(sheet, code):
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == code)


def edited():
    """The Russian workbook with item 1.4's 2023 money (112 -> 120) and its name changed."""
    book = opened("ru")
    sheet = book.worksheets[0]
    row = row_of(sheet, "1.4")
    sheet.cell(row, 8).value = 120  # 2023: 112 -> 120
    sheet.cell(row, 2).value = "Установка электрозарядных станций (уточнено)"
    return as_bytes(book)
