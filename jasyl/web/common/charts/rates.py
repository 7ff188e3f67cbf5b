"""A server-rendered SVG chart of a daily share (0 to 100 %) over a span of days, such as the
compliance rate the low-emission zone's cameras count, with a vertical line at each date to
mark (a phase's start). No JavaScript; the numbers are also in the page's table. Coordinates
are strings with a decimal point, whatever the page's language."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 20, 16, 30
PERCENTS = (0, 25, 50, 75, 100)
MAX_MONTH_TICKS = 12


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Mark:
    x: str
    day: datetime.date
    label: str


@dataclass
class RateChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: str = _coordinate(LEFT)
    right: str = _coordinate(WIDTH - RIGHT)
    top: str = _coordinate(TOP)
    bottom: str = _coordinate(HEIGHT - BOTTOM)
    axis_x: str = _coordinate(LEFT - 6)
    axis_y: str = _coordinate(HEIGHT - BOTTOM + 18)
    segments: list[str] = field(default_factory=list)
    """Polylines of consecutive days: a day without a share breaks the line."""
    x_ticks: list[tuple[str, datetime.date]] = field(default_factory=list)
    y_ticks: list[tuple[str, int]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    first: datetime.date | None = None
    last: datetime.date | None = None


def _month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    day = datetime.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = -(-len(months) // MAX_MONTH_TICKS) if months else 1
    return months[::step]


def rate_chart(
    days: Iterable[tuple[datetime.date, Decimal | None]],
    marks: Iterable[tuple[datetime.date, str]] = (),
) -> RateChart:
    """Lay out a share per day (a fraction from 0 to 1; None: not known that day) and the dates
    to mark that fall within the days shown."""
    series = sorted(days)
    chart = RateChart()
    if not series:
        return chart
    first, last = series[0][0], series[-1][0]
    span = (last - first).days + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: datetime.date) -> float:
        return LEFT + ((day - first).days + 0.5) / span * plot_w

    def y(share: float) -> float:
        return TOP + plot_h - min(max(share, 0.0), 1.0) * plot_h

    segment: list[str] = []
    previous: datetime.date | None = None
    for day, share in series:
        if share is None or (previous is not None and (day - previous).days > 1):
            if segment:
                chart.segments.append(" ".join(segment))
            segment = []
        if share is not None:
            segment.append(f"{_coordinate(x(day))},{_coordinate(y(float(share)))}")
            previous = day
    if segment:
        chart.segments.append(" ".join(segment))
    chart.first, chart.last = first, last
    chart.x_ticks = [(_coordinate(x(day)), day) for day in _month_starts(first, last)]
    chart.y_ticks = [(_coordinate(y(p / 100)), p) for p in PERCENTS]
    chart.marks = [
        Mark(_coordinate(x(day)), day, label)
        for day, label in sorted(marks)
        if first <= day <= last
    ]
    return chart
