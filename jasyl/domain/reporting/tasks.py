"""The reporting workflow's background jobs, enqueued daily by `jasyl run-worker`."""

from django.utils import timezone
from django_tasks import task

from jasyl.domain.reporting.reminders import send_reminders
from jasyl.domain.reporting.workflow import remove_orphan_evidence


@task()
def send_due_reminders() -> str:
    """The day's reminders, as `jasyl send-reminders` sends them."""
    return send_reminders(timezone.localdate()).summary()


@task()
def sweep_evidence() -> str:
    """Evidence files that no report names, left by a process killed mid-upload."""
    removed = remove_orphan_evidence()
    return f"{len(removed)} orphan evidence files deleted"
