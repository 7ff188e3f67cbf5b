"""The open data package as a background job: built once per edition, published for the
requests to serve (`core.jobs.serve_built`)."""

from django_tasks import task

from jasyl.domain.roadmap.selectors import get_programme
from jasyl.web.portal.datapackage import build_package, publish


@task()
def build_datapackage(*, programme: str, folder: str) -> str:
    """The programme's open data package, published under `folder`."""
    publish(build_package(get_programme(programme)), folder)
    return folder
