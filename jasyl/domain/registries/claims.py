"""Planned outputs beside what the agencies reported and what the registries hold (issue 17):
for each planned output an `outputs.OutputCounter` matches (the activity, the unit of the
planned quantity and, where the counter names them, its measures), the planned figure, the
approved reports' figure and the registry's count, per budget period, and the registry rows
those reports cite (`citations.py`); and each approved report's claim beside the registry's
count for its year and the rows the report cites, which the plan audit judges
(`planaudit.registry.check_claims`, `check_citations`).

Reported figures: the outputs achieved of the approved reports of the activity, for the
measures of the matched planned quantities; a year's figure is its year report's, or else the
sum of its quarter reports' (a year report and its quarters are not added together). Registry
counts are official rows only (`count` never counts sample rows).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation

from jasyl.core.i18n import LANGUAGES, Text
from jasyl.domain.planaudit.registry import Claim, check_registry
from jasyl.domain.planaudit.rules import SEVERITIES, Finding, audit
from jasyl.domain.registries.citations import citable_kinds, cited_rows
from jasyl.domain.registries.outputs import OutputCounter, counters_for
from jasyl.domain.reporting.models import ReportQuantity
from jasyl.domain.roadmap.domain import Plan
from jasyl.domain.roadmap.models import Programme


@dataclass(frozen=True)
class OutputRow:
    """One planned output of a budget period counted from a registry."""

    counter: OutputCounter
    period: str
    measures: tuple[str, ...]
    planned: Decimal
    reported: Decimal | None  # None: no approved report states it
    registered: Decimal
    cited: Decimal | None  # the registry's objects the approved reports cite; None: not rows

    @property
    def over_claimed(self) -> bool:
        return self.reported is not None and self.reported > self.registered

    @property
    def under_cited(self) -> bool:
        """The reports claim more than the rows they cite."""
        return self.reported is not None and self.cited is not None and self.reported > self.cited


def _matched_measures(plan: Plan, activity: str, counter: OutputCounter) -> dict[str, Any]:
    """{budget period: (measures, planned)} of the activity's planned quantities in the
    counter's unit."""
    found: dict[str, Any] = {}
    for period, statement in plan.activity(activity).outputs.items():
        quantities = [q for q in statement.quantities if counter.counts(q.measure, q.unit)]
        if quantities:
            found[period] = (
                tuple(dict.fromkeys(q.measure for q in quantities)),
                sum((q.value for q in quantities), Decimal(0)),
            )
    return found


def _reported_by_year(
    programme: Programme, activity: str, measures: set[str], *, sample: bool
) -> dict[int, Decimal]:
    """The approved reports' outputs of these measures by calendar year (one query)."""
    rows = ReportQuantity.objects.filter(
        kind=ReportQuantity.Kind.OUTPUT,
        measure__code__in=measures,
        report__state="approved",
        report__activity__code=activity,
        report__activity__programme=programme,
        report__period__sample=sample,
    ).values_list("report__period__year", "report__period__quarter", "value")
    years: dict[int, Decimal] = {}
    quarters: dict[int, Decimal] = defaultdict(Decimal)
    for year, quarter, value in rows:
        if quarter:
            quarters[year] += value
        else:
            years[year] = years.get(year, Decimal(0)) + value
    return {**quarters, **years}


def output_rows(
    programme: Programme, plan: Plan, activity: str, *, sample: bool = False
) -> list[OutputRow]:
    """Planned / reported / registered for each planned output of the activity that a
    registry counts, by budget period in the plan's order."""
    periods = {p.code: p for p in plan.periods}
    rows = []
    for counter in counters_for(activity):
        matched = _matched_measures(plan, activity, counter)
        if not matched:
            continue
        measures = {m for found, _planned in matched.values() for m in found}
        reported = _reported_by_year(programme, activity, measures, sample=sample)
        for code in [p.code for p in plan.periods if p.code in matched]:
            found, planned = matched[code]
            years = range(periods[code].start, periods[code].end + 1)
            stated = [reported[y] for y in years if y in reported]
            rows.append(
                OutputRow(
                    counter=counter,
                    period=code,
                    measures=found,
                    planned=planned,
                    reported=sum(stated, Decimal(0)) if stated else None,
                    registered=sum((counter.count(programme, y) for y in years), Decimal(0)),
                    cited=_cited(
                        counter, programme=programme, activity=activity, years=years, sample=sample
                    ),
                )
            )
    return rows


def _cited(counter: OutputCounter, **which: Any) -> Decimal | None:
    """What the approved reports cite of the counter's registry (`cited_rows`'s filters), or
    None where it counts what is not a registry's rows (the works on water objects)."""
    if counter.kind not in citable_kinds():
        return None
    return counter.count_rows(cited_rows(counter.kind, **which))


def _text(label: Any) -> Text:
    """A lazily translated label in the three languages."""
    rendered = {}
    for language in LANGUAGES:
        with translation.override(language):
            rendered[language] = str(label)
    return Text(**rendered)


def claims(programme: Programme, plan: Plan) -> list[Claim]:
    """Every approved official report's output that a registry counts, beside the registry's
    count for the report's year and what the report cites of that registry."""
    measures = {m.code: m for m in plan.measures}
    units = {u.code: u for u in plan.units}
    sections = {a.code: a.section for a in plan.activities}
    found: list[Claim] = []
    for activity in plan.activities:
        for counter in counters_for(activity.code):
            matched = _matched_measures(plan, activity.code, counter)
            codes = {m for found_measures, _p in matched.values() for m in found_measures}
            if not codes:
                continue
            quantities = ReportQuantity.objects.filter(
                kind=ReportQuantity.Kind.OUTPUT,
                measure__code__in=codes,
                report__state="approved",
                report__activity__code=activity.code,
                report__activity__programme=programme,
                report__period__sample=False,
            ).select_related("report__period", "measure")
            counted: dict[int, Decimal] = {}
            cited: dict[int, Decimal | None] = {}
            for quantity in quantities.order_by("report__period__starts_on"):
                period = quantity.report.period
                if period.year not in counted:
                    counted[period.year] = counter.count(programme, period.year)
                if quantity.report_id not in cited:
                    cited[quantity.report_id] = _cited(
                        counter,
                        programme=programme,
                        activity=activity.code,
                        reports=[quantity.report_id],
                    )
                found.append(
                    Claim(
                        activity=activity.code,
                        section=sections.get(activity.code),
                        period=period.label,
                        measure=measures[quantity.measure.code].name,
                        unit=units[counter.unit].name,
                        reported=quantity.value,
                        registered=counted[period.year],
                        registry=_text(counter.label),
                        cited=cited[quantity.report_id],
                    )
                )
    return found


def findings(programme: Programme, plan: Plan) -> list[Finding]:
    """Every finding on the programme, errors first: the plan audit's (`planaudit.rules.audit`)
    and the registry rules' on the approved reports (`planaudit.registry.check_registry`). The
    audit page, its CSV and the API's `/audit/` give these."""
    every = [*audit(plan), *check_registry(claims(programme, plan))]
    return sorted(every, key=lambda f: SEVERITIES.index(f.severity))
