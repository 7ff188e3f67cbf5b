"""The one page for importing a file of one kind through the import pipeline
(`jasyl.core.imports.pipeline`), and the one download of the workbook to fill in.

Permission is checked before the file is read, then its size (`JASYL_IMPORT_MAX_BYTES`). The
file is kept with the import's log. A file up to `JASYL_IMPORT_INLINE_BYTES` is imported at
once: the rows are all written (then the kind's page, with the counts) or none (the refused rows,
each with its line, column and message); a larger one is imported by the background worker and
the page of its log shows the progress. "Check only" is a dry run: every row checked, the counts
of what the import would do, nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jasyl.core.imports.pipeline import (
    ImportContext,
    ImportKind,
    ImportResult,
    kind_named,
    refusal_lines,
    run_logged,
    start_import,
)
from jasyl.core.imports.tasks import run_import
from jasyl.core.uploads import XLSX_CONTENT_TYPE, UnreadableFile, check_size, megabytes
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import current_plan, get_programme

View = Callable[[HttpRequest, str], HttpResponse]


TABLES = ".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
"""What the file field of an import page offers: CSV and Excel."""
SPATIAL = ".geojson,.json,.gpkg,.zip,.shp"
"""What it offers beyond them for a kind with places (`core.imports.sources`)."""


@dataclass(frozen=True)
class TableImport:
    """What one kind of import needs from its page."""

    kind: str
    """The pipeline's kind (`jasyl import KIND`)."""
    template: str
    """The page, which extends `common/import.html`."""
    done: str
    """The URL name (with the programme's code) to go to once the rows are imported."""
    workbook: Callable[[Programme], bytes] | None = None
    """The workbook to fill in, with the choices of the programme's data; None for a kind read
    from spatial files only (areas are drawn, not typed)."""
    workbook_name: str = ""
    """Its file name after the programme's code: `<programme>-<workbook_name>.xlsx`."""
    accept: str = TABLES
    """The file types the page's file field offers."""

    def views(self) -> tuple[View, View]:
        """The upload page and the workbook's download, for signed-in people."""

        @login_required
        def upload(request: HttpRequest, programme: str) -> HttpResponse:
            return import_page(request, programme, self)

        @login_required
        def workbook(request: HttpRequest, programme: str) -> HttpResponse:
            return template_download(request, programme, self)

        return upload, workbook


def allowed_kind(request: HttpRequest, record: Programme, name: str) -> ImportKind:
    """The import kind for this person in this programme; 403 when they may not use it."""
    kind = kind_named(name)(ImportContext(actor=request.user, scope=record.code))
    if not kind.allowed():
        raise PermissionDenied
    return kind


def counts_text(result: ImportResult) -> str:
    return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def import_page(request: HttpRequest, programme: str, table: TableImport) -> HttpResponse:
    """Upload a file: checked row by row; all rows are written, or none."""
    record = get_programme(programme)
    allowed_kind(request, record, table.kind)
    errors: list[str] = []
    checked: ImportResult | None = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        dry_run = bool(request.POST.get("dry_run"))
        if upload is None:
            errors = [_("Choose a file to upload.")]
        else:
            try:
                check_size(upload.size, settings.JASYL_IMPORT_MAX_BYTES)
            except UnreadableFile as error:
                errors = [str(error)]
            else:
                context = ImportContext(actor=request.user, scope=record.code)
                log = start_import(
                    table.kind, upload.name or "", upload, context=context, dry_run=dry_run
                )
                if log.size > settings.JASYL_IMPORT_INLINE_BYTES:
                    run_import.enqueue(log.pk)
                    return redirect("imports:detail", programme=record.code, pk=log.pk)
                result = run_logged(log)
                if not result.ok:
                    errors = refusal_lines(result)
                elif dry_run:
                    checked = result
                else:
                    messages.success(
                        request, _("Imported: %(counts)s") % {"counts": counts_text(result)}
                    )
                    return redirect(table.done, programme=record.code)
    return render(
        request,
        table.template,
        {
            "plan": current_plan(record),
            "errors": errors,
            "checked": counts_text(checked) if checked else "",
            "table": table,
            "limit": megabytes(settings.JASYL_IMPORT_MAX_BYTES),
        },
        status=400 if errors else 200,
    )


def template_download(request: HttpRequest, programme: str, table: TableImport) -> HttpResponse:
    """The workbook to fill in for an import."""
    record = get_programme(programme)
    allowed_kind(request, record, table.kind)
    if table.workbook is None:
        raise Http404("No workbook for this import")
    response = HttpResponse(table.workbook(record), content_type=XLSX_CONTENT_TYPE)
    name = f"{record.code}-{table.workbook_name}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
