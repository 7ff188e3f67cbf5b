"""Boundaries from the office's file: GeoJSON, GeoPackage and Shapefile, in WGS 84 or another
spatial reference; every unusable feature named; all or nothing. The polygons are synthetic
squares near Almaty, not the city's real districts."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.core.management import CommandError, call_command
from django.utils import translation

from jasyl.domain.places.boundaries import BoundaryError, load_boundaries
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.places.selectors import district_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are compared in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


# Two squares of 0.02° side, west and east, sharing the meridian 76.92° E.
WEST = [[76.90, 43.24], [76.92, 43.24], [76.92, 43.26], [76.90, 43.26], [76.90, 43.24]]
EAST = [[76.92, 43.24], [76.94, 43.24], [76.94, 43.26], [76.92, 43.26], [76.92, 43.24]]
# A bow tie: its edges cross, so it is not a valid polygon.
BOW_TIE = [[76.90, 43.20], [76.92, 43.22], [76.92, 43.20], [76.90, 43.22], [76.90, 43.20]]


def feature(code: str, ring: list[list[float]], **names: str) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": {"code": code, "name_kk": f"{code} ауданы", **names},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def geojson(folder: Path, *features: dict[str, object], name: str = "districts") -> Path:
    path = folder / f"{name}.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": list(features)}), encoding="utf-8"
    )
    return path


def converted(source: Path, suffix: str, *options: str) -> Path:
    """The same features written by GDAL's ogr2ogr in another format or reference."""
    target = source.with_name(f"{source.stem}-{suffix.strip('.')}{suffix}")
    subprocess.run(
        [shutil.which("ogr2ogr") or "ogr2ogr", *options, str(target), str(source)],
        check=True,
        capture_output=True,
    )
    return target


def test_districts_load_from_geojson_with_their_names_and_area(tmp_path):
    path = geojson(tmp_path, feature("west", WEST, name_ru="Западный"), feature("east", EAST))
    loaded = load_boundaries(path)
    assert loaded.created == ["west", "east"]
    west = AdministrativeUnit.objects.get(code="west")
    assert (west.name_kk, west.name_ru, west.level) == ("west ауданы", "Западный", "district")
    # 0.02° x 0.02° at 43.25° N: 1,621 m east-west by 2,224 m north-south, about 360 ha.
    assert Decimal("355") < west.area_ha < Decimal("365")
    assert west.source == "districts.geojson"


@pytest.mark.parametrize(
    ("suffix", "options"),
    [(".gpkg", ["-f", "GPKG"]), (".shp", ["-f", "ESRI Shapefile"])],
    ids=["geopackage", "shapefile"],
)
def test_a_geopackage_and_a_shapefile_give_the_same_units(tmp_path, suffix, options):
    source = geojson(tmp_path, feature("west", WEST), feature("east", EAST))
    load_boundaries(converted(source, suffix, *options))
    assert sorted(AdministrativeUnit.objects.values_list("code", flat=True)) == ["east", "west"]
    assert district_at(Point(76.91, 43.25, srid=4326)).code == "west"


def test_a_file_in_utm_43n_is_moved_to_wgs_84(tmp_path):
    source = geojson(tmp_path, feature("west", WEST))
    projected = converted(source, ".gpkg", "-f", "GPKG", "-t_srs", "EPSG:32643")
    load_boundaries(projected)
    west = AdministrativeUnit.objects.get(code="west")
    assert west.boundary.srid == 4326
    assert west.boundary.extent == pytest.approx((76.90, 43.24, 76.92, 43.26), abs=1e-6)


def test_each_point_gets_the_district_that_holds_it(tmp_path):
    load_boundaries(geojson(tmp_path, feature("west", WEST), feature("east", EAST)))
    assert district_at(Point(76.93, 43.25, srid=4326)).code == "east"
    assert district_at(Point(76.91, 43.25, srid=4326)).code == "west"
    assert district_at(Point(77.50, 43.25, srid=4326)) is None


