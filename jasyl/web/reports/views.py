"""The PDF documents, public like the portal: only published data, sample data only when the
period is a sample one or the page asks for it (`?data=sample`).

A document is rendered once per edition of the published data and language, by a background
job (`tasks.py`); a request serves it at once when it is ready, and otherwise answers 202 with
the "being prepared" page while the job, enqueued once, renders it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from jasyl.core.i18n import current_language
from jasyl.core.jobs import serve_built
from jasyl.domain.reporting.selectors import period_by_slug
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan, get_programme
from jasyl.web.common.caching import cached_page, current_edition
from jasyl.web.common.params import wants_sample
from jasyl.web.reports import tasks
from jasyl.web.reports.pdf import filename


def _stored_as(record: Programme, name: str) -> str:
    """Where the document of this edition of the published data is kept."""
    _, edition = current_edition(record.code)
    return f"reports/{record.code}/{edition}/{name}"


def _pdf(name: str) -> Callable[[bytes], HttpResponse]:
    def respond(content: bytes) -> HttpResponse:
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response

    return respond


@cached_page(params=())
def programme_report(request: HttpRequest, programme: str, period: str) -> HttpResponse:
    """The programme's progress report for a reporting period (`2025-q1`, `sample-2025`)."""
    record = get_programme(programme)
    found = period_by_slug(record, period)
    name = filename(record, found.slug)
    stored_as = _stored_as(record, name)
    return serve_built(
        request,
        stored_as,
        tasks.build_programme_report,
        respond=_pdf(name),
        programme=record.code,
        period=found.slug,
        language=current_language(),
        stored_as=stored_as,
    )


@cached_page(params=("data",))
def activity_sheet(request: HttpRequest, programme: str, code: str) -> HttpResponse:
    """One activity on one page."""
    record = get_programme(programme)
    if all(a.code != code for a in current_plan(record).activities):
        raise Http404("No such activity")
    sample = wants_sample(request)
    name = filename(record, f"activity-{code}" + ("-sample" if sample else ""))
    stored_as = _stored_as(record, name)
    return serve_built(
        request,
        stored_as,
        tasks.build_activity_sheet,
        respond=_pdf(name),
        programme=record.code,
        code=code,
        sample=sample,
        language=current_language(),
        stored_as=stored_as,
    )
