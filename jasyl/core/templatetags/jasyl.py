from decimal import Decimal
from typing import Any

from django import template
from django.urls import translate_url
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from jasyl.core.i18n import Text, current_language
from jasyl.core.numbers import plain

register = template.Library()


@register.filter
def tr(value: Text | None) -> str:
    """A content text in the active language, falling back to the published Kazakh."""
    return value.get(current_language()) if value is not None else ""


@register.filter
def amount(value: Decimal | int | None) -> str:
    """A figure in the active language's format: 1 003,5 (kk, ru), 1,003.5 (en)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = plain(value)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def figure(value: Decimal | int | None) -> str:
    """A published figure, or a dot read out as "not stated": a blank cell is not zero."""
    if value is None:
        return format_html(
            '<span aria-hidden="true">·</span><span class="visually-hidden">{}</span>',
            _("not stated"),
        )
    return amount(value)


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def severity(value: str) -> str:
    """The translated name of an audit severity."""
    labels = {"error": _("error"), "warning": _("warning"), "info": _("note")}
    return labels.get(value, value)


@register.simple_tag(takes_context=True)
def page_in(context: dict[str, Any], language: str) -> str:
    """The current page's URL in another language (`/kk/x/` -> `/ru/x/`)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.filter
def compact(value: Decimal | None) -> str:
    """Large counts in millions or thousands: 5 200 000 -> "5,2 million"."""
    if value is None:
        return ""
    for size, label in ((Decimal(1_000_000), _("%(value)s million")),):
        if abs(value) >= size:
            return label % {"value": amount(value / size)}
    return amount(value)


def _rounded(value: Decimal | None, places: int) -> str:
    if value is None:
        return "—"
    return amount(round(value, places).normalize() if places else round(value))


@register.filter
def money(value: Decimal | None) -> str:
    """A computed amount (planned value, earned value, ...) to one decimal; — when it cannot be
    computed."""
    return _rounded(value, 1)


@register.filter
def ratio(value: Decimal | None) -> str:
    """An index such as SPI or CPI to two decimals; — when it cannot be computed."""
    if value is None:
        return "—"
    return formats.number_format(round(value, 2), decimal_pos=2, use_l10n=True)


@register.filter
def percent(value: Decimal | None) -> str:
    """A fraction (0.853) as a percentage (85,3 %); — when it cannot be computed."""
    if value is None:
        return "—"
    return f"{_rounded(value * 100, 1)}\u00a0%"
