"""Readiness: what a load balancer or an orchestrator asks before it sends a process traffic.

Each check answers "ok" or names what fails; none takes more than a few small queries. The
migrations the code has are read from disk once per process; the database is asked which are
applied each time.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

OK = "ok"
logger = logging.getLogger(__name__)


def check_databases() -> str:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    return OK


@functools.cache
def _code_migrations() -> tuple[frozenset[tuple[str, str]], dict[tuple[str, str], list[str]]]:
    """The migrations of the code's graph, and what each squashed one replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    replaced = {
        key: [f"{app}.{name}" for app, name in migration.replaces]
        for key, migration in loader.disk_migrations.items()
        if migration.replaces
    }
    nodes = frozenset(loader.graph.nodes)
    return nodes, {key: value for key, value in replaced.items() if key in nodes}


def check_migrations() -> str:
    nodes, replaced = _code_migrations()
    # One query (the recorder's own method asks first whether its table exists).
    applied = set(MigrationRecorder.Migration.objects.values_list("app", "name"))
    missing = sorted(
        f"{app}.{name}"
        for app, name in nodes - applied
        # A squashed migration counts as applied when everything it replaces is.
        if not (
            (app, name) in replaced
            and all(tuple(r.split(".", 1)) in applied for r in replaced[(app, name)])
        )
    )
    if missing:
        return f"{len(missing)} not applied: " + ", ".join(missing[:5])
    return OK


def check_cache() -> str:
    key = "jasyl:readyz"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        return "a value written was not read back"
    return OK


def task_results() -> type[Model] | None:
    """The task queue's model, when django-tasks keeps its jobs in the database."""
    for config in apps.get_app_configs():
        if config.name == "django_tasks_db":
            return config.get_model("DBTaskResult")
    return None


def check_tasks() -> str:
    """The task queue's table exists, when django-tasks keeps its jobs in the database."""
    model = task_results()
    if model is None:
        return OK
    table = model._meta.db_table
    if table not in connection.introspection.table_names():
        return f"the table {table} does not exist"
    return OK


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_databases,
    "migrations": check_migrations,
    "cache": check_cache,
    "tasks": check_tasks,
}

NEEDS_DATABASE = frozenset({"migrations", "tasks"})


def readiness() -> dict[str, str]:
    """Each check's answer: "ok", or what fails."""
    answers: dict[str, str] = {}
    for name, check in CHECKS.items():
        if name in NEEDS_DATABASE and answers["database"] != OK:
            answers[name] = "not checked: the database does not answer"
            continue
        try:
            answers[name] = check()
        # Whatever a dependency raises (a driver's error, a refused connection, a timeout)
        # means "not ready"; the answer names the check and the kind of error, the log has it all.
        except Exception as error:
            logger.exception("Readiness check %s failed", name)
            answers[name] = f"failing: {type(error).__name__}"
    return answers
