"""Demonstration indicator values (`jasyl sample-progress`): a city-wide value of every indicator
on 31 December of each sample year, so that the indicator pages, their charts and their
statuses have something to show before real values are entered.

The values are made up but plausible. Each indicator moves from its baseline (without one: from
zero for counts and yearly figures, from 60 % of the first target for levels, or as far above it
for a level that should fall) along the straight path to its first target, and on to the later
ones. It moves at a pace of its own, drawn once per indicator from `PACES`, so that some are
ahead of the plan, some on it and some behind, with a little noise each year. The draws come
from `random.Random` seeded per seed and indicator, in year order, so that a seed always gives
the same values, whichever years already exist.

One indicator, the container sites of item 10.2 (built with the district akimats), also gets
a value for each district of `DISTRICTS` on the same dates: the city-wide value split by shares
drawn once per seed, so that the districts add up to it.

The values are flagged `Observation.sample`, which the official figures never include; official
observations are never read nor written here.
"""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from jasyl.domain.agencies.models import Agency
from jasyl.domain.indicators.models import Indicator, Observation
from jasyl.domain.roadmap.models import Programme
from jasyl.samples.progress import SampleDataError, programme_years

SOURCE = "sample"
# How fast an indicator moves compared with the straight path to its targets: behind the plan
# (off track), a little behind (at risk, or just short of a target due now), a little ahead
# (on track, or met) and well ahead.
PACES = (0.5, 0.8, 0.95, 1.05, 1.2)
# Each year's move is the path's move times the pace, give or take this share.
NOISE = 0.03
# Without a baseline, a level starts this share of the way to its first target's value.
LEVEL_START = Decimal("0.6")
# Units counted in whole items or persons.
WHOLE_UNITS = {"item", "person"}
PERCENT_UNIT = "percent"
# The indicators given values by district, and the districts: the four district akimats the
# bundled roadmap names ("Аудан әкімдіктері" is all of them together, not a district).
DISTRICT_INDICATORS = ("10.2:container_sites_modernised_or_built",)
DISTRICTS = (
    "Алатау ауданының әкімдігі",
    "Әуезов ауданының әкімдігі",
    "Бостандық ауданының әкімдігі",
    "Жетісу ауданының әкімдігі",
)
WHOLE = Decimal(1)
FRACTION = Decimal("0.01")
HUNDRED = Decimal(100)

Kind = Indicator.Kind
Direction = Indicator.Direction


class IndicatorPath:
    """The straight path of an indicator: from its start, target by target, then level."""

    def __init__(self, start_year: int, start: Decimal, targets: list[tuple[int, Decimal]]):
        later = sorted((year, value) for year, value in targets if year > start_year)
        self.points = [(start_year, start), *later]

    def at(self, year: int) -> Decimal:
        """Where the path stands on 31 December of `year`."""
        for (year_a, value_a), (year_b, value_b) in itertools.pairwise(self.points):
            if year <= year_a:
                return value_a
            if year <= year_b:
                return value_a + (value_b - value_a) * (year - year_a) / (year_b - year_a)
        return self.points[-1][1]


@dataclass(frozen=True)
class IndicatorPlan:
    """What the sample values of one indicator are drawn from."""

    code: str
    start_year: int
    start: Decimal
    targets: list[tuple[int, Decimal]]
    whole: bool  # counted in whole items or persons
    percent: bool

    @classmethod
    def for_indicator(cls, indicator: Indicator, first_year: int) -> IndicatorPlan | None:
        """The indicator's plan; None for an indicator without targets (no path to follow)."""
        targets = sorted((t.year, t.value) for t in indicator.targets.all())
        if not targets:
            return None
        unit = indicator.measure.unit.code
        if indicator.baseline_value is not None and indicator.baseline_year:
            start_year, start = indicator.baseline_year, indicator.baseline_value
        else:
            start_year, start = first_year - 1, _start(indicator, targets[0][1])
        return cls(
            code=indicator.code,
            start_year=start_year,
            start=start,
            targets=targets,
            whole=unit in WHOLE_UNITS,
            percent=unit == PERCENT_UNIT,
        )


def _start(indicator: Indicator, first_target: Decimal) -> Decimal:
    """Where an indicator without a baseline starts: zero for a count or a yearly figure; for a
    level, 60 % of its first target, or as far above it where lower is better."""
    if indicator.kind != Kind.LEVEL:
        return Decimal(0)
    if indicator.direction == Direction.DECREASE:
        return first_target * (2 - LEVEL_START)
    return first_target * LEVEL_START


