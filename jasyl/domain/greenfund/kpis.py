"""The arithmetic of the green fund's KPIs, pure.

Coverage says how much of the official count the registry holds: registry count / official
count (the green fund's indicator for the same thing and date). It is a share, not a check: a
registry still being filled covers less than 1, and one that counts what the official figure
leaves out (or an official figure that is stale) may exceed 1. With no official figure, or an
official figure of 0, the coverage is unknown (None), never 0.
"""

from __future__ import annotations

from decimal import Decimal

PLACES = Decimal("0.0001")


def share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """part / whole to four decimals; None for a whole of 0."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(PLACES)


def coverage(registry: int | Decimal, official: int | Decimal | None) -> Decimal | None:
    """The registry's count over the official count (see the module's text)."""
    if official is None:
        return None
    return share(registry, official)
