"""The API's JSON shapes, built from the same plain data the public pages show.

Money and quantities are JSON numbers in the programme's units (whole numbers as integers),
`null` where nothing is stated, as in the exports of `docs/interfaces.md`, whose shapes the plan
and the activities reuse.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from jasyl.core.i18n import as_text
from jasyl.core.numbers import json_number
from jasyl.domain.indicators.projections import Projection, TargetOutlook
from jasyl.domain.indicators.selectors import Assessed, Value
from jasyl.domain.reporting.execution import (
    ActivityExecution,
    Breakdown,
    EarnedValue,
    Money,
    ProgrammeExecution,
)
from jasyl.domain.reporting.models import ProgressReport, ReportingPeriod
from jasyl.domain.reporting.selectors import Published
from jasyl.domain.roadmap.domain import Plan
from jasyl.domain.roadmap.export import plan_as_dict
from jasyl.domain.roadmap.models import Programme


def number(value: Decimal | None) -> int | float | None:
    return json_number(None if value is None else Decimal(value))


def day(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def programme(record: Programme, plan: Plan) -> dict[str, Any]:
    """The programme's heading: what it is, its units, periods and funding sources."""
    heading = plan_as_dict(plan)
    return {
        **heading["plan"],
        "edition": int(getattr(record, "edition", 0) or 0),
        "periods": [{"code": p.code, "start": p.start, "end": p.end} for p in plan.periods],
        "grand_total": heading["grand_total"],
    }


def programme_item(record: Programme) -> dict[str, Any]:
    return {
        "code": record.code,
        "name": as_text(record, "name").as_dict(),
        "currency": record.currency,
        "amount_unit": record.amount_unit,
        "amount_scale": record.amount_scale,
        "edition": int(getattr(record, "edition", 0) or 0),
    }


def activities(plan: Plan, statuses: dict[str, str]) -> list[dict[str, Any]]:
    """Every activity in the export's shape, with the status the public pages show."""
    return [{**row, "status": statuses[row["code"]]} for row in plan_as_dict(plan)["activities"]]


def published(item: Published) -> dict[str, Any]:
    return {
        "period": item.period_slug,
        "period_label": item.period,
        "ends_on": day(item.ends_on),  # type: ignore[arg-type]
        "status": item.status,
        "progress": number(item.progress),  # type: ignore[arg-type]
        "narrative": item.narrative,
    }


def agencies(plan: Plan) -> list[dict[str, Any]]:
    """The executing agencies with the activities they lead (printed first) or co-execute."""
    rows = []
    for agency in plan.agencies:
        lead = [a.code for a in plan.activities if a.agencies[:1] == [agency.code]]
        joined = [a.code for a in plan.activities if agency.code in a.agencies[1:]]
        rows.append(
            {
                "code": agency.code,
                "kind": agency.kind,
                "name": agency.name.as_dict(),
                "verified": agency.verified,
                "lead": lead,
                "co_executor": joined,
            }
        )
    return rows


def period(record: ReportingPeriod) -> dict[str, Any]:
    return {
        "slug": record.slug,
        "label": record.label,
        "kind": record.kind,
        "year": record.year,
        "quarter": record.quarter or None,
        "starts_on": day(record.starts_on),
        "ends_on": day(record.ends_on),
        "due_on": day(record.due_on),
        "state": record.state,
        "sample": record.sample,
    }


def report(record: ProgressReport) -> dict[str, Any]:
    """A report's content; read with its period, activity, spending and quantities."""
    quantities = list(record.quantities.all())
    return {
        "activity": record.activity.code,
        "period": record.period.slug,
        "period_label": record.period.label,
        "ends_on": day(record.period.ends_on),
        "state": record.state,
        "status": record.status,
        "progress": number(record.progress),
        "narrative": record.narrative,
        "spending": {
            s.source.code: {"committed": number(s.committed), "spent": number(s.spent)}
            for s in record.spending.all()
        },
        "outputs": {q.measure.code: number(q.value) for q in quantities if q.kind == "output"},
        "kpis": {q.measure.code: number(q.value) for q in quantities if q.kind == "kpi"},
        "revision": record.revision,
        "updated_at": record.updated_at.isoformat(),
    }


def _projection(found: Projection | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"method": str(found.method), "year": found.year, "value": number(found.value)}


def _target(found: TargetOutlook, published: Any) -> dict[str, Any]:
    return {
        "year": found.year,
        "value": number(found.target),
        "published_value": number(published.published_value) if published else None,
        "basis": published.basis if published else None,
        "amended": published.amended if published else False,
        "status": str(found.status),
        "required_per_year": number(found.required.units_per_year) if found.required else None,
        "linear_projection": _projection(found.linear),
        "compound_projection": _projection(found.compound),
    }


def value(found: Value) -> dict[str, Any]:
    return {
        "on": day(found.on),
        "value": number(found.value),
        "source": found.source,
        "district": found.district,
        "report_period": found.report_period,
    }


def indicator(item: Assessed) -> dict[str, Any]:
    """An indicator with its targets, latest city-wide value, status and projections."""
    record = item.indicator
    outlook = item.outlook
    targets = {t.year: t for t in record.targets.all()}
    city = item.series.city
    return {
        "code": record.code,
        "activity": record.activity.code,
        "section": record.activity.section.code,
        "measure": record.measure.code,
        "name": as_text(record.measure, "name").as_dict(),
        "unit": record.measure.unit.code,
        "kind": record.kind,
        "direction": record.direction,
        "agency": record.agency.code if record.agency else None,
        "baseline": {"value": number(record.baseline_value), "year": record.baseline_year}
        if record.baseline_value is not None
        else None,
        "latest": value(city[-1]) if city else None,
        "status": str(outlook.status),
        "wrong_direction": outlook.wrong_direction,
        "as_of": day(outlook.as_of),
        "targets": [_target(t, targets.get(t.year)) for t in outlook.targets],
    }


def money(found: Money) -> dict[str, Any]:
    return {
        "planned": number(found.planned),
        "committed": number(found.committed),
        "spent": number(found.spent),
        "rate": number(found.rate),
    }


def breakdown(found: Breakdown) -> dict[str, Any]:
    return {
        "by_period": {code: money(m) for code, m in found.by_period.items()},
        "by_source": {code: money(m) for code, m in found.by_source.items()},
        "total": money(found.total),
    }


def earned(found: EarnedValue) -> dict[str, Any]:
    """The figures, with the coverage they rest on; a withheld rollup's ratios are null."""
    return {
        **{
            name: number(getattr(found, name))
            for name in ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "vac")
        },
        "items": found.items,
        "reported_items": found.reported,
        "coverage": number(found.coverage),
        "withheld": found.withheld,
    }


def execution_row(row: ActivityExecution, execution: ProgrammeExecution) -> dict[str, Any]:
    activity = row.activity
    return {
        "code": activity.code,
        "section": activity.section,
        "name": activity.name.as_dict(),
        "lead": activity.agencies[0] if activity.agencies else None,
        "progress": number(row.progress),
        "progress_on": day(row.progress_on),
        **breakdown(row.money),
        "earned_value": earned(execution.earned_value.activities[activity.code]),
    }


def execution(found: ProgrammeExecution) -> dict[str, Any]:
    return {
        "as_of": day(found.as_of),
        "sample": found.sample,
        "min_coverage": number(found.min_coverage),
        "programme": breakdown(found.programme),
        "earned_value": earned(found.earned_value.total),
        "activities": [execution_row(row, found) for row in found.activities],
    }
