"""Many new rows at once: PostgreSQL's COPY where the database is PostgreSQL, Django's
`bulk_create` elsewhere. Either way every row gets its primary key, as `bulk_create` gives it.

`bulk_create` sends one `INSERT ... VALUES` of 500 rows at a time; psycopg binds each of its
parameters on the client and the server parses the statement again, so 20 000 trees and their
20 000 history rows took about 20 s. COPY streams the rows as text in one statement
(https://www.postgresql.org/docs/current/sql-copy.html, https://www.psycopg.org/psycopg3/docs/basic/copy.html);
the keys are drawn from the table's own sequence first, so nothing reads the rows back
(benchmarks/README.md, "The green fund at city scale").

What the rows hold is prepared by each field as `bulk_create` prepares it (`pre_save`, then
`get_db_prep_save`): `auto_now` dates, choices, decimals and JSON come out the same. A geometry
travels as hex EWKB in the column's SRID. A value that is an SQL expression (a database default,
say) cannot be copied: those rows go through `bulk_create`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib.gis.db.models import GeometryField
from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Combinable

M = TypeVar("M", bound=models.Model)

BATCH = 500
"""Rows per statement where `bulk_create` writes them."""


def insert(model: type[M], rows: Sequence[M]) -> list[M]:
    """Insert `rows` (new instances of `model`, a concrete table of its own) and give each its
    primary key; returns them."""
    if not rows:
        return []
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return model._default_manager.using(alias).bulk_create(rows, batch_size=BATCH)
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    pk = model._meta.pk
    assert pk is not None
    keyed = pk.attname
    converters = [_converter(field, connection) for field in fields if field is not pk]
    records = []
    for row in rows:
        values = [convert(row) for convert in converters]
        if any(isinstance(value, Combinable) for value in values):
            return model._default_manager.using(alias).bulk_create(rows, batch_size=BATCH)
        records.append(values)
    quote = connection.ops.quote_name
    table = model._meta.db_table
    with connection.cursor() as cursor:
        given = [getattr(row, keyed) for row in rows]
        if any(key is None for key in given):
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk.column, len(rows)],
            )
            drawn = iter(sorted(key for (key,) in cursor.fetchall()))
            keys = [key if key is not None else next(drawn) for key in given]
        else:
            keys = given
        columns = ", ".join(quote(f.column) for f in (pk, *(f for f in fields if f is not pk)))
        # The Django cursor wraps psycopg's; COPY is psycopg's own.
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for key, values in zip(keys, records, strict=True):
                copy.write_row([key, *values])
    for row, key in zip(rows, keys, strict=True):
        setattr(row, keyed, key)
        row._state.adding = False
        row._state.db = alias
    return list(rows)


def _converter(
    field: models.Field[Any, Any], connection: BaseDatabaseWrapper
) -> Callable[[models.Model], Any]:
    """How a row's value of `field` is written."""
    if isinstance(field, GeometryField):
        srid = field.srid

        def geometry(row: models.Model) -> Any:
            value = getattr(row, field.attname)
            if value is None:
                return None
            if value.srid != srid:
                value = value.transform(srid, clone=True)
            return value.hexewkb.decode()

        return geometry

    def prepared(row: models.Model) -> Any:
        value = field.get_db_prep_save(field.pre_save(row, True), connection)
        # A choice is an enum that is also a string: COPY wants the string.
        if isinstance(value, str) and type(value) is not str:
            return str.__str__(value)
        return value

    return prepared
