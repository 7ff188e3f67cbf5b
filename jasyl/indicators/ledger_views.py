"""The ledger pages: the green fund (trees planted against the compensation owed for hazardous
trees felled), the city's emissions (the measures' planned reductions against the fall the
targets require) and waste (recyclables collected and facilities built against the plan)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jasyl.core.caching import cached_per_edition
from jasyl.core.templatetags.jasyl import money
from jasyl.indicators.charts import waterfall_chart
from jasyl.indicators.emissions import emissions_ledger
from jasyl.indicators.ledgers import NoLedger, green_fund
from jasyl.indicators.views import METHOD_LABELS, STATUS_LABELS, _chart, _sample_switch
from jasyl.indicators.waste import waste
from jasyl.reporting.progress import wants_sample
from jasyl.roadmap.selectors import current_plan, get_programme


@cached_per_edition
def green_fund_ledger(request: HttpRequest, programme: str) -> HttpResponse:
    record = get_programme(programme)
    sample = wants_sample(request)
    try:
        ledger = green_fund(record, sample=sample)
    except NoLedger as error:
        raise Http404("No green fund ledger for this programme") from error
    return render(
        request,
        "indicators/green_fund.html",
        {
            "plan": current_plan(record),
            "ledger": ledger,
            "chart": _chart(ledger.stock),
            "labels": STATUS_LABELS,
            "methods": METHOD_LABELS,
            "progress": _sample_switch(record, sample),
        },
    )


@cached_per_edition
def emissions(request: HttpRequest, programme: str) -> HttpResponse:
    record = get_programme(programme)
    sample = wants_sample(request)
    try:
        ledger = emissions_ledger(record, sample=sample)
    except NoLedger as error:
        raise Http404("No emissions ledger for this programme") from error
    start = _("Baseline, %(year)s") % {"year": ledger.baseline_year}
    waterfalls = [
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
    return render(
        request,
        "indicators/emissions.html",
        {
            "plan": current_plan(record),
            "ledger": ledger,
            "waterfalls": waterfalls,
            "progress": _sample_switch(record, sample),
        },
    )


@cached_per_edition
def waste_ledger(request: HttpRequest, programme: str) -> HttpResponse:
    record = get_programme(programme)
    sample = wants_sample(request)
    try:
        ledger = waste(record, sample=sample)
    except NoLedger as error:
        raise Http404("No waste ledger for this programme") from error
    return render(
        request,
        "indicators/waste.html",
        {
            "plan": current_plan(record),
            "ledger": ledger,
            "item": ledger.recyclables,
            "chart": _chart(ledger.recyclables),
            "labels": STATUS_LABELS,
            "methods": METHOD_LABELS,
            "progress": _sample_switch(record, sample),
        },
    )
