"""The import of a registry's rows through the one import pipeline (`core.imports.pipeline`):
what every registry's import shares. A registry's kind declares its model, its columns (the
common ones, then its own, read by `own_values`) and its geometry; this base reads the common
columns, finds the rows already there, checks who may write each row, and writes all of them in
batches.

Common columns: `code` (the key: a known code updates its row, a new one creates a row; a row
whose values are all the same is left unchanged), `name_kk`, `name_ru`, `name_en`, `district`
(a district's code: chosen by hand; empty: by the spatial join), `holder` (an agency's code,
else the holder's name as text), `activity` (an item number of the import's programme),
`source`, `verified_on`, and the place: `longitude` and `latitude`, `wkt`, or a spatial file's
features. A column left out of the file leaves that field of known rows as it is.

The programme office and the operator write at once. Where the kind lets them
(`agencies_propose`), the editors and heads of the agencies executing a row's activity import
too: their rows become edits waiting for the office (`Edit.Status.PENDING`), and a row of an
activity their agency does not execute is refused.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from types import SimpleNamespace
from typing import Any, ClassVar

from django.contrib.gis.geos import GEOSGeometry
from django.utils import timezone
from django.utils.translation import gettext as _

from jasyl.core.imports.pipeline import Change, ImportContext, ImportKind, Outcome
from jasyl.core.imports.sources import CellRefused, Source, SourceRow
from jasyl.domain.agencies.models import Agency
from jasyl.domain.people.access import ANONYMOUS, EDITOR, HEAD, Access, access_for
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.registries import cells
from jasyl.domain.registries.history import model_field, same, snapshot
from jasyl.domain.registries.lifecycle import DATE_FIELDS, LifecycleEntry, Stage, lifecycle_errors
from jasyl.domain.registries.models import RegistryEntry
from jasyl.domain.registries.placing import DistrictFinder
from jasyl.domain.registries.rights import executing_agencies
from jasyl.domain.registries.services import BATCH, propose_entries, write_entries
from jasyl.domain.roadmap.models import Activity, BudgetPeriod, Programme

COMMON_COLUMNS = (
    "code",
    "name_kk",
    "name_ru",
    "name_en",
    "district",
    "holder",
    "activity",
    "source",
    "verified_on",
)


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def programme_of(context: ImportContext) -> Programme | None:
    return Programme.objects.filter(code=context.scope).first() if context.scope else None


def access_of(context: ImportContext, programme: Programme | None) -> Access | None:
    """None for the operator; the person's roles in the programme (none without one)."""
    if context.actor is None:
        return None
    return access_for(context.actor, programme) if programme is not None else ANONYMOUS


def may_propose(access: Access | None) -> bool:
    return access is not None and bool(set(access.agency_roles.values()) & {HEAD, EDITOR})


class ProgrammeScoped:
    """What an import of the green fund's kinds knows of its context: the programme (the
    scope), the importer's roles in it, and the programme's activities."""

    context: ImportContext

    def scoped(self) -> None:
        self.programme = programme_of(self.context)
        self.access = access_of(self.context, self.programme)

    @property
    def office(self) -> bool:
        """The programme office or the operator: writes at once."""
        return self.access is None or self.access.is_reviewer

    def load_activities(self) -> None:
        programme = self.programme
        found = Activity.objects.filter(programme=programme) if programme is not None else []
        self.activities = {a.code: a for a in found}
        self.activity_agencies = executing_agencies(a.pk for a in self.activities.values())

    def activity_cell(self, row: SourceRow, column: str = "activity") -> Activity | None:
        typed = cells.text(row, column)
        if not typed:
            return None
        if self.programme is None:
            raise CellRefused(column, _("The import names no programme, so it has no activities."))
        activity = self.activities.get(typed)
        if activity is None:
            raise CellRefused(
                column, _("“%(code)s” is not an activity of this programme.") % {"code": typed}
            )
        return activity

    def executes(self, activity: Activity | None) -> bool:
        """Whether the importer's agency executes the activity (as its editor or head)."""
        if activity is None or self.access is None:
            return False
        codes = self.activity_agencies.get(activity.pk, [])
        return bool(codes) and self.access.can_edit(codes)


