"""The zones in the database: the command-line checker on the sample zone, a refused rule, the
detection import (the plate column, bad rows, a repeated file) and the air inside and outside on
a hand-worked case."""

from __future__ import annotations

import datetime
import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from jasyl.core.imports.pipeline import ImportContext, import_file, run_import
from jasyl.domain.airquality.ingest import ingest_file
from jasyl.domain.airquality.tests.factories import local, station
from jasyl.domain.lez import effect, sample, selectors
from jasyl.domain.lez.models import DailyDetection, Zone
from jasyl.domain.lez.services import PhaseSpec, RuleSpec, save_zone

pytestmark = pytest.mark.django_db

HEADER = "zone,camera,day,vehicle_class,detected,compliant,non_compliant,exempt,violations\n"


@pytest.fixture
def zone() -> Zone:
    sample.generate()
    return Zone.objects.get(code=sample.CODE)


def test_the_command_line_checker_prints_the_issue_s_json(zone):
    out = StringIO()
    call_command(
        "lez", "check", "--zone", zone.code, "--category", "M1", "--fuel", "diesel",
        "--euro", "4", "--year", "2012", "--at", "2027-01-10T09:00", "--format", "json",
        stdout=out,
    )  # fmt: skip
    answer = json.loads(out.getvalue())
    assert set(answer) == {"decision", "charge", "rule", "exemption", "message"}
    assert (answer["decision"], answer["rule"], answer["charge"]) == ("banned", "S2-DIESEL", None)
    assert set(answer["message"]) == {"kk", "ru", "en"}
    assert "Sample zone" in answer["message"]["en"]


def test_a_rule_with_a_bad_time_window_is_refused_with_its_phase_and_code():
    bad = RuleSpec(
        code="R9", effect="charge", charge=1, legal_act="x", verification_status="sample",
        hours="Mo-Fx 07:00-19:00", categories=("M9",),
    )  # fmt: skip
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        save_zone(
            code="z",
            name={"kk": "z"},
            geometry=Polygon.from_bbox((76.9, 43.2, 77.0, 43.3)),
            phases=[PhaseSpec(datetime.date(2027, 1, 1), {"kk": "1"}, [bad])],
        )
    message = str(refused.value)
    assert "2027-01-01" in message and "R9" in message
    assert "Mo-Fx" in message and "M9" in message
    assert not Zone.objects.filter(code="z").exists()


