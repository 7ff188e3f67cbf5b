"""The zones' areas from spatial files (`jasyl import lez-zones`): created from GeoJSON, a
GeoPackage or a zipped Shapefile, moved and renamed with their phases kept, and a file with bad
features refused whole, each named by its feature number and column."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.contrib.gis.geos import Polygon
from django.core.exceptions import PermissionDenied
from django.utils import translation

from jasyl.domain.lez import sample
from jasyl.domain.lez.models import Zone
from jasyl.domain.lez.services import PhaseSpec, save_zone
from jasyl.testing.greenfund import feature, refusals, run, write_geojson

pytestmark = pytest.mark.django_db


def square(west: float, south: float, size: float = 0.02) -> dict:
    east, north = west + size, south + size
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


CENTRE = square(76.92, 43.24)
NAMES = {"name_kk": "Орталық", "name_ru": "Центр", "name_en": "Centre"}


def zones_file(tmp_path: Path, *features: dict, name: str = "zones.geojson") -> Path:
    return write_geojson(tmp_path, name, list(features))


def test_zones_are_created_from_geojson_and_a_repeated_file_changes_nothing(tmp_path):
    two = {
        "type": "MultiPolygon",
        "coordinates": [square(76.80, 43.20)["coordinates"], square(76.85, 43.20)["coordinates"]],
    }
    path = zones_file(
        tmp_path,
        feature(CENTRE, code="centre", information_url="https://example.org/lez", **NAMES),
        feature(two, code="west", name_kk="Батыс"),
    )

    first = run("lez-zones", path)

    assert (first.ok, first.created) == (True, 2)
    centre = Zone.objects.get(code="centre")
    assert (centre.name_ru, centre.name_en, centre.sample) == ("Центр", "Centre", False)
    assert centre.information_url == "https://example.org/lez"
    assert centre.geometry.geom_type == "MultiPolygon" and centre.geometry.srid == 4326
    assert len(Zone.objects.get(code="west").geometry) == 2
    again = run("lez-zones", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_known_zone_is_moved_and_renamed_and_keeps_its_phases_and_rules(tmp_path):
    save_zone(
        code="centre",
        name={"kk": "Ескі"},
        geometry=Polygon.from_bbox((76.0, 43.0, 76.1, 43.1)),
        phases=[PhaseSpec(datetime.date(2027, 1, 1), {"kk": "1"}, sample.PHASES[1].rules)],
    )

    result = run("lez-zones", zones_file(tmp_path, feature(CENTRE, code="centre", **NAMES)))

    assert (result.created, result.updated) == (0, 1)
    zone = Zone.objects.get(code="centre")
    assert zone.name_kk == "Орталық"
    assert zone.geometry.extent == pytest.approx((76.92, 43.24, 76.94, 43.26))
    phase = zone.phases.get()
    assert sorted(phase.rules.values_list("code", flat=True)) == [
        "S2-DIESEL", "S2-HEAVY", "S2-PETROL",
    ]  # fmt: skip


def test_bad_features_are_named_by_number_and_column_and_nothing_is_written(tmp_path):
    sample.generate()
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[76.9, 43.2], [77.0, 43.3], [77.0, 43.2], [76.9, 43.3], [76.9, 43.2]]],
    }
    path = zones_file(
        tmp_path,
        feature(CENTRE, code="good", **NAMES),
        feature(bowtie, code="twisted", name_kk="x"),
        feature({"type": "Point", "coordinates": [76.9, 43.2]}, code="dot", name_kk="x"),
        feature(CENTRE, code="no name", name_kk="x"),
        feature(CENTRE, code="nameless", name_kk=""),
        feature(CENTRE, code="link", name_kk="x", information_url="javascript:alert(1)"),
        feature(CENTRE, code=sample.CODE, name_kk="x"),
        feature(CENTRE, code="good", name_kk="again"),
    )

    with translation.override("en"):
        result = run("lez-zones", path)

    found = [(line, column) for line, column, _message in refusals(result)]
    assert found == [
        (2, "geometry"), (3, "geometry"), (4, "code"), (5, "name_kk"),
        (6, "information_url"), (7, "code"), (8, "code"),
    ]  # fmt: skip
    assert "feature 2, column geometry: the geometry is not valid" in result.refused[0].text()
    assert "sample zone" in refusals(result)[5][2]
    assert not Zone.objects.filter(sample=False).exists()


def test_a_file_without_a_code_column_is_refused_naming_it(tmp_path):
    path = zones_file(tmp_path, feature(CENTRE, zone="centre", name_kk="x"))
    with translation.override("en"):
        result = run("lez-zones", path)
    assert [(r.line, r.column) for r in result.refused] == [(None, "code"), (None, "zone")]


def spatial(source: Path, suffix: str) -> Path:
    """The GeoJSON file as a GeoPackage or a zipped Shapefile (GDAL's ogr2ogr)."""
    ogr2ogr = shutil.which("ogr2ogr") or "ogr2ogr"
    if suffix == ".gpkg":
        path = source.with_suffix(".gpkg")
        subprocess.run([ogr2ogr, str(path), str(source)], check=True, capture_output=True)
        return path
    folder = source.parent / source.stem
    folder.mkdir()
    shp = folder / "zones.shp"
    options = ["-lco", "ENCODING=UTF-8"]
    subprocess.run([ogr2ogr, *options, str(shp), str(source)], check=True, capture_output=True)
    path = source.with_suffix(".zip")
    with zipfile.ZipFile(path, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, part.name)
    return path


@pytest.mark.parametrize("suffix", [".gpkg", ".zip"])
def test_zones_from_a_geopackage_or_a_zipped_shapefile(tmp_path, suffix):
    good = feature(CENTRE, code="centre", **NAMES)
    bad = zones_file(tmp_path, good, feature(square(76.8, 43.2), code="west"), name="bad.geojson")

    refused = run("lez-zones", spatial(bad, suffix))

    assert [(line, column) for line, column, _m in refusals(refused)] == [(2, "name_kk")]
    assert not Zone.objects.exists()
    result = run("lez-zones", spatial(zones_file(tmp_path, good), suffix))
    assert result.created == 1
    assert Zone.objects.get(code="centre").name_kk == "Орталық"


def test_only_the_programme_office_imports_zones(team, tmp_path):
    path = zones_file(tmp_path, feature(CENTRE, code="centre", **NAMES))
    with pytest.raises(PermissionDenied):
        run("lez-zones", path, actor=team["editor"])
    assert run("lez-zones", path, actor=team["administrator"]).created == 1
