import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from jasyl.roadmap.export import plan_as_csv, plan_as_dict
from jasyl.roadmap.selectors import get_programme, plan_from_db


class Command(BaseCommand):
    help = "Work with a loaded roadmap: `jasyl roadmap export --format json|csv`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        export = commands.add_parser("export", help="print the plan as published")
        export.add_argument("--format", choices=["json", "csv"], default="json")
        export.add_argument("--programme", default=None, help="programme code")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_from_db(get_programme(options["programme"]))
        if options["format"] == "csv":
            self.stdout.write(plan_as_csv(plan), ending="")
        else:
            self.stdout.write(json.dumps(plan_as_dict(plan), ensure_ascii=False, indent=2))
