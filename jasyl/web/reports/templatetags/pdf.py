from django import template
from django.utils.safestring import SafeString, mark_safe

from jasyl.web.reports.pdf import css_string as as_css_string

register = template.Library()


@register.filter
def css_string(value: object) -> SafeString:
    """A text as a CSS string literal, for the page margins' `content`."""
    return mark_safe(as_css_string(str(value)))
