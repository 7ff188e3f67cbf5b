"""Published figures as plain numbers: without the trailing zeros of their storage, and as JSON."""

from decimal import Decimal


def plain(value: Decimal) -> Decimal:
    """A figure without the trailing zeros of its storage: 7648.000 -> 7648, 50.800 -> 50.8."""
    return Decimal(f"{value.normalize():f}")


def json_number(value: Decimal | None) -> int | float | None:
    """A published figure as a JSON number: whole numbers stay integers."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
