"""Item 8's activity page shows the kilometres of river channel as planned, reported by the
agency and in the registry; the audit flags a report claiming more kilometres than the works
log holds."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from jasyl.domain.reporting.models import ReportQuantity
from jasyl.domain.roadmap.models import Measure
from jasyl.testing.reports import approved_reports
from jasyl.web.water.tests.conftest import water_object, work

pytestmark = pytest.mark.django_db


def test_item_8_shows_the_kilometres_beside_the_report_and_the_audit_flags_more(
    client, roadmap, districts
):
    item8 = roadmap.activities.get(code="8")
    river = water_object("R-1", "river")
    work(river, "reconstruction", datetime.date(2024, 5, 1), km_done=Decimal("1.5"), activity=item8)
    (report,) = approved_reports(roadmap, ["8"], year=2024)
    ReportQuantity.objects.create(
        report=report,
        kind="output",
        measure=Measure.objects.get(programme=roadmap, code="river_channel_reconstructed"),
        value=Decimal(10),
    )
    page = client.get("/en" + reverse("roadmap:activity", args=[roadmap.code, "8"])[3:])
    text = page.content.decode()
    assert "km of river channel reconstructed" in text
    row = text.split('<th scope="row">2024</th>')[2].split("</tr>")[0]
    # Planned 10 km in 2024, reported 10, and 1.5 in the registry: fewer than reported.
    assert row.count('<td class="num">10</td>') == 2
    assert '<td class="num">1.5 <span' in row and "fewer than reported" in row
    audit = client.get("/en" + reverse("roadmap:audit", args=[roadmap.code])[3:]).content.decode()
    assert "the registry holds 1.5 for that period" in audit
