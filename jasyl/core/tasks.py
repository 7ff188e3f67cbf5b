"""The plumbing's own daily job: old built files, job claims and job results deleted."""

import datetime

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from jasyl.core import jobs


@task()
def sweep_jobs() -> str:
    """Delete built files, job claims and finished job results older than `jobs.KEEP_DAYS`."""
    files, claims = jobs.sweep()
    before = timezone.now() - datetime.timedelta(days=jobs.KEEP_DAYS)
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    return f"{files} built files, {claims} job claims, {results} job results deleted"
