from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jasyl.domain.indicators.services import sync_indicators
from jasyl.domain.roadmap.models import Programme
from jasyl.samples.indicators import generate_observations
from jasyl.samples.progress import Result, SampleDataError, generate


class Command(BaseCommand):
    help = (
        "Create demonstration progress data: closed sample annual periods with approved "
        "reports, drawn from the plan, and sample values of every indicator. Sample data never "
        "count in the official figures."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--programme", default="green-almaty", help="programme code")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument("--through", type=int, default=2025, help="the last sample year")
        parser.add_argument(
            "--remove",
            action="store_true",
            help=(
                "delete all sample periods, their reports and the sample indicator values "
                "first (never official data)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["programme"]
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            raise CommandError(f"No programme “{code}”: load it first (jasyl load-roadmap).")
        seed, through, remove = options["seed"], options["through"], options["remove"]
        try:
            result = generate(programme, seed=seed, through=through, remove=remove)
            # The indicators come from the plan's KPIs: make sure they exist before their values.
            sync_indicators(programme)
            values = generate_observations(programme, seed=seed, through=through, remove=remove)
        except SampleDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary(code, result, values))


def summary(code: str, result: Result, values: int = 0) -> str:
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
    lines.append(f"Created {values} sample indicator values for {code}.")
    return "\n".join(lines)
