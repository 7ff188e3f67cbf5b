"""The imports of EV charging (`ev-chargers`) and air-purification blocks (`air-purifiers`)
through the one import pipeline, on the registries' base (`registries.imports.LifecycleKind`:
the common columns and the lifecycle's).

`ev-chargers` takes one row per connector, as a CPO's export lists them: the location's columns
(the common ones, the lifecycle's, `address`) repeated on each of its rows, then `evse_uid`,
`evse_id`, `connector_id`, `standard`, `format`, `power_type`, `max_power_kw`. Rows with the
same `code` are one location, and rows with the same `code` and `evse_uid` one EVSE (OCPI
2.2.1, 8.3.1-8.3.3); a location's columns that differ between its rows refuse the later row.
Connectors already stored and not in the file are kept. The programme office imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.core.imports.pipeline import Change, Outcome
from jasyl.core.imports.sources import CellRefused, Source, SourceRow
from jasyl.domain.charging.models import (
    MAX_POWER_KW,
    MODULES,
    AirPurifierBlock,
    ChargingLocation,
    Connector,
    Evse,
)
from jasyl.domain.charging.reference import ocpi
from jasyl.domain.registries import cells
from jasyl.domain.registries.history import model_field, same
from jasyl.domain.registries.imports import COMMON_COLUMNS, LIFECYCLE_COLUMNS, LifecycleKind

EVSE_COLUMNS = ("evse_uid", "evse_id", "connector_id", "standard", "format", "power_type")


def _code_list(row: SourceRow, column: str, name: str, *, required: bool) -> str:
    """A value of one of OCPI's code lists, as OCPI writes it (letter case aside)."""
    typed = cells.text(row, column, required=required)
    if not typed:
        return ""
    allowed = list(ocpi()[name])
    for value in allowed:
        if value.casefold() == typed.casefold():
            return str(value)
    raise CellRefused(
        column,
        _("“%(value)s” is not one of OCPI 2.2.1's values: %(choices)s.")
        % {"value": typed, "choices": ", ".join(allowed)},
    )


