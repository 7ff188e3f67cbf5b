"""The activity page shows each planned output a registry counts as planned / reported by the
agency / in the registry, and the audit page flags a report claiming more than the registry."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from jasyl.domain.charging.models import ChargingLocation, Evse
from jasyl.domain.reporting.models import ReportQuantity
from jasyl.domain.roadmap.models import Measure
from jasyl.testing.greenfund import IN_WEST, districts, english, point  # noqa: F401 (fixtures)
from jasyl.testing.reports import approved_reports

pytestmark = pytest.mark.django_db


def test_activity_page_and_audit_show_the_registry_beside_the_report(
    client,
    roadmap,
    districts,  # noqa: F811 (a fixture)
):
    location = ChargingLocation.objects.create(
        code="EV-1",
        name_en="Abai 10",
        geometry=point(IN_WEST),
        activity=roadmap.activities.get(code="1.4"),
        status="in_service",
        in_service_on=datetime.date(2024, 5, 2),
    )
    Evse.objects.create(location=location, uid="1")
    (report,) = approved_reports(roadmap, ["1.4"], year=2024)
    ReportQuantity.objects.create(
        report=report,
        kind="output",
        measure=Measure.objects.get(programme=roadmap, code="ev_charging_stations"),
        value=Decimal(35),
    )
    page = client.get("/en" + reverse("roadmap:activity", args=[roadmap.code, "1.4"])[3:])
    text = page.content.decode()
    assert "Planned, reported and registered" in text
    row = text.split('<th scope="row">2024</th>')[2]
    assert ">35<" in row.split("</tr>")[0] and ">1 <" in row.split("</tr>")[0]
    assert "fewer than reported" in text
    audit = client.get("/en" + reverse("roadmap:audit", args=[roadmap.code])[3:]).content.decode()
    assert "A report claiming more than the registry holds" in audit
    assert "the registry holds 1 for that period" in audit
