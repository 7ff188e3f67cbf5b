from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jasyl.domain.roadmap.dataset import DatasetError, load_plan, programme_folder
from jasyl.domain.roadmap.services import AmendmentRefused, AmendmentRequired
from jasyl.domain.roadmap.services import load_plan as load_into_database


class Command(BaseCommand):
    help = "Load a programme's roadmap dataset (the bundled Green Almaty roadmap by default)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--programme", default="green-almaty", help="bundled programme code")
        parser.add_argument("--path", type=Path, help="a dataset folder instead of a bundled one")
        parser.add_argument("--reason", default="", help="why the plan changes (an amendment)")
        parser.add_argument("--act", default="", help="the act that amended the plan")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["path"] or programme_folder(options["programme"])
        try:
            plan = load_plan(folder)
            result = load_into_database(plan=plan, reason=options["reason"], act=options["act"])
        except DatasetError as exc:
            raise CommandError(f"The dataset in {folder} is not valid:\n{exc}") from exc
        except (AmendmentRequired, AmendmentRefused) as exc:
            raise CommandError(str(exc)) from exc
        version = result.version
        if result.changed:
            self.stdout.write(
                f"Loaded {plan.code}: {len(plan.sections)} sections, {len(plan.activities)} "
                f"activities (version {version.number}, {version.kind})."
            )
        else:
            self.stdout.write(
                f"{plan.code} is up to date (version {version.number}); nothing changed."
            )
