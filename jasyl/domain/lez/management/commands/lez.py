"""`jasyl lez check`: the vehicle checker from the command line, for scripts and tests."""

from __future__ import annotations

import datetime
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import override

from jasyl.domain.lez import rules
from jasyl.domain.lez.models import Zone
from jasyl.domain.lez.services import check_vehicle


class Command(BaseCommand):
    help = "Low-emission zones: `check` says whether a vehicle may enter a zone at a time."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        check = commands.add_parser("check", help="may this vehicle enter the zone then?")
        check.add_argument("--zone", required=True, help="the zone's code")
        check.add_argument("--category", required=True, choices=[c.value for c in rules.Category])
        check.add_argument("--fuel", required=True, choices=[f.value for f in rules.Fuel])
        check.add_argument("--euro", type=int, choices=list(rules.EURO_CLASSES))
        check.add_argument("--year", type=int, help="year of manufacture, used without --euro")
        check.add_argument("--weight", type=int, help="maximum permitted mass, kg")
        check.add_argument("--exemption", choices=[e.value for e in rules.Exemption])
        check.add_argument(
            "--at",
            help="local date and time in Almaty, YYYY-MM-DDTHH:MM (default: now)",
        )
        check.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        zone = Zone.objects.filter(code=options["zone"]).first()
        if zone is None:
            known = ", ".join(Zone.objects.values_list("code", flat=True)) or "none"
            raise CommandError(f"There is no zone “{options['zone']}”; the zones are: {known}.")
        if options["at"]:
            try:
                at = datetime.datetime.fromisoformat(options["at"])
            except ValueError:
                raise CommandError(
                    f"--at “{options['at']}” is not a date and time (YYYY-MM-DDTHH:MM)."
                ) from None
            if at.tzinfo is not None:
                at = timezone.localtime(at)
        else:
            at = timezone.localtime()
        try:
            vehicle = rules.Vehicle(
                category=rules.Category(options["category"]),
                fuel=rules.Fuel(options["fuel"]),
                euro=options["euro"],
                year=options["year"],
                weight_kg=options["weight"],
                exemption=rules.Exemption(options["exemption"]) if options["exemption"] else None,
            )
            result = check_vehicle(zone=zone, vehicle=vehicle, at=at.replace(tzinfo=None))
        except rules.RuleError as error:
            raise CommandError(str(error)) from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            with override("en"):
                self.stdout.write(f"{result.decision.value}: {result.message['en']}")