def test_every_unusable_feature_is_named_and_nothing_is_written(tmp_path):
    point = {
        "type": "Feature",
        "properties": {"code": "dot", "name_kk": "Нүкте"},
        "geometry": {"type": "Point", "coordinates": [76.9, 43.2]},
    }
    path = geojson(
        tmp_path,
        feature("west", WEST),
        feature("", EAST),
        feature("west", EAST),
        feature("bow", BOW_TIE),
        point,
    )
    with pytest.raises(BoundaryError) as refused:
        load_boundaries(path)
    assert refused.value.problems == [
        "districts.geojson, feature 2: the field code is empty.",
        "districts.geojson, feature 3 (west): the code is also that of feature 1.",
        "districts.geojson, feature 4 (bow): its polygon is not valid "
        "(Self-intersection[76.91 43.21]).",
        "districts.geojson, feature 5 (dot): its geometry is a Point, not a polygon.",
    ]
    assert not AdministrativeUnit.objects.exists()


def test_a_file_without_a_spatial_reference_is_refused(tmp_path):
    source = geojson(tmp_path, feature("west", WEST))
    shapefile = converted(source, ".shp", "-f", "ESRI Shapefile")
    shapefile.with_suffix(".prj").unlink()
    with pytest.raises(BoundaryError, match="has no spatial reference; Jasyl will not guess"):
        load_boundaries(shapefile)


def test_loading_again_updates_what_changed_and_leaves_the_rest(tmp_path):
    load_boundaries(geojson(tmp_path, feature("west", WEST), feature("east", EAST)))
    wider_east = [[76.92, 43.24], [76.96, 43.24], [76.96, 43.26], [76.92, 43.26], [76.92, 43.24]]
    again = load_boundaries(
        geojson(tmp_path, feature("west", WEST), feature("east", wider_east), name="v2")
    )
    assert (again.created, again.updated, again.unchanged) == ([], ["east"], ["west"])
    east = AdministrativeUnit.objects.get(code="east")
    assert Decimal("710") < east.area_ha < Decimal("730")
    assert east.source == "v2.geojson"


def test_the_command_loads_smaller_units_within_a_district_and_a_dry_run_writes_nothing(
    tmp_path,
):
    call_command(
        "load_boundaries", str(geojson(tmp_path, feature("west", WEST))), stdout=StringIO()
    )
    quarter = [[76.90, 43.24], [76.91, 43.24], [76.91, 43.25], [76.90, 43.25], [76.90, 43.24]]
    units = geojson(tmp_path, feature("west-1", quarter), name="units")
    out = StringIO()
    call_command(
        "load_boundaries", str(units), "--level", "subdistrict", "--within", "west", "--dry-run",
        stdout=out,
    )  # fmt: skip
    assert out.getvalue() == "units.geojson: 1 units would be created, 0 updated, 0 unchanged.\n"
    assert not AdministrativeUnit.objects.filter(code="west-1").exists()
    call_command(
        "load_boundaries", str(units), "--level", "subdistrict", "--within", "west",
        stdout=StringIO(),
    )  # fmt: skip
    unit = AdministrativeUnit.objects.get(code="west-1")
    assert (unit.level, unit.parent.code) == ("subdistrict", "west")
    # A smaller unit is not a district: points inside it still get their district.
    assert district_at(Point(76.905, 43.245, srid=4326)).code == "west"


def test_the_command_names_the_problems_and_other_field_names_can_be_given(tmp_path):
    renamed = {
        "type": "Feature",
        "properties": {"KOD": "north", "ATY": "Солтүстік"},
        "geometry": {"type": "Polygon", "coordinates": [WEST]},
    }
    path = geojson(tmp_path, renamed)
    with pytest.raises(CommandError, match="no field code, name_kk"):
        call_command("load_boundaries", str(path), stdout=StringIO())
    call_command(
        "load_boundaries", str(path), "--code-field", "KOD", "--name-kk-field", "ATY",
        stdout=StringIO(),
    )  # fmt: skip
    assert AdministrativeUnit.objects.get(code="north").name_kk == "Солтүстік"
    table = tmp_path / "districts.csv"
    table.write_text("code,name_kk\nnorth,Солтүстік\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not a GeoJSON, GeoPackage or Shapefile"):
        call_command("load_boundaries", str(table), stdout=StringIO())
