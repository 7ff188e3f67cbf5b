from django import template
from django.utils.translation import gettext as _

from jasyl.domain.reporting.models import AuditEntry, ProgressReport, ReportingPeriod

register = template.Library()


@register.filter
def state_label(value: str, period: int | None = None) -> str:
    """The translated name of a report's state, or of a reporting period's state when the audit
    entry is about a period."""
    choices = ReportingPeriod.State if period else ProgressReport.State
    return str(dict(choices.choices).get(value, value))


@register.filter
def comment(entry: AuditEntry) -> str:
    """An audit entry's comment; the sample command's code as "Sample data" in the page's
    language."""
    if entry.actor_id is None and entry.comment == AuditEntry.SAMPLE_COMMENT:
        return _("Sample data")
    return entry.comment
