"""Background jobs in tests: queued in the database (the `database_jobs` fixture), then run."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command


def run_worker() -> None:
    """Run every queued job once, as `jasyl run-worker` would, inside the test's transaction.

    The worker calls `close_old_connections()` between jobs, as Django does between requests;
    inside a test's transaction that closes the connection the test still uses (PostgreSQL), so
    here it does nothing, as Django's own test client disconnects it from the request signals.
    """
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
