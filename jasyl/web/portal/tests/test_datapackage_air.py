"""The open data package's air-quality and exhaust-check tables: the rows the pages compute,
demonstration stations left out, described and valid, and new measurements rebuilding it."""

import csv
import datetime
import io
import json
import zipfile

from django.core.cache import cache
from frictionless import Package

from jasyl.domain.airquality.tests.factories import full_day, station
from jasyl.domain.exhaust.services import import_checks
from jasyl.testing.exhaust import english, posts  # noqa: F401  (fixtures)

ZIP = "/opendata/green-almaty/datapackage.zip"
FILES = "/opendata/green-almaty/"
DAY = datetime.date(2025, 3, 10)
CHECKS = (
    "post,checked_at,vehicle_category,fuel,eco_class,aspiration,co_min_idle,co_raised_idle,"
    "ch_min_idle,ch_raised_idle,smoke_k,idle_rpm\n"
    "P-01,2023-03-10 09:30,M1,petrol,4,,0.5,0.3,90,80,,750\n"
    "M-01,2023-04-02 15:15,M1,petrol,2,,1.9,1.0,300,250,,\n"
)


def table(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


def test_the_package_holds_the_air_and_exhaust_tables(client, roadmap, posts, tmp_path):  # noqa: F811
    a = station("A", official=True)
    full_day(a, "pm25", DAY, 40.0)
    full_day(station("S", sample=True), "pm25", DAY, 5.0)
    import_checks(
        programme=roadmap, content=CHECKS.encode(), file_name="c.csv", by=None, access=None
    )
    with zipfile.ZipFile(io.BytesIO(client.get(ZIP).content)) as archive:
        archive.extractall(tmp_path)
        assert [s["code"] for s in table(archive, "air-stations.csv")] == ["A"]
        days = table(archive, "air-daily-values.csv")
        assert [(d["station"], d["parameter"], d["date"], d["mean"]) for d in days] == [
            ("A", "pm25", "2025-03-10", "40.0")
        ]
        # 40 ug/m3 PM2.5 over 24 hours: AQI 112, unhealthy for sensitive groups (the 2024
        # table's 35.5-55.4 band, EPA 89 FR 16202), as the station page shows.
        (aqi,) = table(archive, "air-daily-aqi.csv")
        assert (aqi["aqi"], aqi["category"], aqi["table"]) == (
            "112",
            "unhealthy_sensitive",
            "epa-2024",
        )
        levels = table(archive, "air-city-levels.csv")
        assert [(r["year"], r["month"]) for r in levels] == [("2025", "3"), ("2025", "")]
        values = {r["key"]: r for r in table(archive, "air-reference-values.csv")}
        assert values["mpc.pm25.daily_mean"]["value"] == "0.035"
        assert values["mpc.pm25.daily_mean"]["status"] == "verified"
        checks = table(archive, "exhaust-checks.csv")
        assert [(c["post"], c["checked_at"], c["co_min_idle"]) for c in checks] == [
            ("P-01", "2023-03-10T09:30:00+06:00", "0.5"),
            ("M-01", "2023-04-02T15:15:00+06:00", "1.9"),
        ]
        assert {c["outcome"] for c in checks} <= {"pass", "fail", "not_assessed"}
        assert [p["code"] for p in table(archive, "exhaust-posts.csv")] == ["M-01", "P-01"]
        assert table(archive, "exhaust-limits.csv")[0]["source"]
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    described = {r["name"]: r for r in descriptor["resources"]}
    fields = described["air-daily-values"]["schema"]["fields"]
    assert {"name": "date", "type": "date", "description": "The local (Almaty) day."} in fields
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_new_measurements_rebuild_the_package(client, roadmap):
    before = client.get(FILES + "air-stations.csv").content.decode()
    full_day(station("B", official=True), "pm25", DAY, 12.0)
    cache.clear()  # the data's stamp is kept as long as the edition (JASYL_EDITION_SECONDS)
    after = client.get(FILES + "air-stations.csv").content.decode()
    assert before.count("\n") == 1 and after.count("\n") == 2
