from django import template

from jasyl.domain.reporting.models import ProgressReport, ReportingPeriod

register = template.Library()


@register.filter
def state_label(value: str, period: int | None = None) -> str:
    """The translated name of a report's state, or of a reporting period's state when the audit
    entry is about a period."""
    choices = ReportingPeriod.State if period else ProgressReport.State
    return str(dict(choices.choices).get(value, value))
