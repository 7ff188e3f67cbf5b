"""The two ways a long CSV is stored give the same result: the row path (Python checks every
row) and, on PostgreSQL, the SQL path (the file streamed into COPY, checked in SQL). Same rows
stored, same counts, same lines named with the same reasons and details."""

import datetime
import io
from pathlib import Path

import pytest
from django.db import connection

from jasyl.domain.airquality.averaging import to_significant
from jasyl.domain.airquality.indices import convert
from jasyl.domain.airquality.ingest import ingest_file
from jasyl.domain.airquality.ingest.checks import conversion_steps
from jasyl.domain.airquality.ingest.sql import _SIGNIFICANT
from jasyl.domain.airquality.models import IngestFile, Measurement, Station
from jasyl.domain.airquality.reference import bundled

DATA = Path(__file__).parent / "data"

# Every rule of the ingest on a few lines: unknown station, parameter and unit, ppb of a gas
# and of PM, bad and local times, decimal commas, odd numbers, negatives, a value above the
# ceiling, a repeat in the file and the same instant with another offset.
MIXED = (
    "location_id,sensors_id,location,datetime,lat,lon,parameter,units,value\n"
    "900001,1,T1,2025-01-15T10:00:00+05:00,43,76,pm25,µg/m³,35.5\n"
    '900001,1,T1,2025-01-15T11:00:00+05:00,43,76,PM2.5,ug/m3,"41,2"\n'
    "900001,2,T1,2025-01-15T10:00:00+05:00,43,76,no2,ppb,40\n"
    "900001,3,T1,2025-01-15T10:00:00+05:00,43,76,pm10,ppb,40\n"
    "900001,4,T1,2025-01-15T10:00:00+05:00,43,76,co,ppm,1e0\n"
    "900001,1,T1,2025-01-15T12:00:00+05:00,43,76,pm25,µg/m³,-3\n"
    "900001,1,T1,2025-01-15T13:00:00+05:00,43,76,pm25,µg/m³,25000\n"
    "900001,1,T1,2025-01-15T10:00:00+05:00,43,76,pm25,µg/m³,36\n"
    "900099,9,Nowhere,2025-01-15T10:00:00+05:00,43,76,pm25,µg/m³,20\n"
    "900001,5,T1,2025-01-15T14:00:00+05:00,43,76,pm10,furlongs,10\n"
    "900001,1,T1,yesterday,43,76,pm25,µg/m³,12\n"
    "900001,1,T1,2025-01-15T15:00:00+05:00,43,76,pm25,µg/m³,1_0\n"
    "900001,1,T1,2025-01-15T16:00:00+05:00,43,76,pm25,µg/m³,nan\n"
    "900001,1,T1,2025-01-15T17:00:00+05:00,43,76,pm25,µg/m³,abc\n"
    "900001,1,T1,2025-01-15T18:00:00+05:00,43,76,temperature,c,-5\n"
    ",,T2,2025-01-15T10:00:00+05:00,43,76,pm10,µg/m³,80\n"
    ",,T2,2025-01-15T05:00:00Z,43,76,pm10,µg/m³,85\n"
    ",,T2,15.01.2025 11:00,43,76,pm10,ug/m3,650\n"
    ",,T2,2025-01-15T12:00:00+05:00,43,76,pm25,ug/m3,5\n"
    "900001,1,T1,2025-01-15T19:00:00+05:00,43,76,pm25,µg/m³,650\n"
).encode()


@pytest.fixture
def stations(db):
    Station.objects.create(
        code="T1", name_kk="Сынақ 1", operator="Test", kind="reference", openaq_location=900001
    )
    Station.objects.create(
        code="T2", name_kk="Сынақ 2", operator="Test", kind="low_cost", parameters=["pm10"]
    )


def outcome(content: bytes, *, bulk: bool):
    """What one path makes of a file, then the store emptied again."""
    result = ingest_file(handle=io.BytesIO(content), file_name="f.csv", bulk=bulk)
    rows = sorted(
        (m.station.code, m.parameter, m.observed_at, m.value, m.suspicious)
        for m in Measurement.objects.select_related("station")
    )
    lines = [(line.line, line.reason, line.detail) for line in result.lines]
    counts = (result.rows_read, result.inserted, result.duplicates, result.rejected)
    return result.bulk, rows, lines, counts, result.flagged


def clear():
    Measurement.objects.all().delete()
    IngestFile.objects.all().delete()


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the SQL path is PostgreSQL's; SQLite has only the row path")


@pytest.mark.parametrize("content", [MIXED, (DATA / "long.csv").read_bytes()])
def test_both_paths_store_the_same_rows_and_name_the_same_lines(stations, on_postgresql, content):
    by_rows = outcome(content, bulk=False)
    clear()
    in_sql = outcome(content, bulk=True)
    assert (by_rows[0], in_sql[0]) == (False, True)
    assert in_sql[1:] == by_rows[1:]
    assert by_rows[3][1] > 0 and by_rows[3][3] > 0


