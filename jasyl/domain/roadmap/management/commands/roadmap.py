import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from jasyl.core.i18n import LANGUAGES
from jasyl.domain.roadmap.diff import PlanDiff, diff_plans
from jasyl.domain.roadmap.export import plan_as_csv, plan_as_dict
from jasyl.domain.roadmap.models import Programme
from jasyl.domain.roadmap.selectors import get_programme, plan_from_db
from jasyl.domain.roadmap.services import AmendmentRefused, AmendmentRequired, import_workbook
from jasyl.domain.roadmap.workbook import workbook_bytes
from jasyl.domain.roadmap.workbook_import import WorkbookError, read_workbook


class Command(BaseCommand):
    help = (
        "Work with a loaded roadmap: `jasyl roadmap export --format json|csv|xlsx` and "
        "`jasyl roadmap import FILE.xlsx --reason TEXT [--dry-run]`."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        export = commands.add_parser("export", help="print or write the plan as published")
        export.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        export.add_argument("--programme", default=None, help="programme code")
        export.add_argument(
            "--language", choices=LANGUAGES, default="kk", help="the workbook's language (xlsx)"
        )
        export.add_argument("--output", type=Path, help="the file to write (required for xlsx)")
        load = commands.add_parser("import", help="apply an edited roadmap workbook (.xlsx)")
        load.add_argument("file", type=Path)
        load.add_argument("--programme", default=None, help="refuse a workbook of another one")
        load.add_argument("--dry-run", action="store_true", help="show the changes, apply none")
        load.add_argument("--reason", default="", help="why the plan changes (an amendment)")
        load.add_argument(
            "--language", choices=LANGUAGES, default="kk", help="the language of the messages"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            with translation.override(options["language"]):
                self.import_workbook(options)
            return
        plan = plan_from_db(get_programme(options["programme"]))
        if options["format"] == "xlsx":
            if options["output"] is None:
                raise CommandError("--output FILE is required for --format xlsx.")
            options["output"].write_bytes(workbook_bytes(plan, options["language"]))
            self.stdout.write(f"Wrote {options['output']}.")
        elif options["format"] == "csv":
            self.stdout.write(plan_as_csv(plan), ending="")
        else:
            self.stdout.write(json.dumps(plan_as_dict(plan), ensure_ascii=False, indent=2))

    def import_workbook(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            read = read_workbook(content)
        except WorkbookError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        plan = read.plan
        if options["programme"] and options["programme"] != plan.code:
            raise CommandError(
                _("The workbook holds the programme “%(found)s”, not “%(expected)s”.")
                % {"found": plan.code, "expected": options["programme"]}
            )
        current = Programme.objects.filter(code=plan.code).first()
        diff = diff_plans(plan_from_db(current) if current else None, plan)
        self.stdout.write(describe(diff))
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was changed."))
            return
        if not options["reason"].strip():
            raise CommandError(_("An import changes the plan: give its reason with --reason."))
        try:
            record = import_workbook(
                plan=plan,
                language=read.language,
                content=content,
                file_name=path.name,
                reason=options["reason"],
            )
        except (AmendmentRequired, AmendmentRefused) as exc:
            raise CommandError(str(exc)) from exc
        if record.changed:
            self.stdout.write(
                _("Imported: the plan is now edition %(number)s.")
                % {"number": record.version.number}
            )
        else:
            self.stdout.write(
                _("Nothing changed: the plan stays at edition %(number)s.")
                % {"number": record.version.number}
            )


def describe(diff: PlanDiff) -> str:
    """The diff as lines a person reads in a terminal."""
    if diff.empty:
        return _("The workbook holds the plan as it is loaded.")
    lines = []
    if diff.added:
        lines.append(_("Added activities: %(codes)s") % {"codes": ", ".join(diff.added)})
    if diff.removed:
        lines.append(_("Removed activities: %(codes)s") % {"codes": ", ".join(diff.removed)})
    for code, names in diff.changed.items():
        lines.append(
            _("Changed activity %(code)s: %(fields)s") % {"code": code, "fields": ", ".join(names)}
        )
    for change in diff.figures:
        lines.append(
            _("Figure %(row)s / %(column)s: %(old)s -> %(new)s")
            % {
                "row": change.row,
                "column": change.column,
                "old": "—" if change.old is None else change.old,
                "new": "—" if change.new is None else change.new,
            }
        )
    if diff.other:
        lines.append(_("Other changes: sections, labels or reference lists."))
    return "\n".join(lines)
