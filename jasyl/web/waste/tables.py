"""The waste pages' tables: each downloads as CSV (`data/<slug>.csv`) with the rows of its page,
headers in the page's language (`common.tables.Table`)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from jasyl.core.i18n import current_language
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.waste.models import Destination, TreatmentPlant, WasteSite
from jasyl.web.common.registries import districts
from jasyl.web.common.tables import Cell, Table
from jasyl.web.waste import reads

Params = Mapping[str, str]


def district_name(unit: AdministrativeUnit | None) -> str:
    return unit.name.get(current_language()) if unit is not None else _("not in any district")


def filters_of(found: reads.Registry, params: Params) -> reads.Filters:
    return reads.Filters.from_query(
        params, [d.code for d in districts()], [value for value, _label in found.kinds]
    )


def registry_table(slug: str, programme: Programme, params: Params) -> Table:
    """A registry as filtered on its page (every row)."""
    found = reads.registry(slug)
    sample = params.get("data") == "sample"
    filters = filters_of(found, params)
    columns = [
        _("Code"),
        _("Name"),
        _("Kind"),
        _("Status"),
        _("Reached on"),
        _("District"),
        _("Roadmap activity"),
        _("Holder"),
    ]
    numeric: set[int] = set()
    if found.model is WasteSite:
        columns.append(_("Area, m²"))
        numeric.add(8)
    elif found.model is TreatmentPlant:
        columns.append(_("Capacity, t a year"))
        numeric.add(8)
    else:
        columns.append(_("Containers"))
    rows: list[list[Cell]] = []
    for row in reads.rows(found, filters, sample=sample):
        cells: list[Cell] = [
            row.code,
            row.name,
            str(row.get_kind_display()),
            row.stage_label,
            row.stage_date.isoformat() if row.stage_date else None,
            district_name(row.district),
            row.activity.code if row.activity else None,
            row.holder_text or None,
        ]
        if found.model is WasteSite:
            cells.append(row.area_m2)
        elif found.model is TreatmentPlant:
            cells.append(row.capacity_t_per_year)
        else:
            cells.append(reads.containers_text(row) or None)
        rows.append(cells)
    return Table(
        slug=slug,
        title=str(found.title),
        columns=columns,
        rows=rows,
        numeric=frozenset(numeric),
        query=urlencode(filters.query(sample)),
    )


def recyclables_table(programme: Programme, params: Params) -> Table:
    """The KPI by year: thousand tonnes recycled, the target, and the tonnes set apart."""
    sample = params.get("data") == "sample"
    found = reads.recyclables(programme, sample=sample)
    apart = [d for d in Destination.values if d in found.rules.not_counted]
    return Table(
        slug="recyclables",
        title=_("Recyclables collected and recycled, by year"),
        columns=[
            _("Year"),
            _("Recycled, thousand t"),
            _("Target of the plan, thousand t"),
            *(
                _("Set apart: %(destination)s, t") % {"destination": Destination(d).label}
                for d in apart
            ),
        ],
        rows=[
            [str(y.year), y.value, y.target, *(y.apart.get(d) for d in apart)] for y in found.years
        ],
        numeric=frozenset(range(1, 3 + len(apart))),
        query=urlencode({"data": "sample"} if sample else {}),
    )


def build(slug: str, programme: Programme, params: Params) -> Table | None:
    """The table named `slug` for its CSV download; None when there is no such table."""
    if slug in reads.REGISTRIES:
        return registry_table(slug, programme, params)
    if slug == "recyclables":
        return recyclables_table(programme, params)
    return None