def run(tmp_path: Path, text: str, name: str = "counts.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with translation.override("en"):
        return run_import("lez-detections", path, context=ImportContext(actor=None))


def test_a_file_with_a_plate_column_is_refused_as_a_whole(zone, tmp_path):
    text = "zone,camera,day,detected,compliant,non_compliant,exempt,violations,Госномер\n"
    text += f"{zone.code},C1,2026-02-01,10,8,2,0,1,A123BC02\n"
    result = run(tmp_path, text)
    assert not result.ok
    assert "Госномер" in result.refused[0].message
    assert "plate" in result.refused[0].message
    assert not DailyDetection.objects.filter(camera="C1").exists()
    # Through the logged path (the command line, the upload page) the file is not kept either:
    # the log holds the refusal, never the plates.
    path = tmp_path / "counts.csv"
    with translation.override("en"):
        log, logged = import_file("lez-detections", path, context=ImportContext(actor=None))
    log.refresh_from_db()
    assert not logged.ok and not log.file
    assert "Госномер" in log.refused[0]["text"]


def test_bad_rows_are_named_and_nothing_is_written(zone, tmp_path):
    text = HEADER
    text += f"{zone.code},C1,2026-02-01,,10,8,1,0,1\n"
    text += f"{zone.code},C1,2026-02-02,,10,8,2,1,0\n"  # 11 classified of 10
    text += f"{zone.code},C1,2026-02-03,,10,8,1,0,2\n"  # 2 violations of 1
    text += "nowhere,C1,2026-02-04,,10,8,1,0,0\n"
    text += f"{zone.code},C1,2026-02-05,X9,10,8,1,0,0\n"
    result = run(tmp_path, text)
    assert [(r.line, r.column) for r in result.refused] == [
        (3, "detected"), (4, "violations"), (5, "zone"), (6, "vehicle_class"),
    ]  # fmt: skip
    assert not DailyDetection.objects.filter(camera="C1").exists()


def test_good_counts_are_imported_and_a_repeated_file_changes_nothing(zone, tmp_path):
    text = HEADER + f"{zone.code},C1,2026-02-01,M1,10,8,1,0,1\n"
    first = run(tmp_path, text)
    assert (first.ok, first.created) == (True, 1)
    again = run(tmp_path, text)
    assert (again.created, again.unchanged) == (0, 1)
    row = DailyDetection.objects.get(camera="C1")
    assert (row.vehicle_class, row.detected, row.violations) == ("M1", 10, 1)


def test_the_difference_in_differences_on_a_hand_worked_case():
    day = datetime.date(2027, 1, 1)
    days = [day + datetime.timedelta(days=n) for n in range(-2, 2)]
    # Gaps inside minus outside: before 10 and 14 (mean 12, variance 8), after 6 and 8 (mean 7,
    # variance 2). Estimate 7 - 12 = -5; standard error sqrt(2/2 + 8/2) = sqrt(5) = 2.236;
    # interval -5 ± 1.96 × 2.236 = (-9.383, -0.617).
    inside = dict(zip(days, [40.0, 44.0, 30.0, 33.0], strict=True))
    outside = dict(zip(days, [30.0, 30.0, 24.0, 25.0], strict=True))
    found = effect.difference_in_differences("pm25", inside, outside, day)
    assert (found.estimate, found.days_before, found.days_after) == (-5.0, 2, 2)
    assert (round(found.low, 3), round(found.high, 3)) == (-9.383, -0.617)
    with pytest.raises(effect.TooFewDays):
        effect.difference_in_differences("pm25", inside, outside, days[-1])


def _hourly_file(days: dict[str, list[tuple[datetime.date, list[float]]]]) -> io.BytesIO:
    """A wide CSV of PM2.5 hourly values per station: each day's values from 00:00 local."""
    lines = ["station,datetime,PM2.5 (µg/m³)"]
    for code, found in days.items():
        for day, values in found:
            lines += [f"{code},{local(day, h).isoformat()},{v}" for h, v in enumerate(values)]
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def test_stations_are_placed_by_the_zone_s_area_and_compared_per_phase(zone):
    # The hand-worked case above, from hourly measurements of a sample station inside the
    # sample zone and one north of it, around phase 1's start (1 July 2025). Inside, each day
    # alternates two values around its mean (38/42 is 40); outside, a day has one value.
    inside = station("IN", sample=True, latitude="43.250000", longitude="76.930000")
    outside = station("OUT", sample=True, latitude="43.350000", longitude="76.930000")
    start = datetime.date(2025, 7, 1)
    days = [start + datetime.timedelta(days=n) for n in range(-3, 2)]
    spread = [-2.0, 2.0] * 12
    measured = {
        # 27 June: 10 hours only inside, under the 18 a daily mean needs: not compared.
        "IN": [(days[0], [50.0] * 10)]
        + [
            (day, [mean + s for s in spread])
            for day, mean in zip(days[1:], [40, 44, 30, 33], strict=True)
        ],
        "OUT": [(day, [mean] * 24) for day, mean in zip(days, [90, 30, 30, 24, 25], strict=True)],
    }
    ingest_file(handle=_hourly_file(measured), file_name="hours.csv", format="wide")

    found_in, found_out, effects = selectors.air_effect(zone)
    assert ([s.pk for s in found_in], [s.pk for s in found_out]) == ([inside.pk], [outside.pk])
    first = effects[0]
    assert first.phase.starts_on == start and first.missing == []
    pm25 = first.estimates[0]
    assert (pm25.parameter, pm25.days_before, pm25.days_after) == ("pm25", 2, 2)
    assert (pm25.gap_before, pm25.gap_after, pm25.estimate) == (12.0, 7.0, -5.0)
    assert (round(pm25.low, 3), round(pm25.high, 3)) == (-9.383, -0.617)
    # Phase 2 (1 January 2027) is after every measurement: nothing is compared for it.
    assert all(not later.estimates for later in effects[1:])


def test_the_export_places_its_cameras_and_a_camera_in_two_places_is_refused(zone, tmp_path):
    header = HEADER.rstrip("\n") + ",longitude,latitude\n"
    text = header + f"{zone.code},C1,2026-02-01,,10,8,1,0,1,76.93,43.25\n"
    text += f"{zone.code},C1,2026-02-02,,10,8,1,0,1,76.93,43.25\n"
    text += f"{zone.code},C2,2026-02-01,,10,8,1,0,1,,\n"
    assert run(tmp_path, text).created == 3
    placed = {c.code: c for c in zone.cameras.all()}
    assert set(placed) == {"C1", *sample.CAMERAS}
    assert placed["C1"].geometry.coords == (76.93, 43.25) and placed["C1"].sample

    moved = run(tmp_path, header + f"{zone.code},C1,2026-02-01,,10,8,1,0,1,76.94,43.25\n")
    assert (moved.updated, moved.unchanged) == (1, 0)
    assert zone.cameras.get(code="C1").geometry.coords == (76.94, 43.25)

    text = header + f"{zone.code},C1,2026-02-03,,10,8,1,0,1,76.95,43.25\n"
    text += f"{zone.code},C1,2026-02-04,,10,8,1,0,1,76.96,43.25\n"
    refused = run(tmp_path, text)
    assert [(r.line, r.column) for r in refused.refused] == [(3, "geometry")]
    assert "line 2" in refused.refused[0].message
    assert zone.cameras.get(code="C1").geometry.coords == (76.94, 43.25)
