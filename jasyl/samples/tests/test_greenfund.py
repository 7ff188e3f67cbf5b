"""`jasyl sample-greenfund`: fictional trees inside the box around central Almaty, three
permits in three states, named places that are clearly samples; the same seed the same data,
stored once, removed without touching real data, never in the official figures."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from jasyl.domain.greenfund import selectors
from jasyl.domain.greenfund.compensation import PermitState
from jasyl.domain.greenfund.models import (
    CompensatoryPlanting,
    FellingPermit,
    Nursery,
    Park,
    Tree,
    WoodWasteSite,
)
from jasyl.domain.registries.models import Edit
from jasyl.samples.greenfund import BOX
from jasyl.testing.greenfund import IN_WEST, make_tree

pytestmark = pytest.mark.django_db


def snapshot():
    return list(
        Tree.objects.filter(is_sample=True)
        .order_by("code")
        .values_list("code", "species__latin_name", "trunk_diameter_cm", "condition", "geometry")
    )


def test_sample_trees_and_places_are_fictional_flagged_and_inside_the_box(capsys):
    call_command("sample_greenfund", "--trees", "300")

    trees = Tree.objects.filter(is_sample=True)
    (west, south), (east, north) = BOX
    assert trees.count() == 300 + 20 + 12  # and the trees planted in compensation
    assert all(west <= t.geometry.x <= east and south <= t.geometry.y <= north for t in trees)
    assert not Tree.objects.filter(is_sample=False).exists()
    assert sorted(Park.objects.values_list("name_en", flat=True)) == [
        "Sample park 1",
        "Sample park 2",
    ]
    assert Nursery.objects.get().name_en == "Sample nursery 1"
    assert WoodWasteSite.objects.get().name_en == "Sample wood-waste site 1"
    for model in (Park, Nursery, WoodWasteSite, FellingPermit, CompensatoryPlanting):
        assert not model.objects.filter(is_sample=False).exists()
    assert not Edit.objects.filter(is_sample=False).exists()
    assert "Created 332 sample trees and 3 sample permits" in capsys.readouterr().out


def test_the_sample_permits_are_fulfilled_overdue_and_due():
    call_command("sample_greenfund", "--trees", "100")

    states = dict(FellingPermit.objects.values_list("number", "state"))
    assert states == {
        "SAMPLE-P-1": PermitState.FULFILLED,
        "SAMPLE-P-2": PermitState.OVERDUE,
        "SAMPLE-P-3": PermitState.DUE,
    }
    today = timezone.localdate()
    assert selectors.overdue_permits(today=today).count() == 0
    assert [p.number for p in selectors.overdue_permits(today=today, sample=True)] == ["SAMPLE-P-2"]


def test_the_same_seed_gives_the_same_data_and_a_second_run_stores_nothing_more(districts):
    make_tree("REAL-1", IN_WEST)
    call_command("sample_greenfund", "--trees", "100", "--seed", "7")
    first = snapshot()
    call_command("sample_greenfund", "--trees", "100", "--seed", "7")
    assert snapshot() == first

    call_command("sample_greenfund", "--trees", "100", "--seed", "7", "--remove")
    assert snapshot() == first
    assert selectors.stock() == 1  # the real tree only

    call_command("sample_greenfund", "--trees", "100", "--seed", "8", "--remove")
    assert snapshot() != first
    assert Tree.objects.filter(code="REAL-1").exists()
