"""The public air-quality pages: in three languages with and without measurements, the map's
GeoJSON, sample data kept apart, the link from roadmap item 1, and fixed query counts."""

import datetime
import json
import re

import pytest
from django.core.cache import cache

from jasyl.domain.airquality.tests.factories import full_day, station

OVERVIEW = "/{lang}/programmes/green-almaty/air/"
STATION = "/{lang}/programmes/green-almaty/air/stations/{code}/"
LANGUAGES = ["kk", "ru", "en"]
DAY = datetime.date(2025, 3, 10)


@pytest.fixture
def measured(roadmap):
    a = station("A", official=True)
    b = station("B", latitude=None, longitude=None)
    full_day(a, "pm25", DAY, 40.0)
    full_day(a, "no2", DAY, 50.0)
    full_day(b, "pm25", DAY, 10.0)
    return a, b


def geojson(html: str) -> dict:
    found = re.search(r'<script id="station-geojson" type="application/json">(.*?)</script>', html)
    assert found, "the page embeds no station GeoJSON"
    return json.loads(found.group(1))


def station_map(html: str) -> dict:
    found = re.search(
        r'<script id="station-map-config" type="application/json">(.*?)</script>', html
    )
    assert found, "the page embeds no station map settings"
    return json.loads(found.group(1))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_measurements_the_overview_says_so(client, roadmap, lang):
    html = client.get(OVERVIEW.format(lang=lang)).content.decode()
    message = {
        "en": "No monitoring station is recorded yet.",
        "ru": "Посты мониторинга пока не внесены.",
        "kk": "Мониторинг бекеттері әлі енгізілмеген.",
    }[lang]
    assert message in html
    assert "<svg" not in html and "station-geojson" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_overview_shows_each_station_and_the_official_level(client, measured, lang):
    response = client.get(OVERVIEW.format(lang=lang))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/{lang}/programmes/green-almaty/air/stations/A/?year=2025"' in html
    assert 'id="station-map"' in html and "aria-label=" in html
    assert 'id="city-level"' in html and "jasyl/stationmap.js" in html


def test_the_station_map_draws_on_jasyls_own_layers_unless_a_basemap_style_is_set(
    client, measured, settings
):
    html = client.get(OVERVIEW.format(lang="en")).content.decode()
    given = station_map(html)
    assert given["style"] == ""  # a plain background: nothing from outside the site
    assert given["library"].startswith("/static/vendor/maplibre-gl-")
    assert given["districts"] == "/tiles/districts/{z}/{x}/{y}.pbf"
    assert given["controls"]["NavigationControl.ZoomIn"] == "Zoom in"
    assert "tile.openstreetmap.org" not in html
    cache.clear()
    settings.JASYL_MAP_STYLE_URL = "https://maps.example.org/styles/city.json"
    html = client.get(OVERVIEW.format(lang="ru")).content.decode()
    given = station_map(html)
    assert given["style"] == "https://maps.example.org/styles/city.json"
    assert given["controls"]["NavigationControl.ZoomIn"] == "Приблизить"


def test_the_map_shows_the_stations_with_coordinates_and_their_popup_text(client, measured):
    data = geojson(client.get(OVERVIEW.format(lang="en")).content.decode())
    assert [f["properties"]["code"] for f in data["features"]] == ["A"]  # B has no position
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [76.9, 43.25]}
    lines = feature["properties"]["lines"]
    assert lines[0] == "Operator: Kazhydromet"
    assert lines[1] == "official data, reference monitor"
    # 40 ug/m3 on 10 March 2025: (100 - 51) / (35.4 - 9.1) x (40.0 - 35.5) ... is above 35.4:
    # the 101-150 band, unhealthy for sensitive groups.
    assert lines[2] == "PM2.5 on 10 Mar 2025: 40.0 µg/m³, US AQI: Unhealthy for sensitive groups"
    assert feature["properties"]["url"] == "/en/programmes/green-almaty/air/stations/A/?year=2025"


def test_the_kazhydromet_level_says_it_uses_the_official_stations_only(client, measured):
    html = client.get(OVERVIEW.format(lang="en")).content.decode()
    assert "Computed from the official station only (1)" in html


def test_reference_values_show_their_verification_status(client, measured):
    html = client.get(OVERVIEW.format(lang="en")).content.decode()
    # PM2.5: ПДК м.р. 0.16 mg/m3 from the secondary list, ПДК с.с. 0.035 verified (ҚР ДСМ-70).
    assert '160 µg/m³ <span class="muted">(secondary source)</span>' in html
    assert '35 µg/m³ <span class="muted">(verified)</span>' in html


