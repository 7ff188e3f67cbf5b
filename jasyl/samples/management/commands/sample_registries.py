from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from jasyl.samples.registries import generate


class Command(BaseCommand):
    help = (
        "Create demonstration rows of the registries of built objects: 10 fictional EV charging "
        "locations with their EVSEs and connectors and 7 air-purification blocks, at every stage "
        "of the lifecycle; all flagged as sample data, drawn from a seed. Never counted as "
        "official."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--remove", action="store_true", help="delete the sample rows first (never real data)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = generate(seed=options["seed"], remove=options["remove"])
        if result.removed:
            self.stdout.write(f"Removed {result.removed} sample rows of the registries.")
        if result.already_there:
            self.stdout.write("The sample registries are already there, left as it is.")
        else:
            self.stdout.write(
                f"Created {result.locations} sample charging locations and {result.blocks} "
                "sample air-purification blocks."
            )
