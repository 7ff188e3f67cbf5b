"""The low-emission zones' kinds of import for the one pipeline, registered when the app
starts; the programme office imports.

- `lez-zones`: the zones' areas from a spatial file (GeoJSON, GeoPackage or Shapefile), one
  polygon or multipolygon per zone with its code and names in kk/ru/en. A known code moves and
  renames its zone; its phases and rules stay as the admin (or `save_zone`) keeps them.
- `lez-detections`: the camera operator's daily detection statistics, one row per zone, camera,
  day and, where the export gives it, vehicle category, and optionally the camera's place
  (`longitude` and `latitude`, or a point in `wkt`), which places or moves the camera on the
  map. A file with a column of plate numbers is refused as a whole, naming the column: Jasyl
  stores counts, never a vehicle's identity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.core.imports.pipeline import Change, FileRefused, Outcome
from jasyl.core.imports.sources import GEOMETRY, CellRefused, Source, SourceRow
from jasyl.domain.lez import rules
from jasyl.domain.lez.models import Camera, DailyDetection, Zone
from jasyl.domain.lez.services import (
    ZoneArea,
    as_multipolygon,
    place_cameras,
    write_detections,
    write_zone_areas,
)
from jasyl.domain.people.imports import ProgrammeImport
from jasyl.domain.registries import cells

COUNTS = ("detected", "compliant", "non_compliant", "exempt", "violations")
LARGEST_COUNT = 10_000_000
"""More vehicles than one camera could see in a day: a typing slip."""

# Headers that hold a vehicle's plate, in the languages of the exports, compared without
# letter case, spaces, dots, hyphens and underscores.
PLATE_WORDS = (
    "plate",
    "vrn",
    "vrm",
    "registrationnumber",
    "regnumber",
    "номер",
    "госзнак",
    "грнз",
    "нөмір",
)


def plate_column(columns: Sequence[str]) -> str:
    """The first column whose header names a plate number, or ""."""
    for column in columns:
        folded = "".join(ch for ch in column.casefold() if ch not in " ._-")
        if any(word in folded for word in PLATE_WORDS):
            return column
    return ""


class DetectionColumns(set[str]):
    """The accepted columns, and any that names a plate: such a file is refused as a whole with
    its own reason, not as one with an unknown column."""

    def __contains__(self, column: object) -> bool:
        return super().__contains__(column) or (
            isinstance(column, str) and bool(plate_column([column]))
        )


class LezDetections(ProgrammeImport):
    name = "lez-detections"
    title = gettext_lazy("low-emission zone detection statistics")
    columns = ("zone", "camera", "day", "vehicle_class", *COUNTS)
    required = ("zone", "camera", "day", *COUNTS)
    key_column = "camera"
    geometry = ("Point",)
    geometry_required = False
    # A refused export may carry plate numbers: it is not kept beside the import's log.
    keep_refused_file = False

    def accepted_columns(self) -> set[str]:
        return DetectionColumns(super().accepted_columns())

    def prepare(self, source: Source) -> None:
        self.plate = plate_column(source.columns)
        self.zones = {zone.code: zone for zone in Zone.objects.all()}
        self.existing = {
            (d.zone_id, d.camera, d.day, d.vehicle_class): d
            for d in DailyDetection.objects.filter(zone__in=self.zones.values())
        }
        self.placed = {
            (camera.zone_id, camera.code): camera.geometry
            for camera in Camera.objects.filter(zone__in=self.zones.values())
        }
        self.places: dict[tuple[Zone, str], GEOSGeometry] = {}
        self.place_lines: dict[tuple[Zone, str], int] = {}

    def check(self, row: SourceRow) -> Change:
        if self.plate:
            # Refused as a whole in `apply`, where the pipeline lets a kind refuse the file.
            return Change(row.line, str(row.line), Outcome.UNCHANGED)
        code = cells.text(row, "zone", required=True)
        zone = self.zones.get(code)
        if zone is None:
            raise CellRefused("zone", _("There is no zone “%(code)s”.") % {"code": code})
        camera = cells.text(row, "camera", required=True, limit=50)
        day = cells.day(row, "day", required=True)
        assert day is not None  # required: an empty cell is refused
        vehicle_class = self._category(row)
        counts: dict[str, Any] = {}
        for column in COUNTS:
            counts[column] = cells.integer(row, column, low=0, high=LARGEST_COUNT)
            if counts[column] is None:
                raise CellRefused(column, _("The cell is empty; it is required."))
        classified = counts["compliant"] + counts["non_compliant"] + counts["exempt"]
        if classified > counts["detected"]:
            raise CellRefused(
                "detected",
                _(
                    "%(detected)s vehicles detected, fewer than the %(classified)s compliant, "
                    "non-compliant and exempt ones together."
                )
                % {"detected": counts["detected"], "classified": classified},
            )
        if counts["violations"] > counts["non_compliant"]:
            raise CellRefused(
                "violations",
                _("%(violations)s violations, more than the %(non)s non-compliant vehicles.")
                % {"violations": counts["violations"], "non": counts["non_compliant"]},
            )
        moved = self._place(row, zone, camera)
        key = (zone.pk, camera, day, vehicle_class)
        existing = self.existing.get(key)
        if existing is None:
            outcome = Outcome.CREATED
        elif not moved and all(getattr(existing, column) == counts[column] for column in COUNTS):
            outcome = Outcome.UNCHANGED
        else:
            outcome = Outcome.UPDATED
        payload = {"zone": zone, "camera": camera, "day": day, "vehicle_class": vehicle_class}
        label = f"{code} {camera} {day} {vehicle_class}".strip()
        return Change(row.line, label, outcome, {**payload, **counts})

    def _place(self, row: SourceRow, zone: Zone, camera: str) -> bool:
        """Keep the camera's place when the row gives one; whether it places or moves it. Two
        rows placing one camera in two places are refused at the second."""
        if row.geometry is None:
            return False
        key = (zone, camera)
        known = self.places.get(key)
        if known is not None and not known.equals_exact(row.geometry, tolerance=1e-9):
            raise CellRefused(
                GEOMETRY,
                _("camera “%(camera)s” is placed elsewhere on line %(line)s of the file.")
                % {"camera": camera, "line": self.place_lines[key]},
            )
        if known is None:
            self.places[key] = row.geometry
            self.place_lines[key] = row.line
        stored = self.placed.get((zone.pk, camera))
        return stored is None or not stored.equals_exact(row.geometry, tolerance=1e-9)

    def _category(self, row: SourceRow) -> str:
        typed = cells.text(row, "vehicle_class")
        if not typed:
            return ""
        for category in rules.Category:
            if category.value.casefold() == typed.casefold():
                return category.value
        raise CellRefused(
            "vehicle_class",
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": typed, "choices": ", ".join(c.value for c in rules.Category)},
        )

    def apply(self, changes: Sequence[Change]) -> None:
        if self.plate:
            raise FileRefused(
                _(
                    "The file has a column of plate numbers (“%(column)s”): Jasyl never stores "
                    "them. Remove the column and import the counts alone; nothing was imported."
                )
                % {"column": self.plate}
            )
        assert self.path is not None
        write_detections(
            rows=[change.payload for change in changes if change.outcome != Outcome.UNCHANGED],
            source=self.path.name,
        )
        place_cameras(places=self.places)


NAMES = ("name_kk", "name_ru", "name_en")
NAME_LENGTH = Zone._meta.get_field("name_kk").max_length or 200
CODE_LENGTH = Zone._meta.get_field("code").max_length or 50


class LezZones(ProgrammeImport):
    name = "lez-zones"
    title = gettext_lazy("low-emission zones (areas)")
    columns = ("code", *NAMES, "information_url")
    required = ("code", "name_kk")
    geometry = ("Polygon", "MultiPolygon")
    key_column = "code"

    def prepare(self, source: Source) -> None:
        codes = {row.get("code").strip() for row in source.rows}
        self.existing = {zone.code: zone for zone in Zone.objects.filter(code__in=codes)}

    def check(self, row: SourceRow) -> Change:
        code = cells.text(row, "code", required=True, limit=CODE_LENGTH)
        try:
            validate_slug(code)
        except ValidationError:
            raise CellRefused(
                "code",
                _("“%(code)s” is not a code: letters, digits, hyphens and underscores only.")
                % {"code": code},
            ) from None
        names = {
            column.removeprefix("name_"): cells.text(
                row, column, required=column == "name_kk", limit=NAME_LENGTH
            )
            for column in NAMES
        }
        url = cells.text(row, "information_url", limit=200)
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                raise CellRefused(
                    "information_url", _("“%(value)s” is not a web address.") % {"value": url}
                ) from None
        assert row.geometry is not None  # required: the pipeline refuses a row without one
        area = ZoneArea(code, names, row.geometry, url)
        found = self.existing.get(code)
        if found is None:
            outcome = Outcome.CREATED
        elif found.sample:
            raise CellRefused(
                "code",
                _("“%(code)s” is a sample zone's code; give the real zone a code of its own.")
                % {"code": code},
            )
        elif (
            [found.name_kk, found.name_ru, found.name_en] == list(names.values())
            and found.information_url == url
            and found.geometry.equals_exact(as_multipolygon(row.geometry), tolerance=1e-9)
        ):
            outcome = Outcome.UNCHANGED
        else:
            outcome = Outcome.UPDATED
        return Change(row.line, code, outcome, area)

    def apply(self, changes: Sequence[Change]) -> None:
        try:
            write_zone_areas(areas=[c.payload for c in changes if c.outcome != Outcome.UNCHANGED])
        except ValidationError as error:
            raise FileRefused("; ".join(error.messages)) from None


KINDS = (LezZones, LezDetections)
