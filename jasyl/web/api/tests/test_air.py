"""The air-quality API: the same figures as the pages, measurements by station and period (pages
and CSV), the reference values with their sources, clear 400s, costly requests limited, and
fixed query counts."""

import csv
import datetime
import io

import pytest

from jasyl.domain.airquality.tests.factories import full_day, local, station, store

AIR = "/api/v1/programmes/green-almaty/air/"
DAY = datetime.date(2025, 3, 10)


@pytest.fixture
def measured(roadmap):
    a = station("A", official=True)
    full_day(a, "pm25", DAY, 40.0)
    full_day(a, "pm25", DAY + datetime.timedelta(days=1), 10.0)
    full_day(a, "no2", DAY, 50.0)
    demo = station("S", sample=True, latitude=None, longitude=None)
    full_day(demo, "pm25", DAY, 5.0)
    return a


def test_daily_values_and_indices_are_those_of_the_pages(api, measured):
    days = api.get(AIR + "stations/A/days/?year=2025").json()
    assert days["count"] == 2
    first = days["results"][0]
    assert first["date"] == "2025-03-10"
    assert first["values"]["pm25"] == {"mean": 40.0, "highest_hour": 40.0, "hours": 24}
    # 40 ug/m3 PM2.5 over 24 hours is in the 35.5-55.4 band of the 2024 table (EPA, 89 FR
    # 16202, Table 2): unhealthy for sensitive groups, as the station page says.
    assert first["aqi"]["category"] == "unhealthy_sensitive"
    assert first["aqi"]["table"] == "epa-2024" and "pm25" in first["aqi"]["dominant"]
    assert days["results"][1]["aqi"]["category"] == "moderate"  # 10.0 > 9.0

    year = api.get(AIR + "stations/A/year/").json()
    assert year["year"] == 2025 and year["years"] == [2025]
    pm25 = next(p for p in year["parameters"] if p["code"] == "pm25")
    # Days above the ПДК с.с. (35 ug/m3) and above the WHO 2021 24-hour guideline (15 ug/m3).
    assert (pm25["above_mpc"], pm25["above_who"], pm25["complete_days"]) == (1, 1, 2)
    assert pm25["months"] == {}  # 2 days of 31 make no monthly mean
    assert {limit["kind"]: limit["status"] for limit in pm25["limits"]} == {
        "mpc": "verified",
        "who": "verified",
    }
    assert year["who_days"]["pm25"] == 1 and year["aqi_days"] == 2

    city = api.get(AIR + "city/").json()
    assert city["official_stations"] == ["A"] and city["year"] == 2025
    assert [m["month"] for m in city["months"]] == [3]
    assert city["whole_year"]["level"] in ("low", "elevated", "high", "very_high")
    assert city["stations"][0]["latest_pm25"] == {
        "date": "2025-03-11",
        "mean": 10.0,
        "category": "moderate",
    }
    # The sample switch shows only the demonstration station.
    sample = api.get(AIR + "city/?data=sample").json()
    assert [s["code"] for s in sample["stations"]] == ["S"] and sample["official_stations"] == []


def test_stations_as_geojson_real_or_sample(api, measured, django_assert_num_queries):
    with django_assert_num_queries(3):  # the programme, the count, the page with districts
        real = api.get(AIR + "stations/").json()
    assert real["type"] == "FeatureCollection" and real["count"] == 1
    feature = real["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [76.9, 43.25]}
    assert feature["properties"]["official"] is True and feature["properties"]["sample"] is False
    sample = api.get(AIR + "stations/?data=sample").json()
    assert [f["geometry"] for f in sample["features"]] == [None]


def test_measurements_by_station_parameter_and_period_in_pages_or_csv(
    api, measured, django_assert_num_queries
):
    store(measured, "no2", [(local(DAY + datetime.timedelta(days=2), 0, 20), 70.5)])
    query = "measurements/?station=A&date_from=2025-03-10&date_to=2025-03-12"
    with django_assert_num_queries(5):  # programme, station, reference versions, count, page
        page = api.get(AIR + query + "&parameter=no2&limit=10").json()
    assert page["count"] == 25 and len(page["results"]) == 10 and "offset=10" in page["next"]
    assert page["results"][0] == {
        "station": "A",
        "parameter": "no2",
        "unit": "ug/m3",
        "observed_at": "2025-03-10T00:00:00+05:00",
        "value": 50.0,
        "suspicious": False,
    }
    response = api.get(AIR + query + "&format=csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 24 * 3 + 1  # pm25 on two days, no2 on one, one more no2 value
    assert rows[-1]["observed_at"] == "2025-03-12T00:20:00+05:00" and rows[-1]["value"] == "70.5"
    by_accept = api.get(AIR + query + "&parameter=pm25", HTTP_ACCEPT="text/csv")
    assert by_accept["Content-Type"].startswith("text/csv")
    assert by_accept.content.decode().count("\n") == 1 + 48


BAD = [
    ("measurements/?date_from=2025-03-01&date_to=2025-03-02", "station"),
    ("measurements/?station=NOPE&date_from=2025-03-01&date_to=2025-03-02", "station"),
    ("measurements/?station=A&date_from=2025-01-01&date_to=2025-03-01", "date_to"),
    ("measurements/?station=A&date_from=0001-01-01&date_to=2025-03-02", "date_from"),
    ("measurements/?station=A&date_from=2025-03-01&date_to=2025-03-02&parameter=x", "parameter"),
    ("measurements/?station=A&date_from=2025-03-01&date_to=2025-03-02&format=xml", "format"),
    ("city/?year=1800", "year"),
    ("stations/A/days/?year=twenty", "year"),
]


def test_a_bad_parameter_is_400_naming_it_and_nothing_there_is_404(api, measured):
    for query, field in BAD:
        response = api.get(AIR + query, HTTP_ACCEPT_LANGUAGE="en")
        assert (response.status_code, response["Content-Type"]) == (400, "application/json")
        assert [e["field"] for e in response.json()["errors"]] == [field], query
    assert api.get(AIR + "city/?year=2020").status_code == 404
    assert api.get(AIR + "stations/S/year/").status_code == 404  # sample, without the switch


def test_the_reference_values_in_force_with_sources_and_statuses(api, roadmap):
    found = api.get(AIR + "reference/").json()
    values = {v["key"]: v for v in found["values"]}
    assert values["mpc.pm25.daily_mean"]["value"] == 0.035
    assert values["mpc.pm25.daily_mean"]["unit"] == "mg/m3"
    assert values["mpc.pm25.daily_mean"]["status"] == "verified"
    assert "ДСМ-70" in values["mpc.pm25.daily_mean"]["source"]
    assert values["who.pm25.24h"]["value"] == 15.0 and values["who.pm25.24h"]["unit"] == "ug/m3"
    assert found["versions"]["mpc.yaml"] >= 1
    latest = found["aqi_tables"][0]
    assert latest["code"] == "epa-2024" and latest["effective_from"] == "2024-05-06"
    assert found["gradings"]["si"]["bands"][0] == {"level": "low", "printed": "0-1", "upper": 1.0}


def test_a_year_of_indices_and_a_csv_are_costly_requests(api, measured, settings):
    settings.JASYL_COSTLY_REQUESTS = 2
    query = "measurements/?station=A&date_from=2025-03-10&date_to=2025-03-10"
    assert api.get(AIR + query).status_code == 200  # a JSON page is not costly
    assert api.get(AIR + "city/").status_code == 200
    assert api.get(AIR + query + "&format=csv").status_code == 200
    refused = api.get(AIR + "stations/A/year/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert api.get(AIR + query).status_code == 200
