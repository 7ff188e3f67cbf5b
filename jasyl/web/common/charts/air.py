"""A server-rendered SVG chart of one parameter's daily means over a year at one station, with
horizontal lines for its limits (ПДК с.с., the WHO 24-hour guideline). No JavaScript; the
numbers are also in the tables of the page. Coordinates are strings with a decimal point,
whatever the page's language."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 16, 30


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def _nice_step(top: float) -> float:
    """A round step for about five grid lines up to `top`."""
    raw = top / 5
    magnitude = 1.0
    while magnitude * 10 <= raw:
        magnitude *= 10
    while magnitude > raw:
        magnitude /= 10
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


@dataclass(frozen=True)
class LimitLine:
    y: str
    text_y: str
    kind: str
    label: str


@dataclass
class DailyChart:
    width: int = WIDTH
    height: int = HEIGHT
    left: str = _coordinate(LEFT)
    right: str = _coordinate(WIDTH - RIGHT)
    axis_x: str = _coordinate(LEFT - 6)
    axis_y: str = _coordinate(HEIGHT - BOTTOM + 18)
    bottom: str = _coordinate(HEIGHT - BOTTOM)
    segments: list[str] = field(default_factory=list)
    """Polylines of consecutive days: a missing day breaks the line."""
    x_ticks: list[tuple[str, datetime.date]] = field(default_factory=list)
    y_ticks: list[tuple[str, str]] = field(default_factory=list)
    limits: list[LimitLine] = field(default_factory=list)


def daily_chart(
    year: int,
    days: Iterable[tuple[datetime.date, float]],
    limits: Iterable[tuple[str, float, str]],
    label: Callable[[float], str],
) -> DailyChart:
    """Lay out the daily means of `year` and the limits (kind, value, label); `label(value)`
    writes a value for the axis."""
    series = sorted(days)
    lines = list(limits)
    highest = max([v for _, v in series] + [v for _, v, _ in lines] + [0.0])
    step = _nice_step(highest * 1.1 or 1.0)
    top = step * (int(highest * 1.1 / step) + 1)
    length = 366 if calendar.isleap(year) else 365
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    start = datetime.date(year, 1, 1)

    def x(day: datetime.date) -> float:
        return LEFT + ((day - start).days + 0.5) / length * plot_w

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    chart = DailyChart()
    segment: list[str] = []
    previous: datetime.date | None = None
    for day, value in series:
        if previous is not None and (day - previous).days > 1:
            chart.segments.append(" ".join(segment))
            segment = []
        segment.append(f"{_coordinate(x(day))},{_coordinate(y(value))}")
        previous = day
    if segment:
        chart.segments.append(" ".join(segment))
    chart.x_ticks = [
        (
            _coordinate(LEFT + (datetime.date(year, m, 1) - start).days / length * plot_w),
            datetime.date(year, m, 1),
        )
        for m in range(1, 13)
    ]
    chart.y_ticks = [
        (_coordinate(y(step * i)), label(step * i)) for i in range(round(top / step) + 1)
    ]
    chart.limits = [
        LimitLine(_coordinate(y(value)), _coordinate(y(value) - 4), kind, text)
        for kind, value, text in lines
    ]
    return chart
