"""The roadmap's files against formula-like text: the workbook writes such text as text and
reads it back; the CSV export quotes it and keeps the amounts numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace

import pytest
from django.core.management import CommandError, call_command

from jasyl.core.uploads import read_rows
from jasyl.domain.roadmap.export import plan_as_csv
from jasyl.domain.roadmap.workbook import workbook_bytes
from jasyl.domain.roadmap.workbook_import import read_workbook
from jasyl.testing.workbooks import as_bytes, bundled, opened, row_of

ATTACK = '=HYPERLINK("http://evil.example","x")'


def hostile_plan():
    plan = bundled()
    first = plan.activities[0]
    plan.activities[0] = replace(
        first,
        name=replace(first.name, en=ATTACK),
        description=replace(first.description, en="-5 % on last year"),
    )
    return plan, first.code


def test_formula_like_plan_text_is_a_text_cell_and_reads_back_as_it_was():
    plan, code = hostile_plan()
    content = workbook_bytes(plan, "en")
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert not any(b"<f>" in archive.read(name) for name in archive.namelist() if "sheet" in name)
    activity = read_workbook(content).plan.activity(code)
    assert activity.name.en == ATTACK
    assert activity.description.en == "-5 % on last year"


def test_the_csv_export_quotes_formula_like_text_and_keeps_amounts_numbers():
    plan, code = hostile_plan()
    content = plan_as_csv(plan)
    rows = list(csv.DictReader(io.StringIO(content)))
    row = next(r for r in rows if r["code"] == code)
    assert row["name_en"] == "'" + ATTACK
    assert row["description"] == plan.activity(code).description.kk
    assert row["total"] and not row["total"].startswith("'")
    _header, read = read_rows(content.encode())
    assert next(r for _p, _n, r in read if r["code"] == code)["name_en"] == ATTACK


@pytest.mark.django_db
def test_the_import_command_names_the_first_problems_and_how_many_more(roadmap, tmp_path, settings):
    settings.JASYL_IMPORT_MAX_ERRORS = 2
    book = opened()
    sheet = book.worksheets[0]
    for code in ("1.1", "1.2", "1.3", "1.4"):
        sheet.cell(row_of(sheet, code), 8).value = "lots"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(as_bytes(book))
    with pytest.raises(CommandError) as refused:
        call_command("roadmap", "import", str(path), "--reason", "x", "--language", "en")
    lines = str(refused.value).splitlines()
    assert len(lines) == 3 and "“lots” is text" in lines[0]
    assert lines[-1] == "and 2 more"
