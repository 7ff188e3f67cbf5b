"""The daily store (`daily`): the values and indices kept at ingest equal the computation from
the hourly summary, a later file recomputes only the days it touches, and figures computed with
another gas temperature are never read."""

import datetime
import io
from collections import defaultdict

import pytest
from django.core.management import call_command

from jasyl.domain.airquality import selectors, summaries
from jasyl.domain.airquality.ingest import ingest_file
from jasyl.domain.airquality.models import DailyIndex, DailyValue
from jasyl.domain.airquality.reference import DATA, bundled
from jasyl.domain.airquality.tests.factories import local, station
from jasyl.domain.airquality.versions import current_reference

REF = bundled()
JAN10, JAN11, JAN12 = (datetime.date(2025, 1, d) for d in (10, 11, 12))
HEADER = "station,datetime,PM2.5 (µg/m³),NO2 (µg/m³),O3 (µg/m³),CO (mg/m³)\n"


def wide(rows: list[tuple[str, datetime.datetime, str, str, str, str]]) -> io.BytesIO:
    lines = [f"{code},{at.isoformat()},{','.join(cells)}" for code, at, *cells in rows]
    return io.BytesIO((HEADER + "\n".join(lines) + "\n").encode())


def first_file() -> io.BytesIO:
    """Post A: 10-12 January, every hour but 11 January's last seven (an incomplete day of
    hourly means, whose 8-hour windows still count), PM2.5, NO2, O3 and CO varying by hour;
    sensor B: PM2.5 only, 10 January whole and 12 January from 05:00."""
    rows = []
    for day in (JAN10, JAN11, JAN12):
        for hour in range(24):
            if day == JAN11 and hour >= 17:
                continue
            k = (hour * 7 + day.day) % 13
            cells = (f"{12 + k}.4", f"{30 + 3 * k}.1", f"{40 + 5 * k}.5", f"{0.4 + k / 20:.2f}")
            rows.append(("A", local(day, hour), *cells))
    for day, hours in ((JAN10, range(24)), (JAN12, range(5, 24))):
        rows += [("B", local(day, h), f"{30 + h}.1", "", "", "") for h in hours]
    return wide(rows)


def fresh(ids: list[int], temperature_c: float = 25) -> dict[int, summaries.StationYear]:
    """Each station's 2025 as the pages computed it before the store: from the hourly
    summary, with the same rules and functions."""
    start, end = selectors.year_bounds(2025)
    values = [
        selectors.DayValues(*row)
        for row in selectors._day_rows(start, end, stations=ids, parameters=None, min_hours=1)
    ]
    days = selectors._days_by_station(values)
    eight: dict[int, dict] = defaultdict(dict)
    year = (datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))
    for (pk, code), found in selectors.eight_hour_span(ids, *year).items():
        eight[pk][code] = found
    return {
        pk: summaries.station_year(days.get(pk, {}), REF, temperature_c, eight.get(pk, {}))
        for pk in ids
    }


def assert_stored_is_fresh(ids: list[int], temperature_c: float = 25) -> None:
    expected = fresh(ids, temperature_c)
    assert selectors.station_years(ids, 2025, REF, temperature_c) == expected
    overview = selectors.overview(
        sample=False, year=2025, reference=REF, temperature_c=temperature_c
    )
    assert {row.station.pk: row.year for row in overview.rows} == {
        pk: summaries.totals_of(year) for pk, year in expected.items()
    }


@pytest.fixture
def posts(db):
    a, b = station("A", official=True), station("B")
    ingest_file(handle=first_file(), file_name="first.csv", format="wide", reference=REF)
    return [a.pk, b.pk]


def test_the_stored_days_and_indices_equal_the_computation_from_the_hours(posts):
    a, b = posts
    expected = fresh(posts)
    # The data set reaches every rule: a complete and an incomplete day, 8-hour means of O3
    # and CO, days with an index and days above the WHO guideline.
    assert [d.day for d in expected[a].days["pm25"]] == [JAN10, JAN12]
    assert expected[a].aqi and expected[a].who["no2"] and expected[b].categories
    assert_stored_is_fresh(posts)
    # 11 January is kept, with its 17 hours, but has no complete day and no index.
    assert DailyValue.objects.get(station_id=a, parameter="pm25", day=JAN11).hours == 17
    assert not DailyIndex.objects.filter(station_id=a, day=JAN11).exists()
    # Stored with another gas temperature, the indices are not read: the pages compute them.
    assert_stored_is_fresh(posts, temperature_c=20)
    # The command rebuilds the store of an existing database to the same figures.
    DailyValue.objects.all().delete()
    DailyIndex.objects.all().delete()
    call_command("rebuild_air_days", stdout=io.StringIO())
    assert_stored_is_fresh(posts)


def test_a_later_file_recomputes_only_the_days_it_touches(posts):
    a, _b = posts
    before = DailyIndex.objects.get(station_id=a, day=JAN12)
    # Marks on days the next file does not touch: a recomputation would erase them.
    DailyIndex.objects.filter(station_id=a, day=JAN10).update(aqi=499)
    DailyValue.objects.filter(station_id=a, parameter="pm25", day=JAN10).update(mean=-1)
    # A reading at 05:30 on 12 January joins the hour of 05:00: that hour's mean, the day's
    # PM2.5 mean and its index change.
    later = wide([("A", local(JAN12, 5, 30), "900", "", "", "")])
    ingest_file(handle=later, file_name="later.csv", format="wide", reference=REF)
    after = DailyIndex.objects.get(station_id=a, day=JAN12)
    assert after.aqi != before.aqi and after.sub_indices["pm25"] > before.sub_indices["pm25"]
    assert DailyIndex.objects.get(station_id=a, day=JAN10).aqi == 499
    assert DailyValue.objects.get(station_id=a, parameter="pm25", day=JAN10).mean == -1
    # The marked day aside, the store holds what the hours give.
    DailyValue.objects.filter(station_id=a, day=JAN10).delete()
    expected = fresh(posts)[a]
    stored = selectors.station_years([a], 2025, REF, 25)[a]
    assert [x for x in stored.aqi if x.day == JAN12] == [x for x in expected.aqi if x.day == JAN12]


def test_a_new_reference_version_stores_the_indices_again(
    posts, admin_client, django_capture_on_commit_callbacks
):
    text = (DATA / "us-aqi.yaml").read_text(encoding="utf-8")
    assert "\nversion: 1\n" in text
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/en/admin/airquality/referenceversion/add/",
            {
                "file": "us-aqi.yaml",
                "content": text.replace("\nversion: 1\n", "\nversion: 2\n", 1),
                "reason": "The same breakpoints, read again",
            },
        )
    assert response.status_code == 302
    reference = current_reference()
    assert reference.versions["us-aqi.yaml"] == 2
    # The job stored the indices under the new version: the pages read them, not compute them.
    basis = summaries.basis(reference, 25)
    assert basis != summaries.basis(REF, 25)
    assert set(DailyIndex.objects.values_list("basis", flat=True)) == {basis}
