from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WasteConfig(AppConfig):
    name = "jasyl.domain.waste"
    label = "waste"
    verbose_name = _("Municipal waste")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jasyl.core.imports.pipeline import register
        from jasyl.domain.registries import outputs
        from jasyl.domain.waste.imports import KINDS
        from jasyl.domain.waste.outputs import COUNTERS

        for kind in KINDS:
            register(kind)
        # The roadmap's outputs of items 10 and 11 counted from the registries.
        outputs.register(*COUNTERS)
