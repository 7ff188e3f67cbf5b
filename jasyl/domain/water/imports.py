"""The water registry's kinds of import for the one pipeline (`core.imports.pipeline`),
registered when the app starts: `water-objects` and `water-works`. Their columns are listed in
docs/water.md.

`water-objects`: the common columns of a registry, the lifecycle's, then `kind` and `usage`;
the place is a line, point or polygon as the kind requires (a spatial file's features, `wkt`, or
`longitude` and `latitude` for a point). The length or area is measured from the shape.

`water-works`: one work a row (`object` the water object's code, `kind`, `done_on`, `km_done`,
`activity`, `budget_period`, `source`, `note`); a row is known by its object, kind and day: the
same again updates the rest.

Who may: the programme office (and the operator on the command line). Every refused cell names
its line and column; one refused row refuses the file, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.gis.geos import GEOSGeometry
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.core.imports.pipeline import Change, ImportContext, ImportKind, Outcome
from jasyl.core.imports.sources import GEOMETRY, CellRefused, Source, SourceRow
from jasyl.domain.registries import cells
from jasyl.domain.registries.history import snapshot
from jasyl.domain.registries.imports import (
    COMMON_COLUMNS,
    LIFECYCLE_COLUMNS,
    LifecycleKind,
    ProgrammeScoped,
    chunks,
)
from jasyl.domain.registries.lifecycle import DATE_FIELDS, Stage
from jasyl.domain.registries.services import write_entries
from jasyl.domain.roadmap.models import BudgetPeriod
from jasyl.domain.water.models import (
    AREA_HA,
    KM_DONE,
    LENGTH_KM,
    NATURAL,
    Kind,
    Usage,
    WaterObject,
    WaterWork,
    WorkKind,
    shape_error,
    work_errors,
)


class WaterObjectsKind(LifecycleKind):
    name = "water-objects"
    title = gettext_lazy("water objects")
    model = WaterObject
    columns = (*COMMON_COLUMNS, *LIFECYCLE_COLUMNS, "kind", "usage")
    geometry = ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon")

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if "kind" in self.given:
            kind = cells.choice(row, "kind", Kind)
            if kind:
                values["kind"] = kind
        if "usage" in self.given:
            values["usage"] = cells.choice(row, "usage", Usage)
        return values

    def check_new(self, row: SourceRow, values: Mapping[str, Any]) -> None:
        super().check_new(row, values)
        if "kind" not in values:
            raise CellRefused("kind", _("The cell is empty; it is required."))

    def check(self, row: SourceRow) -> Change:
        change = super().check(row)
        existing, values = change.payload
        kind = values.get("kind", existing.kind if existing is not None else "")
        geometry: GEOSGeometry | None = values.get(
            "geometry", existing.geometry if existing is not None else None
        )
        problem = shape_error(kind, geometry)
        if problem:
            raise CellRefused(GEOMETRY if "geometry" in values else "kind", problem)
        usage = values.get("usage", existing.usage if existing is not None else "")
        if usage and kind not in (Kind.CANAL, Kind.ARYK):
            raise CellRefused("usage", _("Only a canal or an aryk has a usage."))
        if kind in NATURAL:
            status = values.get("status", existing.status if existing is not None else "")
            dated = [n for n in DATE_FIELDS.values() if values.get(n)]
            if (status and status != Stage.PLANNED) or dated:
                raise CellRefused(
                    dated[0] if dated else "status",
                    _("A river is natural, not built: leave its status and dates empty."),
                )
        if geometry is not None and "geometry" in values:
            self._check_size(geometry)
        return change

    def _check_size(self, geometry: GEOSGeometry) -> None:
        probe = WaterObject(geometry=geometry)
        probe.derive()
        for value, (low, high) in ((probe.length_km, LENGTH_KM), (probe.area_ha, AREA_HA)):
            if value is not None and not low < value <= high:
                raise CellRefused(
                    GEOMETRY,
                    _(
                        "The drawn shape measures %(value)s; it must be above %(low)s and at "
                        "most %(high)s (km or ha)."
                    )
                    % {"value": value, "low": low, "high": high},
                )


# ------------------------------------------------------------------------------ works


class WaterWorksKind(ProgrammeScoped, ImportKind):
    """Works done on water objects, one a row."""

    name = "water-works"
    title = gettext_lazy("works on water objects")
    columns = (
        "object",
        "kind",
        "done_on",
        "km_done",
        "activity",
        "budget_period",
        "source",
        "note",
    )
    required = ("object", "kind", "done_on", "source")
    key_column = "object"
    """A work is known by its object, kind and day (the change's key); the pipeline refuses
    the same again in one file."""

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.scoped()

    def allowed(self) -> bool:
        return self.office

    def prepare(self, source: Source) -> None:
        self.given = set(source.columns)
        self.today = timezone.localdate()
        self.load_activities()
        programme = self.programme
        found = BudgetPeriod.objects.filter(programme=programme) if programme else []
        self.periods = {p.code: p for p in found}
        typed = sorted({row.get("object").strip() for row in source.rows} - {""})
        self.objects: dict[str, WaterObject] = {}
        for chunk in chunks(typed):
            for found_object in WaterObject.objects.filter(code__in=chunk, is_sample=False):
                self.objects[found_object.code] = found_object
        self.existing: dict[str, WaterWork] = {}
        ids = [o.pk for o in self.objects.values()]
        for chunk in chunks(ids):
            works = WaterWork.objects.filter(water_object__in=chunk).select_related(
                "water_object", "activity", "budget_period"
            )
            for work in works:
                self.existing[work.key] = work

    def check(self, row: SourceRow) -> Change:
        code = cells.text(row, "object", required=True, limit=100)
        water_object = self.objects.get(code)
        if water_object is None:
            raise CellRefused(
                "object", _("“%(code)s” is not the code of a water object.") % {"code": code}
            )
        kind = cells.choice(row, "kind", WorkKind, required=True)
        done_on = cells.day(row, "done_on", required=True)
        km_done = cells.decimal(
            row, "km_done", low=KM_DONE[0], high=KM_DONE[1], places=3, above_low=True
        )
        activity = self.activity_cell(row) if "activity" in self.given else None
        period = None
        typed = cells.text(row, "budget_period")
        if typed:
            period = self.periods.get(typed)
            if period is None:
                raise CellRefused(
                    "budget_period",
                    _("“%(code)s” is not a budget period of this programme.") % {"code": typed},
                )
        errors = work_errors(
            water_object=water_object,
            kind=kind,
            done_on=done_on,
            km_done=km_done,
            activity=activity,
            budget_period=period,
            today=self.today,
        )
        if errors:
            column, message = next(iter(errors.items()))
            raise CellRefused(column, message)
        values = {
            "kind": kind,
            "done_on": done_on,
            "km_done": km_done,
            "activity": activity,
            "budget_period": period,
            "source": cells.text(row, "source", required=True, limit=5000),
            "note": cells.text(row, "note", limit=300),
        }
        assert done_on is not None
        key = f"{code} {kind} {done_on.isoformat()}"
        existing = self.existing.get(key)
        if existing is None:
            return Change(row.line, key, Outcome.CREATED, (water_object, None, values))
        changed = {
            name: value
            for name, value in values.items()
            if getattr(existing, name) != value and name not in ("kind", "done_on")
        }
        outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
        return Change(row.line, key, outcome, (water_object, existing, changed))

    def apply(self, changes: Sequence[Change]) -> None:
        creates, updates, fields = [], [], set()
        now = timezone.now()
        for change in changes:
            if change.outcome == Outcome.UNCHANGED:
                continue
            water_object, existing, values = change.payload
            if existing is None:
                creates.append(WaterWork(water_object=water_object, **values))
                continue
            before = snapshot(existing, list(values))
            for name, value in values.items():
                setattr(existing, name, value)
            existing.updated_at = now
            fields |= set(values)
            updates.append((existing, before))
        write_entries(
            model=WaterWork,
            creates=creates,
            updates=updates,
            fields=fields | ({"updated_at"} if updates else set()),
            actor=self.context.actor,
            note=f"import {self.name}",
        )


KINDS: tuple[type[ImportKind], ...] = (WaterObjectsKind, WaterWorksKind)
