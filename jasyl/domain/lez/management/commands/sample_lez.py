from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from jasyl.domain.lez.sample import generate


class Command(BaseCommand):
    help = (
        "Create a demonstration low-emission zone: 'sample-centre', a made-up rectangle in "
        "central Almaty with two made-up phases of rules (no legal act sets them) and 60 days "
        "of made-up camera counts; all flagged as sample data, never official."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--remove", action="store_true", help="delete the sample zones first (never real ones)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = generate(seed=options["seed"], remove=options["remove"])
        if result.removed:
            self.stdout.write(f"Removed {result.removed} sample rows of the low-emission zones.")
        if result.already_there:
            self.stdout.write("The sample low-emission zone is already there, left as it is.")
        else:
            self.stdout.write(
                f"Created the sample low-emission zone with {result.detections} daily counts."
            )
