from typing import Any

from django.core.management.base import BaseCommand

from jasyl.domain.registries.selectors import registry_models
from jasyl.domain.registries.services import replace_districts


class Command(BaseCommand):
    help = (
        "Place every registry row in its district again by the spatial join (after "
        "`jasyl load-boundaries` loaded new boundaries); rows whose district was chosen by hand "
        "keep it. Each move is recorded in the rows' history."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for model in registry_models():
            moved = replace_districts(model=model)
            self.stdout.write(f"{model._meta.label}: {moved} row(s) moved to another district.")