class RegistryKind(ProgrammeScoped, ImportKind):
    """The base of a registry's import kind (see the module's text)."""

    model: ClassVar[type[RegistryEntry]]
    key_column = "code"
    required: ClassVar[tuple[str, ...]] = ("code",)
    agencies_propose: ClassVar[bool] = False
    related: ClassVar[tuple[str, ...]] = ("district", "holder", "activity")

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.scoped()

    @property
    def moderated(self) -> bool:
        return not self.office

    def allowed(self) -> bool:
        if self.office:
            return True
        return self.agencies_propose and may_propose(self.access)

    # ------------------------------------------------------------------ checking

    def prepare(self, source: Source) -> None:
        self.given = set(source.columns)
        self.load_activities()
        self.agencies = {a.code: a for a in Agency.objects.all()}
        units = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT)
        self.districts = {u.code: u for u in units}
        codes = sorted({row.get("code").strip() for row in source.rows} - {""})
        self.existing: dict[str, RegistryEntry] = {}
        for chunk in chunks(codes):
            rows = self.model._default_manager.filter(code__in=chunk)
            for entry in rows.select_related(*self.related):
                self.existing[entry.code] = entry
        self.prepare_own(source)

    def prepare_own(self, source: Source) -> None:
        """Look up, once, what the kind's own columns need."""

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        """The kind's own columns' values (only of the columns in the file)."""
        return {}

    def geometry_value(self, geometry: GEOSGeometry) -> GEOSGeometry:
        return geometry

    def check_new(self, row: SourceRow, values: Mapping[str, Any]) -> None:
        """Refuse a new row that lacks what a row must have."""
        if self.model.name_required and not any(
            values.get(f"name_{lang}") for lang in ("kk", "ru", "en")
        ):
            raise CellRefused("name_kk", _("Give a name in at least one language."))

    def common_values(self, row: SourceRow) -> dict[str, Any]:
        given = self.given
        values: dict[str, Any] = {}
        for lang in ("kk", "ru", "en"):
            if f"name_{lang}" in given:
                values[f"name_{lang}"] = cells.text(row, f"name_{lang}")
        if "district" in given:
            typed = cells.text(row, "district")
            if typed and typed not in self.districts:
                raise CellRefused("district", _("unknown district “%(code)s”.") % {"code": typed})
            values["district_by_hand"] = bool(typed)
            if typed:
                values["district"] = self.districts[typed]
        if "holder" in given:
            typed = cells.text(row, "holder")
            agency = self.agencies.get(typed)
            values["holder"] = agency
            values["holder_name"] = "" if agency is not None else typed
        if "activity" in given:
            values["activity"] = self.activity_cell(row)
        if "source" in given:
            values["source"] = cells.text(row, "source", limit=5000)
        if "verified_on" in given:
            values["verified_on"] = cells.day(row, "verified_on")
        return values

    def check_rights(self, existing: RegistryEntry | None, values: Mapping[str, Any]) -> None:
        if not self.moderated:
            return
        chosen = []
        if existing is not None:
            chosen.append(existing.activity)
        if existing is None or "activity" in values:
            chosen.append(values.get("activity"))
        if not all(self.executes(activity) for activity in chosen):
            raise CellRefused(
                "activity",
                _(
                    "Your agency does not execute this row's activity: only the programme "
                    "office may import it."
                ),
            )

    def check(self, row: SourceRow) -> Change:
        code = cells.text(row, "code", required=True, limit=100)
        values = self.common_values(row)
        values.update(self.own_values(row))
        if row.geometry is not None:
            values["geometry"] = self.geometry_value(row.geometry)
        existing = self.existing.get(code)
        self.check_rights(existing, values)
        if existing is None:
            values["code"] = code
            self.check_new(row, values)
            return Change(row.line, code, Outcome.CREATED, (None, values))
        changed = {
            name: value
            for name, value in values.items()
            if not same(model_field(self.model, name), getattr(existing, name), value)
        }
        outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
        return Change(row.line, code, outcome, (existing, changed))

    # ------------------------------------------------------------------ writing

    def apply(self, changes: Sequence[Change]) -> None:
        wanted = [c.payload for c in changes if c.outcome != Outcome.UNCHANGED]
        actor = self.context.actor
        note = f"import {self.name}"
        if self.moderated:
            assert self.programme is not None
            propose_entries(
                model=self.model,
                proposals=wanted,
                actor=actor,
                programme_id=self.programme.pk,
                note=note,
            )
            return
        derived = self.model.derived_fields
        creates, updates, fields = [], [], set(derived)
        for existing, values in wanted:
            if existing is None:
                entry = self.model(**values)
                entry.derive()
                creates.append(entry)
                continue
            before = snapshot(existing, [*values, *derived, "district"])
            for name, value in values.items():
                setattr(existing, name, value)
            existing.derive()
            fields |= set(values)
            updates.append((existing, before))
        write_entries(
            model=self.model,
            creates=creates,
            updates=updates,
            fields=fields,
            actor=actor,
            note=note,
            finder=DistrictFinder(),
        )


