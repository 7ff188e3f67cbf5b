"""Many new rows at once (`core.bulk.insert`: COPY on PostgreSQL, bulk_create elsewhere) are
stored as the ORM stores one row, and come back with their keys."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import Point

from jasyl.core.bulk import insert
from jasyl.domain.greenfund.models import Species, Tree
from jasyl.domain.registries.models import Edit

pytestmark = pytest.mark.django_db


def test_new_rows_are_stored_as_one_saved_row_is_and_get_their_keys():
    oak = Species.objects.create(latin_name="Quercus robur")
    # A place given in Web Mercator is stored in WGS 84, as a saved row's is.
    in_mercator = Point(76.91, 43.25, srid=4326).transform(3857, clone=True)
    values = dict(
        species=oak,
        trunk_diameter_cm=Decimal("31.5"),
        condition=Tree.Condition.HAZARDOUS,
        planted_on=datetime.date(2024, 4, 15),
        planted_year=2024,
        site_name="Абай даңғылы, «Көк» — 1",
        holder_name="",
    )
    saved = Tree.objects.create(code="SAVED", geometry=in_mercator.clone(), **values)
    saved.refresh_from_db()
    rows = [
        Tree(code=f"T{n}", geometry=in_mercator.clone(), name_ru="Дуб\tстарый\n2", **values)
        for n in range(3)
    ]

    inserted = insert(Tree, rows)

    assert inserted == rows
    keys = [row.pk for row in rows]
    assert all(keys) and len(set(keys)) == 3 and saved.pk not in keys
    assert all(not row._state.adding for row in rows)
    for row in rows:
        stored = Tree.objects.get(pk=row.pk)
        for name in ("species_id", "trunk_diameter_cm", "condition", "planted_on", "site_name"):
            assert getattr(stored, name) == getattr(saved, name), name
        assert stored.condition == "hazardous"
        assert stored.name_ru == "Дуб\tстарый\n2"
        assert stored.geometry.srid == 4326
        assert stored.geometry.distance(saved.geometry) < 1e-9
        assert stored.created_at is not None and stored.updated_at is not None
    # A new row after them takes a key of its own.
    assert Tree.objects.create(code="AFTER", geometry=Point(76.9, 43.2, srid=4326)).pk not in keys


def test_history_rows_keep_their_json_and_their_links():
    tree = Tree.objects.create(code="T1", geometry=Point(76.91, 43.25, srid=4326))
    changes = {"condition": [None, "good"], "site_name": [None, 'a "quoted" \\ name']}
    edit = Edit(
        content_type=ContentType.objects.get_for_model(Tree),
        object_id=tree.pk,
        code="T1",
        action=Edit.Action.CREATE,
        status=Edit.Status.APPLIED,
        changes=changes,
        values=changes,
    )

    insert(Edit, [edit])

    stored = Edit.objects.get(pk=edit.pk)
    assert stored.changes == changes
    assert stored.entry == tree


def test_nothing_to_insert_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert(Tree, []) == []
