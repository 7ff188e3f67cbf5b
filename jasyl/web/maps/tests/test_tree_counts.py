"""The trees' map counts follow every write of the registry: placed, imported, felled, planted,
approved; each time they equal a fresh count of the standing trees, per condition."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jasyl.core import tiles
from jasyl.core.tiles.models import GridCount
from jasyl.domain.greenfund.models import Tree
from jasyl.domain.greenfund.services import issue_permit, record_felling, record_planting
from jasyl.domain.registries.services import delete_entry, save_entry
from jasyl.testing.greenfund import IN_EAST, IN_WEST, make_tree, point

pytestmark = pytest.mark.django_db


def cells() -> dict[tuple[int, int, int], tuple[int, dict[str, int]]]:
    return {
        (c.zoom, c.x, c.y): (c.count, c.categories)
        for c in GridCount.objects.filter(layer="tree-counts")
    }


def agree() -> dict[tuple[int, int, int], tuple[int, dict[str, int]]]:
    """The counts kept by the writes, checked against a fresh count of every standing tree."""
    kept = cells()
    tiles.rebuild_counts(tiles.layer("trees"))
    assert cells() == kept
    return kept


def standing() -> int:
    return tiles.counted(tiles.layer("trees"))


def test_a_tree_placed_moved_and_deleted_moves_the_counts(districts):
    saved = save_entry(
        model=Tree,
        entry=None,
        values={"code": "T1", "geometry": point(IN_WEST), "condition": Tree.Condition.GOOD},
        actor=None,
        access=None,
    )
    assert standing() == 1
    assert {categories.get("good") for _count, categories in agree().values()} == {1}
    save_entry(
        model=Tree,
        entry=saved.entry,
        values={"geometry": point(IN_EAST), "condition": Tree.Condition.POOR},
        actor=None,
        access=None,
    )
    assert {categories.get("poor") for _count, categories in agree().values()} == {1}
    delete_entry(entry=Tree.objects.get(code="T1"), actor=None, access=None)
    assert standing() == 0
    assert agree() == {}


def test_felling_takes_trees_off_the_counts_and_planting_adds_them(districts):
    hazardous = [make_tree(f"T{n}", IN_WEST, condition="hazardous") for n in (1, 2)]
    tiles.rebuild_counts(tiles.layer("trees"))
    today = timezone.localdate()
    permit = issue_permit(
        number="P-1",
        issued_on=today - datetime.timedelta(days=5),
        reason="hazardous",
        trees=hazardous,
        actor=None,
        access=None,
    )
    record_felling(permit=permit, felled_on=today, actor=None, access=None)
    assert standing() == 0
    record_planting(
        permit=permit, planted_on=today, count=3, points=None, location=point(IN_EAST),
        actor=None, access=None,
    )  # fmt: skip
    agree()
    assert standing() == Tree.objects.filter(status="standing").count()
