from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jasyl.samples.greenfund import SampleGreenFundError, generate


class Command(BaseCommand):
    help = (
        "Create demonstration green fund data: a few thousand fictional trees at random places "
        "in a box around central Almaty, three felling permits (fulfilled, overdue, due) with "
        "their plantings, 'Sample park 1' and '2', 'Sample nursery 1', 'Sample wood-waste site "
        "1'; all flagged as sample data, drawn from a seed. Never counted as official."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument("--trees", type=int, default=3000, help="how many sample trees")
        parser.add_argument(
            "--remove",
            action="store_true",
            help="delete the sample green fund first (never real data)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = generate(
                seed=options["seed"], trees=options["trees"], remove=options["remove"]
            )
        except SampleGreenFundError as exc:
            raise CommandError(str(exc)) from exc
        if result.removed:
            self.stdout.write(f"Removed {result.removed} sample rows of the green fund.")
        if result.already_there:
            self.stdout.write("The sample green fund is already there, left as it is.")
        else:
            self.stdout.write(
                f"Created {result.trees} sample trees and {result.permits} sample permits, "
                "with their plantings, parks, a nursery and a wood-waste site."
            )
