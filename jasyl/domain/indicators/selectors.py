"""Reads of the registry: each indicator with its targets and its observed values, from
observations entered or imported and from the KPI values of approved agency reports."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from jasyl.domain.indicators import projections
from jasyl.domain.indicators.models import Indicator, IndicatorTarget, Observation
from jasyl.domain.reporting.models import ReportQuantity
from jasyl.domain.roadmap.models import Programme


@dataclass(frozen=True)
class Value:
    """One observed value of an indicator, city-wide or for a district."""

    on: datetime.date
    value: Decimal
    source: str
    district: str | None = None
    # The report it came from, when it came from an approved report.
    report_period: str | None = None
    # The district's name in the active language (its agency's name).
    district_name: str | None = None


@dataclass
class Series:
    indicator: Indicator
    targets: dict[int, Decimal]
    values: list[Value] = field(default_factory=list)

    @property
    def city(self) -> list[Value]:
        """City-wide values by date; a value entered directly wins over a report's on the same
        date (the programme office's figure is the later, checked one)."""
        by_date: dict[datetime.date, Value] = {}
        for v in sorted(self.values, key=lambda v: v.report_period is None):
            if v.district is None:
                by_date[v.on] = v
        return [by_date[d] for d in sorted(by_date)]

    @property
    def districts(self) -> list[Value]:
        return sorted(
            (v for v in self.values if v.district), key=lambda v: (v.on, v.district or "")
        )


def registry(programme: Programme, *, sample: bool = False) -> list[Series]:
    """Every indicator with its targets and values (four queries, however many there are).
    With `sample`, the values are the sample data only; never both."""
    indicators = (
        Indicator.objects.filter(programme=programme)
        .select_related("activity__section", "measure__unit", "agency")
        .prefetch_related(Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")))
        .order_by("position")
    )
    found = {i.code: Series(i, {t.year: t.value for t in i.targets.all()}) for i in indicators}
    by_activity_measure = {
        (s.indicator.activity_id, s.indicator.measure_id): s for s in found.values()
    }
    observations = Observation.objects.filter(
        indicator__programme=programme, sample=sample
    ).select_related("indicator", "district")
    for o in observations:
        found[o.indicator.code].values.append(
            Value(
                o.observed_on,
                o.value,
                o.source,
                o.district.code if o.district else None,
                district_name=o.district.name if o.district else None,
            )
        )
    reported = ReportQuantity.objects.filter(
        kind=ReportQuantity.Kind.KPI,
        report__state="approved",
        report__period__programme=programme,
        report__period__sample=sample,
    ).select_related("report__period")
    values: dict[tuple[int, int], dict[datetime.date, Value]] = defaultdict(dict)
    for q in reported:
        period = q.report.period
        key = (q.report.activity_id, q.measure_id)
        current = values[key].get(period.ends_on)
        # An annual report and a fourth-quarter report end on the same day: the annual wins.
        if current is None or period.kind == "year":
            values[key][period.ends_on] = Value(
                period.ends_on, q.value, "report", report_period=period.label
            )
    for key, by_date in values.items():
        series = by_activity_measure.get(key)
        if series is not None:
            series.values.extend(by_date.values())
    return list(found.values())


@dataclass(frozen=True)
class Assessed:
    """An indicator with its values and its outlook as of a date."""

    series: Series
    outlook: projections.Outlook

    @property
    def indicator(self) -> Indicator:
        return self.series.indicator

    @property
    def values(self) -> list[tuple[Value, str]]:
        """Every value by date, with why it is left out of the chart and the status: "" when
        it counts; "district" (the status is judged on city-wide values); "later" (dated after
        the as-of date, it counts from its date: a report approved before its period ends);
        "replaced" (a value entered directly on the same date wins, `Series.city`)."""
        counted = {id(v) for v in counted_values(self.series, self.outlook.as_of)}

        def why(value: Value) -> str:
            if value.district is not None:
                return "district"
            if value.on > self.outlook.as_of:
                return "later"
            return "" if id(value) in counted else "replaced"

        ordered = sorted(self.series.values, key=lambda v: (v.on, v.district or ""))
        return [(v, why(v)) for v in ordered]


def counted_values(series: Series, as_of: datetime.date) -> list[Value]:
    """The city-wide values that count on `as_of`: one per date (`Series.city`), dated on or
    before it. The chart, the status and the latest value all read these."""
    return [v for v in series.city if v.on <= as_of]


def as_plain(series: Series) -> projections.Indicator:
    """The registry's indicator as the plain input of `projections.outlook`."""
    indicator = series.indicator
    baseline = (
        projections.point(indicator.baseline_year, indicator.baseline_value)
        if indicator.baseline_value is not None and indicator.baseline_year
        else None
    )
    return projections.Indicator(
        direction=projections.Direction(indicator.direction),
        baseline=baseline,
        observations=[projections.Point(v.on, v.value) for v in series.city],
        targets=series.targets,
    )


def assessed(
    programme: Programme, *, sample: bool = False, as_of: datetime.date | None = None
) -> list[Assessed]:
    """Every indicator with its outlook as of `as_of` (today by default)."""
    day = as_of or timezone.localdate()
    return [
        Assessed(s, projections.outlook(as_plain(s), as_of=day))
        for s in registry(programme, sample=sample)
    ]


def of_activity(items: list[Assessed], code: str) -> list[Assessed]:
    """The indicators of an item and of its sub-items."""
    return [
        i
        for i in items
        if i.indicator.activity.code == code or i.indicator.activity.code.startswith(f"{code}.")
    ]


def of_section(items: list[Assessed], section: str) -> list[Assessed]:
    return [i for i in items if i.indicator.activity.section.code == section]


def rolled_up(items: list[Assessed]) -> projections.Status:
    """One status for several indicators (`projections.roll_up`: the worst among those with
    data)."""
    return projections.roll_up([i.outlook.status for i in items])
