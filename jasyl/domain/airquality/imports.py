"""Monitoring stations through the one import pipeline (`jasyl import stations FILE`): a CSV or
Excel file with longitude and latitude columns, or a spatial file of points. A station is known
by its code: a new code creates it, a known one is updated, or unchanged when the file gives it
as it is. The programme office imports them; the measurements themselves come through the air
ingest (`jasyl ingest-air`), built for files of millions of rows."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.core.imports.pipeline import Change, Outcome, register
from jasyl.core.imports.sources import CellRefused, Source, SourceRow
from jasyl.domain.agencies.models import Agency
from jasyl.domain.airquality.models import Station
from jasyl.domain.people.imports import ProgrammeImport
from jasyl.domain.registries import cells

YES, NO = ("yes", "true", "1", "иә", "да"), ("no", "false", "0", "жоқ", "нет", "")
FIELDS = (
    "name_kk", "name_ru", "name_en", "operator", "official", "kind", "latitude", "longitude",
    "district_id", "openaq_location", "active_from", "active_to",
)  # fmt: skip


@register
class Stations(ProgrammeImport):
    name = "stations"
    title = gettext_lazy("monitoring stations")
    columns = (
        "code", "name_kk", "name_ru", "name_en", "operator", "official", "kind", "district",
        "openaq_location", "active_from", "active_to",
    )  # fmt: skip
    required = ("code", "name_kk", "operator", "kind")
    geometry = ("Point",)
    key_column = "code"

    def prepare(self, source: Source) -> None:
        self.known = {station.code: station for station in Station.objects.all()}
        self.districts = {
            agency.code: agency.pk
            for agency in Agency.objects.filter(kind=Agency.Kind.DISTRICT_AKIMAT)
        }

    def check(self, row: SourceRow) -> Change:
        code = cells.text(row, "code", required=True, limit=50)
        official = row.get("official").strip().lower()
        if official not in YES + NO:
            raise CellRefused("official", _("Write yes or no."))
        district = row.get("district").strip()
        if district and district not in self.districts:
            raise CellRefused("district", _("unknown district “%(code)s”.") % {"code": district})
        assert isinstance(row.geometry, Point)
        values: dict[str, Any] = {
            "name_kk": cells.text(row, "name_kk", required=True, limit=200),
            "name_ru": cells.text(row, "name_ru", limit=200),
            "name_en": cells.text(row, "name_en", limit=200),
            "operator": cells.text(row, "operator", required=True, limit=200),
            "official": official in YES,
            "kind": cells.choice(row, "kind", Station.Kind, required=True),
            "longitude": Decimal(str(row.geometry.x)).quantize(Decimal("0.000001")),
            "latitude": Decimal(str(row.geometry.y)).quantize(Decimal("0.000001")),
            "district_id": self.districts.get(district),
            "openaq_location": cells.integer(row, "openaq_location", low=1, high=2**62),
            "active_from": cells.day(row, "active_from"),
            "active_to": cells.day(row, "active_to"),
        }
        starts, stops = values["active_from"], values["active_to"]
        if starts and stops and stops < starts:
            raise CellRefused("active_to", _("The station stops before it starts."))
        station = self.known.get(code)
        if station is None:
            return Change(row.line, code, Outcome.CREATED, Station(code=code, **values))
        if all(getattr(station, name) == values[name] for name in FIELDS):
            return Change(row.line, code, Outcome.UNCHANGED)
        for name, value in values.items():
            setattr(station, name, value)
        return Change(row.line, code, Outcome.UPDATED, station)

    def apply(self, changes: Sequence[Change]) -> None:
        with transaction.atomic():
            Station.objects.bulk_create(
                [c.payload for c in changes if c.outcome == Outcome.CREATED], batch_size=500
            )
            Station.objects.bulk_update(
                [c.payload for c in changes if c.outcome == Outcome.UPDATED],
                list(FIELDS),
                batch_size=500,
            )
