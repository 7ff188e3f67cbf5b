"""Agency pages: each executing agency's portfolio in a programme."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jasyl.domain.reporting.progress import progress_of
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.domain.roadmap.summaries import portfolios
from jasyl.web.common.caching import cached_page
from jasyl.web.common.charts.bars import bar_chart
from jasyl.web.common.params import wants_sample
from jasyl.web.common.tables import agency_funding_by_period, funding_by_agency


@cached_page(params=())
def agency_list(request: HttpRequest, programme: str) -> HttpResponse:
    """The executing agencies with the activities they lead or join and the money they lead."""
    plan = current_plan(get_programme(programme))
    return render(
        request,
        "agencies/list.html",
        {"plan": plan, "portfolios": portfolios(plan), "table": funding_by_agency(plan, {})},
    )


@cached_page(params=("data",))
def agency_detail(request: HttpRequest, programme: str, code: str) -> HttpResponse:
    """One agency's portfolio: as lead and as co-executor, and its funding by period."""
    record = get_programme(programme)
    plan = current_plan(record)
    portfolio = next((p for p in portfolios(plan) if p.agency.code == code), None)
    if portfolio is None:
        raise Http404("No such agency in this programme")
    return render(
        request,
        "agencies/detail.html",
        {
            "plan": plan,
            "portfolio": portfolio,
            "chart": bar_chart(agency_funding_by_period(plan, {"agency": code})),
            **progress_of(record, plan, sample=wants_sample(request)).context("agencies", code),
        },
    )
