"""The green fund's background job, enqueued daily by `jasyl run-worker` (JASYL_DAILY_JOBS)."""

from django.utils import timezone
from django_tasks import task

from jasyl.domain.greenfund.reminders import send_compensation_reminders
from jasyl.domain.greenfund.services import refresh_states


@task()
def remind_compensation() -> str:
    """Move the permits whose deadline passed to overdue, then remind the agencies that owe
    compensatory planting."""
    today = timezone.localdate()
    moved = refresh_states(today=today)
    return f"{moved} permit(s) moved; " + send_compensation_reminders(today).summary()
