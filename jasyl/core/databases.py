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
