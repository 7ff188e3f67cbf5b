from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations

from jasyl.core.uploads import shown_and_more
from jasyl.domain.airquality.ingest import Ingested, IngestError, ingest_file
from jasyl.domain.airquality.models import IngestFile


class Command(BaseCommand):
    help = (
        "Ingest a file of air-quality measurements (OpenAQ archive CSV, a spreadsheet's wide "
        "CSV, or an OpenAQ v3 JSON response). One transaction per file; bad lines are reported."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format", choices=IngestFile.Format.values, help="default: told by the content"
        )
        parser.add_argument(
            "--station", help="station code, for files that do not name their station"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, store nothing")
        parser.add_argument(
            "--progress-every", type=int, default=100_000, help="print progress every N rows"
        )

    # The command speaks English throughout, its reasons included.
    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            with path.open("rb") as handle:
                result = ingest_file(
                    handle=handle,
                    file_name=path.name,
                    format=options["format"],
                    station=options["station"],
                    dry_run=options["dry_run"],
                    progress=self._progress,
                    progress_every=max(1, options["progress_every"]),
                )
        except IngestError as error:
            raise CommandError(f"{error} (nothing was stored)") from None
        self._summary(result)

    def _progress(self, rows: int, seconds: float) -> None:
        rate = rows / seconds if seconds > 0 else 0.0
        self.stdout.write(f"{rows} rows read, {rate:,.0f} rows/s")

    def _summary(self, result: Ingested) -> None:
        for earlier in result.seen_before:
            self.stdout.write(
                f"This file (same SHA-256) was ingested before: {earlier.file_name} on "
                f"{earlier.started_at:%Y-%m-%d %H:%M} UTC."
            )
        shown, more = shown_and_more(result.lines, result.rejected + result.duplicates)
        for line in shown:
            column = f" [{line.column}]" if line.column else ""
            self.stdout.write(f"{result.file_name}:{line.line}{column}: {line.message}")
        if more:
            self.stdout.write(more)
        rate = result.rows_read / result.seconds if result.seconds > 0 else 0.0
        self.stdout.write(
            f"{result.file_name} ({result.format}): {result.rows_read} rows read, "
            f"{result.inserted} inserted, {result.duplicates} duplicates, "
            f"{result.rejected} rejected, {result.flagged} flagged as suspicious; "
            f"{result.seconds:.2f} s, {rate:,.0f} rows/s."
            + (" Dry run: nothing was stored." if result.dry_run else "")
        )