def test_both_paths_tell_repeats_of_stored_values_alike(stations, on_postgresql):
    ingest_file(handle=io.BytesIO(MIXED), file_name="first.csv", bulk=False)
    # The file again with one new key, given twice: its repeat is "repeated in the file"; the
    # repeats of keys stored from first.csv are "already stored", every one of them.
    again = MIXED + b",,T2,2025-01-15T13:00:00+05:00,43,76,pm10,ug/m3,70\n" * 2
    by_rows = outcome(again, bulk=False)
    Measurement.objects.filter(source_file__file_name="f.csv").delete()
    in_sql = outcome(again, bulk=True)
    assert in_sql[0] is True
    assert in_sql[1:] == by_rows[1:]
    reasons = {reason for _line, reason, _detail in in_sql[2]}
    assert {"already_stored", "duplicate_in_file"} <= reasons
    assert in_sql[3][1] == 1  # only the new line is stored


def test_a_quoted_line_break_falls_back_to_the_row_path_with_the_same_result(
    stations, on_postgresql
):
    content = MIXED.replace(b",43,76,pm10,furlongs,", b',"43\n",76,pm10,furlongs,')
    result = ingest_file(handle=io.BytesIO(content), file_name="q.csv", bulk=True)
    assert result.bulk is False
    assert result.inserted > 0


def test_a_series_converts_as_indices_convert_does_bit_for_bit():
    reference = bundled()
    for substance in ("no2", "co", "pm25", "o3", "so2"):
        to = reference.parameters[substance].unit
        for unit in ("ug/m3", "mg/m3", "ng/m3", "ppb", "ppm"):
            steps = conversion_steps(
                substance=substance, unit=unit, to=to, reference=reference, temperature_c=25
            )
            for value in (0.1, 35.5, 41.2, 1234.567):
                try:
                    expected = convert(
                        value,
                        substance=substance,
                        unit=unit,
                        to=to,
                        reference=reference,
                        temperature_c=25,
                    )
                except ValueError:
                    assert steps is None
                    continue
                assert steps is not None
                a, b, c, d = steps
                assert to_significant(value * a * b / c / d) == expected


def test_times_and_units_are_normalised_the_same_by_both_paths_at_utc(stations, on_postgresql):
    in_sql = outcome(MIXED, bulk=True)
    times = {at for code, _p, at, _v, _s in in_sql[1] if code == "T2"}
    assert datetime.datetime(2025, 1, 15, 5, tzinfo=datetime.UTC) in times


def test_both_paths_store_a_value_exact_in_decimal_exact(stations, on_postgresql):
    # Converted with the same float operations, the SQL path rounds to 12 significant digits
    # with to_char(..., '9.99999999999EEEE') as the row path does with `to_significant`:
    # 0.0355 mg/m3 is 35.5 ug/m3 (not 35.49999999999999), 71 ppb of O3 139.373 ug/m3.
    header = "location_id,sensors_id,location,datetime,lat,lon,parameter,units,value\n"
    content = (
        header
        + "900001,1,T1,2025-01-15T10:00:00+05:00,43,76,pm25,mg/m3,0.0355\n"
        + "900001,1,T1,2025-01-15T10:00:00+05:00,43,76,o3,ppb,71\n"
        + "900001,1,T1,2025-01-15T10:00:00+05:00,43,76,no2,mg/m3,0.2\n"
    ).encode()
    by_rows = outcome(content, bulk=False)
    clear()
    in_sql = outcome(content, bulk=True)
    assert in_sql[0] is True and in_sql[1:] == by_rows[1:]
    assert {(p, v) for _s, p, _t, v, _f in in_sql[1]} == {
        ("pm25", 35.5),
        ("o3", 139.373),
        ("no2", 200.0),
    }


def test_postgresql_rounds_to_12_significant_digits_as_python_does(db, on_postgresql):
    # The same rounding on many floats, noisy or not, in every unit's range.
    values = [
        0.0355 / 0.001,
        9.099999999999996,
        71 * 1.963,
        1.0 / 3,
        2.0 / 3 * 1e-7,
        123456.7890123456,
        1234567890123456.0,
        5e-324,
    ] + [i * 0.1 * 1.882 / 1000 / 0.001 for i in range(1, 400)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_char(v, %s)::float8 FROM unnest(%s::float8[]) WITH ORDINALITY AS t(v, i) "
            "ORDER BY i",
            [_SIGNIFICANT, values],
        )
        rounded = [row[0] for row in cursor.fetchall()]
    assert rounded == [to_significant(v) for v in values]