def test_a_value_whose_kazakh_source_was_not_found_says_so(client, measured):
    # NO2's ПДК с.с. (0.04 mg/m3) is Russia's (ГН 2.1.6.3492-17): Kazakhstan's value, in the
    # tables of order ҚР ДСМ-70, was not found.
    overview = client.get(OVERVIEW.format(lang="en")).content.decode()
    assert '40 µg/m³ <span class="muted">(Kazakhstan&#x27;s value not found)</span>' in overview
    page = client.get(STATION.format(lang="en", code="A")).content.decode()
    assert "MPC, daily mean (ПДК с.с.): 40 µg/m³ (Kazakhstan&#x27;s value not found)" in page


def test_sample_stations_stay_off_the_official_pages(client, measured):
    sample = station("SAMPLE-9", official=True, sample=True, name_ru="")
    full_day(sample, "pm25", DAY, 500.0)
    official = client.get(OVERVIEW.format(lang="en")).content.decode()
    assert "SAMPLE-9" not in official and "Sample data for demonstration" not in official
    assert "?data=sample" in official  # offered, not shown
    assert client.get(STATION.format(lang="en", code="SAMPLE-9")).status_code == 404
    shown = client.get(OVERVIEW.format(lang="en") + "?data=sample").content.decode()
    assert "Sample data for demonstration" in shown and "SAMPLE-9" in shown
    assert "A station" not in shown
    assert client.get(STATION.format(lang="en", code="A") + "?data=sample").status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_station_page_charts_each_pollutant_with_its_limits(client, measured, lang):
    response = client.get(STATION.format(lang=lang, code="A"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="lines daily"') == 2  # PM2.5 and NO2
    assert html.count('class="limit limit-mpc"') == 2 and html.count('class="limit limit-who"') == 2


def test_the_station_page_labels_its_limit_lines_with_their_status(client, measured):
    html = client.get(STATION.format(lang="en", code="A")).content.decode()
    assert "MPC, daily mean (ПДК с.с.): 35 µg/m³ (verified)" in html
    assert "WHO 2021 24-hour guideline: 15 µg/m³ (verified)" in html


def test_a_station_without_measurements_says_so(client, roadmap):
    station("C")
    html = client.get(STATION.format(lang="en", code="C")).content.decode()
    assert "No measurements are stored for this station yet" in html and "<svg" not in html


def test_an_unknown_year_or_station_is_not_found(client, measured):
    assert client.get(OVERVIEW.format(lang="en") + "?year=2019").status_code == 404
    assert client.get(OVERVIEW.format(lang="en") + "?year=abcd").status_code == 404
    assert client.get(STATION.format(lang="en", code="Z")).status_code == 404


def test_roadmap_item_1_links_to_the_measured_outcome(client, roadmap):
    html = client.get("/en/programmes/green-almaty/activities/1/").content.decode()
    assert 'href="/en/programmes/green-almaty/air/"' in html
    other = client.get("/en/programmes/green-almaty/activities/2/").content.decode()
    assert 'id="measured-air"' not in other


def test_a_new_file_rebuilds_the_cached_page(client, measured):
    client.get(OVERVIEW.format(lang="en"))
    c = station("C2", official=True)
    full_day(c, "pm25", DAY, 30.0)  # stored with the same file: the page is still cached
    assert "C2 station" not in client.get(OVERVIEW.format(lang="en")).content.decode()
    from jasyl.domain.airquality.tests.factories import ingest_record

    ingest_record()
    assert "C2 station" in client.get(OVERVIEW.format(lang="en")).content.decode()


# The edition, the latest file, the programme and the plan (17), then the page's own reads:
# the reference versions in force, the stations, their years and their totals (the daily
# store's station years), the official stations' tallies, whether sample stations exist; a
# station page reads the reference versions, the station, its years, its days, its 8-hour
# means, its episodes and whether sample stations exist.
@pytest.mark.parametrize(("url", "reads"), [(OVERVIEW, 6), (STATION, 7)])
def test_page_queries_do_not_grow_with_stations_and_days(
    client, measured, django_assert_num_queries, url, reads
):
    path = url.format(lang="en", code="A")
    with django_assert_num_queries(20 + reads):
        assert client.get(path).status_code == 200
    a, _b = measured
    for d in range(4):
        full_day(a, "pm10", DAY + datetime.timedelta(days=d), 50.0)
    for n in range(3):
        extra = station(f"X{n}", official=n % 2 == 0)
        for d in range(4):
            full_day(extra, "pm25", DAY + datetime.timedelta(days=d), 20.0 + d)
    cache.clear()
    with django_assert_num_queries(20 + reads):
        assert client.get(path).status_code == 200
