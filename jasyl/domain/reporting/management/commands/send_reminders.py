import datetime
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jasyl.domain.reporting.reminders import send_reminders
from jasyl.domain.roadmap.models import Programme


def iso_date(text: str) -> datetime.date:
    """A `--today` value: a date written YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "E-mail the reminders of progress reports that are due or overdue, one digest per "
        "person; run it daily (cron). Each stage goes once per report."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--today",
            type=iso_date,
            default=None,
            help="the date to act on, YYYY-MM-DD (default: today in the site's time zone)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be sent; send and record nothing"
        )
        parser.add_argument("--programme", default=None, help="one programme's code (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["programme"]
        if code and not Programme.objects.filter(code=code).exists():
            raise CommandError(f"There is no programme {code!r}.")
        outcome = send_reminders(
            options["today"] or timezone.localdate(),
            programme_code=code,
            dry_run=options["dry_run"],
        )
        verb = "would send" if outcome.dry_run else "sent"
        for digest in outcome.sent:
            self.stdout.write(f"{verb} {digest.summary()}")
        self.stdout.write(outcome.summary())
