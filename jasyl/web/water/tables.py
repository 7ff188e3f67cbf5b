"""The water pages' tables: each downloads as CSV (`data/<slug>.csv`) with the rows of its page,
headers in the page's language (`common.tables.Table`)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from jasyl.core.i18n import current_language
from jasyl.domain.places.models import AdministrativeUnit
from jasyl.domain.water import selectors
from jasyl.web.common.registries import districts
from jasyl.web.common.tables import Cell, Table
from jasyl.web.water import reads

Params = Mapping[str, str]


def district_name(unit: AdministrativeUnit | None) -> str:
    return unit.name.get(current_language()) if unit is not None else _("not in any district")


def filters_of(params: Params) -> selectors.Filters:
    return reads.filters_from(params, [d.code for d in districts()])


def objects_table(params: Params) -> Table:
    """The water objects as filtered on their page (every row)."""
    sample = params.get("data") == "sample"
    filters = filters_of(params)
    rows: list[list[Cell]] = [
        [
            row.code,
            row.name,
            str(row.get_kind_display()),
            reads.stage_text(row),
            row.in_service_on.isoformat() if row.in_service_on else None,
            district_name(row.district),
            row.length_km,
            row.area_ha,
            row.activity.code if row.activity else None,
            row.holder_text or None,
            row.work_count,  # type: ignore[attr-defined]
        ]
        for row in reads.rows(filters, sample=sample)
    ]
    return Table(
        slug="objects",
        title=_("Water objects"),
        columns=[
            _("Code"),
            _("Name"),
            _("Kind"),
            _("Status"),
            _("In service since"),
            _("District"),
            _("Length, km"),
            _("Area, ha"),
            _("Roadmap activity"),
            _("Balance holder"),
            _("Works"),
        ],
        rows=rows,
        numeric=frozenset({6, 7, 10}),
        query=urlencode(filters.query(sample)),
    )


def works_table(params: Params) -> Table:
    """Every work on the water objects (official, or the sample ones)."""
    sample = params.get("data") == "sample"
    return Table(
        slug="works",
        title=_("Works on water objects"),
        columns=[
            _("Water object"),
            _("Work"),
            _("Done on"),
            _("Kilometres done"),
            _("Roadmap activity"),
            _("Budget period"),
            _("Source"),
        ],
        rows=[
            [
                w.water_object.code,
                str(w.get_kind_display()),
                w.done_on.isoformat(),
                w.km_done,
                w.activity.code if w.activity else None,
                w.budget_period.code if w.budget_period else None,
                w.source,
            ]
            for w in selectors.works(sample=sample)
        ],
        numeric=frozenset({3}),
        query=urlencode({"data": "sample"} if sample else {}),
    )


def build(slug: str, params: Params) -> Table | None:
    """The table named `slug` for its CSV download; None when there is no such table."""
    if slug == "objects":
        return objects_table(params)
    if slug == "works":
        return works_table(params)
    return None
