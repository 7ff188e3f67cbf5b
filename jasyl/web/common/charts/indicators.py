"""A server-rendered SVG line chart of one indicator: observed values, targets, the path
required to reach the next target and the projection. No JavaScript; the numbers are also in
the table beside the chart."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 100, 20, 20, 40


def _coordinate(value: float) -> str:
    """A coordinate for SVG: always with a decimal point, whatever the page's language."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Mark:
    """A point drawn at (x, y); a target's square starts at (left, top)."""

    x: str
    y: str
    left: str
    top: str
    label: str
    met: bool = False


def _mark(x: float, y: float, label: str, met: bool = False) -> Mark:
    return Mark(_coordinate(x), _coordinate(y), _coordinate(x - 6), _coordinate(y - 6), label, met)


@dataclass
class LineChart:
    width: int = WIDTH
    height: int = HEIGHT
    x_ticks: list[tuple[str, str]] = field(default_factory=list)
    y_ticks: list[tuple[str, str]] = field(default_factory=list)
    observed: str = ""
    observed_marks: list[Mark] = field(default_factory=list)
    targets: list[Mark] = field(default_factory=list)
    required: str = ""
    projection: str = ""
    axis_x: str = _coordinate(LEFT - 6)
    axis_y: str = _coordinate(HEIGHT - BOTTOM + 18)
    left: str = _coordinate(LEFT)


def _years(day: datetime.date) -> float:
    start = datetime.date(day.year, 1, 1)
    return day.year + (day - start).days / 365.25


def _nice_step(top: float) -> float:
    """A round step for about five grid lines up to `top`."""
    raw = top / 5 or 1.0
    magnitude = float(10 ** (len(str(int(raw))) - 1))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return 10.0 * magnitude


def line_chart(
    points: list[tuple[datetime.date, Decimal]],
    targets: dict[int, Decimal],
    met: set[int],
    required: list[tuple[datetime.date, Decimal]],
    projection: list[tuple[datetime.date, Decimal]],
    first_year: int,
    label: object,
) -> LineChart:
    """Lay the series out; `label(value)` formats a value for the axis and the marks."""
    every = [v for _, v in points] + list(targets.values()) + [v for _, v in projection]
    top = float(max(every, default=Decimal(1))) * 1.1 or 1.0
    step = _nice_step(top)
    top = step * (int(top / step) + 1)
    last_year = max([*targets, first_year + 1, *(d.year for d, _ in points)])
    span = (last_year + 1) - first_year
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(when: float) -> float:
        return round(LEFT + (when - first_year) / span * plot_w, 1)

    def y(value: Decimal | float) -> float:
        return round(TOP + plot_h - float(value) / top * plot_h, 1)

    def path(series: list[tuple[datetime.date, Decimal]]) -> str:
        return " ".join(f"{x(_years(d))},{y(v)}" for d, v in series)

    fmt = label if callable(label) else str
    chart = LineChart()
    chart.x_ticks = [
        (_coordinate(x(year + 0.5)), str(year)) for year in range(first_year, last_year + 1)
    ]
    chart.y_ticks = [
        (_coordinate(y(step * i)), fmt(Decimal(str(step * i)).normalize()))
        for i in range(int(top / step) + 1)
    ]
    chart.observed = path(points)
    chart.observed_marks = [_mark(x(_years(d)), y(v), fmt(v)) for d, v in points]
    chart.targets = [
        _mark(x(year + 1 - 1 / 365.25), y(v), fmt(v), year in met)
        for year, v in sorted(targets.items())
    ]
    chart.required = path(required)
    chart.projection = path(projection)
    return chart


@dataclass(frozen=True)
class Column:
    """A bar from (x, top) of `width` x `height`; `kind` is start, step, end or below-zero."""

    x: str
    top: str
    width: str
    height: str
    kind: str
    label: str
    value: str
    # Where the value is written: above the bar.
    text_x: str
    text_y: str
    published: bool = True


@dataclass
class Waterfall:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Column] = field(default_factory=list)
    y_ticks: list[tuple[str, str]] = field(default_factory=list)
    zero: str = ""
    target: str = ""
    target_label: str = ""
    axis_x: str = _coordinate(LEFT - 6)
    axis_y: str = _coordinate(HEIGHT - BOTTOM + 18)
    left: str = _coordinate(LEFT)


