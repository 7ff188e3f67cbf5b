"""Exhaust-check pages: the public statistics per post and month against the limits in force,
and, for the programme office and the item's executing agencies, the import of checks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from jasyl.airquality.versions import current_limits
from jasyl.core.caching import cached_per_edition
from jasyl.core.templatetags.jasyl import percent
from jasyl.core.uploads import XLSX_CONTENT_TYPE
from jasyl.exhaust import assess, interface
from jasyl.exhaust.exports import checks_template
from jasyl.exhaust.reference import Pollutant, Status
from jasyl.exhaust.selectors import year_statistics
from jasyl.exhaust.services import ExhaustImportError, can_import, import_checks
from jasyl.indicators.charts import bar_chart
from jasyl.people.access import access_for
from jasyl.roadmap.selectors import current_plan, get_programme


def _year(request: HttpRequest) -> int | None:
    typed = request.GET.get("year", "")
    return int(typed) if typed.isdigit() and 2000 <= int(typed) <= 2100 else None


@cached_per_edition
def checks(request: HttpRequest, programme: str) -> HttpResponse:
    """A year's checks per post and month: failures and their share of the assessed checks."""
    record = get_programme(programme)
    limits = current_limits()
    stats = year_statistics(record, _year(request), limits)
    in_force = assess.table_on(limits, timezone.localdate())
    tables = [
        {
            "code": table.code,
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


@login_required
def import_page(request: HttpRequest, programme: str) -> HttpResponse:
    """Upload a CSV or Excel file of checks: checked row by row; all are written, or none."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    if not can_import(access, record):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Choose a CSV or Excel file to upload.")]
        else:
            try:
                result = import_checks(
                    programme=record,
                    content=upload.read(),
                    file_name=upload.name or "",
                    by=request.user,
                    access=access,
                )
                messages.success(
                    request,
                    _("%(created)s checks imported; %(skipped)s rows were already imported.")
                    % {"created": result.created, "skipped": result.skipped},
                )
                return redirect("exhaust:checks", programme=record.code)
            except ExhaustImportError as error:
                errors = str(error).splitlines()
    return render(
        request,
        "exhaust/import.html",
        {"plan": current_plan(record), "errors": errors},
        status=400 if errors else 200,
    )


@login_required
def import_template(request: HttpRequest, programme: str) -> HttpResponse:
    """The workbook to fill in for an import, with the posts to choose from."""
    record = get_programme(programme)
    if not can_import(access_for(request.user, record), record):
        raise PermissionDenied
    response = HttpResponse(checks_template(record), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{record.code}-exhaust-checks.xlsx"'
    return response
