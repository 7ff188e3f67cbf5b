"""The public dashboard and the CSV download of every table."""

import datetime
import json
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import http_date
from django.utils.translation import gettext as _

from jasyl.core.jobs import read_built, serve_built
from jasyl.domain.planaudit.rules import SEVERITIES, audit
from jasyl.domain.registries.claims import findings
from jasyl.domain.reporting.execution import planned_gap
from jasyl.domain.reporting.progress import Progress, progress_of
from jasyl.domain.reporting.selectors import reported_periods
from jasyl.domain.roadmap.domain import Plan
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.domain.roadmap.summaries import headline_targets
from jasyl.web.common.caching import cached_page
from jasyl.web.common.charts.bars import bar_chart
from jasyl.web.common.params import wants_sample
from jasyl.web.common.tables import (
    PROGRESS_TABLES,
    Table,
    audit_findings,
    build,
    funding_by_agency,
)
from jasyl.web.portal.datapackage import folder_of
from jasyl.web.portal.tasks import build_datapackage

STATUS_TABLE = "activity-statuses"


def activity_statuses(plan: Plan, progress: Progress) -> Table:
    """How many lowest-level items have each status (`Progress.counts`), zeros included."""
    return Table(
        slug=STATUS_TABLE,
        title=_("Activities by status"),
        columns=[_("Status"), _("Activities")],
        rows=[[label, n] for _code, label, n in progress.counts(plan)],
        numeric=frozenset({1}),
        query="data=sample" if progress.sample else "",
    )


@cached_page(params=("data",))
def dashboard(request: HttpRequest, programme: str | None = None) -> HttpResponse:
    """The programme at a glance: money by period, source, section and agency; its targets."""
    record = get_programme(programme)
    plan = current_plan(record)
    sample = wants_sample(request)
    progress = progress_of(record, plan, sample=sample)
    findings = audit(plan)
    charts = [
        bar_chart(table)
        for table in (
            build(slug, plan, {})
            for slug in ("funding-by-period", "funding-by-source", "funding-by-section")
        )
        if table is not None
    ]
    charts.append(bar_chart(funding_by_agency(plan, {}), limit=10))
    return render(
        request,
        "portal/dashboard.html",
        {
            "plan": plan,
            "charts": charts,
            "headlines": headline_targets(plan),
            "measures": {m.code: m for m in plan.measures},
            "units": {u.code: u for u in plan.units},
            "counts": {s: sum(f.severity == s for f in findings) for s in SEVERITIES},
            "statuses": progress.counts(plan),
            "status_chart": bar_chart(activity_statuses(plan, progress)),
            "gap": planned_gap(plan, findings),
            "progress": progress,
            "money": progress.execution.programme if progress.execution else None,
            "earned": progress.execution.earned_value.total if progress.execution else None,
            "agency_count": len({code for a in plan.activities for code in a.agencies}),
            "report_periods": reported_periods(record, sample=sample),
        },
    )


def data_csv(request: HttpRequest, programme: str, slug: str) -> HttpResponse:
    """A table of the portal as CSV, with headers in the page's language."""
    record = get_programme(programme)
    plan = current_plan(record)
    progress = (
        progress_of(record, plan, sample=wants_sample(request))
        if slug in PROGRESS_TABLES or slug == STATUS_TABLE
        else None
    )
    if slug == STATUS_TABLE and progress is not None:
        table: Table | None = activity_statuses(plan, progress)
    elif slug == "audit-findings":
        # As the audit page shows them: the registry rules' findings too.
        table = audit_findings(plan, request.GET, findings(record, plan))
    else:
        table = build(slug, plan, request.GET, *([progress] if progress else []))
    if table is None:
        raise Http404("No such table")
    response = HttpResponse(table.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.code}-{slug}.csv"'
    return response


def _from_package(
    request: HttpRequest,
    programme: str,
    answer: Callable[[str, dict[str, Any]], HttpResponse | None],
) -> HttpResponse:
    """`answer(folder, descriptor)` once the package of the current edition is published (its
    descriptor is published last); otherwise its job, enqueued once, and the 202 page."""
    record = get_programme(programme)
    folder = folder_of(record)

    def respond(descriptor: bytes) -> HttpResponse | None:
        response = answer(folder, json.loads(descriptor))
        if response is not None:
            created = datetime.datetime.fromisoformat(json.loads(descriptor)["created"])
            response["Last-Modified"] = http_date(created.timestamp())
        return response

    return serve_built(
        request,
        f"{folder}/datapackage.json",
        build_datapackage,
        respond=respond,
        programme=record.code,
        folder=folder,
    )


def datapackage_zip(request: HttpRequest, programme: str) -> HttpResponse:
    """The whole open data package as one ZIP."""

    def answer(folder: str, descriptor: dict[str, Any]) -> HttpResponse | None:
        content = read_built(f"{folder}/datapackage.zip")
        if content is None:
            return None
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{programme}-datapackage.zip"'
        return response

    return _from_package(request, programme, answer)


def datapackage_file(request: HttpRequest, programme: str, path: str) -> HttpResponse:
    """`datapackage.json` or one of the files it describes, at the path it gives."""

    def answer(folder: str, descriptor: dict[str, Any]) -> HttpResponse | None:
        if path == "datapackage.json":
            content = read_built(f"{folder}/datapackage.json")
            kind = "application/json"
        else:
            resource = next((r for r in descriptor["resources"] if r["path"] == path), None)
            if resource is None:
                raise Http404("No such file in the data package")
            content = read_built(f"{folder}/files/{path}")
            kind = "text/csv; charset=utf-8" if "schema" in resource else "application/json"
        if content is None:
            return None
        response = HttpResponse(content, content_type=kind)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return _from_package(request, programme, answer)
