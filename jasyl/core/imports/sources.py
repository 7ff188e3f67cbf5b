"""The rows of an import file, whatever its format: CSV (UTF-8), Excel (.xlsx, its first sheet),
GeoJSON, GeoPackage, or a Shapefile (the `.shp` with its `.shx`, `.dbf` and `.prj` beside it,
or all of them in one `.zip`).

Every row comes as a `SourceRow`: its line (the row's number in a table, header = 1; the
feature's number in a spatial layer, first = 1, as GIS programs count), its cells as text by
column, and its geometry in WGS 84 when it has one. A table gives a point from its `longitude`
and `latitude` columns or any geometry from a `wkt` column; a spatial file gives its features'
geometry, moved to WGS 84 from the layer's own spatial reference (a layer without one is refused:
Jasyl never guesses a coordinate system).

Limits before anything is parsed: the file's size (checked by the caller), a ZIP's directory (the
same zip-bomb checks as a workbook's), and at most `JASYL_IMPORT_MAX_ROWS` rows or features.
"""

from __future__ import annotations

import datetime
import enum
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.gis.gdal import DataSource, GDALException, OGRGeometry
from django.contrib.gis.geos import GEOSException, GEOSGeometry, Point
from django.utils.translation import gettext as _

from jasyl.core.text import number_text
from jasyl.core.uploads import (
    XLSX_SIGNATURE,
    UnreadableFile,
    check_archive,
    count_text,
    plain_cell,
    read_rows,
    row_limit_message,
    sheet_title,
)

WGS84 = 4326
GEOMETRY = "geometry"
"""The column named in a refusal of a row's geometry."""
LONGITUDE, LATITUDE, WKT = "longitude", "latitude", "wkt"
GPKG_SIGNATURE = b"SQLite format 3\x00"
SPATIAL_EXTENSIONS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GPKG",
    ".shp": "ESRI Shapefile",
}
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf")


