"""Uploaded files within limits: zip bombs refused from their directory, XML entity bombs
refused by defusedxml, files longer than the row cap refused, error lists capped."""

from __future__ import annotations

import time

import openpyxl
import pytest
from django.utils import translation

from jasyl.core.uploads import Problems, UnreadableFile, open_workbook, read_rows
from jasyl.testing.bombs import (
    dense_part,
    entity_bomb,
    gigabyte_bomb,
    longer_than_declared,
    many_parts,
    workbook_bytes,
)


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_gigabyte_zip_bomb_is_refused_from_its_directory_in_no_time():
    bomb = gigabyte_bomb()
    assert len(bomb) < 1_500_000
    started = time.monotonic()
    with (
        translation.override("en"),
        pytest.raises(UnreadableFile, match=r"unpacks to 1,073\.8 MB; the limit is 100 MB"),
    ):
        read_rows(bomb)
    assert time.monotonic() - started < 0.5


def test_a_densely_packed_part_is_refused_even_under_the_size_limit(settings):
    with translation.override("en"), pytest.raises(UnreadableFile, match="is packed 1,0"):
        open_workbook(dense_part(50_000_000))


def test_a_workbook_of_absurdly_many_parts_is_refused():
    with (
        translation.override("en"),
        pytest.raises(UnreadableFile, match="2,009 parts; a workbook has at most 1,000"),
    ):
        open_workbook(many_parts(2000))


def test_a_part_longer_than_its_directory_says_is_cut_off_and_refused():
    # zipfile unpacks no more than the directory declares and then checks the CRC.
    started = time.monotonic()
    with translation.override("en"), pytest.raises(UnreadableFile, match="not a readable Excel"):
        read_rows(longer_than_declared())
    assert time.monotonic() - started < 2


def test_an_xml_entity_bomb_inside_a_workbook_is_refused():
    with translation.override("en"), pytest.raises(UnreadableFile, match="not a readable Excel"):
        read_rows(entity_bomb())


def test_a_plain_workbook_still_reads():
    header, rows = read_rows(workbook_bytes([["indicator", "value"], ["a", 1], ["b", 2.5]]))
    assert header == ["indicator", "value"]
    assert [row for _place, _number, row in rows] == [
        {"indicator": "a", "value": "1"},
        {"indicator": "b", "value": "2.5"},
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_over_the_row_cap_is_refused_naming_the_limit(settings, kind):
    settings.JASYL_IMPORT_MAX_ROWS = 1000
    lines = [["indicator", "value"], *([f"row {n}", n] for n in range(1001))]
    content = (
        "\n".join(f"{a},{b}" for a, b in lines).encode() if kind == "csv" else workbook_bytes(lines)
    )
    with translation.override("en"), pytest.raises(UnreadableFile) as refused:
        read_rows(content)
    assert "more than 1,000 rows" in str(refused.value)
    lines.pop()
    content = workbook_bytes(lines) if kind == "xlsx" else content.rsplit(b"\n", 1)[0]
    assert len(read_rows(content)[1]) == 1000, "the cap itself is allowed"


def test_a_long_error_list_shows_the_cap_and_says_how_many_more(settings):
    settings.JASYL_IMPORT_MAX_ERRORS = 100
    problems = Problems()
    for number in range(4412):
        problems.append(f"row {number}: wrong")
    assert len(problems) == 4412
    with translation.override("en"):
        lines = problems.lines()
    assert len(lines) == 101 and lines[-1] == "and 4,312 more"
    with translation.override("kk"):
        assert "4\xa0312" in problems.lines()[-1]


def test_a_csv_that_is_not_utf8_is_refused():
    with pytest.raises(UnreadableFile):
        read_rows(b"\xff\xfe\x00bad")
