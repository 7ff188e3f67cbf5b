from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.roadmap.selectors import get_programme


class Command(BaseCommand):
    help = "Make the indicator registry match the loaded plan's KPI targets (idempotent)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--programme", default=None, help="programme code")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            programme = get_programme(options["programme"])
        except Http404:
            raise CommandError(f"No programme {options['programme']!r}: load it first.") from None
        result = sync_indicators(programme)
        self.stdout.write(
            f"Indicators of {programme.code}: {result.created} created, {result.updated} "
            f"updated, {result.removed} removed"
            + (f"; kept with observations: {', '.join(result.kept)}" if result.kept else "")
            + "."
        )
