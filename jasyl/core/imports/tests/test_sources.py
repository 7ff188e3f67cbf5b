"""Reading an import file of every format into rows: cells by column, the line or feature
number, the geometry in WGS 84; and refusing, as a whole, a file that cannot be read."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from jasyl.core.imports.sources import Format, read_source
from jasyl.core.uploads import UnreadableFile
from jasyl.testing.bombs import gigabyte_bomb


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def points_geojson(tmp_path: Path, *, crs: str | None = None) -> Path:
    """Two points (the second in UTM 43N when `crs` says so) and their attributes."""
    features = [
        {
            "type": "Feature",
            "properties": {"code": "T-1", "height_m": 12.5},
            "geometry": {"type": "Point", "coordinates": [76.95, 43.25]},
        },
        {
            "type": "Feature",
            "properties": {"code": "T-2", "height_m": None},
            "geometry": {"type": "Point", "coordinates": [76.96, 43.26]},
        },
    ]
    document: dict[str, object] = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    path = tmp_path / "trees.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def ogr2ogr(source: Path, target: Path, *options: str) -> Path:
    command = [shutil.which("ogr2ogr") or "ogr2ogr", *options, str(target), str(source)]
    subprocess.run(command, check=True, capture_output=True)
    return target


def test_a_csv_gives_its_rows_with_their_line_and_a_point_from_longitude_and_latitude(tmp_path):
    path = tmp_path / "trees.csv"
    path.write_text(
        'code,longitude,latitude\nT-1,"76,95",43.25\n\nT-2,200,43\nT-3,,\n', encoding="utf-8"
    )
    source = read_source(path)
    assert source.format == Format.CSV and source.columns == ["code", "longitude", "latitude"]
    first, second, third = source.rows
    assert (first.line, first.get("code"), first.geometry.coords) == (2, "T-1", (76.95, 43.25))
    assert first.geometry.srid == 4326
    assert second.line == 4, "the blank line is skipped, the numbering is the file's"
    assert second.geometry is None
    assert second.geometry_problem == "longitude “200” is not a number from -180 to 180."
    assert (third.geometry, third.geometry_problem) == (None, "")


def test_a_wkt_column_gives_any_geometry_and_an_invalid_one_is_named(tmp_path):
    path = tmp_path / "parks.csv"
    path.write_text(
        "code,wkt\n"
        'P-1,"POLYGON((76.9 43.2, 76.91 43.2, 76.91 43.21, 76.9 43.21, 76.9 43.2))"\n'
        'P-2,"POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))"\n'
        "P-3,not wkt\n",
        encoding="utf-8",
    )
    good, bowtie, bad = read_source(path).rows
    assert good.geometry.geom_type == "Polygon"
    assert bowtie.geometry_problem.startswith("the geometry is not valid: Self-intersection")
    assert bad.geometry_problem == "“not wkt” is not a geometry in WKT."


def test_an_excel_workbook_gives_its_first_sheet_and_its_title(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Trees"
    sheet.append(["code", "longitude", "latitude", "planted"])
    sheet.append(["T-1", 76.95, 43.25, None])
    path = tmp_path / "trees.xlsx"
    workbook.save(path)
    source = read_source(path)
    assert (source.format, source.sheet) == (Format.XLSX, "Trees")
    assert source.rows[0].cells == {
        "code": "T-1",
        "longitude": "76.95",
        "latitude": "43.25",
        "planted": "",
    }


def test_geojson_features_are_numbered_and_moved_to_wgs84(tmp_path):
    source = read_source(points_geojson(tmp_path))
    assert source.format == Format.GEOJSON and source.spatial
    assert [row.line for row in source.rows] == [1, 2]
    assert source.rows[0].cells == {"code": "T-1", "height_m": "12.5"}
    assert source.rows[1].cells["height_m"] == ""
    assert source.rows[0].geometry.srid == 4326


@pytest.mark.parametrize("suffix", [".gpkg", ".shp"])
def test_geopackage_and_shapefile_in_another_reference_come_back_in_wgs84(tmp_path, suffix):
    original = points_geojson(tmp_path)
    converted = ogr2ogr(original, tmp_path / f"trees{suffix}", "-t_srs", "EPSG:32643")
    source = read_source(converted)
    assert source.format == (Format.GPKG if suffix == ".gpkg" else Format.SHAPEFILE)
    x, y = source.rows[0].geometry.coords
    assert (round(x, 6), round(y, 6)) == (76.95, 43.25)
    assert source.rows[0].get("code") == "T-1"


def test_a_zipped_shapefile_is_read_and_a_zip_without_one_is_refused(tmp_path):
    (tmp_path / "layer").mkdir()
    shp = ogr2ogr(points_geojson(tmp_path), tmp_path / "layer" / "trees.shp")
    archive = tmp_path / "trees.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for part in shp.parent.iterdir():
            out.write(part, f"inside/{part.name}")
    source = read_source(archive)
    assert (source.format, len(source.rows)) == (Format.SHAPEFILE, 2)
    lacking = tmp_path / "lacking.zip"
    with zipfile.ZipFile(lacking, "w") as out:
        out.write(shp, "trees.shp")
    with pytest.raises(UnreadableFile, match=r"lacks its part\(s\) .shx, .dbf"):
        read_source(lacking)


def test_a_zip_bomb_named_like_a_shapefile_is_refused_from_its_directory(tmp_path):
    path = tmp_path / "trees.zip"
    path.write_bytes(gigabyte_bomb())
    with pytest.raises(UnreadableFile, match="unpacks to"):
        read_source(path)


def test_a_layer_without_a_reference_system_is_refused_not_guessed(tmp_path):
    shp = ogr2ogr(points_geojson(tmp_path), tmp_path / "trees.shp")
    shp.with_suffix(".prj").unlink()
    with pytest.raises(UnreadableFile, match="no spatial reference; Jasyl will not guess one"):
        read_source(shp)


def test_a_spatial_file_of_more_rows_than_the_limit_is_refused(tmp_path, settings):
    settings.JASYL_IMPORT_MAX_ROWS = 1
    with pytest.raises(UnreadableFile, match="more than 1 rows"):
        read_source(points_geojson(tmp_path))


def test_a_file_that_is_not_geojson_is_refused_as_a_whole(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(UnreadableFile, match="cannot be read as GeoJSON"):
        read_source(path)


def test_a_layer_of_mixed_geometry_types_keeps_each_features_geometry(tmp_path):
    path = tmp_path / "mixed.geojson"
    square = [[[76.9, 43.2], [76.91, 43.2], [76.91, 43.21], [76.9, 43.2]]]
    features = [
        {
            "type": "Feature",
            "properties": {"code": "a"},
            "geometry": {"type": "Point", "coordinates": [76.9, 43.2]},
        },
        {
            "type": "Feature",
            "properties": {"code": "b"},
            "geometry": {"type": "Polygon", "coordinates": square},
        },
        {"type": "Feature", "properties": {"code": "c"}, "geometry": None},
    ]
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    point, polygon, nothing = read_source(path).rows
    assert (point.geometry.geom_type, polygon.geometry.geom_type) == ("Point", "Polygon")
    assert (nothing.geometry, nothing.geometry_problem) == (None, "")