class Format(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    GEOJSON = "geojson"
    GPKG = "gpkg"
    SHAPEFILE = "shapefile"


FORMAT_NAMES = {
    Format.CSV: "CSV",
    Format.XLSX: "Excel (.xlsx)",
    Format.GEOJSON: "GeoJSON",
    Format.GPKG: "GeoPackage",
    Format.SHAPEFILE: "Shapefile",
}


class CellRefused(Exception):
    """One cell of one row cannot be used: the column and why, in the reader's language."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass(frozen=True)
class SourceRow:
    line: int
    cells: dict[str, str]
    geometry: GEOSGeometry | None = None
    geometry_problem: str = ""
    """Why the row's geometry could not be read ("" when it could, or it has none)."""

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Source:
    format: Format
    columns: list[str]
    rows: list[SourceRow] = field(default_factory=list)
    spatial: bool = False
    """Rows are features of a spatial file (their line is a feature number)."""
    sheet: str = ""
    """The title of the workbook's sheet the rows come from."""


def detect(path: Path, head: bytes) -> Format:
    """The file's format, from its first bytes and then its extension."""
    suffix = path.suffix.lower()
    if head.startswith(GPKG_SIGNATURE):
        return Format.GPKG
    if suffix == ".shp":
        return Format.SHAPEFILE
    if head.startswith(XLSX_SIGNATURE):
        return Format.SHAPEFILE if _zipped_shapefile(path) else Format.XLSX
    if suffix in (".geojson", ".json") or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return Format.GEOJSON
    return Format.CSV


def _zipped_shapefile(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.lower().endswith(".shp") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_source(path: Path) -> Source:
    """Every row of the file, refused as a whole (`UnreadableFile`) when it cannot be read."""
    with path.open("rb") as handle:
        head = handle.read(64)
    kind = detect(path, head)
    if kind in (Format.CSV, Format.XLSX):
        return _table(path, kind)
    if kind == Format.SHAPEFILE and path.suffix.lower() != ".shp":
        check_archive(path.read_bytes())
        with tempfile.TemporaryDirectory() as folder:
            shp = _unzip_shapefile(path, Path(folder))
            return _spatial(shp, kind)
    return _spatial(path, kind)


# ------------------------------------------------------------------------------ tables


def _table(path: Path, kind: Format) -> Source:
    content = path.read_bytes()
    columns, rows = read_rows(content, table_cell)
    sheet = sheet_title(content) if kind == Format.XLSX else ""
    source = Source(format=kind, columns=[c for c in columns if c], sheet=sheet)
    for _place, number, cells in rows:
        geometry, problem = _table_geometry(cells)
        source.rows.append(SourceRow(number, cells, geometry, problem))
    return source


def table_cell(value: object) -> str:
    """A workbook cell as typed: a date as YYYY-MM-DD, a time as YYYY-MM-DD HH:MM, a number in
    full."""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return plain_cell(value)


def _table_geometry(cells: dict[str, str]) -> tuple[GEOSGeometry | None, str]:
    if cells.get(WKT):
        try:
            geometry = GEOSGeometry(cells[WKT], srid=WGS84)
        except (GEOSException, ValueError, TypeError):
            return None, _("“%(value)s” is not a geometry in WKT.") % {"value": cells[WKT][:60]}
        return _checked(geometry)
    longitude, latitude = cells.get(LONGITUDE, ""), cells.get(LATITUDE, "")
    if not longitude and not latitude:
        return None, ""
    values = []
    for column, typed, bound in ((LONGITUDE, longitude, 180), (LATITUDE, latitude, 90)):
        try:
            value = Decimal(number_text(typed))
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite() or abs(value) > bound:
            message = _("%(column)s “%(value)s” is not a number from -%(bound)s to %(bound)s.")
            return None, message % {"column": column, "value": typed, "bound": bound}
        values.append(float(value))
    return Point(values[0], values[1], srid=WGS84), ""


def _checked(geometry: GEOSGeometry) -> tuple[GEOSGeometry | None, str]:
    if geometry.empty:
        return None, _("the geometry is empty.")
    if not geometry.valid:
        return None, _("the geometry is not valid: %(reason)s.") % {"reason": geometry.valid_reason}
    return geometry, ""


# ------------------------------------------------------------------------------ spatial files


def _unzip_shapefile(path: Path, folder: Path) -> Path:
    """Unpack the Shapefile's parts (by their extension only: no paths from the archive)."""
    with zipfile.ZipFile(path) as archive:
        shapes = [n for n in archive.namelist() if n.lower().endswith(".shp")]
        if len(shapes) != 1:
            raise UnreadableFile(_("The ZIP file must hold exactly one Shapefile (.shp)."))
        stem = shapes[0][: -len(".shp")]
        for name in archive.namelist():
            suffix = Path(name).suffix.lower()
            if name[: -len(suffix) or None] == stem and suffix in (
                *SHAPEFILE_PARTS,
                ".prj",
                ".cpg",
            ):
                (folder / f"layer{suffix}").write_bytes(archive.read(name))
    missing = [part for part in SHAPEFILE_PARTS if not (folder / f"layer{part}").exists()]
    if missing:
        raise UnreadableFile(
            _("The Shapefile lacks its part(s) %(parts)s.") % {"parts": ", ".join(missing)}
        )
    return folder / "layer.shp"


def _spatial(path: Path, kind: Format) -> Source:
    try:
        data = DataSource(str(path))
    except GDALException:
        raise UnreadableFile(
            _("The file cannot be read as %(format)s.") % {"format": FORMAT_NAMES[kind]}
        ) from None
    if data.layer_count != 1:
        raise UnreadableFile(
            _("The file has %(count)s layers; an import reads a file of one layer.")
            % {"count": count_text(data.layer_count)}
        )
    layer = data[0]
    if layer.srs is None:
        raise UnreadableFile(_("The layer has no spatial reference; Jasyl will not guess one."))
    limit = settings.JASYL_IMPORT_MAX_ROWS
    if len(layer) > limit:
        raise UnreadableFile(row_limit_message(limit))
    columns = [str(name) for name in layer.fields]
    source = Source(format=kind, columns=columns, spatial=True)
    for number, feature in enumerate(layer, start=1):
        cells = {}
        for name in columns:
            value = feature[name].value
            cells[name] = "" if value is None else table_cell(value)
        geometry, problem = _feature_geometry(_geometry_of(feature))
        source.rows.append(SourceRow(number, cells, geometry, problem))
    return source


def _geometry_of(feature: Any) -> OGRGeometry | None:
    """The feature's own geometry, or None when it has none (the layer's declared type says
    nothing of one feature: a GeoJSON layer of points and polygons is of type "Unknown")."""
    try:
        geometry: OGRGeometry = feature.geom
    except GDALException:
        return None
    return geometry


def _feature_geometry(ogr: OGRGeometry | None) -> tuple[GEOSGeometry | None, str]:
    if ogr is None:
        return None, ""
    try:
        ogr.transform(WGS84)
        return _checked(ogr.geos)
    except (GDALException, GEOSException):
        return None, _("the geometry cannot be read.")
