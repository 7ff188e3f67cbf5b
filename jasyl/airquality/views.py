"""The programme office's upload page for measurement files and the log of each file."""

from __future__ import annotations

from typing import IO, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jasyl.airquality.forms import IngestForm
from jasyl.airquality.ingest import IngestError, ingest_file
from jasyl.airquality.selectors import ingest_file_with_lines, recent_ingest_files
from jasyl.people.access import access_for
from jasyl.roadmap.models import Programme
from jasyl.roadmap.selectors import get_programme


def _office(request: HttpRequest, programme: str) -> Programme:
    record = get_programme(programme)
    # Measurements feed the public figures: the programme's administrators and reviewers load
    # them, as they approve what is published.
    if not access_for(request.user, record).is_reviewer:
        raise PermissionDenied
    return record


@login_required
def ingest(request: HttpRequest, programme: str) -> HttpResponse:
    """Upload a measurement file: stored at once (then its log), or checked only (a dry run)."""
    record = _office(request, programme)
    form = IngestForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"programme": record, "form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = ingest_file(
                    handle=cast(IO[bytes], upload.file),
                    file_name=upload.name,
                    format=form.cleaned_data["format"] or None,
                    station=form.cleaned_data["station"] or None,
                    by=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except IngestError as error:
                context["errors"] = [str(error)]
            else:
                if result.record is not None:
                    return redirect(
                        "airquality:ingest_file", programme=record.code, pk=result.record.pk
                    )
                context["result"] = result
                status = 200
    context["files"] = recent_ingest_files()
    return render(request, "airquality/ingest.html", context, status=status)


@login_required
def ingest_file_detail(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    """What became of one file: the counts and the lines not stored, each with its reason."""
    record = _office(request, programme)
    found, lines = ingest_file_with_lines(pk)
    return render(
        request,
        "airquality/ingest_file.html",
        {"programme": record, "file": found, "lines": lines},
    )
