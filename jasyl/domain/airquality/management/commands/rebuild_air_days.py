from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations

from jasyl.domain.airquality import daily
from jasyl.domain.airquality.models import HourlyMean, Station


class Command(BaseCommand):
    help = (
        "Compute the air-quality daily store (each station's daily values and indices) again "
        "from the hourly summary of the measurements; with --indices-only, the indices alone, "
        "after the gas temperature (JASYL_AQ_GAS_TEMPERATURE_C) changed. One transaction."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--station",
            action="append",
            default=[],
            metavar="CODE",
            help="only this station (repeatable); default: every station with measurements",
        )
        parser.add_argument(
            "--indices-only",
            action="store_true",
            help="keep the daily values, compute the indices again",
        )

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        codes: list[str] = options["station"]
        if codes:
            found = dict(Station.objects.filter(code__in=codes).values_list("code", "pk"))
            unknown = [code for code in codes if code not in found]
            if unknown:
                raise CommandError(f"--station: no station {', '.join(unknown)}")
            chosen = sorted(found.values())
        else:
            chosen = sorted(set(HourlyMean.objects.values_list("station_id", flat=True).distinct()))
        if options["indices_only"]:
            days = daily.refresh_indices(chosen)
            self.stdout.write(f"{len(chosen)} stations: indices of {days} station-days stored")
        else:
            values = daily.rebuild(chosen)
            self.stdout.write(f"{len(chosen)} stations: {values} daily values stored")
