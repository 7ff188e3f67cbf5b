"""`jasyl restore ARCHIVE [--force] [--check]`: an archive of `jasyl backup` back in place."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jasyl.core.backups import BackupError, restore_backup, verify_archive


class Command(BaseCommand):
    help = (
        "Check every checksum of an archive made by `jasyl backup`, then restore its database "
        "and its media files into this instance (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The archive (.tar or .tar.gz).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that holds tables and media files that exist.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive (checksums and migrations); change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        quiet = options["verbosity"] == 0

        def say(message: str) -> None:
            if not quiet:
                self.stderr.write(message)

        try:
            if options["check"]:
                manifest = verify_archive(archive=archive)
                self.stdout.write(
                    f"{archive}: {len(manifest['files'])} file(s), every checksum matches "
                    f"(made {manifest['created']} by Jasyl {manifest['versions']['jasyl']})."
                )
                return
            restored = restore_backup(archive=archive, force=options["force"], say=say)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = restored.manifest
        self.stdout.write(
            f"Restored the database and {restored.files} media files from {archive} "
            f"(made {manifest['created']} by Jasyl {manifest['versions']['jasyl']})"
            + ("; applied this version's later migrations." if restored.migrated else ".")
        )