def waterfall_chart(
    start: tuple[str, Decimal],
    steps: list[tuple[str, Decimal, bool]],
    end_label: str,
    target: Decimal | None,
    label: object,
) -> Waterfall:
    """A bar for `start`, one floating bar down for each step (label, decrease, published), and
    a bar for what is left, which may fall below zero; `target` as a dashed line."""
    fmt = label if callable(label) else str
    running = start[1]
    levels = [Decimal(0), running]
    for _, decrease, _published in steps:
        running -= decrease
        levels.append(running)
    if target is not None:
        levels.append(target)
    high = float(max(levels)) * 1.1 or 1.0
    low = float(min(levels))
    step = _nice_step(high - min(low, 0))
    top = step * (int(high / step) + 1)
    bottom = -step * (int(-low / step) + 1) if low < 0 else 0.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(steps) + 2
    slot = plot_w / count

    def y(value: Decimal | float) -> float:
        return round(TOP + (top - float(value)) / (top - bottom) * plot_h, 1)

    def bar(
        index: int,
        upper: Decimal,
        lower: Decimal,
        kind: str,
        name: str,
        value: Decimal,
        published: bool = True,
    ) -> Column:
        x = LEFT + index * slot + slot * 0.15
        y_top, y_bottom = y(max(upper, lower)), y(min(upper, lower))
        return Column(
            _coordinate(x),
            _coordinate(y_top),
            _coordinate(slot * 0.7),
            _coordinate(max(y_bottom - y_top, 1.0)),
            kind,
            name,
            fmt(value),
            _coordinate(x + slot * 0.35),
            _coordinate(y_top - 4),
            published,
        )

    chart = Waterfall()
    ticks = round((top - bottom) / step)
    chart.y_ticks = [
        (_coordinate(y(bottom + step * i)), fmt(Decimal(str(bottom + step * i)).normalize()))
        for i in range(ticks + 1)
    ]
    chart.zero = _coordinate(y(0))
    running = start[1]
    chart.bars.append(bar(0, running, Decimal(0), "start", start[0], running))
    for index, (name, decrease, published) in enumerate(steps, start=1):
        chart.bars.append(
            bar(index, running, running - decrease, "step", name, -decrease, published)
        )
        running -= decrease
    kind = "end" if running >= 0 else "below-zero"
    chart.bars.append(bar(count - 1, running, Decimal(0), kind, end_label, running))
    if target is not None:
        chart.target = _coordinate(y(target))
        chart.target_label = fmt(target)
    return chart


BAR_LABEL_WIDTH, BAR_AREA, BAR_VALUE_WIDTH = 240, 300, 100
BAR_ROW, BAR_HEIGHT = 30, 20


@dataclass(frozen=True)
class Bar:
    """One horizontal bar: its row's top `y`, its `width`, and the text beside it."""

    label: str
    value: str
    y: str
    text_y: str
    width: str


@dataclass
class BarChart:
    bars: list[Bar]
    width: int = BAR_LABEL_WIDTH + BAR_AREA + BAR_VALUE_WIDTH
    height: int = BAR_ROW
    label_x: str = _coordinate(BAR_LABEL_WIDTH - 8)
    bar_x: str = _coordinate(BAR_LABEL_WIDTH)
    value_x: str = _coordinate(BAR_LABEL_WIDTH + BAR_AREA + 8)
    bar_height: int = BAR_HEIGHT


def bar_chart(rows: list[tuple[str, Decimal]], label: object) -> BarChart:
    """Horizontal bars from zero, the longest for the largest value; `label(value)` formats the
    number written beside each bar. A value below zero draws no bar, but keeps its number."""
    fmt = label if callable(label) else str
    largest = max((v for _, v in rows), default=Decimal(0))
    bars = [
        Bar(
            label=name,
            value=fmt(value),
            y=_coordinate(i * BAR_ROW + (BAR_ROW - BAR_HEIGHT) / 2),
            text_y=_coordinate(i * BAR_ROW + BAR_ROW / 2),
            width=_coordinate(
                float(max(value, Decimal(0)) / largest * BAR_AREA) if largest > 0 else 0
            ),
        )
        for i, (name, value) in enumerate(rows)
    ]
    return BarChart(bars=bars, height=max(1, len(bars)) * BAR_ROW)
