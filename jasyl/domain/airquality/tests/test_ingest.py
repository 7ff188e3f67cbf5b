"""Ingesting measurement files: the three formats from the sample files in `data/`, units and
local times normalised, bad lines recorded with their file, line and reason, duplicates never
stored twice, and a file that cannot be read storing nothing. The same tests run on SQLite
(INSERT OR IGNORE) and on PostgreSQL (COPY), whichever the test database is."""

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.utils import translation

from jasyl.domain.airquality.indices import episodes
from jasyl.domain.airquality.ingest import IngestError, ingest_file
from jasyl.domain.airquality.models import IngestFile, IngestLine, Measurement, Station
from jasyl.domain.airquality.reference import DATA as REFERENCE
from jasyl.domain.airquality.reference import ReferenceDataError, load_reference
from jasyl.domain.airquality.selectors import episode_samples

DATA = Path(__file__).parent / "data"
UTC = datetime.UTC


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2025, 1, 15, hour, minute, tzinfo=UTC)


@pytest.fixture(autouse=True)
def in_english():
    """The reasons are read in English here; the page tests read them translated."""
    with translation.override("en"):
        yield


@pytest.fixture
def stations(db):
    # Stations made up for the tests: no real post's name or coordinates.
    one = Station.objects.create(
        code="T1",
        name_kk="Сынақ бекеті 1",
        operator="Test network",
        kind=Station.Kind.REFERENCE,
        openaq_location=900001,
    )
    two = Station.objects.create(
        code="T2",
        name_kk="Сынақ бекеті 2",
        operator="Test network",
        kind=Station.Kind.LOW_COST,
        parameters=["pm10"],
    )
    return one, two


def ingest(name: str, **options):
    with (DATA / name).open("rb") as handle:
        return ingest_file(handle=handle, file_name=name, **options)


def stored() -> dict[tuple[str, str, datetime.datetime], float]:
    return {
        (m.station.code, m.parameter, m.observed_at): m.value
        for m in Measurement.objects.select_related("station")
    }


def reasons(result) -> list[tuple[int, str, str]]:
    return [(line.line, line.column, line.reason) for line in result.lines]


def counts(result) -> tuple[int, int, int, int]:
    return result.rows_read, result.inserted, result.duplicates, result.rejected


def test_the_openaq_archive_csv_is_ingested_with_each_bad_line_named(stations):
    result = ingest("long.csv")
    assert result.format == "long"
    assert counts(result) == (15, 7, 2, 6)
    assert reasons(result) == [
        (6, "", "unknown_parameter"),
        (7, "", "negative"),
        (8, "", "above_ceiling"),
        (9, "", "duplicate_in_file"),
        (10, "", "unknown_station"),
        (11, "", "unknown_unit"),
        (12, "", "bad_time"),
        (14, "", "duplicate_in_file"),
    ]
    messages = {line.line: line.message for line in result.lines}
    assert messages[6] == "unknown parameter “temperature”"
    assert messages[8] == ("pm25: 25000 ug/m3 is above the plausible ceiling of 16000 ug/m3")
    assert messages[9] == "the same station, parameter and time as line 2"
    assert messages[10] == "unknown station “Nowhere”"
    assert messages[11] == "pm10: the unit “furlongs” is unknown or does not convert"
    assert messages[12] == "“yesterday” is not a date and time"
    assert len(stored()) == 7
    # The log keeps the file, its fingerprint, the counts and the lines.
    record = IngestFile.objects.get()
    assert (record.file_name, record.status, record.rows_read, record.inserted) == (
        "long.csv",
        "done",
        15,
        7,
    )
    assert len(record.sha256) == 64
    assert record.lines.count() == 8
    assert set(Measurement.objects.values_list("source_file", flat=True)) == {record.pk}


def test_stations_are_found_by_openaq_location_or_by_code(stations):
    ingest("long.csv")
    assert {station for station, _p, _t in stored()} == {"T1", "T2"}


def test_gases_are_stored_in_ug_m3_and_co_in_mg_m3_at_25_degrees(stations):
    ingest("long.csv")
    values = stored()
    # 40 ppb NO2 x 1.882 ug/m3 per ppb (25 °C); 1.2 ppm CO x 1.146 mg/m3 per ppm.
    assert values[("T1", "no2", at(5))] == pytest.approx(75.28)
    assert values[("T1", "co", at(5))] == pytest.approx(1.3752)
    assert values[("T1", "pm25", at(5))] == pytest.approx(35.5)


