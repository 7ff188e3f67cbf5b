"""Database connections as production needs them (docs/architecture.md, "SQLite or PostgreSQL")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper


def keep_busy_timeout(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Give every new SQLite connection the configured busy timeout.

    The `timeout` option sets it when the connection opens, but GeoDjango's SpatiaLite backend
    then loads mod_spatialite, which sets it back to SpatiaLite's own 5 s (SpatiaLite 5.0.1):
    without this a write would wait 5 s for the lock whatever JASYL_SQLITE_BUSY_MS says.
    """
    if connection.vendor == "sqlite":
        connection.connection.execute(f"PRAGMA busy_timeout = {int(settings.JASYL_SQLITE_BUSY_MS)}")


def restore_spatial_indexes(using: str = "default", **kwargs: Any) -> list[str]:
    """Give every geometry column that asks for a spatial index its index on SpatiaLite; the
    columns repaired, as `table.column`.

    SQLite cannot add a constraint or a column to a table in place, so Django's migrations
    rebuild the table, and GeoDjango's SpatiaLite backend then registers the new geometry column
    without its spatial index (Django 5.2, SpatiaLite 5.0.1): the R*Tree is gone and every map
    tile finds no rows. Run after every `migrate` (`post_migrate`); `CreateSpatialIndex` fills
    the index from the rows already there. PostGIS keeps its GiST indexes through migrations.
    """
    from django.apps import apps
    from django.contrib.gis.db.models import GeometryField
    from django.db import connections

    connection = connections[using]
    if not getattr(connection.ops, "spatialite", False):
        return []
    repaired = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lower(f_table_name), lower(f_geometry_column) FROM geometry_columns"
            " WHERE spatial_index_enabled = 1"
        )
        indexed = set(cursor.fetchall())
        for model in apps.get_models():
            for field in model._meta.local_fields:
                if not isinstance(field, GeometryField) or not field.spatial_index:
                    continue
                table, column = model._meta.db_table, field.column
                if (table.lower(), column.lower()) in indexed:
                    continue
                # The rebuild leaves the old index's (empty) R*Tree behind under the same name.
                cursor.execute(f'DROP TABLE IF EXISTS "idx_{table}_{column}"')
                cursor.execute("SELECT CreateSpatialIndex(%s, %s)", [table, column])
                repaired.append(f"{table}.{column}")
    return repaired
