"""What the water pages, downloads and API read: the registry's rows filtered, an object with
its works, and the stages an object may move to. Reads only, composing `water.selectors` and
the shared reads of every registry (`web/common/registries.py`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from jasyl.domain.registries.lifecycle import Stage
from jasyl.domain.water import selectors
from jasyl.domain.water.models import Kind, WaterObject
from jasyl.domain.water.selectors import Filters


def filters_from(params: Mapping[str, str], known_districts: Iterable[str]) -> Filters:
    """The list's filters from a query, each checked: an unknown value is no filter."""
    district = params.get("district", "")
    kind = params.get("kind", "")
    status = params.get("status", "")
    return Filters(
        district=district if district in set(known_districts) else "",
        kind=kind if kind in Kind.values else "",
        status=status if status in Stage.values else "",
    )


def rows(filters: Filters, *, sample: bool) -> QuerySet[WaterObject]:
    return selectors.objects(filters, sample=sample)


def row_page(pk: int) -> WaterObject:
    """An object with what its page shows (404 if there is none); sample rows too, marked."""
    chosen = WaterObject.objects.select_related("district", "holder", "activity", "budget_period")
    found: WaterObject = get_object_or_404(chosen, pk=pk)
    return found


def stage_text(row: Any) -> str:
    """The stage as the pages show it: "natural" for a river."""
    return str(row.stage_label)
