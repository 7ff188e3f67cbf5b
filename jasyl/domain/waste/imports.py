"""The waste registries' kinds of import for the one pipeline (`core.imports.pipeline`),
registered when the app starts: `container-sites`, `waste-sites`, `waste-plants` and
`waste-tonnage`. Their columns are listed in docs/waste.md.

Who may: the programme office (and the operator on the command line). Every refused cell names
its line and column; one refused row refuses the file, and nothing is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.core.imports.pipeline import Change, ImportContext, ImportKind, Outcome
from jasyl.core.imports.sources import CellRefused, Source, SourceRow
from jasyl.domain.agencies.models import Agency
from jasyl.domain.registries import cells
from jasyl.domain.registries.history import snapshot
from jasyl.domain.registries.imports import (
    COMMON_COLUMNS,
    LIFECYCLE_COLUMNS,
    LifecycleKind,
    ProgrammeScoped,
    chunks,
)
from jasyl.domain.registries.services import write_entries
from jasyl.domain.waste.models import (
    CONTAINER_VOLUME_M3,
    CONTAINERS_AT_ONE_SITE,
    MONTH_TONNES,
    PLANT_CAPACITY_T,
    SITE_AREA_M2,
    ContainerSite,
    Destination,
    Fraction,
    TonnageRecord,
    TreatmentPlant,
    WasteEntry,
    WasteSite,
)
from jasyl.domain.waste.services import Containers, set_containers

CONTAINER_COLUMNS = tuple(f"containers_{fraction}" for fraction in Fraction.values)


class WasteKind(LifecycleKind):
    """A waste registry: the common columns, its `kind`, the shared lifecycle's columns (the
    stage, the date of each stage, the budget period), then its own."""

    model: ClassVar[type[WasteEntry]]
    kinds: ClassVar[type[Any]]
    geometry = ("Point",)
    kind_required: ClassVar[bool] = True
    """A new row names its kind (a container site is in a courtyard unless told)."""

    def kind_value(self, row: SourceRow) -> dict[str, Any]:
        if "kind" not in self.given:
            return {}
        kind = cells.choice(row, "kind", self.kinds)
        return {"kind": kind} if kind else {}

    def check_new(self, row: SourceRow, values: Mapping[str, Any]) -> None:
        super().check_new(row, values)
        if self.kind_required and "kind" not in values:
            raise CellRefused("kind", _("The cell is empty; it is required."))


class ContainerSitesKind(WasteKind):
    name = "container-sites"
    title = gettext_lazy("container sites")
    model = ContainerSite
    kinds = ContainerSite.Kind
    kind_required = False
    columns = (
        *COMMON_COLUMNS,
        "kind",
        *LIFECYCLE_COLUMNS,
        *CONTAINER_COLUMNS,
        "container_volume_m3",
    )

    def prepare_own(self, source: Source) -> None:
        self.containers: dict[str, dict[str, Containers]] = {}
        self.held: dict[int, dict[str, Containers]] = {}
        ids = [entry.pk for entry in self.existing.values()]
        for chunk in chunks(ids):
            for found in ContainerSite.objects.filter(pk__in=chunk).prefetch_related("containers"):
                self.held[found.pk] = {
                    c.fraction: Containers(c.count, c.volume_m3) for c in found.containers.all()
                }

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        return self.kind_value(row)

    def wanted_containers(
        self, row: SourceRow, held: Mapping[str, Containers]
    ) -> dict[str, Containers] | None:
        """The site's containers after the row: the fractions of the file's columns as typed,
        the others as they are; None when the file has no container column."""
        given = [c for c in CONTAINER_COLUMNS if c in self.given]
        if not given and "container_volume_m3" not in self.given:
            return None
        volume = None
        if "container_volume_m3" in self.given:
            volume = cells.decimal(
                row,
                "container_volume_m3",
                low=CONTAINER_VOLUME_M3[0],
                high=CONTAINER_VOLUME_M3[1],
                places=2,
                above_low=True,
            )
        wanted = dict(held)
        for column in given:
            fraction = column.removeprefix("containers_")
            count = cells.integer(row, column, low=0, high=CONTAINERS_AT_ONE_SITE[1])
            if not count:
                wanted.pop(fraction, None)
                continue
            kept = held.get(fraction)
            kept_volume = kept.volume_m3 if kept is not None else None
            wanted[fraction] = Containers(count, volume if volume is not None else kept_volume)
        if volume is not None:
            wanted = {f: Containers(c.count, volume) for f, c in wanted.items()}
        return wanted

    def check(self, row: SourceRow) -> Change:
        change = super().check(row)
        existing = change.payload[0]
        held = self.held.get(existing.pk, {}) if existing is not None else {}
        wanted = self.wanted_containers(row, held)
        if wanted is not None and wanted != held:
            self.containers[change.key] = wanted
            if change.outcome == Outcome.UNCHANGED:
                change.outcome = Outcome.UPDATED
        return change

    def apply(self, changes: Sequence[Change]) -> None:
        super().apply(changes)
        if not self.containers:
            return
        sites = ContainerSite.objects.filter(code__in=list(self.containers))
        for site in sites:
            set_containers(
                site=site,
                containers=self.containers[site.code],
                actor=self.context.actor,
                note=f"import {self.name}",
            )


class WasteSitesKind(WasteKind):
    name = "waste-sites"
    title = gettext_lazy("waste collection sites")
    model = WasteSite
    kinds = WasteSite.Kind
    columns = (*COMMON_COLUMNS, "kind", *LIFECYCLE_COLUMNS, "area_m2")

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        values = self.kind_value(row)
        if "area_m2" in self.given:
            values["area_m2"] = cells.decimal(
                row, "area_m2", low=SITE_AREA_M2[0], high=SITE_AREA_M2[1], places=1, above_low=True
            )
        return values


class PlantsKind(WasteKind):
    name = "waste-plants"
    title = gettext_lazy("waste treatment plants")
    model = TreatmentPlant
    kinds = TreatmentPlant.Kind
    columns = (*COMMON_COLUMNS, "kind", *LIFECYCLE_COLUMNS, "capacity_t")

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        values = self.kind_value(row)
        if "capacity_t" in self.given:
            values["capacity_t_per_year"] = cells.decimal(
                row,
                "capacity_t",
                low=PLANT_CAPACITY_T[0],
                high=PLANT_CAPACITY_T[1],
                places=1,
                above_low=True,
            )
        return values


# ------------------------------------------------------------------------------ tonnage

SITE_MODELS: tuple[type[WasteEntry], ...] = (ContainerSite, WasteSite, TreatmentPlant)


def parse_month(typed: str) -> datetime.date | None:
    """YYYY-MM, or a date of the month's first day (YYYY-MM-DD, DD.MM.YYYY)."""
    try:
        return datetime.datetime.strptime(typed, "%Y-%m").date()
    except ValueError:
        pass
    day = cells.parse_day(typed)
    return day if day is not None and day.day == 1 else None


