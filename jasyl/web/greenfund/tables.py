"""The green fund's tables: each one a page shows is a `common.tables.Table`, and each downloads
as CSV (`data/<slug>.csv`) with the same rows, headers in the page's language, every text kept
a text for spreadsheets (`core.spreadsheets`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from jasyl.core.i18n import current_language
from jasyl.domain.greenfund.compensation import PermitState
from jasyl.domain.greenfund.models import FellingPermit, Nursery, Park, Tree, WoodWasteSite
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.roadmap.models import Programme
from jasyl.web.common.tables import Cell, Table
from jasyl.web.greenfund import reads, shown

Params = Mapping[str, str]


def district_name(unit: AdministrativeUnit | None) -> str:
    return unit.name.get(current_language()) if unit is not None else _("not in any district")


def state_label(state: str) -> str:
    return str(PermitState(state).label)


def _sample(params: Params) -> dict[str, str]:
    return {"data": "sample"} if params.get("data") == "sample" else {}


def permit_rows(found: Iterable[FellingPermit]) -> list[list[Cell]]:
    on = reads.today()
    return [
        [
            p.number,
            p.issued_on.isoformat(),
            district_name(p.district),
            str(p.get_reason_display()),
            p.trees_count,
            p.felled_count,
            p.owed,
            p.planted_count,
            p.missing,
            state_label(reads.state_of(p, on)),
            p.deadline.isoformat() if p.deadline else None,
            _("sample") if p.is_sample else None,
        ]
        for p in found
    ]


def permit_columns() -> list[str]:
    return [
        _("Permit"),
        _("Issued on"),
        _("District"),
        _("Reason"),
        _("Trees to fell"),
        _("Trees felled"),
        _("Compensation owed (trees)"),
        _("Trees planted"),
        _("Still to plant"),
        _("State"),
        _("Deadline"),
        _("Sample data"),
    ]


def permits_table(programme: Programme, params: Params) -> Table:
    """The felling register as filtered on its page (every row, not one page of them)."""
    sample = params.get("data") == "sample"
    filters = reads.PermitFilters.from_query(params, [d.code for d in reads.districts()])
    return Table(
        slug="permits",
        title=_("Felling register"),
        columns=permit_columns(),
        rows=permit_rows(reads.permits(filters, sample=sample)),
        numeric=frozenset({4, 5, 6, 7, 8}),
        query=urlencode(filters.query(sample)),
    )


# ------------------------------------------------------------------------------ statistics


def trees_by_district(stats: reads.Statistics) -> Table:
    return Table(
        slug="trees-by-district",
        title=_("Trees by district"),
        columns=[
            _("District"),
            _("Standing trees"),
            _("Share of the standing trees, %"),
            _("Trees planted (all years)"),
            _("Trees felled (all years)"),
            _("Permits with overdue compensation"),
        ],
        rows=[
            [district_name(r.district), r.standing, r.share, r.planted, r.felled, r.overdue]
            for r in stats.by_district
        ],
        numeric=frozenset({1, 2, 3, 4, 5}),
    )


def trees_by_species(stats: reads.Statistics) -> Table:
    return Table(
        slug="trees-by-species",
        title=_("Standing trees by species"),
        columns=[_("Species"), _("Latin name"), _("Standing trees"), _("Share, %")],
        rows=[
            [
                row.species.name if row.species else _("species not known"),
                row.species.latin_name if row.species else None,
                row.count,
                _hundred(row.share),
            ]
            for row in stats.by_species
        ],
        numeric=frozenset({2, 3}),
    )


def _hundred(share: Decimal | None) -> Decimal | None:
    return None if share is None else (share * 100).quantize(Decimal("0.1"))


def condition_label(key: str) -> str:
    return str(Tree.Condition(key).label) if key else _("not recorded")


def tree_conditions(stats: reads.Statistics) -> Table:
    return Table(
        slug="tree-conditions",
        title=_("Standing trees by condition"),
        columns=[_("Condition"), _("Standing trees"), _("Share, %")],
        rows=[[condition_label(s.key), s.count, _hundred(s.share)] for s in stats.conditions],
        numeric=frozenset({1, 2}),
    )


def planted_and_felled(stats: reads.Statistics) -> Table:
    return Table(
        slug="planted-felled-by-year",
        title=_("Trees planted and felled by year"),
        columns=[_("Year"), _("Trees planted"), _("Trees felled"), _("Planted minus felled")],
        rows=[[str(r.year), r.planted, r.felled, r.planted - r.felled] for r in stats.by_year],
        numeric=frozenset({1, 2, 3}),
    )


def overdue_by_agency(stats: reads.Statistics) -> Table:
    return Table(
        slug="overdue-by-agency",
        title=_("Permits with overdue compensation by applicant"),
        columns=[_("Applicant"), _("Name"), _("Permits with overdue compensation")],
        rows=[
            [
                r.agency.code if r.agency else _("not an agency of the programme"),
                r.agency.name if r.agency else None,
                r.overdue,
            ]
            for r in stats.overdue_by_agency
        ],
        numeric=frozenset({2}),
    )


def coverage_table(stats: reads.Statistics) -> Table:
    official = stats.official
    return Table(
        slug="registry-coverage",
        title=_("The registry against the official count"),
        columns=[
            _("Trees standing in the registry"),
            _("Official count of the green fund's trees"),
            _("Date of the official count"),
            _("Source of the official count"),
            _("Coverage (registry / official), %"),
        ],
        rows=[
            [
                stats.stock,
                official.value,
                official.on.isoformat() if official.on else None,
                official.source or None,
                _hundred(stats.coverage),
            ]
        ],
        numeric=frozenset({0, 1, 4}),
    )


StatisticsTable = Callable[[reads.Statistics], Table]
STATISTICS: dict[str, StatisticsTable] = {
    "registry-coverage": coverage_table,
    "trees-by-district": trees_by_district,
    "trees-by-species": trees_by_species,
    "tree-conditions": tree_conditions,
    "planted-felled-by-year": planted_and_felled,
    "overdue-by-agency": overdue_by_agency,
}


def statistics_tables(stats: reads.Statistics) -> dict[str, Table]:
    tables = {slug: build(stats) for slug, build in STATISTICS.items()}
    if stats.sample:
        for table in tables.values():
            table.query = urlencode({"data": "sample"})
    return tables


# ------------------------------------------------------------------------------ places


def _holder(row: Park | Nursery | WoodWasteSite) -> str | None:
    return shown.holder(row) or None


def parks_table(programme: Programme, params: Params) -> Table:
    return Table(
        slug="parks",
        title=_("Parks, squares and boulevards"),
        columns=[_("Code"), _("Name"), _("Kind"), _("District"), _("Area, ha"), _("Holder")],
        rows=[
            [
                p.code,
                p.name,
                str(p.get_kind_display()),
                district_name(p.district),
                p.area_ha,
                _holder(p),
            ]
            for p in reads.parks(sample=params.get("data") == "sample")
        ],
        numeric=frozenset({4}),
        query=urlencode(_sample(params)),
    )


def nurseries_table(programme: Programme, params: Params) -> Table:
    rows: list[list[Cell]] = []
    for n in reads.nurseries(sample=params.get("data") == "sample"):
        stock = reads.nursery_stock(n)
        rows.append(
            [
                n.code,
                n.name,
                district_name(n.district),
                n.area_ha,
                stock.seedlings,
                stock.counted_on.isoformat() if stock.counted_on else None,
                _holder(n),
            ]
        )
    return Table(
        slug="nurseries",
        title=_("Nurseries"),
        columns=[
            _("Code"),
            _("Name"),
            _("District"),
            _("Area, ha"),
            _("Seedlings in stock"),
            _("Counted on"),
            _("Holder"),
        ],
        rows=rows,
        numeric=frozenset({3, 4}),
        query=urlencode(_sample(params)),
    )


def wood_waste_table(programme: Programme, params: Params) -> Table:
    return Table(
        slug="wood-waste-sites",
        title=_("Wood-waste sites"),
        columns=[
            _("Code"),
            _("Name"),
            _("District"),
            _("Capacity, m³ a year"),
            _("Holder"),
        ],
        rows=[
            [s.code, s.name, district_name(s.district), s.capacity_m3_per_year, _holder(s)]
            for s in reads.wood_waste_sites(sample=params.get("data") == "sample")
        ],
        numeric=frozenset({3}),
        query=urlencode(_sample(params)),
    )


Builder = Callable[[Programme, Params], Table]
TABLES: dict[str, Builder] = {
    "permits": permits_table,
    "parks": parks_table,
    "nurseries": nurseries_table,
    "wood-waste-sites": wood_waste_table,
}


def build(slug: str, programme: Programme, params: Params) -> Table | None:
    """The table named `slug` for its CSV download; None when there is no such table."""
    if slug in TABLES:
        return TABLES[slug](programme, params)
    if slug in STATISTICS:
        stats = reads.statistics(programme, sample=params.get("data") == "sample")
        return statistics_tables(stats)[slug]
    return None
