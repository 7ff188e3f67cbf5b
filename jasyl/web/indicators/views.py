"""Indicator pages: every KPI with its status and projections, one indicator's chart and
values, and, for those allowed, recording values, importing a CSV and amending a target. And
the ledger pages: the green fund (trees planted against the compensation owed for hazardous
trees felled), the city's emissions (the measures' planned reductions against the fall the
targets require) and waste (recyclables collected and facilities built against the plan)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jasyl.core.templatetags.jasyl import amount, money
from jasyl.core.text import number_text
from jasyl.domain.indicators import projections
from jasyl.domain.indicators.districts import Breakdown, breakdown
from jasyl.domain.indicators.emissions import EmissionsLedger, emissions_ledger
from jasyl.domain.indicators.exports import values_template
from jasyl.domain.indicators.interface import METHOD_LABELS, STATUS_LABELS
from jasyl.domain.indicators.ledgers import LedgerDataError, NoLedger, green_fund, load_rules
from jasyl.domain.indicators.models import Indicator, Observation
from jasyl.domain.indicators.selectors import Assessed, assessed
from jasyl.domain.indicators.services import (
    IndicatorError,
    Reading,
    amend_target,
    can_observe,
    record_observations,
)
from jasyl.domain.indicators.waste import waste
from jasyl.domain.lez import effect as lez_effect
from jasyl.domain.lez import selectors as lez_selectors
from jasyl.domain.people.access import access_for
from jasyl.domain.roadmap.domain import Plan
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.common.caching import cached_page
from jasyl.web.common.charts.indicators import bar_chart, line_chart, waterfall_chart
from jasyl.web.common.imports import TableImport
from jasyl.web.common.params import wants_sample


def _sample_switch(record: Programme, sample: bool) -> dict[str, bool]:
    """What `reporting/_sample_switch.html` needs: sample data shown, or offered."""
    return {
        "sample": sample,
        "has_sample": sample
        or Observation.objects.filter(indicator__programme=record, sample=True).exists(),
    }


@cached_page(params=("data",))
def indicator_list(request: HttpRequest, programme: str) -> HttpResponse:
    """Every indicator: latest value, targets with their status, the projection and its method."""
    record = get_programme(programme)
    sample = wants_sample(request)
    items = assessed(record, sample=sample)
    counted = Counter(item.outlook.status for item in items)
    return render(
        request,
        "indicators/list.html",
        {
            "plan": current_plan(record),
            "items": items,
            "years": sorted({t for item in items for t in item.series.targets}),
            "counts": [(s, STATUS_LABELS[s], counted[s]) for s in STATUS_LABELS],
            "labels": STATUS_LABELS,
            "progress": _sample_switch(record, sample),
        },
    )


def _find(record: Programme, code: str, sample: bool) -> Assessed:
    item = next((i for i in assessed(record, sample=sample) if i.indicator.code == code), None)
    if item is None:
        raise Http404("No such indicator")
    return item


def _chart(item: Assessed) -> Any:
    outlook = item.outlook
    ahead = next((t for t in outlook.targets if t.deadline >= outlook.as_of), None)
    points = [(p.on, p.value) for p in outlook.points]
    first = min([p.on.year for p in outlook.points] or [2021])
    required = projections.required_path(ahead) if ahead and ahead.required else ()
    projection = projections.projection_path(ahead.linear) if ahead and ahead.linear else ()
    return line_chart(
        points,
        item.series.targets,
        {t.year for t in outlook.targets if t.status == projections.Status.MET},
        [(p.on, p.value) for p in required],
        [(p.on, p.value) for p in projection],
        first,
        amount,
    )


def _districts(item: Assessed) -> tuple[Breakdown | None, Any]:
    """The district breakdown and its bar chart; (None, None) without district values."""
    found = breakdown(item.series.districts, item.series.city)
    if found is None:
        return None, None
    return found, bar_chart([(d.name, d.value) for d in found.latest], amount)


@cached_page(params=("data",))
def indicator_detail(request: HttpRequest, programme: str, code: str) -> HttpResponse:
    record = get_programme(programme)
    sample = wants_sample(request)
    item = _find(record, code, sample)
    access = access_for(request.user, record)
    districts, district_chart = _districts(item)
    return render(
        request,
        "indicators/detail.html",
        {
            "plan": current_plan(record),
            "item": item,
            "indicator": item.indicator,
            "chart": _chart(item),
            "districts": districts,
            "district_chart": district_chart,
            "labels": STATUS_LABELS,
            "methods": METHOD_LABELS,
            "amendments": [
                a
                for t in item.indicator.targets.all()
                for a in t.amendments.select_related("changed_by")
            ],
            "can_observe": can_observe(access, item.indicator),
            "can_amend": access.is_administrator,
            "progress": _sample_switch(record, sample),
            "registry": _registry_role(record, item.indicator.code),
        },
    )


def _registry_role(record: Programme, code: str) -> str:
    """Which figure of the green fund's registry the indicator is (stock, planted, felled; see
    the ledger's data file), so that its page links the rows behind it; "" for the others."""
    try:
        roles = load_rules(record.code).indicators
    except LedgerDataError:
        return ""
    return next((role for role, indicator in roles.items() if indicator == code), "")


