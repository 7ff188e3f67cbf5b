"""The programme office's upload of the cameras' daily counts: linked from the zone's page for
the office only, checked whole (dry run first), refused with each bad row named, a plate column
refused, and the workbook to fill in with the zones to choose from; and its upload of the zones'
areas from a spatial file."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jasyl.domain.lez import sample
from jasyl.domain.lez.models import DailyDetection, Zone
from jasyl.testing.greenfund import feature

pytestmark = pytest.mark.django_db

BASE = "/en/programmes/green-almaty/low-emission-zones/"
IMPORT = BASE + "import/detections/"
HEADER = "zone,camera,day,vehicle_class,detected,compliant,non_compliant,exempt,violations"


@pytest.fixture
def zone(team):
    sample.generate()
    return sample.CODE


def upload(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("counts.csv", "\n".join(lines).encode())


@pytest.mark.parametrize(
    ("page", "url"),
    [
        # The counts' upload from the zone's page, the areas' from the zones' page.
        (BASE + "{zone}/?data=sample", BASE + "import/detections/"),
        (BASE, BASE + "import/zones/"),
    ],
)
def test_the_pages_link_the_uploads_for_the_programme_office_only(client, zone, team, page, url):
    page = page.format(zone=zone)
    assert url not in client.get(page).content.decode()
    client.force_login(team["editor"])
    assert url not in client.get(page).content.decode()
    assert client.get(url).status_code == 403
    client.force_login(team["reviewer"])
    assert url in client.get(page).content.decode()
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in


def test_a_dry_run_writes_nothing_then_the_import_writes_every_row(client, zone, team):
    client.force_login(team["reviewer"])
    rows = [f"{zone},CAM-9,2026-02-01,,100,80,15,5,10", f"{zone},CAM-9,2026-02-01,M1,90,75,10,5,8"]

    checked = client.post(IMPORT, {"file": upload(HEADER, *rows), "dry_run": "1"})

    assert "Importing the file would give: 2 created" in checked.content.decode()
    assert not DailyDetection.objects.filter(camera="CAM-9").exists()
    done = client.post(IMPORT, {"file": upload(HEADER, *rows)}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("lez:zones", args=["green-almaty"])
    assert "Imported: 2 created, 0 updated, 0 unchanged." in done.content.decode()
    assert DailyDetection.objects.filter(camera="CAM-9").count() == 2


def test_bad_rows_and_a_plate_column_are_refused_with_nothing_written(client, zone, team):
    client.force_login(team["reviewer"])
    bad = client.post(
        IMPORT,
        {
            "file": upload(
                HEADER, f"{zone},CAM-9,2026-02-01,,10,8,2,1,0", "x,CAM-9,2026-02-02,,1,1,0,0,0"
            )
        },
    )
    page = bad.content.decode()
    assert bad.status_code == 400 and "Nothing was imported" in page
    assert "row 2, column detected" in page and "row 3, column zone" in page
    plate = client.post(
        IMPORT, {"file": upload(HEADER + ",VRN", f"{zone},CAM-9,2026-02-01,,10,8,2,0,0,A1")}
    )
    assert plate.status_code == 400 and "“VRN”" in plate.content.decode()
    assert not DailyDetection.objects.filter(camera="CAM-9").exists()


def test_the_workbook_has_the_import_s_columns_and_the_real_zones(client, zone, team):
    from django.contrib.gis.geos import Polygon

    from jasyl.domain.lez.services import save_zone

    save_zone(
        code="centre",
        name={"kk": "Орталық"},
        geometry=Polygon.from_bbox((76, 43, 77, 44)),
        phases=[],
    )
    client.force_login(team["reviewer"])
    response = client.get(IMPORT + "template.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    counts, zones = workbook.worksheets
    assert [c.value for c in counts[1]] == HEADER.split(",")
    assert [row[0] for row in zones.iter_rows(min_row=2, values_only=True)] == ["centre"]
    formulas = {v.formula1 for v in counts.data_validations.dataValidation}
    assert f"'{zones.title}'!$A$2:$A$2" in formulas
    assert '"M1,M2,M3,N1,N2,N3,L"' in formulas


ZONES_IMPORT = BASE + "import/zones/"


def zones_upload(*features: dict) -> SimpleUploadedFile:
    collection = {"type": "FeatureCollection", "features": list(features)}
    return SimpleUploadedFile("zones.geojson", json.dumps(collection).encode())


def area(code: str, **names: str) -> dict:
    ring = [[76.92, 43.24], [76.94, 43.24], [76.94, 43.26], [76.92, 43.26], [76.92, 43.24]]
    return feature({"type": "Polygon", "coordinates": [ring]}, code=code, **names)


def test_the_office_uploads_the_zones_areas_from_a_spatial_file(client, team):
    client.force_login(team["reviewer"])
    form = client.get(ZONES_IMPORT).content.decode()
    assert 'accept=".geojson,.json,.gpkg,.zip,.shp"' in form
    assert "Download a workbook" not in form

    bad = client.post(
        ZONES_IMPORT,
        {"file": zones_upload(area("centre", name_kk="Орталық"), area("no such code!"))},
    )

    page = bad.content.decode()
    assert bad.status_code == 400 and "Nothing was imported" in page
    assert "feature 2, column code" in page and "feature 2, column name_kk" not in page
    assert not Zone.objects.filter(code="centre").exists()
    done = client.post(
        ZONES_IMPORT,
        {"file": zones_upload(area("centre", name_kk="Орталық", name_en="Centre"))},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("lez:zones", args=["green-almaty"])
    assert "Imported: 1 created, 0 updated, 0 unchanged." in done.content.decode()
    assert Zone.objects.get(code="centre").name_en == "Centre"
