"""History keeps each changed field as [old, new], in display text and in machine form."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.gis.geos import MultiPolygon, Polygon

from jasyl.domain.greenfund.models import Park, Species, Tree
from jasyl.domain.registries.history import diff, same, snapshot, tracked_fields
from jasyl.testing.greenfund import WEST, point, square


def test_a_diff_lists_only_the_fields_that_changed_with_old_and_new():
    before = {"height_m": Decimal("12.50"), "condition": "good", "site_name": "Abai"}
    after = {"height_m": Decimal("12.5"), "condition": "poor", "site_name": ""}

    changed = diff(Tree, before, after)

    assert changed.changes == {"condition": ["good", "poor"], "site_name": ["Abai", None]}
    assert changed.values == {"condition": ["good", "poor"], "site_name": ["Abai", ""]}


def test_display_text_is_the_same_in_every_language_and_machine_form_is_exact():
    oak = Species(pk=7, latin_name="Quercus")
    before = {"species": None, "planted_on": None, "trunk_diameter_cm": None}
    after = {
        "species": oak,
        "planted_on": datetime.date(2024, 4, 15),
        "trunk_diameter_cm": Decimal("31.0"),
    }

    changed = diff(Tree, before, after)

    assert changed.changes == {
        "species": [None, "Quercus"],
        "planted_on": [None, "2024-04-15"],
        "trunk_diameter_cm": [None, "31"],
    }
    assert changed.values["species"] == [None, 7]
    assert changed.values["trunk_diameter_cm"] == [None, "31"]


def test_a_place_moved_by_less_than_a_millimetre_is_the_same_place():
    field = Tree._meta.get_field("geometry")
    assert same(field, point((76.91, 43.25)), point((76.91 + 1e-9, 43.25)))
    assert not same(field, point((76.91, 43.25)), point((76.9101, 43.25)))


def test_a_long_geometry_is_shown_by_its_type_and_number_of_points():
    ring = [(76.90 + i / 1000, 43.24 + (i % 2) / 1000) for i in range(60)]
    ring = [*ring, (76.90, 43.30), ring[0]]
    long = MultiPolygon(Polygon(ring, srid=4326), srid=4326)

    changed = diff(Park, {}, {"geometry": long})

    assert changed.changes["geometry"] == [None, f"MultiPolygon ({long.num_coords})"]
    assert changed.values["geometry"][1].startswith("SRID=4326;MULTIPOLYGON")
    assert (
        diff(Park, {}, {"geometry": square(WEST)}).changes["geometry"][1].startswith("MULTIPOLYGON")
    )


def test_history_follows_every_field_but_the_key_and_the_timestamps():
    names = {f.name for f in tracked_fields(Tree)}
    assert {"code", "geometry", "district", "district_by_hand", "species", "is_sample"} <= names
    assert not names & {"id", "created_at", "updated_at"}
    assert snapshot(Tree(code="T1"), ["code"]) == {"code": "T1"}
