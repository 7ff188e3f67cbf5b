from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jasyl.domain.airquality.ingest import IngestError
from jasyl.samples.air import SampleAirError, generate


class Command(BaseCommand):
    help = (
        "Create demonstration air-quality data: a few fictional stations ('Sample station 1..n', "
        "operator 'Sample data', random positions inside a box around Almaty) with a year of "
        "hourly measurements drawn from a seed. Shown only as sample data, never with real "
        "stations."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument("--year", type=int, default=2025, help="the year of the values")
        parser.add_argument("--days", type=int, help="only the first N days of the year")
        parser.add_argument(
            "--remove",
            action="store_true",
            help="delete the sample stations and their measurements first (never real data)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = generate(
                seed=options["seed"],
                year=options["year"],
                days=options["days"],
                remove=options["remove"],
            )
        except (SampleAirError, IngestError) as exc:
            raise CommandError(str(exc)) from exc
        if result.removed_stations:
            self.stdout.write(
                f"Removed {result.removed_stations} sample stations and "
                f"{result.removed_measurements} sample measurements."
            )
        if result.already_there:
            self.stdout.write("Sample stations already there, left as they are.")
        else:
            self.stdout.write(
                f"Created {result.stations} sample stations and "
                f"{result.measurements} sample measurements."
            )
