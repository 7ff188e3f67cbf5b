"""The one page for importing a table of rows (CSV or Excel) with a domain service, and the one
download of the workbook to fill in. Permission is checked before the file is read, then its
size (`JASYL_IMPORT_MAX_BYTES`); every row is checked by the service, which writes all of them
or none and names the refused rows (at most `JASYL_IMPORT_MAX_ERRORS`, then how many more)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jasyl.core.uploads import XLSX_CONTENT_TYPE, UnreadableFile, check_size
from jasyl.domain.people.access import Access, access_for
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan, get_programme

View = Callable[[HttpRequest, str], HttpResponse]


@dataclass(frozen=True)
class TableImport:
    """What one kind of import needs from its page."""

    template: str
    """The page, which extends `common/import.html`."""
    done: str
    """The URL name (with the programme's code) to go to once the rows are imported."""
    allowed: Callable[[Access, Programme], bool]
    run: Callable[[HttpRequest, Programme, Access, UploadedFile], str]
    """Import the file with the domain service; the message to show. Raises `refused`."""
    refused: type[Exception]
    """The service's refusal: its message lists the refused rows, one a line."""
    workbook: Callable[[Programme], bytes]
    """The workbook to fill in, with the choices of the programme's data."""
    workbook_name: str
    """Its file name after the programme's code: `<programme>-<workbook_name>.xlsx`."""

    def views(self) -> tuple[View, View]:
        """The upload page and the workbook's download, for signed-in people."""

        @login_required
        def upload(request: HttpRequest, programme: str) -> HttpResponse:
            return import_page(request, programme, self)

        @login_required
        def workbook(request: HttpRequest, programme: str) -> HttpResponse:
            return template_download(request, programme, self)

        return upload, workbook


def import_page(request: HttpRequest, programme: str, kind: TableImport) -> HttpResponse:
    """Upload a CSV or Excel file: checked row by row; all rows are written, or none."""
    record = get_programme(programme)
    access = access_for(request.user, record)
    if not kind.allowed(access, record):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("Choose a CSV or Excel file to upload.")]
        else:
            try:
                check_size(upload.size, settings.JASYL_IMPORT_MAX_BYTES)
                messages.success(request, kind.run(request, record, access, upload))
                return redirect(kind.done, programme=record.code)
            except UnreadableFile as error:
                errors = [str(error)]
            except kind.refused as error:
                errors = str(error).splitlines()
    return render(
        request,
        kind.template,
        {"plan": current_plan(record), "errors": errors},
        status=400 if errors else 200,
    )


def template_download(request: HttpRequest, programme: str, kind: TableImport) -> HttpResponse:
    """The workbook to fill in for an import."""
    record = get_programme(programme)
    if not kind.allowed(access_for(request.user, record), record):
        raise PermissionDenied
    response = HttpResponse(kind.workbook(record), content_type=XLSX_CONTENT_TYPE)
    name = f"{record.code}-{kind.workbook_name}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