@login_required
@require_POST
def record_value(request: HttpRequest, programme: str, code: str) -> HttpResponse:
    """One value entered in the form on the indicator's page."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    reading = Reading(
        indicator=code,
        observed_on=request.POST.get("observed_on", ""),
        value=request.POST.get("value", ""),
        source=request.POST.get("source", ""),
        district=request.POST.get("district", ""),
        evidence_url=request.POST.get("evidence_url", ""),
    )
    try:
        record_observations(
            actor=request.user,
            access=access,
            programme=record,
            readings=[reading],
            where=[_("The value")],
        )
        messages.success(request, _("The value was recorded."))
    except IndicatorError as error:
        messages.error(request, str(error))
    return redirect("indicators:detail", programme=record.code, code=code)


VALUES = TableImport(
    kind="indicator-values",
    template="indicators/import.html",
    done="indicators:list",
    workbook=values_template,
    workbook_name="indicator-values",
)
"""Values from a CSV or Excel file; the workbook to fill in offers the indicators to choose."""


import_values, import_template = VALUES.views()


@login_required
@require_POST
def amend(request: HttpRequest, programme: str, code: str, year: int) -> HttpResponse:
    """The administrator changes a target, with the reason and the act."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    target = Indicator.objects.filter(programme=record).filter(code=code).first()
    found = target.targets.filter(year=year).first() if target else None
    if found is None:
        raise Http404("No such target")
    try:
        value = Decimal(number_text(request.POST.get("value", "")))
        amend_target(
            actor=request.user,
            access=access,
            target=found,
            value=value,
            reason=request.POST.get("reason", ""),
            act=request.POST.get("act", ""),
        )
        messages.success(request, _("The target was amended."))
    except (IndicatorError, ArithmeticError) as error:
        messages.error(
            request, str(error) if isinstance(error, IndicatorError) else _("Not a number.")
        )
    return redirect("indicators:detail", programme=record.code, code=code)


# --- the ledgers: green fund, emissions, waste ----------------------------------------------


def _ledger_page(
    request: HttpRequest,
    programme: str,
    build: Callable[..., Any],
    template: str,
    context: Callable[[Any], dict[str, Any]],
) -> HttpResponse:
    """A ledger of the programme (official or sample values) on its page; 404 when the
    programme keeps no such ledger."""
    record = get_programme(programme)
    sample = wants_sample(request)
    try:
        ledger = build(record, sample=sample)
    except NoLedger as error:
        raise Http404("The programme keeps no such ledger") from error
    return render(
        request,
        template,
        {
            "plan": current_plan(record),
            "ledger": ledger,
            "labels": STATUS_LABELS,
            "methods": METHOD_LABELS,
            "progress": _sample_switch(record, sample),
            **context(ledger),
        },
    )


@cached_page(params=("data",))
def green_fund_ledger(request: HttpRequest, programme: str) -> HttpResponse:
    return _ledger_page(
        request,
        programme,
        green_fund,
        "indicators/green_fund.html",
        lambda ledger: {"item": ledger.stock, "chart": _chart(ledger.stock)},
    )


def _waterfalls(ledger: EmissionsLedger) -> dict[str, Any]:
    """A waterfall per target year: the baseline, each measure's reduction, what is left."""
    start = _("Baseline, %(year)s") % {"year": ledger.baseline_year}
    return {
        "waterfalls": [
            (
                row,
                waterfall_chart(
                    (start, ledger.baseline),
                    [(s.measure.activity, s.value, s.published) for s in row.shares if s.value],
                    _("Left in %(year)s") % {"year": row.year},
                    row.target,
                    money,
                ),
            )
            for row in ledger.target_years
        ]
    }


def _zone_effect(ledger: EmissionsLedger, plan: Plan, sample: bool) -> dict[str, Any]:
    """The plan's claim for the low-emission zone's item beside the air measured inside and
    outside the zones (`lez.selectors.measured_effects`): set side by side, never as a cause."""
    if not ledger.zone_item:
        return {"zone_item": None}
    item = next((a for a in plan.activities if a.code == ledger.zone_item), None)
    return {
        "zone_item": item,
        "zone_claims": sorted(item.kpi.items()) if item else [],
        "zone_effects": lez_selectors.measured_effects(sample=sample),
        "zone_caveats": lez_effect.CAVEATS,
    }


@cached_page(params=("data",))
def emissions(request: HttpRequest, programme: str) -> HttpResponse:
    plan = current_plan(get_programme(programme))
    sample = wants_sample(request)
    return _ledger_page(
        request,
        programme,
        emissions_ledger,
        "indicators/emissions.html",
        lambda ledger: {**_waterfalls(ledger), **_zone_effect(ledger, plan, sample)},
    )


@cached_page(params=("data",))
def waste_ledger(request: HttpRequest, programme: str) -> HttpResponse:
    return _ledger_page(
        request,
        programme,
        waste,
        "indicators/waste.html",
        lambda ledger: {"item": ledger.recyclables, "chart": _chart(ledger.recyclables)},
    )
