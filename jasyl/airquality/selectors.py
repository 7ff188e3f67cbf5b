"""Reads of the air-quality app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from jasyl.airquality.models import IngestFile, IngestLine

RECENT_FILES = 20


def recent_ingest_files() -> QuerySet[IngestFile]:
    """The latest files ingested or refused, with who sent them (one query)."""
    return IngestFile.objects.select_related("by")[:RECENT_FILES]


def ingest_file_with_lines(pk: int) -> tuple[IngestFile, list[IngestLine]]:
    """A logged file and the lines it did not store (two queries), or 404."""
    found = IngestFile.objects.select_related("by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such ingested file")
    return found, list(found.lines.all())
