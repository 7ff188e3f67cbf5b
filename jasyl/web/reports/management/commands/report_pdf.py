from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation

from jasyl.domain.reporting.selectors import period_by_slug
from jasyl.domain.roadmap.models import Programme
from jasyl.web.reports.pdf import activity_sheet_pdf, programme_report_pdf


class Command(BaseCommand):
    help = (
        "Write a PDF: the programme progress report of a reporting period (--period), or the "
        "one-page sheet of an activity (--activity), in Kazakh, Russian or English."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--programme", default="green-almaty", help="programme code")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--period", help="reporting period: 2025, 2025-q4, sample-2025")
        which.add_argument("--activity", help="activity code, e.g. 1.6, for its one-page sheet")
        parser.add_argument(
            "--sample", action="store_true", help="the activity sheet from the sample data"
        )
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default="kk"
        )
        parser.add_argument("--output", required=True, type=Path, help="the PDF file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["programme"]
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            raise CommandError(f"--programme: no programme “{code}” (load it: jasyl load-roadmap).")
        with translation.override(options["language"]):
            if options["period"]:
                try:
                    period = period_by_slug(programme, options["period"])
                except Http404:
                    known = ", ".join(p.slug for p in programme.reporting_periods.all()) or "none"
                    raise CommandError(
                        f"--period: {code} has no reporting period “{options['period']}” "
                        f"(periods: {known})."
                    ) from None
                content = programme_report_pdf(programme, period)
            else:
                try:
                    content = activity_sheet_pdf(
                        programme, options["activity"], sample=options["sample"]
                    )
                except LookupError:
                    raise CommandError(
                        f"--activity: {code} has no activity “{options['activity']}”."
                    ) from None
        output: Path = options["output"]
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"--output: cannot write {output}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {output} ({len(content)} bytes).")