def yearly_values(plan: IndicatorPlan, seed: int, first: int, through: int) -> dict[int, Decimal]:
    """The indicator's sample value for each year from `first` to `through`. The pace and every
    year's noise are drawn in year order from one generator, so that a year's value does not
    depend on `through` nor on which years are being created."""
    rng = random.Random(f"{seed}:{plan.code}")
    pace = Decimal(str(rng.choice(PACES)))
    path = IndicatorPath(plan.start_year, plan.start, plan.targets)
    value = plan.start
    values: dict[int, Decimal] = {}
    for year in range(min(first, plan.start_year + 1), through + 1):
        if year > plan.start_year:
            noise = Decimal(1 + rng.uniform(-NOISE, NOISE))
            value += (path.at(year) - path.at(year - 1)) * pace * noise
        if year >= first:
            values[year] = _finish(plan, value)
    return values


def _finish(plan: IndicatorPlan, value: Decimal) -> Decimal:
    """The value as it would be reported: never negative, at most 100 %, whole for counts."""
    value = max(value, Decimal(0))
    if plan.percent:
        value = min(value, HUNDRED)
    return value.quantize(WHOLE if plan.whole else FRACTION, rounding=ROUND_HALF_UP)


def district_values(
    value: Decimal, districts: list[str], seed: int, code: str, whole: bool
) -> dict[str, Decimal]:
    """`value` split among the districts by shares drawn once per seed and indicator; the last
    district takes the remainder, so that the parts add up to `value` exactly."""
    rng = random.Random(f"{seed}:{code}:districts")
    weights = [Decimal(str(rng.uniform(1, 3))) for _ in districts]
    parts: dict[str, Decimal] = {}
    left = value
    for district, weight in zip(districts[:-1], weights, strict=False):
        part = (value * weight / sum(weights)).quantize(
            WHOLE if whole else FRACTION, rounding=ROUND_HALF_UP
        )
        part = min(part, left)
        parts[district] = part
        left -= part
    if districts:
        parts[districts[-1]] = left
    return parts


def generate_observations(
    programme: Programme, *, seed: int = 1, through: int = 2025, remove: bool = False
) -> int:
    """Create a sample city-wide value of every indicator of the programme on 31 December of
    each year from the programme's first year through `through` (and district values of
    `DISTRICT_INDICATORS`), and return how many were created. A year that already has an
    indicator's sample value is left as it is, unless `remove` first deletes all the
    programme's sample values (official ones never)."""
    first, last = programme_years(programme)
    if not first <= through <= last:
        raise SampleDataError(f"--through must be a year of the programme ({first}–{last}).")
    indicators = (
        Indicator.objects.filter(programme=programme)
        .select_related("measure__unit")
        .prefetch_related("targets")
    )
    with transaction.atomic():
        if remove:
            remove_sample_observations(programme)
        existing = set(
            Observation.objects.filter(indicator__programme=programme, sample=True).values_list(
                "indicator_id", "observed_on", "district_id"
            )
        )
        districts = list(
            Agency.objects.filter(kind=Agency.Kind.DISTRICT_AKIMAT, code__in=DISTRICTS).order_by(
                "code"
            )
        )
        rows: list[Observation] = []
        for indicator in indicators.order_by("position"):
            plan = IndicatorPlan.for_indicator(indicator, first)
            if plan is None:
                continue
            for year, value in yearly_values(plan, seed, first, through).items():
                observed_on = datetime.date(year, 12, 31)
                parts: dict[Agency | None, Decimal] = {None: value}
                if indicator.code in DISTRICT_INDICATORS and districts:
                    split = district_values(
                        value, [d.code for d in districts], seed, indicator.code, plan.whole
                    )
                    parts.update({d: split[d.code] for d in districts})
                for district, part in parts.items():
                    if (indicator.pk, observed_on, district and district.pk) in existing:
                        continue
                    rows.append(
                        Observation(
                            indicator=indicator,
                            observed_on=observed_on,
                            value=part,
                            source=SOURCE,
                            district=district,
                            sample=True,
                        )
                    )
        Observation.objects.bulk_create(rows)
    return len(rows)


def remove_sample_observations(programme: Programme) -> int:
    """Delete every sample value of the programme's indicators (city-wide and by district);
    official observations are not touched. Returns how many were deleted."""
    deleted, _ = Observation.objects.filter(indicator__programme=programme, sample=True).delete()
    return deleted
