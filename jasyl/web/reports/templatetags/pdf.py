from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.safestring import SafeString, mark_safe

from jasyl.core.templatetags.jasyl import amount
from jasyl.web.reports.pdf import css_string as as_css_string

register = template.Library()


@register.filter
def css_string(value: object) -> SafeString:
    """A text as a CSS string literal, for the page margins' `content`."""
    return mark_safe(as_css_string(str(value)))


def rounded(value: Decimal) -> Decimal:
    """Whole units from 100 up, three significant digits below: 12345.678901 -> 12346,
    45.678 -> 45.7, 0.004321 -> 0.00432."""
    if not value:
        return value
    if abs(value) >= 100:
        return value.quantize(Decimal(1), ROUND_HALF_UP)
    return value.quantize(Decimal(1).scaleb(value.adjusted() - 2), ROUND_HALF_UP)


@register.filter
def chart_label(value: Decimal | int | None) -> str:
    """A chart's figure rounded for reading, in the active language's format; the tables of the
    document keep the exact figures."""
    if value is None:
        return ""
    return amount(rounded(Decimal(value)))