class TonnageKind(ProgrammeScoped, ImportKind):
    """Tonnes collected per site or operator, fraction and month, with their destination and
    source. A row is known by its month, site or operator, fraction and destination: the same
    again updates its tonnes and source."""

    name = "waste-tonnage"
    title = gettext_lazy("waste tonnage collected")
    columns = ("month", "site", "operator", "fraction", "destination", "tonnes", "source")
    required = ("month", "fraction", "tonnes", "source")
    key_column = "month"

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.scoped()

    def allowed(self) -> bool:
        return self.office

    def prepare(self, source: Source) -> None:
        self.given = set(source.columns)
        self.today = timezone.localdate()
        self.agencies = {a.code: a for a in Agency.objects.all()}
        typed = sorted({row.get("site").strip() for row in source.rows} - {""})
        self.sites: set[str] = set()
        for chunk in chunks(typed):
            for model in SITE_MODELS:
                found = model._default_manager.filter(code__in=chunk, is_sample=False)
                self.sites.update(found.values_list("code", flat=True))
        months = {parse_month(row.get("month").strip()) for row in source.rows} - {None}
        self.existing = {
            record.key: record
            for record in TonnageRecord.objects.filter(
                month__in=months, is_sample=False
            ).select_related("operator")
        }

    def check(self, row: SourceRow) -> Change:
        typed = cells.text(row, "month", required=True, limit=20)
        month = parse_month(typed)
        if month is None:
            raise CellRefused(
                "month", _("“%(value)s” is not a month (write YYYY-MM).") % {"value": typed}
            )
        if month > self.today.replace(day=1):
            raise CellRefused("month", _("%(value)s is in the future.") % {"value": typed})
        site = cells.text(row, "site", limit=100)
        if site and site not in self.sites:
            raise CellRefused(
                "site",
                _(
                    "“%(code)s” is not the code of a container site, collection site or plant "
                    "of the registries."
                )
                % {"code": site},
            )
        operator_typed = cells.text(row, "operator")
        if not site and not operator_typed:
            raise CellRefused("site", _("Name the site or the operator."))
        operator = self.agencies.get(operator_typed)
        fraction = cells.choice(row, "fraction", Fraction, required=True)
        destination = cells.choice(row, "destination", Destination) or Destination.NOT_STATED
        tonnes = cells.decimal(row, "tonnes", low=MONTH_TONNES[0], high=MONTH_TONNES[1], places=3)
        if tonnes is None:
            raise CellRefused("tonnes", _("The cell is empty; it is required."))
        values = {
            "month": month,
            "site_code": site,
            "operator": operator,
            "operator_name": "" if operator is not None else operator_typed,
            "fraction": fraction,
            "destination": destination,
            "tonnes": tonnes,
            "source": cells.text(row, "source", required=True, limit=5000),
        }
        record = TonnageRecord(**values)
        existing = self.existing.get(record.key)
        if existing is None:
            return Change(row.line, record.key, Outcome.CREATED, (None, values))
        changed = {
            name: values[name]
            for name in ("tonnes", "source")
            if getattr(existing, name) != values[name]
        }
        outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
        return Change(row.line, record.key, outcome, (existing, changed))

    def apply(self, changes: Sequence[Change]) -> None:
        creates, updates, fields = [], [], set()
        now = timezone.now()
        for change in changes:
            if change.outcome == Outcome.UNCHANGED:
                continue
            existing, values = change.payload
            if existing is None:
                creates.append(TonnageRecord(**values))
                continue
            before = snapshot(existing, list(values))
            for name, value in values.items():
                setattr(existing, name, value)
            existing.updated_at = now
            fields |= set(values)
            updates.append((existing, before))
        write_entries(
            model=TonnageRecord,
            creates=creates,
            updates=updates,
            fields=fields | ({"updated_at"} if updates else set()),
            actor=self.context.actor,
            note=f"import {self.name}",
        )


KINDS: tuple[type[ImportKind], ...] = (
    ContainerSitesKind,
    WasteSitesKind,
    PlantsKind,
    TonnageKind,
)
