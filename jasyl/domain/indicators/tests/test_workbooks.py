"""Indicator values from an Excel workbook: the template downloaded from the import page, filled
in and uploaded back; typed dates and numbers; bad rows named by sheet and row; a file that is
not a workbook."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jasyl.domain.indicators.models import Observation
from jasyl.domain.indicators.services import IndicatorError, import_observations, sync_indicators
from jasyl.domain.people.access import access_for

BASE = "/en/programmes/green-almaty/indicators/"


@pytest.fixture
def registry(roadmap):
    sync_indicators(roadmap)
    return roadmap


def signed_in(team, role: str) -> Client:
    client = Client()
    client.force_login(team[role])
    return client


def filled(template: bytes, rows: list[list[object]]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def test_the_template_lists_the_indicators_and_offers_them_in_a_drop_down(registry, team):
    response = signed_in(team, "editor").get(BASE + "import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('green-almaty-indicator-values.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    values, listed = workbook.worksheets
    assert [c.value for c in values[1]] == [
        "indicator",
        "date",
        "value",
        "source",
        "district",
        "evidence_url",
    ]
    codes = [row[0] for row in listed.iter_rows(min_row=2, values_only=True)]
    assert len(codes) == 38 and codes[0] == "1:air_emissions"
    (choice,) = values.data_validations.dataValidation
    assert choice.type == "list" and "$A$2:$A$39" in choice.formula1
    assert "A2:A1001" in str(choice.sqref)


def test_a_filled_template_is_imported(registry, team):
    editor = signed_in(team, "editor")
    template = editor.get(BASE + "import/template.xlsx").content
    content = filled(
        template,
        [
            # A date typed as a date, a whole number typed as a number.
            ["2.2:trees_shrubs_planted", datetime.date(2022, 12, 31), 240000, "Annual report"],
            # A date typed as text, a number with a decimal part.
            ["2.2:flower_beds_area", "2023-12-31", 185000.5, "Annual report"],
            [None, None, None, None],
        ],
    )
    response = editor.post(BASE + "import/", {"file": SimpleUploadedFile("v.xlsx", content)})
    assert response.status_code == 302
    values = {
        (o.indicator.code, o.observed_on.isoformat(), o.value)
        for o in Observation.objects.select_related("indicator")
    }
    assert values == {
        ("2.2:trees_shrubs_planted", "2022-12-31", 240000),
        ("2.2:flower_beds_area", "2023-12-31", Decimal("185000.5")),
    }


def test_bad_rows_are_named_by_sheet_and_row_and_nothing_is_written(registry, team):
    editor = signed_in(team, "editor")
    template = editor.get(BASE + "import/template.xlsx").content
    content = filled(
        template,
        [
            ["2.2:trees_shrubs_planted", datetime.date(2022, 12, 31), 240000, "report"],
            ["2.2:trees_shrubs_planted", datetime.date(2023, 12, 31), "many", "report"],
            ["2.2:nonsense", datetime.date(2023, 12, 31), 5, "report"],
        ],
    )
    response = editor.post(BASE + "import/", {"file": SimpleUploadedFile("v.xlsx", content)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "sheet “Values”, row 3, column value: value “many” is not a number." in page
    assert "sheet “Values”, row 4, column indicator: unknown indicator “2.2:nonsense”." in page
    assert not Observation.objects.exists()


def test_a_workbook_without_the_columns_or_a_broken_file_is_refused(registry, team):
    user = team["editor"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "value"])
    sheet.append(["2.2:trees_shrubs_planted", 1])
    stream = io.BytesIO()
    workbook.save(stream)

    def load(content: bytes):
        return import_observations(
            actor=user,
            access=access_for(user, team.programme),
            programme=team.programme,
            content=content,
        )

    with pytest.raises(IndicatorError, match="Missing column\\(s\\): date, source"):
        load(stream.getvalue())
    with pytest.raises(IndicatorError, match="not a readable Excel workbook"):
        load(b"PK\x03\x04 this is no zip")
    with pytest.raises(IndicatorError, match="neither UTF-8 text nor an Excel workbook"):
        load(b"\xff\xfe\x00garbage")
    assert not Observation.objects.exists()


def test_only_those_who_import_may_download_the_template(registry, team):
    assert signed_in(team, "auditor").get(BASE + "import/template.xlsx").status_code == 403
    assert Client().get(BASE + "import/template.xlsx").status_code == 302
