"""What the public pages of EV charging and air-purification blocks show: for each kind its
table (a `common.tables.Table`, the same rows on the page and in the CSV), its GeoJSON features
(RFC 7946) and its filters. One list page, one detail page and one pair of downloads serve both
kinds: a kind is declared here, not written as pages of its own."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jasyl.core.i18n import current_language
from jasyl.core.numbers import json_number
from jasyl.domain.charging import selectors
from jasyl.domain.charging.models import AirPurifierBlock, ChargingLocation
from jasyl.domain.charging.reference import choices
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.registries.lifecycle import Stage
from jasyl.web.common.features import code_of, collection, entry, feature, lifecycle
from jasyl.web.common.tables import Cell, Table

Params = Mapping[str, str]


def district_name(unit: AdministrativeUnit | None) -> str:
    return unit.name.get(current_language()) if unit is not None else _("not in any district")


def districts() -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).order_by("code")
    )


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _common(row: Any) -> list[Cell]:
    return [row.code, row.name, district_name(row.district), row.stage_label]


def _common_properties(row: Any) -> dict[str, Any]:
    """The properties of every registry row, then the shared lifecycle's (`common.features`),
    as the waste registries have them."""
    return {
        **entry(row),
        **lifecycle(row),
        "activity": code_of(row.activity),
        "source": row.source or None,
        "verified_on": _day(row.verified_on),
        "sample": row.is_sample,
    }


def charger_cells(row: ChargingLocation) -> list[Cell]:
    connectors = [c for e in row.evses.all() for c in e.connectors.all()]
    return [
        *_common(row),
        _day(row.in_service_on),
        row.holder_text or None,
        len(row.evses.all()),
        len(connectors),
        ", ".join(sorted({c.standard for c in connectors})) or None,
        row.top_kw,  # type: ignore[attr-defined]
        _("sample") if row.is_sample else None,
    ]


def charger_properties(row: ChargingLocation) -> dict[str, Any]:
    return {
        **_common_properties(row),
        "address": row.address or None,
        "evses": [
            {
                "uid": e.uid,
                "evse_id": e.evse_id or None,
                "connectors": [
                    {
                        "id": c.connector_id,
                        "standard": c.standard,
                        "format": c.format or None,
                        "power_type": c.power_type,
                        "max_power_kw": json_number(c.max_power_kw),
                    }
                    for c in e.connectors.all()
                ],
            }
            for e in row.evses.all()
        ],
    }


def block_cells(row: AirPurifierBlock) -> list[Cell]:
    return [
        *_common(row),
        _day(row.in_service_on),
        row.holder_text or None,
        row.modules,
        row.equipment or None,
        _("sample") if row.is_sample else None,
    ]


def block_properties(row: AirPurifierBlock) -> dict[str, Any]:
    return {**_common_properties(row), "modules": row.modules, "equipment": row.equipment or None}


COMMON_COLUMNS = (
    gettext_lazy("Code"),
    gettext_lazy("Name"),
    gettext_lazy("District"),
    gettext_lazy("Status"),
    gettext_lazy("In service since"),
    gettext_lazy("Operator or holder"),
)


@dataclass(frozen=True)
class Kind:
    """One registry's public pages."""

    slug: str
    title: Any
    lead: Any
    model: type[Any]
    rows: Callable[[selectors.Filters, bool], Any]
    columns: tuple[Any, ...]
    numeric: frozenset[int]
    cells: Callable[[Any], list[Cell]]
    properties: Callable[[Any], dict[str, Any]]
    kind_label: Any = None
    kind_choices: Callable[[], list[tuple[str, str]]] = list

    def filters(self, params: Params) -> selectors.Filters:
        return selectors.Filters.from_query(
            params,
            [d.code for d in districts()],
            list(Stage.values),
            [value for value, _label in self.kind_choices()],
        )

    def table(self, params: Params) -> Table:
        sample = params.get("data") == "sample"
        filters = self.filters(params)
        return Table(
            slug=self.slug,
            title=str(self.title),
            columns=[str(c) for c in self.columns],
            rows=[self.cells(row) for row in self.rows(filters, sample)],
            numeric=self.numeric,
            query=urlencode(filters.query(sample)),
        )

    def features(self, params: Params) -> dict[str, Any]:
        sample = params.get("data") == "sample"
        rows = self.rows(self.filters(params), sample)
        return collection(feature(row.pk, row.geometry, self.properties(row)) for row in rows)


def _chargers(filters: selectors.Filters, sample: bool) -> Any:
    return selectors.locations(filters, sample=sample)


def _blocks(filters: selectors.Filters, sample: bool) -> Any:
    return selectors.blocks(filters, sample=sample)


KINDS: dict[str, Kind] = {
    "ev-chargers": Kind(
        slug="ev-chargers",
        title=gettext_lazy("EV charging locations"),
        lead=gettext_lazy(
            "Where electric vehicles can be charged (item 1.4), by OCPI 2.2.1: each location "
            "with its charging points (EVSEs, each charging one vehicle at a time), their "
            "connectors and the highest power, its operator and its stage, from planned to "
            "in service."
        ),
        model=ChargingLocation,
        rows=_chargers,
        columns=(
            *COMMON_COLUMNS,
            gettext_lazy("Charging points (EVSEs)"),
            gettext_lazy("Connectors"),
            gettext_lazy("Connector standards"),
            gettext_lazy("Highest power, kW"),
            gettext_lazy("Sample data"),
        ),
        numeric=frozenset({6, 7, 9}),
        cells=charger_cells,
        properties=charger_properties,
        kind_label=gettext_lazy("Power type"),
        kind_choices=lambda: choices("power_types"),
    ),
    "air-purifiers": Kind(
        slug="air-purifiers",
        title=gettext_lazy("Air-purification blocks"),
        lead=gettext_lazy(
            "The blocks of air-purification modules of item 1.8 (a pilot of 7 blocks of 28 "
            "modules), each with its place, modules and stage."
        ),
        model=AirPurifierBlock,
        rows=_blocks,
        columns=(
            *COMMON_COLUMNS,
            gettext_lazy("Modules"),
            gettext_lazy("Equipment"),
            gettext_lazy("Sample data"),
        ),
        numeric=frozenset({6}),
        cells=block_cells,
        properties=block_properties,
    ),
}
