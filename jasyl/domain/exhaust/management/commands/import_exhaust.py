from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from jasyl.domain.exhaust.services import ExhaustImportError, import_checks
from jasyl.domain.roadmap.selectors import get_programme


class Command(BaseCommand):
    help = (
        "Import roadside exhaust checks from a CSV or Excel file (all rows or none; rows "
        "imported before are skipped)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument("--programme", default=None, help="programme code")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            programme = get_programme(options["programme"])
        except Http404:
            raise CommandError(f"No programme {options['programme']!r}: load it first.") from None
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            # The command line is the server's operator: no per-person access check.
            result = import_checks(
                programme=programme, content=content, file_name=path.name, by=None, access=None
            )
        except ExhaustImportError as error:
            raise CommandError(f"{path.name}: nothing was imported:\n{error}") from None
        self.stdout.write(
            f"{path.name}: {result.created} checks imported, {result.skipped} rows skipped "
            "(imported before or repeated)."
        )
