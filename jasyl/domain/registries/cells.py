"""The cells of an import row as people type them, checked: a refused cell raises
`CellRefused` naming its column and why, in the importer's language.

Numbers may be typed as in Kazakh and Russian ("1 234,5", `core.text.number_text`); dates as
YYYY-MM-DD (what a workbook's date cell becomes) or DD.MM.YYYY.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _

from jasyl.core.imports.sources import CellRefused, SourceRow
from jasyl.core.text import number_text

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


def text(row: SourceRow, column: str, *, required: bool = False, limit: int = 300) -> str:
    value = row.get(column).strip()
    if required and not value:
        raise CellRefused(column, _("The cell is empty; it is required."))
    if len(value) > limit:
        raise CellRefused(
            column,
            _("“%(value)s…” is longer than %(limit)s characters.")
            % {"value": value[:40], "limit": limit},
        )
    return value


def decimal(
    row: SourceRow,
    column: str,
    *,
    low: Decimal,
    high: Decimal,
    places: int,
    above_low: bool = False,
) -> Decimal | None:
    """A number from `low` (or above it, with `above_low`) to `high`, with at most `places`
    decimals; None for an empty cell."""
    typed = row.get(column).strip()
    if not typed:
        return None
    try:
        value = Decimal(number_text(typed))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise CellRefused(column, _("“%(value)s” is not a number.") % {"value": typed})
    if value < low or (above_low and value == low) or value > high:
        message = (
            _("%(value)s must be more than %(low)s and at most %(high)s.")
            if above_low
            else _("%(value)s must be from %(low)s to %(high)s.")
        )
        raise CellRefused(column, message % {"value": typed, "low": low, "high": high})
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise CellRefused(
            column,
            _("%(value)s has more than %(places)s decimals.") % {"value": typed, "places": places},
        )
    return value


def integer(row: SourceRow, column: str, *, low: int, high: int) -> int | None:
    """A whole number from `low` to `high`; None for an empty cell."""
    typed = row.get(column).strip()
    value = decimal(row, column, low=Decimal(low), high=Decimal(high), places=6)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise CellRefused(column, _("%(value)s is not a whole number.") % {"value": typed})
    return int(value)


def parse_day(typed: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(typed, pattern).date()
        except ValueError:
            continue
    return None


def day(row: SourceRow, column: str, *, required: bool = False) -> datetime.date | None:
    """A date; None for an empty cell."""
    typed = text(row, column, required=required)
    if not typed:
        return None
    value = parse_day(typed)
    if value is None:
        raise CellRefused(
            column,
            _("“%(value)s” is not a date (write YYYY-MM-DD or DD.MM.YYYY).") % {"value": typed},
        )
    return value


def choice(
    row: SourceRow, column: str, choices: type[models.TextChoices], *, required: bool = False
) -> str:
    """One of the choices, by its value (letter case aside); "" for an empty cell."""
    typed = text(row, column, required=required)
    if not typed:
        return ""
    folded = typed.casefold()
    for value in choices.values:
        if value.casefold() == folded:
            return str(value)
    raise CellRefused(
        column,
        _("“%(value)s” is not one of: %(choices)s.")
        % {"value": typed, "choices": ", ".join(choices.values)},
    )
