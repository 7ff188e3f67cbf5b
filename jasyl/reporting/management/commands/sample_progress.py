from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jasyl.reporting.sample import Result, SampleDataError, generate
from jasyl.roadmap.models import Programme


class Command(BaseCommand):
    help = (
        "Create demonstration progress data: closed sample annual periods with approved "
        "reports, drawn from the plan. Sample data never count in the official figures."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--programme", default="green-almaty", help="programme code")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument("--through", type=int, default=2025, help="the last sample year")
        parser.add_argument(
            "--remove",
            action="store_true",
            help="delete all sample periods and their reports first (never official data)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["programme"]
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            raise CommandError(f"No programme “{code}”: load it first (jasyl load-roadmap).")
        try:
            result = generate(
                programme,
                seed=options["seed"],
                through=options["through"],
                remove=options["remove"],
            )
        except SampleDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary(code, result))


def summary(code: str, result: Result) -> str:
    """What the run did, in a few lines."""
    lines = []
    if result.removed_periods:
        lines.append(
            f"Removed {result.removed_periods} sample periods and "
            f"{result.removed_reports} sample reports of {code}."
        )
    if result.kept_years:
        kept = ", ".join(map(str, result.kept_years))
        lines.append(f"Sample periods already there, left as they are: {kept}.")
    lines.append(
        f"Created {result.created_periods} sample periods and "
        f"{result.created_reports} approved sample reports for {code}."
    )
    return "\n".join(lines)
