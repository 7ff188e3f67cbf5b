"""An import too long for a request, run by the background worker."""

from __future__ import annotations

from django_tasks import task

from jasyl.core.imports.pipeline import run_logged
from jasyl.core.models import ImportLog


@task()
def run_import(log_id: int) -> str:
    """Run the logged import `log_id` from its kept file; its log records what it did."""
    log = ImportLog.objects.select_related("by").get(pk=log_id)
    if log.status != ImportLog.Status.QUEUED:
        return f"import {log_id} already {log.status}"
    result = run_logged(log)
    return (
        f"import {log_id}: {result.created} created, {result.updated} updated,"
        f" {result.refused_count} refused"
    )