class EvChargersKind(LifecycleKind):
    name = "ev-chargers"
    title = gettext_lazy("EV chargers (one row per connector)")
    model = ChargingLocation
    columns = (
        *COMMON_COLUMNS,
        *LIFECYCLE_COLUMNS,
        "address",
        *EVSE_COLUMNS,
        "max_power_kw",
    )
    required: ClassVar[tuple[str, ...]] = (
        "code",
        "evse_uid",
        "connector_id",
        "standard",
        "power_type",
        "max_power_kw",
    )
    geometry = ("Point",)
    key_column = "connector_id"

    def prepare_own(self, source: Source) -> None:
        self.first_rows: dict[str, tuple[int, dict[str, Any]]] = {}
        self.location_changes: dict[str, Change] = {}
        self.stored: dict[tuple[str, str, str], Connector] = {}
        known = [e.pk for e in self.existing.values()]
        for start in range(0, len(known), 500):
            found = Connector.objects.filter(evse__location__in=known[start : start + 500])
            for c in found.select_related("evse__location"):
                self.stored[(c.evse.location.code, c.evse.uid, c.connector_id)] = c

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        if "address" not in self.given:
            return {}
        return {"address": cells.text(row, "address", limit=45)}

    def _same_location(self, row: SourceRow, code: str, values: dict[str, Any]) -> None:
        """A location's columns are the same on each of its rows."""
        first = self.first_rows.get(code)
        if first is None:
            self.first_rows[code] = (row.line, values)
            return
        line, earlier = first
        for name in sorted(set(earlier) | set(values)):
            if name == "code":
                continue
            if not same(model_field(self.model, name), earlier.get(name), values.get(name)):
                raise CellRefused(
                    name if name in self.given else "geometry",
                    _("differs from row %(line)s of the same location “%(code)s”.")
                    % {"line": line, "code": code},
                )

    def check(self, row: SourceRow) -> Change:
        code = cells.text(row, "code", required=True, limit=100)
        location = super().check(row)
        existing, values = location.payload
        whole = dict(values)
        if existing is not None:
            # The row as the file states it, to compare with the location's other rows.
            for name in self.given:
                if name in ("code", *EVSE_COLUMNS, "max_power_kw") or name not in {
                    f.name for f in self.model._meta.concrete_fields
                }:
                    continue
                whole.setdefault(name, getattr(existing, name))
        self._same_location(row, code, {k: v for k, v in whole.items() if k != "district_by_hand"})
        self.location_changes.setdefault(code, location)
        evse = {
            "uid": cells.text(row, "evse_uid", required=True, limit=36),
            "evse_id": cells.text(row, "evse_id", limit=48),
        }
        power = cells.decimal(
            row,
            "max_power_kw",
            low=MAX_POWER_KW[0],
            high=MAX_POWER_KW[1],
            places=1,
            above_low=True,
        )
        if power is None:
            raise CellRefused("max_power_kw", _("The cell is empty; it is required."))
        connector = {
            "connector_id": cells.text(row, "connector_id", required=True, limit=36),
            "standard": _code_list(row, "standard", "connector_types", required=True),
            "format": _code_list(row, "format", "connector_formats", required=False),
            "power_type": _code_list(row, "power_type", "power_types", required=True),
            "max_power_kw": power,
        }
        key = f"{code}/{evse['uid']}/{connector['connector_id']}"
        outcome = self._connector_outcome(code, evse, connector)
        if outcome == Outcome.UNCHANGED and location.outcome != Outcome.UNCHANGED:
            outcome = Outcome.UPDATED
        return Change(row.line, key, outcome, (code, evse, connector))

    def _connector_outcome(
        self, code: str, evse: dict[str, Any], connector: dict[str, Any]
    ) -> Outcome:
        stored = self.stored.get((code, evse["uid"], connector["connector_id"]))
        if stored is None:
            return Outcome.CREATED
        if stored.evse.evse_id != evse["evse_id"] or any(
            not same(model_field(Connector, k), getattr(stored, k), v) for k, v in connector.items()
        ):
            return Outcome.UPDATED
        return Outcome.UNCHANGED

    def apply(self, changes: Sequence[Change]) -> None:
        super().apply(list(self.location_changes.values()))
        codes = list(self.location_changes)
        locations = {loc.code: loc for loc in ChargingLocation.objects.filter(code__in=codes)}
        evses = {
            (e.location.code, e.uid): e
            for e in Evse.objects.filter(location__code__in=codes).select_related("location")
        }
        for change in changes:
            code, evse_values, connector_values = change.payload
            key = (code, evse_values["uid"])
            evse = evses.get(key)
            if evse is None:
                evse = Evse.objects.create(location=locations[code], **evse_values)
                evses[key] = evse
            elif evse.evse_id != evse_values["evse_id"]:
                evse.evse_id = evse_values["evse_id"]
                evse.save(update_fields=["evse_id"])
            Connector.objects.update_or_create(
                evse=evse,
                connector_id=connector_values["connector_id"],
                defaults={k: v for k, v in connector_values.items() if k != "connector_id"},
            )


class AirPurifiersKind(LifecycleKind):
    name = "air-purifiers"
    title = gettext_lazy("air-purification blocks")
    model = AirPurifierBlock
    columns = (*COMMON_COLUMNS, *LIFECYCLE_COLUMNS, "modules", "equipment")
    geometry = ("Point",)

    def own_values(self, row: SourceRow) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if "modules" in self.given:
            values["modules"] = cells.integer(row, "modules", low=MODULES[0], high=MODULES[1])
        if "equipment" in self.given:
            values["equipment"] = cells.text(row, "equipment", limit=100)
        return values

    def check_new(self, row: SourceRow, values: Any) -> None:
        super().check_new(row, values)
        if values.get("modules") is None:
            raise CellRefused("modules", _("The cell is empty; it is required."))


KINDS = (EvChargersKind, AirPurifiersKind)
