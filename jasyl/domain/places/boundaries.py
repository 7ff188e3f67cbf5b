"""Load administrative boundaries from a file the programme office supplies: GeoJSON,
GeoPackage or Shapefile, read through GDAL (GeoDjango's `DataSource`).

Each feature is one unit: its code and names come from attribute fields, its polygon is moved
to WGS 84 from the layer's own spatial reference. The whole file is one transaction: a feature
that cannot be used is named (its number in the layer, its code, the field) and nothing is
written. A unit already loaded under the same code is updated; one whose code is not in the
file stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.gdal import DataSource, GDALException, OGRGeometry
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Polygon
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jasyl.domain.places.models import WGS84, AdministrativeUnit

# The formats read, by file extension, and the GDAL driver that reads each.
FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".shp": "ESRI Shapefile"}


class BoundaryError(Exception):
    """The file cannot be loaded; `problems` name each feature and what is wrong with it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Fields:
    """Which attribute fields hold a unit's code and its names."""

    code: str = "code"
    name_kk: str = "name_kk"
    name_ru: str = "name_ru"
    name_en: str = "name_en"


@dataclass
class Loaded:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Feature:
    number: int  # 1-based, as GIS programs count a layer's features
    code: str
    names: dict[str, str]
    boundary: MultiPolygon


def load_boundaries(
    path: Path,
    *,
    level: str = AdministrativeUnit.Level.DISTRICT,
    layer: str | None = None,
    fields: Fields = Fields(),
    within: AdministrativeUnit | None = None,
    dry_run: bool = False,
) -> Loaded:
    """Create or update one unit per feature of the file; all of them or none."""
    features = list(read_features(path, layer=layer, fields=fields))
    loaded = Loaded()
    with transaction.atomic():
        for feature in features:
            unit = AdministrativeUnit.objects.filter(code=feature.code).first()
            values = {
                "level": level,
                "parent": within,
                **feature.names,
                "source": path.name,
            }
            if unit is None:
                unit = AdministrativeUnit(code=feature.code, boundary=feature.boundary, **values)
                unit.save()
                loaded.created.append(feature.code)
                continue
            same = unit.boundary.equals_exact(feature.boundary, 1e-9) and all(
                getattr(unit, name) == value for name, value in values.items() if name != "source"
            )
            if same:
                loaded.unchanged.append(feature.code)
                continue
            for name, value in values.items():
                setattr(unit, name, value)
            unit.boundary = feature.boundary
            unit.save()
            loaded.updated.append(feature.code)
        if dry_run:
            transaction.set_rollback(True)
    return loaded


def read_features(path: Path, *, layer: str | None, fields: Fields) -> Iterator[Feature]:
    """Every feature of the file's layer, checked; BoundaryError names all that fail."""
    if path.suffix.lower() not in FORMATS:
        raise BoundaryError(
            [
                _("%(file)s: not a GeoJSON, GeoPackage or Shapefile (%(extensions)s).")
                % {"file": path.name, "extensions": ", ".join(FORMATS)}
            ]
        )
    try:
        source = DataSource(str(path))
    except GDALException:
        raise BoundaryError([_("%(file)s: GDAL cannot read it.") % {"file": path.name}]) from None
    if source.driver.name != FORMATS[path.suffix.lower()]:
        raise BoundaryError(
            [
                _("%(file)s: its content is %(driver)s, not what its extension says.")
                % {"file": path.name, "driver": source.driver.name}
            ]
        )
    names = [source[index].name for index in range(source.layer_count)]
    if layer is None and len(names) != 1:
        raise BoundaryError(
            [
                _("%(file)s has %(count)d layers (%(names)s): name one with --layer.")
                % {"file": path.name, "count": len(names), "names": ", ".join(names)}
            ]
        )
    if layer is not None and layer not in names:
        raise BoundaryError(
            [
                _("%(file)s has no layer %(layer)s (it has %(names)s).")
                % {"file": path.name, "layer": layer, "names": ", ".join(names)}
            ]
        )
    ogr_layer = source[layer if layer is not None else 0]
    if ogr_layer.srs is None:
        raise BoundaryError(
            [
                _("%(file)s: the layer has no spatial reference; Jasyl will not guess one.")
                % {"file": path.name}
            ]
        )
    missing = [name for name in (fields.code, fields.name_kk) if name not in ogr_layer.fields]
    if missing:
        raise BoundaryError(
            [
                _("%(file)s: no field %(fields)s (the fields are %(present)s).")
                % {
                    "file": path.name,
                    "fields": ", ".join(missing),
                    "present": ", ".join(ogr_layer.fields),
                }
            ]
        )
    problems: list[str] = []
    features: list[Feature] = []
    seen: dict[str, int] = {}
    for number, feature in enumerate(ogr_layer, start=1):
        where = _("%(file)s, feature %(number)d") % {"file": path.name, "number": number}
        code = slugify(text(feature, fields.code))
        if not code:
            problems.append(_("%(where)s: the field %(field)s is empty.") % {
                "where": where, "field": fields.code})  # fmt: skip
            continue
        where = f"{where} ({code})"
        if code in seen:
            problems.append(_("%(where)s: the code is also that of feature %(first)d.") % {
                "where": where, "first": seen[code]})  # fmt: skip
            continue
        seen[code] = number
        name_kk = text(feature, fields.name_kk)
        if not name_kk:
            problems.append(_("%(where)s: the field %(field)s is empty.") % {
                "where": where, "field": fields.name_kk})  # fmt: skip
            continue
        boundary, problem = polygon(feature.geom if feature.geom else None)
        if problem:
            problems.append(f"{where}: {problem}")
            continue
        assert boundary is not None
        features.append(
            Feature(
                number=number,
                code=code,
                names={
                    "name_kk": name_kk,
                    "name_ru": text(feature, fields.name_ru),
                    "name_en": text(feature, fields.name_en),
                },
                boundary=boundary,
            )
        )
    if not features and not problems:
        problems.append(_("%(file)s: the layer has no features.") % {"file": path.name})
    if problems:
        raise BoundaryError(problems)
    yield from features


def text(feature: object, name: str) -> str:
    """A feature's attribute as trimmed text ('' when the field is absent or empty)."""
    try:
        value = feature[name].value  # type: ignore[index]
    except (IndexError, KeyError, GDALException):
        return ""
    return "" if value is None else str(value).strip()


def polygon(geometry: OGRGeometry | None) -> tuple[MultiPolygon | None, str]:
    """The feature's (multi)polygon in WGS 84, or why it cannot be one."""
    if geometry is None:
        return None, _("it has no geometry.")
    try:
        geometry.transform(WGS84)
    except GDALException:
        return None, _("its geometry cannot be moved to WGS 84.")
    shape = GEOSGeometry(geometry.wkb, srid=WGS84)
    if isinstance(shape, Polygon):
        shape = MultiPolygon(shape, srid=WGS84)
    if not isinstance(shape, MultiPolygon):
        return None, _("its geometry is a %(kind)s, not a polygon.") % {"kind": shape.geom_type}
    if shape.empty:
        return None, _("its geometry is empty.")
    if not shape.valid:
        return None, _("its polygon is not valid (%(reason)s).") % {"reason": shape.valid_reason}
    return shape, ""
