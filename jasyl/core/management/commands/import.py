"""`jasyl import KIND FILE [--dry-run] [--format json]`: the one import command
(docs/interfaces.md).

Every kind goes through the one pipeline (`jasyl.core.imports.pipeline`): every row is checked,
and the rows are all written or, when any is refused, none (exit status 1). The file is kept with
the import's log. The command line is the server's operator: no per-person permission.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from jasyl.core.imports.pipeline import ImportContext, import_file, kinds, refusal_lines
from jasyl.core.uploads import UnreadableFile, check_size


class Command(BaseCommand):
    help = (
        "Import a CSV, Excel, GeoJSON, GeoPackage or Shapefile (.shp or .zip) file of one kind: "
        "all rows or none. Prints the counts of rows created, updated and unchanged, or the "
        "refused rows with their line and column (exit status 1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="what the file holds: " + ", ".join(kinds()))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and count the changes; write nothing.",
        )
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--programme", default="", help="The programme's code (default: the configured one)."
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=None,
            help="The language of the messages (default: English).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"] or "en")
        path: Path = options["file"]
        as_json = options["format"] == "json"
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            check_size(path.stat().st_size, settings.JASYL_IMPORT_MAX_BYTES)
        except UnreadableFile as error:
            raise CommandError(f"{path.name}: {error}") from None

        def progress(done: int, total: int) -> None:
            if not as_json and options["verbosity"] > 0 and done < total:
                self.stderr.write(f"{path.name}: {done} of {total} rows checked")

        try:
            _log, result = import_file(
                options["kind"],
                path,
                context=ImportContext(actor=None, scope=options["programme"]),
                dry_run=options["dry_run"],
                progress=progress,
            )
        except LookupError as error:
            raise CommandError(str(error)) from None
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            if not result.ok:
                raise CommandError(
                    f"{path.name}: nothing was imported: {result.refused_count} refused.",
                    returncode=1,
                )
            return
        if not result.ok:
            lines = "\n".join(refusal_lines(result))
            raise CommandError(f"{path.name}: nothing was imported:\n{lines}", returncode=1)
        done = "checked, nothing written (dry run)" if result.dry_run else "imported"
        self.stdout.write(
            f"{path.name}: {done}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        )
