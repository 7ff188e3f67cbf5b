"""The green fund's kinds of import for the one pipeline (`core.imports.pipeline`), registered
when the app starts: `species`, `trees`, `felling-permits`, `plantings`, `parks`, `nurseries`,
`wood-waste-sites`. Their columns are listed in docs/greenfund.md.

Who may: the programme office (and the operator on the command line) for every kind; for
`trees` and `plantings`, also the editors and heads of the agencies executing a row's activity
(a permit's: its applicant too), whose rows wait for the office's approval. The scope of an
import is the programme's code (`context.scope`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPoint, MultiPolygon, Point, Polygon
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.core.imports.pipeline import Change, ImportContext, ImportKind, Outcome
from jasyl.core.imports.sources import (
    LATITUDE,
    LONGITUDE,
    WKT,
    CellRefused,
    Source,
    SourceRow,
)
from jasyl.domain.agencies.models import Agency
from jasyl.domain.greenfund.compensation import Reason
from jasyl.domain.greenfund.models import (
    CROWN_DIAMETER_M,
    HEIGHT_M,
    PLANTED_YEARS,
    TRUNK_DIAMETER_CM,
    CompensatoryPlanting,
    FellingPermit,
    Nursery,
    Park,
    Species,
    Tree,
    VerificationStatus,
    WoodWasteSite,
)
from jasyl.domain.greenfund.services import owing_agencies, write_permits, write_plantings
from jasyl.domain.places.models import WGS84
from jasyl.domain.registries import cells
from jasyl.domain.registries.history import model_field, same, snapshot
from jasyl.domain.registries.imports import (
    COMMON_COLUMNS,
    ProgrammeScoped,
    RegistryKind,
    chunks,
    may_propose,
)
from jasyl.domain.registries.placing import DistrictFinder
from jasyl.domain.registries.services import propose_entries, write_entries

LARGEST_COUNT = 10_000_000
"""More trees than one permit or planting could name: a typing slip."""


def multipolygon(geometry: GEOSGeometry) -> GEOSGeometry:
    """A polygon as a multipolygon of one (the registries store multipolygons)."""
    if isinstance(geometry, Polygon):
        return MultiPolygon(geometry, srid=geometry.srid or WGS84)
    return geometry


def multipoint(geometry: GEOSGeometry | None) -> MultiPoint | None:
    if isinstance(geometry, Point):
        return MultiPoint(geometry, srid=geometry.srid or WGS84)
    return geometry if isinstance(geometry, MultiPoint) else None


def agency_or_name(agencies: dict[str, Agency], typed: str) -> tuple[Agency | None, str]:
    """An agency by its code, else the name as typed."""
    agency = agencies.get(typed)
    return (agency, "") if agency is not None else (None, typed)


def changed_values(model: type[Any], existing: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value
        for name, value in values.items()
        if not same(model_field(model, name), getattr(existing, name), value)
    }


class SpeciesLookup:
    """The species list, by Latin name whatever the letter case."""

    def load_species(self) -> None:
        self.species = {s.latin_name.casefold(): s for s in Species.objects.all()}

    def species_cell(self, row: SourceRow, column: str = "species") -> Species | None:
        typed = cells.text(row, column)
        if not typed:
            return None
        found = self.species.get(typed.casefold())
        if found is None:
            raise CellRefused(
                column,
                _(
                    "“%(value)s” is not in the list of species: the programme office adds it "
                    "(import “species”)."
                )
                % {"value": typed},
            )
        return found


# ------------------------------------------------------------------------------ species


class SpeciesKind(ProgrammeScoped, ImportKind):
    name = "species"
    title = gettext_lazy("tree species")
    columns = (
        "latin_name",
        "rank",
        "name_kk",
        "name_ru",
        "name_en",
        "source",
        "verification_status",
    )
    required = ("latin_name",)
    key_column = "latin_name"

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.scoped()

    def allowed(self) -> bool:
        return self.office

    def prepare(self, source: Source) -> None:
        self.given = set(source.columns)
        self.existing = {s.latin_name.casefold(): s for s in Species.objects.all()}

    def check(self, row: SourceRow) -> Change:
        latin = cells.text(row, "latin_name", required=True, limit=200)
        values: dict[str, Any] = {}
        for name in ("name_kk", "name_ru", "name_en"):
            if name in self.given:
                values[name] = cells.text(row, name, limit=200)
        if "source" in self.given:
            values["source"] = cells.text(row, "source", limit=5000)
        for name, choices in (
            ("rank", Species.Rank),
            ("verification_status", VerificationStatus),
        ):
            if name in self.given:
                value = cells.choice(row, name, choices)
                if value:
                    values[name] = value
        # Known by the name whatever the letter case: "quercus" is Quercus.
        key = latin.casefold()
        existing = self.existing.get(key)
        if existing is None:
            return Change(row.line, key, Outcome.CREATED, (None, {"latin_name": latin, **values}))
        changed = changed_values(Species, existing, values)
        outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
        return Change(row.line, key, outcome, (existing, changed))

    def apply(self, changes: Sequence[Change]) -> None:
        creates, updates, fields = [], [], set()
        for change in changes:
            existing, values = change.payload
            if change.outcome == Outcome.CREATED:
                creates.append(Species(**values))
            elif change.outcome == Outcome.UPDATED:
                before = snapshot(existing, values)
                for name, value in values.items():
                    setattr(existing, name, value)
                fields |= set(values)
                updates.append((existing, before))
        write_entries(
            model=Species,
            creates=creates,
            updates=updates,
            fields=fields,
            actor=self.context.actor,
            note="import species",
        )


# ------------------------------------------------------------------------------ registries


class TreesKind(SpeciesLookup, RegistryKind):
    name = "trees"
    title = gettext_lazy("trees of the green fund")
    model = Tree
    columns = (
        *COMMON_COLUMNS,
        "species",
        "diameter_cm",
        "height_m",
        "crown_m",
        "condition",
        "planted",
        "site_type",
        "site",
    )
    geometry = ("Point",)
    agencies_propose = True
    related = ("district", "holder", "activity", "species")

    def prepare_own(self, source: Source) -> None:
        self.load_species()
        self.today = timezone.localdate()

    def planted(self, row: SourceRow) -> dict[str, Any]:
        typed = cells.text(row, "planted")
        if not typed:
            return {"planted_year": None, "planted_on": None}
        if typed.isdigit():
            year = cells.integer(row, "planted", low=PLANTED_YEARS[0], high=PLANTED_YEARS[1])
            on = None
        else:
            on = cells.day(row, "planted")
            assert on is not None
            year = on.year
        if (year is not None and year > self.today.year) or (on is not None and on > self.today):
            raise CellRefused("planted", _("%(value)s is in the future.") % {"value": typed})
        return {"planted_year": year, "planted_on": on}

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        given = self.given
        values: dict[str, Any] = {}
        if "species" in given:
            values["species"] = self.species_cell(row)
        for column, name, (low, high), places in (
            ("diameter_cm", "trunk_diameter_cm", TRUNK_DIAMETER_CM, 1),
            ("height_m", "height_m", HEIGHT_M, 2),
            ("crown_m", "crown_diameter_m", CROWN_DIAMETER_M, 2),
        ):
            if column in given:
                values[name] = cells.decimal(
                    row, column, low=low, high=high, places=places, above_low=True
                )
        if "condition" in given:
            values["condition"] = cells.choice(row, "condition", Tree.Condition)
        if "site_type" in given:
            values["site_type"] = cells.choice(row, "site_type", Tree.SiteType)
        if "site" in given:
            values["site_name"] = cells.text(row, "site")
        if "planted" in given:
            values.update(self.planted(row))
        return values


class ParksKind(RegistryKind):
    name = "parks"
    title = gettext_lazy("parks")
    model = Park
    columns = (*COMMON_COLUMNS, "kind")
    geometry = ("Polygon", "MultiPolygon")

    def geometry_value(self, geometry: GEOSGeometry) -> GEOSGeometry:
        return multipolygon(geometry)

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        kind = cells.choice(row, "kind", Park.Kind) if "kind" in self.given else ""
        return {"kind": kind} if kind else {}


class NurseriesKind(RegistryKind):
    name = "nurseries"
    title = gettext_lazy("nurseries")
    model = Nursery
    columns = (*COMMON_COLUMNS, "area_ha")
    geometry = ("Point", "Polygon", "MultiPolygon")

    def geometry_value(self, geometry: GEOSGeometry) -> GEOSGeometry:
        return multipolygon(geometry)

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        if "area_ha" not in self.given:
            return {}
        area = cells.decimal(
            row, "area_ha", low=Decimal(0), high=Decimal(1_000_000), places=2, above_low=True
        )
        if area is not None and row.geometry is not None and row.geometry.geom_type != "Point":
            raise CellRefused(
                "area_ha", _("A polygon's area is measured from it: leave the cell empty.")
            )
        return {"area_ha": area} if area is not None else {}


class WoodWasteSitesKind(RegistryKind):
    name = "wood-waste-sites"
    title = gettext_lazy("wood-waste sites")
    model = WoodWasteSite
    columns = (*COMMON_COLUMNS, "capacity_m3")
    geometry = ("Point",)

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        if "capacity_m3" not in self.given:
            return {}
        return {
            "capacity_m3_per_year": cells.decimal(
                row, "capacity_m3", low=Decimal(0), high=Decimal(1_000_000_000), places=1
            )
        }


# ------------------------------------------------------------------------------ permits


class FellingPermitsKind(ProgrammeScoped, ImportKind):
    name = "felling-permits"
    title = gettext_lazy("felling permits")
    columns = (
        "number",
        "issued_on",
        "issuer",
        "applicant",
        "reason",
        "trees",
        "trees_count",
        "deadline",
        "activity",
        "source",
    )
    required = ("number", "issued_on", "reason")
    key_column = "number"
    geometry = ("Point", "MultiPoint")
    geometry_required = False

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.scoped()

    def allowed(self) -> bool:
        return self.office

    def prepare(self, source: Source) -> None:
        self.given = set(source.columns)
        self.places_given = source.spatial or bool(self.given & {LONGITUDE, LATITUDE, WKT})
        self.load_activities()
        self.agencies = {a.code: a for a in Agency.objects.all()}
        numbers = sorted({row.get("number").strip() for row in source.rows} - {""})
        self.existing: dict[str, FellingPermit] = {}
        for chunk in chunks(numbers):
            for permit in FellingPermit.objects.filter(number__in=chunk).select_related(
                "issuer", "applicant", "activity", "rule", "district"
            ):
                self.existing[permit.number] = permit
        self.tree_sets: dict[int, set[str]] = {p.pk: set() for p in self.existing.values()}
        through = FellingPermit.trees.through.objects
        for chunk in chunks(list(self.tree_sets)):
            for permit_id, code in through.filter(fellingpermit_id__in=chunk).values_list(
                "fellingpermit_id", "tree__code"
            ):
                self.tree_sets[permit_id].add(code)
        codes = sorted(
            {c.strip() for row in source.rows for c in row.get("trees").split(";")} - {""}
        )
        self.trees: dict[str, Tree] = {}
        for chunk in chunks(codes):
            for tree in Tree.objects.filter(code__in=chunk).select_related("district"):
                self.trees[tree.code] = tree

    def tree_list(self, row: SourceRow) -> list[Tree]:
        codes = list(dict.fromkeys(c.strip() for c in row.get("trees").split(";") if c.strip()))
        unknown = [code for code in codes if code not in self.trees]
        if unknown:
            raise CellRefused(
                "trees",
                _("These trees are not in the registry: %(codes)s.")
                % {"codes": ", ".join(unknown[:10])},
            )
        return [self.trees[code] for code in codes]

    def check(self, row: SourceRow) -> Change:
        number = cells.text(row, "number", required=True, limit=100)
        issued_on = cells.day(row, "issued_on", required=True)
        assert issued_on is not None
        values: dict[str, Any] = {
            "issued_on": issued_on,
            "reason": cells.choice(row, "reason", Reason, required=True),
        }
        for column in ("issuer", "applicant"):
            if column in self.given:
                agency, name = agency_or_name(self.agencies, cells.text(row, column))
                values[column], values[f"{column}_name"] = agency, name
        if "deadline" in self.given:
            deadline = cells.day(row, "deadline")
            if deadline is not None and deadline < issued_on:
                raise CellRefused("deadline", _("The deadline is before the day of issue."))
            values["deadline"] = deadline
        if "activity" in self.given:
            values["activity"] = self.activity_cell(row)
        if "source" in self.given:
            values["source"] = cells.text(row, "source", limit=5000)
        if self.places_given:
            values["points"] = multipoint(row.geometry)
        trees = self.tree_list(row) if "trees" in self.given else None
        existing = self.existing.get(number)
        if trees is not None:
            in_registry = len(trees)
        else:
            in_registry = len(self.tree_sets[existing.pk]) if existing is not None else 0
        points = values.get("points", existing.points if existing is not None else None)
        listed = in_registry + (len(points) if points else 0)
        count = cells.integer(row, "trees_count", low=1, high=LARGEST_COUNT)
        if count is None:
            count = existing.trees_count if existing is not None else listed
        if count == 0:
            raise CellRefused("trees_count", _("The cell is empty; it is required."))
        if count < listed:
            raise CellRefused(
                "trees_count",
                _("The permit lists %(listed)s trees but allows felling %(count)s.")
                % {"listed": listed, "count": count},
            )
        if existing is not None and count < existing.felled_count:
            raise CellRefused(
                "trees_count",
                _("%(count)s is fewer than the %(felled)s trees already felled.")
                % {"count": count, "felled": existing.felled_count},
            )
        values["trees_count"] = count
        if existing is None:
            permit = FellingPermit(number=number, **values)
            return Change(row.line, number, Outcome.CREATED, (permit, trees or []))
        changed = changed_values(FellingPermit, existing, values)
        new_set = trees is not None and {t.code for t in trees} != self.tree_sets[existing.pk]
        outcome = Outcome.UPDATED if changed or new_set else Outcome.UNCHANGED
        return Change(row.line, number, outcome, (existing, changed, trees if new_set else None))

    def apply(self, changes: Sequence[Change]) -> None:
        creates = [c.payload for c in changes if c.outcome == Outcome.CREATED]
        updates, fields = [], set()
        for change in changes:
            if change.outcome != Outcome.UPDATED:
                continue
            existing, values, trees = change.payload
            before = snapshot(existing, [*values, "rule", "owed", "district", "state"])
            for name, value in values.items():
                setattr(existing, name, value)
            fields |= set(values)
            updates.append((existing, before, trees))
        write_permits(
            creates=creates,
            updates=updates,
            fields=fields,
            actor=self.context.actor,
            note="import felling-permits",
        )


# ------------------------------------------------------------------------------ plantings


class PlantingsKind(SpeciesLookup, ProgrammeScoped, ImportKind):
    name = "plantings"
    title = gettext_lazy("compensatory plantings")
    columns = ("code", "permit", "planted_on", "count", "species")
    required = ("code", "permit", "planted_on")
    key_column = "code"
    geometry = ("Point", "MultiPoint")
    geometry_required = False

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.scoped()

    def allowed(self) -> bool:
        return self.office or may_propose(self.access)

    def prepare(self, source: Source) -> None:
        self.load_species()
        self.load_activities()
        numbers = sorted({row.get("permit").strip() for row in source.rows} - {""})
        self.permits: dict[str, FellingPermit] = {}
        for chunk in chunks(numbers):
            for permit in FellingPermit.objects.filter(number__in=chunk).select_related(
                "applicant", "activity"
            ):
                self.permits[permit.number] = permit
        codes = sorted({row.get("code").strip() for row in source.rows} - {""})
        self.existing: dict[str, CompensatoryPlanting] = {}
        for chunk in chunks(codes):
            found = CompensatoryPlanting.objects.filter(code__in=chunk).select_related("permit")
            for planting in found:
                self.existing[planting.code] = planting
        self.owing: dict[int, list[str]] = {}

    def owes(self, permit: FellingPermit) -> bool:
        """Whether the importer's agency owes the permit's compensation."""
        if permit.pk not in self.owing:
            self.owing[permit.pk] = owing_agencies(permit)
        codes = self.owing[permit.pk]
        return self.access is not None and bool(codes) and self.access.can_edit(codes)

    def check(self, row: SourceRow) -> Change:
        code = cells.text(row, "code", required=True, limit=100)
        number = cells.text(row, "permit", required=True)
        permit = self.permits.get(number)
        if permit is None:
            raise CellRefused(
                "permit", _("No felling permit numbered %(number)s.") % {"number": number}
            )
        if not self.office and not self.owes(permit):
            raise CellRefused(
                "permit",
                _(
                    "Your agency does not owe this permit's compensation: only the programme "
                    "office may record its plantings."
                ),
            )
        planted_on = cells.day(row, "planted_on", required=True)
        assert planted_on is not None
        if planted_on > timezone.localdate():
            raise CellRefused(
                "planted_on", _("%(value)s is in the future.") % {"value": row.get("planted_on")}
            )
        count = cells.integer(row, "count", low=1, high=LARGEST_COUNT)
        points = row.geometry if isinstance(row.geometry, MultiPoint) else None
        location = row.geometry if isinstance(row.geometry, Point) else None
        if points is not None and count is not None and count != len(points):
            raise CellRefused(
                "count",
                _("The planting lists %(points)s places but counts %(count)s trees.")
                % {"points": len(points), "count": count},
            )
        if count is None:
            if points is None:
                raise CellRefused("count", _("The cell is empty; it is required."))
            count = len(points)
        values = {
            "code": code,
            "permit": permit,
            "planted_on": planted_on,
            "count": count,
            "species": self.species_cell(row),
            "location": location,
            "points": points,
        }
        existing = self.existing.get(code)
        if existing is None:
            return Change(row.line, code, Outcome.CREATED, values)
        if changed_values(CompensatoryPlanting, existing, values):
            raise CellRefused(
                "code",
                _(
                    "%(code)s is recorded already with other values; a planting is recorded "
                    "once (the programme office corrects it in the admin)."
                )
                % {"code": code},
            )
        return Change(row.line, code, Outcome.UNCHANGED, values)

    def apply(self, changes: Sequence[Change]) -> None:
        rows = [c.payload for c in changes if c.outcome == Outcome.CREATED]
        actor = self.context.actor
        if self.office:
            write_plantings(rows, actor=actor, finder=DistrictFinder())
            return
        programme_id = self.programme.pk if self.programme is not None else None
        propose_entries(
            model=CompensatoryPlanting,
            proposals=[(None, values) for values in rows],
            actor=actor,
            programme_id=programme_id,
            note="import plantings",
        )


KINDS: tuple[type[ImportKind], ...] = (
    SpeciesKind,
    TreesKind,
    FellingPermitsKind,
    PlantingsKind,
    ParksKind,
    NurseriesKind,
    WoodWasteSitesKind,
)
