from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jasyl.domain.places.boundaries import BoundaryError, Fields, load_boundaries
from jasyl.domain.places.models import AdministrativeUnit


class Command(BaseCommand):
    help = (
        "Load the city's administrative units (districts, or smaller units within one) from a "
        "GeoJSON, GeoPackage or Shapefile the programme office supplies: one unit per feature, "
        "all of them or none; a unit loaded before under the same code is updated."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="a .geojson, .gpkg or .shp file")
        parser.add_argument(
            "--level",
            choices=AdministrativeUnit.Level.values,
            default=AdministrativeUnit.Level.DISTRICT,
            help="what the features are (default: district)",
        )
        parser.add_argument("--within", help="the code of the district the smaller units are in")
        parser.add_argument("--layer", help="the layer to read, when the file has several")
        parser.add_argument("--code-field", default="code", help="the field of the unit's code")
        for language in ("kk", "ru", "en"):
            parser.add_argument(
                f"--name-{language}-field",
                default=f"name_{language}",
                help=f"the field of its name in {language} (default: name_{language})",
            )
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        within = None
        if options["within"]:
            within = AdministrativeUnit.objects.filter(
                code=options["within"], level=AdministrativeUnit.Level.DISTRICT
            ).first()
            if within is None:
                raise CommandError(f"No district {options['within']!r}: load the districts first.")
        fields = Fields(
            code=options["code_field"],
            name_kk=options["name_kk_field"],
            name_ru=options["name_ru_field"],
            name_en=options["name_en_field"],
        )
        try:
            loaded = load_boundaries(
                path,
                level=options["level"],
                layer=options["layer"],
                fields=fields,
                within=within,
                dry_run=options["dry_run"],
            )
        except BoundaryError as error:
            raise CommandError(f"Nothing was loaded:\n{error}") from None
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(
            f"{path.name}: {len(loaded.created)} units {verb} created, {len(loaded.updated)} "
            f"updated, {len(loaded.unchanged)} unchanged."
        )
