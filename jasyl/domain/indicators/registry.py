"""The indicators a plan implies: one per measure of each activity's KPI targets.

Pure functions over the plain `Plan`; `services.sync_indicators` writes what they return.

How a KPI's figures become an indicator's targets (see `docs/indicators.md`):

- basis `level` or `reduction`: the indicator is a level; each target is the printed figure.
  A reduction is the reduction reached (higher is better).
- basis `annual`: a yearly figure; each target is the printed figure.
- basis `cumulative` or `period_sum`: a count since the plan began. A cumulative figure is the
  target as printed; a sum since the previous target adds to the previous target's total
  (trees planted: 1 200 000 in 2022-2025, then 1 300 000 in 2026-2030: 2 500 000 by 2030).

Direction: a reduction, a yearly figure and a count are higher-is-better. A level is
lower-is-better when its targets fall over time or fall below its baseline (the city's
emissions: 127 -> 113 -> 78), higher-is-better otherwise. The reason is stored with the
indicator, so the interface can say that the direction is read off the published targets.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from jasyl.domain.roadmap.domain import Activity, Plan, Quantity

LEVEL_BASES = {"level", "reduction"}
COUNT_BASES = {"cumulative", "period_sum"}


@dataclass(frozen=True)
class TargetSpec:
    year: int
    value: Decimal
    published_value: Decimal
    basis: str


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    activity: str
    measure: str
    kind: str
    direction: str
    direction_reason: str
    baseline: Quantity | None
    agency: str | None
    targets: list[TargetSpec]


def _kind(bases: set[str]) -> str:
    if bases & COUNT_BASES:
        return "cumulative"
    if bases == {"annual"}:
        return "annual"
    return "level"


def _targets(quantities: list[tuple[int, Quantity]], kind: str) -> list[TargetSpec]:
    targets: list[TargetSpec] = []
    total = Decimal(0)
    for year, q in sorted(quantities, key=lambda item: item[0]):
        value = q.value
        if kind == "cumulative":
            value = total + q.value if q.basis == "period_sum" else q.value
            total = value
        targets.append(TargetSpec(year, value, q.value, q.basis or "level"))
    return targets


def _direction(
    kind: str, bases: set[str], targets: list[TargetSpec], baseline: Quantity | None
) -> tuple[str, str]:
    if "reduction" in bases:
        return "increase", "the plan states a reduction to reach"
    if kind != "level":
        return "increase", "a count or a yearly figure to reach"
    values = [t.value for t in targets]
    falling = any(later < earlier for earlier, later in itertools.pairwise(values))
    below_baseline = baseline is not None and bool(values) and values[0] < baseline.value
    if falling or below_baseline:
        return "decrease", "read off the published targets: they fall over time"
    return "increase", "read off the published targets: they do not fall"


def indicator_specs(plan: Plan) -> list[IndicatorSpec]:
    """Every indicator the plan's KPI targets imply, in the plan's order."""
    specs: list[IndicatorSpec] = []
    for activity in plan.activities:
        specs.extend(_activity_specs(activity))
    return specs


def _activity_specs(activity: Activity) -> list[IndicatorSpec]:
    by_measure: dict[str, list[tuple[int, Quantity]]] = {}
    for year, statement in sorted(activity.kpi.items()):
        for q in statement.quantities:
            by_measure.setdefault(q.measure, []).append((year, q))
    baselines = {b.measure: b for b in activity.baselines}
    specs = []
    for measure, quantities in by_measure.items():
        bases = {q.basis or "level" for _, q in quantities}
        kind = _kind(bases)
        targets = _targets(quantities, kind)
        baseline = baselines.get(measure)
        direction, reason = _direction(kind, bases, targets, baseline)
        specs.append(
            IndicatorSpec(
                code=f"{activity.code}:{measure}",
                activity=activity.code,
                measure=measure,
                kind=kind,
                direction=direction,
                direction_reason=reason,
                baseline=baseline,
                agency=activity.agencies[0] if activity.agencies else None,
                targets=targets,
            )
        )
    return specs
