"""Figures derived from a plan for dashboards: portfolios by agency and headline targets.

Pure functions over `Plan`. Sums by agency add up the lowest-level items (an item with sub-items
is counted through them), so a parent and its children are never counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jasyl.domain.roadmap.domain import Activity, Agency, Measure, Plan, Quantity


def leaves(plan: Plan) -> list[Activity]:
    """The items that have no sub-items: where the money is actually planned."""
    parents = {a.parent for a in plan.activities}
    return [a for a in plan.activities if a.code not in parents]


@dataclass
class Portfolio:
    agency: Agency
    lead: list[Activity] = field(default_factory=list)
    co_executor: list[Activity] = field(default_factory=list)
    funding: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal = Decimal(0)


def portfolios(plan: Plan) -> list[Portfolio]:
    """Each agency's activities as lead (printed first) or co-executor, and the money it leads."""
    found = {a.code: Portfolio(a) for a in plan.agencies}
    for activity in plan.activities:
        for position, code in enumerate(activity.agencies):
            portfolio = found[code]
            (portfolio.lead if position == 0 else portfolio.co_executor).append(activity)
    for activity in leaves(plan):
        if not activity.agencies:
            continue
        portfolio = found[activity.agencies[0]]
        for period, amount in activity.figures.funding.items():
            portfolio.funding[period] = portfolio.funding.get(period, Decimal(0)) + amount
        portfolio.total += activity.figures.total or Decimal(0)
    return [p for p in found.values() if p.lead or p.co_executor]


@dataclass
class Headline:
    """A target of a top-level item: where the measure starts and where the plan wants it."""

    activity: Activity
    measure: Measure
    baseline: Quantity | None
    targets: dict[int, Decimal]


def headline_targets(plan: Plan) -> list[Headline]:
    """The levels the top-level items aim at (emissions, tree stock, recyclables collected)."""
    measures = {m.code: m for m in plan.measures}
    headlines = []
    for activity in plan.activities:
        if activity.parent is not None:
            continue
        targets: dict[str, dict[int, Decimal]] = {}
        for year, statement in sorted(activity.kpi.items()):
            for quantity in statement.quantities:
                if quantity.basis == "level":
                    targets.setdefault(quantity.measure, {})[year] = quantity.value
        for measure, values in targets.items():
            baseline = next((b for b in activity.baselines if b.measure == measure), None)
            headlines.append(Headline(activity, measures[measure], baseline, values))
    return headlines
