from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from jasyl.samples.waste import generate


class Command(BaseCommand):
    help = (
        "Create demonstration municipal waste data: fictional container sites with their "
        "containers, eco-stations, mesh containers, bulky-waste sites and treatment plants at "
        "random places in a box around central Almaty, and a year of monthly tonnage; all "
        "flagged as sample data, drawn from a seed. Never counted as official."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument("--sites", type=int, default=12, help="how many container sites")
        parser.add_argument(
            "--remove", action="store_true", help="delete the sample waste data first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = generate(seed=options["seed"], sites=options["sites"], remove=options["remove"])
        if result.removed:
            self.stdout.write(f"Removed {result.removed} sample rows of the waste registries.")
        if result.already_there:
            self.stdout.write("The sample waste registries are already there, left as they are.")
        else:
            self.stdout.write(
                f"Created {result.sites} sample sites and plants and {result.records} sample "
                "tonnage records."
            )
