import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jasyl.domain.planaudit.rules import ERROR, audit
from jasyl.domain.roadmap.dataset import DatasetError, load_plan
from jasyl.domain.roadmap.selectors import get_programme, plan_from_db


class Command(BaseCommand):
    help = "Audit a plan for arithmetic and consistency errors; exits 1 when there are errors."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--programme", default=None, help="programme code (loaded plan)")
        parser.add_argument("--path", type=Path, help="audit a dataset folder instead")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--language", choices=["kk", "ru", "en"], default="en")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["path"]:
            try:
                plan = load_plan(options["path"])
            except DatasetError as exc:
                raise CommandError(f"The dataset is not valid:\n{exc}") from exc
        else:
            plan = plan_from_db(get_programme(options["programme"]))
        findings = audit(plan)
        if options["format"] == "json":
            report = {"findings": [f.as_dict() for f in findings]}
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            for f in findings:
                where = ", ".join(f.activities) or f.section or "-"
                self.stdout.write(
                    f"{f.severity:7} {f.rule:30} {where:12} {f.message.get(options['language'])}"
                )
            counts = {
                s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")
            }
            self.stdout.write(", ".join(f"{n} {s}" for s, n in counts.items()))
        if any(f.severity == ERROR for f in findings):
            raise SystemExit(1)
