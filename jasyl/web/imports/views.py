"""The log of imports (`jasyl.core.models.ImportLog`): the programme office sees every import of
its programme, anyone else the imports they made. An import's page shows its progress while the
background worker runs it (the page reloads itself), then its counts or its refused rows; the
file it was given can be downloaded again from it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jasyl.core.imports.pipeline import kinds
from jasyl.core.models import ImportLog
from jasyl.core.uploads import more_line
from jasyl.domain.people.access import access_for
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import get_programme

PAGE_SIZE = 50
RUNNING = (ImportLog.Status.QUEUED, ImportLog.Status.RUNNING)


def _visible(request: HttpRequest, record: Programme) -> QuerySet[ImportLog]:
    logs = ImportLog.objects.filter(scope=record.code).select_related("by")
    if access_for(request.user, record).is_reviewer:
        return logs
    return logs.filter(by_id=request.user.pk)


def _titles() -> dict[str, str]:
    return {name: str(kind.title) for name, kind in kinds().items()}


@login_required
def import_list(request: HttpRequest, programme: str) -> HttpResponse:
    record = get_programme(programme)
    logs = _visible(request, record)
    kind = request.GET.get("kind", "")
    if kind:
        logs = logs.filter(kind=kind)
    page = Paginator(logs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/list.html",
        {"programme": record, "page": page, "titles": _titles(), "kind": kind},
    )


def _log(request: HttpRequest, record: Programme, pk: int) -> ImportLog:
    log = _visible(request, record).filter(pk=pk).first()
    if log is None:
        raise Http404("No such import")
    return log


@login_required
def import_detail(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    record = get_programme(programme)
    log = _log(request, record, pk)
    refused = [item["text"] for item in log.refused]
    more = log.refused_count - len(refused)
    if more > 0:
        refused.append(more_line(more))
    return render(
        request,
        "imports/detail.html",
        {
            "programme": record,
            "log": log,
            "title": _titles().get(log.kind, log.kind),
            "refused": refused,
            "running": log.status in RUNNING,
        },
    )


@login_required
def import_file(request: HttpRequest, programme: str, pk: int) -> FileResponse:
    """The file as it was given: to the office and to the person who gave it."""
    record = get_programme(programme)
    log = _log(request, record, pk)
    if not log.file:
        raise PermissionDenied
    return FileResponse(log.file.open("rb"), as_attachment=True, filename=log.file_name)
