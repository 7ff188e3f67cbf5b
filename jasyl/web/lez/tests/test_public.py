"""The zones' public pages on the sample zone: shown only with `?data=sample`, the checker's
answer (and no plate field), the zone's rules and counts, and both GeoJSON files."""

from __future__ import annotations

import json

import pytest

from jasyl.domain.lez import sample

pytestmark = pytest.mark.django_db

BASE = "/en/programmes/green-almaty/low-emission-zones/"


@pytest.fixture
def zone(roadmap):
    sample.generate()
    return sample.CODE


def test_the_sample_zone_is_shown_only_when_asked_for(client, zone, django_assert_max_num_queries):
    assert client.get(f"{BASE}{zone}/").status_code == 404
    client.get(BASE + "?data=sample")
    # The programme, its plan, the sample flag, the zones, their phases and their rules.
    with django_assert_max_num_queries(8):
        listing = client.get(BASE + "?data=sample").content.decode()
    assert "Sample zone" in listing and "not official" in listing
    page = client.get(f"{BASE}{zone}/?data=sample").content.decode()
    assert "S2-DIESEL" in page and "no legal act" in page
    assert "SAMPLE-CAM-1" in page and "Caveats" in page


def test_the_checker_answers_without_asking_for_a_plate(client, zone):
    empty = client.get(f"{BASE}{zone}/check/?data=sample").content.decode()
    assert "plate" not in empty.replace("No plate number is asked", "")
    query = "category=M1&fuel=diesel&euro=4&day=2027-01-11&time=09:00&data=sample"
    answer = client.get(f"{BASE}{zone}/check/?{query}").content.decode()
    assert 'data-decision="banned"' in answer and "Rule S2-DIESEL decides" in answer
    resident = client.get(
        f"{BASE}{zone}/check/?category=M1&fuel=petrol&euro=3&exemption=resident"
        "&day=2027-01-11&time=09:00&data=sample"
    ).content.decode()
    assert 'data-decision="allowed"' in resident and "exempt from rule S2-PETROL" in resident


def test_the_rules_are_published_as_jasyl_s_geojson_and_schema_zfe_s(client, zone):
    own = json.loads(client.get(BASE + "data/zones.geojson?data=sample").content)
    phases = [f["properties"] for f in own["features"]]
    assert [p["starts_on"] for p in phases] == ["2025-07-01", "2027-01-01"]
    assert phases[1]["rules"][0]["legal_act"] == sample.LEGAL_ACT
    assert own["features"][0]["geometry"]["type"] == "MultiPolygon"
    aires = json.loads(client.get(BASE + "data/aires.geojson?data=sample").content)
    first = aires["features"][1]["properties"]
    assert (first["id"], first["date_debut"]) == (f"{zone}-2027-01-01", "2027-01-01")
    # A diesel-only ban is no Crit'Air threshold: it is left out, not made up.
    assert first["vp_critair"] is None and first["url_arrete"] is None
    assert not json.loads(client.get(BASE + "data/zones.geojson").content)["features"]


def test_the_zone_page_charts_the_compliance_rate_and_places_the_cameras(client, zone):
    page = client.get(f"{BASE}{zone}/?data=sample").content.decode()
    # 60 days of counts around phase 1's start, one line of consecutive days, the start marked.
    chart = page[page.index('<svg class="lines rates"') : page.index("</svg>", page.index("rates"))]
    assert chart.count("<polyline") == 1
    assert chart.count('<line class="phase-start"') == 1 and "Phase 1 (sample)" in chart
    assert 'id="camera-chart-title"' in page and 'id="class-chart-title"' in page
    assert "SAMPLE-CAM-1 (43.24500, 76.91500)" in page
    # The sample zone is not on the public map: no link to it.
    assert 'href="/en/map/"' not in page.split("<main", 1)[1]
    cameras = json.loads(client.get(BASE + "data/cameras.geojson?data=sample").content)
    assert [f["properties"]["camera"] for f in cameras["features"]] == list(sample.CAMERAS)
    assert cameras["features"][0]["geometry"] == {"type": "Point", "coordinates": [76.915, 43.245]}
    assert not json.loads(client.get(BASE + "data/cameras.geojson").content)["features"]


def test_a_real_zone_and_its_cameras_are_layers_of_the_portal_map(client, roadmap):
    from django.contrib.gis.geos import Point, Polygon

    from jasyl.domain.lez.services import place_cameras, save_zone

    real = save_zone(
        code="centre",
        name={"kk": "Орталық", "en": "Centre"},
        geometry=Polygon.from_bbox((76.90, 43.23, 76.97, 43.27)),
        phases=[],
    )
    place_cameras(places={(real, "CAM-1"): Point(76.93, 43.25, srid=4326)})
    sample.generate()
    page = client.get("/en/map/").content.decode()
    assert '<a href="/en/programmes/green-almaty/low-emission-zones/centre/">Centre</a>' in page
    assert "CAM-1" in page and "SAMPLE-CAM-1" not in page and "Sample zone" not in page
    assert 'href="/en/map/"' in client.get(f"{BASE}centre/").content.decode().split("<main", 1)[1]
    # The tile of zoom 12 around the centre holds the zone and the camera.
    assert client.get("/tiles/low-emission-zones/12/2923/1501.pbf").status_code == 200
    assert client.get("/tiles/lez-cameras/12/2923/1501.pbf").status_code == 200
