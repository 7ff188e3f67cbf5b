"""The published CSV files against formula-like text: the open data package and the data
tables quote such a cell in front, keep numbers (negative ones too) as numbers, and Jasyl's own
reader gets the original text back."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from jasyl.core.uploads import read_rows
from jasyl.domain.reporting.models import ProgressReport
from jasyl.domain.roadmap.revisions import published_data_changed
from jasyl.testing.reports import approved_reports
from jasyl.web.common.tables import Table

ATTACK = '=HYPERLINK("http://evil.example","x")'


def test_the_open_data_reports_carry_a_quoted_narrative_that_reads_back_exactly(client, roadmap):
    approved_reports(roadmap, ["2.2"], year=2023)
    ProgressReport.objects.update(narrative=ATTACK)
    published_data_changed(roadmap.pk)
    response = client.get("/opendata/green-almaty/datapackage.zip")
    content = zipfile.ZipFile(io.BytesIO(response.content)).read("reports.csv")
    assert b"'=HYPERLINK" in content
    _header, rows = read_rows(content)
    assert [row["narrative"] for _place, _number, row in rows] == [ATTACK]
    served = client.get("/opendata/green-almaty/reports.csv").content
    assert served == content


def test_a_data_table_quotes_formula_like_text_and_keeps_negative_figures_numbers():
    table = Table(
        slug="variance",
        title="Variance",
        columns=["Activity", "Variance"],
        rows=[[ATTACK, Decimal("-12.50")], ["@agency", -3], ["plain", None]],
        numeric=frozenset({1}),
    )
    assert table.as_csv().splitlines() == [
        "Activity,Variance",
        '"\'=HYPERLINK(""http://evil.example"",""x"")",-12.5',
        "'@agency,-3",
        "plain,",
    ]
    _header, rows = read_rows(table.as_csv().encode())
    assert [row["Activity"] for _place, _number, row in rows] == [ATTACK, "@agency", "plain"]
