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
from jasyl.testing.reports import approved_reports, cite_rows

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
    # The page's CSV and the API give the same finding.
    csv = client.get("/en" + reverse("portal:csv", args=[roadmap.code, "audit-findings"])[3:])
    assert "registry.report_exceeds" in csv.content.decode()
    assert "the registry holds 1 for that period" in csv.content.decode()
    found = client.get(f"/api/v1/programmes/{roadmap.code}/audit/?severity=warning&limit=500")
    (exceeds,) = [f for f in found.json()["results"] if f["rule"] == "registry.report_exceeds"]
    assert (exceeds["activities"], exceeds["period"], exceeds["published"]) == (["1.4"], "2024", 35)
    assert exceeds["computed"] == 1


def test_activity_page_counts_the_rows_the_approved_reports_cite_and_the_audit_compares(
    client,
    roadmap,
    django_user_model,
    districts,  # noqa: F811 (a fixture)
):
    activity = roadmap.activities.get(code="1.4")
    locations = []
    for n in range(2):
        location = ChargingLocation.objects.create(
            code=f"EV-{n}",
            name_en=f"Abai {n}",
            geometry=point(IN_WEST),
            activity=activity,
            status="in_service",
            in_service_on=datetime.date(2024, 5, 2),
        )
        Evse.objects.create(location=location, uid="1")
        locations.append(location)
    Evse.objects.create(location=locations[0], uid="2")
    (report,) = approved_reports(roadmap, ["1.4"], year=2024)
    ReportQuantity.objects.create(
        report=report,
        kind="output",
        measure=Measure.objects.get(programme=roadmap, code="ev_charging_stations"),
        value=Decimal(5),
    )
    # The report cites the first location: its two charging points are what 1.4 counts.
    cite_rows(report, "ev-chargers", locations[:1], django_user_model.objects.create(username="e"))
    page = client.get("/en" + reverse("roadmap:activity", args=[roadmap.code, "1.4"])[3:])
    text = page.content.decode()
    assert "Cited in the reports" in text
    cells = text.split('<th scope="row">2024</th>')[2].split("</tr>")[0].split('<td class="num">')
    # planned 35, reported 5, in the registry 3 charging points, cited 2 of them
    assert [cell.split("<")[0].strip() for cell in cells[1:]] == ["35", "5", "3", "2"]
    audit = client.get("/en" + reverse("roadmap:audit", args=[roadmap.code])[3:]).content.decode()
    assert "A report claiming more than the registry rows it cites" in audit
    assert "the report for 2024 claims 5 " in audit
    assert "and cites 2 in the registry" in audit
