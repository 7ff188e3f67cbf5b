"""Every geometry column that asks for a spatial index has one after `migrate`, also on
SpatiaLite, where a migration that rebuilds a table (adding a constraint) used to lose it and the
map's tiles then found no rows."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.gis.db.models import GeometryField
from django.db import connection

from jasyl.testing.greenfund import IN_WEST, make_tree

pytestmark = pytest.mark.django_db


def indexed_columns() -> set[tuple[str, str]]:
    return {
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.local_fields
        if isinstance(field, GeometryField) and field.spatial_index
    }


@pytest.mark.skipif(
    not getattr(connection.ops, "spatialite", False), reason="SpatiaLite's spatial indexes"
)
def test_every_spatial_index_is_enabled_and_filled_on_spatialite():
    make_tree("T1", IN_WEST)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lower(f_table_name), lower(f_geometry_column) FROM geometry_columns"
            " WHERE spatial_index_enabled = 1"
        )
        enabled = set(cursor.fetchall())
        cursor.execute('SELECT count(*) FROM "idx_greenfund_tree_geometry"')
        (boxes,) = cursor.fetchone()
    wanted = {(table.lower(), column.lower()) for table, column in indexed_columns()}
    assert wanted - enabled == set()
    assert boxes == 1, "the tree's box is in the R*Tree the tiles search"
