"""Exhaust-check pages: the public statistics per post and month against the limits in force,
and, for the programme office and the item's executing agencies, the import of checks."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import dateformat, timezone

from jasyl.core.i18n import current_language
from jasyl.core.templatetags.jasyl import percent
from jasyl.domain.exhaust import assess, interface
from jasyl.domain.exhaust.exports import checks_template
from jasyl.domain.exhaust.reference import Pollutant, Status
from jasyl.domain.exhaust.selectors import current_limits, year_statistics
from jasyl.domain.exhaust.services import can_import
from jasyl.domain.people.access import access_for
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.common.caching import cached_page
from jasyl.web.common.charts.indicators import bar_chart
from jasyl.web.common.imports import TableImport


def _year(request: HttpRequest) -> int | None:
    typed = request.GET.get("year", "")
    return int(typed) if typed.isdigit() and 2000 <= int(typed) <= 2100 else None


@cached_page(params=("year",))
def checks(request: HttpRequest, programme: str) -> HttpResponse:
    """A year's checks per post and month: failures and their share of the assessed checks."""
    record = get_programme(programme)
    limits = current_limits()
    stats = year_statistics(record, _year(request), limits)
    in_force = assess.table_on(limits, timezone.localdate())
    tables = [
        {
            "name": table.name.get(current_language()),
            "effective_from": table.effective_from,
            "in_force": table is in_force,
            "rows": interface.limit_rows(table.limits),
        }
        for table in limits.tables
    ]
    names = {code: post.name for code, post in stats.posts.items()}
    return render(
        request,
        "exhaust/checks.html",
        {
            "plan": current_plan(record),
            "stats": stats,
            "names": names,
            "tables": tables,
            "unverified": any(
                limit.status is not Status.VERIFIED for t in limits.tables for limit in t.limits
            ),
            "pollutants": [(p, interface.POLLUTANTS[p]) for p in Pollutant],
            "statuses": interface.STATUSES,
            "post_chart": bar_chart(
                [
                    (names.get(s.post, s.post), s.failure_share)
                    for s in stats.by_post
                    if s.failure_share is not None
                ],
                percent,
            ),
            "month_chart": bar_chart(
                [
                    (dateformat.format(s.start, "F"), s.failure_share)
                    for s in stats.months
                    if s.failure_share is not None
                ],
                percent,
            ),
            "can_import": can_import(access_for(request.user, record), record)
            if request.user.is_authenticated
            else False,
        },
    )


CHECKS = TableImport(
    kind="exhaust-checks",
    template="exhaust/import.html",
    done="exhaust:checks",
    workbook=checks_template,
    workbook_name="exhaust-checks",
)
"""Checks from a CSV or Excel file; the workbook to fill in offers the posts to choose from."""


import_page, import_template = CHECKS.views()
