from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from jasyl.samples.water import generate


class Command(BaseCommand):
    help = (
        "Create demonstration water objects: fictional canals, aryks, river sections, water "
        "intakes, ponds, a reservoir and flood-protection sites at random places in a box "
        "around central Almaty, each with a work of items 5.2-8; all flagged as sample data, "
        "drawn from a seed. Never counted as official."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--remove", action="store_true", help="delete the sample water objects first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = generate(seed=options["seed"], remove=options["remove"])
        if result.removed:
            self.stdout.write(f"Removed {result.removed} sample rows of the water registry.")
        if result.already_there:
            self.stdout.write("The sample water objects are already there, left as they are.")
        else:
            self.stdout.write(
                f"Created {result.objects} sample water objects and {result.works} sample works."
            )
