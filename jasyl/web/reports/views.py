"""The PDF documents, public like the portal: only published data, sample data only when the
period is a sample one or the page asks for it (`?data=sample`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from jasyl.domain.reporting.selectors import period_by_slug
from jasyl.domain.roadmap.selectors import get_programme
from jasyl.web.common.caching import cached_per_edition
from jasyl.web.common.params import wants_sample
from jasyl.web.reports.pdf import activity_sheet_pdf, filename, programme_report_pdf


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@cached_per_edition
def programme_report(request: HttpRequest, programme: str, period: str) -> HttpResponse:
    """The programme's progress report for a reporting period (`2025-q1`, `sample-2025`)."""
    record = get_programme(programme)
    found = period_by_slug(record, period)
    return _pdf(programme_report_pdf(record, found), filename(record, found.slug))


@cached_per_edition
def activity_sheet(request: HttpRequest, programme: str, code: str) -> HttpResponse:
    """One activity on one page."""
    record = get_programme(programme)
    sample = wants_sample(request)
    try:
        content = activity_sheet_pdf(record, code, sample=sample)
    except LookupError:
        raise Http404("No such activity") from None
    name = f"activity-{code}" + ("-sample" if sample else "")
    return _pdf(content, filename(record, name))