def test_the_gas_temperature_setting_changes_the_conversion(stations, settings):
    settings.JASYL_AQ_GAS_TEMPERATURE_C = 0
    ingest("long.csv")
    assert stored()[("T1", "no2", at(5))] == pytest.approx(40 * 1.882 * 298.15 / 273.15)


def test_times_are_stored_in_utc_and_a_time_without_offset_is_almaty_time(stations):
    ingest("long.csv")
    times = sorted(t for station, _p, t in stored() if station == "T2")
    # "2025-01-15T10:00:00+05:00" and "2025-01-15 11:00" (Almaty, UTC+5 since March 2024).
    assert times == [at(5), at(6)]


def test_the_same_instant_written_with_another_offset_is_a_duplicate(stations):
    result = ingest("long.csv")
    line = next(line for line in result.lines if line.line == 14)
    assert line.detail == {"first": 13}


@pytest.mark.parametrize("batch_size", [1, 2, 1000])
def test_each_measurement_keeps_its_line_and_a_repeat_names_the_first_whatever_the_batches(
    stations, batch_size
):
    # Lines 13 and 14 are the same instant at T2 (another offset): with batches of one or
    # two rows, line 13 was stored in an earlier batch, and the database names it.
    result = ingest("long.csv", batch_size=batch_size)
    line = next(line for line in result.lines if line.line == 14)
    assert (line.reason, line.detail) == ("duplicate_in_file", {"first": 13})
    t2 = Measurement.objects.get(station__code="T2", observed_at=at(5))
    assert (t2.source_file.file_name, t2.source_line) == ("long.csv", 13)
    assert not Measurement.objects.filter(source_line__isnull=True).exists()


def test_a_value_above_the_suspicious_bound_is_stored_and_flagged(stations):
    result = ingest("long.csv")
    assert result.flagged == 1
    flagged = Measurement.objects.get(suspicious=True)
    assert (flagged.parameter, flagged.value, flagged.observed_at) == ("pm25", 650, at(10))


def test_a_wide_spreadsheet_is_ingested_cell_by_cell(stations):
    result = ingest("wide.csv")
    assert result.format == "wide"
    assert counts(result) == (9, 6, 0, 3)
    assert reasons(result) == [
        (3, "NO2 (ppb)", "bad_value"),
        (4, "PM2.5 (µg/m³)", "not_measured"),
        (5, "PM2.5 (µg/m³)", "unknown_station"),
    ]
    assert result.lines[1].message == "the station T2 does not measure pm25"
    values = stored()
    # Semicolons, decimal commas, dd.mm.yyyy local times and мкг/м³ as a spreadsheet gives them.
    assert values[("T1", "pm25", at(5))] == pytest.approx(35.5)
    assert values[("T1", "pm10", at(5))] == pytest.approx(60)
    assert values[("T1", "no2", at(5))] == pytest.approx(75.28)
    assert values[("T1", "co", at(6))] == pytest.approx(1.5)


def test_a_wide_file_without_a_station_column_takes_the_station_given(stations):
    result = ingest("wide-one-station.csv", station="T1")
    assert counts(result) == (4, 4, 0, 0)
    assert stored()[("T1", "o3", at(5))] == pytest.approx(30 * 1.963)


def test_a_wide_file_naming_no_station_is_refused_and_stores_nothing(stations):
    with pytest.raises(IngestError, match=r"wide-one-station.csv: line 1: there is no station"):
        ingest("wide-one-station.csv")
    assert not Measurement.objects.exists()
    refused = IngestFile.objects.get()
    assert refused.status == "failed" and "no station column" in refused.error


def test_an_openaq_json_response_is_ingested(stations):
    result = ingest("openaq-measurements.json", station="T1")
    assert result.format == "openaq"
    assert counts(result) == (4, 3, 0, 1)
    assert reasons(result) == [(4, "", "negative")]
    values = stored()
    assert values[("T1", "pm25", at(5))] == pytest.approx(41.0)
    assert values[("T1", "pm25", at(6))] == pytest.approx(44.5)
    # 0.021 ppm = 21 ppb of NO2.
    assert values[("T1", "no2", at(5))] == pytest.approx(21 * 1.882)


