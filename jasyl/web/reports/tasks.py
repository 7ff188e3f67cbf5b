"""The PDF documents as background jobs: each renders one document in one language and
publishes it for the requests to serve (`core.jobs.serve_built`)."""

from django.utils import translation
from django_tasks import task

from jasyl.core.jobs import publish_built
from jasyl.domain.reporting.selectors import period_by_slug
from jasyl.domain.roadmap.selectors import get_programme
from jasyl.web.reports.pdf import activity_sheet_pdf, programme_report_pdf


@task()
def build_programme_report(*, programme: str, period: str, language: str, stored_as: str) -> str:
    """The programme's progress report for a period, published as `stored_as`."""
    record = get_programme(programme)
    with translation.override(language):
        publish_built(stored_as, programme_report_pdf(record, period_by_slug(record, period)))
    return stored_as


@task()
def build_activity_sheet(
    *, programme: str, code: str, sample: bool, language: str, stored_as: str
) -> str:
    """One activity's sheet, published as `stored_as`."""
    with translation.override(language):
        publish_built(stored_as, activity_sheet_pdf(get_programme(programme), code, sample=sample))
    return stored_as
