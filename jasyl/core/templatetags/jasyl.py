from decimal import Decimal
from typing import Any

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from jasyl.core.i18n import current_language
from jasyl.roadmap.domain import Text

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
        value = value.normalize() if value == value.to_integral_value() else value
        value = Decimal(f"{value:f}")
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def severity(value: str) -> str:
    """The translated name of an audit severity."""
    labels = {"error": _("error"), "warning": _("warning"), "info": _("note")}
    return labels.get(value, value)


@register.simple_tag(takes_context=True)
def path_without_language(context: dict[str, Any]) -> str:
    """The current path without its language prefix, for the language switch's `next`.

    Django resolves a prefixed `next` in the language of the switch request, which follows the
    browser's Accept-Language, so `/kk/...` would not translate for an English browser; an
    unprefixed path is sent to the newly chosen language by the locale middleware.
    """
    request = context["request"]
    path: str = request.get_full_path()
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return "/" + path[len(prefix) :]
    return path