def test_reingesting_the_same_file_inserts_nothing(stations):
    ingest("long.csv")
    before = stored()
    again = ingest("long.csv")
    assert counts(again) == (15, 0, 9, 6)
    assert stored() == before
    assert [earlier.file_name for earlier in again.seen_before] == ["long.csv"]
    # Every valid line, the two that repeat a key within the file included: the key is
    # stored, from the first ingest of the file.
    already = [line for line in again.lines if line.reason == "already_stored"]
    assert len(already) == 9
    assert already[0].message == "already stored, from the file long.csv"


def test_values_stored_from_another_file_are_duplicates(stations):
    ingest("long.csv")
    result = ingest("wide.csv")
    # T1 at 10:00: PM2.5, NO2 and CO came with long.csv; PM10 and the 11:00 values are new.
    assert counts(result) == (9, 3, 3, 3)
    assert [
        (line.line, line.column) for line in result.lines if line.reason == "already_stored"
    ] == [
        (2, "PM2.5 (µg/m³)"),
        (2, "NO2 (ppb)"),
        (2, "CO (mg/m3)"),
    ]


def test_an_unreadable_line_after_stored_batches_leaves_nothing_stored(stations, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_bytes((DATA / "long.csv").read_bytes() + b"900001,9100,T1,\xff\xfe\n")
    with broken.open("rb") as handle, pytest.raises(IngestError) as refused:
        # Small batches: several are inserted before the bad line is reached.
        ingest_file(handle=handle, file_name="broken.csv", batch_size=2)
    assert str(refused.value) == "broken.csv: line 17: the file is not UTF-8 text"
    assert not Measurement.objects.exists()
    assert not IngestLine.objects.exists()
    assert IngestFile.objects.get().status == "failed"


def test_a_missing_column_is_named(stations):
    content = b"location,datetime,parameter,units\nT1,2025-01-15T10:00:00+05:00,pm25,ug/m3\n"
    with pytest.raises(IngestError, match=r"bad.csv: line 1: missing column: value"):
        ingest_file(handle=io.BytesIO(content), file_name="bad.csv")
    assert not Measurement.objects.exists()


def test_a_dry_run_reports_what_would_happen_and_stores_nothing(stations):
    result = ingest("long.csv", dry_run=True)
    assert counts(result) == (15, 7, 2, 6)
    assert result.record is None
    assert not Measurement.objects.exists()
    assert not IngestFile.objects.exists()


def test_values_outside_the_stations_active_dates_are_rejected(stations):
    one, _two = stations
    one.active_from = datetime.date(2025, 2, 1)
    one.save()
    result = ingest("wide-one-station.csv", station="T1")
    assert counts(result) == (4, 0, 0, 4)
    assert result.lines[0].message == "the station T1 was not active on 2025-01-15"


def test_a_ceiling_not_above_the_suspicious_bound_is_refused(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(REFERENCE, folder)
    path = folder / "measurements.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "ceiling: {value: 20000, unit: ug/m3", "ceiling: {value: 500, unit: ug/m3", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError, match=r"measurements.yaml: parameters.no2.ceiling"):
        load_reference(folder)


def test_the_screening_bounds_are_project_rules_in_the_parameters_unit():
    parameters = load_reference().parameters
    assert parameters["co"].unit == "mg/m3" and parameters["pm25"].unit == "ug/m3"
    assert parameters["pm25"].ceiling.value == 16000
    assert parameters["pm25"].ceiling.status == "unverified"
    assert "project rule" in parameters["pm25"].ceiling.source


def test_nitric_oxide_is_read_as_no_and_a_bare_yaml_boolean_key_is_refused(tmp_path):
    assert "no" in load_reference().substances and "no" in load_reference().parameters
    folder = tmp_path / "data"
    shutil.copytree(REFERENCE, folder)
    path = folder / "gases.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('  "no": ', "  no: "), encoding="utf-8"
    )
    with pytest.raises(ReferenceDataError, match=r"gases.yaml: factors.False: write the code"):
        load_reference(folder)


# ------------------------------------------------------------------------------ ragged rows

LONG_HEADER = b"location_id,sensors_id,location,datetime,lat,lon,parameter,units,value\n"


def test_a_decimal_comma_in_a_comma_separated_file_refuses_it_naming_the_line(stations):
    # "12,5" unquoted is two fields: the value would be read as 12. The file is refused with
    # its line, and nothing of it is stored (docs/air-quality.md: the row path names a ragged
    # row).
    content = (
        LONG_HEADER
        + b"900001,1,T1,2025-01-15T10:00:00+05:00,43,76,pm25,ug/m3,35\n"
        + b"900001,1,T1,2025-01-15T11:00:00+05:00,43,76,pm25,ug/m3,12,5\n"
    )
    with pytest.raises(IngestError) as refused:
        ingest_file(handle=io.BytesIO(content), file_name="comma.csv")
    assert str(refused.value) == (
        "comma.csv: line 3: 10 fields where the header has 9 (a decimal comma splits a value in "
        "two in a file separated by commas)"
    )
    assert not Measurement.objects.exists()
    assert IngestFile.objects.get().status == "failed"


def test_a_row_with_a_field_missing_refuses_the_file_too(stations):
    content = (
        b"station;datetime;PM2.5 (ug/m3);PM10 (ug/m3)\n"
        b"T1;15.01.2025 10:00;35,5;60\n"
        b"T1;15.01.2025 11:00;40\n"
    )
    with pytest.raises(IngestError, match=r"wide.csv: line 3: 3 fields where the header has 4$"):
        ingest_file(handle=io.BytesIO(content), file_name="wide.csv")
    assert not Measurement.objects.exists()


# ------------------------------------------------------------------------------ exact values


def test_a_value_exact_in_decimal_is_stored_exact_whatever_its_unit(stations):
    # 0.0355 mg/m3 divided by 0.001 is 35.49999999999999 (AQI 100); stored, it is 35.5 (101).
    # 71 ppb of O3 x 1.963 ug/m3 per ppb is 139.373, not 139.37300000000002.
    content = (
        LONG_HEADER
        + b"900001,1,T1,2025-01-15T10:00:00+05:00,43,76,pm25,mg/m3,0.0355\n"
        + b"900001,1,T1,2025-01-15T10:00:00+05:00,43,76,o3,ppb,71\n"
        + b"900001,1,T1,2025-01-15T10:00:00+05:00,43,76,no2,mg/m3,0.2\n"
    )
    ingest_file(handle=io.BytesIO(content), file_name="units.csv")
    values = stored()
    assert values[("T1", "pm25", at(5))] == 35.5
    assert values[("T1", "o3", at(5))] == 139.373
    # NO2's ПДК м.р., 0.2 mg/m3, is 200 ug/m3: a value on it is not above it.
    assert values[("T1", "no2", at(5))] == 200


# ------------------------------------------------------------------------------ ЭВЗ


def test_a_value_of_60_times_the_mpc_is_stored_and_graded_extremely_high(stations):
    # PM2.5's ПДК м.р. is 0.16 mg/m3: 60 x = 9.6 mg/m3 = 9600 ug/m3, above the ЭВЗ threshold of
    # 50 x (8000 ug/m3). It was refused as implausible above the old ceiling (2000 ug/m3); the
    # ceiling is now at least twice the ЭВЗ threshold (16000 ug/m3).
    content = LONG_HEADER + b"900001,1,T1,2025-01-15T10:00:00+05:00,43,76,pm25,ug/m3,9600\n"
    result = ingest_file(handle=io.BytesIO(content), file_name="smoke.csv")
    assert (result.inserted, result.rejected, result.flagged) == (1, 0, 1)
    one = Station.objects.get(code="T1")
    reference = load_reference()
    [episode] = episodes(episode_samples(one.pk, 2025, reference), reference)
    assert (episode.sample.substance, episode.multiple, episode.extreme) == ("pm25", 60, True)


def test_every_ceiling_leaves_room_for_extremely_high_pollution():
    reference = load_reference()
    extreme = reference.kazhydromet.extreme_multiple.value
    for code, parameter in reference.parameters.items():
        mpc = reference.substances[code].max_single
        in_unit = mpc.value / {"ug/m3": 1e-3, "mg/m3": 1.0}[parameter.unit]
        assert parameter.ceiling.value >= 2 * extreme * in_unit, code


def test_a_ceiling_below_twice_the_ezv_threshold_is_refused(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(REFERENCE, folder)
    path = folder / "measurements.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "ceiling: {value: 20000, unit: ug/m3", "ceiling: {value: 5000, unit: ug/m3", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError) as refused:
        load_reference(folder)
    assert str(refused.value) == (
        "measurements.yaml: parameters.no2.ceiling.value: 5000 ug/m3 is below 2 x the threshold "
        "of extremely high pollution (50 x the ПДК м.р. = 10000 ug/m3): values the index grades "
        "would be refused"
    )
