"""The portal's map page: the layers it hands to map.js, the same data as text for a browser
without script or WebGL, in the visitor's language."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from jasyl.core import tiles
from jasyl.domain.places.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def unit(code, box, **names):
    return AdministrativeUnit.objects.create(
        code=code,
        boundary=MultiPolygon(Polygon.from_bbox(box), srid=4326),
        source="synthetic.geojson",
        **names,
    )


@pytest.fixture
def districts(db):
    west = unit("west", (76.90, 43.24, 76.92, 43.26), name_kk="Батыс ауданы", name_en="West")
    east = unit("east", (76.92, 43.24, 76.94, 43.26), name_kk="Шығыс ауданы")
    unit("west-1", (76.90, 43.24, 76.91, 43.25), name_kk="Шағын", level="subdistrict", parent=west)
    return west, east


def config(response) -> dict:
    found = re.search(r'<script id="map-config" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)  # fmt: skip
    assert found, "the page hands its configuration to map.js"
    return json.loads(found.group(1))


def test_the_map_page_hands_the_districts_layer_to_the_map(client, districts):
    response = client.get("/en/map/")
    assert response.status_code == 200
    given = config(response)
    assert [layer["name"] for layer in given["layers"]] == [
        "districts",
        "parks",
        "wood-waste-sites",
        "trees",
        "low-emission-zones",
        "lez-cameras",
        "container-sites",
        "waste-sites",
        "waste-plants",
        "water-lines",
        "water-points",
        "water-areas",
        "ev-chargers",
        "air-purifiers",
    ]
    layer = given["layers"][0]
    assert layer == {
        "name": "districts",
        "title": "Districts",
        "kind": "polygon",
        "tiles": "/tiles/districts/{z}/{x}/{y}.pbf",
        "minzoom": 0,
        "maxzoom": 16,
        "aggregate": None,
        "fields": [
            ["code", "Code"],
            ["name_kk", "Name (Kazakh)"],
            ["name_ru", "Name (Russian)"],
            ["name_en", "Name (English)"],
        ],
        "heading": ["name_en", "name_kk"],
        "url": "",
    }
    # Almaty, and no basemap: nothing from outside the site.
    assert (given["center"], given["zoom"], given["style"]) == ([76.92, 43.25], 11, "")
    assert given["library"].endswith("maplibre-gl.mjs")
    assert given["worker"].endswith("maplibre-gl-worker.mjs")


def test_the_districts_are_listed_as_text_in_the_visitors_language(client, districts):
    english = client.get("/en/map/").content.decode()
    assert "<li>West</li>" in english
    assert "<li>Шығыс ауданы</li>" in english, "the published Kazakh name where none is given"
    assert "Шағын" not in english, "a smaller unit is not a district"
    assert "<noscript>" in english
    kazakh = client.get("/kk/map/").content.decode()
    assert "<li>Батыс ауданы</li>" in kazakh
    assert config(client.get("/kk/map/"))["layers"][0]["heading"] == ["name_kk"]


def test_the_map_loads_its_script_as_a_module_from_the_site(client, districts):
    page = client.get("/en/map/")
    text = page.content.decode()
    assert re.search(r'<script type="module" src="/static/jasyl/map\.js" nonce="[^"]+">', text)
    assert 'href="/static/vendor/maplibre-gl-6.20.0/maplibre-gl.css"' in text
    policy = page["Content-Security-Policy"]
    assert "blob:" not in policy and "unsafe" not in policy


def test_a_basemap_style_is_handed_to_the_map(client, districts, settings):
    settings.JASYL_MAP_STYLE_URL = "https://maps.example.org/styles/city.json"
    assert config(client.get("/en/map/"))["style"] == settings.JASYL_MAP_STYLE_URL


def test_the_map_page_without_districts_still_offers_the_layer(client):
    page = client.get("/ru/map/")
    assert page.status_code == 200
    assert config(page)["layers"][0]["name"] == "districts"
    assert 'class="map-list"' not in page.content.decode()


def test_a_long_layer_is_listed_in_part_with_the_number_left_out(client, districts, monkeypatch):
    monkeypatch.setattr("jasyl.web.maps.views.LISTED", 1)
    text = client.get("/en/map/").content.decode()
    assert text.count("<li>", text.index('class="map-list"')) == 1
    assert "and 1 more" in text


def test_an_aggregated_layer_is_handed_with_its_counts_and_listed_by_them(
    client, districts, monkeypatch
):
    from jasyl.core.tiles import Layer, adjust_counts, register
    from jasyl.core.tiles.registry import unregister

    layer = Layer(
        name="test-units",
        title="Units",
        queryset=AdministrativeUnit.objects.all,
        geometry="boundary",
        fields=("code", "name_kk"),
        min_zoom=12,
        aggregate="test-unit-counts",
        url="/en/units/{code}/",
    )
    register(layer)
    try:
        for found in AdministrativeUnit.objects.all():
            adjust_counts(layer, found.boundary, +1)
        monkeypatch.setattr("jasyl.web.maps.views.LISTED", 2)
        page = client.get("/en/map/")
        given = {layer["name"]: layer for layer in config(page)["layers"]}
        assert given["test-units"]["aggregate"] == "test-unit-counts"
        assert given["test-units"]["minzoom"] == 12
        text = page.content.decode()
        assert '<a href="/en/units/west/">Батыс ауданы</a>' in text
        assert "and 1 more" in text  # 3 counted, 2 listed
    finally:
        unregister("test-units")


def test_the_map_page_reads_a_bounded_number_of_queries(
    client, districts, django_assert_max_num_queries
):
    for n in range(20):
        unit(f"d{n}", (76.0 + n / 100, 43.0, 76.005 + n / 100, 43.005), name_kk=f"Аудан {n}")
    # Two queries for the page, one for each layer's text list: none more for more rows.
    with django_assert_max_num_queries(2 + len(tiles.layers())):
        assert client.get("/en/map/").status_code == 200


def test_the_site_navigation_links_the_map(client, roadmap):
    page = client.get("/en/").content.decode()
    assert 'href="/en/map/"' in page
    assert 'aria-current="page"' in client.get("/en/map/").content.decode()


def test_a_basemap_styles_host_is_allowed_by_the_content_security_policy(tmp_path):
    """The policy is built when the settings load: read it in a process of its own."""
    import os
    import subprocess
    import sys

    script = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.CONTENT_SECURITY_POLICY['DIRECTIVES']; "
        "print(d.get('connect-src')); print(d['img-src'])"
    )
    env = {
        **os.environ,
        "JASYL_DATA_DIR": str(tmp_path),
        "JASYL_SECRET_KEY": "map-test-" + "k" * 50,
        "JASYL_MAP_STYLE_URL": "https://maps.example.org/styles/city.json",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    connect, images = result.stdout.splitlines()
    assert connect == "[\"'self'\", 'https://maps.example.org']"
    assert "'https://maps.example.org'" in images