LIFECYCLE_COLUMNS = ("status", *DATE_FIELDS.values(), "budget_period")
"""The columns of a built object's lifecycle (`lifecycle.LifecycleEntry`): its stage, the date
it reached each stage, and the budget period (a period code of the import's programme)."""


class LifecycleKind(RegistryKind):
    """The base of the import of a registry of built objects: the common columns, then the
    lifecycle's, then the kind's own. A row's stage and dates are checked together, as the row
    would be once written (a known row's stored values where the file leaves a column out)."""

    model: ClassVar[type[LifecycleEntry]]

    def prepare(self, source: Source) -> None:
        super().prepare(source)
        programme = self.programme
        found = BudgetPeriod.objects.filter(programme=programme) if programme else []
        self.periods = {p.code: p for p in found}
        self.today = timezone.localdate()

    def lifecycle_values(self, row: SourceRow) -> dict[str, Any]:
        given = self.given
        values: dict[str, Any] = {}
        if "status" in given:
            values["status"] = cells.choice(row, "status", Stage) or Stage.PLANNED
        for name in DATE_FIELDS.values():
            if name in given:
                day = cells.day(row, name)
                if day is not None and day > self.today:
                    raise CellRefused(
                        name,
                        _("%(day)s is in the future: record a stage once it is reached.")
                        % {"day": day.isoformat()},
                    )
                values[name] = day
        if "budget_period" in given:
            typed = cells.text(row, "budget_period")
            if typed and typed not in self.periods:
                raise CellRefused(
                    "budget_period",
                    _("“%(code)s” is not a budget period of this programme.") % {"code": typed},
                )
            values["budget_period"] = self.periods.get(typed)
        return values

    def check(self, row: SourceRow) -> Change:
        lifecycle = self.lifecycle_values(row)
        change = super().check(row)
        existing, values = change.payload
        state = SimpleNamespace(
            **{
                name: lifecycle.get(name, getattr(existing, name) if existing is not None else None)
                for name in ("status", *DATE_FIELDS.values())
            }
        )
        state.status = state.status or Stage.PLANNED
        errors = lifecycle_errors(state)
        if errors:
            column, message = next(iter(errors.items()))
            raise CellRefused(column if column in self.given else "status", message)
        changed = {
            name: value
            for name, value in lifecycle.items()
            if existing is None
            or not same(model_field(self.model, name), getattr(existing, name), value)
        }
        if changed:
            values.update(changed)
            if change.outcome == Outcome.UNCHANGED:
                change.outcome = Outcome.UPDATED
        return change
