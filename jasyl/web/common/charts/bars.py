"""Server-rendered SVG bar charts: no script, printable, with the data table behind each."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jasyl.web.common.tables import Table

LABEL_WIDTH = 230
BAR_AREA = 380
VALUE_WIDTH = 110
ROW_HEIGHT = 30
BAR_HEIGHT = 20


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    y: int
    width: float


@dataclass(frozen=True)
class BarChart:
    table: Table
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def value_x(self) -> int:
        return self.label_width + BAR_AREA + 8


def bar_chart(table: Table, value_column: int | None = None, limit: int = 12) -> BarChart:
    """Horizontal bars of one numeric column (the last one by default) against the first."""
    column = len(table.columns) - 1 if value_column is None else value_column
    rows = table.rows[:limit]
    values = [row[column] for row in rows]
    numbers = [v for v in values if isinstance(v, Decimal | int)]
    largest = max(numbers, default=0) or 1
    bars = [
        Bar(
            label=str(row[0]) if len(str(row[0])) <= 30 else str(row[0])[:29] + "…",
            value=Decimal(value) if isinstance(value, Decimal | int) else None,
            y=i * ROW_HEIGHT,
            width=float(Decimal(value) / Decimal(largest) * BAR_AREA)
            if isinstance(value, Decimal | int)
            else 0.0,
        )
        for i, (row, value) in enumerate(zip(rows, values, strict=True))
    ]
    return BarChart(
        table=table,
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=max(1, len(bars)) * ROW_HEIGHT,
    )
