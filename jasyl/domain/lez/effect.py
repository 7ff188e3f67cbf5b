"""The air inside and outside a zone, before and after a phase starts: a difference in
differences on daily means, with its confidence interval and the caveats that go with it.

Method. For each day with a daily mean both inside (the mean over the zone's stations) and
outside (over the other stations), the gap is inside minus outside. The estimate is the mean gap
after the phase starts minus the mean gap before: what changed inside beyond what changed
outside. Its standard error is that of a difference of two independent means,
sqrt(s_after² / n_after + s_before² / n_before), and the 95% interval is the estimate ± 1.96
standard errors (a normal approximation, fair from about 30 days on each side).

It is an association, not proof of an effect: the days are not independent (weather runs in
spells), so the interval is too narrow; the stations outside stand for what would have happened
inside only if both would have moved alike without the zone (parallel trends), which nothing
here checks; other measures taken at the same time (a fuel change, a new bus line, a cold
winter) are mixed into the same number.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

Z_95 = 1.959964
"""The 97.5th percentile of the standard normal distribution."""

CAVEATS = (
    _(
        "An association, not proof that the zone caused it: other measures and the weather "
        "change the air at the same time."
    ),
    _(
        "The stations outside stand for what would have happened inside without the zone only "
        "if both would have moved alike (parallel trends); this is not checked."
    ),
    _(
        "Days are not independent (weather runs in spells), so the interval is narrower than "
        "it should be."
    ),
    _("Only days with a daily mean both inside and outside are counted."),
)


@dataclass(frozen=True)
class Estimate:
    parameter: str
    estimate: float
    low: float
    high: float
    days_before: int
    days_after: int
    gap_before: float
    gap_after: float


class TooFewDays(ValueError):
    """Each side needs at least two days with a gap."""


def _mean_variance(values: list[float]) -> tuple[float, float]:
    mean = sum(values) / len(values)
    return mean, sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def difference_in_differences(
    parameter: str,
    inside: Mapping[datetime.date, float],
    outside: Mapping[datetime.date, float],
    starts_on: datetime.date,
) -> Estimate:
    """The estimate from the daily means inside and outside (see the module's text)."""
    days = sorted(set(inside) & set(outside))
    before = [inside[d] - outside[d] for d in days if d < starts_on]
    after = [inside[d] - outside[d] for d in days if d >= starts_on]
    if len(before) < 2 or len(after) < 2:
        raise TooFewDays(
            _(
                "%(parameter)s: %(before)s day(s) before and %(after)s after the phase with a "
                "mean both inside and outside; at least 2 on each side are needed."
            )
            % {"parameter": parameter, "before": len(before), "after": len(after)}
        )
    mean_before, var_before = _mean_variance(before)
    mean_after, var_after = _mean_variance(after)
    estimate = mean_after - mean_before
    error = math.sqrt(var_after / len(after) + var_before / len(before))
    return Estimate(
        parameter=parameter,
        estimate=estimate,
        low=estimate - Z_95 * error,
        high=estimate + Z_95 * error,
        days_before=len(before),
        days_after=len(after),
        gap_before=mean_before,
        gap_after=mean_after,
    )


def area_means(
    values: Iterable[tuple[int, datetime.date, float]], stations: set[int]
) -> dict[datetime.date, float]:
    """Per day, the mean of the daily means of the given stations."""
    sums: dict[datetime.date, list[float]] = {}
    for station, day, mean in values:
        if station in stations:
            sums.setdefault(day, []).append(mean)
    return {day: sum(found) / len(found) for day, found in sums.items()}
