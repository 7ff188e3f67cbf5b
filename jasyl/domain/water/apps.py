from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaterConfig(AppConfig):
    name = "jasyl.domain.water"
    label = "water"
    verbose_name = _("Water objects")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jasyl.core.imports.pipeline import register
        from jasyl.domain.registries import outputs
        from jasyl.domain.water.imports import KINDS
        from jasyl.domain.water.outputs import COUNTERS

        for kind in KINDS:
            register(kind)
        # The roadmap's outputs of items 5.2, 5.3, 6, 7 and 8 counted from the works log.
        outputs.register(*COUNTERS)
