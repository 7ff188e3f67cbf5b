"""The ledger pages: the green fund (trees planted against the compensation owed for hazardous
trees felled), the city's emissions (the measures' planned reductions against the fall the
targets require) and waste (recyclables collected and facilities built against the plan)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jasyl.core.caching import cached_per_edition
from jasyl.core.templatetags.jasyl import money
from jasyl.indicators.charts import waterfall_chart
from jasyl.indicators.emissions import EmissionsLedger, emissions_ledger
from jasyl.indicators.ledgers import NoLedger, green_fund
from jasyl.indicators.views import METHOD_LABELS, STATUS_LABELS, _chart, _sample_switch
from jasyl.indicators.waste import waste
from jasyl.reporting.progress import wants_sample
from jasyl.roadmap.selectors import current_plan, get_programme


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


@cached_per_edition
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


@cached_per_edition
def emissions(request: HttpRequest, programme: str) -> HttpResponse:
    return _ledger_page(
        request, programme, emissions_ledger, "indicators/emissions.html", _waterfalls
    )


@cached_per_edition
def waste_ledger(request: HttpRequest, programme: str) -> HttpResponse:
    return _ledger_page(
        request,
        programme,
        waste,
        "indicators/waste.html",
        lambda ledger: {"item": ledger.recyclables, "chart": _chart(ledger.recyclables)},
    )
