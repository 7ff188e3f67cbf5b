"""Every write places the row in its district by a spatial join (synthetic square districts),
unless the district was chosen by hand."""

from __future__ import annotations

import pytest

from jasyl.domain.greenfund.models import Park, Tree
from jasyl.domain.places.selectors import district_at
from jasyl.domain.registries.placing import DistrictFinder, place_rows
from jasyl.domain.registries.services import replace_districts, save_entry
from jasyl.testing.greenfund import EAST, IN_EAST, IN_WEST, OUTSIDE, point, square

pytestmark = pytest.mark.django_db


def test_a_tree_written_in_the_west_square_is_in_the_west_district(districts):
    saved = save_entry(
        model=Tree,
        entry=None,
        values={"code": "T1", "geometry": point(IN_WEST)},
        actor=None,
        access=None,
    )

    assert Tree.objects.get(code="T1").district == districts["west"]
    assert saved.edit is not None and saved.edit.changes["district"] == [None, "west"]


def test_moving_a_tree_moves_it_to_the_other_district(districts):
    tree = save_entry(
        model=Tree,
        entry=None,
        values={"code": "T1", "geometry": point(IN_WEST)},
        actor=None,
        access=None,
    ).entry

    save_entry(model=Tree, entry=tree, values={"geometry": point(IN_EAST)}, actor=None, access=None)

    assert Tree.objects.get(code="T1").district == districts["east"]


def test_a_tree_outside_every_district_has_none(districts):
    save_entry(
        model=Tree,
        entry=None,
        values={"code": "T1", "geometry": point(OUTSIDE)},
        actor=None,
        access=None,
    )

    assert Tree.objects.get(code="T1").district is None


def test_a_district_chosen_by_hand_is_kept_whatever_the_place(districts):
    tree = save_entry(
        model=Tree,
        entry=None,
        values={
            "code": "T1",
            "geometry": point(OUTSIDE),
            "district": districts["east"],
            "district_by_hand": True,
        },
        actor=None,
        access=None,
    ).entry

    save_entry(model=Tree, entry=tree, values={"geometry": point(IN_WEST)}, actor=None, access=None)

    tree.refresh_from_db()
    assert tree.district == districts["east"]
    assert tree.district_by_hand


def test_a_park_is_placed_by_a_point_inside_its_polygon(districts):
    save_entry(
        model=Park,
        entry=None,
        values={"code": "P1", "name_en": "Sample park", "geometry": square(EAST)},
        actor=None,
        access=None,
    )

    park = Park.objects.get(code="P1")
    assert park.district == districts["east"]
    # 0.02° x 0.02° at 43.25° N, measured in UTM 43N: about 360 ha.
    assert 340 < park.area_ha < 380


def test_placing_in_memory_gives_what_the_database_gives_even_on_the_shared_border(districts):
    finder = DistrictFinder()
    places = [point(IN_WEST), point(IN_EAST), point(OUTSIDE), point((76.92, 43.25))]

    assert [finder(p) for p in places] == [district_at(p) for p in places]
    assert finder(point((76.92, 43.25))) == districts["east"]  # the first by code


def test_placing_again_after_new_boundaries_moves_rows_but_not_those_placed_by_hand(districts):
    west, east = districts["west"], districts["east"]
    trees = [
        Tree(code="T1", geometry=point(IN_WEST)),
        Tree(code="T2", geometry=point(IN_WEST), district=east, district_by_hand=True),
    ]
    place_rows(trees)
    Tree.objects.bulk_create(trees)
    # The office loads boundaries in which the west square belongs to the east district.
    west.boundary = square(((76.80, 43.10), (76.81, 43.10), (76.81, 43.11), (76.80, 43.10)))
    west.save()
    east.boundary = square(((76.90, 43.24), *EAST[1:4], (76.90, 43.26), (76.90, 43.24)))
    east.save()

    assert replace_districts(model=Tree) == 1

    assert Tree.objects.get(code="T1").district == east
    assert Tree.objects.get(code="T2").district == east


def test_the_command_places_every_registry_again(districts, capsys):
    from django.core.management import call_command

    tree = Tree(code="T1", geometry=point(IN_EAST))
    Tree.objects.bulk_create([tree])

    call_command("place_registry_rows")

    assert Tree.objects.get(code="T1").district == districts["east"]
    assert "greenfund.Tree: 1 row(s) moved" in capsys.readouterr().out
