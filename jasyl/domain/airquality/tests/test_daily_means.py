"""Daily means computed in the database: per station, parameter and Almaty day, the mean of the
hourly means, kept with 18 hours or more. Run on SQLite and PostgreSQL alike."""

import datetime

import pytest

from jasyl.domain.airquality import hours
from jasyl.domain.airquality.averaging import HourMean
from jasyl.domain.airquality.averaging import daily_means as daily_means_in_python
from jasyl.domain.airquality.models import IngestFile, Measurement, Station
from jasyl.domain.airquality.selectors import daily_means

UTC = datetime.UTC
ALMATY = datetime.timezone(datetime.timedelta(hours=5))


@pytest.fixture
def post(db):
    return Station.objects.create(
        code="D1", name_kk="Сынақ", operator="Test network", kind=Station.Kind.REFERENCE
    )


def store(post, parameter, values):
    source = IngestFile.objects.create(
        file_name="t.csv",
        sha256="0" * 64,
        format="long",
        started_at=datetime.datetime(2025, 1, 1, tzinfo=UTC),
        finished_at=datetime.datetime(2025, 1, 1, tzinfo=UTC),
        status="done",
    )
    Measurement.objects.bulk_create(
        Measurement(
            station=post, parameter=parameter, observed_at=at, value=value, source_file=source
        )
        for at, value in values
    )
    hours.add_file(source.pk)


def test_a_day_is_the_mean_of_its_hourly_means_in_almaty_time(post):
    # 15 January 2025 in Almaty (UTC+5) runs from 14 January 19:00 UTC. Every hour has 10;
    # the first hour has two readings, 10 and 40 (hourly mean 25); 23 hours have 10.
    start = datetime.datetime(2025, 1, 15, tzinfo=ALMATY)
    values = [(start + datetime.timedelta(hours=h), 10.0) for h in range(24)]
    values.append((start + datetime.timedelta(minutes=30), 40.0))
    store(post, "pm25", values)
    [day] = daily_means(start=datetime.date(2025, 1, 15), end=datetime.date(2025, 1, 15))
    assert (day.station_id, day.parameter, day.day, day.hours) == (
        post.pk,
        "pm25",
        datetime.date(2025, 1, 15),
        24,
    )
    # (25 + 23 x 10) / 24, not the mean of the 25 readings (11.2).
    assert day.value == pytest.approx(255 / 24)


def test_a_day_with_fewer_than_18_hours_is_left_out(post):
    start = datetime.datetime(2025, 1, 15, tzinfo=ALMATY)
    store(post, "pm10", [(start + datetime.timedelta(hours=h), 50.0) for h in range(17)])
    store(
        post,
        "no2",
        [(start + datetime.timedelta(days=1, hours=h), 20.0 + h) for h in range(18)],
    )
    found = daily_means(start=datetime.date(2025, 1, 15), end=datetime.date(2025, 1, 16))
    assert [(d.parameter, d.day, d.hours, d.value) for d in found] == [
        ("no2", datetime.date(2025, 1, 16), 18, pytest.approx(28.5))
    ]
    assert (
        daily_means(start=datetime.date(2025, 1, 15), end=datetime.date(2025, 1, 15), min_hours=17)[
            0
        ].hours
        == 17
    )


def test_before_march_2024_almaty_days_start_at_18_utc(post):
    # Almaty was UTC+6 until 1 March 2024: 10 February 2024 began at 9 February 18:00 UTC.
    start = datetime.datetime(2024, 2, 9, 18, tzinfo=UTC)
    store(post, "so2", [(start + datetime.timedelta(hours=h), float(h)) for h in range(24)])
    [day] = daily_means(start=datetime.date(2024, 2, 1), end=datetime.date(2024, 2, 29))
    assert (day.day, day.hours, day.value) == (datetime.date(2024, 2, 10), 24, pytest.approx(11.5))


def test_the_database_agrees_with_the_pure_averaging(post):
    start = datetime.datetime(2025, 3, 1, tzinfo=ALMATY)
    readings = [
        (start + datetime.timedelta(minutes=10 * k), float((k * 37) % 53))
        for k in range(6 * 24 * 3)
        if k % 11
    ]
    store(post, "pm25", readings)
    hours: dict[datetime.datetime, list[float]] = {}
    for at, value in readings:
        hours.setdefault(at.astimezone(UTC).replace(minute=0), []).append(value)
    expected = daily_means_in_python(
        [HourMean(h, sum(v) / len(v), len(v)) for h, v in hours.items()],
        zone=ALMATY,
    )
    found = daily_means(start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 3))
    assert [(d.day, d.hours) for d in found] == [(e.day, e.hours) for e in expected]
    assert [d.value for d in found] == pytest.approx([e.value for e in expected])


def test_stations_and_parameters_can_be_chosen(post):
    other = Station.objects.create(
        code="D2", name_kk="Сынақ 2", operator="Test network", kind=Station.Kind.REFERENCE
    )
    start = datetime.datetime(2025, 1, 15, tzinfo=ALMATY)
    for station in (post, other):
        for parameter in ("pm25", "co"):
            store(
                station, parameter, [(start + datetime.timedelta(hours=h), 1.0) for h in range(24)]
            )
    found = daily_means(
        start=datetime.date(2025, 1, 15),
        end=datetime.date(2025, 1, 15),
        stations=[other.pk],
        parameters=["co"],
    )
    assert [(d.station_id, d.parameter) for d in found] == [(other.pk, "co")]
