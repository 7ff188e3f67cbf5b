"""`jasyl backup [--output DIR] [--gzip]`: the database and the media files in one archive."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jasyl.core.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive of the database and the media files, with a manifest of versions, "
        "migrations and checksums (docs/operations.md). Prints the archive's path."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="The folder for the archive (default: JASYL_BACKUP_DIR).",
        )
        parser.add_argument("--gzip", action="store_true", help="Compress the archive (.tar.gz).")

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or Path(settings.JASYL_BACKUP_DIR)
        try:
            backup = create_backup(output=output, compress=options["gzip"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] > 1:
            files = backup.manifest["files"]
            size = sum(f["size"] for f in files)
            self.stderr.write(f"{len(files)} files, {size} bytes before compression.")
        self.stdout.write(str(backup.path))
