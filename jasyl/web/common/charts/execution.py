"""Plan against spent: for each budget period, the money the plan states and the money the
approved reports say was spent, as paired horizontal bars (server-drawn SVG) over their table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from jasyl.core.i18n import current_language
from jasyl.domain.reporting.execution import Breakdown
from jasyl.domain.roadmap.domain import Plan
from jasyl.web.common.tables import Table

LABEL_WIDTH = 110
BAR_AREA = 400
VALUE_WIDTH = 110
BAR_HEIGHT = 14
ROW_HEIGHT = 2 * BAR_HEIGHT + 14


@dataclass(frozen=True)
class PairedBar:
    label: str
    planned: Decimal | None
    spent: Decimal | None
    y: int
    planned_width: float
    spent_width: float


@dataclass(frozen=True)
class PlanSpentChart:
    table: Table
    bars: list[PairedBar]
    width: int = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * ROW_HEIGHT

    @property
    def value_x(self) -> int:
        return self.label_width + BAR_AREA + 8


def _width(value: Decimal | None, largest: Decimal) -> float:
    return float(value / largest * BAR_AREA) if value is not None and value > 0 else 0.0


def plan_against_spent(plan: Plan, money: Breakdown | None, *, slug: str) -> PlanSpentChart | None:
    """The chart of one item's or section's budget execution by period; None where the page
    has none."""
    if money is None:
        return None
    rows = [(p.code, money.by_period.get(p.code)) for p in plan.periods]
    pairs = [(code, m.planned if m else None, m.spent if m else None) for code, m in rows]
    largest = max((v for _c, *values in pairs for v in values if v is not None), default=0) or 1
    unit = plan.amount_unit_name.get(current_language())
    table = Table(
        slug=slug,
        title=_("Planned and spent by period, %(unit)s") % {"unit": unit},
        columns=[_("Period"), _("Planned"), _("Spent")],
        rows=[[code, planned, spent] for code, planned, spent in pairs],
        numeric=frozenset({1, 2}),
    )
    bars = [
        PairedBar(
            label=code,
            planned=planned,
            spent=spent,
            y=i * ROW_HEIGHT,
            planned_width=_width(planned, Decimal(largest)),
            spent_width=_width(spent, Decimal(largest)),
        )
        for i, (code, planned, spent) in enumerate(pairs)
    ]
    return PlanSpentChart(table=table, bars=bars)
